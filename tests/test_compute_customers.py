"""Section 四 (customers): top customers, new vs repeat, new customers, churn, at-risk key accounts,
satisfaction. Report month 2025-03, churn_days 90 (half: 45), at_risk_drop 30 %.

Sales (no order id = each row is an order):

    customer  date        amount  note
    A         2025-03-10  100     O1 by Ann — A's first order ever: a new customer
    A         2025-03-20   50     O2 by Bob
    B         2025-02-15  200
    B         2025-03-05  400     O3
    C         2025-02-10  300
    C         2025-03-07  150     O4
    X         2024-11-20   70
    X         2024-12-10   80     + 90 days = 2025-03-10: crosses the churn line in March (its own gap,
                                  20 days, is shorter than the team's line: the team's line is its line)
    Y         2024-11-01   60     + 90 days = 2025-01-30: crossed earlier
    V         2025-01-05   40     + 90 days = 2025-04-05: crosses next month
    Z         2025-02-01   30     marked Churned on 2025-03-15, reason Price
    W         2024-12-05   20     + 90 = 2025-03-05, but marked Churned on 2025-01-05 (not inferred)
    K1 (KA)   2024-11-15  600 ; 2025-02-20 200
    K2 (KA)   2024-12-01  100 ; 2025-03-01  70
    K3 (KA)   2024-12-28  400 ; 2025-02-01 500
    K4 (KA)   2024-12-15  100 ; 2025-03-15 100
    K5 (KA)   2024-12-20  300     + 90 = 2025-03-20: churned in March, so not "at risk"
    K6 (KA)   2025-01-15   90     marked Churned on 2024-12-31
    S1 (SMB)  2024-12-01 1000 ; 2025-03-02 100
March: A 150 + B 400 + C 150 + K2 70 + K4 100 + S1 100 = 970.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from compute_fixtures import make_inputs, sale
from salesreport_xl.compute.customers import (at_risk_accounts, compute_customers,
                                              compute_satisfaction, customer_first_orders, inferred_churn)

M = pd.Period("2025-03", freq="M")

SALES = [
    sale("2025-03-10", "A", 100, rep="Ann", order_id="O1", customer_name="ACME Ltd"),
    sale("2025-03-20", "A", 50, rep="Bob", order_id="O2"),
    sale("2025-02-15", "B", 200, customer_name="Beta"),
    sale("2025-03-05", "B", 400, order_id="O3"),
    sale("2025-02-10", "C", 300),
    sale("2025-03-07", "C", 150, order_id="O4"),
    sale("2024-11-20", "X", 70),
    sale("2024-12-10", "X", 80),
    sale("2024-11-01", "Y", 60),
    sale("2025-01-05", "V", 40),
    sale("2025-02-01", "Z", 30),
    sale("2024-12-05", "W", 20),
    sale("2024-11-15", "K1", 600, rep="Kim"), sale("2025-02-20", "K1", 200, rep="Lee"),
    sale("2024-12-01", "K2", 100), sale("2025-03-01", "K2", 70),
    sale("2024-12-28", "K3", 400), sale("2025-02-01", "K3", 500),
    sale("2024-12-15", "K4", 100), sale("2025-03-15", "K4", 100),
    sale("2024-12-20", "K5", 300),
    sale("2025-01-15", "K6", 90),
    sale("2024-12-01", "S1", 1000), sale("2025-03-02", "S1", 100),
]
KA = "Key Account"
CUSTOMERS = [
    dict(customer_id="A", customer_name="Acme", segment="SMB"),
    dict(customer_id="Z", status="Churned", churn_date="2025-03-15", churn_reason="Price"),
    dict(customer_id="W", status="Churned", churn_date="2025-01-05", churn_reason="Moved"),
    dict(customer_id="Q", status="Churned", churn_date="2025-03-20"),               # no reason given
    *[dict(customer_id=k, segment=KA) for k in ("K1", "K2", "K3", "K4", "K5")],
    dict(customer_id="K6", segment=KA, status="Churned", churn_date="2024-12-31"),
    dict(customer_id="S1", segment="SMB"),
]
FEEDBACK = [
    dict(date="2025-03-02", score=5, topic="Service", comment="Fast and friendly support team"),
    dict(date="2025-03-03", score=4, topic="Service", comment="Good"),
    dict(date="2025-03-04", score=4, topic="Product"),
    dict(date="2025-03-05", score=2, topic="Delivery", comment="Late twice this month"),
    dict(date="2025-03-06", score=1, topic="Delivery", comment="Damaged goods, very poor packaging"),
    dict(date="2025-03-07", score=3, comment="ok"),
    dict(date="2025-02-10", score=4), dict(date="2025-02-11", score=5),
    dict(date="2025-04-01", score=1, comment="April: not in the report month"),
]


@pytest.fixture
def book():
    return make_inputs(sales=SALES, customers=CUSTOMERS, feedback=FEEDBACK, report_month="2025-03",
                       top_n=2, churn_days=90, at_risk_drop=0.3)


def test_top_customers_with_mom_and_share(book):
    c = compute_customers(book, M)
    # B 400; A and C both 150: the tie goes by id, A first
    assert [(t.customer_id, t.this_month) for t in c.top_customers] == [("B", 400), ("A", 150)]
    b, a = c.top_customers
    assert b.last_month == 200 and b.mom == pytest.approx(1.0)   # 400 / 200 - 1
    assert b.share == pytest.approx(400 / 970) and b.name == "Beta"  # name from Sales
    assert a.name == "Acme" and a.segment == "SMB"                   # Customers' name wins over Sales'
    assert a.mom is None                                             # nothing last month
    assert c.top_share == pytest.approx(550 / 970)


def test_new_vs_repeat_groups(book):
    new, repeat = compute_customers(book, M).groups
    # new: A with O1 and O2 = 2 orders, 150 -> 75 per order
    assert (new.group, new.customers, new.orders, new.sales) == ("new", 1, 2, 150)
    assert new.average_order == pytest.approx(75)
    # repeat: B (O3), C (O4), K2, K4, S1 (rows without order id) = 5 customers, 5 orders, 820
    assert (repeat.group, repeat.customers, repeat.orders, repeat.sales) == ("repeat", 5, 5, 820)
    assert repeat.average_order == pytest.approx(164)


def test_new_customers(book):
    (a,) = compute_customers(book, M).new_customers
    assert (a.customer_id, a.first_order, a.sales, a.sales_rep) == ("A", dt.date(2025, 3, 10), 150, "Ann")
    assert customer_first_orders(book)["K1"] == pd.Timestamp("2024-11-15")


def test_churn_marked_and_inferred(book):
    churned = compute_customers(book, M).churned
    # inferred: X (2024-12-10 + 90 = 2025-03-10) and K5 (2024-12-20 + 90 = 2025-03-20);
    # marked in March: Z and Q. Not: Y (crossed in January), V (April), W (marked in January).
    assert [(c.customer_id, c.how) for c in churned] == [
        ("K5", "inferred"), ("X", "inferred"), ("Z", "marked"), ("Q", "marked")]
    k5, x, z, q = churned
    assert x.date == dt.date(2025, 3, 10) and x.last_order == dt.date(2024, 12, 10) and x.reason == ""
    assert x.sales_last_12m == 150                                 # 70 (2024-11) + 80 (2024-12)
    assert k5.segment == KA and k5.sales_last_12m == 300
    assert z.date == dt.date(2025, 3, 15) and z.reason == "Price" and z.last_order == dt.date(2025, 2, 1)
    assert q.last_order is None and q.sales_last_12m == 0 and q.reason == ""


def test_churn_reasons(book):
    reasons = compute_customers(book, M).churn_reasons
    # inferred churn (no order) and a marked churn without a reason are typed groups, not words
    assert [(r.how, r.reason, r.count) for r in reasons] == [("inferred", None, 2), ("marked", None, 1),
                                                             ("marked", "Price", 1)]


def test_inferred_churn_ignores_marked_customers(book):
    # W's last order + 90 days falls in March, but W is marked Churned: only X and K5 are inferred
    assert list(inferred_churn(book, M).index) == ["K5", "X"]


def test_at_risk_key_accounts(book):
    # K1..K4 have reordered once, each gap 35 days or more: 3 months hold at most 3 of their orders, so each
    # is judged on its orders (compute/cadence.py): its last order against the one before (k = 1), stated per
    # 3 months at its rhythm (× 91.3125 / its gap).
    rows = at_risk_accounts(book, M)
    assert [(r.customer_id, r.why) for r in rows] == [("K3", "silent"), ("K1", "drop"), ("K2", "drop")]
    k3, k1, k2 = rows
    # K3: gap 35 days (2024-12-28 -> 2025-02-01); no order since 2025-02-01 -> 27 + 31 = 58 days silent at
    # 2025-03-31 (>= 45, and >= 1.25 × 35 = 43.75); its last order rose (400 -> 500), so its whole
    # 3-month revenue is at stake: 500 × 91.3125 / 35
    assert k3.days_silent == 58 and k3.change == pytest.approx(0.25) and k3.usual_gap == 35
    assert k3.revenue_at_risk == pytest.approx(500 * 91.3125 / 35)
    # K1: gap 97 days; 600 -> 200: -66.7 %; per 3 months 600 × 91.3125 / 97 = 564.8 against 188.3,
    # 376.5 at risk; 39 days silent (under 45, and under 1.25 × 97)
    assert (k1.prior_3m, k1.recent_3m) == (pytest.approx(600 * 91.3125 / 97), pytest.approx(200 * 91.3125 / 97))
    assert k1.revenue_at_risk == pytest.approx(400 * 91.3125 / 97) and k1.orders == 1
    assert k1.change == pytest.approx(200 / 600 - 1) and k1.days_silent == 39
    assert k1.sales_rep == "Lee"                                   # rep of the last order
    # K2: gap 90 days; 100 -> 70 is exactly the 30 % drop: at risk; 30 × 91.3125 / 90 at stake
    assert k2.change == pytest.approx(-0.3) and k2.revenue_at_risk == pytest.approx(30 * 91.3125 / 90)
    # not at risk: K4 (steady: 100 -> 100), K5 (already churned), K6 (marked churned), S1 (not a key account)


def test_at_risk_needs_a_customers_sheet():
    inputs = make_inputs(sales=SALES, report_month="2025-03")
    assert at_risk_accounts(inputs, M) == []
    c = compute_customers(inputs, M)
    # without Customers, churn is inferred only: K5, X and W (no mark to exclude it now)
    assert [x.customer_id for x in c.churned] == ["K5", "X", "W"]
    assert not c.has_customers_sheet


def test_satisfaction(book):
    s = compute_customers(book, M).satisfaction
    assert s.available and s.responses == 6
    assert s.mean == pytest.approx(19 / 6)                         # (5 + 4 + 4 + 2 + 1 + 3) / 6
    assert [(d.score, d.count) for d in s.distribution] == [(1, 1), (2, 1), (3, 1), (4, 2), (5, 1)]
    assert [d.share for d in s.distribution] == pytest.approx([1 / 6, 1 / 6, 1 / 6, 2 / 6, 1 / 6])
    assert s.prev_mean == pytest.approx(4.5)                       # (4 + 5) / 2
    assert s.change == pytest.approx(19 / 6 - 4.5)                 # -1.33 points
    assert [(t.topic, t.responses, t.mean) for t in s.by_topic] == [
        ("Delivery", 2, 1.5), ("Service", 2, 4.5), (None, 1, 3.0), ("Product", 1, 4.0)]
    assert [c.comment for c in s.lowest] == ["Damaged goods, very poor packaging", "Late twice this month"]
    assert [c.comment for c in s.best] == ["Fast and friendly support team", "Good"]


def test_satisfaction_without_responses_in_the_month():
    inputs = make_inputs(sales=SALES, feedback=[dict(date="2025-01-10", score=4)])
    s = compute_satisfaction(inputs, M)
    assert s.available and s.responses == 0 and s.mean is None and s.change is None
    assert [d.share for d in s.distribution] == [None] * 5 and [d.count for d in s.distribution] == [0] * 5


def test_no_optional_sheets_and_no_sales():
    c = compute_customers(make_inputs(customers=[], feedback=[]), M)
    assert c.top_customers == [] and c.top_share is None and c.new_customers == [] and c.churned == []
    assert c.at_risk == [] and c.churn_reasons == []
    assert [g.average_order for g in c.groups] == [None, None]
    assert not c.satisfaction.available and c.satisfaction.mean is None


def test_first_month_of_history():
    inputs = make_inputs(sales=[sale("2024-01-10", "C1", 40)], customers=[dict(customer_id="C1", segment=KA)])
    c = compute_customers(inputs, pd.Period("2024-01", freq="M"))
    assert [n.customer_id for n in c.new_customers] == ["C1"]
    assert c.top_customers[0].mom is None and c.churned == [] and c.at_risk == []


def test_silent_from_exactly_half_of_churn_days():
    # Feb 14 -> Mar 31 = 14 + 31 = 45 days = 90 / 2: silent; Feb 15 -> 44 days: not yet
    inputs = make_inputs(sales=[sale("2025-02-14", "K8", 100), sale("2025-02-15", "K9", 100)],
                         customers=[dict(customer_id="K8", segment=KA), dict(customer_id="K9", segment=KA)],
                         churn_days=90)
    (row,) = at_risk_accounts(inputs, M)
    assert (row.customer_id, row.why, row.days_silent) == ("K8", "silent", 45)
    assert row.prior_3m == 0 and row.change is None and row.revenue_at_risk == 100   # max(0, 100)


@pytest.mark.parametrize("latest", [False, True])
def test_each_customers_edge_row_is_the_first_in_the_sheet_on_a_tie(latest):
    # The per-customer earliest / latest row without a sort, against pandas' groupby idxmin / idxmax
    # (which also takes the first row on a tie), on random days with many ties.
    from salesreport_xl.compute.sales_frame import _edge_rows

    rng = np.random.default_rng(7)
    for _ in range(20):
        n, k = int(rng.integers(1, 2000)), int(rng.integers(1, 150))
        codes, days = rng.integers(0, k, n), rng.integers(0, 20, n).astype(np.int64)
        grouped = pd.Series(days).groupby(codes)
        expected = (grouped.idxmax() if latest else grouped.idxmin()).to_numpy()
        assert _edge_rows(days, codes, k, latest).tolist() == expected.tolist()


# ------------------------------------------------------------------------------------------ settings vs data
def gap_book(churn_days):
    """Reorder gaps: P 2025-01-01 -> 02-10 (40 days) -> 03-22 (40); Q 2025-01-05 -> 03-06 (60).
    Gaps 40, 40, 60: median 40 days."""
    return make_inputs(sales=[sale("2025-01-01", "P", 10), sale("2025-02-10", "P", 10), sale("2025-03-22", "P", 10),
                              sale("2025-01-05", "Q", 10), sale("2025-03-06", "Q", 10)],
                       report_month="2025-03", churn_days=churn_days)


def test_a_typed_churn_days_below_the_median_reorder_gap_is_said_beside_the_churn():
    c = compute_customers(gap_book(30), M)
    assert (c.churn_rule.days, c.churn_rule.median, c.churn_rule.observed) == (30, 40.0, 3)
    # P's own line is 2 × 40 = 80 days, Q's 2 × 60 = 120: above the team's, so the note says that rule too,
    # after the team's line
    assert c.churn_rule_phrase.key == "s_rule_churn_own"
    team = c.churn_rule_phrase.args["rule"]
    assert team.key == "s_rule_churn_set_short" and team.args["median"].value == 40.0
    # at or above the median the setting is the team's own choice: nothing said
    assert compute_customers(gap_book(40), M).churn_rule_phrase.args["rule"].key == "s_rule_churn_set"
    assert compute_customers(gap_book(45), M).churn_rule_phrase.args["rule"].key == "s_rule_churn_set"


def test_the_churn_count_of_last_month_for_the_tile():
    # R: last order 2024-11-20 + 90 days = 2025-02-18 (churned in February); S: 2024-12-10 + 90 = 2025-03-10
    inputs = make_inputs(sales=[sale("2024-11-20", "R", 10), sale("2024-12-10", "S", 10), sale("2025-03-02", "T", 5)],
                         report_month="2025-03", churn_days=90)
    c = compute_customers(inputs, M)
    assert [r.customer_id for r in c.churned] == ["S"] and c.churned_last_month == 1


def test_a_typed_threshold_contradicts_only_below_the_median():
    from salesreport_xl.compute.model import DayRule
    from salesreport_xl.compute.thresholds import contradicts

    assert contradicts(DayRule(10, median=12.5)) is True
    assert contradicts(DayRule(13, median=12.5)) is False
    assert contradicts(DayRule(10, auto=True, median=12.5)) is False      # auto is the data's own
    assert contradicts(DayRule(10)) is False                              # nothing to compare with


# ------------------------------------------------------------------------------------------ the at-risk figure in words
def test_the_at_risk_sentence_says_what_its_figure_is():
    """Report month 2025-06 (recent 3 months Apr–Jun, the 3 before Jan–Mar), churn_days 150 (half: 75).

        K2 (KA)  1000 every 10 days, 2025-01-10 .. 03-01 (6 orders, 6000); 2025-04-02 2000
                 Its usual gap (the median of 10, 10, 10, 10, 10, 32) is 10 days: 3 months hold 9 of its
                 orders, so the calendar judges it: recent 2000, before 6000: −66.7 %; 89 days silent
                 (≥ 75; ≥ 1.25 × 10) -> drop+silent. At risk: its larger 3-month total 6000, the 3 months
                 BEFORE — not "the last 3 months" (2000).
        K1 (KA)  2025-01-15  8000 ; 2025-05-20  4000
                 One gap of 125 days: 3 months hold round(91.3125 / 125) = 1 of its orders, so it is judged
                 on its orders: the last (4000) against the one before (8000), −50 % (a drop); per 3 months
                 at its rhythm 4000 × 91.3125 / 125 = 2922 against 5844: 2922 at risk. 41 days silent.
    Both figures are amounts per 3 months; the sentence must not call them the sales of the last 3 months."""
    k2 = [sale(f"2025-{m}", "K2", 1000, rep="Lee") for m in ("01-10", "01-20", "01-30", "02-09", "02-19", "03-01")]
    inputs = make_inputs(sales=[sale("2025-01-15", "K1", 8000, rep="Kim"), sale("2025-05-20", "K1", 4000, rep="Kim"),
                                *k2, sale("2025-04-02", "K2", 2000, rep="Lee")],
                         customers=[dict(customer_id="K1", customer_name="Kappa", segment=KA),
                                    dict(customer_id="K2", customer_name="Lambda", segment=KA)],
                         report_month="2025-06", churn_days=150, at_risk_drop=0.3, currency="€", display_unit=1000)
    rows = at_risk_accounts(inputs, pd.Period("2025-06", freq="M"))
    assert [(r.customer_id, r.why, r.recent_3m, r.prior_3m, r.days_silent, r.revenue_at_risk) for r in rows] == [
        ("K2", "drop+silent", 2000, 6000, 89, 6000),
        ("K1", "drop", pytest.approx(4000 * 91.3125 / 125), pytest.approx(8000 * 91.3125 / 125), 41,
         pytest.approx(4000 * 91.3125 / 125))]
    from compute_fixtures import compute_report, words_of

    model = compute_report(inputs)
    en, zh = words_of(model, "en").actions, words_of(model, "zh").actions
    assert en[:2] == ("Visit Lambda (K2): €6.0k of sales per 3 months at risk (last 3 months -66.7% against the "
                      "3 before, 89 days without an order, usually 10 days between orders). Owner: Lee.",
                      "Visit Kappa (K1): €2.9k of sales per 3 months at risk (last order -50.0% against the one "
                      "before). Owner: Kim.")
    assert zh[:2] == ("拜访Lambda（K2）：每3个月销售额6.0千欧元存在流失风险（近3个月较前3个月-66.7%、89天未下单，"
                      "通常每10天下单一次）。负责人：Lee。",
                      "拜访Kappa（K1）：每3个月销售额2.9千欧元存在流失风险（最近1次订单较之前1次-50.0%）。负责人：Kim。")


# ------------------------------------------------------------------------------------------ status from its date
def test_a_churned_status_applies_from_its_date():
    """churn_days 90 (half: 45). A status marked later must not change the months before its date.

        G (KA)  2025-06-20 3000; marked Churned on 2025-09-15. August: 72 days silent (≥ 45, < 90) — an
                active key account then, so at risk; September: churned as marked (06-20 + 90 = 09-18
                would cross the line in September too, but it is marked by then: not inferred).
        H (SMB) 2025-05-01  500; marked Churned on 2025-10-05. 05-01 + 90 = 07-30: inferred churn in July,
                when it was not yet marked.
        Q (KA)  2025-07-01 2000; marked Churned with no date: churned in every month, never at risk."""
    inputs = make_inputs(sales=[sale("2025-06-20", "G", 3000), sale("2025-05-01", "H", 500),
                                sale("2025-07-01", "Q", 2000)],
                         customers=[dict(customer_id="G", segment=KA, status="Churned", churn_date="2025-09-15"),
                                    dict(customer_id="H", segment="SMB", status="Churned", churn_date="2025-10-05"),
                                    dict(customer_id="Q", segment=KA, status="Churned")],
                         report_month="2025-11", churn_days=90)
    month = {m: pd.Period(m, freq="M") for m in ("2025-07", "2025-08", "2025-09")}
    assert [(r.customer_id, r.why, r.days_silent) for r in at_risk_accounts(inputs, month["2025-08"])] == [
        ("G", "silent", 72)]
    assert [(c.customer_id, c.how) for c in compute_customers(inputs, month["2025-07"]).churned] == [("H", "inferred")]
    assert [(c.customer_id, c.how) for c in compute_customers(inputs, month["2025-09"]).churned] == [("G", "marked")]
