"""The `salesreport` command: a thin click layer over the library.

Library errors (SalesReportError) become one line on stderr and an exit code; never a traceback.
Exit codes: 0 built / valid, 1 input errors (or a failed batch item), 2 usage errors.
"""
from __future__ import annotations

import sys

import click

from . import __version__
from .errors import InputError, PdfError, SalesReportError, UsageError
from .i18n.numbers import counted
from .schema import in_lang


class _Group(click.Group):
    def invoke(self, ctx):
        from .write.atomic import written_count

        mark = written_count()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted(mark)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except UsageError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except SalesReportError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


def _interrupted(mark: int) -> None:
    """Ctrl-C: say what was written (every output is renamed into place whole, or not at all), exit 130."""
    from .write.atomic import written_since

    done = [p for p in written_since(mark) if p.exists()]    # not the steps in temporary folders
    if done:
        click.echo("\ninterrupted — written before the stop: " + ", ".join(str(p) for p in done)
                   + "; nothing else was written", err=True)
    else:
        click.echo("\ninterrupted — nothing was written", err=True)
    sys.stderr.flush()
    sys.exit(130)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="salesreport")
def main():
    """Monthly sales-management report from the standard Excel template."""


@main.command()
@click.option("-o", "--output", "output", default=None, type=click.Path(dir_okay=False),
              help="Where to write the template [default: workbook_template.xlsx, or .xlsm with --xlsm].")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of sheet names and headers.")
@click.option("--xlsm", is_flag=True, help="A macro-enabled template with Generate / Validate / Clear buttons.")
def template(output, lang, xlsm):
    """Write a blank standard template."""
    from pathlib import Path

    default = "workbook_template.xlsm" if xlsm else "workbook_template.xlsx"
    if output is None and Path(default).exists():
        # Not named by the user, and perhaps their filled-in template: replaced only when named.
        raise UsageError(f"{default} is already there (it may hold your data); give -o {default} to replace "
                         "it, or another name")
    if xlsm:
        from .vba import write_macro_template

        path = write_macro_template(output or default, lang=lang)
    else:
        from .template import write_template

        path = write_template(output or default, lang=lang)
    click.echo(f"template written: {path}")


def _print_findings(findings, lang, limit=None, err=False):
    from .pipeline import sorted_findings

    rows = sorted_findings(findings)
    shown = rows if limit is None else rows[:limit]
    if not shown:
        return
    width = max(len(f.location) for f in shown)
    for f in shown:
        msg = in_lang(lang, f.message, f.message_zh)
        click.echo(f"{f.severity:<8} {f.location:<{width}}  {msg}", err=err)
    if limit is not None and len(rows) > limit:
        click.echo(f"... and {len(rows) - limit} more", err=err)


def _summary_line(inputs, findings) -> str:
    from .errors import ERROR, INFO, WARNING

    counts = {s: sum(f.severity == s for f in findings) for s in (ERROR, WARNING, INFO)}
    rows = ", ".join(f"{inputs.sheet_names.get(k, k)} {n:,}" for k, n in inputs.rows_read.items())
    return (f"rows read: {rows or 'none'} | {counted(counts[ERROR], 'error')}, "
            f"{counted(counts[WARNING], 'warning')}, {counted(counts[INFO], 'note')}")


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the messages.")
@click.option("--all", "show_all", is_flag=True, help="Show notes (info) too, not only errors and warnings.")
def validate(workbook, as_json, lang, show_all):
    """Check a workbook's input sheets; exit 1 when there are errors."""
    import json

    from .errors import INFO, errors_in
    from .pipeline import load_inputs, sorted_findings

    from .compute.checks import columns_read
    from .i18n.phrasing import column_read_words

    inputs, findings = load_inputs(workbook)
    read = [dict(vars(r), **dict(zip(("text", "how_text"), column_read_words(r, lang))))
            for r in columns_read(inputs)]
    if as_json:
        click.echo(json.dumps({"findings": [f.to_dict() for f in sorted_findings(findings)],
                               "rows_read": inputs.rows_read,
                               "columns_read": read}, ensure_ascii=False, indent=2))
    else:
        shown = findings if show_all else [f for f in findings if f.severity != INFO]
        _print_findings(shown, lang)
        _print_columns_read(read, lang)
        click.echo(_summary_line(inputs, findings))
    sys.exit(1 if errors_in(findings) else 0)


def _print_columns_read(rows, lang: str) -> None:
    """Which header every column was read from, sheet by sheet: `  Amount ← "Total Price" (Sales!I)`."""
    from .i18n import t

    if rows:
        click.echo(t(lang, "u_columns_read"))
    for r in rows:
        click.echo(f"  {r['text']}  [{r['how_text']}]")


