"""How columns and settings are read from exports the product was not built against: one hand-made
workbook per rule, each with its figures worked out by hand in the comments.

Net before gross; units in headers; formulas without saved results; Settings read by their header;
one-value columns; order totals on lines and price × quantity; lines vs orders; two-row and pasted
headers; deal exports without a product column.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from realistic_data import paste_into_template
from salesreport_xl.pipeline import build_report, load_inputs

D = dt.datetime


def errors(findings) -> list[str]:
    return [f.text() for f in findings if f.severity == "error"]


def by_code(findings, code: str) -> list:
    return [f for f in findings if f.code == code]


def uses(inputs, sheet="sales") -> dict[str, tuple]:
    """column key -> (header, factor, note) of the column read."""
    return {u.field: (u.header, u.factor, u.note) for u in inputs.column_uses[sheet] if u.how != "left"}


def build(path: Path, tmp_path: Path, month: str):
    out = tmp_path / "report.xlsx"
    result = build_report(path, out, month=month, json_path=tmp_path / "report.json",
                          built_at="2025-01-05T09:00:00+00:00")
    assert errors(result.findings) == []
    return result, json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))


def set_settings(path: Path, rows: list[list]) -> Path:
    """Replace the Settings sheet's cells with `rows` from A1."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"] if "Settings" in wb.sheetnames else wb["设置"]
    ws.delete_rows(1, ws.max_row)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------ 1 net before gross
U8 = ["单据号", "日期", "客户编码", "客户名称", "业务员", "存货名称", "数量", "无税单价", "无税金额", "税额", "价税合计"]


def test_u8_net_amount_is_read_before_the_amount_with_tax(tmp_path):
    rows = [U8,
            ["0000000101", D(2024, 12, 2), "C01", "华东机电", "张伟", "轴承", 10, 100.0, 1000.0, 130.0, 1130.0],
            ["0000000102", D(2024, 12, 9), "C02", "苏州恒达", "李娜", "齿轮", 4, 50.0, 200.0, 26.0, 226.0],
            ["0000000103", D(2024, 12, 20), "C01", "华东机电", "张伟", "轴承", -1, 100.0, -100.0, -13.0, -113.0]]
    path = paste_into_template(tmp_path / "u8.xlsx", rows)
    inputs, findings = load_inputs(path)
    assert errors(findings) == []
    assert uses(inputs)["amount"] == ("无税金额", 1.0, "")
    assert inputs.sales["amount"].sum() == 1100.0          # 1000 + 200 - 100, not 1243 with tax
    assert uses(inputs)["order_id"][0] == "单据号"


def test_only_a_gross_amount_is_read_and_said_to_include_tax(tmp_path):
    rows = [["日期", "客户", "产品", "价税合计"], [D(2024, 12, 2), "甲", "A", 113.0], [D(2024, 12, 3), "乙", "B", 226.0]]
    path = paste_into_template(tmp_path / "gross.xlsx", rows)
    inputs, findings = load_inputs(path)
    assert errors(findings) == [] and inputs.sales["amount"].sum() == 339.0
    assert uses(inputs)["amount"] == ("价税合计", 1.0, "gross")
    [warning] = by_code(findings, "amount_gross")
    assert warning.severity == "warning" and warning.cell == "D1" and "includes tax" in warning.message
    result, report = build(path, tmp_path, "2024-12")
    assert any(r["text"].endswith(", with tax") for r in report["checks"]["columns_read"])


def test_odoo_untaxed_total_is_the_amount(tmp_path):
    rows = [["Order Reference", "Order Date", "Customer", "Salesperson", "Sales Team", "Product", "Untaxed Total",
             "Total"],
            ["S00021", D(2024, 12, 1), "Deco Addict", "Mitchell Admin", "Europe", "Desk", 1000.0, 1150.0],
            ["S00022", D(2024, 12, 5), "Gemini Furniture", "Marc Demo", "Europe", "Chair", 500.0, 575.0]]
    inputs, findings = load_inputs(paste_into_template(tmp_path / "odoo.xlsx", rows))
    assert errors(findings) == [] and inputs.sales["amount"].sum() == 1500.0
    assert uses(inputs)["amount"][0] == "Untaxed Total" and uses(inputs)["order_id"][0] == "Order Reference"


