"""Concentration of the month's sales (Pareto / ABC), over customers and over products.

Over the n customers (products) with positive sales in M:
- top20_share = the sales in M of the top ⌈20 % × n⌉ of them, by their sales in M, over the sales of
  all n (None when n = 0);
- A / B / C classes: by sales in M, largest first (ties by id); an item is A while the share of the
  items before it is below 80 %, B while below 95 %, else C — so A holds about 80 % of the sales, B 15 %,
  C 5 %;
- A-class customers below their usual: their sales in M are below their usual — their mean monthly
  sales over the baseline months (the month basis, compute/basis.py: M − 1 … M − 3 and M − 12,
  those inside the sales history) — by a material amount, bought in 3 of those months (compute/judge.py
  `worth_naming`); none without baseline months.
"""
from __future__ import annotations

from dataclasses import replace

import math

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import change, clean_text, ratio
from .model import BelowUsualRow, Pareto, ParetoClass
from .basis import MonthBasis, as_basis
from .judge import baseline_lines, worth_naming
from .sales_frame import customer_names, sales_by_customer, sales_month_codes

TOP_SHARE = 0.20
A_UPTO, B_UPTO = 0.80, 0.95
CLASSES = ("A", "B", "C")


def pareto(sales: pd.Series) -> tuple[Pareto, pd.Series] | None:
    """Pareto figures of one month's sales per item (index = item id), and each item's class;
    None when no item has positive sales."""
    positive = sales[sales > 0]
    n = len(positive)
    if n == 0:
        return None
    ordered = positive.reset_index().set_axis(["id", "sales"], axis=1)
    ordered["id"] = ordered["id"].astype(str)
    ordered = ordered.sort_values(["sales", "id"], ascending=[False, True], kind="stable")
    values = ordered["sales"].to_numpy(dtype="float64")
    total = float(values.sum())
    top = math.ceil(TOP_SHARE * n)
    before = (np.cumsum(values) - values) / total          # share of the items before each one
    cls = np.where(before < A_UPTO, "A", np.where(before < B_UPTO, "B", "C"))
    classes = [ParetoClass(name=c, items=int((cls == c).sum()), items_share=ratio(int((cls == c).sum()), n),
                           sales=float(values[cls == c].sum()), share=ratio(float(values[cls == c].sum()), total))
               for c in CLASSES]
    result = Pareto(top20_share=ratio(float(values[:top].sum()), total), items=n, top_items=top, classes=classes)
    return result, pd.Series(cls, index=ordered["id"].to_numpy())


def customer_pareto(inputs: Inputs, basis: MonthBasis | pd.Period) -> Pareto | None:
    """The customers' Pareto for M, with the A-class customers below their usual."""
    b = as_basis(inputs, basis)
    m = b.code
    found = pareto(sales_by_customer(inputs, m, m))
    if found is None:
        return None
    result, cls = found
    base = b.baseline
    if base:
        a = pd.Index(cls.index[cls.to_numpy() == "A"], dtype=object)
        now = sales_by_customer(inputs, m, m).reindex(a).fillna(0.0).to_numpy(dtype="float64")
        usual = np.zeros(len(a))
        for code in base:  # at most 4 months: one bincount each
            usual += sales_by_customer(inputs, code, code).reindex(a).fillna(0.0).to_numpy(dtype="float64")
        usual /= len(base)
        # named only when the shortfall is material and the customer a regular buyer (compute/judge.py)
        named = worth_naming(pd.Series(usual - now, index=a),
                             baseline_lines(b.window, "customer_id", b.window_codes, list(base), a), b.floor)
        below = np.flatnonzero(named)     # a few of thousands of A customers: rows for those only
        names = customer_names(inputs, a[below])
        rows = [BelowUsualRow(customer_id=str(a[i]), name=clean_text(names.get(a[i])) or "",
                              this_month=float(now[i]), usual=float(usual[i]),
                              change=change(float(now[i]), float(usual[i])))
                for i in below]
        rows.sort(key=lambda r: (r.this_month - r.usual, r.customer_id))
        result = replace(result, a_below_usual=len(rows), a_below_usual_rows=rows)
    return result


def product_pareto(inputs: Inputs, basis: MonthBasis | pd.Period) -> Pareto | None:
    """The products' Pareto for M (classes and top20_share; products have no "usual" here)."""
    codes = sales_month_codes(inputs)
    in_m = codes == as_basis(inputs, basis).code
    if not in_m.any() or not inputs.has("sales", "product"):
        return None
    sales = inputs.sales
    ids, names = pd.factorize(sales["product"].to_numpy(dtype=object)[in_m])
    sums = np.bincount(ids, weights=sales["amount"].to_numpy(dtype="float64")[in_m], minlength=len(names))
    found = pareto(pd.Series(sums, index=pd.Index(names, dtype=object)))
    return None if found is None else found[0]

