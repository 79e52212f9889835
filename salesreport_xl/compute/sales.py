"""二 Sales performance: totals against last month / last year / YTD, the 13-month trend, and the
breakdowns by category, top products, customer segment, channel and new vs repeat customers.

Months are handled as integer codes (months since 1970-01) computed once per frame with numpy, so a
million sales rows cost one pass, not one Python call per row.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import change, ratio
from .bridge import month_bridge, target_bridge, year_bridge
from .basis import MonthBasis, as_basis
from .judge import at_or_above, lines_by, material, reliable
from .model import BreakdownRow, Phrase, SalesSection, TrendPoint
from .profit import has_profit
from .regions import SALES, collapsed_regions, region_attainment, region_basis, sales_regions
from ..schema import SEGMENT_KEY_ACCOUNT, SEGMENT_SMB
from .sales_frame import (NEW, NO_VALUE, REPEAT, code_month_key, count_orders, group_name,
                          customer_segments, lookup, month_codes, segment_basis,
                          sales_month_codes)

def changed_a_lot(value: float | None, big_change: float) -> bool:
    return value is not None and bool(at_or_above(abs(value), big_change))


# ------------------------------------------------------------------------------------ breakdowns
def breakdown(keys, amount: np.ndarray, codes: np.ndarray, month: int, total: float, big_change: float,
              group: pd.Series | None = None, order: list[str] | None = None,
              limit: int | None = None, first: int | None = None, floor: float = 0.0,
              profit: np.ndarray | None = None, seasonal: bool = False,
              regular: set | None = None, collapsed_names: set | None = None) -> list[BreakdownRow]:
    """Sales per key value in M, M-1 and M-12; `keys`, `amount` and `codes` (month codes) are aligned
    per sales row.

    Rows are sorted by this month's sales (largest first, then name) unless `order` gives the names in
    order; `limit` keeps the first rows. `share` is of `total` (M's total sales), so over all values
    the shares add up to 1. `group` maps a name to its parent (e.g. product -> category).

    `first` is the first month of the sales history: last year's month before it is not available
    (None), not 0. A row is flagged when |MoM| or |YoY| ≥ `big_change` and the base of that change is
    material (≥ `floor`, compute/judge.py): a big percentage of a small base is noise. A MoM
    from nothing (last month ≤ 0) is None; the layout says "new".
    In a `seasonal` month (the season moves M, compute/season.py) a row is judged against the same
    month last year only: a MoM that the season gives every row flags nothing by itself. Given `regular` (the names whose
    baseline is reliable, compute/judge.py), only those are flagged: a 40 % swing of a product sold a
    few times a month is its ordinary spread, not news. The names in `collapsed_names` (a region that
    collapsed, compute/regions.py) are flagged whether regular or not — a region gone to nothing is
    news, not spread — and listed even without a sale in M, M − 1 or M − 12.
    """
    # Factorise the keys once and sum with bincount: numpy only, whatever the number of rows.
    ids, names = pd.factorize(np.asarray(keys, dtype=object))
    if collapsed_names:
        # a collapsed row stands in the table even when it sold nothing in M, M − 1 and M − 12
        names = list(names) + sorted(set(collapsed_names) - {str(n) for n in names})
    sums = [np.bincount(ids[codes == w], weights=amount[codes == w], minlength=len(names))
            for w in (month, month - 1, month - 12)]
    in_m = codes == month
    profits = (np.bincount(ids[in_m], weights=profit[in_m], minlength=len(names)) if profit is not None else None)
    names = [str(n) for n in names]
    if order is not None:
        position = {n: i for i, n in enumerate(names)}
        picked = [position.get(n) for n in order]
    else:
        picked = sorted(range(len(names)), key=lambda i: (-sums[0][i], names[i]))
    if limit is not None:
        picked = picked[:limit]
    ly_known = first is None or month - 12 >= first
    rows = []
    for name, i in zip(order if order is not None else [names[i] for i in picked], picked):
        label = group.get(name, "") if group is not None else ""
        now, last, last_year = (0.0, 0.0, 0.0) if i is None else (float(x[i]) for x in sums)
        mom = change(now, last) if last > 0 else None
        yoy = change(now, last_year) if last_year > 0 and ly_known else None
        rows.append(BreakdownRow(
            name=group_name(name), this_month=now, last_month=last, last_year=last_year if ly_known else None,
            mom=mom, yoy=yoy, share=ratio(now, total),
            flagged=(collapsed_names is not None and name in collapsed_names) or (regular is None or name in regular) and (
                (not seasonal and changed_a_lot(mom, big_change) and material(last, floor))
                or (changed_a_lot(yoy, big_change) and material(last_year, floor))),
            group=group_name(label) if label != "" else "",
            profit=None if profits is None or i is None else float(profits[i]),
            margin=None if profits is None or i is None else ratio(float(profits[i]), now),
        ))
    return rows


def _profit_totals(inputs: Inputs, sales: pd.DataFrame, codes: np.ndarray, m: int) -> dict:
    """profit, margin and last month's margin of the whole team (None without a profit column)."""
    if not has_profit(inputs):
        return {}
    amount, profit = sales["amount"].to_numpy(dtype="float64"), sales["profit"].fillna(0.0).to_numpy(dtype="float64")
    now, before = codes == m, codes == m - 1
    p_now = float(profit[now].sum())
    return {"profit": p_now, "margin": ratio(p_now, float(amount[now].sum())),
            "prev_margin": ratio(float(profit[before].sum()), float(amount[before].sum()))}


def _trend(monthly: pd.Series, month: int, first: int | None) -> list[TrendPoint]:
    points = []
    for code in range(month - 12, month + 1):
        ly = code - 12
        points.append(TrendPoint(
            month=code_month_key(code),
            sales=float(monthly.get(code, 0.0)),
            last_year=float(monthly.get(ly, 0.0)) if first is not None and ly >= first else None,
        ))
    return points


# ------------------------------------------------------------------------------------ the section
def compute_sales(inputs: Inputs, basis: MonthBasis | pd.Period) -> SalesSection:
    """Section 二: sales this month against last month, last year and year-to-date, with breakdowns.

    - totals: sum of `amount` of Sales rows dated in the month (returns, negative, included);
      MoM / YoY = this month / that month − 1, None where the base is 0 or missing;
      YTD = January of M's year through M, against the same span one year earlier. A comparison whose
      base is not wholly inside the data (from its first month with sales) is None — n/a with a note —
      not a partial sum: last year's month before the data; last year's YTD when the data starts after
      January of last year; last month before the data.
    - trend: M-12..M, each with the same month a year earlier (None before the data starts).
    - by category, top products (`top_n` by this month's sales), by segment (from Customers; customers
      not there or without a segment: the group None), by channel (blank: None): this month, last month,
      last year, MoM, YoY, share of M's total, flagged when |MoM| or |YoY| ≥ `big_change`.
    - profit (when Sales has a profit column): the team's profit and margin this month, last month's
      margin, and profit and margin per category and top product (compute/profit.py).
    - by region (compute/regions.py) as by category, with region attainment, and each breakdown's
      basis: region from the order line or the customer (`region_basis`), segment from the customer
      (Customers), channel from the order line (Sales).
    - the bridges (compute/bridge.py): from last month, from last year's month, from the team's target.
    - new vs repeat: "new" = customers whose first order ever is in that month, "repeat" = the others
      (for last month / last year, new means new in that month).
    """
    b = as_basis(inputs, basis)
    settings, sales, month, m, first = inputs.settings, inputs.sales, b.month, b.code, b.first_code
    codes = sales_month_codes(inputs)
    monthly = sales["amount"].groupby(codes).sum() if len(sales) else pd.Series(dtype="float64")

    def span(a: int, b: int) -> float:
        return float(monthly[(monthly.index >= a) & (monthly.index <= b)].sum())

    # A comparison whose base is not wholly inside the data is not available (None), not a partial sum:
    # last year's month before the data starts, last year's YTD when the data starts after its January.
    def inside(a: int) -> bool:
        return first is not None and a >= first

    total, prev = span(m, m), span(m - 1, m - 1)
    last_year = span(m - 12, m - 12) if inside(m - 12) else None
    january = m - (month.month - 1)
    ytd = span(january, m)
    ytd_ly = span(january - 12, m - 12) if inside(january - 12) else None

    in_m = codes == m
    three_mask = in_m | (codes == m - 1) | (codes == m - 12)
    three = sales.loc[three_mask]
    three_codes = codes[three_mask]
    big = settings.big_change
    floor = b.floor
    seasonal = b.against_last_year
    window, window_codes, base = b.sales_window

    def regular(values) -> set:
        """Names of `values` (aligned with the basis' window) sold reliably in the baseline months."""
        lines = lines_by([np.asarray(values, dtype=object)], window_codes, base)
        return set(lines.index[reliable(lines).to_numpy(dtype=bool)]) if len(lines) else set()

    amount = three["amount"].to_numpy(dtype="float64")
    profit = three["profit"].fillna(0.0).to_numpy(dtype="float64") if has_profit(inputs) else None
    has_categories = bool(inputs.has("sales", "category"))
    # A line without a category (the column is optional) counts in the group without one (name None),
    # as blank channels do.
    category = three["category"].fillna(NO_VALUE)
    by_category = (breakdown(category, amount, three_codes, m, total, big, first=first, floor=floor, profit=profit,
                             seasonal=seasonal, regular=regular(window["category"].fillna(NO_VALUE)))
                   if has_categories else [])

    # A product's category: that of its latest line that has one (an export may leave it off a line).
    latest_category = (b.product_categories.reindex(three["product"].unique(), fill_value=NO_VALUE)
                       if has_categories else pd.Series("", index=three["product"].unique(), dtype=object))
    # A deal export has no product column: no product rows (the section says so), never one "(none)".
    has_products = bool(inputs.has("sales", "product"))
    top_products = (breakdown(three["product"], amount, three_codes, m, total, big, group=latest_category,
                              limit=max(int(settings.top_n), 0), first=first, floor=floor, profit=profit,
                              seasonal=seasonal, regular=regular(window["product"]))
                    if has_products else [])

    segments_from = segment_basis(inputs)
    has_segments = segments_from is not None
    by_segment: list[BreakdownRow] = []
    if has_segments:
        segment = lookup(three["customer_id"], customer_segments(inputs)).fillna(NO_VALUE)
        by_segment = breakdown(segment, amount, three_codes, m, total, big, first=first, floor=floor,
                               regular=regular(lookup(window["customer_id"], customer_segments(inputs))
                                               .fillna(NO_VALUE)))
    # Titles say "key accounts and SMB" only when those are the segments.
    standard_segments = all(r.name in (SEGMENT_KEY_ACCOUNT, SEGMENT_SMB, None) for r in by_segment)

    has_channels = bool(inputs.has("sales", "channel"))
    by_channel: list[BreakdownRow] = []
    if has_channels:
        by_channel = breakdown(three["channel"].fillna(NO_VALUE), amount, three_codes, m, total, big,
                               first=first, floor=floor, regular=regular(window["channel"].fillna(NO_VALUE)))

    first_codes = month_codes(lookup(three["customer_id"], b.first_orders["order_date"]))
    kind = np.where(first_codes == three_codes, NEW, REPEAT)
    new_vs_repeat = breakdown(kind, amount, three_codes, m, total, big, order=[NEW, REPEAT], first=first,
                              floor=floor)

    notes = []
    if first is not None and last_year is None:
        notes.append(Phrase("s_na_last_year", {"first": code_month_key(first)}))
    if first is not None and ytd_ly is None:
        notes.append(Phrase("s_na_ytd_last_year", {"first": code_month_key(first)}))
    region_from = region_basis(inputs)
    regions = region_from is not None
    by_region, region_rows = [], []
    if regions:
        region = sales_regions(inputs, three)
        by_region = breakdown(region, amount, three_codes, m, total, big, first=first, floor=floor,
                              seasonal=seasonal, regular=regular(sales_regions(inputs, window)),
                              collapsed_names=collapsed_regions(inputs, codes, m, first, floor))
        region_rows = region_attainment(b.targets.regions, region, amount, three_codes == m)

    return SalesSection(
        month_total=total, prev_month_total=prev, last_year_total=last_year,
        mom=change(total, prev) if inside(m - 1) else None, yoy=change(total, last_year),
        ytd=ytd, ytd_last_year=ytd_ly, ytd_change=change(ytd, ytd_ly),
        orders=count_orders(sales.loc[in_m]),
        trend=_trend(monthly, m, first),
        by_category=by_category, top_products=top_products, by_segment=by_segment,
        by_channel=by_channel, new_vs_repeat=new_vs_repeat,
        has_segments=has_segments, has_channels=has_channels, comparison_phrases=notes,
        by_region=by_region, region_attainment=region_rows, bridge=month_bridge(inputs, b),
        year_bridge=year_bridge(inputs, b), target_bridge=target_bridge(inputs, b),
        has_regions=regions, seasonal=seasonal, region_basis=region_from, segment_basis=segments_from,
        channel_basis=SALES if has_channels else None,
        has_categories=has_categories, has_products=has_products, standard_segments=standard_segments,
        **_profit_totals(inputs, sales, codes, m),
    )