@main.command()
@click.option("-o", "--output", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the demo workbook and its report.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed of the demo data.")
@click.option("--pdf/--no-pdf", default=None, help="Print the report to PDF (default: when LibreOffice is installed).")
@click.option("--workbook-only", is_flag=True, help="Write the demo workbook only, no report.")
def demo(out_dir, lang, seed, pdf, workbook_only):
    """Write a realistic filled example workbook and build its report."""
    from pathlib import Path

    from .demo import write_demo
    from .pipeline import build_report, load_inputs
    from .write.pdf import find_soffice

    path = write_demo(out_dir, lang=lang, seed=seed)
    click.echo(f"demo workbook written: {path}")
    if workbook_only:
        inputs, findings = load_inputs(path)
        click.echo(_summary_line(inputs, findings))
        return
    asked = pdf
    if pdf is None:
        pdf = find_soffice() is not None
        if not pdf:
            click.echo("  (LibreOffice not found: no PDF; install it to get one)", err=True)
    stem = Path(path).stem.replace("demo_sales", "demo_report")
    try:
        result, no_pdf = build_report(path, Path(out_dir) / f"{stem}.xlsx", pdf=pdf,
                                      json_path=Path(out_dir) / f"{stem}.json"), None
    except PdfError as exc:
        result, no_pdf = exc.result, exc
    click.echo(f"report {result.month} written: {result.output}")
    click.echo(f"model JSON written: {result.json}")
    if result.pdf:
        click.echo(f"PDF written: {result.pdf}")
    for w in result.pdf_warnings:
        click.echo(f"warning: {w}", err=True)
    if no_pdf is not None:
        if asked:               # --pdf: the PDF was asked for, and is not there
            click.echo(f"error: {no_pdf}", err=True)
            sys.exit(1)
        click.echo(f"warning: {no_pdf} (the report workbook is written; --no-pdf skips the PDF)", err=True)
    from .vba import write_macro_template

    xlsm = write_macro_template(Path(out_dir) / f"workbook_template_{lang}.xlsm", lang=lang)
    click.echo(f"macro-enabled template written: {xlsm}")


def _parse_month(value):
    if value is None:
        return None
    from .validate.month import month_of

    month = month_of(value)
    if month is None:
        raise click.BadParameter(f'"{value}" is not a month; use YYYY-MM', param_hint="--month")
    return month


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(), help="Output workbook (.xlsx, or .xlsm for a workbook "
              "with macros), or a folder (an existing one, or a path ending in a separator, created when "
              "missing). Default: <workbook>-report-<month>.xlsx beside the input.")
@click.option("--month", help="Report month YYYY-MM (default: Settings' report_month, else the latest month "
              "with sales).")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Report language (default: Settings' language).")
@click.option("--report-only", is_flag=True, help="Write only the report sheets, not the inputs.")
@click.option("--pdf", is_flag=True, help="Also print the report sheets to PDF (needs LibreOffice).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="Also write the report model as JSON ('-': to standard output).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def build(workbook, output, month, lang, report_only, pdf, json_path, quiet):
    """Build the monthly report into a new workbook (the input file is never written)."""
    from .errors import INFO, WARNING
    from .pipeline import build_report

    # With the JSON on standard output, the notes go to standard error so the JSON stays parseable.
    json_to_stdout = json_path == "-"
    say = _Say(quiet, err=json_to_stdout)

    def progress(stage):
        if not quiet:
            click.echo(f"  {stage}…", err=True)

    no_pdf = None
    try:
        result = build_report(workbook, output, month=_parse_month(month), lang=lang, report_only=report_only,
                              pdf=pdf, json_path=None if json_to_stdout else json_path, progress=progress)
    except PdfError as exc:     # the workbook is written: said below, then the error
        result, no_pdf = exc.result, exc
    except InputError as exc:
        shown = [f for f in exc.findings if f.severity != INFO and not (quiet and f.severity == WARNING)]
        _print_findings(shown, lang or "en", limit=30, err=json_to_stdout)
        n_errors = sum(f.severity == "error" for f in exc.findings)
        click.echo(f"error: {counted(n_errors, 'input error')}: fix the cells above and build again "
                   "(all findings: salesreport validate)", err=True)
        sys.exit(1)
    warnings = [f for f in result.findings if f.severity == WARNING]
    if warnings and not quiet:
        _print_findings(warnings, result.language, limit=10, err=json_to_stdout)
    say(f"report {result.month} written: {result.output}")
    if result.replaced_sheets:
        say(f"  replaced the earlier report sheets: {', '.join(result.replaced_sheets)}")
    for copy in result.kept_copies:
        say(f"  kept '{copy}', a copy of a report sheet: it is yours now, and no build replaces it")
    for own, report_sheet in result.named_apart:
        say(f"  the workbook has its own sheet '{own}' (kept as it is): the report's is named '{report_sheet}'")
    if result.json:
        say(f"model JSON written: {result.json}")
    if result.pdf:
        say(f"PDF written: {result.pdf}")
    for w in result.pdf_warnings:
        click.echo(f"warning: {w}", err=True)
    if no_pdf is not None:
        click.echo(f"error: {no_pdf}", err=True)
        sys.exit(1)
    total = sum(result.seconds.values())
    say(f"  {total:.1f} s (" + ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items()) + ")")
    if json_to_stdout:
        from .write.report_json import report_to_json

        click.echo(report_to_json(result.model))


class _Say:
    """Notes of a command: nothing with -q (errors only), else to stdout (stderr when stdout holds data)."""

    def __init__(self, quiet: bool, err: bool = False):
        self.quiet, self.err = quiet, err

    def __call__(self, text: str) -> None:
        if not self.quiet:
            click.echo(text, err=self.err)


@main.command()
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--months", "month_range", metavar="FROM..TO",
              help="Build every month from FROM to TO (YYYY-MM..YYYY-MM) for each workbook.")
