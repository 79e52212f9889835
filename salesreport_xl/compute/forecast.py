"""The forecast of next month's sales and the method it used.

Forecast of M + 1 (only sales dated on or before the end of M are used, so a past month's report does
not peek at later data):
- run rate = mean monthly sales of M − 2 … M (the months of those inside the sales history; a month
  inside the history without sales counts as 0);
- seasonal index = sales in M − 11 (M + 1 a year earlier) ÷ mean sales of M − 14 … M − 12 (the 3 months
  before it, a year earlier) — needs the history to start in M − 14 or earlier and that mean to be > 0;
- forecast = run rate × seasonal index (method `run_rate_x_seasonal`), else run rate alone (method
  `run_rate`), or none (method `none`, no forecast value) when there are no sales on or before M.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .sales_frame import code_month_key, month_code, sales_month_codes

RUN_RATE_MONTHS = 3

RUN_RATE_X_SEASONAL, RUN_RATE, NO_FORECAST = "run_rate_x_seasonal", "run_rate", "none"


@dataclass(frozen=True)
class Forecast:
    value: float | None
    method: str
    run_rate: float | None = None
    run_rate_months: tuple[str, ...] = ()
    seasonal_index: float | None = None
    seasonal_month: str = ""                 # M + 1 a year earlier
    seasonal_base_months: tuple[str, ...] = ()


def forecast_next_month(inputs: Inputs, month: pd.Period) -> Forecast:
    """Forecast of sales in M + 1 (see the module docstring for the method)."""
    sales = inputs.sales
    m = month_code(month)
    codes = sales_month_codes(inputs)
    upto = codes <= m
    if not upto.any():
        return Forecast(None, NO_FORECAST)
    monthly = sales.loc[upto, "amount"].groupby(codes[upto]).sum()
    first = int(codes[upto].min())

    def sales_in(code: int) -> float:
        return float(monthly.get(code, 0.0))

    recent = [c for c in range(m - RUN_RATE_MONTHS + 1, m + 1) if c >= first]
    run_rate = float(np.mean([sales_in(c) for c in recent]))
    keys = tuple(code_month_key(c) for c in recent)

    base = list(range(m - 14, m - 11))
    if first <= base[0]:
        base_mean = float(np.mean([sales_in(c) for c in base]))
        if base_mean > 0:
            index = sales_in(m - 11) / base_mean
            return Forecast(run_rate * index, RUN_RATE_X_SEASONAL, run_rate, keys, index,
                            code_month_key(m - 11), tuple(code_month_key(c) for c in base))
    return Forecast(run_rate, RUN_RATE, run_rate, keys)
