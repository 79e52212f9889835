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
  churned are only between two orders — and the note beside the table says so (`contradicts`).
"""
from __future__ import annotations

import math
import numpy as np
import pandas as pd

from ..inputs import AUTO, Inputs
from .model import DayRule, Phrase, count, number, percent
from .sales_frame import customer_codes, memo_by_frame, month_last_day

AUTO_SHARE = 0.80
MIN_CHURN_DAYS, DEFAULT_CHURN_DAYS = 30, 90
MIN_STALLED_DAYS, DEFAULT_STALLED_DAYS = 14, 30


def _median(durations: np.ndarray) -> float | None:
    return float(np.median(durations)) if len(durations) else None


def _percentile_days(durations: np.ndarray, minimum: int, default: int) -> DayRule:
    if len(durations) == 0:
        return DayRule(default, auto=True, share=AUTO_SHARE)
    # rounded first: 40 + 0.2 × 60 is 52.000000000000007 in floats, and must not become 53
    value = math.ceil(round(float(np.percentile(durations, AUTO_SHARE * 100)), 6))
    return DayRule(max(value, minimum), auto=True, share=AUTO_SHARE, observed=len(durations),
                   median=_median(durations))


def _typed(days, durations: np.ndarray) -> DayRule:
    return DayRule(int(days), observed=len(durations), median=_median(durations))


def reorder_gaps(inputs: Inputs, month: pd.Period) -> np.ndarray:
    """Days between consecutive distinct order dates of each customer, orders on or before the end of M."""
    codes, _ = customer_codes(inputs)
    dates = inputs.sales["order_date"].to_numpy(dtype="datetime64[D]")
    keep = (codes >= 0) & ~np.isnat(dates) & (dates <= np.datetime64(month_last_day(month).date(), "D"))
    pairs = pd.DataFrame({"c": codes[keep], "d": dates[keep]}).drop_duplicates().sort_values(["c", "d"])
    c, d = pairs["c"].to_numpy(), pairs["d"].to_numpy()
    same = c[1:] == c[:-1]
    return ((d[1:] - d[:-1])[same] / np.timedelta64(1, "D")).astype("int64")


def churn_threshold(inputs: Inputs, month: pd.Period) -> DayRule:
    """The churn line in days for M (see the module docstring)."""
    days = inputs.settings.churn_days
    # Several sections ask; the gaps cost a sort of the order dates, so once per Sales frame and month.
    gaps = memo_by_frame(f"reorder_gaps:{month}", inputs.sales, lambda: reorder_gaps(inputs, month))
    if days != AUTO:
        return _typed(days, gaps)
    return _percentile_days(gaps, MIN_CHURN_DAYS, DEFAULT_CHURN_DAYS)


def stalled_threshold(inputs: Inputs, month: pd.Period) -> DayRule:
    """The stalled-deal line in days for M (see the module docstring)."""
    days = inputs.settings.stalled_days
    p = inputs.pipeline
    done = p["entered_on"].notna() & p["left_on"].notna() & (p["left_on"] <= month_last_day(month))
    durations = (p.loc[done, "left_on"] - p.loc[done, "entered_on"]).dt.days.to_numpy(dtype="float64")
    durations = durations[durations >= 0]
    if days != AUTO:
        return _typed(days, durations)
    return _percentile_days(durations, MIN_STALLED_DAYS, DEFAULT_STALLED_DAYS)


def contradicts(rule: DayRule) -> bool:
    """A typed threshold below the team's median duration: most of what it flags is ordinary."""
    return not rule.auto and rule.median is not None and rule.days < rule.median


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
