"""The `salesreport` command: a thin click layer over the library.

Library errors (SalesReportError) become one line on stderr and an exit code; never a traceback.
Exit codes: 0 built / valid, 1 input errors (or a failed batch item), 2 usage errors.
"""
from __future__ import annotations

import sys

import click

from . import __version__
from .errors import InputError, SalesReportError, UsageError


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except UsageError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except SalesReportError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="salesreport")
def main():
    """Monthly sales-management report from the standard Excel template."""


@main.command()
@click.option("-o", "--output", "output", default="workbook_template.xlsx", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the template.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of sheet names and headers.")
def template(output, lang):
    """Write a blank standard template."""
    from .template import write_template

    path = write_template(output, lang=lang)
    click.echo(f"template written: {path}")
