"""What the report judges: only items whose expectation is reliable and whose money is material.

A report that flags a $900 product sold once in four months cries wolf; a manager stops reading it. So
every flag (underperformers, big changes, key accounts at risk, stalled deals, margin drops, and the
highlights, suggestions and follow-ups built on them) passes the same two tests, written here once:

- **reliable**: the item has a target, or it sold in at least `RELIABLE_MONTHS` (3) of the 4 baseline
  months (M − 1, M − 2, M − 3, M − 12; a baseline month outside the sales history counts as not sold),
  in at least `RELIABLE_LINES` (3) order lines a baseline month on average — a product ordered about
  once a month sells nothing one month in three by chance alone (Poisson: e^−1 ≈ 37 %; e^−3 ≈ 5 %);
- **material**: its expected value is at least `materiality` (Settings, default 1 %) of the team's
  sales in M, or of the team's expected sales if that is larger. The team's expected sales are its
  target for M, else the mean of its sales over the baseline months inside the history.

Flags are ranked by the money at stake (the shortfall, the revenue at risk), never by percentage.

An item named inside another — a customer who bought less of an underperformer (its likely reasons), an
A-class customer below their usual — is named by the same two tests, on its own figures
(`worth_naming`): they bought in at least 3 of the baseline months (of that item, or at all), and their
shortfall against their usual (the mean of the baseline months) is material — at least the floor, or
within an item's shortfall at least a tenth of it. A customer who bought ¥50 less of a ¥18万 shortfall,
or who ordered once in four months and not this month, explains nothing.

Every comparison of a ratio with a threshold ("at or below −10 %", "a change of 20 % or more") goes
through `at_or_below` / `at_or_above`, which count a value exactly at the threshold in spite of float
noise (90 / 100 − 1 = −0.09999999999999998); `TOLERANCE` is that allowance. Only this module compares
with the materiality floor.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .sales_frame import month_code, sales_month_codes
from .targets import team_target

RELIABLE_MONTHS = 3
RELIABLE_LINES = 3
BASELINE_OFFSETS = (1, 2, 3, 12)
TOLERANCE = 1e-9
SHARE_OF_WHOLE = 0.10        # a customer's drop worth naming within an item's shortfall (worth_naming)
COLLAPSE = 0.80              # four fifths of a base gone: a collapse, whatever the row's month-to-month spread


# ------------------------------------------------------------------------------------ thresholds
def at_or_below(value, limit):
    """value ≤ limit, a value at the limit counted in spite of float noise (scalars or arrays)."""
    return value <= limit + TOLERANCE


def at_or_above(value, limit):
    """value ≥ limit, a value at the limit counted in spite of float noise (scalars or arrays)."""
    return value >= limit - TOLERANCE


# ------------------------------------------------------------------------------------ material
def material(value, floor: float) -> bool:
    """Money at stake worth a manager's attention: known (not None / NaN), above zero, at least the floor."""
    if value is None:
        return False
    v = float(value)
    return not math.isnan(v) and v > 0 and v >= floor


def material_mask(values, floor: float) -> np.ndarray:
    """`material` of each value (NaN is not material)."""
    v = np.asarray(values, dtype="float64")
    return (v > 0) & (v >= floor)


def collapsed(now: float, base: float | None, floor: float) -> bool:
    """Whether `now` is a collapse from `base`: at least COLLAPSE of a material base gone, the drop
    itself material. A row that falls to nothing from a material base is news even when its months are
    lumpy (not `reliable`): no order timing empties a region."""
    if base is None or not material(base, floor) or not material(base - now, floor):
        return False
    return bool(at_or_below(now, (1 - COLLAPSE) * base))


def baseline_codes(inputs: Inputs, month: pd.Period) -> list[int]:
    """Month codes of the baseline months inside the sales history (M-1, M-2, M-3, M-12)."""
    codes = sales_month_codes(inputs)
    if len(codes) == 0:
        return []
    first = int(codes.min())
    m = month_code(month)
    return [m - k for k in BASELINE_OFFSETS if m - k >= first]


