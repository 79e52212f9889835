"""Profit, when the Sales export has it (an optional `profit` column: Superstore and many ERP exports).

margin = profit / sales, of the same rows (None where sales are 0). Shown next to sales in the headline,
by category, by product and by rep.

A category whose margin fell materially is a problem even when its sales rose: its margin this month is
at least `MARGIN_DROP` (5 points) below its baseline margin (profit ÷ sales over the baseline months,
the same months as the underperformers'), and it passes the materiality rule (sold in at least 3 of the
4 baseline months; mean baseline sales at least the floor) and the profit lost — (baseline margin −
margin) × sales this month, the money at stake — is itself at least the floor. Largest profit lost first.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import ratio
from .materiality import RELIABLE_MONTHS
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
    before = frame[frame["code"] != m]
    by_month = before.groupby(["k", "code"])["amount"].sum().unstack(fill_value=0.0).reindex(columns=base,
                                                                                         fill_value=0.0)
    totals = before.groupby("k")[["amount", "profit"]].sum()
    out = []
    for name in now.index.intersection(totals.index):
        sold = int((by_month.loc[name] > 0).sum()) if name in by_month.index else 0
        expected = float(totals.at[name, "amount"]) / len(base)
        margin, baseline = ratio(now.at[name, "profit"], now.at[name, "amount"]), ratio(
            totals.at[name, "profit"], totals.at[name, "amount"])
        if sold < RELIABLE_MONTHS or expected < floor or margin is None or baseline is None:
            continue
        lost = (baseline - margin) * float(now.at[name, "amount"])
        if margin <= baseline - MARGIN_DROP + 1e-9 and lost >= floor and lost > 0:
            out.append(MarginDrop(category=str(name), sales=float(now.at[name, "amount"]),
                                  profit=float(now.at[name, "profit"]), margin=margin, baseline_margin=baseline,
                                  points=(margin - baseline) * 100, profit_lost=lost))
    out.sort(key=lambda d: (-d.profit_lost, d.category))
    return out


def profit_by(keys, profit: np.ndarray, mask: np.ndarray) -> pd.Series:
    """profit summed per key over the rows where `mask` holds."""
    return pd.Series(profit[mask]).groupby(np.asarray(keys, dtype=object)[mask]).sum()
