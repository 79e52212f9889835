"""The whole report model: month and language resolution, every SR_* figure end to end on a hand-made
book, edge cases that must give valid models, Checks, Meta, and the JSON.

The end-to-end book (report month 2025-03):

    date        customer  rep  amount
    2024-01-10  C1        Ann     100
    2024-02-10  C1        Ann     100
    2024-03-10  C1        Ann     100    same month last year
    2024-04-10  C1        Ann     120    M+1 a year earlier (seasonal index)
    2024-12-15  C4        Bob      10    C4's last order: + 90 days = 2025-03-15, crosses the churn line in M
    2025-01-10  C1        Ann     200
    2025-02-10  C2        Bob     300    C2's first order
    2025-03-10  C1        Ann     250
    2025-03-12  C3        Bob     150    C3's first order ever: new in M
    2025-03-15  C1        Ann     -50    a return

    SR_SALES_MONTH       250 + 150 - 50 = 350
    SR_SALES_PREV_MONTH  300
    SR_SALES_LAST_YEAR   100
    SR_MOM               350 / 300 - 1 = 0.1666…
    SR_YOY               350 / 100 - 1 = 2.5
    SR_YTD               200 + 300 + 350 = 850
    SR_YTD_LAST_YEAR     100 + 100 + 100 = 300
    SR_TARGET            no team row for March: Ann 200 + Bob 200 = 400
    SR_ATTAINMENT        350 / 400 = 0.875
    SR_NEW_CUSTOMERS     C3 = 1
    SR_CHURNED_CUSTOMERS C9 marked Churned on 2025-03-20 + C4 inferred = 2
    SR_SATISFACTION      March scores 5, 4, 3 -> 4.0
    SR_ACTIVITIES        2 rows in March (1 in February)
    SR_NEXT_TARGET       team row for 2025-04: 500
    SR_FORECAST          run rate (200 + 300 + 350) / 3 = 283.33… × index 120 / ((100+100+100)/3) = 1.2 -> 340
"""
from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from compute_fixtures import make_inputs, sale
from salesreport_xl import __version__
from compute_fixtures import compute_report
from salesreport_xl.compute import resolve_month
from salesreport_xl.i18n.phrasing import finding_message
from salesreport_xl.write.report_json import report_to_json, write_json
from salesreport_xl.compute.model import FIGURE_NAMES, ReportModel
from salesreport_xl.errors import ERROR, INFO, WARNING, Finding, OutputError, UsageError

SALES = [
    sale("2024-01-10", "C1", 100), sale("2024-02-10", "C1", 100), sale("2024-03-10", "C1", 100),
    sale("2024-04-10", "C1", 120), sale("2024-12-15", "C4", 10, rep="Bob"),
    sale("2025-01-10", "C1", 200), sale("2025-02-10", "C2", 300, rep="Bob"),
    sale("2025-03-10", "C1", 250, order_id="O1"), sale("2025-03-12", "C3", 150, rep="Bob", order_id="O2"),
    sale("2025-03-15", "C1", -50, order_id="R1"),
]
CUSTOMERS = [dict(customer_id="C1", segment="Key Account"), dict(customer_id="C9", status="Churned",
                                                                 churn_date="2025-03-20", churn_reason="Price")]
TARGETS = [dict(month="2025-03", sales_rep="Ann", target_amount=200),
           dict(month="2025-03", sales_rep="Bob", target_amount=200),
           dict(month="2025-04", target_amount=500)]
FEEDBACK = [dict(date="2025-03-02", score=5), dict(date="2025-03-03", score=4), dict(date="2025-03-04", score=3),
            dict(date="2025-02-04", score=1)]
ACTIVITIES = [dict(date="2025-03-02", sales_rep="Ann", activity_type="Visit", customer_id="C1"),
              dict(date="2025-03-09", sales_rep="Bob", activity_type="Call", customer_id="C3"),
              dict(date="2025-02-09", sales_rep="Bob", activity_type="Call")]
PIPELINE = [dict(deal_id="D1", stage="Approval", entered_on="2025-01-15", status="Open", amount=900)]

