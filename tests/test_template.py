"""The standard template: the committed file matches the generator, names and headers follow the SPEC,
list validations, data written under the headers, text stays text, the CLI writes it."""
from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from salesreport_xl import template
from salesreport_xl.cli import main
from salesreport_xl.errors import UsageError
from salesreport_xl.template import write_template, write_workbook

try:
    from helpers_xlsx import differences, workbook_content
except ImportError:  # tests collected as a package
    from tests.helpers_xlsx import differences, workbook_content

ROOT = Path(__file__).resolve().parents[1]

# The input specification's sheet and header tables, written out by hand (not from schema.py): sheet
# names and headers in column order.
SPEC_EN = {
    "Settings": ["Setting", "Value"],
    "Sales": ["Order Date", "Order ID", "Customer ID", "Customer Name", "Product", "Category", "Channel",
              "Sales Rep", "Quantity", "Amount", "Profit"],
    "Customers": ["Customer ID", "Customer Name", "Segment", "Region", "Status", "Churn Date", "Churn Reason"],
    "Targets": ["Month", "Sales Rep", "Segment", "Category", "Target Amount"],
    "Activities": ["Date", "Sales Rep", "Activity Type", "Customer ID", "Participants", "Outcome", "Feedback"],
    "Feedback": ["Date", "Customer ID", "Score", "Topic", "Comment"],
    "Pipeline": ["Deal ID", "Customer ID", "Sales Rep", "Stage", "Entered On", "Left On", "Amount", "Status"],
    "Plan": ["Section", "Text"],
    "Mapping": ["Sheet", "Field", "Your Header"],
}
SPEC_ZH = {
    "设置": ["项目", "值"],
    "销售明细": ["下单日期", "订单编号", "客户编号", "客户名称", "产品", "产品类别", "销售渠道", "销售人员", "数量", "金额", "利润"],
    "客户": ["客户编号", "客户名称", "客户类型", "区域", "状态", "流失日期", "流失原因"],
    "销售目标": ["月份", "销售人员", "客户类型", "产品类别", "目标金额"],
    "销售活动": ["日期", "销售人员", "活动类型", "客户编号", "参与人数", "结果", "反馈"],
    "客户反馈": ["日期", "客户编号", "满意度评分", "主题", "评论"],
    "商机阶段": ["商机编号", "客户编号", "销售人员", "阶段", "进入日期", "离开日期", "金额", "状态"],
    "计划与说明": ["栏目", "内容"],
    "字段映射": ["工作表", "字段", "您的表头"],
}

# Optional columns after the specified ones, from the SPEC's "new parts" (by region): Sales' own region
# (else the customer's) and a region's target.
OPTIONAL_EN = {"Sales": ["Region", "Segment"], "Targets": ["Region"], "Pipeline": ["Close Date"]}
OPTIONAL_ZH = {"销售明细": ["区域", "客户类型"], "销售目标": ["区域"], "商机阶段": ["预计成交日期"]}

# (sheet, column letter in SPEC order) -> list values the drop-down must offer, per the input specification.
LIST_VALIDATIONS_EN = {
    ("Sales", "G"): ["Online", "Offline"],
    ("Customers", "C"): ["Key Account", "SMB"],
    ("Customers", "E"): ["Active", "Churned"],
    ("Targets", "C"): ["Key Account", "SMB"],
    ("Activities", "C"): ["Meeting", "Call", "Visit", "Online promotion", "Event"],
    ("Activities", "F"): ["Won", "Follow-up", "No interest"],
    ("Pipeline", "H"): ["Open", "Won", "Lost"],
    ("Plan", "A"): ["summary_note", "problems", "root_causes", "bottlenecks", "next_month_plan", "strategy",
                    "training"],
}
LIST_VALIDATIONS_ZH = {
    ("销售明细", "G"): ["线上", "线下"],
    ("客户", "C"): ["大客户", "中小客户"],
    ("客户", "E"): ["活跃", "流失"],
    ("销售活动", "C"): ["会议", "电话", "拜访", "线上推广", "活动"],
    ("销售活动", "F"): ["成交", "待跟进", "无意向"],
    ("商机阶段", "H"): ["进行中", "赢单", "输单"],
}


