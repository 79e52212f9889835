"""Section 六 (plan): forecast methods on known series, next target, gap, open pipeline, follow-ups,
suggestions."""
from __future__ import annotations

import pandas as pd
import pytest

from salesreport_xl.i18n.numbers import Money
from salesreport_xl.i18n.phrasing import Phraser

from compute_fixtures import make_inputs, sale
from salesreport_xl.compute.model import AtRiskRow
from salesreport_xl.compute.forecast import forecast_next_month
from salesreport_xl.compute.future_plans import compute_plan, open_pipeline
from salesreport_xl.compute.problems import compute_problems

M = pd.Period("2025-03", freq="M")

# Monthly sales: Jan-Mar 2024 100 each, Apr 2024 120, Jan-Mar 2025 200 / 300 / 400.
SERIES = [
    sale("2024-01-10", "C1", 100), sale("2024-02-10", "C1", 100), sale("2024-03-10", "C1", 100),
    sale("2024-04-10", "C1", 120),
    sale("2025-01-10", "C1", 200), sale("2025-02-10", "C1", 300), sale("2025-03-10", "C1", 400),
]


def test_forecast_run_rate_times_seasonal_index():
    fc = forecast_next_month(make_inputs(sales=SERIES, report_month="2025-03"), M)
    # run rate = (200 + 300 + 400) / 3 = 300; seasonal index = Apr 2024 / mean(Jan-Mar 2024) = 120 / 100 = 1.2
    # forecast = 300 * 1.2 = 360
    assert fc.method == "run_rate_x_seasonal"
    assert fc.run_rate == 300.0 and fc.seasonal_index == pytest.approx(1.2)
    assert fc.value == pytest.approx(360.0)
    assert fc.seasonal_month == "2024-04" and fc.seasonal_base_months == ("2024-01", "2024-02", "2024-03")


def test_forecast_falls_back_to_run_rate_without_a_year_of_history():
    # without Jan 2024 the history starts in Feb 2024 = M-13: last year's 3-month base is incomplete
    fc = forecast_next_month(make_inputs(sales=SERIES[1:], report_month="2025-03"), M)
    assert fc.method == "run_rate" and fc.value == 300.0 and fc.seasonal_index is None


def test_forecast_run_rate_on_short_history_and_ignores_later_data():
    sales = [sale("2025-02-10", "C1", 300), sale("2025-03-10", "C1", 400),
             sale("2025-04-10", "C1", 99999)]   # after M: not used
    fc = forecast_next_month(make_inputs(sales=sales, report_month="2025-03"), M)
    # history starts Feb 2025: run rate over Feb and Mar only = (300 + 400) / 2 = 350
    assert (fc.method, fc.value, fc.run_rate_months) == ("run_rate", 350.0, ("2025-02", "2025-03"))


def test_forecast_none_without_sales():
    fc = forecast_next_month(make_inputs(sales=[], report_month="2025-03"), M)
    assert (fc.method, fc.value) == ("none", None)
    # sales only after M count as none too
    later = make_inputs(sales=[sale("2025-05-01", "C1", 10)], report_month="2025-03")
    assert forecast_next_month(later, M).method == "none"


PIPELINE = [
    dict(deal_id="D1", stage="Lead", entered_on="2025-03-01", left_on="2025-03-10", amount=100, status="Open"),
    dict(deal_id="D1", stage="Qualification", entered_on="2025-03-10", amount=150, status="Open"),
    dict(deal_id="D2", stage="Proposal", entered_on="2025-02-01", left_on="2025-03-02", amount=500, status="Open"),
    dict(deal_id="D2", stage="Contract", entered_on="2025-03-02", left_on="2025-03-05", amount=500, status="Won"),
    dict(deal_id="D3", sales_rep="Bob", customer_id="C7", stage="Approval", entered_on="2025-01-15", amount=50),
    dict(deal_id="D4", stage="Lead", entered_on="2025-04-05", amount=1000, status="Open"),
]


