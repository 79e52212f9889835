"""Real exports pasted unchanged into the template: four shapes, each with its own real header names.

- a CSV-like retail export of 21 columns and no sales rep (the Superstore shape, `realistic_data`);
- a Salesforce "Opportunities with Products" report: title and filter rows, the deal's Amount repeated
  on every product line beside the line's Total Price, Grand Totals and the two footer lines;
- a Kingdee K/3 Cloud 销售订单列表 pasted under the (Chinese) template's header row, with a 合计 row,
  金额 beside 价税合计 and no category;
- a 纷享销客 order export: text dates and text amounts, customer names only.

Each builds with no error; its headline figures equal a pandas calculation from its own rows; no total
or footer row is in any sum. The expected numbers never come from the code under test.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from ooxml_check import assert_ooxml_clean
from realistic_data import export_rows, paste_into_template, superstore_orders, us_date_text
from salesreport_xl.cli import main
from salesreport_xl.pipeline import build_report, load_inputs

ROOT = Path(__file__).resolve().parents[1]


def build(path, tmp_path, month, **kw):
    out = tmp_path / "report.xlsx"
    result = build_report(path, out, month=month, json_path=tmp_path / "report.json",
                          built_at="2025-01-05T09:00:00+00:00", **kw)
    errors = [f.text() for f in result.findings if f.severity == "error"]
    assert errors == []
    return result, json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))


def headline(frame: pd.DataFrame, date: str, amount: str, month: str) -> dict:
    """Month, previous month and year-to-date totals, by pandas, from the export's own rows."""
    period = pd.Period(month, "M")
    months = pd.to_datetime(frame[date]).dt.to_period("M")
    ytd = (months >= pd.Period(f"{period.year}-01", "M")) & (months <= period)
    return {"SR_SALES_MONTH": frame.loc[months == period, amount].sum(),
            "SR_SALES_PREV_MONTH": frame.loc[months == period - 1, amount].sum(),
            "SR_YTD": frame.loc[ytd, amount].sum()}


def assert_figures(figures: dict, expected: dict) -> None:
    for name, value in expected.items():
        assert math.isclose(figures[name], value, rel_tol=1e-9, abs_tol=1e-6), (name, figures[name], value)


def column_read(report: dict) -> set[tuple[str, str]]:
    return {(r["text"], r["how_text"]) for r in report["checks"]["columns_read"]}