def headers(ws) -> list:
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def validations(ws) -> dict:
    """sqref -> data validation."""
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


@pytest.fixture(scope="module")
def en_path(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("en") / "t.xlsx")


@pytest.fixture(scope="module")
def zh_path(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("zh") / "t.xlsx", lang="zh")


# --------------------------------------------------------------------------------------------------
# The committed template

def test_committed_template_matches_the_generator(en_path):
    committed = ROOT / "workbook_template.xlsx"
    assert committed.exists(), "workbook_template.xlsx is missing: run `make template` and commit it"
    diff = differences(workbook_content(committed), workbook_content(en_path))
    assert not diff, ("workbook_template.xlsx differs from `salesreport template` output; run `make template` "
                      "and commit the file. First differences:\n" + "\n".join(diff))


def test_content_comparison_notices_a_changed_cell(en_path, tmp_path):
    # The golden comparison must be able to fail: change one header and it reports that cell.
    wb = openpyxl.load_workbook(en_path)
    wb["Sales"]["J1"] = "Net"
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    diff = differences(workbook_content(en_path), workbook_content(changed))
    assert any(d.startswith("Sales!J1:") for d in diff)


def test_generation_is_repeatable(en_path, tmp_path):
    # A fixed creation date: two generations are byte-identical, so the committed file does not churn.
    again = write_template(tmp_path / "again.xlsx")
    assert again.read_bytes() == en_path.read_bytes()


# --------------------------------------------------------------------------------------------------
# Names, headers, layout

def test_english_sheets_and_headers_follow_the_spec(en_path):
    wb = openpyxl.load_workbook(en_path)
    assert wb.sheetnames == ["About", *SPEC_EN]
    for name, expected in SPEC_EN.items():
        got = headers(wb[name])
        assert got[: len(expected)] == expected, name
        # Settings carries one more column, the note explaining each key.
        extra = ["Note"] if name == "Settings" else OPTIONAL_EN.get(name, [])
        assert got[len(expected):] == extra, name


def test_chinese_sheets_and_headers_follow_the_spec(zh_path):
    wb = openpyxl.load_workbook(zh_path)
    assert wb.sheetnames == ["说明", *SPEC_ZH]
    for name, expected in SPEC_ZH.items():
        got = headers(wb[name])
        assert got[: len(expected)] == expected, name
        extra = ["说明"] if name == "设置" else OPTIONAL_ZH.get(name, [])
        assert got[len(expected):] == extra, name


def test_input_sheets_have_frozen_styled_headers_widths_and_formats(en_path):
    wb = openpyxl.load_workbook(en_path)
    for name in SPEC_EN:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert all(c.font.b for c in ws[1]), name
    sales = wb["Sales"]
    # Required columns (Order Date) are dark with white text; optional ones (Order ID) light.
    assert sales["A1"].fill.fgColor.rgb == "FF1F4E78"
    assert sales["B1"].fill.fgColor.rgb == "FFDDEBF7"
    assert sales["A1"].alignment.wrap_text
    # Column formats for what users type below the header.
    assert sales.column_dimensions["A"].number_format == "yyyy-mm-dd"
    assert sales.column_dimensions["J"].number_format == "#,##0.00"
    assert wb["Targets"].column_dimensions["A"].number_format == "yyyy-mm"
    # Widths: Customer Name is declared 24 characters wide; Excel stores width + 0.71 padding.
    assert sales.column_dimensions["D"].width == pytest.approx(24.71, abs=0.01)