def test_open_pipeline_latest_row_per_deal():
    book = make_inputs(sales=SERIES, pipeline=PIPELINE, report_month="2025-03")
    # D1 latest row Qualification (Open, 150); D2 latest Won: out; D3 blank status (open, 50);
    # D4 entered after March: out -> 150 + 50 = 200 over 2 deals
    assert open_pipeline(book, M) == (200.0, 2)


def test_plan_section_target_gap_follow_ups_and_suggestions():
    targets = [dict(month="2025-04", target_amount=500), dict(month="2025-03", target_amount=1)]
    plan_rows = [dict(section="next_month_plan", text="Visit the top 10."),
                 dict(section="strategy", text="Bundle offers."), dict(section="training", text="Product A.")]
    book = make_inputs(sales=SERIES, targets=targets, pipeline=PIPELINE, plan=plan_rows,
                       report_month="2025-03", stalled_days=30)
    at_risk = [AtRiskRow(customer_id="K1", name="Kilo", recent_3m=300.0, prior_3m=1000.0, change=-0.7,
                         days_silent=10, revenue_at_risk=700.0, why="drop", sales_rep="Ann")]
    problems = compute_problems(book, M)
    plan = compute_plan(book, M, problems, at_risk=at_risk)
    say = Phraser(Money("en", "¥", 10000)).say
    assert plan.next_month == "2025-04"
    assert plan.next_target == 500.0                       # the team row for 2025-04
    assert plan.forecast == pytest.approx(360.0)           # as in the seasonal test
    assert plan.forecast_method == "run_rate_x_seasonal"
    method = say(plan.forecast_method_phrase)
    assert "1.20" in method and "2024-04" in method
    assert plan.gap == pytest.approx(-140.0)               # 360 - 500
    assert (plan.open_pipeline_value, plan.open_deals) == (200.0, 2)
    # follow-ups: the at-risk account, then D3 stalled in Approval since Jan 15 (75 days at Mar 31)
    assert [(f.kind, f.subject, f.amount, f.owner) for f in plan.follow_ups] == [
        ("at_risk", "Kilo (K1)", 700.0, "Ann"), ("stalled", "D3", 50.0, "Bob")]
    assert say(plan.follow_ups[1].detail_phrase) == "in Approval for 75 days (customer C7)"   # C7 has no name
    assert (plan.next_month_plan_note, plan.strategy_note, plan.training_note) == (
        ["Visit the top 10."], ["Bundle offers."], ["Product A."])
    by_key = {s.key: s for s in plan.suggestions}
    # one stalled deal, one account at risk, the forecast 140 short of the target
    assert by_key["suggest_stalled"].figure == 1
    assert by_key["suggest_at_risk"].figure == 1
    assert by_key["suggest_forecast_gap"].figure == pytest.approx(-140.0)
    # the slowest stage this month: D1 Qualification open Mar 10 -> 31 = 21, D3 Approval 75, D1 Lead 9,
    # D2 Proposal Feb 1 -> Mar 2 = 29, D2 Contract 3 (Won, but it left in March so it counts) -> Approval
    assert by_key["suggest_stage"].figure == 75.0
    assert by_key["suggest_stage"].figure_name == "problems.stages[Approval].median_days"


def test_plan_in_chinese_and_without_optional_sheets():
    book = make_inputs(sales=SERIES[1:], report_month="2025-03", language="zh")
    plan = compute_plan(book, M, compute_problems(book, M), at_risk=[])
    assert plan.next_target is None and plan.gap is None
    assert plan.forecast_method == "run_rate"
    # the run rate 300 in 万元 is 0.03万元: under the display unit's one decimal, so "<0.1万元", not 0.0
    method = Phraser(Money("zh", "¥", 10000)).say(plan.forecast_method_phrase)
    assert "月均<0.1万元" in method and "季节指数" in method
    # no Pipeline sheet: the open pipeline is not known (None, null in the JSON), not an empty one (0)
    assert (plan.open_pipeline_value, plan.open_deals, plan.follow_ups) == (None, None, [])
    assert plan.suggestions == []


