"""Profit, when the Sales export has it (an optional `profit` column: Superstore and many ERP exports).

margin = profit / sales, of the same rows (None where sales are 0). Shown next to sales in the headline,
by category, by product and by rep.

A category whose margin fell materially is a problem even when its sales rose: its margin this month is
at least `MARGIN_DROP` (5 points) below its baseline margin (profit ÷ sales over the baseline months,
the same months as the underperformers'), it is reliable and material as an underperformer is
(compute/judge.py: sold in at least 3 of the 4 baseline months in at least 3 order lines a month on
average; mean baseline sales at least the floor), and the profit lost — (baseline margin − margin) ×
sales this month, the money at stake — is itself material. Largest profit lost first.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import ratio
from .judge import at_or_below, baseline_lines, material, reliable
from .model import MarginDrop
from .sales_frame import month_code

MARGIN_DROP = 0.05


def has_profit(inputs: Inputs) -> bool:
    return bool(inputs.has("sales", "profit"))


def margin_drops(inputs: Inputs, month: pd.Period, window, floor: float) -> list[MarginDrop]:
    """Categories whose margin fell materially (see the module docstring)."""
    sales, codes, base = window
    if not has_profit(inputs) or not base or sales.empty:
        return []
    m = month_code(month)
    keys = sales["category"].to_numpy(dtype=object)
    frame = pd.DataFrame({"k": keys, "code": codes, "amount": sales["amount"].to_numpy(dtype="float64"),
                          "profit": sales["profit"].fillna(0.0).to_numpy(dtype="float64")})
    now = frame[frame["code"] == m].groupby("k")[["amount", "profit"]].sum()
    totals = frame[frame["code"] != m].groupby("k")[["amount", "profit"]].sum()
    trusted = reliable(baseline_lines(sales, "category", codes, base, totals.index))
    out = []
    for name in now.index.intersection(totals.index):
        expected = float(totals.at[name, "amount"]) / len(base)
        margin, baseline = ratio(now.at[name, "profit"], now.at[name, "amount"]), ratio(
            totals.at[name, "profit"], totals.at[name, "amount"])
        if not trusted[name] or not material(expected, floor) or margin is None or baseline is None:
            continue
        lost = (baseline - margin) * float(now.at[name, "amount"])
        if at_or_below(margin, baseline - MARGIN_DROP) and material(lost, floor):
            out.append(MarginDrop(category=str(name), sales=float(now.at[name, "amount"]),
                                  profit=float(now.at[name, "profit"]), margin=margin, baseline_margin=baseline,
                                  points=(margin - baseline) * 100, profit_lost=lost))
    out.sort(key=lambda d: (-d.profit_lost, d.category))
    return out


def profit_by(keys, profit: np.ndarray, mask: np.ndarray) -> pd.Series:
    """profit summed per key over the rows where `mask` holds."""
    return pd.Series(profit[mask]).groupby(np.asarray(keys, dtype=object)[mask]).sum()
