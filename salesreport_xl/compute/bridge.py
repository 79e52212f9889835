"""The month's bridge (销售额变动分解): last month's sales to this month's, in steps that add up to the
change exactly.

Each customer with Sales rows in M − 1 or M is one of:
- new: their first order ever is in M — step `new_customers` = their sales in M;
- lost: rows in M − 1, none in M — step `lost_customers` = − their sales in M − 1;
- returning: rows in M, none in M − 1, not new — step `returning_customers` = their sales in M;
- continuing: rows in both months. Their change splits into
  - `returns`: the change in their returns (rows with a negative amount), M against M − 1;
  - the change in their gross sales (rows with a positive amount), split per product, with Q the
    quantity (a line without one counts 0) and P = A / Q the average price:
    `volume` = Σ (Q1 − Q0) · P0 over the products with Q0 > 0, plus the whole change of those without
    (nothing sold by quantity before: no P0), and `price` (price and mix) = the gross change − volume;
    without a quantity column the gross change is one step, `existing`.
So last month + Σ steps = this month, to the cent (price is what is left of the gross change after volume,
the rule of compute/problems.py `volume_price_split`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .model import Bridge, BridgeStep
from .sales_frame import customer_codes, customer_first_orders, month_code, month_codes, sales_month_codes

VOLUME, PRICE, EXISTING = "volume", "price", "existing"
NEW_CUSTOMERS, RETURNING, LOST, RETURNS = "new_customers", "returning_customers", "lost_customers", "returns"


def month_bridge(inputs: Inputs, month: pd.Period) -> Bridge | None:
    """The bridge from M − 1 to M (see the module docstring); None when neither month has sales."""
    m = month_code(month)
    codes = sales_month_codes(inputs)
    mask = (codes == m) | (codes == m - 1)
    if not mask.any():
        return None
    sales = inputs.sales
    cust_all, ids = customer_codes(inputs)
    cust = cust_all[mask]
    now = codes[mask] == m
    amount = sales["amount"].to_numpy(dtype="float64")[mask]
    n = len(ids) + 1
    key = np.where(cust >= 0, cust, len(ids))        # rows without a customer id: one unnamed customer
    rows_now = np.bincount(key[now], minlength=n) > 0
    rows_before = np.bincount(key[~now], minlength=n) > 0
    first = month_codes(pd.Series(customer_first_orders(inputs).reindex(ids).to_numpy()))
    is_new = np.append(first == m, False)

    def total(which: np.ndarray, rows: np.ndarray) -> float:
        return float(amount[rows & which[key]].sum())

    new = is_new & rows_now
    lost = rows_before & ~rows_now
    returning = rows_now & ~rows_before & ~is_new
    both = rows_now & rows_before & ~is_new
    before_total, now_total = float(amount[~now].sum()), float(amount[now].sum())

    on = both[key]
    negative = amount < 0
    returns = float(amount[on & now & negative].sum() - amount[on & ~now & negative].sum())
    others = [BridgeStep(NEW_CUSTOMERS, total(new, now)), BridgeStep(RETURNING, total(returning, now)),
              BridgeStep(LOST, -total(lost, ~now)), BridgeStep(RETURNS, returns)]
    steps = []
    if inputs.has("sales", "quantity") and inputs.has("sales", "product"):
        steps.append(BridgeStep(VOLUME, _volume(sales["product"].to_numpy(dtype=object)[mask], now, amount,
                                                sales["quantity"].to_numpy(dtype="float64")[mask], on & ~negative)))
    # Price (or, without quantities, the whole gross change of continuing customers) is the remainder:
    # equal to gross change − volume, and from + Σ steps is then `to` without float noise.
    rest = now_total - before_total - sum(s.amount for s in steps + others)
    steps.append(BridgeStep(PRICE if steps else EXISTING, rest))
    return Bridge(from_=before_total, to=now_total, steps=steps + others)


def _volume(product: np.ndarray, now: np.ndarray, amount: np.ndarray, quantity: np.ndarray,
            rows: np.ndarray) -> float:
    """Σ over products of (Q1 − Q0) · P0 (the whole change where Q0 ≤ 0), over `rows`."""
    ids, _ = pd.factorize(product[rows])
    k = int(ids.max()) + 1 if len(ids) else 0
    q = np.nan_to_num(quantity[rows])
    when = now[rows]
    a1, a0 = (np.bincount(ids[w], weights=amount[rows][w], minlength=k) for w in (when, ~when))
    q1, q0 = (np.bincount(ids[w], weights=q[w], minlength=k) for w in (when, ~when))
    priced = q0 > 0
    p0 = np.divide(a0, q0, out=np.zeros(k), where=priced)
    return float(np.where(priced, (q1 - q0) * p0, a1 - a0).sum())
