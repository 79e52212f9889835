"""The forecast of next month's sales and the method it used.

Forecast of M + 1 (only sales dated on or before the end of M are used, so a past month's report does
not peek at later data):
- run rate = mean monthly sales of M − 2 … M (the months of those inside the sales history; a month
  inside the history without sales counts as 0);
- seasonal index = sales in M − 11 (M + 1 a year earlier) ÷ mean sales of M − 14 … M − 12 (the 3 months
  before it, a year earlier) — needs the history to start in M − 14 or earlier and that mean to be > 0;
- forecast = run rate × seasonal index (method `run_rate_x_seasonal`), else run rate alone (method
  `run_rate`), or none (method `none`, no forecast value) when there are no sales on or before M.
- the alternative compared with it by the backtest (compute/forecast_accuracy.py): last year × trend
  (method `last_year_x_trend`) = sales in M − 11 × trend, trend = sales of M − 5 … M ÷ sales of
  M − 17 … M − 12 (the last 6 months against the same 6 a year earlier) — needs the history to start
  in M − 17 or earlier and that sum to be > 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .sales_frame import code_month_key, month_code, sales_month_codes

RUN_RATE_MONTHS = 3
TREND_MONTHS = 6          # last year × trend: the last 6 months against the same 6 a year earlier

RUN_RATE_X_SEASONAL, RUN_RATE, NO_FORECAST = "run_rate_x_seasonal", "run_rate", "none"
LAST_YEAR_X_TREND = "last_year_x_trend"


@dataclass(frozen=True)
class Forecast:
    value: float | None
    method: str
    run_rate: float | None = None
    run_rate_months: tuple[str, ...] = ()
    seasonal_index: float | None = None      # the seasonal index, or the trend (last_year_x_trend)
    seasonal_month: str = ""                 # M + 1 a year earlier
    seasonal_base_months: tuple[str, ...] = ()


@dataclass(frozen=True)
class Monthly:
    """Sales per month from the first month of history (`first`, a month code) on: totals[i] is the
    month first + i. Built once, so a forecast (and the backtest's dozens of them) is array lookups."""

    first: int
    totals: np.ndarray

    def sales_in(self, code: int) -> float:
        i = code - self.first
        return float(self.totals[i]) if 0 <= i < len(self.totals) else 0.0


def monthly_totals(inputs: Inputs) -> Monthly | None:
    """Monthly sales totals of the whole history (None without sales)."""
    codes = sales_month_codes(inputs)
    if len(codes) == 0:
        return None
    first = int(codes.min())
    # bincount indexes with the platform's intp: month codes are int64, and 32-bit numpy (Pyodide,
    # xlwings Lite) refuses to cast them down implicitly.
    totals = np.bincount((codes - first).astype(np.intp),
                         weights=inputs.sales["amount"].to_numpy(dtype="float64"))
    return Monthly(first, totals)


def _run_rate(h: Monthly, m: int) -> Forecast:
    recent = [c for c in range(m - RUN_RATE_MONTHS + 1, m + 1) if c >= h.first]
    rate = float(np.mean([h.sales_in(c) for c in recent]))
    return Forecast(rate, RUN_RATE, rate, tuple(code_month_key(c) for c in recent))


def forecast_with(h: Monthly | None, m: int, method: str) -> Forecast | None:
    """The forecast of month m + 1 by one method from the sales of months up to m; None where the
    method cannot make one (no history on or before m, or too short a history for it)."""
    if h is None or m < h.first:
        return None
    run = _run_rate(h, m)
    if method == RUN_RATE:
        return run
    if method == RUN_RATE_X_SEASONAL:
        base = list(range(m - 14, m - 11))
        if h.first > base[0]:
            return None
        base_mean = float(np.mean([h.sales_in(c) for c in base]))
        if not base_mean > 0:
            return None
        index = h.sales_in(m - 11) / base_mean
        return Forecast(run.value * index, RUN_RATE_X_SEASONAL, run.value, run.run_rate_months, index,
                        code_month_key(m - 11), tuple(code_month_key(c) for c in base))
    if method == LAST_YEAR_X_TREND:
        recent, base = list(range(m - TREND_MONTHS + 1, m + 1)), list(range(m - 11 - TREND_MONTHS, m - 11))
        if h.first > base[0]:
            return None
        base_sum = float(sum(h.sales_in(c) for c in base))
        if not base_sum > 0:
            return None
        trend = sum(h.sales_in(c) for c in recent) / base_sum
        return Forecast(h.sales_in(m - 11) * trend, LAST_YEAR_X_TREND, run.value,
                        tuple(code_month_key(c) for c in recent), trend,
                        code_month_key(m - 11), tuple(code_month_key(c) for c in base))
    raise ValueError(method)


def default_forecast(h: Monthly | None, m: int) -> Forecast:
    """Run rate × seasonal index, else run rate, else none (the module docstring's rule)."""
    found = forecast_with(h, m, RUN_RATE_X_SEASONAL) or forecast_with(h, m, RUN_RATE)
    return found if found is not None else Forecast(None, NO_FORECAST)


def forecast_next_month(inputs: Inputs, month: pd.Period) -> Forecast:
    """Forecast of sales in M + 1 by the default method (see the module docstring)."""
    return default_forecast(monthly_totals(inputs), month_code(month))
