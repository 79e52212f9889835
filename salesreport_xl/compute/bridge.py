"""The bridges of the month (销售额变动分解): from a base to this month's sales, in steps that add up to
the difference exactly. Three bases: last month (`month_bridge`), the same month last year
(`year_bridge`) and the team's target (`target_bridge`).

From last month or last year's month (base B, this month M) the change is told twice, each adding up:

What was sold — over every Sales line of B and M, whoever bought it:
- `returns`: the change in returns (lines with a negative amount), M against B;
- the change in gross sales (lines with a positive amount), split per product, with Q the quantity (a
  line without one counts 0) and P = A / Q the average price:
  `volume` = Σ (Q1 − Q0) · P0 over the products with Q0 > 0, plus the whole change of those without
  (nothing sold by quantity before: no P0, e.g. a new product), and `price` (price and mix) = the gross
  change − volume (the rule of compute/problems.py's volume / price split). So when units rise the
  volume step rises, whatever the customers who bought in both months did.
  Without a quantity column there is no such split: the bridge's steps are then the customers' below.

Who bought (`by_customer`) — each customer with Sales lines in B or M is one of:
- `new_customers`: their first order ever is in M — their sales in M;
- `returning_customers`: lines in M, none in B, not new — their sales in M;
- `not_ordering`: lines in B, none in M — minus their sales in B. In a business whose customers reorder
  every few months most of them are between orders, not lost: the bridge carries the team's usual
  reorder interval (`reorder_days`, the median of compute/thresholds.py `reorder_gaps`) to say so;
- `both_months`: lines in both — their change (returns included).
Each step carries how many customers it holds. Of `not_ordering`, the customers the Customers sheet marks
Churned in M are named (`churned`, largest first): those are lost, not between orders.

From the target: the team's target (compute/targets.py `team_target`, from the month basis) to this
month's sales, through the parts that have their own targets — the reps' (else the categories') — each part's
actual − its target, then the sales outside those parts (lines of a rep or category without a target),
then `target_beyond_parts` = Σ parts' targets − the team's target (the team's target above, or below,
what its parts were given). Target + Σ steps = this month's sales.

So base + Σ steps = this month, to the cent: the last step of each split is the remainder.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .model import Bridge, BridgeChurn, BridgeStep
from .sales_frame import (NO_VALUE, customer_codes, customer_first_orders, customer_names, month_code,
                          month_codes, sales_month_codes)
from .basis import MonthBasis, as_basis
from .customers import marked_churn
from .thresholds import usual_reorder_days

VOLUME, PRICE, RETURNS = "volume", "price", "returns"
NEW_CUSTOMERS, RETURNING, NOT_ORDERING, BOTH_MONTHS = (
    "new_customers", "returning_customers", "not_ordering", "both_months")
REP, CATEGORY, OUTSIDE_TARGETS, TARGET_BEYOND = "rep", "category", "outside_targets", "target_beyond_parts"
MONTH, YEAR, TARGET = "month", "year", "target"


def month_bridge(inputs: Inputs, basis: MonthBasis | pd.Period) -> Bridge | None:
    """Last month's sales to this month's (see the module docstring); None when neither has sales."""
    b = as_basis(inputs, basis)
    return _bridge(inputs, b, b.code - 1, MONTH)


def year_bridge(inputs: Inputs, basis: MonthBasis | pd.Period) -> Bridge | None:
    """The same month last year to this month; None when last year's month is before the sales history
    (its sales are not known, not 0) or neither month has sales."""
    b = as_basis(inputs, basis)
    codes = sales_month_codes(inputs)
    if not len(codes) or int(codes.min()) > b.code - 12:
        return None
    return _bridge(inputs, b, b.code - 12, YEAR)


def _bridge(inputs: Inputs, b: MonthBasis, base: int, kind: str) -> Bridge | None:
    month, m = b.month, b.code
    codes = sales_month_codes(inputs)
    mask = (codes == m) | (codes == base)
    if not mask.any():
        return None
    sales = inputs.sales
    now = codes[mask] == m
    amount = sales["amount"].to_numpy(dtype="float64")[mask]
    before_total, now_total = float(amount[~now].sum()), float(amount[now].sum())
    who, churned = _by_customer(inputs, b, mask, now, amount, now_total - before_total)
    reorder = usual_reorder_days(inputs, month)
    # Volume and price need units of a product: without quantities or products (a deal export) the
    # bridge is by customer only.
    if not (inputs.has("sales", "quantity") and inputs.has("sales", "product")):
        return Bridge(from_=before_total, to=now_total, steps=who, kind=kind, reorder_days=reorder,
                      churned=churned)
    negative = amount < 0
    returns = float(amount[now & negative].sum() - amount[~now & negative].sum())
    volume = _volume(sales["product"].to_numpy(dtype=object)[mask], now, amount,
                     sales["quantity"].to_numpy(dtype="float64")[mask], ~negative)
    # Price is the remainder: gross change − volume, so from + Σ steps is `to` without float noise.
    price = now_total - before_total - volume - returns
    steps = [BridgeStep(VOLUME, volume), BridgeStep(PRICE, price), BridgeStep(RETURNS, returns)]
    return Bridge(from_=before_total, to=now_total, steps=steps, kind=kind, by_customer=who, reorder_days=reorder,
                  churned=churned)


def _by_customer(inputs: Inputs, b: MonthBasis, mask: np.ndarray, now: np.ndarray, amount: np.ndarray,
                 change: float) -> tuple[list[BridgeStep], list[BridgeChurn]]:
    """The change by who bought (see the module docstring; the last step is the remainder), and the
    customers not ordering that are marked churned in M."""
    m = b.code
    cust_all, ids = customer_codes(inputs)
    n = len(ids) + 1
    key = np.where(cust_all[mask] >= 0, cust_all[mask], len(ids))   # no customer id: one unnamed customer
    rows_now = np.bincount(key[now], minlength=n) > 0
    rows_before = np.bincount(key[~now], minlength=n) > 0
    first = month_codes(pd.Series(customer_first_orders(inputs).reindex(ids).to_numpy()))
    is_new = np.append(first == m, False) & rows_now
    returning = rows_now & ~rows_before & ~is_new
    gone = rows_before & ~rows_now
    both = rows_now & rows_before & ~is_new

    def total(which: np.ndarray, when: np.ndarray) -> float:
        return float(amount[when & which[key]].sum())

    new_amount, returning_amount, gone_amount = total(is_new, now), total(returning, now), -total(gone, ~now)
    steps = [BridgeStep(NEW_CUSTOMERS, new_amount, count=int(is_new.sum())),
             BridgeStep(RETURNING, returning_amount, count=int(returning.sum())),
             BridgeStep(NOT_ORDERING, gone_amount, count=int(gone.sum())),
             BridgeStep(BOTH_MONTHS, change - new_amount - returning_amount - gone_amount, count=int(both.sum()))]
    if not inputs.has("customers", "status"):
        return steps, []
    marked = marked_churn(inputs, b)
    lost = marked[marked.index.isin(ids[gone[:len(ids)]])]
    if lost.empty:
        return steps, []
    before = np.bincount(key[~now], weights=amount[~now], minlength=n)
    names = customer_names(inputs, lost.index).reindex(lost.index)
    churned = [BridgeChurn(str(cid), "" if pd.isna(name) else str(name), "" if pd.isna(reason) else str(reason),
                           -float(before[ids.get_loc(cid)]))
               for cid, name, reason in zip(lost.index, names, lost["churn_reason"])]
    return steps, sorted(churned, key=lambda c: (c.amount, c.customer_id))


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


# ------------------------------------------------------------------------------------ target bridge
def target_bridge(inputs: Inputs, basis: MonthBasis | pd.Period) -> Bridge | None:
    """The team's target to this month's sales (see the module docstring); None without a team target.
    The targets are the month basis's (compute/basis.py), filtered once for every section."""
    b = as_basis(inputs, basis)
    target = b.targets.team
    if target is None:
        return None
    m = b.code
    rows = inputs.sales.loc[sales_month_codes(inputs) == m]
    actual = float(rows["amount"].sum())
    parts, kind = b.targets.reps, REP
    if parts.empty:
        parts, kind = pd.Series(b.targets.categories, dtype="float64"), CATEGORY
    column = "sales_rep" if kind == REP else "category"
    if parts.empty or column not in rows:
        return Bridge(from_=target, to=actual, steps=[BridgeStep(OUTSIDE_TARGETS, actual - target)], kind=TARGET)
    by_part = rows["amount"].groupby(rows[column].fillna(NO_VALUE)).sum()
    steps = sorted((BridgeStep(kind, float(by_part.get(name, 0.0)) - float(t), label=str(name))
                    for name, t in parts.items()), key=lambda s: (s.amount, s.label))
    outside = float(by_part[~by_part.index.isin(parts.index)].sum())
    steps.append(BridgeStep(OUTSIDE_TARGETS, outside))
    # The remainder: Σ parts' targets − the team's target, up to float noise.
    steps.append(BridgeStep(TARGET_BEYOND, actual - target - sum(s.amount for s in steps)))
    return Bridge(from_=target, to=actual, steps=steps, kind=TARGET)
