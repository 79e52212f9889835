"""How good is the forecast? Each method backtested over the last months, and the one used.

Backtest of a method over the 6 months M − 5 … M: for each month t, the forecast of t made from the
sales of the months before t (compute/forecast.py, as if t − 1 were the report month), the actual sales
of t and the error = forecast / actual − 1. A month is listed when the method could forecast it and its
actual is not 0. mape = the mean of |forecast − actual| / |actual| over the listed months.

The methods (run rate × seasonal index, last year × trend, run rate = the 3-month mean) compete when
each of them has all 6 months listed: the one with the lowest mape forecasts M + 1 (ties: in that
order). Otherwise — too short a history to compare — the default rule of compute/forecast.py is used
(run rate × seasonal index, else run rate), backtested the same way.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..inputs import Inputs
from .forecast import (LAST_YEAR_X_TREND, RUN_RATE, RUN_RATE_X_SEASONAL, Forecast, Monthly, default_forecast,
                       forecast_with, monthly_totals)
from .model import BacktestMonth, ForecastAccuracy, Phrase, count, percent
from .sales_frame import code_month_key, month_code

BACKTEST_MONTHS = 6
METHODS = (RUN_RATE_X_SEASONAL, LAST_YEAR_X_TREND, RUN_RATE)
DEFAULT = "default"          # the default rule (seasonal, else run rate): never a named competitor


def backtest(h: Monthly | None, m: int, method: str) -> ForecastAccuracy:
    """`method` (or DEFAULT) backtested over M − 5 … M (see the module docstring)."""
    months = []
    for t in range(m - BACKTEST_MONTHS + 1, m + 1):
        fc = default_forecast(h, t - 1) if method == DEFAULT else forecast_with(h, t - 1, method)
        actual = h.sales_in(t) if h is not None else 0.0
        if fc is None or fc.value is None or actual == 0:
            continue
        months.append(BacktestMonth(month=code_month_key(t), forecast=fc.value, actual=actual,
                                    error=fc.value / actual - 1))
    mape = sum(abs(x.forecast - x.actual) / abs(x.actual) for x in months) / len(months) if months else None
    return ForecastAccuracy(method=method, months=months, mape=mape)


def choose_forecast(inputs: Inputs, month: pd.Period) -> tuple[Forecast, ForecastAccuracy | None,
                                                                list[ForecastAccuracy]]:
    """The forecast of M + 1 by the chosen method, that method's backtest (None without any backtested
    month) and every method's backtest (the competitors, when they compete)."""
    h = monthly_totals(inputs)
    m = month_code(month)
    tested = [backtest(h, m, method) for method in METHODS]
    if all(len(b.months) == BACKTEST_MONTHS for b in tested):
        best = min(tested, key=lambda b: b.mape)          # min keeps the first of equals: METHODS order
        return forecast_with(h, m, best.method), best, tested
    fc = default_forecast(h, m)
    own = replace(backtest(h, m, DEFAULT), method=fc.method)
    return fc, (own if own.months else None), []


def accuracy_phrase(accuracy: ForecastAccuracy | None) -> Phrase | None:
    """"This method was within 8 % on average over the last 6 months" (words by i18n.phrasing)."""
    if accuracy is None or accuracy.mape is None:
        return None
    return Phrase("s_fc_accuracy", {"mape": percent(accuracy.mape), "n": count(len(accuracy.months))})
