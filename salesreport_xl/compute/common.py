"""Small shared pieces of the computation: months, safe ratios, sums in a period."""
from __future__ import annotations

import math

import pandas as pd


def ratio(numerator, denominator) -> float | None:
    """numerator / denominator, or None when the base is zero or missing (undefined is not zero)."""
    if numerator is None or denominator is None:
        return None
    try:
        n, d = float(numerator), float(denominator)
    except (TypeError, ValueError):
        return None
    if math.isnan(n) or math.isnan(d) or d == 0:
        return None
    return n / d


def change(now, base) -> float | None:
    """now / base - 1 (MoM, YoY), or None when the base is zero or missing."""
    r = ratio(now, base)
    return None if r is None else r - 1.0


def month_key(period: pd.Period) -> str:
    return f"{period.year:04d}-{period.month:02d}"


def clean_float(value) -> float | None:
    """A Python float, or None for NaN / None."""
    if value is None:
        return None
    f = float(value)
    return None if math.isnan(f) else f


def clean_text(value) -> str | None:
    """A cell's text, or None for a blank (None, NaN, only spaces): an optional name left blank is
    unknown, never the text "nan" or "None"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None
