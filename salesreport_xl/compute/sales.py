"""二 Sales performance: totals against last month / last year / YTD, the 13-month trend, and the
breakdowns by category, top products, customer segment, channel and new vs repeat customers.

Also holds the small frame helpers the team and customer sections share (month codes, order counting,
first orders, customer attributes), so every section counts the same way.

Months are handled as integer codes (months since 1970-01) computed once per frame with numpy, so a
million sales rows cost one pass, not one Python call per row.
"""
from __future__ import annotations

import weakref
from typing import Callable, TypeVar

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import change, ratio
from .model import BreakdownRow, SalesSection, TrendPoint

# Group name for rows without a value (blank channel, customer not in Customers or without a segment).
# The layout shows it in the report language.
NO_VALUE = "(none)"
KEY_ACCOUNT, SMB = "Key Account", "SMB"   # the standard segments (canonical values)
NEW, REPEAT = "new", "repeat"

# A change of exactly `big_change` must be flagged; 120/100 - 1 is 0.19999999999999996 in floats.
_EPS = 1e-9


# ------------------------------------------------------------------------------------ shared helpers
_T = TypeVar("_T")
_MEMO: dict[tuple[str, int], tuple[weakref.ref, object]] = {}


def memo_by_frame(kind: str, frame: pd.DataFrame, build: Callable[[], _T]) -> _T:
    """`build()`, remembered while `frame` (an input frame, never changed in place) is alive.

    Several sections need the same per-customer tables (Customers attributes, first orders); each
    costs a groupby, so it is built once per input frame. Only a weak reference to the frame is kept:
    the entry goes away with the frame.
    """
    key = (kind, id(frame))
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is frame:
        return hit[1]  # type: ignore[return-value]
    value = build()
    _MEMO[key] = (weakref.ref(frame, lambda _ref, key=key: _MEMO.pop(key, None)), value)
    return value


def month_code(period: pd.Period) -> int:
    """Months since 1970-01 (the same code `month_codes` gives a date in that month)."""
    return (period.year - 1970) * 12 + period.month - 1


def code_month_key(code: int) -> str:
    """'YYYY-MM' of a month code."""
    return f"{1970 + code // 12:04d}-{code % 12 + 1:02d}"


def month_codes(dates: pd.Series) -> np.ndarray:
    """Month code of each date (NaT gets a code no real month has)."""
    return dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[M]").astype("int64")


def sales_month_codes(inputs: Inputs) -> np.ndarray:
    """Month code of every Sales row (computed once per Sales frame)."""
    sales = inputs.sales
    return memo_by_frame("sales_month_codes", sales, lambda: month_codes(sales["order_date"]))


def month_last_day(period: pd.Period) -> pd.Timestamp:
    """The last day of the month (midnight), the day "the end of M" is measured at."""
    return period.end_time.normalize()


def order_keys(frame: pd.DataFrame) -> pd.Series:
    """One key per order: order_id where given, else the row itself (each row then counts as an order)."""
    ids = frame["order_id"]
    if ids.notna().all():
        return ids
    row_keys = pd.Series("\x00row" + frame["_row"].astype(str), index=frame.index)
    return ids.where(ids.notna(), row_keys)


def count_orders(frame: pd.DataFrame) -> int:
    """Orders in the rows: distinct order_id when present, else rows."""
    if frame.empty:
        return 0
    return int(order_keys(frame).nunique())


def customer_codes(inputs: Inputs) -> tuple[np.ndarray, pd.Index]:
    """An integer code per Sales row for its customer_id (-1 where blank), and the ids by code.

    Per-customer sums and first / last rows then run on integers (bincount, integer groupby) instead of
    hashing a million id strings again for every table."""
    sales = inputs.sales

    def build() -> tuple[np.ndarray, pd.Index]:
        codes, ids = pd.factorize(sales["customer_id"].to_numpy(dtype=object))
        return codes, pd.Index(ids, dtype=object, name="customer_id")

    return memo_by_frame("customer_codes", sales, build)


def edge_rows_per_customer(inputs: Inputs, mask: np.ndarray, latest: bool,
                           columns: tuple[str, ...] = ("order_date", "sales_rep")) -> pd.DataFrame:
    """Per customer, its earliest (or latest) Sales row by order_date among the rows where `mask`
    holds — the first such row in the sheet on a tie — with `columns`, indexed by customer_id (sorted)."""
    sales = inputs.sales
    codes, ids = customer_codes(inputs)
    keep = np.flatnonzero(np.asarray(mask, dtype=bool) & (codes >= 0))
    if len(keep) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=sales[c].dtype) for c in columns},
                            index=pd.Index([], dtype=object, name="customer_id"))
    grouped = pd.Series(sales["order_date"].to_numpy()[keep]).groupby(codes[keep])
    at = keep[(grouped.idxmax() if latest else grouped.idxmin()).to_numpy()]
    out = pd.DataFrame({c: sales[c].iloc[at].to_numpy() for c in columns}, index=ids[codes[at]])
    return out.sort_index()