EXPECTED = {
    "SR_SALES_MONTH": 350.0, "SR_SALES_PREV_MONTH": 300.0, "SR_SALES_LAST_YEAR": 100.0,
    "SR_MOM": 350 / 300 - 1, "SR_YOY": 2.5, "SR_YTD": 850.0, "SR_YTD_LAST_YEAR": 300.0,
    "SR_TARGET": 400.0, "SR_ATTAINMENT": 0.875, "SR_NEW_CUSTOMERS": 1, "SR_CHURNED_CUSTOMERS": 2,
    "SR_SATISFACTION": 4.0, "SR_ACTIVITIES": 2, "SR_NEXT_TARGET": 500.0, "SR_FORECAST": 340.0,
}


def full_book(**settings):
    settings.setdefault("report_month", "2025-03")
    return make_inputs(sales=SALES, customers=CUSTOMERS, targets=TARGETS, feedback=FEEDBACK,
                       activities=ACTIVITIES, pipeline=PIPELINE, **settings)


def test_every_figure_end_to_end():
    model = compute_report(full_book(), built_at="2025-04-01T09:00:00+00:00")
    assert isinstance(model, ReportModel)
    assert tuple(model.figures) == FIGURE_NAMES
    for name, want in EXPECTED.items():
        assert model.figures[name] == pytest.approx(want), name
    assert model.plan.forecast_method == "run_rate_x_seasonal"
    # the sections agree with the figures they share
    assert model.sales.month_total == model.figures["SR_SALES_MONTH"]
    assert model.team.target == model.figures["SR_TARGET"]
    assert model.plan.next_target == model.figures["SR_NEXT_TARGET"]
    assert model.plan.forecast == model.figures["SR_FORECAST"]
    assert model.plan.gap == pytest.approx(340.0 - 500.0)
    # D1 open in Approval since Jan 15: 75 days at Mar 31, stalled (> 30) and the slowest stage
    assert model.problems.slowest_stage == "Approval"
    assert [(d.deal_id, d.days) for d in model.problems.stalled] == [("D1", 75)]


def test_meta():
    model = compute_report(full_book(company="Acme", team="East", display_unit=1000), lang="zh",
                           built_at="2025-04-01T09:00:00+00:00")
    m = model.meta
    assert (m.month, m.prev_month, m.last_year_month, m.next_month) == ("2025-03", "2025-02", "2024-03", "2025-04")
    assert (m.company, m.team, m.language, m.version) == ("Acme", "East", "zh", __version__)
    assert (m.display_unit, m.unit_label) == (1000, "")      # Settings' label (none): the unit names itself
    assert m.built_at == "2025-04-01T09:00:00+00:00"
    assert (m.data_from.isoformat(), m.data_to.isoformat()) == ("2024-01-10", "2025-03-15")


def test_month_and_language_resolution():
    # asked month wins, then Settings, then the latest month with sales
    assert str(resolve_month(full_book(), "2025-02")) == "2025-02"
    assert str(resolve_month(full_book(), pd.Period("2024-12", freq="M"))) == "2024-12"
    assert str(resolve_month(full_book(report_month="2025-01"))) == "2025-01"
    assert str(resolve_month(full_book(report_month=None))) == "2025-03"
    with pytest.raises(UsageError, match="YYYY-MM"):
        resolve_month(full_book(), "March")
    assert compute_report(full_book(language="zh"), built_at="x").meta.language == "zh"
    assert compute_report(full_book(language="zh"), lang="en", built_at="x").meta.language == "en"
    # a past month does not see later data: February's MoM is 300 / 200 - 1 = 0.5
    feb = compute_report(full_book(), month="2025-02", built_at="x")
    assert feb.figures["SR_MOM"] == pytest.approx(0.5)
    assert feb.figures["SR_SALES_MONTH"] == 300.0


# ------------------------------------------------------------------------------------ edge cases
def assert_valid(model: ReportModel):
    assert tuple(model.figures) == FIGURE_NAMES
    assert 3 <= len(model.summary.highlights) <= 8
    json.loads(report_to_json(model))  # serialises without NaN or odd types


