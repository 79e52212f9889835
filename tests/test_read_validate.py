"""Reading and validation: every value form the input contract accepts, and every error kind with its exact cell.

Each test builds a tiny workbook with openpyxl, reads it through the file reader (and, where it matters,
through the in-memory path), and asserts the parsed values exactly.
"""
from __future__ import annotations

import datetime as dt
import math

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.table import Table

from salesreport_xl.cli import main
from salesreport_xl.read import read_workbook, workbook_from_values
from salesreport_xl.validate import validate

SALES_EN = ["Order Date", "Order ID", "Customer ID", "Customer Name", "Product", "Category", "Channel",
            "Sales Rep", "Quantity", "Amount"]
SALES_ZH = ["下单日期", "订单编号", "客户编号", "客户名称", "产品", "产品类别", "销售渠道", "销售人员", "数量", "金额"]
SETTINGS = [["Setting", "Value"], ["report_month", "2025-03"]]


def row(date="2025-03-05", oid="O1", cid="C1", name="Acme", product="P1", cat="Cat", channel="Online",
        rep="Ann", qty=1, amount=100.0):
    return [date, oid, cid, name, product, cat, channel, rep, qty, amount]


def make_book(path, sheets: dict[str, list[list]], errors: dict[str, list[str]] | None = None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for cell in (errors or {}).get(name, []):
            ws[cell].data_type = "e"
    wb.save(path)
    return path


def load(tmp_path, sheets, errors=None):
    path = make_book(tmp_path / "in.xlsx", sheets, errors)
    return validate(read_workbook(path))


def non_info(findings):
    return [f for f in findings if f.severity != "info"]


def sales_values(tmp_path, rows, header=SALES_EN):
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [header] + rows})
    return inputs.sales, findings


# ------------------------------------------------------------------------------------------ names
def test_english_sheet_and_headers(tmp_path):
    sales, findings = sales_values(tmp_path, [row()])
    assert non_info(findings) == []
    assert sales.loc[0, "customer_id"] == "C1"
    assert sales.loc[0, "amount"] == 100.0
    assert sales.loc[0, "order_date"] == pd.Timestamp("2025-03-05")
    assert sales.loc[0, "_row"] == 2


def test_chinese_sheet_and_headers(tmp_path):
    inputs, findings = load(tmp_path, {"设置": [["项目", "值"], ["报告月份", "2025-03"], ["货币", "¥"]],
                                       "销售明细": [SALES_ZH, row(channel="线上")]})
    assert non_info(findings) == []
    assert inputs.sales.loc[0, "channel"] == "Online"   # zh list value -> canonical
    assert inputs.settings.report_month == pd.Period("2025-03", "M")
    assert inputs.sheet_names["sales"] == "销售明细"


def test_header_variants_case_space_underscore_fullwidth(tmp_path):
    header = ["ORDER_DATE", "order id", "Customer_ID", "customer name", "ＰＲＯＤＵＣＴ", "category ",
              "Channel", "sales_rep", "quantity", "  AMOUNT  "]
    sales, findings = sales_values(tmp_path, [row(amount=7)], header=header)
    assert non_info(findings) == []
    assert sales.loc[0, "amount"] == 7.0
    assert sales.loc[0, "product"] == "P1"


def test_columns_in_any_order_and_extra_column(tmp_path):
    header = ["Amount", "Note", "Sales Rep", "Category", "Product", "Customer ID", "Order Date"]
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [
        header, [250, "hello", "Bob", "Cat", "P9", "C7", "2025-03-02"]]})
    s = inputs.sales
    assert (s.loc[0, "amount"], s.loc[0, "sales_rep"], s.loc[0, "customer_id"]) == (250.0, "Bob", "C7")
    extra = [f for f in findings if f.code == "extra_column"]
    assert [(f.sheet, f.cell, f.severity) for f in extra] == [("Sales", "B1", "info")]
    # optional columns not there are notes, not errors
    assert {f.code for f in findings if f.sheet == "Sales"} == {"extra_column", "optional_column"}


def test_title_row_and_blank_rows_above_header(tmp_path):
    sales, findings = sales_values(tmp_path, [])  # warm-up: empty sheet is fine
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [
        ["March sales export"], [], SALES_EN, row(amount=1), [], [None] * 10, row(amount=2)]})
    assert non_info(findings) == []
    assert list(inputs.sales["amount"]) == [1.0, 2.0]
    assert list(inputs.sales["_row"]) == [4, 7]        # title row 1, blank row 2, header 3