def first_order_rows(inputs: Inputs) -> pd.DataFrame:
    """Each customer's first Sales row ever (earliest date; the first such row in the sheet on a tie):
    columns order_date, sales_rep, indexed by customer_id (sorted)."""
    sales = inputs.sales
    return memo_by_frame("first_orders", sales,
                         lambda: edge_rows_per_customer(inputs, np.ones(len(sales), dtype=bool), latest=False))


def sales_by_customer(inputs: Inputs, first: int, last: int) -> pd.Series:
    """customer_id -> sum of amount over the months first..last (month codes, inclusive), for the
    customers with Sales rows in those months."""
    codes, ids = customer_codes(inputs)
    months = sales_month_codes(inputs)
    mask = (months >= first) & (months <= last) & (codes >= 0)
    amount = inputs.sales["amount"].to_numpy(dtype="float64")
    sums = np.bincount(codes[mask], weights=amount[mask], minlength=len(ids))
    present = np.bincount(codes[mask], minlength=len(ids)) > 0
    return pd.Series(sums[present], index=ids[present])


def customer_first_orders(inputs: Inputs) -> pd.Series:
    """Date of each customer's first order ever in Sales (customer_id -> Timestamp)."""
    return first_order_rows(inputs)["order_date"].rename("first_order")


def customer_attributes(inputs: Inputs) -> pd.DataFrame:
    """One row per customer_id of the Customers sheet (the first row where an id is repeated):
    customer_name, segment, status, churn_date, churn_reason."""
    cust = inputs.customers
    cols = ["customer_name", "segment", "status", "churn_date", "churn_reason"]

    def build() -> pd.DataFrame:
        if cust.empty:
            return pd.DataFrame({c: pd.Series([], dtype=cust[c].dtype) for c in cols},
                                index=pd.Index([], dtype=object, name="customer_id"))
        known = cust[cust["customer_id"].notna()]
        return known.drop_duplicates("customer_id").set_index("customer_id")[cols]

    return memo_by_frame("customer_attributes", cust, build)


def customer_segments(inputs: Inputs) -> pd.Series:
    """customer_id -> segment, for customers of the Customers sheet that have one."""
    return customer_attributes(inputs)["segment"].dropna()


def customer_names(inputs: Inputs, ids=None) -> pd.Series:
    """customer_id -> name: the Customers sheet's name, else the latest non-blank name in Sales.
    `ids` limits the result to those customers."""
    sales = inputs.sales

    def latest_in_sales() -> pd.Series:
        named = sales["customer_name"].notna().to_numpy()
        return edge_rows_per_customer(inputs, named, latest=True, columns=("customer_name",))["customer_name"]

    from_sales = memo_by_frame("sales_names", sales, latest_in_sales)
    attrs = customer_attributes(inputs)["customer_name"].dropna()
    if ids is None:
        return attrs.combine_first(from_sales) if len(attrs) else from_sales
    ids = pd.Index(list(ids), dtype=object).unique()
    mine = attrs.reindex(ids)
    return mine.where(mine.notna(), from_sales.reindex(ids)).dropna()


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """`table[key]` for each key (NaN / NaT where the key is not in the table), aligned with `keys`."""
    return pd.Series(table.reindex(keys.to_numpy()).to_numpy(), index=keys.index, dtype=table.dtype)


def changed_a_lot(value: float | None, big_change: float) -> bool:
    return value is not None and abs(value) >= big_change - _EPS