# ------------------------------------------------------------------------------------------ coverage, range
COVERAGE_PIPELINE = [
    # D1 reached Lead and Proposal and was won; D2 the same stages, lost; D3 lost in Lead.
    dict(deal_id="D1", stage="Lead", entered_on="2025-01-05", left_on="2025-01-20", amount=50, status="Open"),
    dict(deal_id="D1", stage="Proposal", entered_on="2025-01-20", left_on="2025-02-10", amount=50, status="Won"),
    dict(deal_id="D2", stage="Lead", entered_on="2025-01-10", left_on="2025-02-01", amount=70, status="Open"),
    dict(deal_id="D2", stage="Proposal", entered_on="2025-02-01", left_on="2025-02-20", amount=70, status="Lost"),
    dict(deal_id="D3", stage="Lead", entered_on="2025-02-01", left_on="2025-02-15", amount=30, status="Lost"),
    # open at the end of March: D4 in Lead (100), D5 in Proposal (200), D6 in Approval (60: no closed deal
    # went through Approval, so it weighs with the share won overall, 1 of 3)
    dict(deal_id="D4", stage="Lead", entered_on="2025-03-01", amount=100, status="Open"),
    dict(deal_id="D5", stage="Proposal", entered_on="2025-03-05", amount=200, status="Open"),
    dict(deal_id="D6", stage="Approval", entered_on="2025-03-06", amount=60),
]


def test_pipeline_coverage_open_and_stage_weighted():
    from salesreport_xl.compute.future_plans import pipeline_coverage, win_shares

    book = make_inputs(sales=SERIES, pipeline=COVERAGE_PIPELINE, report_month="2025-03")
    # won shares: Lead reached by D1 (won), D2, D3 (lost) -> 1/3; Proposal by D1 (won), D2 (lost) -> 1/2;
    # overall 1 of 3 closed deals won
    shares, overall = win_shares(book, M)
    assert shares == {"Lead": pytest.approx(1 / 3), "Proposal": pytest.approx(0.5)} and overall == pytest.approx(1 / 3)
    cov = pipeline_coverage(book, M, 400.0)
    # open 100 + 200 + 60 = 360 -> 360 / 400 = 0.9; weighted 100/3 + 200/2 + 60/3 = 153.33 -> 0.3833
    assert cov.open_value == 360.0 and cov.open == pytest.approx(0.9)
    assert cov.weighted_value == pytest.approx(153.3333, abs=1e-3) and cov.weighted == pytest.approx(0.38333, abs=1e-5)
    assert pipeline_coverage(book, M, None) is None                                 # no target
    assert pipeline_coverage(make_inputs(sales=SERIES, report_month="2025-03"), M, 400.0) is None   # no pipeline


def test_forecast_range_from_the_backtest_errors():
    from salesreport_xl.compute.future_plans import forecast_range
    from salesreport_xl.compute.model import BacktestMonth, ForecastAccuracy

    acc = ForecastAccuracy("run_rate", [BacktestMonth("2025-01", 120.0, 100.0, 0.2),
                                        BacktestMonth("2025-02", 80.0, 100.0, -0.2),
                                        BacktestMonth("2025-03", 110.0, 100.0, 0.1)], 0.1667)
    # the largest over-forecast was +20 %: had it erred so, the actual is 120 / 1.2 = 100; the largest
    # under-forecast -20 %: 120 / 0.8 = 150
    r = forecast_range(120.0, acc)
    assert (r.low, r.high) == (pytest.approx(100.0), pytest.approx(150.0))
    assert forecast_range(None, acc) is None and forecast_range(120.0, None) is None


