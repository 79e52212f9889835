"""The Targets rows of a month: one filter rule for every level (compute/targets.py).

The book (report month 2025-06), amounts chosen so that every level sums to a different number:

    row  month       rep   segment      category  region  amount   level
    1    2025-06     -     -            -         -       10,000   team
    2    2025-06     Ann   -            -         -        4,000   rep Ann
    3    2025-06     Bob   -            -         -        5,000   rep Bob
    4    2025-06     -     Key Account  -         -        6,000   segment Key Account
    5    2025-06     -     SMB          -         -        3,000   segment SMB
    6    2025-06     -     -            Chairs    -        2,500   category Chairs (whole row)
    7    2025-06     -     Key Account  Chairs    -          700   category Chairs per segment: not used
    8    2025-06     -     Key Account  Desks     -          800   category Desks (per segment only)
    9    2025-06     -     SMB          Desks     -          200   category Desks (per segment only)
    10   2025-06     -     -            -         North    7,000   region North
    11   2025-06     Ann   -            -         North      300   region North (a region row is only that)
    12   2025-06     -     -            Chairs    South    1,100   region South (not a category's)
    13   2025-05     -     -            -         -       99,999   another month: in no level of June
    14   2025-06     Cy    -            -         -         (blank amount: no target)

Expected: team 10,000; reps Ann 4,000, Bob 5,000; segments Key Account 6,000, SMB 3,000; categories
Chairs 2,500, Desks 800 + 200 = 1,000; regions North 7,300, South 1,100.
"""
from __future__ import annotations

import pandas as pd

from compute_fixtures import make_inputs, sale
from salesreport_xl.compute.targets import (category_targets, region_targets, rep_targets, segment_targets,
                                            team_target)

M = pd.Period("2025-06", freq="M")
ROWS = [
    dict(month="2025-06", target_amount=10000),
    dict(month="2025-06", sales_rep="Ann", target_amount=4000),
    dict(month="2025-06", sales_rep="Bob", target_amount=5000),
    dict(month="2025-06", segment="Key Account", target_amount=6000),
    dict(month="2025-06", segment="SMB", target_amount=3000),
    dict(month="2025-06", category="Chairs", target_amount=2500),
    dict(month="2025-06", segment="Key Account", category="Chairs", target_amount=700),
    dict(month="2025-06", segment="Key Account", category="Desks", target_amount=800),
    dict(month="2025-06", segment="SMB", category="Desks", target_amount=200),
    dict(month="2025-06", region="North", target_amount=7000),
    dict(month="2025-06", sales_rep="Ann", region="North", target_amount=300),
    dict(month="2025-06", category="Chairs", region="South", target_amount=1100),
    dict(month="2025-05", target_amount=99999),
    dict(month="2025-06", sales_rep="Cy"),
]


def book(day: int = 1):
    inputs = make_inputs(sales=[sale("2025-06-03", "C1", 100)], targets=ROWS, report_month="2025-06")
    # A library caller's frame may hold any day of the month; the month is the month all the same.
    inputs.targets["month"] = inputs.targets["month"] + pd.Timedelta(days=day - 1)
    return inputs


def levels(inputs) -> dict:
    return {"team": team_target(inputs, M), "reps": dict(rep_targets(inputs, M)),
            "segments": dict(segment_targets(inputs, M)), "categories": category_targets(inputs, M),
            "regions": dict(region_targets(inputs, M))}


EXPECTED = {"team": 10000.0, "reps": {"Ann": 4000.0, "Bob": 5000.0},
            "segments": {"Key Account": 6000.0, "SMB": 3000.0}, "categories": {"Chairs": 2500.0, "Desks": 1000.0},
            "regions": {"North": 7300.0, "South": 1100.0}}


def test_every_level_reads_its_own_rows():
    assert levels(book()) == EXPECTED


def test_a_day_inside_the_month_is_the_month_for_every_level():
    # The category targets once compared the month's first instant: a row dated 2025-06-15 was in the
    # team's and the regions' June but not in the categories'.
    assert levels(book(day=15)) == EXPECTED


def test_targets_set_by_region_only_sum_to_the_team_target():
    # The audit's distributor: North 2,000, South 1,500, West 1,500 and no team or rep row -> the team's
    # target is 5,000, so attainment is known: sales 100 of 5,000 = 2 %. A region row of a category
    # (South Chairs 700) is that category's region split, not one more region target for the team.
    rows = [dict(month="2025-06", region="North", target_amount=2000),
            dict(month="2025-06", region="South", target_amount=1500),
            dict(month="2025-06", region="West", target_amount=1500),
            dict(month="2025-06", region="South", category="Chairs", target_amount=700)]
    inputs = make_inputs(sales=[sale("2025-06-03", "C1", 100)], targets=rows, report_month="2025-06")
    assert team_target(inputs, M) == 5000.0
    from compute_fixtures import compute_report
    assert compute_report(inputs).figures["SR_ATTAINMENT"] == 100 / 5000
    # with a rep's row the reps' sum stays the team's (4,000 + 5,000), the regions only their own
    inputs = make_inputs(sales=[sale("2025-06-03", "C1", 100)], targets=rows + ROWS[1:3], report_month="2025-06")
    assert team_target(inputs, M) == 9000.0
