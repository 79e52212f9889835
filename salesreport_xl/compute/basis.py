"""The month basis: what every section of one report stands on, built once and handed to each.

Built by `month_basis(inputs, month)` at the start of `compute_report` (a section called on its own
with a month builds it for that month), and never changed after (frozen):

- the month, its code and the first month of the sales history;
- the baseline months (M − 1, M − 2, M − 3, M − 12 inside the history) and the window of Sales rows of
  M and those months, with their month codes;
- the team's sales in M, its expected sales and the materiality floor (compute/judge.py);
- the Targets of M by level — team, reps, segments, categories, regions — by one filter rule
  (compute/targets.py), the team's target of M + 1 and of each of the 13 months to M (page 1's trend);
- product → category (the latest line on or before the end of M that has one);
- the season and whether it makes last year's month M's comparison instead of last month
  (compute/season.py);
- the pipeline's stage order; the churn and stalled-deal day rules (compute/thresholds.py);
- the per-customer tables: each customer's first Sales row and its Customers attributes.

Every section reads these from the basis, so two sections can no longer disagree about them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .judge import baseline_codes, floor_of, team_expected
from .model import DayRule, Season
from .sales_frame import (customer_attributes, first_order_rows, month_code, product_categories,
                          sales_month_codes)
from .season import page_season
from .stages import stage_order
from .targets import category_targets, region_targets, rep_targets, segment_targets, team_target
from .thresholds import churn_threshold, stalled_threshold

TREND_MONTHS = 13          # page 1's tiles show the 13 months to M


@dataclass(frozen=True)
class MonthTargets:
    """The Targets of one month by level (compute/targets.py)."""

    team: float | None
    reps: pd.Series          # sales_rep -> target
    segments: pd.Series      # segment -> target
    categories: dict         # category -> target
    regions: pd.Series       # region -> target


@dataclass(frozen=True)
class MonthBasis:
    month: pd.Period
    code: int                          # month code of M (compute/sales_frame.py)
    first_code: int | None             # month code of the first month with sales; None without sales
    baseline: tuple[int, ...]          # baseline month codes inside the history
    window: pd.DataFrame               # Sales rows of M and the baseline months
    window_codes: np.ndarray           # their month codes
    team_sales: float                  # the team's sales in M
    team_expected: float | None        # its target for M, else its baseline mean
    floor: float                       # the materiality floor in money (compute/judge.py)
    targets: MonthTargets
    next_team_target: float | None     # the team's target for M + 1
    team_target_trend: tuple[float | None, ...]   # the team's targets of M − 12 .. M (oldest first)
    product_categories: pd.Series      # product -> category
    season: Season | None              # the season page 1 says (compute/season.py)
    against_last_year: bool            # the season moves M: compare with last year's month, not last month
    stage_order: tuple[str, ...]
    churn_rule: DayRule
    stalled_rule: DayRule
    first_orders: pd.DataFrame         # per customer: first Sales row (order_date, sales_rep)
    customers: pd.DataFrame            # per customer: the Customers sheet's attributes

    @property
    def sales_window(self) -> tuple[pd.DataFrame, np.ndarray, list[int]]:
        """(rows, month codes, baseline codes) of the window, as the problem analyses take it."""
        return self.window, self.window_codes, list(self.baseline)


def month_targets_by_level(inputs: Inputs, month: pd.Period) -> MonthTargets:
    return MonthTargets(team=team_target(inputs, month), reps=rep_targets(inputs, month),
                        segments=segment_targets(inputs, month), categories=category_targets(inputs, month),
                        regions=region_targets(inputs, month))


def month_basis(inputs: Inputs, month: pd.Period) -> MonthBasis:
    """The basis of the report for `month` (see the module docstring)."""
    codes = sales_month_codes(inputs)
    m = month_code(month)
    base = baseline_codes(inputs, month)
    in_window = np.isin(codes, [m, *base])
    amount = inputs.sales["amount"].to_numpy(dtype="float64")
    team_sales, expected = float(amount[codes == m].sum()), team_expected(inputs, month)
    first = int(codes.min()) if len(codes) else None
    found, against_last_year = page_season(pd.Series(amount).groupby(codes).sum(), m, first)
    return MonthBasis(
        month=month, code=m, first_code=first, baseline=tuple(base),
        window=inputs.sales.loc[in_window], window_codes=codes[in_window],
        team_sales=team_sales, team_expected=expected,
        floor=floor_of(inputs.settings.materiality, team_sales, expected),
        targets=month_targets_by_level(inputs, month), next_team_target=team_target(inputs, month + 1),
        team_target_trend=tuple(team_target(inputs, month - k) for k in range(TREND_MONTHS - 1, -1, -1)),
        product_categories=product_categories(inputs, month),
        season=found, against_last_year=against_last_year,
        stage_order=tuple(stage_order(inputs.pipeline)) if not inputs.pipeline.empty else (),
        churn_rule=churn_threshold(inputs, month), stalled_rule=stalled_threshold(inputs, month),
        first_orders=first_order_rows(inputs), customers=customer_attributes(inputs),
    )


def as_basis(inputs: Inputs, month_or_basis) -> MonthBasis:
    """The basis given, or the one of the month given (a section called on its own)."""
    if isinstance(month_or_basis, MonthBasis):
        return month_or_basis
    return month_basis(inputs, month_or_basis)
