"""Sales by region, region targets and the month's bridge, on hand-made books (report month 2025-03).

Every expected number is worked out by hand in the comments; none comes from the code under test.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from compute_fixtures import make_inputs, sale
from salesreport_xl.compute.bridge import month_bridge
from salesreport_xl.compute.model import to_jsonable
from salesreport_xl.compute.sales import compute_sales
from salesreport_xl.compute.targets import team_target

M = pd.Period("2025-03", freq="M")


# ------------------------------------------------------------------------------------ regions
#   date        customer  region (Sales)  amount     region used
#   2024-03-15  C2        -                   40     South (C2's in Customers)
#   2025-02-10  C1        -                   80     South (C1's in Customers)
#   2025-02-11  C2        -                  120     South
#   2025-03-05  C1        North              100     North (the row's own wins over C1's South)
#   2025-03-06  C2        -                  200     South
#   2025-03-07  C3        -                   50     (none): C3 is not in Customers
REGION_SALES = [
    sale("2024-03-15", "C2", 40), sale("2025-02-10", "C1", 80), sale("2025-02-11", "C2", 120),
    sale("2025-03-05", "C1", 100, region="North"), sale("2025-03-06", "C2", 200), sale("2025-03-07", "C3", 50),
]
REGION_CUSTOMERS = [dict(customer_id="C1", region="South"), dict(customer_id="C2", region="South")]
REGION_TARGETS = [
    dict(month="2025-03", target_amount=500),                   # the team's target: no region
    dict(month="2025-03", region="South", target_amount=250),
    dict(month="2025-03", region="North", target_amount=80),
    dict(month="2025-03", region="North", target_amount=20),   # North's rows add up: 100
]


def test_region_totals_from_sales_else_customers():
    book = make_inputs(sales=REGION_SALES, customers=REGION_CUSTOMERS, targets=REGION_TARGETS, report_month="2025-03")
    s = compute_sales(book, M)
    assert s.has_regions
    rows = {r.name: r for r in s.by_region}
    # March: North 100, South 200, (none) 50 = 350; ordered by this month
    assert [r.name for r in s.by_region] == ["South", "North", None]
    south, north, none = rows["South"], rows["North"], rows[None]
    # South: Feb 80 + 120 = 200, March 2024 40 -> MoM 200/200 - 1 = 0, YoY 200/40 - 1 = 4
    assert (south.this_month, south.last_month, south.last_year) == (200.0, 200.0, 40.0)
    assert south.mom == pytest.approx(0.0) and south.yoy == pytest.approx(4.0)
    assert south.share == pytest.approx(200 / 350) and south.flagged          # |YoY| 400 % >= 20 %
    # North: 100 this month, nothing before -> no MoM / YoY, not flagged
    assert (north.this_month, north.last_month, north.mom, north.yoy, north.flagged) == (100.0, 0.0, None, None, False)
    assert north.share == pytest.approx(100 / 350)
    assert none.this_month == 50.0 and none.share == pytest.approx(50 / 350)
    # region attainment in name order: North 100 / (80 + 20) = 1.0, South 200 / 250 = 0.8
    assert [(r.region, r.target, r.actual, r.attainment) for r in s.region_attainment] == [
        ("North", 100.0, 100.0, 1.0), ("South", 250.0, 200.0, 0.8)]
    # a region's target is nothing else: the team's target for March stays 500
    assert team_target(book, M) == 500.0
    # JSON rows shaped like by_category
    row = to_jsonable(s)["by_region"][0]
    assert set(row) >= {"name", "this_month", "last_month", "last_year", "mom", "yoy", "share", "flagged"}


def test_no_region_anywhere_gives_no_region_rows():
    s = compute_sales(make_inputs(sales=[sale("2025-03-01", "C1", 10)], report_month="2025-03"), M)
    assert (s.has_regions, s.by_region, s.region_attainment) == (False, [], [])


# ------------------------------------------------------------------------------------ bridge
#   customer  month     product  quantity  amount   kind
#   A         2025-02   P1        10        100.00   continuing (price 10.00)
#   A         2025-03   P1        12        132.37   continuing (price 11.03…)
#   A         2025-03   P1        -1        -11.00   a return
#   B         2025-02   P2         5         50.00   lost: nothing in March
#   C         2025-03   P1         3         30.00   new: first order ever in March
#   D         2025-01   P2         1         10.00   (January: outside both months)
#   D         2025-03   P2         2         25.00   returning: bought before, not in February
# February = 100 + 50 = 150; March = 132.37 - 11 + 30 + 25 = 176.37; change = 26.37
#   volume  = (12 - 10) x 100 / 10                 = 20.00
#   price   = gross change of A (132.37 - 100) - 20 = 12.37
#   new     = 30.00,  returning = 25.00,  lost = -50.00
#   returns = A's returns March - February = -11 - 0 = -11.00
#   20 + 12.37 + 30 + 25 - 50 - 11 = 26.37 = 176.37 - 150
BRIDGE_SALES = [
    sale("2025-02-05", "A", 100.00, product="P1", quantity=10),
    sale("2025-03-05", "A", 132.37, product="P1", quantity=12),
    sale("2025-03-20", "A", -11.00, product="P1", quantity=-1),
    sale("2025-02-07", "B", 50.00, product="P2", quantity=5),
    sale("2025-03-08", "C", 30.00, product="P1", quantity=3),
    sale("2025-01-09", "D", 10.00, product="P2", quantity=1),
    sale("2025-03-09", "D", 25.00, product="P2", quantity=2),
]


def test_bridge_steps_add_up_to_the_change_to_the_cent():
    b = month_bridge(make_inputs(sales=BRIDGE_SALES, report_month="2025-03"), M)
    assert (b.from_, b.to) == (pytest.approx(150.00), pytest.approx(176.37))
    steps = {s.name: round(s.amount, 2) for s in b.steps}
    assert steps == {"volume": 20.00, "price": 12.37, "new_customers": 30.00, "returning_customers": 25.00,
                     "lost_customers": -50.00, "returns": -11.00}
    assert round(b.from_ + sum(s.amount for s in b.steps), 2) == round(b.to, 2) == 176.37
    # JSON: {"from": ..., "to": ..., "steps": [{"name", "amount"}, ...]}
    data = json.loads(json.dumps(to_jsonable(b)))
    assert set(data) == {"from", "to", "steps"} and data["steps"][0] == {"name": "volume", "amount": pytest.approx(20.0)}


def test_bridge_without_quantities_has_one_step_for_existing_customers():
    rows = [{k: v for k, v in r.items() if k != "quantity"} for r in BRIDGE_SALES]
    b = month_bridge(make_inputs(sales=rows, report_month="2025-03"), M)
    # A's gross change 132.37 - 100 = 32.37 in one step; the rest as above
    assert {s.name: round(s.amount, 2) for s in b.steps} == {
        "existing": 32.37, "new_customers": 30.00, "returning_customers": 25.00, "lost_customers": -50.00,
        "returns": -11.00}
    assert round(b.from_ + sum(s.amount for s in b.steps), 2) == 176.37


def test_no_sales_in_either_month_gives_no_bridge():
    assert month_bridge(make_inputs(sales=[sale("2024-06-01", "A", 5)], report_month="2025-03"), M) is None