def test_header_hints_are_comments(en_path, zh_path):
    sales = openpyxl.load_workbook(en_path)["Sales"]
    assert sales["J1"].comment.text == "Required.\nNet amount in the currency; negative = return."
    assert sales["G1"].comment.text == "Optional.\nOnline / Offline or your own.\nValues: Online / Offline (or your own)."
    zh = openpyxl.load_workbook(zh_path)["客户反馈"]
    assert zh["C1"].comment.text == "必填。\n1（差）到 5（优）。"


def test_settings_prefilled_with_defaults(en_path, zh_path):
    ws = openpyxl.load_workbook(en_path)["Settings"]
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows == {
        "Report month": None, "Company": None, "Team": None, "Currency": "¥", "Display unit": 10000,
        "Unit label": None, "Language": "en", "Churn days": "auto", "At-risk drop": 0.30, "Big change": 0.20,
        "Underperform": -0.10, "Stalled days": "auto", "Materiality": 0.01, "Top N": 10,
        "Key account segments": None, "Decimal separator": None, "Date order": None,
    }
    # Ratios are shown as percentages; the report month as a month.
    assert ws["B10"].number_format == "0%" and ws["B2"].number_format == "yyyy-mm"
    dv = {str(d.sqref): d.formula1 for d in ws.data_validations.dataValidation}
    assert dv == {"B6": '"1,1000,10000,1000000"', "B8": '"en,zh"', "B18": '"MDY,DMY"'}   # after materiality (B14)
    zh = openpyxl.load_workbook(zh_path)["设置"]
    assert [zh["A2"].value, zh["A8"].value, zh["B8"].value] == ["报告月份", "语言", "zh"]