def test_excel_table_listobject(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Settings"
    for r in SETTINGS:
        ws.append(r)
    s = wb.create_sheet("Sales")
    s.append([])
    s.append([None] + SALES_EN)            # the table starts at B2
    s.append([None] + row(amount=5))
    s.append([None] + row(amount=6))
    s.add_table(Table(displayName="SalesTable", ref="B2:K4"))
    wb.save(path)
    inputs, findings = validate(read_workbook(path))
    assert non_info(findings) == []
    assert list(inputs.sales["amount"]) == [5.0, 6.0]
    assert list(inputs.sales["_row"]) == [3, 4]


# ------------------------------------------------------------------------------------------ values
@pytest.mark.parametrize("given, expected", [
    (dt.datetime(2025, 3, 5), "2025-03-05"),
    (dt.datetime(2025, 3, 5, 14, 30), "2025-03-05"),   # time of day dropped
    (45721, "2025-03-05"),                              # Excel serial: 1899-12-30 + 45721 days
    ("45721", "2025-03-05"),                            # serial as text
    ("2025-03-05", "2025-03-05"),
    ("2025/3/5", "2025-03-05"),
    ("2025.3.5", "2025-03-05"),
    ("2025年3月5日", "2025-03-05"),
    (" 2025-03-05 ", "2025-03-05"),
    ("２０２５－０３－０５", "2025-03-05"),                # full width
])
def test_date_forms(tmp_path, given, expected):
    sales, findings = sales_values(tmp_path, [row(date=given)])
    assert non_info(findings) == []
    assert sales.loc[0, "order_date"] == pd.Timestamp(expected)


@pytest.mark.parametrize("given, expected", [
    (1234.5, 1234.5),
    ("1,234.50", 1234.5),
    ("¥1,200", 1200.0),
    ("￥1,200", 1200.0),
    ("¥ 99.90", 99.9),
    ("RMB 1,200.50", 1200.5),
    ("１２３", 123.0),                                  # full-width digits
    ("(300)", -300.0),                                 # accounting negative
    ("-45", -45.0),
    ("1 234", 1234.0),
])
def test_number_forms(tmp_path, given, expected):
    sales, findings = sales_values(tmp_path, [row(amount=given)])
    assert non_info(findings) == []
    assert math.isclose(sales.loc[0, "amount"], expected)


def test_ids_trimmed_and_whole_numbers_without_decimals(tmp_path):
    sales, findings = sales_values(tmp_path, [row(cid="  C001  "), row(cid=1002), row(cid=1003.0)])
    assert list(sales["customer_id"]) == ["C001", "1002", "1003"]


def test_blank_rows_are_skipped_not_errors(tmp_path):
    sales, findings = sales_values(tmp_path, [row(amount=1), [None] * 10, ["", " ", None, None, None, None,
                                                                          None, None, None, None], row(amount=2)])
    assert non_info(findings) == []
    assert list(sales["amount"]) == [1.0, 2.0]


def test_unknown_list_value_is_kept_with_a_warning(tmp_path):
    sales, findings = sales_values(tmp_path, [row(channel="Wholesale"), row(channel="Wholesale"),
                                              row(channel="offline")])
    assert list(sales["channel"]) == ["Wholesale", "Wholesale", "Offline"]
    warn = [f for f in findings if f.code == "unknown_choice"]
    assert [(f.severity, f.location) for f in warn] == [("warning", "Sales!G2")]
    assert "(2 rows)" in warn[0].message


# ------------------------------------------------------------------------------------------ errors
def test_amount_not_a_number_names_the_cell(tmp_path):
    rows = [row() for _ in range(10)]
    rows[9] = row(amount="abc")              # header row 1 -> data row 10 is Excel row 11
    sales, findings = sales_values(tmp_path, rows)
    errs = [f for f in findings if f.severity == "error"]
    assert [f.text() for f in errs] == ['Sales!J11: amount "abc" is not a number']
    assert len(sales) == 9                   # the bad row is left out


def test_bad_date_names_the_cell(tmp_path):
    sales, findings = sales_values(tmp_path, [row(), row(date="2025-02-30"), row(date="next week")])
    errs = [(f.location, f.code) for f in findings if f.severity == "error"]
    assert errs == [("Sales!A3", "not_a_date"), ("Sales!A4", "not_a_date")]


def test_required_value_empty(tmp_path):
    sales, findings = sales_values(tmp_path, [row(), row(cid=None)])
    errs = [(f.location, f.code) for f in findings if f.severity == "error"]
    assert errs == [("Sales!C3", "required_empty")]


def test_excel_error_cell(tmp_path):
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [SALES_EN, row(), row(amount="#N/A")]},
                            errors={"Sales": ["J3"]})
    errs = [(f.location, f.code, f.message) for f in findings if f.severity == "error"]
    assert errs == [("Sales!J3", "excel_error", "amount holds the Excel error #N/A")]


