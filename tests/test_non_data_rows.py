"""Totals and footers are left out; data lines never are.

A total row is a label alone in a row whose other key fields (date, customer, product) are empty, or a
row whose amounts are the sums of the rows above; below the data an Excel table's totals row (whatever
it says), a row of column sums with no label, and a footer text in the date column are left out too —
each with a warning naming its rows. A line with a date, a customer and a product is data whatever its
names say. Every expected total is added up by hand from the rows written.
"""
from __future__ import annotations

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from salesreport_xl.read import read_workbook, workbook_from_values
from salesreport_xl.validate import validate
from test_read_validate import SALES_EN, make_book, row

SETTINGS = [["Setting", "Value"]]


def load(tmp_path, rows):
    book = make_book(tmp_path / "t.xlsx", {"Settings": SETTINGS, "Sales": [SALES_EN] + rows})
    return validate(read_workbook(book))


def warnings(findings, code):
    return [(f.location, f.severity) for f in findings if f.code == code]


def errors(findings):
    return [(f.location, f.code) for f in findings if f.severity == "error"]


def blank(**kw):
    """A row with only the cells named (by column letter)."""
    cells = [None] * 10
    for letter, v in kw.items():
        cells[ord(letter) - ord("A")] = v
    return cells


# ------------------------------------------------------------------------------------------ point 13
def test_lines_whose_names_hold_the_word_total_are_data(tmp_path):
    rows = [row(name="TOTAL", cid="C9", amount=100.0), row(product="Total 360", amount=250.5),
            row(product="合计2号", amount=37.25), row(amount=12.0)]
    inputs, findings = load(tmp_path, rows)
    assert errors(findings) == []
    assert inputs.sales["amount"].sum() == pytest.approx(100.0 + 250.5 + 37.25 + 12.0)   # 399.75
    assert [f for f in findings if "total" in f.code or "sum" in f.code] == []


def test_a_label_alone_is_a_total_row_and_a_labelled_row_of_sums_too(tmp_path):
    rows = [row(amount=100.0), row(amount=250.0),
            blank(D="合计", J=350.0),                                   # label alone: row 4
            row(amount=40.0), row(amount=60.0),
            row(date="2025-03-31", name="Subtotal", qty=2, amount=100.0)]  # date, customer, product; 40 + 60, 1 + 1
    inputs, findings = load(tmp_path, rows)
    assert errors(findings) == []
    assert inputs.sales["amount"].tolist() == [100.0, 250.0, 40.0, 60.0]
    assert warnings(findings, "total_rows") == [("Sales!4:7", "warning")]


# ------------------------------------------------------------------------------------------ point 8
def test_excel_table_totals_row_is_left_out_whatever_it_says(tmp_path):
    path = tmp_path / "table.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Settings"
    wb.active.append(["Setting", "Value"])
    ws = wb.create_sheet("Sales")
    ws.append(SALES_EN)
    ws.append(row(amount=100.0))
    ws.append(row(amount=250.0))
    ws.append(blank(A="Ø", J=175.0))           # the table's totals row shows an average, labelled Ø
    table = Table(displayName="Orders", ref="A1:J4")
    table.totalsRowCount = 1
    ws.add_table(table)
    wb.save(path)
    inputs, findings = validate(read_workbook(path))
    assert errors(findings) == []
    assert inputs.sales["amount"].sum() == 350.0
    assert warnings(findings, "table_totals") == [("Sales!4:4", "warning")]


def test_a_row_of_column_sums_below_the_data_is_left_out(tmp_path):
    rows = [row(amount=100.0, qty=2), row(amount=250.0, qty=1), row(amount=30.5, qty=3),
            blank(I=6, J=380.5)]                # 100 + 250 + 30.5; 2 + 1 + 3
    inputs, findings = load(tmp_path, rows)
    assert errors(findings) == []
    assert inputs.sales["amount"].sum() == 380.5
    assert warnings(findings, "sum_rows") == [("Sales!5:5", "warning")]


def test_an_accounting_footer_below_the_data_is_left_out(tmp_path):
    rows = [row(amount=100.0), row(amount=250.0), blank(),
            blank(A="Accrual Basis Tuesday, January 2, 2018 02:03 PM GMT-05:00")]
    inputs, findings = load(tmp_path, rows)
    assert errors(findings) == []
    assert inputs.sales["amount"].sum() == 350.0
    assert warnings(findings, "footer_rows") == [("Sales!5:5", "warning")]


def test_the_same_rows_from_live_excel_values(tmp_path):
    values = {"Settings": SETTINGS, "Sales": [SALES_EN, row(amount=100.0), row(amount=250.0), blank(J=350.0),
                                              blank(A="Printed 2025-04-01 by finance")]}
    inputs, findings = validate(workbook_from_values(values))
    assert errors(findings) == [] and inputs.sales["amount"].sum() == 350.0


def test_a_row_below_the_data_that_is_neither_is_an_error_not_dropped(tmp_path):
    # 999 is not 100 + 250: no right figure can be read from this row, and it is not silently dropped.
    rows = [row(amount=100.0), row(amount=250.0), blank(J=999.0)]
    inputs, findings = load(tmp_path, rows)
    assert ("Sales!A4", "required_empty") in errors(findings)
