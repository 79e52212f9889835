"""An optional sheet that cannot be read (a required column missing) is left out: the rest of the report
is built (exit 0), the Checks sheet says which sheet, which columns and that its part was left out, and
that part says so instead of "no data"."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
from click.testing import CliRunner

from realistic_data import paste_into_template
from salesreport_xl.cli import main

D = dt.datetime
SALES = [[D(2025, 10, 3), "O1", "K1", None, "P1", None, None, "Ann", 1, 1000],   # template columns, under
         [D(2025, 10, 9), "O2", "K2", None, "P2", None, None, "Ann", 1, 250]]     # its header


def _workbook(path):
    paste_into_template(path, SALES, at_row=2, settings={"report_month": "2025-10", "currency": "$",
                                                         "display_unit": 1})
    wb = openpyxl.load_workbook(path)
    for name, rows in (("Pipeline", [["Record ID", "Deal Stage", "Amount", "Close Date", "Deal owner"],
                                     [1001, "Contract Sent", 5000, D(2025, 12, 1), "Ann"]]),
                       ("Feedback", [["Date", "Customer ID", "Comment"], [D(2025, 10, 4), "K1", "fine"]]),
                       ("Customers", [["Segment", "Region", "Status"], ["Key Account", "North", "Active"]])):
        ws = wb[name]
        ws.delete_rows(1, ws.max_row)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_build_goes_on_without_the_unreadable_sheets(tmp_path):
    book = _workbook(tmp_path / "in.xlsx")
    res = CliRunner().invoke(main, ["build", str(book), "-o", str(tmp_path / "out.xlsx"),
                                    "--json", str(tmp_path / "r.json")])
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["figures"]["SR_SALES_MONTH"] == 1250
    assert report["meta"]["sheets_left_out"] == {"customers": ["Customer ID"], "feedback": ["Score"],
                                                 "pipeline": ["Entered On"]}
    checks = [f["message_en"] for f in report["checks"]["findings"] if f["severity"] == "warning"]
    assert ("the Pipeline sheet is left out of the report: its required column Entered On is missing; the rest "
            "of the report is built, and its part says the sheet was left out") in checks
    assert any(m.startswith("the Feedback sheet is left out of the report: its required column Score") for m in checks)
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert ("The Pipeline sheet was left out: its required column Entered On is missing (see the Data Checks "
            "sheet).") in texts
    assert any(t.startswith("The Feedback sheet was left out") for t in texts)
    assert any(t.startswith("The Customers sheet was left out") for t in texts)     # the segments part


def test_batch_builds_it_too(tmp_path):
    book = _workbook(tmp_path / "in.xlsx")
    res = CliRunner().invoke(main, ["batch", str(book), "--month", "2025-10", "-o", str(tmp_path / "out"), "-j", "1"])
    assert res.exit_code == 0, res.output