def test_required_column_missing(tmp_path):
    header = SALES_EN[:9]                     # no Amount
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [header, row()[:9]]})
    errs = [(f.location, f.code) for f in findings if f.severity == "error"]
    assert errs == [("Sales!A1:I1", "required_column")]
    assert "Amount" in [f for f in findings if f.severity == "error"][0].message


def test_required_sheet_missing_and_optional_sheets_are_notes(tmp_path):
    inputs, findings = load(tmp_path, {"Settings": SETTINGS})
    errs = [(f.sheet, f.code) for f in findings if f.severity == "error"]
    assert errs == [("Sales", "required_sheet")]
    notes = {f.sheet for f in findings if f.code == "optional_sheet"}
    assert notes == {"Customers", "Targets", "Activities", "Feedback", "Pipeline", "Plan"}
    assert inputs.sales.empty and list(inputs.sales.columns)[-1] == "_row"


def test_many_bad_cells_are_listed_then_counted(tmp_path):
    rows = [row(amount="x") for _ in range(25)]
    _, findings = sales_values(tmp_path, rows)
    errs = [f for f in findings if f.severity == "error"]
    assert len(errs) == 21                    # 20 cells one by one + one "and 5 more"
    assert errs[-1].code == "more" and "5 more" in errs[-1].message


def test_settings_values(tmp_path):
    inputs, findings = load(tmp_path, {"Settings": [
        ["Setting", "Value"], ["report_month", "2025年3月"], ["display_unit", 1000], ["language", "中文"],
        ["at_risk_drop", "25%"], ["big_change", 30], ["underperform", "10%"], ["churn_days", "sixty"],
        ["mystery", 1]], "Sales": [SALES_EN, row()]})
    s = inputs.settings
    assert s.report_month == pd.Period("2025-03", "M")
    assert (s.display_unit, s.language, s.at_risk_drop, s.big_change, s.underperform) == (
        1000, "zh", 0.25, 0.30, -0.10)
    assert s.churn_days == "auto"             # bad value -> default, with a warning at its cell
    warn = [(f.location, f.code) for f in findings if f.severity == "warning"]
    assert warn == [("Settings!B8", "bad_setting")]
    assert ("Settings!A9", "unknown_setting") in [(f.location, f.code) for f in findings]


@pytest.mark.parametrize("text, expected", [
    ("0", 0.0), ("10000", 10000.0), (" 90 ", 90.0), ("-0.1", -0.1), ("0.3", 0.3), ("0.300", 0.3),
    ("007", 7.0), ("１００", 100.0), ("-0.000", 0.0), ("999999999999999", 999999999999999.0),
    ("1000000000000000", None),          # 1e15 and more: too large, as for any amount
    ("1.234", None),                     # thousands or decimals? no locale decides a single value
    ("1,5", 1.5), ("30%", 0.3), ("12.", 12.0), ("1e3", 1000.0),
])
def test_a_setting_number_is_read_as_the_column_parser_reads_it(text, expected):
    # Plain number text skips the column parser (a few ms a call); everything else goes through it.
    from salesreport_xl.validate.settings import _number

    assert _number(text) == expected


def test_pipeline_left_before_entered_is_left_out(tmp_path):
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [SALES_EN, row()], "Pipeline": [
        ["Deal ID", "Stage", "Entered On", "Left On"], ["D1", "Lead", "2025-03-10", "2025-03-01"],
        ["D2", "审批", "2025-03-01", None]]})
    assert [(f.location, f.code) for f in findings if f.severity == "warning"] == [
        ("Pipeline!D2", "left_before_entered")]
    assert list(inputs.pipeline["deal_id"]) == ["D2"]
    assert inputs.pipeline.loc[0, "stage"] == "Approval"
    assert pd.isna(inputs.pipeline.loc[0, "left_on"])


