"""What the report judges: only items whose expectation is reliable and whose money is material.

A report that flags a $900 product sold once in four months cries wolf; a manager stops reading it. So
every flag (underperformers, big changes, key accounts at risk, stalled deals, and the highlights,
suggestions and follow-ups built on them) passes the same two tests, written here once:

- **reliable**: the item has a target, or it sold in at least `RELIABLE_MONTHS` (3) of the 4 baseline
  months (M − 1, M − 2, M − 3, M − 12; a baseline month outside the sales history counts as not sold),
  in at least `RELIABLE_LINES` (3) order lines a baseline month on average — a product ordered about
  once a month sells nothing one month in three by chance alone (Poisson: e^−1 ≈ 37 %; e^−3 ≈ 5 %);
- **material**: its expected value is at least `materiality` (Settings, default 1 %) of the team's
  sales in M, or of the team's expected sales if that is larger. The team's expected sales are its
  target for M, else the mean of its sales over the baseline months inside the history.

Flags are ranked by the money at stake (the shortfall, the revenue at risk), never by percentage.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .sales_frame import month_code, sales_month_codes

RELIABLE_MONTHS = 3
RELIABLE_LINES = 3
BASELINE_OFFSETS = (1, 2, 3, 12)


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
    from .team import team_target

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
    expected = team_expected(inputs, month) or 0.0
    return float(inputs.settings.materiality) * max(actual, expected, 0.0)


def is_material(value: float | None, floor: float) -> bool:
    """A value of money at stake that is worth a manager's attention (above zero and at least the floor)."""
    return value is not None and value > 0 and value >= floor