def test_did_you_mean_never_offers_a_text_column_for_the_amount(tmp_path):
    # "Sales Team" looks like "sales" by name, but holds text: only "Sales Value" (numbers) is offered.
    rows = [["Order Date", "Customer", "Product", "Sales Team", "Sales Value"],
            [D(2024, 12, 1), "A", "P", "Europe", 10.0], [D(2024, 12, 2), "B", "Q", "Americas", 20.0]]
    inputs, findings = load_inputs(paste_into_template(tmp_path / "dym.xlsx", rows))
    [error] = errors(findings)
    assert '"Sales Value" (column E)' in error and "Sales Team" not in error


# ------------------------------------------------------------------------------------------ 2 units in headers
def test_a_unit_in_the_header_scales_the_amount(tmp_path):
    # 1.5 万元 = 15,000; 2.25 万元 = 22,500: the month is 37,500.
    rows = [["日期", "客户", "产品", "销售额（万元）"], [D(2024, 12, 2), "甲", "A", 1.5], [D(2024, 12, 3), "乙", "B", 2.25]]
    path = paste_into_template(tmp_path / "wan.xlsx", rows)
    result, report = build(path, tmp_path, "2024-12")
    assert report["figures"]["SR_SALES_MONTH"] == 37500.0
    assert 'Amount ← "销售额（万元）" (Sales!D) × 10,000 (万元)' in {r["text"] for r in report["checks"]["columns_read"]}


@pytest.mark.parametrize("header,factor", [("Revenue ('000)", 1000), ("Net Sales (USD m)", 1e6),
                                           ("Sales in thousands", 1000), ("金额（千元）", 1000), ("Amount (k)", 1000),
                                           ("Amount (USD)", 1)])
def test_units_of_english_and_chinese_headers(tmp_path, header, factor):
    rows = [["Order Date", "Customer", "Product", header], [D(2024, 12, 2), "A", "P", 2.0]]
    inputs, findings = load_inputs(paste_into_template(tmp_path / "u.xlsx", rows))
    assert errors(findings) == [] and inputs.sales["amount"].tolist() == [2.0 * factor]


def test_a_mapped_header_with_a_unit_is_scaled_too(tmp_path):
    rows = [["Order Date", "Customer", "Product", "营业收入（千元）"], [D(2024, 12, 2), "A", "P", 3.5]]
    path = paste_into_template(tmp_path / "m.xlsx", rows,
                               extra_sheets={"Mapping": [["Sales", "amount", "营业收入（千元）"]]})
    inputs, findings = load_inputs(path)
    assert errors(findings) == [] and inputs.sales["amount"].tolist() == [3500.0]
    assert uses(inputs)["amount"] == ("营业收入（千元）", 1000.0, "")


@pytest.mark.parametrize("written,unit", [("千元", 1000), ("万元", 10000), ("元", 1), ("百万元", 1000000),
                                          ("thousand", 1000), ("ten-thousand", 10000)])
def test_display_unit_written_as_a_word(tmp_path, written, unit):
    rows = [["Order Date", "Customer", "Product", "Amount"], [D(2024, 12, 2), "A", "P", 2.0]]
    path = paste_into_template(tmp_path / "d.xlsx", rows, settings={"display_unit": written})
    inputs, findings = load_inputs(path)
    assert inputs.settings.display_unit == unit and not by_code(findings, "bad_setting")


# ------------------------------------------------------------------------------------------ 3 formulas
def _with_saved_results(path: Path, results: dict[str, str]) -> Path:
    """Give formula cells saved results (openpyxl writes none), as Excel would on saving: cell -> <v>."""
    with zipfile.ZipFile(path) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                for ref, value in results.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?', rf"\1\2<v>{value}</v>", text)
                data = text.encode("utf-8")
            zf.writestr(info, data)
    return path


def _formula_book(tmp_path) -> Path:
    rows = [["Order Date", "Customer", "Product", "Quantity", "Price", "Amount"],
            [D(2024, 12, 2), "A", "P", 2, 10.0, "=D2*E2"], [D(2024, 12, 3), "B", "Q", 3, 5.0, "=D3*E3"]]
    return paste_into_template(tmp_path / "f.xlsx", rows)


