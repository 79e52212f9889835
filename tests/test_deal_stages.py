"""A CRM deal export's stage: on Sales only the won lines are sales (the rest left out with a warning
giving lines and amount per stage); on Pipeline a Closed Won / Closed Lost stage with no status is the
deal's status. An ERP status column (Posted, 已审核) changes nothing.

Every expected figure below is worked out by hand from the rows written.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from realistic_data import paste_into_template
from salesreport_xl.pipeline import build_report, load_inputs

D = dt.datetime
SF_HEADER = ["Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Amount", "Close Date"]
SF_ROWS = [
    ["Ann Lee", "Acme Corp", "Acme - Platform", "Closed Won", 1000, D(2025, 10, 3)],
    ["Ann Lee", "Globex Corp", "Globex - Pilot", "Closed Lost", 400, D(2025, 10, 8)],
    ["Raj Patel", "Initech Corp", "Initech - Renewal", "Closed Won", 250, D(2025, 10, 15)],
    ["Raj Patel", "Hooli Corp", "Hooli - Expansion", "Prospecting", 700, D(2025, 10, 20)],
    ["Raj Patel", "Stark Corp", "Stark - Platform", "Negotiation/Review", 300, D(2025, 10, 28)],
    ["Ann Lee", "Wayne Corp", "Wayne - Pilot", "Closed Won", 500, D(2025, 9, 10)],
    ["Raj Patel", "Wonka Corp", "Wonka - Pilot", "Closed Lost", 900, D(2025, 9, 12)],
]
SETTINGS = {"report_month": "2025-10", "currency": "$", "display_unit": 1}
# Team target for October: 2,500 (Targets: Month, Sales Rep, Segment, Category, Target Amount).
TARGETS = [["2025-10", None, None, None, 2500]]


def _build(tmp_path, rows, *, settings=SETTINGS, lang="en", extra_sheets=None):
    path = paste_into_template(tmp_path / "in.xlsx", rows, settings=settings, lang=lang,
                               extra_sheets=extra_sheets)
    result = build_report(path, tmp_path / "out.xlsx", json_path=tmp_path / "r.json",
                          built_at="2025-11-05T09:00:00+00:00")
    assert [f.text() for f in result.findings if f.severity == "error"] == []
    return result, json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


def _warnings(result, code):
    return [f for f in result.findings if f.code == code]


def test_salesforce_opportunities_count_only_closed_won(tmp_path):
    result, report = _build(tmp_path, [SF_HEADER, *SF_ROWS], extra_sheets={"Targets": TARGETS})
    # October: won 1,000 + 250 (lost 400, open 700 and 300 left out); September: won 500.
    assert report["figures"]["SR_SALES_MONTH"] == pytest.approx(1250)
    assert report["figures"]["SR_SALES_PREV_MONTH"] == pytest.approx(500)
    assert report["figures"]["SR_ATTAINMENT"] == pytest.approx(1250 / 2500)
    reps = {r["rep"]: r["actual"] for r in report["team"]["reps"]}
    assert reps == {"Ann Lee": pytest.approx(1000), "Raj Patel": pytest.approx(250)}
    [w] = _warnings(result, "deal_stages")
    assert w.severity == "warning" and w.sheet == "Sales" and w.cell == "D1"
    assert w.message == ('column "Stage" holds CRM deal stages: only won deals are counted as sales (3 lines); '
                         '4 lines of lost or open deals, $2,300, are left out: "Closed Lost" 2 lines $1,300; '
                         '"Prospecting" 1 line $700; "Negotiation/Review" 1 line $300')
    assert "商机阶段" in w.message_zh and "$2,300" in w.message_zh
    # Said on the Checks sheet of the report.
    assert "$2,300" in json.dumps(report["checks"], ensure_ascii=False)


def test_hubspot_internal_stage_names_and_a_blank_stage(tmp_path):
    header = ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner", "Associated Company"]
    rows = [[101, "A", "closedwon", 800, D(2025, 10, 2), "Ann", "Acme"],
            [102, "B", "Closed Won", 150, D(2025, 10, 9), "Ann", "Globex"],
            [103, "C", "closedlost", 600, D(2025, 10, 11), "Raj", "Hooli"],
            [104, "D", "appointmentscheduled", 90, D(2025, 10, 12), "Raj", "Stark"],
            [105, "E", None, 40, D(2025, 10, 13), "Raj", "Wayne"]]
    result, report = _build(tmp_path, [header, *rows])
    assert report["figures"]["SR_SALES_MONTH"] == pytest.approx(950)       # 800 + 150
    [w] = _warnings(result, "deal_stages")
    assert w.message.endswith('3 lines of lost or open deals, $730, are left out: "closedlost" 1 line $600; '
                              '"appointmentscheduled" 1 line $90; "(blank)" 1 line $40')


def test_chinese_crm_stages(tmp_path):
    header = ["成交日期", "客户名称", "负责人", "销售阶段", "金额"]
    rows = [[D(2025, 10, 2), "甲公司", "张伟", "赢单", 10000],
            [D(2025, 10, 5), "乙公司", "张伟", "成交", 5000],
            [D(2025, 10, 7), "丙公司", "李娜", "输单", 3000],
            [D(2025, 10, 9), "丁公司", "李娜", "丢单", 2000],
            [D(2025, 10, 20), "戊公司", "李娜", "初步接洽", 4000]]
    result, report = _build(tmp_path, [header, *rows], lang="zh",
                            settings={**SETTINGS, "currency": "¥", "language": "zh"})
    assert report["figures"]["SR_SALES_MONTH"] == pytest.approx(15000)     # 赢单 10,000 + 成交 5,000
    [w] = _warnings(result, "deal_stages")
    assert "输单" in w.message_zh and "¥9,000" in w.message_zh and "3 行" in w.message_zh


@pytest.mark.parametrize("statuses", [("Posted", "Invoiced"), ("已审核", "已开票"), ("Open", "Closed")])
def test_an_erp_status_column_leaves_every_line_counted(tmp_path, statuses):
    header = ["Order Date", "Order No", "Customer", "Product", "Status", "Amount"]
    rows = [[D(2025, 10, 2), "SO1", "Acme", "Widget", statuses[0], 100],
            [D(2025, 10, 3), "SO2", "Globex", "Widget", statuses[1], 200]]
    result, report = _build(tmp_path, [header, *rows])
    assert report["figures"]["SR_SALES_MONTH"] == pytest.approx(300)
    assert _warnings(result, "deal_stages") == []


# Pipeline in the template's columns: Deal ID, Customer ID, Sales Rep, Stage, Entered On, Left On, Amount,
# Status, Close Date — the status left blank, as a CRM export that puts the outcome in the stage gives it.
PIPELINE = [
    ["D1", "Acme Corp", "Ann Lee", "Closed Won", D(2025, 6, 1), None, 5000, None, D(2025, 7, 1)],
    ["D2", "Globex Corp", "Ann Lee", "closedlost", D(2025, 5, 1), None, 7000, None, D(2025, 6, 15)],
    ["D3", "Initech Corp", "Raj Patel", "Proposal", D(2025, 9, 20), None, 3000, None, D(2025, 12, 15)],
    ["D4", "Hooli Corp", "Raj Patel", "赢单", D(2025, 4, 1), None, 2000, None, D(2025, 5, 1)],
    ["D5", "Stark Corp", "Raj Patel", "输单", D(2025, 3, 1), None, 1000, None, D(2025, 4, 1)],
]


def test_pipeline_closed_stages_are_won_and_lost_not_open(tmp_path):
    result, report = _build(tmp_path, [SF_HEADER, *SF_ROWS], extra_sheets={"Pipeline": PIPELINE})
    inputs, _ = load_inputs(tmp_path / "in.xlsx")
    status = inputs.pipeline["status"].astype(object).where(inputs.pipeline["status"].notna(), None)
    assert dict(zip(inputs.pipeline["deal_id"], status)) == {
        "D1": "Won", "D2": "Lost", "D3": None, "D4": "Won", "D5": "Lost"}
    # Open: D3 only; none of the closed deals is overdue, stalled or advice.
    assert report["plan"]["open_deals"] == 1
    assert report["plan"]["open_pipeline_value"] == pytest.approx(3000)
    assert [(r["kind"], r["month"], r["deals"]) for r in report["plan"]["pipeline_by_close_month"]] == [
        ("month", "2025-11", 0), ("month", "2025-12", 1), ("month", "2026-01", 0)]     # nothing overdue
    assert {s["deal_id"] for s in report["problems"]["stalled"]} <= {"D3"}
    assert {f["subject"] for f in report["plan"]["follow_ups"] if f["kind"] == "stalled"} <= {"D3"}
    # The closed stages are understood: no "not one of Lead / …" warning for them.
    assert [f.message for f in result.findings if f.code == "unknown_choice" and f.sheet == "Pipeline"] == []


def test_a_status_given_is_kept_whatever_the_stage(tmp_path):
    rows = [["D1", None, None, "Closed Won", D(2025, 9, 1), None, 5000, "Open", None]]
    paste_into_template(tmp_path / "in.xlsx", [SF_HEADER, *SF_ROWS], settings=SETTINGS,
                        extra_sheets={"Pipeline": rows})
    inputs, _ = load_inputs(tmp_path / "in.xlsx")
    assert list(inputs.pipeline["status"]) == ["Open"]


def test_hubspot_deal_export_on_pipeline_reads_id_owner_and_company(tmp_path):
    """Record ID, Deal Stage, Deal owner and Associated Company are recognised; Create Date is mapped
    (when a one-row-per-deal export's deal entered its stage is the user's call)."""
    import openpyxl

    path = paste_into_template(tmp_path / "in.xlsx", [SF_HEADER, *SF_ROWS], settings=SETTINGS)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pipeline"]
    ws.delete_rows(1, ws.max_row)
    for row in (["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner",
                 "Associated Company"],
                [1001, "Acme - Platform", "Closed Won", 5000, D(2025, 7, 1), D(2025, 6, 1), "Ann Lee", "Acme Corp"],
                [1002, "Globex - Pilot", "Closed Lost", 7000, D(2025, 6, 15), D(2025, 5, 1), "Ann Lee", "Globex Corp"],
                [1003, "Initech - Renewal", "Contract Sent", 3000, D(2025, 12, 15), D(2025, 9, 20), "Raj Patel",
                 "Initech Corp"]):
        ws.append(row)
    wb["Mapping"].append(["Pipeline", "entered_on", "Create Date"])
    wb.save(path)
    inputs, findings = load_inputs(path)
    assert [f.text() for f in findings if f.severity == "error"] == []
    p = inputs.pipeline
    assert list(p["deal_id"]) == ["1001", "1002", "1003"]
    assert list(p["customer_id"]) == ["Acme Corp", "Globex Corp", "Initech Corp"]
    assert list(p["sales_rep"]) == ["Ann Lee", "Ann Lee", "Raj Patel"]
    assert list(p["status"].where(p["status"].notna(), None)) == ["Won", "Lost", None]


def test_a_closed_stage_is_no_stage_of_the_funnel(tmp_path):
    """Closed Won / Closed Lost rows are outcomes: not listed as stages; a deal whose next row is Closed
    Won moved on from its stage. October, Proposal: D3 (open since 20 Sep) and D6 (1–10 Oct, then Closed
    Won) were in it, D6 moved on: 2 deals, 1 advanced."""
    rows = PIPELINE + [["D6", "Wayne Corp", "Ann Lee", "Proposal", D(2025, 10, 1), D(2025, 10, 10), 800, None, None],
                       ["D6", "Wayne Corp", "Ann Lee", "Closed Won", D(2025, 10, 10), None, 800, None, None]]
    _, report = _build(tmp_path, [SF_HEADER, *SF_ROWS], extra_sheets={"Pipeline": rows})
    funnel = report["problems"]["funnel"]
    assert [r["stage"] for r in funnel] == ["Proposal"]
    assert (funnel[0]["deals"], funnel[0]["advanced"]) == (2, 1)
    assert [s["stage"] for s in report["problems"]["stages"]] == ["Proposal"]
