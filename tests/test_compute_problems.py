"""Section 五 (problems): underperformers vs target / baseline, the volume-price split, customer drops,
channel shift, pipeline stage durations and stalled deals — on small hand-made books."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from compute_fixtures import make_inputs, sale
from salesreport_xl.compute.model import UnderperformerRow
from salesreport_xl.compute.judge import baseline_codes
from salesreport_xl.compute.problems import compute_problems, explain_all, volume_price_split
from salesreport_xl.compute.targets import category_targets

M = pd.Period("2025-03", freq="M")


def explained(book, *items):
    """The likely reasons of the given (level, name) items, whether or not they are judged: the split
    does not depend on the materiality rule (tests of that rule: test_judgment.py)."""
    rows = [UnderperformerRow(level=lv, name=n, category="", actual=0.0, basis="baseline", expected=0.0, gap=0.0,
                              gap_pct=None) for lv, n in items]
    return explain_all(book, M, rows)


def in_three_lines(rows, parts=(0.25, 0.25, 0.5)):
    """Each sale as three order lines (¼, ¼, ½ of it: exact in floats) on its day, so an item selling
    every month is reliable (3 order lines a month, compute/judge.py) and its sums are unchanged."""
    return [dict(r, amount=r["amount"] * part) for r in rows for part in parts]


def named(rows, level=None):
    return {r.name: r for r in rows if level is None or r.level == level}


# ------------------------------------------------------------------------------------ vs target
TARGET_SALES = [
    sale("2025-02-10", "C1", 1000, category="A", product="PA"),
    sale("2025-03-10", "C1", 850, category="A", product="PA"),
    sale("2025-02-10", "C2", 500, category="B", product="PB"),
    sale("2025-03-10", "C2", 480, category="B", product="PB"),
    sale("2025-02-10", "C3", 85, category="C", product="PC"),
    sale("2025-03-10", "C3", 85, category="C", product="PC"),
]
TARGETS = [
    dict(month="2025-03", category="A", target_amount=1000),
    dict(month="2025-03", sales_rep="Ann", category="A", target_amount=5000),   # a rep row: ignored
    dict(month="2025-03", segment="Key Account", category="B", target_amount=300),
    dict(month="2025-03", segment="SMB", category="B", target_amount=200),
    dict(month="2025-03", category="C", target_amount=100),
    dict(month="2025-03", segment="SMB", category="C", target_amount=50),      # whole row wins
    dict(month="2025-03", category="D", target_amount=40),                      # no sales at all
    dict(month="2025-04", category="A", target_amount=9999),                    # another month
]


def test_category_targets_whole_rows_else_segment_sum():
    book = make_inputs(sales=TARGET_SALES, targets=TARGETS, report_month="2025-03")
    # A: the blank-rep row 1000 (Ann's 5000 is a rep target); B: only segment rows, 300 + 200 = 500;
    # C: a whole-category row 100 exists, so its SMB row 50 is not added; D: 40.
    assert category_targets(book, M) == {"A": 1000.0, "B": 500.0, "C": 100.0, "D": 40.0}


def test_underperformer_against_category_target():
    book = make_inputs(sales=TARGET_SALES, targets=TARGETS, report_month="2025-03", underperform=-0.10)
    cats = named(compute_problems(book, M).underperformers, "category")
    # A: 850 vs 1000 -> gap -150, -15 % <= -10 %: flagged
    assert cats["A"].basis == "target"
    assert (cats["A"].actual, cats["A"].expected, cats["A"].gap) == (850.0, 1000.0, -150.0)
    assert cats["A"].gap_pct == pytest.approx(-0.15)
    # B: 480 vs 500 -> -4 %: not flagged (against the baseline 500 too)
    assert "B" not in cats
    # C: 85 vs 100 -> -15 %: flagged with expected 100 (not 150, the whole row is the target)
    assert cats["C"].expected == 100.0 and cats["C"].gap_pct == pytest.approx(-0.15)
    # D: a target of 40 and no sales: 0 vs 40 -> -100 %
    assert cats["D"].actual == 0.0 and cats["D"].gap_pct == pytest.approx(-1.0)
    # largest shortfall first: A (-150), C (-15), D (-40) -> A, D, C
    assert [u.name for u in compute_problems(book, M).underperformers if u.level == "category"] == ["A", "D", "C"]


# ------------------------------------------------------------------------------------ vs baseline
def test_underperformer_against_baseline_of_four_months():
    sales = [
        sale("2024-03-05", "C1", 100, category="D", product="PD"),   # same month last year
        sale("2024-12-05", "C1", 200, category="D", product="PD"),   # M-3
        sale("2025-01-05", "C1", 100, category="D", product="PD"),   # M-2
        sale("2025-02-05", "C2", 999, category="Z", product="PZ"),   # M-1: no D sales (counts 0)
        sale("2025-03-05", "C1", 80, category="D", product="PD"),
        sale("2025-03-05", "C2", 999, category="Z", product="PZ"),
    ]
    sales = in_three_lines(sales, (0.25,) * 4)   # D: 12 lines in its 3 months = 3 a baseline month
    book = make_inputs(sales=sales, report_month="2025-03")
    # history from 2024-03, so all four baseline months count
    assert len(baseline_codes(book, M)) == 4
    rows = compute_problems(book, M).underperformers
    cat, prod = named(rows, "category")["D"], named(rows, "product")["PD"]
    # baseline D = (100 + 200 + 100 + 0) / 4 = 100; actual 80 -> gap -20, -20 %
    for row in (cat, prod):
        assert row.basis == "baseline"
        assert (row.actual, row.expected, row.gap) == (80.0, 100.0, -20.0)
        assert row.gap_pct == pytest.approx(-0.20)
    assert prod.category == "D"
    # Z: baseline (0 + 0 + 0 + 999) / 4 = 249.75, actual 999: far above, not flagged
    assert "Z" not in named(rows)


def test_baseline_uses_only_months_inside_the_history():
    sales = [
        sale("2024-12-05", "C1", 200, category="E"),
        sale("2025-01-05", "C1", 100, category="E"),
        sale("2025-02-05", "C1", 300, category="E"),
        sale("2025-03-05", "C1", 170, category="E"),
    ]
    sales = in_three_lines(sales)
    book = make_inputs(sales=sales, report_month="2025-03")
    # history starts 2024-12: baseline months are 2025-02, 2025-01 and 2024-12 (2024-03 not counted);
    # sold in 3 of them, so reliable. baseline = (300 + 100 + 200) / 3 = 200; 170 vs 200 -> -15 % (with a
    # zero for the missing month the base would be 150 and E would look +13 %)
    e = named(compute_problems(book, M).underperformers, "category")["E"]
    assert e.expected == 200.0 and e.gap_pct == pytest.approx(-0.15)


def test_threshold_is_inclusive_and_first_month_is_not_judged():
    sales = [  # three months of history before M, so both are reliable (sold in 3 of the baseline months)
        *(sale(d, "C1", 100, category=c, product="P" + c) for d in ("2024-12-05", "2025-01-05") for c in "FG"),
        sale("2025-02-05", "C1", 100, category="F", product="PF"),
        sale("2025-03-05", "C1", 90, category="F", product="PF"),    # exactly -10 %: flagged
        sale("2025-02-05", "C1", 100, category="G", product="PG"),
        sale("2025-03-05", "C1", 91, category="G", product="PG"),    # -9 %: not flagged
    ]
    sales = in_three_lines(sales)
    book = make_inputs(sales=sales, report_month="2025-03", underperform=-0.10)
    assert set(named(compute_problems(book, M).underperformers, "category")) == {"F"}
    # 2024-12 is the first month of history: no baseline month, nothing judged, no exception
    first = compute_problems(book, pd.Period("2024-12", freq="M"))
    assert first.underperformers == [] and first.reasons == []


# ------------------------------------------------------------------------------------ reasons
def test_volume_price_split_adds_up_exactly():
    # p0 = 1000 / 10 = 100; volume = (8 - 10) * 100 = -200; price = (720/8 - 100) * 8 = -80; -200 - 80 = -280
    assert volume_price_split(1000.0, 10.0, 720.0, 8.0) == (-200.0, -80.0)
    # nothing sold by quantity before: all of the change (300 - 0) is volume
    assert volume_price_split(0.0, 0.0, 300.0, 3.0) == (300.0, 0.0)
    # nothing sold now: volume = (0 - 4) * 50 = -200 = the whole change, price 0
    assert volume_price_split(200.0, 4.0, 0.0, 0.0) == (-200.0, 0.0)
    # awkward decimals still add up to the change
    v, p = volume_price_split(1234.56, 7.0, 987.65, 5.0)
    assert v + p == pytest.approx(987.65 - 1234.56, abs=1e-9)


REASON_SALES = [
    sale("2025-02-05", "C1", 600, category="A", product="PA", quantity=6, channel="Online", customer_name="Acme"),
    sale("2025-02-06", "C2", 400, category="A", product="PA", quantity=4, channel="Offline"),
    sale("2025-03-05", "C1", 600, category="A", product="PA", quantity=6, channel="Online", customer_name="Acme"),
    sale("2025-03-06", "C2", 120, category="A", product="PA", quantity=2, channel="Offline"),
]


def test_reasons_split_customers_and_channels():
    book = make_inputs(sales=REASON_SALES, report_month="2025-03")
    reasons = explained(book, ("category", "A"), ("product", "PA"))
    r = named(reasons, "category")["A"]
    # baseline = Feb only: A0 = 1000, Q0 = 10, P0 = 100; now A1 = 720, Q1 = 8, P1 = 90
    assert r.change == -280.0
    assert r.volume_effect == -200.0          # (8 - 10) * 100
    assert r.price_effect == -80.0            # (90 - 100) * 8
    assert r.volume_effect + r.price_effect == r.change
    # C2 fell 400 -> 120 (-280); C1 unchanged: not a drop. With one baseline month (February) no customer's
    # buying is reliable (3 of the baseline months are needed, compute/judge.py), so none is named: who is
    # named is tested in test_judgment.py.
    assert r.customers_stopped == []
    # channels: now Online 600/720, Offline 120/720; before 600/1000, 400/1000
    shift = {c.channel: c for c in r.channel_shift}
    assert shift["Online"].share_now == pytest.approx(5 / 6) and shift["Online"].share_before == pytest.approx(0.6)
    assert shift["Offline"].share_now == pytest.approx(1 / 6) and shift["Offline"].share_before == pytest.approx(0.4)
    # the product PA has the same numbers
    assert named(reasons, "product")["PA"].price_effect == -80.0


def test_split_when_quantity_starts_from_zero():
    sales = [
        sale("2025-02-05", "C1", 1000, category="S", product="PS"),                  # no quantity given
        sale("2025-03-05", "C1", 500, category="S", product="PS", quantity=5),
    ]
    book = make_inputs(sales=sales, report_month="2025-03")
    r = named(explained(book, ("category", "S")), "category")["S"]
    # Q0 = 0: no earlier price, so the whole change 500 - 1000 = -500 is volume
    assert (r.change, r.volume_effect, r.price_effect) == (-500.0, -500.0, 0.0)


def test_no_quantity_column_means_no_split():
    sales = [sale("2025-02-05", "C1", 1000, category="A"), sale("2025-03-05", "C1", 500, category="A")]
    r = named(explained(make_inputs(sales=sales, report_month="2025-03"), ("category", "A")))["A"]
    assert r.change == -500.0 and r.volume_effect is None and r.price_effect is None
    assert r.channel_shift == []


# ------------------------------------------------------------------------------------ pipeline
PIPELINE = [
    dict(deal_id="D1", stage="Lead", entered_on="2025-02-20", left_on="2025-03-05", amount=100, status="Open"),
    dict(deal_id="D1", stage="Qualification", entered_on="2025-03-05", amount=100, status="Open"),
    dict(deal_id="D2", stage="Lead", entered_on="2025-03-01", left_on="2025-03-11", amount=200),
    dict(deal_id="D2", stage="Qualification", entered_on="2025-03-11", left_on="2025-03-21", amount=200),
    dict(deal_id="D2", stage="Approval", entered_on="2025-03-21", amount=200, status="Open"),
    dict(deal_id="D3", customer_id="C9", sales_rep="Bob", stage="Approval", entered_on="2025-01-15",
         amount=900, status="Open"),
    dict(deal_id="D4", stage="Approval", entered_on="2025-02-01", left_on="2025-03-20", amount=50),
    dict(deal_id="D5", stage="Contract", entered_on="2025-02-10", amount=70, status="Won"),
    dict(deal_id="D6", stage="Negotiation", entered_on="2025-04-02", amount=10, status="Open"),
    dict(deal_id="D7", stage="Lead", entered_on="2025-01-01", left_on="2025-02-10", amount=5, status="Lost"),
    dict(deal_id="D8", stage="Discovery", entered_on="2025-03-10", left_on="2025-03-12"),
    dict(deal_id="D9", stage="Proposal", entered_on="2025-02-28", amount=40),
    dict(deal_id="D10", stage="Proposal", entered_on="2025-03-01", status="Open", amount=30),
]
PLAN = [
    dict(section="problems", text="Category A lost a distributor."),
    dict(section="root_causes", text="Competitor price cut."),
    dict(section="bottlenecks", text="Approvals wait for the regional director."),
    dict(section="problems", text="Second note."),
    dict(section="training", text="not a problems note"),
]


@pytest.fixture
def pipeline_book():
    return make_inputs(sales=[sale("2025-03-01", "C1", 1)], pipeline=PIPELINE, plan=PLAN,
                       report_month="2025-03", stalled_days=30)


def test_stage_durations_with_open_stages(pipeline_book):
    p = compute_problems(pipeline_book, M)
    stages = {s.stage: s for s in p.stages}
    # template order first, then the unknown stage "Discovery"
    assert [s.stage for s in p.stages] == ["Lead", "Qualification", "Proposal", "Approval", "Negotiation",
                                           "Contract", "Discovery"]
    # Lead: D1 Feb 20 -> Mar 5 = 8 + 5 = 13 days; D2 Mar 1 -> Mar 11 = 10 days -> median = mean = 11.5
    assert (stages["Lead"].deals, stages["Lead"].median_days, stages["Lead"].mean_days) == (2, 11.5, 11.5)
    # Qualification: D1 still open, Mar 5 -> Mar 31 = 26; D2 10 -> median = mean = 18
    assert (stages["Qualification"].deals, stages["Qualification"].median_days) == (2, 18.0)
    # Proposal: D9 Feb 28 -> Mar 31 = 31 (blank status = open); D10 Mar 1 -> Mar 31 = 30 -> median 30.5
    assert stages["Proposal"].median_days == 30.5
    # Approval: D2 Mar 21 -> 31 = 10; D3 Jan 15 -> Mar 31 = 16 + 28 + 31 = 75; D4 Feb 1 -> Mar 20 = 28 + 19 = 47
    # -> median 47, mean (10 + 75 + 47) / 3 = 44
    assert (stages["Approval"].deals, stages["Approval"].median_days, stages["Approval"].mean_days) == (3, 47.0, 44.0)
    # D6 entered after March; D5 is Won without a left_on (a finished deal's last stage): neither counts
    assert stages["Negotiation"].deals == 0 and stages["Negotiation"].median_days is None
    assert stages["Contract"].deals == 0 and stages["Contract"].median_days is None
    assert stages["Discovery"].median_days == 2.0
    # the slowest stage has the largest median: Approval (47 > 30.5 > 18 > 11.5 > 2)
    assert p.slowest_stage == "Approval"
    assert [s.stage for s in p.stages if s.slowest] == ["Approval"]


def test_stage_durations_last_month(pipeline_book):
    stages = {s.stage: s for s in compute_problems(pipeline_book, M).stages}
    # February (end Feb 28): Lead D1 open at its end Feb 20 -> 28 = 8; D7 ended Feb 10, Jan 1 -> Feb 10 = 40
    # -> median = mean = 24
    assert (stages["Lead"].prev_deals, stages["Lead"].prev_median_days, stages["Lead"].prev_mean_days) == (2, 24.0, 24.0)
    # Approval: D3 Jan 15 -> Feb 28 = 16 + 28 = 44; D4 open at Feb's end, Feb 1 -> 28 = 27 -> median 35.5
    assert (stages["Approval"].prev_deals, stages["Approval"].prev_median_days) == (2, 35.5)
    # Proposal: D9 entered on Feb 28 itself: 0 days
    assert (stages["Proposal"].prev_deals, stages["Proposal"].prev_median_days) == (1, 0.0)


def test_stalled_open_deals(pipeline_book):
    stalled = compute_problems(pipeline_book, M).stalled
    # open at the end of March for more than 30 days: D3 (75) and D9 (31); D10 has exactly 30: not stalled
    assert [(d.deal_id, d.stage, d.days) for d in stalled] == [("D3", "Approval", 75), ("D9", "Proposal", 31)]
    assert stalled[0].entered_on == dt.date(2025, 1, 15)
    assert (stalled[0].amount, stalled[0].customer_id, stalled[0].sales_rep) == (900.0, "C9", "Bob")
    assert stalled[1].amount == 40.0


def test_a_stalled_deal_without_an_amount_is_not_material():
    """Money not known cannot be ranked by the money at stake: a deal without an amount is not material,
    the same rule as every other flag (compute/judge.py). Sales 1,000 in March, materiality 1 %: floor 10."""
    pipeline = [dict(deal_id="A", stage="Approval", entered_on="2025-01-15", status="Open", amount=500),
                dict(deal_id="B", stage="Approval", entered_on="2025-01-15", status="Open"),
                dict(deal_id="C", stage="Approval", entered_on="2025-01-15", status="Open", amount=5)]
    book = make_inputs(sales=[sale("2025-03-01", "C1", 1000)], pipeline=pipeline, report_month="2025-03",
                       stalled_days=30)
    assert [d.deal_id for d in compute_problems(book, M).stalled] == ["A"]


def test_commentary_by_section(pipeline_book):
    p = compute_problems(pipeline_book, M)
    assert p.problems_note == ["Category A lost a distributor.", "Second note."]
    assert p.root_causes_note == ["Competitor price cut."]
    assert p.bottlenecks_note == ["Approvals wait for the regional director."]
    assert p.has_pipeline is True


def test_no_optional_sheets_and_no_sales():
    p = compute_problems(make_inputs(sales=[], report_month="2025-03"), M)
    assert (p.underperformers, p.reasons, p.stages, p.slowest_stage, p.stalled) == ([], [], [], None, [])
    assert (p.problems_note, p.has_pipeline) == ([], False)


def test_a_product_whose_latest_line_has_no_category_stays_in_its_flagged_category():
    """Main: products P (1,000 a baseline month) and Q (9,000), three order lines a month each; June:
    P 850 (-15 %), Q 7,000 (-22 %), and P's June lines carry no category (an export left it off).
    Team: baseline 10,000 a month, June 7,850; materiality 2 %: floor 2 % × 10,000 = 200.
    Main (by each line's own category: P's June lines are not in it): 7,000 / 10,000 − 1 = −30 %:
    flagged, 3,000 short. P: expected 1,000 (material), −15 %, but its
    own shortfall 150 < 200 — it is listed only as a product of the flagged Main, which its latest line
    that has a category (May) says it is. Q: short 2,000, listed."""
    june = pd.Period("2025-06", freq="M")
    rows = []
    for month in ("2024-06", "2025-03", "2025-04", "2025-05"):
        for day in ("05", "10", "20"):
            rows += [sale(f"{month}-{day}", "C1", 1000 / 3, product="P", category="Main"),
                     sale(f"{month}-{day}", "C2", 9000 / 3, product="Q", category="Main")]
    for day in ("05", "10", "20"):
        rows += [sale(f"2025-06-{day}", "C1", 850 / 3, product="P", category=None),
                 sale(f"2025-06-{day}", "C2", 7000 / 3, product="Q", category="Main")]
    book = make_inputs(sales=rows, report_month="2025-06", materiality=0.02)
    found = [(r.level, r.name, r.category, round(r.gap, 6))
             for r in compute_problems(book, june).underperformers]
    assert found[0] == ("category", "Main", "Main", -3000.0)
    assert found[1:] == [("product", "Q", "Main", -2000.0), ("product", "P", "Main", -150.0)]