# ------------------------------------------------------------------------------------------ close months
# Report month 2025-03: M + 1 = 2025-04, M + 2 = 2025-05, M + 3 = 2025-06.
CLOSE_PIPELINE = [
    # closed deals (out of the table; they set the stage weights): W1 reached Lead and Proposal and was
    # won, L1 was lost in Lead -> Lead 1 of 2 won, Proposal 1 of 1, overall 1 of 2
    dict(deal_id="W1", stage="Lead", entered_on="2025-01-05", left_on="2025-02-01", amount=400, status="Open",
         close_date="2025-04-05"),
    dict(deal_id="W1", stage="Proposal", entered_on="2025-02-01", left_on="2025-03-20", amount=400, status="Won",
         close_date="2025-04-05"),
    dict(deal_id="L1", stage="Lead", entered_on="2025-01-10", left_on="2025-02-10", amount=90, status="Lost",
         close_date="2025-04-20"),
    # open at the end of March
    dict(deal_id="A1", stage="Lead", entered_on="2025-03-02", amount=100, status="Open", close_date="2025-04-10"),
    # A2's close date was moved from June to April on its latest row: the latest date counts
    dict(deal_id="A2", stage="Lead", entered_on="2025-02-15", left_on="2025-03-05", amount=200, status="Open",
         close_date="2025-06-01"),
    dict(deal_id="A2", stage="Proposal", entered_on="2025-03-05", amount=200, status="Open", close_date="2025-04-28"),
    dict(deal_id="A3", stage="Lead", entered_on="2025-03-10", amount=50, status="Open", close_date="2025-05-15"),
    # A5 was expected to close in February and is still open: overdue. Qualification: no closed deal went
    # through it, so it weighs with the share won overall (1/2)
    dict(deal_id="A5", stage="Qualification", entered_on="2025-01-20", amount=80, status="Open",
         close_date="2025-02-20"),
    dict(deal_id="A7", stage="Lead", entered_on="2025-03-12", amount=30, status="Open"),   # no close date
]
CLOSE_TARGETS = [dict(month="2025-04", target_amount=1000), dict(month="2025-03", target_amount=900)]


def test_open_deals_by_expected_close_month():
    from salesreport_xl.compute.future_plans import pipeline_by_close_month, pipeline_coverage

    book = make_inputs(sales=SERIES, pipeline=CLOSE_PIPELINE, targets=CLOSE_TARGETS, report_month="2025-03")
    rows = pipeline_by_close_month(book, M)
    got = [(r.kind, r.month, r.deals, r.amount, r.weighted) for r in rows]
    assert got == [
        ("overdue", None, 1, 80.0, pytest.approx(40.0)),           # A5: 80 × 1/2
        ("month", "2025-04", 2, 300.0, pytest.approx(250.0)),      # A1 100 × 1/2 + A2 200 × 1/1; W1 won: out
        ("month", "2025-05", 1, 50.0, pytest.approx(25.0)),        # A3 50 × 1/2
        ("month", "2025-06", 0, 0.0, 0.0),                         # A2's earlier June date does not count
        ("no_date", None, 1, 30.0, pytest.approx(15.0)),           # A7
    ]
    # the rows add up to the open pipeline: 80 + 300 + 50 + 30 = 460
    assert sum(r.amount for r in rows) == open_pipeline(book, M)[0] == 460.0
    cov = pipeline_coverage(book, M, 1000.0)
    assert cov.closing == pytest.approx(0.30)            # 300 / 1000
    assert cov.closing_weighted == pytest.approx(0.25)   # 250 / 1000
    plan = compute_plan(book, M, compute_problems(book, M), at_risk=[])
    assert plan.pipeline_by_close_month == rows and plan.pipeline_coverage.closing == pytest.approx(0.30)
    text = Phraser(Money("en", "¥", 1)).say(plan.closing_phrase)
    assert text.startswith("Deals expected to close in 2025-04: ¥300 (2 deals), 0.30× next month's target.")
    assert "Overdue: 1 deal still open past their close date (¥80)" in text
    zh = Phraser(Money("zh", "¥", 1)).say(plan.closing_phrase)
    assert zh.startswith("预计2025-04成交的商机2个，金额300元，为下月目标的0.30倍。另有1个商机已过预计成交日期仍未关闭（金额80元）")


