"""Day thresholds from the team's own data, when Settings says `auto`.

- **churn_days = auto** (the template's default): the 80th percentile (`AUTO_SHARE`) of the days
  between a customer's consecutive orders — distinct order dates of one customer, on or before the end
  of M, over all customers — rounded up to a whole day and at least 30 (`MIN_CHURN_DAYS`). A customer
  silent for longer than 80 % of this team's reorder gaps has more likely gone than paused. Without any
  reorder gap the default is 90 days.
- **stalled_days = auto**: the 80th percentile of the days finished stage episodes lasted (Pipeline rows
  with entered_on and left_on, left on or before the end of M), rounded up and at least 14
  (`MIN_STALLED_DAYS`): a deal open longer than 80 % of this pipeline's finished stages is stalled.
  Without finished episodes the default is 30 days.
- A number in Settings is used as it is. When it is below the median of those durations (the team's
  usual reorder gap, the usual time in a stage) it contradicts the data — most customers it calls
  churned are only between two orders — and the note beside the table says so (`contradicts`); the
  Checks sheet's warning for it is validation's (validate/day_settings.py), by the same rule.

The durations and that rule are salesreport_xl/durations.py's, shared with validation.
"""
from __future__ import annotations

import math
import numpy as np
import pandas as pd

from .. import durations
from ..inputs import AUTO, Inputs
from .model import DayRule, Phrase, count, number, percent
from .sales_frame import customer_codes

AUTO_SHARE = 0.80
MIN_CHURN_DAYS, DEFAULT_CHURN_DAYS = 30, 90
MIN_STALLED_DAYS, DEFAULT_STALLED_DAYS = 14, 30


def _percentile_days(found: np.ndarray, minimum: int, default: int) -> DayRule:
    if len(found) == 0:
        return DayRule(default, auto=True, share=AUTO_SHARE)
    # rounded first: 40 + 0.2 × 60 is 52.000000000000007 in floats, and must not become 53
    value = math.ceil(round(float(np.percentile(found, AUTO_SHARE * 100)), 6))
    return DayRule(max(value, minimum), auto=True, share=AUTO_SHARE, observed=len(found),
                   median=durations.median(found))


def _typed(days, found: np.ndarray) -> DayRule:
    return DayRule(int(days), observed=len(found), median=durations.median(found))


def reorder_gaps(inputs: Inputs, month: pd.Period) -> np.ndarray:
    """Days between consecutive distinct order dates of each customer, orders on or before the end of M
    (salesreport_xl/durations.py; once per Sales frame and month, shared with validation)."""
    return durations.sales_reorder_gaps(inputs.sales, month, lambda: customer_codes(inputs)[0])


def usual_reorder_days(inputs: Inputs, month: pd.Period) -> float | None:
    """The team's usual interval between a customer's orders: the median of `reorder_gaps` (None
    without any reorder), as the churn rule holds it."""
    return churn_threshold(inputs, month).median


def churn_threshold(inputs: Inputs, month: pd.Period) -> DayRule:
    """The churn line in days for M (see the module docstring)."""
    days = inputs.settings.churn_days
    gaps = reorder_gaps(inputs, month)   # several sections ask: remembered per Sales frame and month
    if days != AUTO:
        return _typed(days, gaps)
    return _percentile_days(gaps, MIN_CHURN_DAYS, DEFAULT_CHURN_DAYS)


def stalled_threshold(inputs: Inputs, month: pd.Period) -> DayRule:
    """The stalled-deal line in days for M (see the module docstring)."""
    days = inputs.settings.stalled_days
    found = durations.stage_durations(inputs.pipeline, month)
    if days != AUTO:
        return _typed(days, found)
    return _percentile_days(found, MIN_STALLED_DAYS, DEFAULT_STALLED_DAYS)


def contradicts(rule: DayRule) -> bool:
    """A typed threshold below the team's median duration: most of what it flags is ordinary."""
    return not rule.auto and durations.below_median(rule.days, rule.median)


def day_rule_phrase(kind: str, rule: DayRule, noun: str) -> Phrase:
    """How the threshold of `kind` ("churn" / "stalled") was set, and why, for the note beside its table."""
    args = {"days": count(rule.days)}
    if contradicts(rule):
        return Phrase(f"s_rule_{kind}_set_short", {**args, "median": number(rule.median, 0)})
    if not rule.auto:
        return Phrase(f"s_rule_{kind}_set", args)
    if not rule.observed:
        return Phrase(f"s_rule_{kind}_default", args)
    plural = "gaps" if kind == "churn" else "stages"
    return Phrase(f"s_rule_{kind}_auto", {**args, "share": percent(rule.share), plural: count(rule.observed, noun)})