def test_month_without_sales():
    # data ends in March; April has no sales at all
    model = compute_report(full_book(), month="2025-04", built_at="x")
    assert_valid(model)
    f = model.figures
    assert f["SR_SALES_MONTH"] == 0.0
    assert f["SR_MOM"] == pytest.approx(-1.0)           # 0 / 350 - 1: a real fall, not n/a
    assert f["SR_YOY"] == pytest.approx(-1.0)           # 0 / 120 - 1
    assert f["SR_TARGET"] == 500.0 and f["SR_ATTAINMENT"] == 0.0
    assert f["SR_SATISFACTION"] is None and f["SR_NEW_CUSTOMERS"] == 0
    # run rate (300 + 350 + 0) / 3 = 216.67; May 2024 0 / mean(Feb-Apr 2024 = 320 / 3) -> index 0
    assert f["SR_FORECAST"] == 0.0 and model.plan.forecast_method == "run_rate_x_seasonal"


def test_no_sales_at_all_with_and_without_a_month():
    empty = make_inputs(sales=[], report_month="2025-03")
    model = compute_report(empty, built_at="x")
    assert_valid(model)
    f = model.figures
    assert (f["SR_SALES_MONTH"], f["SR_MOM"], f["SR_YOY"], f["SR_ATTAINMENT"], f["SR_FORECAST"]) == (
        0.0, None, None, None, None)
    assert model.plan.forecast_method == "none"
    assert model.meta.data_from is None and model.meta.data_to is None
    # no month anywhere: still a model (the current month), never an exception
    assert_valid(compute_report(make_inputs(sales=[]), built_at="x"))


def test_no_optional_sheets_no_targets():
    model = compute_report(make_inputs(sales=SALES, report_month="2025-03"), built_at="x")
    assert_valid(model)
    f = model.figures
    assert (f["SR_TARGET"], f["SR_ATTAINMENT"], f["SR_NEXT_TARGET"]) == (None, None, None)
    assert (f["SR_SATISFACTION"], f["SR_ACTIVITIES"]) == (None, None)
    assert f["SR_SALES_MONTH"] == 350.0
    assert model.plan.gap is None and model.problems.stages == []
    assert model.checks.rows_read == {"sales": len(SALES)}


def test_first_month_of_history():
    model = compute_report(full_book(), month="2024-01", built_at="x")
    assert_valid(model)
    f = model.figures
    assert (f["SR_SALES_MONTH"], f["SR_MOM"], f["SR_YOY"]) == (100.0, None, None)
    assert f["SR_NEW_CUSTOMERS"] == 1                    # C1's first order
    assert model.problems.underperformers == []          # no baseline month yet
    assert model.plan.forecast_method == "run_rate" and f["SR_FORECAST"] == 100.0


# ------------------------------------------------------------------------------------ checks
def test_checks_list_findings_by_severity():
    findings = [
        Finding(INFO, "Sales", "L:L", "extra column", "多余的列"),
        Finding(ERROR, "Sales", "J12", 'amount "abc" is not a number', '金额 "abc" 不是数字'),
        Finding(WARNING, "Customers", "C3", "unknown segment"),
        Finding(ERROR, "Targets", "A2", "month missing"),
    ]
    en = compute_report(full_book(), findings, built_at="x").checks
    assert [(c.severity, c.sheet, c.cell) for c in en.findings] == [
        (ERROR, "Sales", "J12"), (ERROR, "Targets", "A2"), (WARNING, "Customers", "C3"), (INFO, "Sales", "L:L")]
    assert (en.errors, en.warnings, en.infos) == (2, 1, 1)
    assert en.rows_read["sales"] == len(SALES) and en.rows_read["pipeline"] == 1
    zh = compute_report(full_book(), findings, lang="zh", built_at="x").checks
    assert finding_message(zh.findings[0], "zh") == '金额 "abc" 不是数字'
    assert finding_message(zh.findings[2], "zh") == "unknown segment"  # no Chinese text: English kept