def test_about_sheet_explains_every_sheet_and_how_to_build(en_path):
    ws = openpyxl.load_workbook(en_path)["About"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Sales" in texts and "Pipeline" in texts
    assert "Order Date, Customer ID, Product, Amount" in texts  # Sales' required columns
    joined = "\n".join(texts)
    assert "salesreport build" in joined and "Generate" in joined


# --------------------------------------------------------------------------------------------------
# Data validation

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_list_validations_offer_spec_values_and_allow_custom_ones(lang, en_path, zh_path):
    wb = openpyxl.load_workbook(en_path if lang == "en" else zh_path)
    expected = LIST_VALIDATIONS_EN if lang == "en" else LIST_VALIDATIONS_ZH
    for (sheet, col), values in expected.items():
        dv = validations(wb[sheet]).get(f"{col}2:{col}5001")
        assert dv is not None, f"no validation on {sheet}!{col}2:{col}5001"
        assert dv.type == "list"
        assert dv.formula1 == '"' + ",".join(values) + '"', (sheet, col)
        assert dv.errorStyle == "information", (sheet, col)  # custom values stay possible


def test_stage_and_score_validations(en_path):
    wb = openpyxl.load_workbook(en_path)
    stage = validations(wb["Pipeline"])["D2:D5001"]
    assert stage.type == "list" and "Approval" in stage.formula1
    score = validations(wb["Feedback"])["C2:C5001"]
    # "between" is the OOXML default operator, so the file may leave it out (read back as None).
    assert (score.type, score.operator or "between", score.formula1, score.formula2) == ("whole", "between", "1", "5")
    assert score.errorStyle in (None, "stop")
    participants = validations(wb["Activities"])["E2:E5001"]
    assert (participants.type, participants.operator, participants.formula1) == ("whole", "greaterThanOrEqual", "0")


def test_validation_range_grows_with_the_data(tmp_path, monkeypatch):
    # With a floor of 2 rows, 3 data rows cover rows 2 .. 3 + 1000 spare + 1 (header) = 1004.
    monkeypatch.setattr(template, "MIN_INPUT_ROWS", 2)
    frame = pd.DataFrame({"channel": ["Online", "Offline", "Online"]})
    path = write_workbook(tmp_path / "w.xlsx", data={"sales": frame})
    assert "G2:G1004" in validations(openpyxl.load_workbook(path)["Sales"])


# --------------------------------------------------------------------------------------------------
# Data under the headers

def test_frames_round_trip(tmp_path):
    sales = pd.DataFrame({
        "order_date": pd.to_datetime(["2025-03-05", "2025-02-28"]),
        "order_id": ["SO-1", "SO-2"],
        "customer_id": ["C007", "C008"],
        "customer_name": ["Acme", None],
        "product": ["Pen", "Ink"],
        "category": ["Office", "Office"],
        "channel": ["Online", "Retail fair"],
        "sales_rep": ["Li", "Wang"],
        "quantity": [3.0, math.nan],
        "amount": [1234.5, -120.25],
        "_row": [2, 3],  # not a schema column: ignored
    })
    targets = pd.DataFrame({"month": pd.to_datetime(["2025-04-01"]), "target_amount": [50000.0]})
    path = write_workbook(tmp_path / "d.xlsx", data={"sales": sales, "targets": targets})
    wb = openpyxl.load_workbook(path)
    rows = list(wb["Sales"].iter_rows(min_row=2, max_row=3, values_only=True))
    assert rows == [
        (dt.datetime(2025, 3, 5), "SO-1", "C007", "Acme", "Pen", "Office", "Online", "Li", 3, 1234.5, None, None,
         None),
        (dt.datetime(2025, 2, 28), "SO-2", "C008", None, "Ink", "Office", "Retail fair", "Wang", None, -120.25,
         None, None, None),
    ]   # the optional Profit, Region and Segment columns, not in the frame, stay blank
    assert wb["Sales"]["A2"].number_format == "yyyy-mm-dd"
    assert wb["Sales"]["J3"].number_format == "#,##0.00"
    assert wb["Sales"].max_column == 13
    assert wb["Targets"]["A2"].value == dt.datetime(2025, 4, 1)
    assert wb["Targets"]["A2"].number_format == "yyyy-mm"
    assert (wb["Targets"]["B2"].value, wb["Targets"]["E2"].value) == (None, 50000)


def test_choice_values_written_in_chinese(tmp_path):
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "segment": ["Key Account", "SMB", "Partner"],
                              "status": ["Active", "Churned", None]})
    plan = pd.DataFrame({"section": ["next_month_plan"], "text": ["Push online."]})
    path = write_workbook(tmp_path / "zh.xlsx", "zh", data={"customers": customers, "plan": plan})
    wb = openpyxl.load_workbook(path)
    got = [(r[0], r[2], r[4]) for r in wb["客户"].iter_rows(min_row=2, max_row=4, values_only=True)]
    assert got == [("C1", "大客户", "活跃"), ("C2", "中小客户", "流失"), ("C3", "Partner", None)]
    assert [c.value for c in wb["计划与说明"][2]] == ["下月计划", "Push online."]


def test_formula_looking_text_stays_text(tmp_path):
    names = ['=HYPERLINK("http://example.com","x")', "+cmd|' /C calc'!A0", "@SUM(1)"]
    frame = pd.DataFrame({"customer_id": ["=1+1", "C2", "C3"], "customer_name": names})
    path = write_workbook(tmp_path / "f.xlsx", data={"customers": frame})
    ws = openpyxl.load_workbook(path)["Customers"]
    assert [ws.cell(r, 2).value for r in (2, 3, 4)] == names
    assert all(ws.cell(r, 2).data_type == "s" for r in (2, 3, 4))
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet3.xml").decode()
    assert "<f>" not in sheet_xml


def test_settings_overrides(tmp_path):
    path = write_workbook(tmp_path / "s.xlsx", settings={"company": "ACME", "report_month": pd.Period("2025-03", "M"),
                                                          "display_unit": 1000, "churn_days": np.int64(60)})
    ws = openpyxl.load_workbook(path)["Settings"]
    assert (ws["B2"].value, ws["B3"].value, ws["B6"].value) == (dt.datetime(2025, 3, 1), "ACME", 1000)
    assert ws["B9"].value == 60 and ws["B9"].data_type == "n"  # a numpy integer is still a number


