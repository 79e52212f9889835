"""How long things take in the team's own data: the durations the day settings are judged against.

- reorder gaps: the days between consecutive distinct order dates of one customer, orders on or before
  the end of M (rows without a customer or a date left out);
- stage durations: the days finished stage episodes lasted (Pipeline rows with entered_on and left_on,
  left on or before the end of M; a negative span, an entry error, left out).

A typed churn_days / stalled_days below the median of its durations contradicts the data: most of the
customers it calls churned are only between two orders, most of the deals it calls stalled are on time
(`below_median`). One rule for the two stages that use it — compute (compute/thresholds.py: the auto
thresholds, the note beside the tables) and validation (validate/day_settings.py: the warning on the
Checks sheet) — so it sits below both.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from .frame_memo import memo_by_frame


def month_end(month: pd.Period) -> pd.Timestamp:
    """The last day of the month (midnight), the day "the end of M" is measured at."""
    return month.end_time.normalize()


def reorder_gaps(customer_codes: np.ndarray, order_dates: pd.Series, month: pd.Period) -> np.ndarray:
    """Days between consecutive distinct order dates of each customer (`customer_codes`: an integer per
    Sales row, -1 where blank), orders on or before the end of M."""
    dates = order_dates.to_numpy(dtype="datetime64[D]")
    keep = (customer_codes >= 0) & ~np.isnat(dates) & (dates <= np.datetime64(month_end(month).date(), "D"))
    pairs = pd.DataFrame({"c": customer_codes[keep], "d": dates[keep]}).drop_duplicates().sort_values(["c", "d"])
    c, d = pairs["c"].to_numpy(), pairs["d"].to_numpy()
    same = c[1:] == c[:-1]
    return ((d[1:] - d[:-1])[same] / np.timedelta64(1, "D")).astype("int64")


def sales_reorder_gaps(sales: pd.DataFrame, month: pd.Period,
                       customer_codes: Callable[[], np.ndarray] | None = None) -> np.ndarray:
    """`reorder_gaps` of a Sales frame, once per frame and month (validation asks when a churn_days is
    typed, compute's thresholds after). `customer_codes` gives the codes where they are at hand already;
    else the customer ids are factorised here."""
    def build() -> np.ndarray:
        codes = (customer_codes() if customer_codes is not None
                 else pd.factorize(sales["customer_id"].to_numpy(dtype=object))[0])
        return reorder_gaps(codes, sales["order_date"], month)

    return memo_by_frame(f"reorder_gaps:{month}", sales, build)


def stage_durations(pipeline: pd.DataFrame, month: pd.Period) -> np.ndarray:
    """Days of each finished stage episode, left on or before the end of M."""
    done = pipeline["entered_on"].notna() & pipeline["left_on"].notna() & (pipeline["left_on"] <= month_end(month))
    days = (pipeline.loc[done, "left_on"] - pipeline.loc[done, "entered_on"]).dt.days.to_numpy(dtype="float64")
    return days[days >= 0]


def median(durations: np.ndarray) -> float | None:
    return float(np.median(durations)) if len(durations) else None


def below_median(days: int, usual: float | None) -> bool:
    """A typed threshold below the usual (median) duration: most of what it flags is ordinary."""
    return usual is not None and days < usual
