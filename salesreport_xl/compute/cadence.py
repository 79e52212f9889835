"""Each customer's own rhythm of ordering, and the churn, silence and drop lines drawn from it.

A small business's customers reorder every 2–4 months. Judged on calendar 3-month windows and one
team-wide line, a customer who orders the same every 60 days holds one order in some 3-month windows
and two in others (a "drop" by calendar chance), and one who orders every 120 days crosses a 93-day
team line at every cycle (counted churned, then back, then churned again). So a customer that has
reordered is judged against its own gaps:

- its orders: its distinct order dates on or before the end of M, each with that day's sales;
- its usual gap: the median of the days between its consecutive orders (known from its second order
  on); its longest gap;
- **churn line** (`rhythm`, column churn_line): the team's line (compute/thresholds.py), raised to
  `CHURN_CYCLES` (2) × its usual gap — it has missed a whole order — and to one day past its longest
  gap: it has come back after a silence that long before, so one as long is no proof that it left (a
  customer counted churned and then reordering is not counted again at its next cycle);
- **silent** (column silent_line): no order for `SILENT_MARGIN` (1.25) × its usual gap — a quarter of
  a cycle late — and at least half the team's line (without a gap of its own: half the team's line);
- **drop over whole order cycles** (`cycle_drop`): a customer whose usual gap puts at most
  `CYCLE_ORDERS` (3) orders into 3 months — one order more or less moves its 3-month total by a third
  or more, so calendar windows cannot judge it — is judged on its orders: the mean of its last k orders
  against the mean of the k before; k is the number of orders its usual gap puts into 3 months
  (round(`QUARTER_DAYS` / usual gap), at least 1, at most half its orders). Their timing is the silent
  test's: this one asks whether its orders got smaller. Both are stated per 3 months at its usual
  rhythm (mean order × `QUARTER_DAYS` / usual gap), the unit of the calendar rule, so the two read
  alike. A customer ordering the same every 60 days is steady whichever months its orders fall in; one
  whose last order was half the one before is down 50 %. A customer ordering more often is judged on
  the calendar 3 months, which then hold enough of its orders.

The lines only ever raise the team's: a customer ordering more often than the team line is judged by it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..durations import month_end
from ..frame_memo import memo_by_frame
from ..inputs import Inputs
from .sales_frame import customer_codes

CHURN_CYCLES = 2           # churned after this many of its usual gaps without an order
SILENT_MARGIN = 1.25       # silent once this many of its usual gaps have passed without an order
QUARTER_DAYS = 365.25 / 4  # 3 months in days: cycle figures are per 3 months, as the calendar totals
CYCLE_ORDERS = 3           # judged over order cycles when its usual gap puts at most this many orders in 3 months


def _all_orders(inputs: Inputs) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Index]:
    """Each customer's orders: (customer code, day number, that day's sales), sorted by customer then
    day, and the customer ids by code. Once per Sales frame; each month takes its part."""
    sales = inputs.sales

    def build():
        codes, ids = customer_codes(inputs)
        days = sales["order_date"].to_numpy(dtype="datetime64[D]")
        keep = (codes >= 0) & ~np.isnat(days)
        c, d = codes[keep].astype("int64"), days[keep].astype("int64")
        a = np.nan_to_num(sales["amount"].to_numpy(dtype="float64")[keep])
        # one int64 key (customer, then day from the earliest) sorts a million rows at once
        order = np.argsort((c << 32) + (d - d.min() if len(d) else d), kind="stable")
        c, d, a = c[order], d[order], a[order]
        starts = np.flatnonzero(np.r_[True, (c[1:] != c[:-1]) | (d[1:] != d[:-1])]) if len(c) else c
        return c[starts], d[starts], (np.add.reduceat(a, starts) if len(c) else a), ids

    return memo_by_frame("customer_orders", sales, build)


def _orders(inputs: Inputs, month: pd.Period) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Index]:
    """`_all_orders` on or before the end of M (still sorted by customer, then day)."""
    c, d, a, ids = _all_orders(inputs)
    keep = d <= np.datetime64(month_end(month).date(), "D").astype("int64")
    return c[keep], d[keep], a[keep], ids


def _gap_stats(inputs: Inputs, month: pd.Period) -> pd.DataFrame:
    """Per customer with an order on or before the end of M (by code): orders, gaps, usual_gap
    (median; NaN without a gap), longest_gap (NaN without a gap), first / last position in `_orders`."""
    def build() -> pd.DataFrame:
        c, d, _, ids = _orders(inputs, month)
        present = np.unique(c)
        first = np.searchsorted(c, present, side="left")
        last = np.searchsorted(c, present, side="right") - 1
        same = c[1:] == c[:-1]
        gaps = pd.Series((d[1:] - d[:-1])[same].astype("float64")).groupby(c[1:][same])
        out = pd.DataFrame({"orders": last - first + 1, "first": first, "last": last}, index=present)
        out["gaps"] = out["orders"] - 1
        out["usual_gap"] = gaps.median().reindex(present)
        out["longest_gap"] = gaps.max().reindex(present)
        out.index = ids[present]
        return out

    return memo_by_frame(f"customer_gaps:{month}", inputs.sales, build)


def rhythm(inputs: Inputs, month: pd.Period, team_days: int) -> pd.DataFrame:
    """Per customer with an order on or before the end of M (indexed by customer_id): orders, usual_gap,
    longest_gap, churn_line and silent_line in days (see the module docstring; `team_days`: the team's
    churn line of M)."""
    stats = _gap_stats(inputs, month)
    out = stats[["orders", "usual_gap", "longest_gap"]].copy()
    own = np.fmax(np.ceil(CHURN_CYCLES * stats["usual_gap"].to_numpy()), stats["longest_gap"].to_numpy() + 1)
    out["churn_line"] = np.fmax(own, float(team_days))          # fmax: no gap of its own (NaN) -> the team's
    out["silent_line"] = np.fmax(SILENT_MARGIN * stats["usual_gap"].to_numpy(), team_days / 2.0)
    return out


def cycle_drop(inputs: Inputs, month: pd.Period, ids: pd.Index) -> pd.DataFrame:
    """For the customers `ids` that have reordered and whose usual gap puts at most CYCLE_ORDERS orders
    into 3 months: orders (k, each side), recent and prior — the mean of its last k orders and of the k
    before, × QUARTER_DAYS / its usual gap (per 3 months at its usual rhythm). Indexed by customer_id;
    the other customers are left out: the calendar judges them."""
    stats = _gap_stats(inputs, month).reindex(ids)
    per_quarter = np.floor(QUARTER_DAYS / stats["usual_gap"] + 0.5)
    stats = stats[(stats["gaps"] >= 1) & (per_quarter <= CYCLE_ORDERS)]
    if stats.empty:
        return pd.DataFrame({"orders": pd.Series([], dtype="int64"), "recent": pd.Series([], dtype="float64"),
                             "prior": pd.Series([], dtype="float64")}, index=pd.Index([], dtype=object))
    _, _, a, _ = _orders(inputs, month)
    cum = np.concatenate([[0.0], np.cumsum(a)])
    usual = stats["usual_gap"].to_numpy(dtype="float64")
    k = np.clip(np.floor(QUARTER_DAYS / usual + 0.5), 1, stats["orders"].to_numpy() // 2).astype("int64")
    end = stats["last"].to_numpy(dtype="int64") + 1        # one past its last order in `_orders`
    per_3m = QUARTER_DAYS / usual / k                       # a sum of k orders -> per 3 months
    recent = (cum[end] - cum[end - k]) * per_3m
    prior = (cum[end - k] - cum[end - 2 * k]) * per_3m
    return pd.DataFrame({"orders": k, "recent": recent, "prior": prior}, index=stats.index)
