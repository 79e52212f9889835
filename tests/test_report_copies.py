"""A user's copy of a report sheet is the user's: Excel's Move or Copy → Create a copy gives the copy
the sheet's hidden report marker, and the next build must keep that sheet (and drop its marker, so it
stays the user's), replacing only the report's own sheets.

The workbooks are made here: a full build of test_bad_inputs' base workbook, then the copy made as
Excel makes it — the sheet with its cells, and the sheet-scoped marker name with the value it had
(a text constant naming the original sheet; in reports from before, a reference to it).
"""
from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.defined_name import DefinedName

from salesreport_xl.cli import main
from salesreport_xl.write.report_sheets import MARKER_NAME, marker_formula, marks_own_sheet
from test_bad_inputs import base_sheets, sha, write_book


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def markers(path) -> dict[str, str]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: ws.defined_names[MARKER_NAME].attr_text for ws in wb.worksheets
            if MARKER_NAME in ws.defined_names}


@pytest.mark.parametrize("copied_marker", ['"Summary"', "'Summary'!$A$1"], ids=["text", "older-reference"])
def test_a_copy_of_a_report_sheet_is_kept_and_unmarked(tmp_path, copied_marker):
    book = write_book(tmp_path / "in.xlsx", base_sheets())
    first = tmp_path / "first.xlsx"
    assert invoke("build", book, "-o", first, "-q").exit_code == 0
    assert markers(first)["Summary"] == '"Summary"'
    wb = openpyxl.load_workbook(first)
    copy = wb.copy_worksheet(wb["Summary"])
    copy.title = "Summary (2)"
    copy["A1"] = "my March notes"
    copy.defined_names[MARKER_NAME] = DefinedName(MARKER_NAME, attr_text=copied_marker, hidden=True)
    if copied_marker.startswith("'"):   # an older report: every marker a reference to its own sheet
        for ws in wb.worksheets:
            if MARKER_NAME in ws.defined_names and ws is not copy:
                ws.defined_names[MARKER_NAME].attr_text = f"'{ws.title}'!$A$1"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    before = sha(edited)

    second = tmp_path / "second.xlsx"
    r = invoke("build", edited, "-o", second)
    assert r.exit_code == 0, r.output
    assert "kept 'Summary (2)', a copy of a report sheet: it is yours now" in r.output
    assert sha(edited) == before
    out = openpyxl.load_workbook(second)
    assert "Summary (2)" in out.sheetnames and "Summary" in out.sheetnames
    assert out["Summary (2)"]["A1"].value == "my March notes"
    assert "Summary (2)" not in markers(second)            # the user's from now on
    assert markers(second)["Summary"] == '"Summary"'       # the new report's own sheet

    third = tmp_path / "third.xlsx"
    assert invoke("build", second, "-o", third, "-q").exit_code == 0
    assert openpyxl.load_workbook(third)["Summary (2)"]["A1"].value == "my March notes"


def test_marker_names_its_own_sheet():
    assert marks_own_sheet("Summary", marker_formula("Summary"))
    assert marks_own_sheet("摘要", "=" + marker_formula("摘要"))
    assert marks_own_sheet('Say "hi"', marker_formula('Say "hi"'))
    assert not marks_own_sheet("Summary (2)", marker_formula("Summary"))
    assert marks_own_sheet("It's", "'It''s'!$A$1") and marks_own_sheet("Trend", "Trend!$A$1")
    assert not marks_own_sheet("Summary (2)", "'Summary'!$A$1")