def test_formulas_without_saved_results_are_an_error_naming_the_column(tmp_path):
    inputs, findings = load_inputs(_formula_book(tmp_path))
    [error] = [f for f in findings if f.severity == "error"]
    assert error.code == "formula_no_result" and error.cell == "F:F"
    assert "first at F2" in error.message and "open the workbook in Excel and save it" in error.message
    assert not by_code(findings, "required_empty")


def test_formulas_that_start_far_below_the_header_are_found(tmp_path):
    # 40 lines of values, then lines whose amount is a formula without a saved result (row 42 on):
    # the month may not be summed without them, whatever row they start on.
    rows = [["Order Date", "Customer", "Product", "Quantity", "Price", "Amount"]]
    rows += [[D(2024, 12, 2), f"C{i}", "P", 1, 10.0, 10.0] for i in range(40)]
    rows += [[D(2024, 12, 3), "B", "Q", 3, 5.0, f"=D{r}*E{r}"] for r in range(42, 45)]
    inputs, findings = load_inputs(paste_into_template(tmp_path / "late.xlsx", rows))
    [error] = [f for f in findings if f.severity == "error"]
    assert error.code == "formula_no_result" and error.cell == "F:F" and "first at F42" in error.message


def test_formulas_that_all_saved_zero_are_an_error(tmp_path):
    path = _with_saved_results(_formula_book(tmp_path), {"F2": "0", "F3": "0"})
    inputs, findings = load_inputs(path)
    assert [f.code for f in findings if f.severity == "error"] == ["formula_zero"]


def test_formulas_with_saved_results_are_read(tmp_path):
    path = _with_saved_results(_formula_book(tmp_path), {"F2": "20", "F3": "15"})
    inputs, findings = load_inputs(path)
    assert errors(findings) == [] and inputs.sales["amount"].tolist() == [20.0, 15.0]


# ------------------------------------------------------------------------------------------ 4 Settings by header
SALES_MINI = [["Order Date", "Customer", "Product", "Amount"], [D(2024, 11, 2), "A", "P", 100.0],
              [D(2024, 12, 2), "B", "Q", 50.0]]


def test_settings_read_by_header_in_any_column_order(tmp_path):
    path = set_settings(paste_into_template(tmp_path / "s.xlsx", SALES_MINI),
                        [["Value", "Note", "Key"], ["2024-11", "the month", "report_month"],
                         ["千元", "", "display_unit"], ["90天", "", "churn_days"], ["10个", "", "top_n"],
                         ["zh", "", "language"]])
    inputs, findings = load_inputs(path)
    s = inputs.settings
    assert (str(s.report_month), s.display_unit, s.churn_days, s.top_n, s.language) == ("2024-11", 1000, 90, 10, "zh")
    assert not [f for f in findings if f.severity in ("error", "warning")]
    read = {key: (written, cell, value) for key, written, cell, value in inputs.settings_read}
    assert read["churn_days"] == ("90天", "A4", "90") and read["report_month"][1] == "A2"


def test_settings_with_days_written_in_english(tmp_path):
    path = set_settings(paste_into_template(tmp_path / "s.xlsx", SALES_MINI),
                        [["Setting", "Value"], ["churn_days", "90 days"], ["stalled_days", "30 d"]])
    inputs, findings = load_inputs(path)
    assert (inputs.settings.churn_days, inputs.settings.stalled_days) == (90, 30)


def test_settings_without_a_recognised_key_is_an_error(tmp_path):
    path = set_settings(paste_into_template(tmp_path / "s.xlsx", SALES_MINI),
                        [["Monat", "2024-11"], ["Einheit", "1000"]])
    inputs, findings = load_inputs(path)
    [error] = [f for f in findings if f.severity == "error"]
    assert error.code == "settings_unread" and error.cell == "A1"


def test_a_bad_setting_is_said_wholly_in_chinese(tmp_path):
    path = set_settings(paste_into_template(tmp_path / "s.xlsx", SALES_MINI),
                        [["项目", "值"], ["top_n", "很多"], ["language", "zh"]])
    inputs, findings = load_inputs(path)
    [bad] = by_code(findings, "bad_setting")
    assert bad.message_zh == '设置项 top_n "很多" 无效（应为数字）；使用 10'
    assert not re.search(r"[A-Za-z]{3,}", bad.message_zh.replace("top_n", ""))


