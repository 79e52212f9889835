"""Section 二 (sales) and the headline sales figures, on a small hand-made book.

The book (report month 2025-03):

    date        customer  product category channel  order  amount
    2024-01-10  C2        P2      B        -        -         40
    2024-02-10  C1        P1      A        -        -         50
    2024-03-05  C1        P1      A        -        -        100
    2024-03-06  C2        P2      B        -        -        200
    2025-01-15  C2        P2      B        -        -        100
    2025-02-03  C1        P1      A        -        -        150
    2025-02-04  C2        P2      B        -        -        250
    2025-03-02  C1        P1      A        Online   O1       200
    2025-03-09  C1        P1      A        Online   R1       -20   (a return)
    2025-03-10  C2        P2      B        Offline  O2       300
    2025-03-20  C3        P3      B        -        -        100
Customers: C1 Key Account, C2 SMB (C3 is not in the sheet).
"""
from __future__ import annotations

import pandas as pd
import pytest

from compute_fixtures import make_inputs, sale
from salesreport_xl.compute.figures import FIGURE_DEFINITIONS, SECTION_FIGURES, headline_figures
from salesreport_xl.compute.customers import compute_customers
from salesreport_xl.compute.model import FIGURE_NAMES
from salesreport_xl.compute.sales import compute_sales
from salesreport_xl.compute.team import compute_team

M = pd.Period("2025-03", freq="M")

SALES = [
    sale("2024-01-10", "C2", 40, product="P2", category="B"),
    sale("2024-02-10", "C1", 50),
    sale("2024-03-05", "C1", 100),
    sale("2024-03-06", "C2", 200, product="P2", category="B"),
    sale("2025-01-15", "C2", 100, product="P2", category="B"),
    sale("2025-02-03", "C1", 150),
    sale("2025-02-04", "C2", 250, product="P2", category="B"),
    sale("2025-03-02", "C1", 200, channel="Online", order_id="O1"),
    sale("2025-03-09", "C1", -20, channel="Online", order_id="R1"),
    sale("2025-03-10", "C2", 300, product="P2", category="B", channel="Offline", order_id="O2"),
    sale("2025-03-20", "C3", 100, product="P3", category="B"),
]
CUSTOMERS = [dict(customer_id="C1", segment="Key Account"), dict(customer_id="C2", segment="SMB")]


@pytest.fixture
def book():
    return make_inputs(sales=SALES, customers=CUSTOMERS, report_month="2025-03", top_n=2, big_change=0.2)


def by_name(rows):
    return {r.name: r for r in rows}


def test_totals_mom_yoy_ytd_include_returns(book):
    s = compute_sales(book, M)
    # March: 200 - 20 (return) + 300 + 100 = 580; Feb: 150 + 250 = 400; March 2024: 100 + 200 = 300
    assert s.month_total == pytest.approx(580)
    assert s.prev_month_total == pytest.approx(400)
    assert s.last_year_total == pytest.approx(300)
    assert s.mom == pytest.approx(580 / 400 - 1)          # 0.45
    assert s.yoy == pytest.approx(580 / 300 - 1)          # 0.9333
    # YTD: Jan 100 + Feb 400 + Mar 580 = 1080; last year: 40 + 50 + 300 = 390
    assert s.ytd == pytest.approx(1080)
    assert s.ytd_last_year == pytest.approx(390)
    assert s.ytd_change == pytest.approx(1080 / 390 - 1)
    # orders: O1, R1, O2 and C3's row without an order id = 4
    assert s.orders == 4


def test_trend_has_13_months_and_last_year_only_where_data_exists(book):
    trend = compute_sales(book, M).trend
    assert [p.month for p in trend][0] == "2024-03" and trend[-1].month == "2025-03"
    assert len(trend) == 13
    assert trend[0].sales == pytest.approx(300) and trend[0].last_year is None   # 2023-03: before the data
    assert trend[3].month == "2024-06" and trend[3].sales == 0 and trend[3].last_year is None
    assert trend[10].month == "2025-01" and trend[10].last_year == pytest.approx(40)
    assert trend[12].sales == pytest.approx(580) and trend[12].last_year == pytest.approx(300)