def test_unknown_keys_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="unknown sheet key"):
        write_workbook(tmp_path / "x.xlsx", data={"orders": pd.DataFrame()})
    with pytest.raises(UsageError, match="unknown setting"):
        write_workbook(tmp_path / "x.xlsx", settings={"colour": "red"})
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------------
# Atomic write, macros, CLI

def test_failure_leaves_previous_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"previous")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(template, "_rows_xml", broken)
    with pytest.raises(RuntimeError):
        write_workbook(target, data={"sales": pd.DataFrame({"product": ["Pen"]})})
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


@pytest.fixture
def vba_bin(tmp_path) -> Path:
    import xlwings

    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart.xlsm") as z:
        data = z.read("xl/vbaProject.bin")
    out = tmp_path / "vbaProject.bin"
    out.write_bytes(data)
    return out


def test_macro_enabled_workbook_gets_project_and_buttons(tmp_path, vba_bin):
    path = write_workbook(tmp_path / "m.xlsm", vba_project=vba_bin,
                          buttons=[("Generate", "Generate"), ("Validate", "ValidateInputs")])
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert "xl/vbaProject.bin" in names
        vml = "".join(z.read(n).decode() for n in names if n.endswith(".vml"))
        workbook_xml = z.read("xl/workbook.xml").decode()
    assert "[0]!Generate" in vml and "[0]!ValidateInputs" in vml
    assert 'codeName="ThisWorkbook"' in workbook_xml


def test_macros_need_xlsm(tmp_path, vba_bin):
    with pytest.raises(UsageError, match=r"\.xlsm"):
        write_workbook(tmp_path / "m.xlsx", vba_project=vba_bin)


def test_cli_writes_the_template(tmp_path):
    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(main, ["template", "-o", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert f"template written: {out}" in result.output
    assert openpyxl.load_workbook(out).sheetnames == ["说明", *SPEC_ZH]


def test_awkward_text_and_numbers_round_trip_across_slices(tmp_path, monkeypatch):
    # Slices of 2 rows: 5 rows are written as 3 slices (rows 2-3, 4-5, 6), which must join seamlessly.
    monkeypatch.setattr(template, "_SLICE_ROWS", 2)
    texts = ["  padded  ", "a & b <c> \"d\"", "line1\nline2\ttab", "_x0041_ literal", "客户 A"]
    frame = pd.DataFrame({
        "customer_name": texts,
        "customer_id": [1001.0, "C2", None, "C4", "C5"],  # a float ID is written "1001"
        "quantity": [0.1, 1e-05, 12345678.125, -0.0, math.inf],  # inf cannot be stored: blank
        "amount": pd.Series(["12.5", 3, None, "n/a", 7.25], dtype=object),  # not clean: kept as given
    })
    path = write_workbook(tmp_path / "awkward.xlsx", data={"sales": frame})
    ws = openpyxl.load_workbook(path)["Sales"]
    # A literal "_x0041_" is stored escaped (_x005F_x0041_), as Excel does; openpyxl does not undo that
    # escape, calamine (the project's reader) and Excel do.
    assert [ws.cell(r, 4).value for r in range(2, 7)] == texts[:3] + ["_x005F_x0041_ literal", "客户 A"]
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sales").to_python()
    assert [row[3] for row in rows[1:6]] == texts
    assert [ws.cell(r, 3).value for r in range(2, 7)] == ["1001", "C2", None, "C4", "C5"]
    assert [ws.cell(r, 9).value for r in range(2, 7)] == [0.1, 1e-05, 12345678.125, 0, None]
    assert [ws.cell(r, 10).value for r in range(2, 7)] == ["12.5", 3, None, "n/a", 7.25]
    assert ws.max_row == 6
