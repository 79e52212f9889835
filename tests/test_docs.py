"""The README's sheet table comes from the schema and its command reference from `--help`; every CLI
command is documented."""
from pathlib import Path

from salesreport_xl.cli import main
from salesreport_xl.docs import (BEGIN, COMMANDS_BEGIN, COMMANDS_END, END, command_reference_markdown,
                                 sheet_table_markdown)

ROOT = Path(__file__).resolve().parents[1]


def test_readme_sheet_table_matches_schema():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert block == sheet_table_markdown(), "run `python -m salesreport_xl.docs` to refresh the README"


def test_every_command_is_in_the_readme():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"salesreport {name}" in text, f"README does not document `salesreport {name}`"


def test_readme_command_reference_matches_the_help():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(COMMANDS_BEGIN, 1)[1].split(COMMANDS_END, 1)[0].strip()
    assert block == command_reference_markdown(), "run `python -m salesreport_xl.docs` to refresh the README"
    # the options the hand-written table once left out are there
    for option in ("`--pdf / --no-pdf`", "`--workbook-only`", "`--month TEXT`", "`--lang [en\\|zh]`"):
        assert option in block, option


def test_the_install_line_says_what_works_today():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install salesreport-xl" not in text and "not on PyPI" in text