def test_by_category_changes_shares_and_flags(book):
    rows = compute_sales(book, M).by_category
    assert [r.name for r in rows] == ["B", "A"]            # 400 before 180
    a, b = by_name(rows)["A"], by_name(rows)["B"]
    # A: 200 - 20 = 180 now, 150 last month, 100 last year
    assert (a.this_month, a.last_month, a.last_year) == (180, 150, 100)
    assert a.mom == pytest.approx(0.2)                     # 180/150 - 1: exactly big_change, but
    assert not a.flagged                                   # one line in 2 of the 4 baseline months: not
    assert a.yoy == pytest.approx(0.8)                     # reliable (compute/judge.py), no flag
    # B: 300 + 100 = 400 now, 250 last month, 200 last year
    assert b.mom == pytest.approx(0.6) and b.yoy == pytest.approx(1.0)
    assert a.share == pytest.approx(180 / 580) and b.share == pytest.approx(400 / 580)
    assert sum(r.share for r in rows) == pytest.approx(1.0)


def test_a_change_of_exactly_big_change_flags_a_reliably_sold_category_only():
    # Dec, Jan, Feb: X in 3 lines of 50 a month (150), Y in 2 lines of 75 (150); March: X 3 × 60 = 180,
    # Y 2 × 90 = 180. Both +20 % (exactly big_change) on a material base (floor 1 % × 360 = 3.6), but
    # only X sold in 3 lines a month: Y's baseline is not reliable (compute/judge.py), so no flag.
    rows = [sale(f"{m}-{d:02d}", "C1", each, category=cat, product=cat)
            for m, months_each in (("2024-12", None), ("2025-01", None), ("2025-02", None), ("2025-03", 1))
            for cat, n, base, now in (("X", 3, 50, 60), ("Y", 2, 75, 90))
            for d, each in ((d, now if months_each else base) for d in range(1, n + 1))]
    (x, y) = sorted(compute_sales(make_inputs(sales=rows, big_change=0.2), M).by_category, key=lambda r: r.name)
    assert (x.name, x.mom, x.flagged) == ("X", pytest.approx(0.2), True)
    assert (y.name, y.mom, y.flagged) == ("Y", pytest.approx(0.2), False)


def test_small_change_is_not_flagged():
    inputs = make_inputs(sales=[sale("2025-02-01", "C1", 100), sale("2025-03-01", "C1", 110)],
                         big_change=0.2)
    (row,) = compute_sales(inputs, M).by_category
    assert row.mom == pytest.approx(0.1)                   # 110/100 - 1
    assert row.yoy is None                                 # no sales in March 2024: no base
    assert not row.flagged


def test_top_products_keeps_top_n_by_this_month(book):
    rows = compute_sales(book, M).top_products
    # P2 300, P1 180, P3 100 -> top 2
    assert [(r.name, r.this_month, r.group) for r in rows] == [("P2", 300, "B"), ("P1", 180, "A")]
    assert rows[0].share == pytest.approx(300 / 580)


def test_by_segment_and_channel(book):
    s = compute_sales(book, M)
    seg = by_name(s.by_segment)
    # C1 is a key account (180), C2 SMB (300), C3 is not in Customers (100)
    assert [r.name for r in s.by_segment] == ["SMB", "Key Account", None]
    assert seg["Key Account"].this_month == 180 and seg["SMB"].this_month == 300
    assert seg[None].this_month == 100
    assert seg["SMB"].mom == pytest.approx(300 / 250 - 1)  # 0.2
    assert sum(r.share for r in s.by_segment) == pytest.approx(1.0)
    ch = by_name(s.by_channel)
    # Online 200 - 20 = 180, Offline 300, blank channel 100; February's rows had no channel (400)
    assert ch["Online"].this_month == 180 and ch["Offline"].this_month == 300
    assert ch[None].this_month == 100 and ch[None].last_month == 400
    assert ch[None].mom == pytest.approx(100 / 400 - 1)  # -0.75
    assert sum(r.share for r in s.by_channel) == pytest.approx(1.0)
    assert s.has_segments and s.has_channels