def test_the_checks_sheet_lists_the_settings_read(tmp_path):
    path = set_settings(paste_into_template(tmp_path / "s.xlsx", SALES_MINI),
                        [["Value", "Key"], ["2024-12", "report_month"], ["1000", "display_unit"]])
    result, report = build(path, tmp_path, "2024-12")
    rows = {r["key"]: r for r in report["checks"]["settings_read"]}
    assert rows["display_unit"] == {"key": "display_unit", "written": "1000", "cell": "Settings!A3", "value": "1000"}
    wb = openpyxl.load_workbook(result.output, read_only=True)
    texts = {v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert "Settings read" in texts and "Settings!A3" in texts


# ------------------------------------------------------------------------------------------ 5 one value
def test_a_company_column_with_one_value_is_no_customer(tmp_path):
    # Odoo: "Company" is the seller (one value); "Customer" names 3 customers.
    rows = [["Order Reference", "Order Date", "Company", "Customer", "Product", "Untaxed Total"]]
    rows += [[f"S{i:05d}", D(2024, 12, 1 + i), "My Company (San Francisco)", ["Azure", "Deco", "Lumber"][i % 3],
              "Desk", 100.0] for i in range(12)]
    inputs, findings = load_inputs(paste_into_template(tmp_path / "o.xlsx", rows))
    assert errors(findings) == []
    assert inputs.sales["customer_name"].nunique() == 3 and uses(inputs)["customer_name"][0] == "Customer"
    assert by_code(findings, "column_one_value_other")


def test_the_only_customer_column_with_one_value_is_warned(tmp_path):
    rows = [["Order Date", "Customer", "Product", "Amount"]] + [[D(2024, 12, 1 + i), "Acme", f"P{i}", 10.0]
                                                                 for i in range(12)]
    inputs, findings = load_inputs(paste_into_template(tmp_path / "o.xlsx", rows))
    [w] = by_code(findings, "column_one_value")
    assert w.severity == "warning" and '"Acme"' in w.message


# ------------------------------------------------------------------------------------------ 6 order totals
def test_an_order_total_repeated_on_lines_gives_way_to_the_line_amount(tmp_path):
    # Amount repeats the order's total (300 on both lines of O1); Sales is the line's: 100 + 200 + 50.
    rows = [["Order ID", "Order Date", "Customer", "Product", "Amount", "Sales"],
            ["O1", D(2024, 12, 1), "A", "P", 300.0, 100.0], ["O1", D(2024, 12, 1), "A", "Q", 300.0, 200.0],
            ["O2", D(2024, 12, 2), "B", "P", 80.0, 50.0], ["O2", D(2024, 12, 2), "B", "R", 80.0, 30.0]]
    inputs, findings = load_inputs(paste_into_template(tmp_path / "o.xlsx", rows))
    assert errors(findings) == [] and inputs.sales["amount"].sum() == 380.0
    assert uses(inputs)["amount"][0] == "Sales" and by_code(findings, "order_total_other")


SHOPIFY = ["Name", "Email", "Financial Status", "Paid at", "Subtotal", "Shipping", "Taxes", "Total",
           "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Billing Name"]


def test_shopify_order_totals_on_first_lines_read_as_price_times_quantity(tmp_path):
    # #1001: 2 × 15 + 1 × 40 = 70; #1002: 3 × 12.5 = 37.5 and 1 × 40 = 40: the month is 147.5.
    rows = [SHOPIFY,
            ["#1001", "a@x.com", "paid", "2024-12-02", 70.0, 5.0, 7.0, 82.0, D(2024, 12, 2), 2, "Mug", 15.0, "Ann"],
            ["#1001", "a@x.com", None, None, None, None, None, None, D(2024, 12, 2), 1, "Tote", 40.0, "Ann"],
            ["#1002", "b@x.com", "paid", "2024-12-05", 77.5, 5.0, 7.75, 90.25, D(2024, 12, 5), 3, "Cap", 12.5,
             "Bo"],
            ["#1002", "b@x.com", None, None, None, None, None, None, D(2024, 12, 5), 1, "Tote", 40.0, "Bo"]]
    path = paste_into_template(tmp_path / "shop.xlsx", rows)
    inputs, findings = load_inputs(path)
    assert errors(findings) == []
    assert inputs.sales["amount"].tolist() == [30.0, 40.0, 37.5, 40.0]
    assert uses(inputs)["amount"] == ("Lineitem price × Lineitem quantity", 1.0, "price_x_quantity")
    assert uses(inputs)["order_id"][0] == "Name" and inputs.sales["order_id"].nunique() == 2
    result, report = build(path, tmp_path, "2024-12")
    assert report["figures"]["SR_SALES_MONTH"] == 147.5 and report["sales"]["orders"] == 2


def test_order_totals_with_no_line_amount_are_refused(tmp_path):
    rows = [["Order ID", "Order Date", "Customer", "Product", "Order Amount"],
            ["O1", D(2024, 12, 1), "A", "P", 300.0], ["O1", D(2024, 12, 1), "A", "Q", 300.0],
            ["O2", D(2024, 12, 2), "B", "P", 80.0], ["O2", D(2024, 12, 2), "B", "R", 80.0]]
    inputs, findings = load_inputs(paste_into_template(tmp_path / "o.xlsx", rows))
    [error] = [f for f in findings if f.severity == "error"]
    assert error.code == "order_total_repeated" and error.cell == "E1"
    assert "unit price and quantity" in error.message


# ------------------------------------------------------------------------------------------ 7 lines vs orders
def test_without_an_order_number_the_report_says_lines(tmp_path):
    rows = [["Order Date", "Customer", "Product", "Amount"], [D(2024, 12, 2), "A", "P", 10.0],
            [D(2024, 12, 2), "A", "Q", 20.0], [D(2024, 12, 3), "B", "P", 30.0]]
    path = paste_into_template(tmp_path / "l.xlsx", rows)
    result, report = build(path, tmp_path, "2024-12")
    assert report["meta"]["counts_lines"] is True and report["sales"]["orders"] == 3
    wb = openpyxl.load_workbook(result.output, read_only=True)
    texts = {v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert "Lines (no order number)" in texts and "Orders" not in texts


# ------------------------------------------------------------------------------------------ 9 headers
def test_a_two_row_merged_header_is_read(tmp_path):
    # Row 1: group headings merged across (订单信息 over 日期 | 单据号), 业务员 and 金额 merged down.
    rows = [["序号", "订单信息", None, "客户信息", None, "业务员", "存货名称", "金额"],
            [None, "日期", "单据号", "客户编码", "客户名称", None, None, None],
            [1, D(2024, 12, 2), "XS001", "C1", "甲", "张伟", "A", 100.0],
            [2, D(2024, 12, 5), "XS002", "C2", "乙", "李娜", "B", 250.0]]
    path = paste_into_template(tmp_path / "two.xlsx", rows, lang="zh")
    wb = openpyxl.load_workbook(path)
    ws = wb["销售明细"]
    for rng in ("B1:C1", "D1:E1", "F1:F2", "G1:G2", "H1:H2", "A1:A2"):
        ws.merge_cells(rng)
    wb.save(path)
    inputs, findings = load_inputs(path)
    assert errors(findings) == []
    assert inputs.sales["amount"].tolist() == [100.0, 250.0] and inputs.sales["_row"].tolist() == [3, 4]
    assert inputs.sales["sales_rep"].tolist() == ["张伟", "李娜"]
    assert inputs.sales["order_id"].tolist() == ["XS001", "XS002"]


def test_the_template_header_over_an_empty_column_gives_way(tmp_path):
    # A narrower export pasted at A1 of the Chinese template: its 订单金额 (E) is read, not the template's
    # own 金额 left over an empty column further right.
    wb_rows = [["订单号", "日期", "客户名称", "产品", "订单金额"], ["S1", D(2024, 12, 2), "甲", "A", 10.0],
               ["S2", D(2024, 12, 3), "乙", "B", 20.0]]
    path = paste_into_template(tmp_path / "narrow.xlsx", wb_rows, lang="zh")
    wb = openpyxl.load_workbook(path)
    ws = wb["销售明细"]
    ws.cell(1, 10, "金额")
    ws.cell(1, 9, "客户编号")
    wb.save(path)
    inputs, findings = load_inputs(path)
    assert errors(findings) == [] and inputs.sales["amount"].tolist() == [10.0, 20.0]
    assert uses(inputs)["amount"][0] == "订单金额"
    assert inputs.sales["customer_id"].tolist() == ["甲", "乙"]


def test_title_rows_pasted_under_the_template_header_are_skipped(tmp_path):
    rows = [["销售订单列表"], ["日期：2024-12-01 至 2024-12-31"], [],
            ["单据编号", "日期", "客户", "物料名称", "金额"],
            ["XS1", D(2024, 12, 2), "甲", "A", 10.0], ["XS2", D(2024, 12, 3), "乙", "B", 20.0]]
    path = paste_into_template(tmp_path / "title.xlsx", rows, at_row=2, lang="zh")
    inputs, findings = load_inputs(path)
    assert errors(findings) == [] and inputs.sales["amount"].tolist() == [10.0, 20.0]
    assert inputs.sales["_row"].tolist() == [6, 7]
    [second] = by_code(findings, "second_header")
    assert second.cell == "5:5"


# ------------------------------------------------------------------------------------------ 10 deal exports
HUBSPOT = ["Record ID", "Name", "Deal Stage", "Close Date", "Deal Owner", "Associated Company", "Amount", "Pipeline"]


def test_a_deal_export_without_a_product_column_builds(tmp_path):
    # Every deal name is different: never offered as the product. December: 1200 + 800 + 300 = 2300.
    rows = [HUBSPOT,
            ["9001", "Acme - renewal 2025", "closedwon", D(2024, 12, 3), "Ann", "Acme", 1200.0, "Sales Pipeline"],
            ["9002", "Globex - new seats", "closedwon", D(2024, 12, 11), "Bo", "Globex", 800.0, "Sales Pipeline"],
            ["9003", "Initech - upsell", "closedwon", D(2024, 12, 19), "Ann", "Initech", 300.0, "Sales Pipeline"],
            ["9004", "Acme - services", "closedwon", D(2024, 11, 20), "Bo", "Acme", 500.0, "Sales Pipeline"],
            ["9005", "Umbrella - pilot", "closedwon", D(2024, 11, 25), "Ann", "Umbrella", 150.0, "Sales Pipeline"]]
    path = paste_into_template(tmp_path / "deals.xlsx", rows)
    result, report = build(path, tmp_path, "2024-12")
    assert report["figures"]["SR_SALES_MONTH"] == 2300.0 and report["figures"]["SR_SALES_PREV_MONTH"] == 650.0
    assert report["sales"]["has_products"] is False and report["sales"]["top_products"] == []
    [w] = by_code(result.findings, "product_column")
    assert w.severity == "warning" and "Name" not in w.message
    reps = {r["rep"]: r["actual"] for r in report["team"]["reps"]}
    assert reps == {"Ann": 1500.0, "Bo": 800.0}
    wb = openpyxl.load_workbook(result.output, read_only=True)
    texts = {v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert any(t.startswith("No product data") for t in texts)


def test_a_mapping_line_makes_the_amount_price_times_quantity(tmp_path):
    # 3 × 19.9 = 59.7 and 2 × 5 = 10: the month is 69.7.
    rows = [["Order Date", "Customer", "Product", "Stückpreis", "Menge"],
            [D(2024, 12, 2), "A", "P", 19.9, 3], [D(2024, 12, 3), "B", "Q", 5.0, 2]]
    path = paste_into_template(tmp_path / "m.xlsx", rows,
                               extra_sheets={"Mapping": [["Sales", "amount", "Stückpreis × Menge"]]})
    inputs, findings = load_inputs(path)
    assert errors(findings) == [] and inputs.sales["amount"].round(6).tolist() == [59.7, 10.0]
    assert uses(inputs)["amount"] == ("Stückpreis × Menge", 1.0, "price_x_quantity")
    assert {u.how for u in inputs.column_uses["sales"] if u.field == "amount"} == {"mapped"}


def test_a_mapping_product_of_a_missing_header_is_an_error(tmp_path):
    rows = [["Order Date", "Customer", "Product", "Price", "Qty"], [D(2024, 12, 2), "A", "P", 19.9, 3]]
    path = paste_into_template(tmp_path / "m.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    for j, v in enumerate(["Sales", "amount", "=Preis*Qty"], start=1):   # typed as text: '=Preis*Qty
        cell = wb["Mapping"].cell(2, j, v)
        cell.data_type = "s"
    wb.save(path)
    inputs, findings = load_inputs(path)
    assert ("Mapping!C2", 'mapped header "Preis" for amount is not in the header row of sheet Sales') in {
        (f.location, f.message) for f in findings if f.severity == "error"}
