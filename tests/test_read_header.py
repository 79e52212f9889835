"""Every reader hands validation header-located sheets: the fast file reader (fastexcel), its
openpyxl fallback and in-memory values (a live Excel workbook) find the header row in read/, the same
way, so validation has no header search of its own."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from salesreport_xl.read import file as file_reader
from salesreport_xl.read import read_workbook, workbook_from_values
from test_bad_inputs import SALES_HEADER

# The header in row 3 from column B: a title and a blank row above it, a margin column A.
ROWS = [[None, "March sales (draft)"], [], [None, *SALES_HEADER],
        [None, dt.datetime(2025, 3, 3), "O1", "C1", "Alpha Co", "Desk", "Furniture", "Online", "Li", 2, 1200.0]]


def _book(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sales"
    for r in ROWS:
        ws.append(r)
    wb.save(tmp_path / "in.xlsx")
    return tmp_path / "in.xlsx"


def _fast(tmp_path):
    if file_reader.fastexcel is None:
        pytest.skip("fastexcel is not installed")
    return read_workbook(_book(tmp_path)).sheets["Sales"]


def _openpyxl(tmp_path, monkeypatch):
    monkeypatch.setattr(file_reader, "fastexcel", None)
    return read_workbook(_book(tmp_path)).sheets["Sales"]


def _values(tmp_path):
    return workbook_from_values({"Sales": ROWS}).sheets["Sales"]


@pytest.mark.parametrize("reader", ["fastexcel", "openpyxl", "values"])
def test_every_reader_locates_the_header_row(tmp_path, monkeypatch, reader):
    sheet = {"fastexcel": lambda: _fast(tmp_path), "openpyxl": lambda: _openpyxl(tmp_path, monkeypatch),
             "values": lambda: _values(tmp_path)}[reader]()
    assert sheet.header is not None, reader
    assert (sheet.header_row, sheet.top) == (3, 4)
    named = [(col, h) for col, h in zip(sheet.columns, sheet.header) if h not in (None, "")]
    assert named == list(zip(range(2, 2 + len(SALES_HEADER)), SALES_HEADER))
    first = dict(zip(sheet.header, sheet.frame.iloc[0].tolist()))
    assert first["Order ID"] == "O1" and float(first["Amount"]) == 1200.0


def test_a_sheet_without_a_header_is_handed_over_whole():
    sheet = workbook_from_values({"Sales": [["just", "notes"], ["no", "header"]]}).sheets["Sales"]
    assert sheet.header is None and sheet.frame.shape == (2, 2)


# Cells that are not text in text columns: the fast reader loads names, ids and choices as strings
# (calamine writes a date "2025-03-05 00:00:00", TRUE "true"); every reader must give the same text.
ODD_ROWS = [SALES_HEADER,
            [dt.datetime(2025, 3, 3), 1001, 9007199254740992.0, dt.datetime(2025, 3, 5), True, "Desk", "Online",
             "Li", 2, 1200.0],
            [dt.datetime(2025, 3, 4), "O2", "C2", "Beta Co", False, 7.5, "Online", "Li", 1, 800.0]]
ODD_EXPECTED = {"order_id": ["1001", "O2"], "customer_id": ["9007199254740992", "C2"],
                "customer_name": ["2025-03-05", "Beta Co"], "product": ["TRUE", "FALSE"], "category": ["Desk", "7.5"]}


@pytest.mark.parametrize("reader", ["fastexcel", "openpyxl", "values"])
def test_every_reader_gives_the_same_text_for_odd_cells_in_text_columns(tmp_path, monkeypatch, reader):
    from salesreport_xl.validate import validate

    if reader == "values":
        raw = workbook_from_values({"Sales": ODD_ROWS})
    else:
        if reader == "fastexcel" and file_reader.fastexcel is None:
            pytest.skip("fastexcel is not installed")
        if reader == "openpyxl":
            monkeypatch.setattr(file_reader, "fastexcel", None)
        wb = openpyxl.Workbook()
        wb.active.title = "Sales"
        for r in ODD_ROWS:
            wb.active.append(r)
        wb.save(tmp_path / "odd.xlsx")
        raw = read_workbook(tmp_path / "odd.xlsx")
    sales = validate(raw)[0].sales
    assert {k: sales[k].tolist() for k in ODD_EXPECTED} == ODD_EXPECTED
