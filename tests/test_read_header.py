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
