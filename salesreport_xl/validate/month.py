"""A month as a person writes it, and the report month's rule.

`month_of` is the one reading of a single month — Settings' report_month, `build --month`, `batch
--months` and the library's `parse_month` all go through it, and through the same column parser as the
Targets sheet's Month: 2025-03, 2025/3, 2025.3, 2025.09, 2025年3月, Sep 2025, 2025-9, an Excel date.

The report month must be a month the Sales data covers: one rule for Settings' report_month (an
error at its cell) and for a month asked for on the command line or by a caller (an error without a
cell)."""
from __future__ import annotations

import pandas as pd

from ..errors import ERROR, Finding
from ..i18n import t
from ..inputs import Inputs
from .parse import parse_date


def month_of(value) -> pd.Period | None:
    """The month `value` names (text, an Excel date or serial, a date, a Period), or None."""
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    if value is None:
        return None
    p = parse_date(pd.Series([value], dtype=object), month=True)
    if p.bad.iat[0] or pd.isna(p.values.iat[0]):
        return None
    return p.values.iat[0].to_period("M")


def data_months(inputs: Inputs) -> tuple[pd.Period, pd.Period] | None:
    """The first and last month with a Sales row (None without any dated sales)."""
    dates = inputs.sales["order_date"].dropna()
    if dates.empty:
        return None
    return dates.min().to_period("M"), dates.max().to_period("M")


def month_outside_data(inputs: Inputs, month: pd.Period, sheet: str = "", cell: str = "") -> Finding | None:
    """An error finding when `month` lies outside the months the Sales data covers; None when it is
    inside (a month inside without sales builds: the Summary says there were none) or when there is no
    sales data to compare with (the Sales sheet's own findings say so)."""
    covered = data_months(inputs)
    if covered is None or covered[0] <= month <= covered[1]:
        return None
    kw = {"month": str(month), "first": str(covered[0]), "last": str(covered[1])}
    return Finding(ERROR, sheet, cell, t("en", "f_month_outside_data", **kw), t("zh", "f_month_outside_data", **kw),
                   "month_outside_data")