def team_expected(inputs: Inputs, month: pd.Period) -> float | None:
    """The team's expected sales in M: its target, else its mean over the baseline months."""
    target = team_target(inputs, month)
    if target is not None:
        return target
    base = baseline_codes(inputs, month)
    if not base:
        return None
    codes = sales_month_codes(inputs)
    amount = inputs.sales["amount"].to_numpy(dtype="float64")
    return float(amount[np.isin(codes, base)].sum()) / len(base)


def materiality_floor(inputs: Inputs, month: pd.Period) -> float:
    """The smallest expected value that is material in M: `materiality` × the larger of the team's
    sales in M and its expected sales."""
    codes = sales_month_codes(inputs)
    actual = float(inputs.sales["amount"].to_numpy(dtype="float64")[codes == month_code(month)].sum())
    return floor_of(inputs.settings.materiality, actual, team_expected(inputs, month))


def floor_of(materiality: float, team_sales: float, team_expected: float | None) -> float:
    """`materiality` × the larger of the team's sales in M and its expected sales (never below 0)."""
    return float(materiality) * max(team_sales, team_expected or 0.0, 0.0)


# ------------------------------------------------------------------------------------ reliable
def reliable(lines: pd.DataFrame) -> pd.Series:
    """Per item (the rows of `lines`: order lines per baseline month, one column a baseline month):
    sold in at least RELIABLE_MONTHS of them, in at least RELIABLE_LINES lines a baseline month on
    average. An item with a target is reliable whatever this says (the caller adds it)."""
    if lines.shape[1] == 0:
        return pd.Series(False, index=lines.index)
    return ((lines > 0).sum(axis=1) >= RELIABLE_MONTHS) & (lines.sum(axis=1) / lines.shape[1] >= RELIABLE_LINES)


def baseline_lines(window: pd.DataFrame, key: str, codes: np.ndarray, base: list[int],
                   names: pd.Index) -> pd.DataFrame:
    """Order lines per item (`window[key]`, reindexed to `names`) and baseline month (columns `base`)."""
    return lines_by([window[key].to_numpy()], codes, base).reindex(index=names, fill_value=0)


def lines_by(keys: list[np.ndarray], codes: np.ndarray, base: list[int]) -> pd.DataFrame:
    """Order lines per item and baseline month (columns `base`); the item is the tuple of `keys` (arrays
    aligned with `codes`: one for a product, two for a customer's lines of a product). Items without a
    line in a baseline month are absent."""
    in_base = np.isin(codes, base)
    if not base or not in_base.any():
        return pd.DataFrame(0, index=pd.Index([], dtype=object), columns=base)
    return (pd.Series(1, index=np.arange(int(in_base.sum()))).groupby([k[in_base] for k in keys] + [codes[in_base]])
            .sum().unstack(fill_value=0).reindex(columns=base, fill_value=0))


def worth_naming(shortfall: pd.Series, lines: pd.DataFrame, floor: float, whole=None) -> np.ndarray:
    """Which customers (the index of `shortfall`: usual − this month) may be named as one who bought
    less: their buying regular — in at least RELIABLE_MONTHS of the baseline months (one buyer orders
    an item about once a month: the lines test of a whole item does not apply to them) — and their
    shortfall material: at least the floor or, named within an item whose own shortfall is `whole`
    (aligned with `shortfall`), at least SHARE_OF_WHOLE of that: the buyers who explain a tenth of a
    shortfall are its explanation, even when no single one of them reaches the team's floor."""
    if lines.empty or lines.shape[1] == 0:     # no baseline line at all: nobody is a regular buyer
        return np.zeros(len(shortfall), dtype=bool)
    regular = ((lines > 0).sum(axis=1) >= RELIABLE_MONTHS).reindex(shortfall.index, fill_value=False)
    drop = shortfall.to_numpy(dtype="float64")
    enough = material_mask(drop, floor)
    if whole is not None:
        part = np.asarray(whole, dtype="float64")
        enough |= (drop > 0) & (part > 0) & at_or_above(drop, SHARE_OF_WHOLE * part)
    return enough & regular.to_numpy(dtype=bool)