# ------------------------------------------------------------------------------------ breakdowns
def breakdown(keys, amount: np.ndarray, codes: np.ndarray, month: int, total: float, big_change: float,
              group: pd.Series | None = None, order: list[str] | None = None,
              limit: int | None = None) -> list[BreakdownRow]:
    """Sales per key value in M, M-1 and M-12; `keys`, `amount` and `codes` (month codes) are aligned
    per sales row.

    Rows are sorted by this month's sales (largest first, then name) unless `order` gives the names in
    order; `limit` keeps the first rows. `share` is of `total` (M's total sales), so over all values
    the shares add up to 1. `group` maps a name to its parent (e.g. product -> category).
    """
    # Factorise the keys once and sum with bincount: numpy only, whatever the number of rows.
    ids, names = pd.factorize(np.asarray(keys, dtype=object))
    sums = [np.bincount(ids[codes == w], weights=amount[codes == w], minlength=len(names))
            for w in (month, month - 1, month - 12)]
    names = [str(n) for n in names]
    if order is not None:
        position = {n: i for i, n in enumerate(names)}
        picked = [position.get(n) for n in order]
    else:
        picked = sorted(range(len(names)), key=lambda i: (-sums[0][i], names[i]))
    if limit is not None:
        picked = picked[:limit]
    rows = []
    for name, i in zip(order if order is not None else [names[i] for i in picked], picked):
        now, last, last_year = (0.0, 0.0, 0.0) if i is None else (float(x[i]) for x in sums)
        mom, yoy = change(now, last), change(now, last_year)
        rows.append(BreakdownRow(
            name=name, this_month=now, last_month=last, last_year=last_year,
            mom=mom, yoy=yoy, share=ratio(now, total),
            flagged=changed_a_lot(mom, big_change) or changed_a_lot(yoy, big_change),
            group=str(group.get(name, "")) if group is not None else "",
        ))
    return rows


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
def compute_sales(inputs: Inputs, month: pd.Period) -> SalesSection:
    """Section 二: sales this month against last month, last year and year-to-date, with breakdowns.

    - totals: sum of `amount` of Sales rows dated in the month (returns, negative, included);
      MoM / YoY = this month / that month − 1, None where the base is 0 or missing;
      YTD = January of M's year through M, against the same span one year earlier.
    - trend: M-12..M, each with the same month a year earlier (None before the data starts).
    - by category, top products (`top_n` by this month's sales), by segment (from Customers; customers
      not there or without a segment: "(none)"), by channel (blank: "(none)"): this month, last month,
      last year, MoM, YoY, share of M's total, flagged when |MoM| or |YoY| ≥ `big_change`.
    - new vs repeat: "new" = customers whose first order ever is in that month, "repeat" = the others
      (for last month / last year, new means new in that month).
    """
    settings = inputs.settings
    sales = inputs.sales
    m = month_code(month)
    codes = sales_month_codes(inputs)
    monthly = sales["amount"].groupby(codes).sum() if len(sales) else pd.Series(dtype="float64")
    first = int(codes.min()) if len(sales) else None

    def span(a: int, b: int) -> float:
        return float(monthly[(monthly.index >= a) & (monthly.index <= b)].sum())

    total, prev, last_year = span(m, m), span(m - 1, m - 1), span(m - 12, m - 12)
    january = m - (month.month - 1)
    ytd, ytd_ly = span(january, m), span(january - 12, m - 12)

    in_m = codes == m
    three_mask = in_m | (codes == m - 1) | (codes == m - 12)
    three = sales.loc[three_mask]
    three_codes = codes[three_mask]
    big = settings.big_change

    amount = three["amount"].to_numpy(dtype="float64")
    has_categories = bool(inputs.has("sales", "category"))
    # A line without a category (the column is optional) counts under "(none)", as blank channels do.
    category = three["category"].fillna(NO_VALUE)
    by_category = breakdown(category, amount, three_codes, m, total, big) if has_categories else []

    latest_category = (three.assign(category=category if has_categories else "")
                       .sort_values(["order_date", "_row"]).drop_duplicates("product", keep="last")
                       .set_index("product")["category"])
    top_products = breakdown(three["product"], amount, three_codes, m, total, big, group=latest_category,
                             limit=max(int(settings.top_n), 0))

    has_segments = bool(inputs.has("customers", "segment"))
    by_segment: list[BreakdownRow] = []
    if has_segments:
        segment = lookup(three["customer_id"], customer_segments(inputs)).fillna(NO_VALUE)
        by_segment = breakdown(segment, amount, three_codes, m, total, big)
    # Titles say "key accounts and SMB" only when those are the segments.
    standard_segments = all(r.name in (KEY_ACCOUNT, SMB, NO_VALUE) for r in by_segment)

    has_channels = bool(inputs.has("sales", "channel"))
    by_channel: list[BreakdownRow] = []
    if has_channels:
        by_channel = breakdown(three["channel"].fillna(NO_VALUE), amount, three_codes, m, total, big)

    first_codes = month_codes(lookup(three["customer_id"], customer_first_orders(inputs)))
    kind = np.where(first_codes == three_codes, NEW, REPEAT)
    new_vs_repeat = breakdown(kind, amount, three_codes, m, total, big, order=[NEW, REPEAT])

    return SalesSection(
        month_total=total, prev_month_total=prev, last_year_total=last_year,
        mom=change(total, prev), yoy=change(total, last_year),
        ytd=ytd, ytd_last_year=ytd_ly, ytd_change=change(ytd, ytd_ly),
        orders=count_orders(sales.loc[in_m]),
        trend=_trend(monthly, m, first),
        by_category=by_category, top_products=top_products, by_segment=by_segment,
        by_channel=by_channel, new_vs_repeat=new_vs_repeat,
        has_segments=has_segments, has_channels=has_channels,
        has_categories=has_categories, standard_segments=standard_segments,
    )
