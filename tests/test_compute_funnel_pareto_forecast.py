"""The funnel, the customers' Pareto / ABC, the forecast's backtest and the reps below 90 %, on
hand-made books. Every expected number is worked out by hand in the comments."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from compute_fixtures import compute_report, highlight_texts, make_inputs, sale, words_of
from salesreport_xl.compute.concentration import customer_pareto, product_pareto
from salesreport_xl.compute.forecast_accuracy import choose_forecast
from salesreport_xl.compute.funnel import funnel
from salesreport_xl.compute.model import to_jsonable

M = pd.Period("2025-03", freq="M")


# ------------------------------------------------------------------------------------ funnel
PIPELINE = [
    dict(deal_id="D1", stage="Lead", entered_on="2025-02-20", left_on="2025-03-05", status="Open"),
    dict(deal_id="D1", stage="Qualification", entered_on="2025-03-05", left_on="2025-03-20", status="Open"),
    dict(deal_id="D1", stage="Proposal", entered_on="2025-03-20", status="Open"),
    dict(deal_id="D2", stage="Lead", entered_on="2025-03-02", left_on="2025-03-10", status="Lost"),
    dict(deal_id="D2", stage="Qualification", entered_on="2025-03-10", left_on="2025-03-25", status="Lost"),
    dict(deal_id="D3", stage="Proposal", entered_on="2025-01-10", left_on="2025-03-03", status="Won"),
    dict(deal_id="D3", stage="Contract", entered_on="2025-03-03", left_on="2025-03-15", status="Won"),
    dict(deal_id="D4", stage="Lead", entered_on="2025-03-25", status="Open"),
    dict(deal_id="D5", stage="Lead", entered_on="2025-01-05", left_on="2025-01-20", status="Lost"),
    dict(deal_id="D5", stage="Qualification", entered_on="2025-01-20", left_on="2025-02-10", status="Lost"),
]


def test_funnel_conversions_this_month_and_the_three_before():
    book = make_inputs(sales=[sale("2025-03-01", "C1", 1)], pipeline=PIPELINE, report_month="2025-03")
    rows, win_rate, prev_win_rate = funnel(book, M)
    got = {r.stage: (r.deals, r.advanced, r.won, r.lost, r.conversion) for r in rows}
    assert [r.stage for r in rows] == ["Lead", "Qualification", "Proposal", "Contract"]
    # March. Lead: D1 (left Mar 5), D2, D4 (open); D5 left in January -> 3 deals; D1 and D2 moved on
    assert got["Lead"] == (3, 2, 0, 0, pytest.approx(2 / 3))
    # Qualification: D1 (moved on to Proposal on Mar 20), D2 (left Mar 25, its last stage, Lost) -> 1/2
    assert got["Qualification"] == (2, 1, 0, 1, pytest.approx(1 / 2))
    # Proposal: D1 (open since Mar 20), D3 (moved on to Contract on Mar 3) -> 1/2
    assert got["Proposal"] == (2, 1, 0, 0, pytest.approx(1 / 2))
    # Contract: D3 won from it on Mar 15 -> 1/1
    assert got["Contract"] == (1, 0, 1, 0, pytest.approx(1.0))
    # win rate: D3 won, D2 lost in March -> 1 / 2
    assert win_rate == pytest.approx(0.5)
    # December - February: Lead D1 (entered Feb 20, still there), D5 (moved on Jan 20) -> 1/2;
    # Qualification D5 (lost Feb 10) -> 0/1; Proposal D3 (in it all along) -> 0/1; Contract: none
    prev = {r.stage: (r.prev_deals, r.prev_conversion) for r in rows}
    assert prev == {"Lead": (2, pytest.approx(0.5)), "Qualification": (1, 0.0), "Proposal": (1, 0.0),
                    "Contract": (0, None)}
    assert prev_win_rate == 0.0                       # D5 lost, none won
    assert set(to_jsonable(rows[0])) >= {"stage", "deals", "advanced", "won", "lost", "conversion"}


def test_a_crm_deal_export_wins_and_loses_on_its_close_date():
    # One row per deal, no Left On (a Salesforce / HubSpot deal export): D1 won on 2025-03-10, D2 lost on
    # 2025-03-20, D3 lost on 2025-03-28, D4 won on 2025-02-05, D5 still open (its Close Date expected).
    # March: 1 won of 3 decided -> 1/3; December - February: D4 won, none lost -> 1.0. Without the Close
    # Date column no closed deal has an exit date: no win rate either month.
    deals = [dict(deal_id="D1", stage="Closed Won", entered_on="2025-01-10", status="Won", close_date="2025-03-10"),
             dict(deal_id="D2", stage="Closed Lost", entered_on="2025-02-01", status="Lost", close_date="2025-03-20"),
             dict(deal_id="D3", stage="Closed Lost", entered_on="2025-03-01", status="Lost", close_date="2025-03-28"),
             dict(deal_id="D4", stage="Closed Won", entered_on="2024-12-01", status="Won", close_date="2025-02-05"),
             dict(deal_id="D5", stage="Proposal", entered_on="2025-03-02", status="Open", close_date="2025-04-30")]
    book = make_inputs(sales=[sale("2025-03-01", "C1", 1)], pipeline=deals, report_month="2025-03")
    _, win_rate, prev_win_rate = funnel(book, M)
    assert (win_rate, prev_win_rate) == (pytest.approx(1 / 3), pytest.approx(1.0))
    undated = make_inputs(sales=[sale("2025-03-01", "C1", 1)], report_month="2025-03",
                          pipeline=[{k: v for k, v in d.items() if k != "close_date"} for d in deals])
    assert funnel(undated, M)[1:] == (None, None)


def test_no_pipeline_no_funnel():
    assert funnel(make_inputs(sales=[sale("2025-03-01", "C1", 1)], report_month="2025-03"), M) == ([], None, None)


# ------------------------------------------------------------------------------------ Pareto / ABC
# March: C1 500, C2 250, C3 100, C4 80, C5 40, C6 20, C7 10 (positive: n = 7, total 1000), C8 -5 (a return
# only: not a buying customer). History from 2024-12; C1 bought 600 in each of Dec, Jan and Feb, in three
# order lines of 200 (reliable buying, compute/judge.py).
PARETO_SALES = [sale("2025-03-0%d" % (i + 1), c, a) for i, (c, a) in enumerate(
    [("C1", 500), ("C2", 250), ("C3", 100), ("C4", 80), ("C5", 40), ("C6", 20), ("C7", 10), ("C8", -5)])] + [
    sale(f"{m}-{d}", "C1", 200) for m in ("2024-12", "2025-01", "2025-02") for d in ("05", "10", "20")] + [
    sale("2025-02-11", "C2", 250)]


def test_pareto_share_classes_and_a_class_below_usual():
    book = make_inputs(sales=PARETO_SALES, report_month="2025-03")
    p = customer_pareto(book, M)
    # top ceil(20 % x 7) = ceil(1.4) = 2 customers: C1 + C2 = 750 of 1000
    assert (p.items, p.top_items) == (7, 2)
    assert p.top20_share == pytest.approx(0.75)
    # share of the customers before each: C1 0, C2 .50, C3 .75 -> A (< 80 %); C4 .85, C5 .93 -> B (< 95 %);
    # C6 .97, C7 .99 -> C
    assert [(c.name, c.items, c.sales) for c in p.classes] == [("A", 3, 850.0), ("B", 2, 120.0), ("C", 2, 30.0)]
    assert [c.share for c in p.classes] == [pytest.approx(0.85), pytest.approx(0.12), pytest.approx(0.03)]
    assert p.classes[0].items_share == pytest.approx(3 / 7)
    # usual = mean over the baseline months inside the history (Feb, Jan, Dec; March 2024 is before it):
    # C1 (600 x 3) / 3 = 600 > 500 -> below by 100, more than the floor: 1 % x max(995, expected
    # (600 + 600 + 850) / 3 = 683.3) = 9.95; C2 250 / 3 = 83.3 < 250; C3 0 < 100
    assert p.a_below_usual == 1
    r = p.a_below_usual_rows[0]
    assert (r.customer_id, r.this_month, r.usual) == ("C1", 500.0, 600.0)
    assert r.change == pytest.approx(500 / 600 - 1)
    assert set(to_jsonable(p)) >= {"top20_share", "classes"}
    # products: everything is P1 -> one product holding it all
    pp = product_pareto(book, M)
    assert (pp.items, pp.top_items, pp.top20_share) == (1, 1, pytest.approx(1.0))


# ------------------------------------------------------------------------------------ backtest
def test_two_backtested_months_and_their_mape():
    # 2025-01 100, 2025-02 200, 2025-03 250; report month March; backtest October .. March:
    # before February there is no earlier sales month, so two months are listed.
    # February from January: run rate 100 (the history's only month), actual 200 -> error -0.5
    # March from Jan-Feb: run rate (100 + 200) / 2 = 150, actual 250 -> error 150/250 - 1 = -0.4
    # MAPE = (0.5 + 0.4) / 2 = 0.45
    book = make_inputs(sales=[sale("2025-01-10", "C1", 100), sale("2025-02-10", "C1", 200),
                              sale("2025-03-10", "C1", 250)], report_month="2025-03")
    fc, acc, alternatives = choose_forecast(book, M)
    assert [(x.month, x.forecast, x.actual) for x in acc.months] == [("2025-02", 100.0, 200.0),
                                                                    ("2025-03", 150.0, 250.0)]
    assert [x.error for x in acc.months] == [pytest.approx(-0.5), pytest.approx(-0.4)]
    assert acc.mape == pytest.approx(0.45)
    # too short a history for the methods to compete: the default rule, here the run rate
    assert (acc.method, fc.method, alternatives) == ("run_rate", "run_rate", [])
    assert fc.value == pytest.approx((100 + 200 + 250) / 3)


def test_the_method_with_the_lowest_error_is_used_and_named():
    # 2023-01 .. 2023-12: 100 a month; 2024-01 .. 2025-06: 200 a month; report month 2025-06.
    # Backtest 2025-01 .. 2025-06; the 3 months before each are 200 -> run rate 200 = actual: MAPE 0.
    # Run rate x seasonal index for 2025-01: index = 2024-01 / mean(2023-10 .. 2023-12) = 200 / 100 = 2
    #   -> 400, error +1; 2025-02: 200 / mean(100, 100, 200) = 1.5 -> 300, +0.5; 2025-03: 200 / mean(100,
    #   200, 200) = 1.2 -> 240, +0.2; 2025-04 .. 06: index 1 -> 0. MAPE = (1 + 0.5 + 0.2) / 6 = 0.28333
    # Last year x trend for 2025-01: 2024-01 x sum(2024-07 .. 12) / sum(2023-07 .. 12) = 200 x 1200 / 600
    #   = 400, error +1 -> MAPE > 0.
    months = pd.period_range("2023-01", "2025-06", freq="M")
    rows = [sale(f"{p}-10", "C1", 100 if p.year == 2023 else 200) for p in months]
    book = make_inputs(sales=rows, report_month="2025-06")
    fc, acc, alternatives = choose_forecast(book, pd.Period("2025-06", freq="M"))
    mape = {a.method: a.mape for a in alternatives}
    assert mape["run_rate"] == 0.0
    assert mape["run_rate_x_seasonal"] == pytest.approx(1.7 / 6)
    assert mape["last_year_x_trend"] > 0
    assert alternatives[1].months[0].forecast == pytest.approx(400.0)     # last year x trend, 2025-01
    assert (acc.method, fc.method, fc.value) == ("run_rate", "run_rate", 200.0)
    model = compute_report(book, built_at="x")
    assert model.plan.forecast_method == "run_rate" and model.figures["SR_FORECAST"] == 200.0
    data = json.loads(json.dumps(to_jsonable(model.plan.forecast_accuracy)))
    assert set(data) >= {"method", "months", "mape"} and set(data["months"][0]) >= {"month", "forecast", "actual"}
    assert words_of(model).forecast_accuracy.startswith("This method was within 0.0%")


# ------------------------------------------------------------------------------------ reps below 90 %
def test_reps_below_90_percent_are_named_by_money_short():
    # Ann 85 / 100 = 85 % (15 short), Bob 95 / 100 = 95 % (amber, not named), Cy 40 / 50 = 80 % (10 short):
    # both below 90 % are named, the larger shortfall first (display unit 1 so the amounts read exactly)
    rows = [sale("2025-03-02", "C1", 85, rep="Ann"), sale("2025-03-03", "C2", 95, rep="Bob"),
            sale("2025-03-04", "C3", 40, rep="Cy")]
    targets = [dict(month="2025-03", sales_rep=r, target_amount=t) for r, t in (("Ann", 100), ("Bob", 100), ("Cy", 50))]
    model = compute_report(make_inputs(sales=rows, targets=targets, report_month="2025-03", display_unit=1),
                           built_at="x")
    reps = next(h for h in model.summary.highlights if h.key == "reps_below")
    assert highlight_texts(model)["reps_below"] == "Furthest below target: Ann at 85.0% of ¥100 (¥15 short), Cy at 80.0% of ¥50 (¥10 short)."
    assert (reps.figure, reps.figure_name) == (0.85, "team.reps[Ann].attainment")
