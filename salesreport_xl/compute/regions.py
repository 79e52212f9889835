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
  region that collapsed (`collapsed_regions`) is flagged even when its months are lumpy: at least
  four fifths of last year's month gone, or of its own level over the last three months (M − 2 … M
  against three times its mean month over M − 12 … M − 1, at least `LEVEL_MONTHS` of them in the
  history), base and drop material (compute/judge.py `collapsed`).
- Region attainment: a Targets row with a region is that region's target (and, where the team has no
  other target, part of the team's, compute/targets.py); per region with a target for M, target = the
  sum of its rows for M, actual = its sales in M, attainment = actual / target.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import ratio
from .judge import collapsed
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


def collapsed_regions(inputs: Inputs, codes: np.ndarray, m: int, first: int | None, floor: float) -> set:
    """The regions (as `sales_regions` names them) that collapsed in M (see the module docstring).
    `codes`: the Sales rows' month codes; `floor`: the materiality floor."""
    if first is None:
        return set()
    year = [c for c in range(m - 12, m) if c >= first]           # M − 12 … M − 1 inside the history
    wanted = np.isin(codes, [m, m - 1, m - 2, *year])
    rows, row_codes = inputs.sales.loc[wanted], codes[wanted]
    table = (pd.Series(rows["amount"].to_numpy(dtype="float64"))
             .groupby([sales_regions(inputs, rows), row_codes]).sum().unstack(fill_value=0.0))
    out = set()
    for region, months in table.iterrows():
        now = float(months.get(m, 0.0))
        if m - 12 >= first and collapsed(now, float(months.get(m - 12, 0.0)), floor):
            out.add(str(region))
        elif len(year) >= LEVEL_MONTHS:
            # three months against three of its mean months: a customer's order every two or three
            # months moves one month, not three
            level = float(sum(months.get(c, 0.0) for c in year)) / len(year)
            recent = float(sum(months.get(c, 0.0) for c in (m - 2, m - 1, m)))
            if collapsed(recent, 3 * level, 3 * floor):
                out.add(str(region))
    return out
