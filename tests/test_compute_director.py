"""Page 1, the director's page (compute/director.py): what happened with the season, the three largest
drivers each on its basis, the three most valuable actions with their owners, the tiles' trends.

Every expected number is worked out by hand in the test's comments.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from compute_fixtures import compute_report, make_inputs, sale, words_of
from salesreport_xl.compute.director import actions, season
from salesreport_xl.compute.model import AtRiskRow, FollowUp, Phrase, Sentence, amount


def _months(first: str, last: str) -> list[pd.Period]:
    return list(pd.period_range(first, last, freq="M"))


def _history(december: dict[int, float], first="2022-01", last="2024-12", usual=100.0, report=None) -> list[dict]:
    """One sale of `usual` a month, December of the years given at their own amount."""
    rows = []
    for p in _months(first, last):
        value = december.get(p.year, usual) if p.month == 12 else usual
        rows.append(sale(f"{p.year}-{p.month:02d}-15", "C1", value))
    return rows


# ------------------------------------------------------------------------------------ the season
def test_a_seasonally_high_month_is_said_with_its_index_from_the_earlier_years():
    # 2022: eleven months of 100 and a December of 200 -> year 1 300, December's share 200/1300
    # 2023: eleven months of 100 and a December of 300 -> year 1 400, December's share 300/1400
    # index = 12 × (200/1300 + 300/1400) / 2 = 6 × (0.153846 + 0.214286) = 2.20879
    # 2024 is the report's year: not an earlier year, so not used.
    inputs = make_inputs(sales=_history({2022: 200.0, 2023: 300.0, 2024: 400.0}), report_month="2024-12")
    model = compute_report(inputs)
    s = model.summary.season
    assert s.years == [2022, 2023] and s.level == "high"
    assert abs(s.index - 12 * (200 / 1300 + 300 / 1400) / 2) < 1e-12
    happened = {x.key: x for x in model.summary.happened}
    assert happened["season"].figure == s.index
    # no target, and a month the season lifts: sales alone lead (not "+33.3 % on last month"), then last
    # year, the season, the year to date
    assert list(happened) == ["sales", "vs_last_year", "season", "ytd"]
    text = dict(zip([x.key for x in model.summary.happened], words_of(model, "en").happened))["season"]
    assert text.startswith("December is a high month for this team: in 2022 to 2023 it brought 2.21×")
    zh = dict(zip([x.key for x in model.summary.happened], words_of(model, "zh").happened))["season"]
    assert zh.startswith("12月是本团队的销售旺季：2022至2023年该月销售额为月均水平的2.21倍")
    # what happened also says last year and the year to date, each with its figure:
    # YoY 400 / 300 − 1 = +33.3 %; YTD 11 × 100 + 400 = 1 500 against 11 × 100 + 300 = 1 400: +7.1 %
    assert happened["vs_last_year"].figure == 400 / 300 - 1
    assert happened["ytd"].figure == 1500.0
    assert "+7.1%" in dict(zip([x.key for x in model.summary.happened], words_of(model, "en").happened))["ytd"]


def test_in_a_seasonal_month_the_drivers_are_measured_against_last_year():
    # December 2024 (a high month, index 2.21) of the history above, all in category A, no target:
    # A 400 against last December's 300 (+100), not against November's 100 (+300); the rep has no
    # target and no last-year figure of its own, so no rep driver
    model = compute_report(make_inputs(sales=_history({2022: 200.0, 2023: 300.0, 2024: 400.0}),
                                       report_month="2024-12"))
    assert [(d.dimension, d.name, d.basis, d.actual, d.base, d.amount) for d in model.summary.drivers] == [
        ("category", "A", "last_year", 400.0, 300.0, 100.0)]


def test_a_low_month_is_said_too():
    # November: 100 of 1 300 and 100 of 1 400 -> 12 × (0.076923 + 0.071429) / 2 = 0.89011 (≤ 0.90: low)
    inputs = make_inputs(sales=_history({2022: 200.0, 2023: 300.0}, last="2024-11"), report_month="2024-11")
    s = compute_report(inputs).summary.season
    assert s.level == "low" and abs(s.index - 6 * (100 / 1300 + 100 / 1400)) < 1e-12


def test_the_season_is_said_only_when_material_and_with_an_earlier_complete_year():
    # December 110 in an otherwise flat 100 a month: 12 × 110 / 1 310 = 1.0076, within 10 % of 1.0
    flat = compute_report(make_inputs(sales=_history({2022: 110.0, 2023: 110.0}), report_month="2024-12"))
    assert flat.summary.season.level is None and "season" not in [x.key for x in flat.summary.happened]
    # history from February 2023: 2023 is not a whole year, and no year before it -> nothing to judge on
    short = compute_report(make_inputs(sales=_history({2023: 300.0}, first="2023-02"), report_month="2024-12"))
    assert short.summary.season is None and "season" not in [x.key for x in short.summary.happened]


def test_season_by_hand_on_a_monthly_series():
    # codes of 2023-01 .. 2023-12 with March at 240 and the rest 120: year 1 560, March 240/1560 × 12
    jan = (2023 - 1970) * 12
    monthly = pd.Series({jan + k: (240.0 if k == 2 else 120.0) for k in range(12)})
    found = season(monthly, pd.Period("2024-03", freq="M"), first=jan, last=jan + 11)
    assert found.years == [2023] and abs(found.index - 240 / 1560 * 12) < 1e-12 and found.level == "high"


def test_a_month_without_sales_says_so_and_where_the_data_is():
    # sales in January and March only, a target of 150 for February: not "0.0 % of the target"
    model = compute_report(make_inputs(sales=[sale("2025-01-10", "C1", 100.0), sale("2025-03-10", "C1", 200.0)],
                                       targets=[dict(month="2025-02-01", target_amount=150.0)],
                                       report_month="2025-02"))
    assert words_of(model, "en").happened[0] == "No sales are recorded this month; the Sales data covers 2025-01 to 2025-03."


# ------------------------------------------------------------------------------------ why
def _drivers_book():
    # March 2025 against February 2025, each row in its own channel and category:
    #   Ann  A Online  100 -> 400      Ann  B Offline 550 -> 300      Bob  A Offline 700 -> 600
    # Targets for March: Ann 1 000, Bob 500 (the team's target is their sum, 1 500).
    rows = [sale("2025-02-10", "C1", 100.0, category="A", rep="Ann", channel="Online"),
            sale("2025-02-11", "C2", 550.0, category="B", rep="Ann", channel="Offline"),
            sale("2025-02-12", "C3", 700.0, category="A", rep="Bob", channel="Offline"),
            sale("2025-03-10", "C1", 400.0, category="A", rep="Ann", channel="Online"),
            sale("2025-03-11", "C2", 300.0, category="B", rep="Ann", channel="Offline"),
            sale("2025-03-12", "C3", 600.0, category="A", rep="Bob", channel="Offline")]
    targets = [dict(month="2025-03-01", sales_rep="Ann", target_amount=1000.0),
               dict(month="2025-03-01", sales_rep="Bob", target_amount=500.0)]
    return make_inputs(sales=rows, targets=targets, report_month="2025-03", display_unit=1, currency="$")


def test_the_three_largest_drivers_each_on_its_basis_largest_first():
    # per breakdown, the row furthest from its basis:
    #   reps (against their targets): Ann 700 − 1 000 = −300; Bob 600 − 500 = +100     -> Ann −300
    #   categories (no target: last month): A 1 000 − 800 = +200; B 300 − 550 = −250    -> B −250
    #   channels (last month): Online 400 − 100 = +300; Offline 900 − 1 250 = −350      -> Offline −350
    # ranked by money: Offline −350, Ann −300, B −250 (all above the floor 1 % × 1 500 = 15)
    model = compute_report(_drivers_book())
    got = [(d.dimension, d.name, d.basis, d.actual, d.base, d.amount) for d in model.summary.drivers]
    assert got == [("channel", "Offline", "last_month", 900.0, 1250.0, -350.0),
                   ("rep", "Ann", "target", 700.0, 1000.0, -300.0),
                   ("category", "B", "last_month", 300.0, 550.0, -250.0)]
    # each sentence says its basis and carries its figures
    assert words_of(model, "en").drivers == (
        "Offline (channel): -$350 on last month ($900 against $1,250).",
        "Ann (rep): -$300 against its target ($700 against $1,000).",
        "B (category): -$250 on last month ($300 against $550).")
    assert words_of(model, "zh").drivers[:2] == ("线下（渠道）：较上月-350美元（本月900美元，上月1,250美元）。",
                                                 "Ann（销售人员）：较目标-300美元（实际700美元，目标1,000美元）。")


def test_a_driver_below_the_materiality_floor_is_left_out():
    # materiality 30 %: the floor is 30 % × 1 500 = 450, and no row is that far from its basis
    inputs = dataclasses.replace(_drivers_book(), settings=dataclasses.replace(_drivers_book().settings,
                                                                               materiality=0.3))
    assert compute_report(inputs).summary.drivers == []


# ------------------------------------------------------------------------------------ what to do
def test_the_three_most_valuable_actions_with_their_owners():
    # follow-ups: at risk Acme 50 000 (Ann), stalled D7 80 000 (Bob), at risk C2 20 000 (Cy),
    # stalled D9 with no amount (Dee), at risk Big 60 000 (Eve) -> D7 80 000, Big 60 000, Acme 50 000
    model = compute_report(_drivers_book())
    drop = Phrase("s_fu_silent", {"days": amount(0)})
    ups = [FollowUp("at_risk", "Acme (C1)", [drop], 50000.0, "Ann"), FollowUp("stalled", "D7", drop, 80000.0, "Bob"),
           FollowUp("at_risk", "C2", [drop], 20000.0, "Cy"), FollowUp("stalled", "D9", drop, None, "Dee"),
           FollowUp("at_risk", "Big (C3)", [drop], 60000.0, "Eve")]
    at_risk = [AtRiskRow("C1", "Acme", 0, 0, None, None, 50000.0, "silent", "Ann"),
               AtRiskRow("C3", "Big", 0, 0, None, None, 60000.0, "silent", "Eve")]
    plan = dataclasses.replace(model.plan, follow_ups=ups)
    got = actions(plan, at_risk)
    assert [(a.subject, a.amount, a.owner) for a in got] == [("D7", 80000.0, "Bob"), ("Big (C3)", 60000.0, "Eve"),
                                                             ("Acme (C1)", 50000.0, "Ann")]
    summary = dataclasses.replace(model.summary, actions=got)
    words = words_of(dataclasses.replace(model, summary=summary), "zh").actions
    assert words[1].startswith("拜访Big（C3）：每3个月销售额") and words[1].endswith("负责人：Eve。")
    assert words_of(dataclasses.replace(model, summary=summary), "en").actions[0].endswith("Owner: Bob.")


def test_a_short_follow_up_list_is_filled_with_the_suggestions_that_have_money_at_stake():
    # one follow-up (stalled D7, 80 000, Bob); the suggestions: at-risk (a sum of follow-ups: not
    # twice), a shortfall of 30 000 (figure −30 000), the slowest stage (no money) -> D7, the shortfall
    model = compute_report(_drivers_book())
    drop = Phrase("s_fu_silent", {"days": amount(0)})
    suggestions = [Sentence("suggest_at_risk", Phrase("s_sg_at_risk"), 2),
                   Sentence("suggest_underperformer", Phrase("s_sg_underperformer"), -30000.0),
                   Sentence("suggest_stage", Phrase("s_sg_stage"), 44.0)]
    plan = dataclasses.replace(model.plan, follow_ups=[FollowUp("stalled", "D7", drop, 80000.0, "Bob")],
                               suggestions=suggestions)
    got = actions(plan, [])
    assert [(a.kind, a.amount, a.owner) for a in got] == [("stalled", 80000.0, "Bob"),
                                                          ("suggest_underperformer", 30000.0, "")]


# ------------------------------------------------------------------------------------ trends
def test_the_tiles_trends_over_13_months_by_hand():
    # sales: 2024-01 100, 2024-02 nothing, 2024-03 .. 2025-01 200 each, 2025-02 300 (the report month)
    rows = [sale("2024-01-10", "C1", 100.0)]
    rows += [sale(f"{p.year}-{p.month:02d}-10", "C2" if p.month % 2 else "C1", 200.0)
             for p in _months("2024-03", "2025-01")]
    rows += [sale("2025-02-10", "C3", 300.0)]
    targets = [dict(month="2025-02-01", target_amount=250.0)]
    model = compute_report(make_inputs(sales=rows, targets=targets, report_month="2025-02"))
    s = model.summary
    assert s.trend_months[0] == "2024-02" and s.trend_months[-1] == "2025-02" and len(s.trend_months) == 13
    trend = {t.name: t.values for t in s.kpi_trends}
    assert trend["SR_SALES_MONTH"][:3] == [0.0, 200.0, 200.0] and trend["SR_SALES_MONTH"][-1] == 300.0
    # MoM: 2024-02 on 100 -> −100 %; 2024-03 on 0 -> n/a; 2025-02: 300 / 200 − 1 = +50 %
    assert trend["SR_MOM"][0] == -1.0 and trend["SR_MOM"][1] is None and trend["SR_MOM"][-1] == 0.5
    # YoY: 2025-01 on 2024-01: 200 / 100 − 1 = +100 %; 2025-02 on 2024-02 (nothing sold): n/a;
    # months whose year-ago month is before the data (2024-02 .. 2024-12): n/a
    assert trend["SR_YOY"][-2] == 1.0 and trend["SR_YOY"][-1] is None and trend["SR_YOY"][0] is None
    # YTD restarts in January: 2024-12 = 100 + 10 × 200 = 2 100; 2025-01 = 200; 2025-02 = 500
    assert trend["SR_YTD"][-3:] == [2100.0, 200.0, 500.0]
    # attainment only where there is a target: 300 / 250 in 2025-02
    assert trend["SR_ATTAINMENT"][-1] == 1.2 and trend["SR_ATTAINMENT"][:-1] == [None] * 12
    # new customers: C1 in 2024-01 (before the window), C2 in 2024-03, C3 in 2025-02
    assert trend["SR_NEW_CUSTOMERS"][1] == 1 and trend["SR_NEW_CUSTOMERS"][-1] == 1
    assert sum(trend["SR_NEW_CUSTOMERS"]) == 2
    # the last point of each is the tile's own figure
    for name in ("SR_SALES_MONTH", "SR_MOM", "SR_ATTAINMENT", "SR_NEW_CUSTOMERS", "SR_YTD"):
        assert trend[name][-1] == model.figures[name], name
    # average order: no order id, so each line is an order: 2025-02 one line of 300; 2024-02 no order: n/a
    assert trend["average_order"][-1] == 300.0 and trend["average_order"][0] is None
    # no feedback or activities sheet: no trend for them
    assert "SR_SATISFACTION" not in trend and "SR_ACTIVITIES" not in trend