@click.option("--month", help="Build this month (YYYY-MM) for each workbook. Default: each workbook's own "
              "report month.")
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the reports (<team>-<YYYY-MM>.xlsx).")
@click.option("--pdf", is_flag=True, help="Also print each report to PDF (needs LibreOffice).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Parallel builds (default: the number of CPUs).")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Report language (default: each workbook's Settings).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="Also write a machine-readable summary (each workbook × month: output, status, first "
              "finding with its cell) as JSON ('-': to standard output).")
@click.option("--overwrite", is_flag=True, help="Replace earlier reports already in the output folder (default: keep "
              "them and take the next free name, <team>-<YYYY-MM>-2.xlsx). Input workbooks and files that "
              "are not reports are never replaced.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only (the failed items).")
def batch(workbooks, month_range, month, out_dir, pdf, jobs, lang, json_path, overwrite, quiet):
    """Build the reports of many workbooks (and months) at once; exit 1 if any failed.

    Excel's lock files (~$name.xlsx, there while a workbook is open in Excel) and hidden files are
    skipped with a note, so `reports/*.xlsx` can be given as it is."""
    import json

    from .batch import expand_months, parse_month_range, run_batch, split_inputs, summary_json, summary_rows
    from .write.atomic import write_bytes
    from .i18n import t

    msg_lang = lang or "en"
    json_to_stdout = json_path == "-"
    say = _Say(quiet, err=json_to_stdout)
    if month_range and month:
        raise UsageError("give --months FROM..TO or --month M, not both")
    months = parse_month_range(month_range) if month_range else ([month] if month else None)
    books, skipped = split_inputs(workbooks)
    if json_path and not json_to_stdout:
        from .write.output_rule import check_run_outputs

        check_run_outputs([("batch summary (--json)", "file for --json", json_path)], books)
    for path, reason in skipped:
        click.echo(t(msg_lang, f"cli.skipped_{reason}", name=path.name), err=True)
    if not books:
        raise UsageError(t(msg_lang, "cli.nothing_left"))
    total = len(books) * len(expand_months(months))
    with click.progressbar(length=total, label="building", file=sys.stderr, show_pos=True,
                           hidden=quiet) as bar:
        result = run_batch(books, months=months, out_dir=out_dir, pdf=pdf, jobs=jobs, lang=lang,
                           progress=lambda item: bar.update(1), overwrite=overwrite,
                           reserved=[json_path] if json_path and not json_to_stdout else [])
    rows = [("file", "month", "status", "first finding / output", "s")] + summary_rows(result)
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r, item in zip(rows, [None, *result.items]):
        line = "  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4].rjust(5)
        if item is not None and not item.ok and quiet:
            click.echo(f"error: {item.workbook.name} {item.month or '-'}: {item.finding}", err=True)
        else:
            say(line)
    for item in result.built:
        if item.kept is not None:
            say(f"  {item.kept.name} was already there: kept; this report is {item.output.name}"
                + ("" if overwrite else " (--overwrite replaces it)"))
    n_failed = len(result.failed)
    say(f"{len(result.built)} built, {n_failed} failed in {result.seconds:.1f} s ({counted(result.jobs, 'job')})")
    if json_path:
        text = json.dumps(summary_json(result, skipped), ensure_ascii=False, indent=2)
        if json_to_stdout:
            click.echo(text)
        else:
            say(t(msg_lang, "cli.json_summary_written", path=write_bytes(json_path, (text + "\n").encode("utf-8"))))
    sys.exit(1 if n_failed else 0)
