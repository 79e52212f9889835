"""The Targets rows of a month, by level: one filter rule for the team, reps, segments, categories and
regions.

A Targets row belongs to month M when its month falls in M (month codes, so a date inside the month
counts as the month) and it has an amount. Its level is read from which of sales_rep, segment,
category and region it names:

- a row with a region is that region's target, and counts for nothing else but the team where the
  team has no other target;
- team: no rep, segment, category or region; where there are none, the per-rep rows without segment
  and category, summed; where there are none either, the per-region rows without rep, segment and
  category, summed (a distributor that sets targets by region only has a team target all the same);
- rep: a rep, no segment or category;
- segment: no rep, a segment, no category;
- category: no rep, a category; the rows without a segment summed, or — for a category with only
  per-segment rows — the sum of those.
"""
from __future__ import annotations

import pandas as pd

from ..inputs import Inputs
from .sales_frame import month_code, month_codes


def month_targets(inputs: Inputs, month: pd.Period) -> pd.DataFrame:
    """The Targets rows of M that have an amount (every level, region rows included)."""
    t = inputs.targets
    return t[(month_codes(t["month"]) == month_code(month)) & t["target_amount"].notna().to_numpy()]


def _non_region(inputs: Inputs, month: pd.Period) -> pd.DataFrame:
    t = month_targets(inputs, month)
    return t[t["region"].isna().to_numpy()]


def team_target(inputs: Inputs, month: pd.Period) -> float | None:
    """The team's target for M (see the module docstring); None when there is none."""
    t = _non_region(inputs, month)
    whole = t["segment"].isna() & t["category"].isna()
    team_rows = t[whole & t["sales_rep"].isna()]
    if len(team_rows):
        return float(team_rows["target_amount"].sum())
    rep_rows = t[whole & t["sales_rep"].notna()]
    if len(rep_rows):
        return float(rep_rows["target_amount"].sum())
    regions = month_targets(inputs, month)
    region_rows = regions[(regions["region"].notna() & regions["sales_rep"].isna() & regions["segment"].isna()
                           & regions["category"].isna()).to_numpy()]
    if len(region_rows):
        return float(region_rows["target_amount"].sum())
    return None


def rep_targets(inputs: Inputs, month: pd.Period) -> pd.Series:
    """sales_rep -> target for M."""
    t = _non_region(inputs, month)
    rows = t[t["sales_rep"].notna() & t["segment"].isna() & t["category"].isna()]
    return rows.groupby("sales_rep")["target_amount"].sum()


def segment_targets(inputs: Inputs, month: pd.Period) -> pd.Series:
    """segment -> the team's target for M in that segment."""
    t = _non_region(inputs, month)
    rows = t[t["sales_rep"].isna() & t["segment"].notna() & t["category"].isna()]
    return rows.groupby("segment")["target_amount"].sum()


def category_targets(inputs: Inputs, month: pd.Period) -> dict[str, float]:
    """category -> target for M: the rows without a segment summed, else the per-segment rows summed."""
    t = _non_region(inputs, month)
    rows = t[t["sales_rep"].isna() & t["category"].notna()]
    if rows.empty:
        return {}
    whole = rows[rows["segment"].isna()].groupby("category")["target_amount"].sum()
    by_segment = rows[rows["segment"].notna()].groupby("category")["target_amount"].sum()
    combined = whole.combine_first(by_segment)  # whole-category rows win over per-segment rows
    return {str(k): float(v) for k, v in combined.items()}


def region_targets(inputs: Inputs, month: pd.Period) -> pd.Series:
    """region -> target for M: the sum of the rows of M with that region."""
    t = month_targets(inputs, month)
    return t[t["region"].notna().to_numpy()].groupby("region")["target_amount"].sum()
