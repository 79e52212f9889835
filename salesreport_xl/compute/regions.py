"""Sales by region (区域) and region attainment.

- The basis (`region_basis`): "sales" when the Sales sheet has a Region column — each order line is
  counted in the region it was sold in, so a customer that orders in several regions counts in each of
  them where it ordered; a line left blank takes its customer's region (the template's rule) — else
  "customers": each line takes its customer's region in Customers (the first row of that customer id),
  one region per customer wherever it ordered; None without a region anywhere. The page says which.
- The region of a Sales row is its own `region` when it has one, else its customer's region in
  Customers; rows with neither are in the group without a region (named None in the model).
- By region: this month, last month, last year, MoM, YoY, share of M's total and flagged, as by
  category (compute/sales.py `breakdown`); empty when neither Sales nor Customers has a region. A
  region that collapsed — at least four fifths of last year's month or of its own level (its mean
  month over M − 12 … M − 1, `region_levels`) gone, material (compute/judge.py `collapsed`) — is
  flagged even when its months are lumpy.
- Region attainment: a Targets row with a region is that region's target (and, where the team has no
  other target, part of the team's, compute/targets.py); per region with a target for M, target = the
  sum of its rows for M, actual = its sales in M, attainment = actual / target.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import ratio
from .model import RegionAttainment
from .sales_frame import NO_VALUE, lookup, memo_by_frame


SALES, CUSTOMERS = "sales", "customers"
LEVEL_MONTHS = 6           # months of the last 12 inside the history needed to know a region's level


def region_basis(inputs: Inputs) -> str | None:
    """Where a line's region comes from: "sales" (the order line), "customers" (the customer's region
    in Customers) or None (no region anywhere); see the module docstring."""
    if inputs.has("sales", "region"):
        return SALES
    if inputs.has("customers", "region"):
        return CUSTOMERS
    return None


def has_regions(inputs: Inputs) -> bool:
    return region_basis(inputs) is not None


def customer_regions(inputs: Inputs) -> pd.Series:
    """customer_id -> region, for customers of the Customers sheet that have one."""
    cust = inputs.customers

    def build() -> pd.Series:
        known = cust[cust["customer_id"].notna() & cust["region"].notna()]
        return known.drop_duplicates("customer_id").set_index("customer_id")["region"].astype(object)

    return memo_by_frame("customer_regions", cust, build)


def sales_regions(inputs: Inputs, rows: pd.DataFrame) -> np.ndarray:
    """The region of each of `rows` (Sales rows): its own, else its customer's, else the group key of
    rows without a value."""
    from_customer = lookup(rows["customer_id"], customer_regions(inputs))
    region = rows["region"].where(rows["region"].notna(), from_customer) if "region" in rows else from_customer
    return region.fillna(NO_VALUE).to_numpy(dtype=object)


def region_attainment(targets: pd.Series, regions: np.ndarray, amount: np.ndarray,
                      in_month: np.ndarray) -> list[RegionAttainment]:
    """Per region with a target for M (`targets`: region -> target, compute/targets.py; in name order):
    target, actual, attainment. `regions` and `amount` are aligned per Sales row, `in_month` marks the
    rows of M."""
    if targets.empty:
        return []
    actual = pd.Series(amount[in_month]).groupby(regions[in_month]).sum()
    return [RegionAttainment(region=str(r), target=float(targets[r]), actual=float(actual.get(r, 0.0)),
                             attainment=ratio(float(actual.get(r, 0.0)), float(targets[r])))
            for r in sorted(targets.index, key=str)]


def region_levels(inputs: Inputs, codes: np.ndarray, m: int, first: int | None) -> pd.Series | None:
    """region -> its mean month over M − 12 … M − 1 (the months inside the history); None with fewer
    than LEVEL_MONTHS such months. `codes`: the Sales rows' month codes."""
    months = [c for c in range(m - 12, m) if first is not None and c >= first]
    if len(months) < LEVEL_MONTHS:
        return None
    in_year = np.isin(codes, months)
    rows = inputs.sales.loc[in_year]
    amount = rows["amount"].to_numpy(dtype="float64")
    return pd.Series(amount).groupby(sales_regions(inputs, rows)).sum() / len(months)