def test_score_outside_range_is_left_out_with_warning(tmp_path):
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [SALES_EN, row()], "Feedback": [
        ["Date", "Score"], ["2025-03-01", 0], ["2025-03-02", 6], ["2025-03-03", 4]]})
    assert [(f.location, f.code) for f in findings if f.severity == "warning"] == [
        ("Feedback!B2", "score_range"), ("Feedback!B3", "score_range")]
    assert list(inputs.feedback["score"]) == [4.0]


# ------------------------------------------------------------------------------------------ CLI
def test_cli_validate_reports_sales_j12(tmp_path):
    rows = [row() for _ in range(11)]
    rows[10] = row(amount="abc")             # Excel row 12, column J (amount in template order)
    path = make_book(tmp_path / "bad.xlsx", {"Settings": SETTINGS, "Sales": [SALES_EN] + rows})
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Sales!J12" in result.output and '"abc" is not a number' in result.output


def test_cli_validate_ok_exits_0_and_missing_file_exits_2(tmp_path):
    path = make_book(tmp_path / "ok.xlsx", {"Settings": SETTINGS, "Sales": [SALES_EN, row()]})
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "none.xlsx")]).exit_code == 2


@pytest.mark.parametrize("content, words", [
    (b"order_date,amount\n2025-03-01,5\n", "not an Excel workbook"),
    (b"PK\x03\x04truncated", "damaged or incomplete"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old-format .xls"),
])
def test_cli_not_a_workbook_is_one_line(tmp_path, content, words):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output


# ------------------------------------------------------------------------------------------ one path
def test_file_and_in_memory_values_give_identical_frames_and_findings(tmp_path):
    sheets = {
        "Settings": SETTINGS + [["currency", "$"]],
        "Sales": [["Export"], SALES_EN, row(), row(date=45721, amount="1,200"), [None] * 10,
                  row(date="2025年3月6日", cid=" 77 ", amount="abc"), row(channel="Wholesale", amount="#N/A")],
        "Customers": [["Customer ID", "Segment", "Status"], ["C1", "大客户", "流失"], ["C2", "SMB", None]],
    }
    path = make_book(tmp_path / "same.xlsx", sheets, errors={"Sales": ["J7"]})
    from_file, f_file = validate(read_workbook(path))
    wb = openpyxl.load_workbook(path)       # what a live workbook hands over: its values
    values = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    from_mem, f_mem = validate(workbook_from_values(values))
    for key in ("sales", "customers"):
        pd.testing.assert_frame_equal(getattr(from_file, key), getattr(from_mem, key), check_dtype=False)
    assert [f.to_dict() for f in f_file] == [f.to_dict() for f in f_mem]
    assert from_file.settings == from_mem.settings


# ------------------------------------------------------------------------------------------ header peek
def test_header_peeked_from_xml_rich_text_header_below_blank_rows_and_extra_columns(tmp_path):
    """The header row is found from the sheet XML (rich-text shared strings too); only contract columns
    are loaded, extra ones are still reported; rows keep their Excel numbers."""
    import xlsxwriter

    from salesreport_xl.read.peek import SheetPeeker

    path = tmp_path / "rich.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    s = wb.add_worksheet("Settings")
    s.write_row(0, 0, SETTINGS[0])
    s.write_row(1, 0, SETTINGS[1])
    ws = wb.add_worksheet("Sales")
    bold = wb.add_format({"bold": True})
    ws.write_string(0, 0, "Export of March")            # title in A1, row 2 blank, header on row 3 from C
    header = ["Note"] + SALES_EN
    for j, h in enumerate(header):
        if h == "Amount":
            ws.write_rich_string(2, 2 + j, bold, "Amo", "unt")   # rich text: two runs, one cell
        else:
            ws.write_string(2, 2 + j, h)
    ws.write_row(3, 2, ["x"] + row(amount=5))
    ws.write_row(5, 2, ["y"] + row(amount=7))            # row 5 blank: skipped, row 6 kept
    wb.close()

    with SheetPeeker(path) as peek:
        top = peek.rows("Sales", 4)
    assert top[0][0] == "Export of March" and top[1] == [None] * 13
    assert top[2][2:] == header                          # columns A, B empty; "Amo" + "unt" joined
    inputs, findings = validate(read_workbook(path))
    assert list(inputs.sales["amount"]) == [5.0, 7.0]
    assert list(inputs.sales["_row"]) == [4, 6]
    extra = [f for f in findings if f.code == "extra_column"]
    assert [(f.sheet, f.cell) for f in extra] == [("Sales", "C3")]


def test_a_second_copy_of_an_input_sheet_is_its_own_finding(tmp_path):
    # "Sales" and "销售明细" are the same input sheet: the second is named as a duplicate *sheet* (not as
    # a duplicate column), and only the first is read (its one row of 100).
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [SALES_EN, row(amount=100.0)],
                                       "销售明细": [SALES_ZH, row(amount=999.0)]})
    dup = [f for f in findings if f.sheet == "销售明细"]
    assert [f.message for f in dup] == ['sheet "销售明细" is a second copy of the input sheet "Sales"; '
                                        'only "Sales" is read']
    assert dup[0].message_zh == "工作表“销售明细”与输入表“Sales”重复，只读取“Sales”"
    assert inputs.sales["amount"].tolist() == [100.0]