def test_new_vs_repeat_sales(book):
    rows = compute_sales(book, M).new_vs_repeat
    assert [r.name for r in rows] == ["new", "repeat"]
    new, repeat = rows
    # C3's first order ever is in March: 100 new; C1 (first 2024-02) and C2 (2024-01): 180 + 300 = 480
    assert new.this_month == 100 and repeat.this_month == 480
    assert new.last_month == 0 and repeat.last_month == 400   # nobody was new in February
    assert new.mom is None                                    # base 0: not available
    assert new.share + repeat.share == pytest.approx(1.0)


def test_missing_segment_and_channel_data_leave_those_parts_empty():
    inputs = make_inputs(sales=[sale("2025-03-01", "C1", 100)], report_month="2025-03")
    s = compute_sales(inputs, M)
    assert s.by_segment == [] and s.by_channel == []
    assert not s.has_segments and not s.has_channels


def test_month_without_sales_is_zero_with_changes_not_available(book):
    s = compute_sales(book, pd.Period("2025-04", freq="M"))
    assert s.month_total == 0 and s.orders == 0
    assert s.mom == pytest.approx(-1.0)                      # 0 / 580 - 1: a real fall to nothing
    assert s.yoy is None                                     # April 2024 had no sales: no base
    assert all(r.share is None for r in s.by_category)       # no total to share
    assert s.top_products[0].this_month == 0


def test_first_month_of_history():
    inputs = make_inputs(sales=[sale("2024-01-10", "C1", 40)])
    s = compute_sales(inputs, pd.Period("2024-01", freq="M"))
    assert s.month_total == 40 and s.mom is None and s.yoy is None and s.ytd_change is None
    assert all(p.last_year is None for p in s.trend)


def test_no_sales_at_all():
    s = compute_sales(make_inputs(), M)
    assert (s.month_total, s.mom, s.yoy, s.ytd, s.orders) == (0, None, None, 0, 0)
    assert s.by_category == [] and s.top_products == []
    assert [r.share for r in s.new_vs_repeat] == [None, None]


def test_a_products_category_is_that_of_its_latest_line_that_has_one():
    # An export leaves the category off some lines: the product keeps the one its lines last gave;
    # a product no line gives a category is under "(none)".
    inputs = make_inputs(sales=[
        sale("2025-02-10", "C1", 100, product="Desk", category="Furniture"),
        sale("2025-03-05", "C1", 50, product="Desk", category=None),
        sale("2025-03-06", "C2", 30, product="Pen", category=None),
        sale("2025-03-07", "C2", 20, product="Ink", category="Office"),
        sale("2025-03-08", "C2", 10, product="Ink", category="Supplies"),
    ])
    groups = {r.name: r.group for r in compute_sales(inputs, M).top_products}
    assert groups == {"Desk": "Furniture", "Pen": None, "Ink": "Supplies"}


def test_headline_figures(book):
    figures = headline_figures(compute_sales(book, M), compute_team(book, M), compute_customers(book, M))
    assert tuple(figures) == SECTION_FIGURES
    assert figures["SR_SALES_MONTH"] == pytest.approx(580)
    assert figures["SR_SALES_PREV_MONTH"] == pytest.approx(400)
    assert figures["SR_SALES_LAST_YEAR"] == pytest.approx(300)
    assert figures["SR_MOM"] == pytest.approx(0.45)
    assert figures["SR_YTD"] == pytest.approx(1080) and figures["SR_YTD_LAST_YEAR"] == pytest.approx(390)
    assert figures["SR_TARGET"] is None and figures["SR_ATTAINMENT"] is None   # no Targets sheet
    assert figures["SR_NEW_CUSTOMERS"] == 1                                     # C3
    assert figures["SR_SATISFACTION"] is None and figures["SR_ACTIVITIES"] is None
    # C1, C2 and C3 all ordered in March, none is marked churned: nobody churned
    assert figures["SR_CHURNED_CUSTOMERS"] == 0


def test_every_figure_has_a_definition():
    assert set(FIGURE_DEFINITIONS) == set(FIGURE_NAMES)
