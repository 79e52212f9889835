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


# ------------------------------------------------------------------------------------------ label without a header
# A Chinese management report: a two-row header, 序号 merged down A1:A2, 订单信息 over 日期 | 单号 (B1:C1),
# 客户信息 over an unnamed column D and 客户名称 (D1:E1), 业务员 / 产品 / 金额 merged down. Its total
# line puts 合计 in a column the reader has no field for — D (under a group heading only) or, in a report
# without 序号, A (no header at all) — and a total rounded to the yuan: 350 is not 100.004 + 250.003 =
# 350.007 to the cent, so only the label says it is a total line.
ZH_TOP = ["序号", "订单信息", None, "客户信息", None, "业务员", "产品", "金额"]
ZH_SECOND = [None, "日期", "单号", None, "客户名称", None, None, None]
ZH_LINES = [[1, "2025-03-02", "XS001", None, "甲", "张伟", "A", 100.004],
            [2, "2025-03-05", "XS002", None, "乙", "李娜", "B", 250.003]]


def zh_report(tmp_path, below: list[list], top=ZH_TOP):
    path = make_book(tmp_path / "zh.xlsx", {"Settings": SETTINGS, "Sales": [top, ZH_SECOND, *ZH_LINES, *below]})
    wb = openpyxl.load_workbook(path)
    for rng in ("B1:C1", "D1:E1", "F1:F2", "G1:G2", "H1:H2") + (("A1:A2",) if top[0] else ()):
        wb["Sales"].merge_cells(rng)
    wb.save(path)
    return validate(read_workbook(path))


@pytest.mark.parametrize("where", ["under a group heading", "without any header"])
def test_a_total_label_in_a_column_the_reader_has_no_field_for_is_a_total_line(tmp_path, where):
    if where == "under a group heading":
        inputs, findings = zh_report(tmp_path, [[None, None, None, "合计", None, None, None, 350.0]])
    else:
        inputs, findings = zh_report(tmp_path, [["合计", None, None, None, None, None, None, 350.0]],
                                     top=[None, *ZH_TOP[1:]])
    assert errors(findings) == []
    assert inputs.sales["amount"].tolist() == [100.004, 250.003]
    assert warnings(findings, "total_rows") == [("Sales!5:5", "warning")]


def test_a_line_with_its_key_fields_is_data_whatever_a_column_without_a_field_says(tmp_path):
    # 合计 in the unnamed column D of a line with a date, a customer and a product: a line, summed.
    inputs, findings = zh_report(tmp_path, [[3, "2025-03-06", "XS003", "合计", "丙", "张伟", "C", 50.0]])
    assert errors(findings) == []
    assert inputs.sales["amount"].sum() == pytest.approx(100.004 + 250.003 + 50.0)    # 400.007


def test_a_total_label_in_any_cell_of_live_excel_values(tmp_path):
    # Live Excel hands every column over: 合计 in the Memo column (no field) of a row with no date,
    # customer or product, and 299 (not 100 + 250): a total line by its label.
    values = {"Settings": SETTINGS, "Sales": [SALES_EN + ["Memo"], row(amount=100.0) + [None],
                                              row(amount=250.0) + [None], blank(J=299.0) + ["合计"]]}
    inputs, findings = validate(workbook_from_values(values))
    assert errors(findings) == [] and inputs.sales["amount"].sum() == 350.0
    assert warnings(findings, "total_rows") == [("Sales!4:4", "warning")]
