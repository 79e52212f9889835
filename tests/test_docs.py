"""The README's sheet table comes from the schema; every CLI command is documented."""
from pathlib import Path

from salesreport_xl.cli import main
from salesreport_xl.docs import BEGIN, END, sheet_table_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_readme_sheet_table_matches_schema():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert block == sheet_table_markdown(), "run `python -m salesreport_xl.docs` to refresh the README"


def test_every_command_is_in_the_readme():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"salesreport {name}" in text, f"README does not document `salesreport {name}`"
