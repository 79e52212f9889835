"""Sales by region (区域) and region attainment.

- The region of a Sales row is its own `region` when the Sales sheet has one, else its customer's
  region in Customers (the first row of that customer id); rows with neither are in the group without
  a region (named None in the model).
- By region: this month, last month, last year, MoM, YoY, share of M's total and flagged, as by
  category (compute/sales.py `breakdown`); empty when neither Sales nor Customers has a region.
- Region attainment: a Targets row with a region is that region's target (and nothing else); per
  region with a target for M, target = the sum of its rows for M, actual = its sales in M,
  attainment = actual / target.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import ratio
from .model import RegionAttainment
from .sales_frame import NO_VALUE, lookup, memo_by_frame
from .targets import region_targets


def has_regions(inputs: Inputs) -> bool:
    return bool(inputs.has("sales", "region") or inputs.has("customers", "region"))


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


def region_attainment(inputs: Inputs, month: pd.Period, regions: np.ndarray, amount: np.ndarray,
                      in_month: np.ndarray) -> list[RegionAttainment]:
    """Per region with a target for M (in name order): target, actual, attainment. `regions` and
    `amount` are aligned per Sales row, `in_month` marks the rows of M."""
    targets = region_targets(inputs, month)
    if targets.empty:
        return []
    actual = pd.Series(amount[in_month]).groupby(regions[in_month]).sum()
    return [RegionAttainment(region=str(r), target=float(targets[r]), actual=float(actual.get(r, 0.0)),
                             attainment=ratio(float(actual.get(r, 0.0)), float(targets[r])))
            for r in sorted(targets.index, key=str)]
