"""Section 三 (team): targets and attainment, reps with ranks, activities.

Sales (report month 2025-03):

    rep  date        customer  order  amount
    Ann  2025-02-10  C1        -        200
    Ann  2025-03-03  C1        O1       100
    Ann  2025-03-03  C1        O1        50   (second line of the same order)
    Ann  2025-03-15  C4        O3       200   (C4's first order ever)
    Bob  2024-12-01  C2        -        100
    Bob  2025-03-05  C2        O2       250
    Bob  2025-03-09  C6        O4       100   (C6's first order ever)
    Cy   2025-02-11  C3        -        100
    Cy   2025-03-07  C3        -        100
    Cy   2025-03-08  C3        -        -20   (a return)
    Dee  2025-02-20  C5        -         60
March: Ann 350, Bob 350, Cy 80, Dee 0; team 780.
Customers: C1, C4 Key Account; C2 SMB.
"""
from __future__ import annotations

import pandas as pd
import pytest

from compute_fixtures import make_inputs, sale
from salesreport_xl.compute.targets import team_target
from salesreport_xl.compute.team import compute_team

M = pd.Period("2025-03", freq="M")

SALES = [
    sale("2025-02-10", "C1", 200, rep="Ann"),
    sale("2025-03-03", "C1", 100, rep="Ann", order_id="O1"),
    sale("2025-03-03", "C1", 50, rep="Ann", order_id="O1"),
    sale("2025-03-15", "C4", 200, rep="Ann", order_id="O3"),
    sale("2024-12-01", "C2", 100, rep="Bob"),
    sale("2025-03-05", "C2", 250, rep="Bob", order_id="O2"),
    sale("2025-03-09", "C6", 100, rep="Bob", order_id="O4"),
    sale("2025-02-11", "C3", 100, rep="Cy"),
    sale("2025-03-07", "C3", 100, rep="Cy"),
    sale("2025-03-08", "C3", -20, rep="Cy"),
    sale("2025-02-20", "C5", 60, rep="Dee"),
]
CUSTOMERS = [dict(customer_id="C1", segment="Key Account"), dict(customer_id="C4", segment="Key Account"),
             dict(customer_id="C2", segment="SMB")]
TEAM_ROW = dict(month="2025-03", target_amount=1000)
REP_ROWS = [dict(month="2025-03", sales_rep="Ann", target_amount=400),
            dict(month="2025-03", sales_rep="Bob", target_amount=300),
            dict(month="2025-03", sales_rep="Cy", target_amount=200)]
# Rows that must not count toward the team or rep targets:
OTHER_ROWS = [dict(month="2025-03", segment="Key Account", target_amount=500),        # segment target
              dict(month="2025-03", category="A", target_amount=999),                # category target
              dict(month="2025-03", sales_rep="Ann", segment="SMB", target_amount=123),
              dict(month="2025-04", target_amount=5000)]                             # another month

ACTIVITIES = [
    dict(date="2025-03-01", sales_rep="Ann", activity_type="Call", customer_id="C1", participants=1,
         outcome="Won", feedback="Signed the renewal after a short call"),
    dict(date="2025-03-02", sales_rep="Ann", activity_type="Visit", customer_id="C9", participants=3,
         outcome="No interest", feedback="Budget frozen until next year"),
    dict(date="2025-03-03", sales_rep="Bob", activity_type="Call", customer_id="C2", participants=2,
         outcome="Follow-up", feedback="Wants a quote"),
    dict(date="2025-03-04", sales_rep="Bob", activity_type="Meeting", customer_id="C2", participants=4),
    dict(date="2025-03-05", sales_rep="Bob", activity_type="Call", customer_id="C7", outcome="Won",
         feedback="ok"),
    dict(date="2025-03-06", sales_rep="Cy", activity_type="Event", participants=30, outcome="No interest",
         feedback="x"),
    dict(date="2025-02-10", sales_rep="Ann", activity_type="Call", customer_id="C1"),
    dict(date="2025-02-11", sales_rep="Bob", activity_type="Call", customer_id="C2"),
    dict(date="2025-02-12", sales_rep="Bob", activity_type="Visit", customer_id="C3"),
]


def book(targets=None, activities=ACTIVITIES):
    return make_inputs(sales=SALES, customers=CUSTOMERS, targets=targets, activities=activities,
                       report_month="2025-03")


def test_team_target_from_the_team_row():
    team = compute_team(book([TEAM_ROW, *REP_ROWS, *OTHER_ROWS]), M)
    assert team.target == 1000                               # the team row wins over 400 + 300 + 200
    assert team.actual == pytest.approx(780)                 # 350 + 350 + 80
    assert team.attainment == pytest.approx(0.78)            # 780 / 1000
    assert team.gap == pytest.approx(-220)
    assert team.has_targets


def test_team_target_from_the_sum_of_rep_rows():
    inputs = book([*REP_ROWS, *OTHER_ROWS])
    assert team_target(inputs, M) == 900                     # 400 + 300 + 200 (segment/category rows ignored)
    assert compute_team(inputs, M).attainment == pytest.approx(780 / 900)


def test_team_target_of_another_month_and_none():
    inputs = book([*REP_ROWS, *OTHER_ROWS])
    assert team_target(inputs, pd.Period("2025-04", freq="M")) == 5000
    assert team_target(inputs, pd.Period("2025-05", freq="M")) is None


