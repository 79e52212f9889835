"""One comparison of sheet names everywhere (excel_limits.name_key): as Excel, ignoring case fully —
"Straße" and "STRASSE" are one sheet for a clash, a removal and a lookup, in every writer. The Checks
sheet of a report is found among the marked report sheets, in any language, named apart or not."""
from __future__ import annotations

import openpyxl
import pytest

from salesreport_xl.errors import WorkbookError
from salesreport_xl.excel_limits import name_key, unique_ignoring_case
from salesreport_xl.layout.sections import apart_names
from salesreport_xl.write.package_merge import merge_report
from salesreport_xl.write.report_sheets import clashing_sheet, report_sheets, section_sheets, user_sheets


def test_strasse_is_one_name_for_every_rule():
    assert name_key("Straße") == name_key("STRASSE") == name_key("strasse")
    assert clashing_sheet(["Notes", "STRASSE"], ["Straße"]) == "STRASSE"
    assert report_sheets(["STRASSE", "Notes"], marked=["Straße"]) == ["STRASSE"]
    assert user_sheets(["STRASSE", "Notes"], marked=["Straße"]) == ["Notes"]
    assert apart_names(["Straße"], ["STRASSE"], "en") == {"Straße": "Straße (report)"}
    assert unique_ignoring_case(["Straße", "STRASSE"]) == ["Straße", "STRASSE (2)"]


def _book(path, *names):
    wb = openpyxl.Workbook()
    wb.active.title = names[0]
    for name in names[1:]:
        wb.create_sheet(name)
    wb.save(path)
    return path


def test_the_package_merge_compares_sheet_names_as_the_other_writers(tmp_path):
    # The merge once compared with str.lower(), for which "straße" and "strasse" differ.
    report = _book(tmp_path / "report.xlsx", "Straße")
    with pytest.raises(WorkbookError, match="already has a sheet named 'STRASSE'"):
        merge_report(_book(tmp_path / "input.xlsx", "Sales", "STRASSE"), report, tmp_path / "out.xlsx", ["Straße"])
    # and the report's own sheet is found under either spelling
    out = merge_report(_book(tmp_path / "input2.xlsx", "Sales"), report, tmp_path / "out2.xlsx", ["STRASSE"])
    assert out is not None


@pytest.mark.parametrize("names, found", [
    (["Summary", "Data Checks"], ["Data Checks"]),
    (["摘要", "数据检查"], ["数据检查"]),
    (["Summary", "Data Checks (report)"], ["Data Checks (report)"]),
    (["Summary", "DATA CHECKS (report 2)"], ["DATA CHECKS (report 2)"]),
    (["Summary", "数据检查（报表）"], ["数据检查（报表）"]),
    (["Summary", "Data Checks of March"], []),   # a name that merely starts like it is not the Checks sheet
])
def test_the_checks_sheet_among_the_report_sheets(names, found):
    assert section_sheets(names, "checks") == found