def test_a_mostly_distinct_text_column_reads_as_the_per_value_path_does():
    """An order-number column (a million distinct values) skips the per-distinct-value parse; what it
    gives must be what the plain per-value reading gives."""
    import pandas as pd

    from salesreport_xl.validate import parse

    n = 12_000
    values = [f"  O{i:06d}-00{i % 7} " for i in range(n)]
    values[5], values[17], values[40], values[99] = None, "#N/A", "   ", "Ｏ１２"      # blank, error, spaces, full width
    raw = pd.Series(values, dtype=pd.StringDtype("pyarrow"))
    assert parse._arrow_text(raw) and parse._mostly_distinct(raw)
    fast = parse.parse_text(raw)
    ref = parse._parse_text(pd.Series(values, dtype=object))          # one Python call per value
    plain = lambda s: [None if pd.isna(v) else v for v in s.tolist()]  # noqa: E731
    assert plain(fast.values) == plain(ref.values)
    assert fast.bad.tolist() == ref.bad.tolist() and fast.blank.tolist() == ref.blank.tolist()
    assert fast.values.iloc[[0, 5, 17, 40, 99]].tolist() == ["O000000-000", None, None, None, "O12"]
    assert fast.bad.iloc[17] == parse.EXCEL_ERROR


def test_a_cell_of_spaces_is_blank_in_arrow_and_in_python_columns():
    import pandas as pd

    from salesreport_xl.validate import parse

    values = ["x", "", "   ", "\u3000", "\xa0", None, " y ", "\t\n", "0"]
    expected = [True, False, False, False, False, False, True, False, True]
    assert parse.filled(pd.Series(values, dtype=pd.StringDtype("pyarrow"))).tolist() == expected
    assert parse.filled(pd.Series(values, dtype=object)).tolist() == expected
    assert parse.filled(pd.Series([1.0, float("nan")])).tolist() == [True, False]


@pytest.mark.parametrize("header", ["Close Date", "Expected close date", "Est. Close Date", "Closing Date",
                                    "Expected Closing", "预计成交日期", "预计签约日期"])
def test_pipeline_close_date_is_read_and_a_non_date_names_its_cell(tmp_path, header):
    inputs, findings = load(tmp_path, {"Settings": SETTINGS, "Sales": [SALES_EN, row()], "Pipeline": [
        ["Deal ID", "Stage", "Entered On", header], ["D1", "Lead", "2025-03-01", "2025-04-15"],
        ["D2", "Lead", "2025-03-02", "next quarter"], ["D3", "Lead", "2025-03-03", None]]})
    # an optional date column: the bad cell is a warning at its cell and is left blank, its deal kept
    assert [(f.location, f.code) for f in findings if f.severity != "info"] == [("Pipeline!D3", "not_a_date")]
    assert "close_date" in inputs.present_columns["pipeline"]
    dates = inputs.pipeline.set_index("deal_id")["close_date"]
    assert dates["D1"] == pd.Timestamp("2025-04-15") and pd.isna(dates["D2"]) and pd.isna(dates["D3"])