def test_zero_target_gives_no_attainment():
    team = compute_team(book([dict(month="2025-03", target_amount=0)]), M)
    assert team.target == 0 and team.attainment is None


def test_segment_attainment():
    team = compute_team(book([TEAM_ROW, *OTHER_ROWS]), M)
    (ka,) = team.segment_attainment
    # key accounts C1 (100 + 50) and C4 (200) = 350 against 500
    assert (ka.segment, ka.target, ka.actual) == ("Key Account", 500, 350)
    assert ka.attainment == pytest.approx(0.7)


def test_reps_rank_ties_targets_orders_and_new_customers():
    reps = {r.rep: r for r in compute_team(book([TEAM_ROW, *REP_ROWS, *OTHER_ROWS]), M).reps}
    assert [r.rep for r in compute_team(book(REP_ROWS), M).reps] == ["Ann", "Bob", "Cy", "Dee"]
    # Ann and Bob both sold 350: they share rank 1; Cy (80) is 3rd, Dee (0) 4th
    assert {k: r.rank for k, r in reps.items()} == {"Ann": 1, "Bob": 1, "Cy": 3, "Dee": 4}
    ann, bob, cy, dee = reps["Ann"], reps["Bob"], reps["Cy"], reps["Dee"]
    assert ann.target == 400 and ann.attainment == pytest.approx(350 / 400)   # the SMB row (123) is not hers
    assert ann.mom == pytest.approx(350 / 200 - 1)                             # 0.75
    assert ann.orders == 2 and ann.average_order == pytest.approx(175)         # O1 (two lines) and O3
    assert ann.new_customers == 1                                              # C4
    assert bob.mom is None and bob.new_customers == 1                          # nothing in Feb; C6
    assert cy.actual == pytest.approx(80) and cy.orders == 2                   # rows without order id
    assert cy.mom == pytest.approx(80 / 100 - 1)                               # -0.2
    assert dee.target is None and dee.attainment is None and dee.actual == 0
    assert dee.mom == pytest.approx(-1.0) and dee.average_order is None


def test_activities_by_type_outcomes_and_win_rate():
    act = compute_team(book(), M).activities
    assert act.available and act.total == 6 and act.total_last_month == 3
    assert act.change == pytest.approx(1.0)                  # 6 / 3 - 1
    types = {r.activity_type: r for r in act.by_type}
    assert [r.activity_type for r in act.by_type] == ["Call", "Event", "Meeting", "Visit"]
    # Calls: 3 now vs 2 in Feb; participants 1 + 2 + blank = 3; two Won
    assert (types["Call"].this_month, types["Call"].last_month) == (3, 2)
    assert types["Call"].change == pytest.approx(0.5)
    assert (types["Call"].participants, types["Call"].won) == (3, 2)
    assert types["Meeting"].change is None                   # none in February
    assert act.customers_reached == 4                        # C1, C9, C2, C7
    assert act.participants == 40                            # 1 + 3 + 2 + 4 + 30
    # 5 activities have an outcome: Won 2, No interest 2, Follow-up 1
    assert [(o.outcome, o.count) for o in act.outcomes] == [("No interest", 2), ("Won", 2), ("Follow-up", 1)]
    assert [o.share for o in act.outcomes] == pytest.approx([0.4, 0.4, 0.2])
    assert act.win_rate == pytest.approx(2 / 5)


def test_activities_per_rep():
    per_rep = compute_team(book(), M).activities.per_rep
    # Bob 3 (C2 twice, C7; decided: Follow-up, Won), Ann 2 (C1, C9; Won, No interest), Cy 1 (No interest)
    assert [(r.rep, r.activities, r.customers_reached, r.won) for r in per_rep] == [
        ("Bob", 3, 2, 1), ("Ann", 2, 2, 1), ("Cy", 1, 0, 0)]
    assert [r.win_rate for r in per_rep] == pytest.approx([0.5, 0.5, 0.0])


def test_contacted_customers_who_ordered():
    act = compute_team(book(), M).activities
    # contacted C1, C9, C2, C7; C1 and C2 ordered in March
    assert (act.contacted_customers, act.contacted_who_ordered) == (4, 2)
    assert act.contacted_order_rate == pytest.approx(0.5)


def test_feedback_excerpts_in_a_fixed_order():
    texts = [e.text for e in compute_team(book(), M).activities.feedback_excerpts]
    # Won first (longest first), then No interest (longest first), then the rest
    assert texts == ["Signed the renewal after a short call", "ok", "Budget frozen until next year", "x",
                     "Wants a quote"]


def test_no_targets_and_no_activities():
    team = compute_team(book(targets=None, activities=None), M)
    assert (team.target, team.attainment, team.gap) == (None, None, None)
    assert not team.has_targets and team.segment_attainment == []
    assert all(r.target is None and r.attainment is None for r in team.reps)
    act = team.activities
    assert not act.available and act.total == 0 and act.change is None and act.win_rate is None
    assert act.by_type == [] and act.per_rep == [] and act.feedback_excerpts == []


def test_empty_workbook():
    team = compute_team(make_inputs(targets=[], activities=[]), M)
    assert team.actual == 0 and team.reps == [] and team.target is None
    assert not team.activities.available and team.activities.contacted_order_rate is None
