"""The clean Sales frame as every report section reads it: month codes, orders, customers.

Shared by the sales, team, customer, problem and plan sections, so every section counts the same way
(one order key, one first order per customer, one customer attribute table).

Months are handled as integer codes (months since 1970-01) computed once per frame with numpy, so a
million sales rows cost one pass, not one Python call per row.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..durations import month_end
from ..frame_memo import memo_by_frame
from ..inputs import Inputs

__all__ = ["memo_by_frame"]   # every section remembers its per-frame tables through this module

# The group key, inside compute, of rows without a value (blank category, channel, region, rep, topic;
# a customer not in Customers or without a segment): pandas groups on it where it would drop a blank.
# The model never holds it — the rows of that group are named None (`group_name`), which layout and
# the words show in the report language.
NO_VALUE = "\x00no value"
NEW, REPEAT = "new", "repeat"




def group_name(key) -> str | None:
    """A group's name as the model holds it: None for the rows without a value."""
    return None if key is None or key == NO_VALUE else str(key)


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


# The last day of the month (midnight), the day "the end of M" is measured at: one rule with validation's.
month_last_day = month_end


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
    dates = sales["order_date"].to_numpy(dtype="datetime64[ns]")
    keep = np.flatnonzero(np.asarray(mask, dtype=bool) & (codes >= 0) & ~np.isnat(dates))
    if len(keep) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=sales[c].dtype) for c in columns},
                            index=pd.Index([], dtype=object, name="customer_id"))
    at = _edge_rows(dates[keep].view("int64"), codes[keep], len(ids), latest)
    at = keep[at]
    out = pd.DataFrame({c: sales[c].iloc[at].to_numpy() for c in columns}, index=ids[codes[at]])
    return out.sort_index()


def _edge_rows(days: np.ndarray, codes: np.ndarray, groups: int, latest: bool) -> np.ndarray:
    """Per group present (in group order), the position of its earliest (latest) value of `days`
    (int64, no NaT), the first such position on a tie: two unbuffered reductions, no sort."""
    edge = np.full(groups, np.iinfo(np.int64).min if latest else np.iinfo(np.int64).max, dtype=np.int64)
    (np.maximum if latest else np.minimum).at(edge, codes, days)
    at_edge = np.flatnonzero(days == edge[codes])
    first = np.full(groups, len(days), dtype=np.int64)
    np.minimum.at(first, codes[at_edge], at_edge)
    return first[first < len(days)]


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


def segment_basis(inputs: Inputs) -> str | None:
    """Where a customer's segment comes from: "customers" (the Customers sheet, the customer master),
    else "sales" (the segment an export writes on each order line), else None."""
    if inputs.has("customers", "segment"):
        return "customers"
    if inputs.has("sales", "segment"):
        return "sales"
    return None


def customer_segments(inputs: Inputs) -> pd.Series:
    """customer_id -> segment: the Customers sheet's where it has one; without a segment there, the
    latest non-blank segment of the customer's order lines (segment_basis)."""
    if segment_basis(inputs) == "sales":
        sales = inputs.sales

        def latest_in_sales() -> pd.Series:
            given = sales["segment"].notna().to_numpy()
            return edge_rows_per_customer(inputs, given, latest=True, columns=("segment",))["segment"]

        return memo_by_frame("sales_segments", sales, latest_in_sales).dropna()
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


def product_categories(inputs: Inputs, month: pd.Period) -> pd.Series:
    """product -> category: that of the product's latest Sales line (by order date, then sheet row) on or
    before the end of M that has a category — an export may leave it off a line. Products without any
    such line are not in the result."""
    sales = inputs.sales

    def build() -> pd.Series:
        mask = (sales_month_codes(inputs) <= month_code(month)) & sales["category"].notna().to_numpy()
        rows = sales.loc[mask, ["product", "category", "order_date", "_row"]]
        latest = rows.sort_values(["order_date", "_row"], kind="stable").drop_duplicates("product", keep="last")
        return latest.set_index("product")["category"].astype(object)

    return memo_by_frame(f"product_categories:{month}", sales, build)