def test_close_months_later_and_without_a_target():
    from salesreport_xl.compute.future_plans import pipeline_by_close_month

    pipeline = [dict(deal_id="A1", stage="Lead", entered_on="2025-03-02", amount=100, status="Open",
                     close_date="2025-07-01"),                           # after M + 3: later
                dict(deal_id="A2", stage="Lead", entered_on="2025-03-02", amount=60, close_date="2025-04-30")]
    book = make_inputs(sales=SERIES, pipeline=pipeline, report_month="2025-03")
    rows = pipeline_by_close_month(book, M)
    # no closed deals: nothing to weigh with
    assert [(r.kind, r.month, r.deals, r.amount, r.weighted) for r in rows] == [
        ("month", "2025-04", 1, 60.0, None), ("month", "2025-05", 0, 0.0, None), ("month", "2025-06", 0, 0.0, None),
        ("later", None, 1, 100.0, None)]
    plan = compute_plan(book, M, compute_problems(book, M), at_risk=[])
    assert plan.pipeline_coverage is None      # no target for 2025-04
    assert Phraser(Money("en", "¥", 1)).say(plan.closing_phrase) == "Deals expected to close in 2025-04: ¥60 (1 deal)."


def test_no_close_date_column_no_close_months():
    book = make_inputs(sales=SERIES, pipeline=COVERAGE_PIPELINE, targets=CLOSE_TARGETS, report_month="2025-03")
    plan = compute_plan(book, M, compute_problems(book, M), at_risk=[])
    assert plan.pipeline_by_close_month is None and plan.closing_phrase is None
    assert plan.pipeline_coverage.closing is None and plan.pipeline_coverage.open is not None


def test_close_months_in_the_json_and_null_without_the_column():
    from compute_fixtures import compute_report
    from salesreport_xl.write.report_json import report_data

    with_dates = report_data(compute_report(make_inputs(sales=SERIES, pipeline=CLOSE_PIPELINE,
                                                        targets=CLOSE_TARGETS, report_month="2025-03")))["plan"]
    assert with_dates["pipeline_by_close_month"][1] == {"kind": "month", "month": "2025-04", "deals": 2,
                                                        "amount": 300.0, "weighted": pytest.approx(250.0)}
    assert with_dates["pipeline_coverage"]["closing"] == pytest.approx(0.30)
    assert with_dates["closing_text"].startswith("Deals expected to close in 2025-04:")
    without = report_data(compute_report(make_inputs(sales=SERIES, pipeline=COVERAGE_PIPELINE,
                                                     targets=CLOSE_TARGETS, report_month="2025-03")))["plan"]
    assert (without["pipeline_by_close_month"], without["closing_phrase"], without["closing_text"]) == (None, None, None)
    assert without["pipeline_coverage"]["closing"] is None and without["pipeline_coverage"]["open"] is not None


def test_close_months_with_no_open_deal_or_no_date_known_by_the_end_of_the_month():
    from salesreport_xl.compute.future_plans import pipeline_by_close_month

    def rows(pipeline):
        book = make_inputs(sales=SERIES, pipeline=pipeline, report_month="2025-03")
        return [(r.kind, r.month, r.deals, r.amount, r.weighted) for r in pipeline_by_close_month(book, M)]

    # the only deal was won: nothing open, each month 0 (its stage weight is known: 0 × 1)
    assert rows([dict(deal_id="D1", stage="Lead", entered_on="2025-03-01", amount=10, status="Won",
                      close_date="2025-03-20")]) == [("month", m, 0, 0.0, 0.0) for m in ("2025-04", "2025-05", "2025-06")]
    # D1 open without a date; D2's date is on a row entered in April, after M: not known yet, D2 not open in M
    assert rows([dict(deal_id="D1", stage="Lead", entered_on="2025-03-01", amount=10, status="Open"),
                 dict(deal_id="D2", stage="Lead", entered_on="2025-04-01", amount=20, close_date="2025-04-20")]) == [
        ("month", "2025-04", 0, 0.0, None), ("month", "2025-05", 0, 0.0, None), ("month", "2025-06", 0, 0.0, None),
        ("no_date", None, 1, 10.0, None)]