def sheet_texts(path, sheet: str) -> set[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {v for row in wb[sheet].iter_rows(values_only=True) for v in row if isinstance(v, str)}
    finally:
        wb.close()


def codes(result) -> set[str]:
    return {f.code for f in result.findings}


# ------------------------------------------------------------------------------------------ 1 CSV-like
@pytest.fixture(scope="module")
def superstore():
    return superstore_orders(seed=11)


def test_realistic_data_has_the_shape_of_a_retail_export(superstore):
    """The generator's promises (what later analyses rely on), measured independently."""
    df = superstore
    assert list(df.columns)[:3] == ["Row ID", "Order ID", "Order Date"] and len(df.columns) == 21
    assert "Sales Rep" not in df.columns and set(df["Segment"]) == {"Consumer", "Corporate", "Home Office"}
    years = df.groupby(df["Order Date"].dt.year)["Sales"].sum()
    assert list(years.index) == [2021, 2022, 2023, 2024] and years.is_monotonic_increasing   # growth
    by_month = df.groupby(df["Order Date"].dt.month)["Sales"].sum()
    assert by_month[[11, 12]].mean() > 1.3 * by_month[[2]].mean()                           # seasonality
    per_product = df.groupby("Product ID")["Order ID"].nunique() / 4
    assert df["Product ID"].nunique() >= 300 and (per_product <= 4).mean() > 0.6               # long tail
    orders = df.drop_duplicates("Order ID").sort_values("Order Date")
    gaps = orders.groupby("Customer ID")["Order Date"].diff().dt.days.dropna()
    assert 100 <= gaps.median() <= 150
    assert superstore_orders(seed=11).equals(df)                                               # deterministic


def test_csv_like_export_without_rep_builds(tmp_path, superstore, lo_check):
    path = paste_into_template(tmp_path / "superstore.xlsx", export_rows(superstore))
    result, report = build(path, tmp_path, "2024-12")
    assert_figures(report["figures"], headline(superstore, "Order Date", "Sales", "2024-12"))
    dec = superstore[superstore["Order Date"].dt.to_period("M") == pd.Period("2024-12", "M")]
    assert report["sales"]["orders"] == dec["Order ID"].nunique()
    # No rep column: the team's figures, no per-rep rows; Profit read as profit (margin = its sum over the
    # month's Sales, by pandas); the other extra columns ignored.
    assert report["team"]["has_reps"] is False and report["team"]["reps"] == []
    assert any(t.startswith("No per-rep data") for t in sheet_texts(result.output, "Team Performance"))
    assert ('Amount ← "Sales" (Sales!R)', "recognised") in column_read(report)
    assert ('Product ← "Product Name" (Sales!Q)', "recognised") in column_read(report)
    assert {"read_date_order", "extra_column"} <= codes(result)
    extra = {f.message for f in result.findings if f.code == "extra_column"}
    assert 'column "Profit" is not part of the template; ignored' not in extra
    assert ('Profit ← "Profit" (Sales!U)', "recognised") in column_read(report)
    assert report["sales"]["profit"] == pytest.approx(dec["Profit"].sum(), abs=0.01)
    assert report["sales"]["margin"] == pytest.approx(dec["Profit"].sum() / dec["Sales"].sum())
    # no Pipeline sheet: the open pipeline is not known (null), not an empty one (0)
    assert (report["plan"]["open_pipeline_value"], report["plan"]["open_deals"]) == (None, None)
    assert_ooxml_clean(path, result.output)
    lo_check(result.output)


# ------------------------------------------------------------------------------------------ 2 Salesforce
def salesforce_rows():
    """A product-line report: (owner, account, deal, type, source, close, created, product, family, qty,
    unit price) per line; Amount = the deal's total on each of its lines, Total Price = the line's."""
    lines = [
        ("Ann Lee", "Acme Corp", "Acme - Q4 renewal", "Existing Business", "Web", "11/28/2024", "10/2/2024",
         "GenWatt Diesel 200kW", "Generators", 2, 15000.0),
        ("Ann Lee", "Acme Corp", "Acme - Q4 renewal", "Existing Business", "Web", "11/28/2024", "10/2/2024",
         "Installation: Industrial", "Installation", 1, 3250.5),
        ("Bo Chen", "Burlington Textiles", "Burlington - 1000 units", "New Business", "Phone Inquiry",
         "12/3/2024", "11/14/2024", "SLA: Gold", "Services", 3, 1200.0),
        ("Bo Chen", "Edge Communications", "Edge Installation", "New Business", "Partner Referral",
         "12/19/2024", "12/1/2024", "GenWatt Gasoline 300kW", "Generators", 1, 35000.0),
        ("Ann Lee", "Edge Communications", "Edge SLA", "Existing Business", "Web", "12/19/2024",
         "12/2/2024", "SLA: Silver", "Services", 2, 700.25),
        ("Cy Diaz", "Grand Hotels", "Grand Hotels Emergency", "New Business", "Web", "12/30/2024",
         "12/20/2024", "Installation: Portable", "Installation", 4, 410.0),
    ]
    frame = pd.DataFrame(lines, columns=["Opportunity Owner", "Account Name", "Opportunity Name", "Type",
                                         "Lead Source", "Close Date", "Created Date", "Product Name",
                                         "Product Family", "Quantity", "Sales Price"])
    frame["Total Price"] = frame["Quantity"] * frame["Sales Price"]
    frame["Amount"] = frame.groupby("Opportunity Name")["Total Price"].transform("sum")
    header = ["Opportunity Owner", "Account Name", "Opportunity Name", "Type", "Lead Source", "Amount",
              "Close Date", "Created Date", "Stage", "Product Name", "Product Family", "Quantity",
              "Sales Price", "Total Price"]
    body = frame.assign(Stage="Closed Won")[header].astype(object).values.tolist()
    grand = ["Grand Totals (6 records)", None, None, None, None, frame["Amount"].sum(), None, None, None,
             None, None, frame["Quantity"].sum(), None, frame["Total Price"].sum()]
    rows = ([["Opportunities with Products"], ["Acme Sales Org"], ["Filtered By:"],
             ["  Close Date equals LAST 90 DAYS"], [], header] + body
            + [[], grand, [], ["Confidential Information - Do Not Distribute"],
               ["Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."]])
    return frame, rows


def test_salesforce_product_line_report_builds(tmp_path):
    frame, rows = salesforce_rows()
    path = paste_into_template(tmp_path / "sfdc.xlsx", rows)
    result, report = build(path, tmp_path, "2024-12")
    # Total Price per line, never the deal's repeated Amount nor the Grand Totals line.
    assert_figures(report["figures"], headline(frame, "Close Date", "Total Price", "2024-12"))
    read = column_read(report)
    assert ('Amount ← "Total Price" (Sales!N)', "recognised") in read
    assert ('Amount ← "Amount" (Sales!F)', "also names Amount; not read") in read
    assert ('Order Date ← "Close Date" (Sales!G)', "recognised") in read
    assert ('Customer ID ← "Account Name" (Sales!B)', "stands in: no Customer ID column") in read
    assert ('Sales Rep ← "Opportunity Owner" (Sales!A)', "recognised") in read
    totals = [f for f in result.findings if f.code == "total_rows"]
    assert len(totals) == 1 and totals[0].cell == "14:17"     # Grand Totals, Confidential, Copyright
    assert "14, 16, 17" in totals[0].message
    reps = {r["rep"]: r["actual"] for r in report["team"]["reps"]}
    dec = frame[pd.to_datetime(frame["Close Date"]).dt.month == 12]
    assert reps == dec.groupby("Opportunity Owner")["Total Price"].sum().to_dict()
    assert_ooxml_clean(path, result.output)


# ------------------------------------------------------------------------------------------ 3 Kingdee
KINGDEE_HEADER = ["单据编号", "日期", "客户编码", "客户", "销售员", "物料编码", "物料名称", "规格型号", "销售数量",
                  "单价", "金额", "税额", "价税合计", "单据状态"]


def kingdee_rows():
    rng = np.random.default_rng(3)
    lines = []
    for i in range(40):
        day = dt.datetime(2024, 11, 1) + dt.timedelta(days=int(rng.integers(0, 61)))
        qty = float(rng.integers(1, 20))
        price = float(rng.choice([12.5, 88.0, 230.0, 1999.0]))
        net = round(qty * price, 2)
        tax = round(net * 0.13, 2)
        lines.append([f"XSDD{2024000 + i // 2:07d}", day, f"CUST.{100 + i % 7:04d}", f"客户{i % 7}有限公司",
                      ["张伟", "李娜", "王强"][i % 3], f"1.01.{i % 9:03d}", f"物料{i % 9}", "标准", qty, price, net,
                      tax, round(net + tax, 2), "已审核"])
    frame = pd.DataFrame(lines, columns=KINGDEE_HEADER)
    total = ["合计", None, None, None, None, None, None, None, frame["销售数量"].sum(), None, frame["金额"].sum(),
             frame["税额"].sum(), frame["价税合计"].sum(), None]
    return frame, [KINGDEE_HEADER] + lines + [total]


def test_kingdee_order_list_under_the_template_header_builds(tmp_path):
    frame, rows = kingdee_rows()
    # Pasted under the Chinese template's own header row (row 1): the export's header is row 2.
    path = paste_into_template(tmp_path / "kingdee.xlsx", rows, at_row=2, lang="zh",
                               settings={"language": "zh"})
    result, report = build(path, tmp_path, "2024-12")
    assert_figures(report["figures"], headline(frame, "日期", "金额", "2024-12"))    # net, not 价税合计
    assert "second_header" in codes(result)
    read = column_read(report)
    assert ('金额 ← "金额"（销售明细!K）', "自动识别") in read
    assert ('金额 ← "价税合计"（销售明细!M）', "也对应 金额；未读取") in read
    totals = [f for f in result.findings if f.code == "total_rows"]
    assert len(totals) == 1 and totals[0].cell == f"{len(rows) + 1}:{len(rows) + 1}"
    # No category column: the category part says so; products are still analysed.
    assert report["sales"]["has_categories"] is False and report["sales"]["by_category"] == []
    assert any(t.startswith("无产品类别数据") for t in sheet_texts(result.output, "销售业绩分析"))
    assert len(report["sales"]["top_products"]) > 0
    assert {"optional_column"} <= codes(result)
    assert_ooxml_clean(path, result.output)


# ------------------------------------------------------------------------------------------ 4 纷享销客
FXIAOKE_HEADER = ["销售订单编号", "客户名称", "下单日期", "销售订单金额(元)", "负责人", "产品名称", "数量", "所属部门",
                  "生命状态"]


def fxiaoke_rows():
    data = [
        ("SO-20241102-001", "杭州云帆科技有限公司", "2024-11-02", "¥12,800.00", "陈静", "CRM 标准版", "2"),
        ("SO-20241115-002", "苏州恒达机械", "2024-11-15", "¥3,450.50", "刘洋", "实施服务", "1"),
        ("SO-20241203-003", "杭州云帆科技有限公司", "2024-12-03", "¥1,200.00", "陈静", "培训服务", "3"),
        ("SO-20241209-004", "上海盛业贸易", "2024-12-09", "¥56,000.00", "刘洋", "CRM 旗舰版", "10"),
        ("SO-20241220-005", "苏州恒达机械", "2024/12/20", "¥980.00", "陈静", "实施服务", "1"),
        ("SO-20241228-006", "北京远景咨询", "2024年12月28日", "-¥500.00", "刘洋", "培训服务", "1"),
    ]
    frame = pd.DataFrame(data, columns=FXIAOKE_HEADER[:7])
    frame["amount"] = frame["销售订单金额(元)"].str.replace(r"[¥,]", "", regex=True).astype(float)
    frame["date"] = pd.to_datetime(frame["下单日期"].str.replace("年", "-").str.replace("月", "-")
                                   .str.replace("日", "").str.replace("/", "-"))
    rows = [FXIAOKE_HEADER] + [list(r) + ["华东销售部", "正常"] for r in data]
    return frame, rows


def test_fxiaoke_export_with_text_dates_and_amounts_builds(tmp_path):
    frame, rows = fxiaoke_rows()
    path = paste_into_template(tmp_path / "fxiaoke.xlsx", rows, settings={"language": "zh"}, lang="zh")
    result, report = build(path, tmp_path, "2024-12")
    assert_figures(report["figures"], headline(frame, "date", "amount", "2024-12"))
    read = column_read(report)
    assert ('客户编号 ← "客户名称"（销售明细!B）', "代替：没有 客户编号 列") in read
    assert ('金额 ← "销售订单金额(元)"（销售明细!D）', "自动识别") in read
    # New customers of December: first orders in December, by name (there is no code).
    first = frame.groupby("客户名称")["date"].min()
    assert report["figures"]["SR_NEW_CUSTOMERS"] == int((first.dt.to_period("M") == pd.Period("2024-12")).sum())
    assert_ooxml_clean(path, result.output)


def test_committed_template_with_its_mapping_sheet_passes_the_ooxml_checks():
    assert_ooxml_clean(ROOT / "workbook_template.xlsx")


# ------------------------------------------------------------------------------------------ the Mapping sheet
MINI = [["Order Date", "Customer", "Item", "Amount", "Net Revenue", "Umsatz"],
        [dt.datetime(2024, 12, 2), "A", "P1", 100.0, 90.0, 80.0],
        [dt.datetime(2024, 12, 3), "B", "P2", 200.0, 180.0, 160.0]]


def test_mapping_overrides_a_recognised_header(tmp_path):
    path = paste_into_template(tmp_path / "m.xlsx", MINI, extra_sheets={"Mapping": [["Sales", "amount", "Net Revenue"]]})
    inputs, findings = load_inputs(path)
    assert [f.text() for f in findings if f.severity == "error"] == []
    assert inputs.sales["amount"].tolist() == [90.0, 180.0]
    uses = {(u.field, u.header, u.how) for u in inputs.column_uses["sales"]}
    assert ("amount", "Net Revenue", "mapped") in uses and ("amount", "Amount", "left") in uses


def test_mapping_maps_an_unknown_header(tmp_path):
    rows = [[h if h != "Amount" else "Betrag" for h in MINI[0]]] + MINI[1:]
    path = paste_into_template(tmp_path / "m.xlsx", rows, extra_sheets={"Mapping": [["销售明细", "金额", "Umsatz"]]})
    inputs, findings = load_inputs(path)
    assert [f.text() for f in findings if f.severity == "error"] == []
    assert inputs.sales["amount"].tolist() == [80.0, 160.0]


def test_live_excel_values_honour_the_mapping_sheet_and_the_second_header(tmp_path):
    # What xlwings hands over (every sheet as values): the same reading as the file reader's.
    import openpyxl

    from salesreport_xl.read import workbook_from_values
    from salesreport_xl.validate import validate

    rows = [[h if h != "Amount" else "Betrag" for h in MINI[0]]] + MINI[1:]
    path = paste_into_template(tmp_path / "m.xlsx", rows, at_row=2, extra_sheets={"Mapping": [["Sales", "amount", "Umsatz"]]})
    wb = openpyxl.load_workbook(path)
    inputs, findings = validate(workbook_from_values({ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
                                                      for ws in wb.worksheets}))
    assert [f.text() for f in findings if f.severity == "error"] == []
    assert inputs.sales["amount"].tolist() == [80.0, 160.0] and inputs.sales["_row"].tolist() == [3, 4]
    assert "second_header" in {f.code for f in findings}


def test_mapping_to_a_missing_header_is_an_error_naming_the_mapping_cell(tmp_path):
    path = paste_into_template(tmp_path / "m.xlsx", MINI,
                               extra_sheets={"Mapping": [["Sales", "product", "Item"], ["Sales", "amount", "Revenue"]]})
    inputs, findings = load_inputs(path)
    errors = [(f.location, f.message) for f in findings if f.severity == "error"]
    assert errors == [("Mapping!C3", 'mapped header "Revenue" for amount is not in the header row of sheet Sales')]


def test_missing_required_column_says_did_you_mean_and_how_to_map(tmp_path):
    rows = [["Order Date", "Customer", "Item", "Sales Amount (USD)"], [dt.datetime(2024, 12, 2), "A", "P1", 5.0]]
    path = paste_into_template(tmp_path / "m.xlsx", rows)
    inputs, findings = load_inputs(path)
    errors = [f.text() for f in findings if f.severity == "error"]
    assert errors == ['Sales!A1:D1: required column Amount (金额) is missing; did you mean "Sales Amount (USD)" '
                      '(column D)? If so, write on the Mapping sheet: Sales | amount | Sales Amount (USD)']


# ------------------------------------------------------------------------------------------ the CLI
def test_validate_shows_the_mapping_of_every_sheet(tmp_path):
    frame, rows = salesforce_rows()
    customers = [["Acme Corp", "Acme Corp", "Corporate", "West"]]
    path = paste_into_template(tmp_path / "sfdc.xlsx", rows, extra_sheets={"Customers": customers,
                                                                           "Targets": [["2024-12", None, None, None, 5000]]})
    out = CliRunner().invoke(main, ["validate", str(path)]).output
    assert '  Amount ← "Total Price" (Sales!N)  [recognised]' in out
    assert '  Segment ← "Segment" (Customers!C)  [recognised]' in out
    assert '  Target Amount ← "Target Amount" (Targets!E)  [recognised]' in out
    data = json.loads(CliRunner().invoke(main, ["validate", "--json", str(path)]).output)
    # Every input sheet of the template is listed (the empty ones with their own headers).
    assert {r["sheet"] for r in data["columns_read"]} == {"Sales", "Customers", "Targets", "Activities",
                                                          "Feedback", "Pipeline", "Plan"}