# ------------------------------------------------------------------------------------ JSON
def test_json_shape_and_round_trip():
    model = compute_report(full_book(), lang="zh", built_at="2025-04-01T09:00:00+00:00")
    text = report_to_json(model)
    data = json.loads(text)
    assert list(data["figures"]) == list(FIGURE_NAMES)
    assert data["figures"]["SR_ATTAINMENT"] == 0.875          # a fraction, full precision
    assert data["figures"]["SR_MOM"] == pytest.approx(350 / 300 - 1, rel=0, abs=1e-15)
    assert list(data) == ["meta", "figures", "summary", "sales", "team", "customers", "problems", "plan", "checks"]
    assert data["meta"]["data_from"] == "2024-01-10"            # dates ISO
    assert data["problems"]["stalled"][0]["entered_on"] == "2025-01-15"
    assert "本月总销售额" in text                                 # UTF-8 kept, not \\u escapes
    # n/a is null
    empty = json.loads(report_to_json(compute_report(make_inputs(sales=[], report_month="2025-03"), built_at="x")))
    assert empty["figures"]["SR_MOM"] is None and empty["figures"]["SR_FORECAST"] is None
    # no NaN / Infinity anywhere
    assert "NaN" not in text and "Infinity" not in text
    # deterministic: the same inputs give the same JSON
    again = compute_report(full_book(), lang="zh", built_at="2025-04-01T09:00:00+00:00")
    assert report_to_json(again) == text


def test_write_json_atomic(tmp_path):
    model = compute_report(full_book(), built_at="x")
    out = write_json(model, tmp_path / "sub" / "report.json")
    assert json.loads(out.read_text(encoding="utf-8"))["figures"]["SR_FORECAST"] == pytest.approx(340.0)
    assert sorted(os.listdir(out.parent)) == ["report.json"]   # no temporary file left behind
    # a failure leaves the existing file as it was and no temporary file
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OutputError, match="Cannot write"):
        write_json(model, blocker / "report.json")


def test_write_json_failure_keeps_the_previous_file(tmp_path, monkeypatch):
    model = compute_report(full_book(), built_at="x")
    target = tmp_path / "keep.json"
    target.write_text("previous")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)  # the rename fails after the temporary file is written
    with pytest.raises(OutputError, match="Cannot write"):
        write_json(model, target)
    assert target.read_text() == "previous"
    assert sorted(os.listdir(tmp_path)) == ["keep.json"]   # the temporary file was removed


def test_json_figures_never_nan():
    model = compute_report(full_book(), built_at="x")
    model.figures["SR_SATISFACTION"] = float("nan")  # what a careless section could leave
    assert json.loads(report_to_json(model))["figures"]["SR_SATISFACTION"] is None


# ------------------------------------------------------------------------------------ docs
def _words(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def test_docs_define_every_figure_in_the_code_words():
    from pathlib import Path

    from salesreport_xl.compute import forecast, judge, problems, thresholds
    from salesreport_xl.compute.figures import FIGURE_DEFINITIONS

    docs = _words((Path(__file__).parent.parent / "docs" / "figures.md").read_text(encoding="utf-8"))
    assert set(FIGURE_DEFINITIONS) == set(FIGURE_NAMES)
    for name, definition in FIGURE_DEFINITIONS.items():
        assert f"| {name} | {_words(definition)} |" in docs, name
    # the problems and forecast rules are the modules' own words
    for doc, first, last in ((problems.__doc__, "A category is measured", "its own shortfall is material."),
                             (problems.__doc__, "A stage episode", "order of first appearance."),
                             (forecast.__doc__, "run rate = mean", "no sales on or before M."),
                             (judge.__doc__, "- **reliable**", "never by percentage."),
                             (thresholds.__doc__, "churn_days = auto", "A number in Settings is used as it is.")):
        text = _words(doc)
        part = text[text.index(first):text.index(last) + len(last)]
        assert _words(part.replace("**", "")) in docs.replace("**", ""), first
