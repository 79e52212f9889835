"""A retail-like data set of our own, for looking at the report as a new user of a real export would.

Shaped like the public Superstore sample: four years of order lines (2014-01 … 2017-12) of one shop,
growing and seasonal (strong Q4, quiet February); 500 products in 3 categories on a long tail (product
popularity ∝ 1 / rank: a few sell every week, most a few times a year); 700 customers in three segments
(Consumer / Corporate / Home Office) who come back every few months (each customer's mean gap drawn
from 90 to 320 days); four regional managers as the sales reps; a profit on every line (category
margin, less for discounted lines, some lines at a loss). Deterministic from `seed`; numpy only.

`retail_frames(seed)` returns clean frames per data sheet key; `write_retail(path, lang)` writes them
into the standard template (report month 2017-11, Settings otherwise at their defaults).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

CATEGORIES = {"Furniture": (0.06, 380.0), "Office Supplies": (0.17, 60.0), "Technology": (0.17, 450.0)}
REPS = {"Central": "Chuck Magee", "East": "Kelly Williams", "South": "Cassandra Brandow", "West": "Anna Andreadi"}
SEGMENTS = ("Consumer", "Corporate", "Home Office")
START, END = pd.Timestamp("2014-01-01"), pd.Timestamp("2017-12-31")


def retail_frames(seed: int = 11, customers: int = 700, products: int = 500) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    # products: category, list price, popularity 1 / rank
    cat_names = list(CATEGORIES)
    p_cat = rng.choice(len(cat_names), size=products, p=[0.25, 0.5, 0.25])
    p_price = np.array([CATEGORIES[cat_names[c]][1] for c in p_cat]) * rng.lognormal(0, 0.6, products)
    popularity = 1.0 / np.arange(1, products + 1)
    popularity = popularity[rng.permutation(products)]
    popularity /= popularity.sum()

    # customers: when they start (more later: growth), how often they come back, segment, region
    first = START + pd.to_timedelta((rng.beta(1.3, 1.0, customers) * 1300).astype(int), unit="D")
    mean_gap = rng.uniform(90, 320, customers)
    region = rng.choice(list(REPS), size=customers)
    segment = rng.choice(SEGMENTS, size=customers, p=[0.52, 0.30, 0.18])
    # each customer's order dates: cumulative exponential gaps from the first order, within the data
    n_max = 40
    gaps = rng.exponential(mean_gap[:, None], size=(customers, n_max))
    gaps[:, 0] = 0
    days = np.cumsum(gaps, axis=1)
    order_dates = first.to_numpy()[:, None] + (days * 86400e9).astype("timedelta64[ns]")
    keep = order_dates <= END.to_datetime64()
    cust_idx = np.nonzero(keep)[0]
    dates = pd.DatetimeIndex(order_dates[keep]).normalize()
    # seasonality: thin orders out in quiet months (Q4 strongest, February weakest)
    weight = np.array([0.75, 0.55, 0.85, 0.8, 0.8, 0.8, 0.8, 0.8, 0.95, 0.9, 1.0, 1.0])[dates.month - 1]
    kept = rng.random(len(dates)) < weight
    cust_idx, dates = cust_idx[kept], dates[kept]
    n_orders = len(dates)
    lines = rng.integers(1, 5, n_orders)                    # 1–4 lines per order
    order_of_line = np.repeat(np.arange(n_orders), lines)
    product = rng.choice(products, size=len(order_of_line), p=popularity)
    qty = rng.integers(1, 6, len(order_of_line)).astype(float)
    discount = np.where(rng.random(len(order_of_line)) < 0.35, rng.choice([0.1, 0.2, 0.3, 0.5], len(order_of_line)), 0.0)
    amount = np.round(p_price[product] * qty * (1 - discount), 2)
    base_margin = np.array([CATEGORIES[cat_names[c]][0] for c in p_cat])[product]
    margin = base_margin + 0.15 - 1.1 * discount + rng.normal(0, 0.05, len(order_of_line))
    profit = np.round(amount * margin, 2)
    c = cust_idx[order_of_line]
    sales = pd.DataFrame({
        "order_date": dates[order_of_line].astype("datetime64[ns]"),
        "order_id": [f"US-{d.year}-{100000 + i}" for d, i in zip(dates[order_of_line], order_of_line)],
        "customer_id": [f"CU-{k:04d}" for k in c],
        "customer_name": [f"Customer {k:04d}" for k in c],
        "product": [f"{cat_names[p_cat[p]][:4].upper()}-{p:04d}" for p in product],
        "category": [cat_names[p_cat[p]] for p in product],
        "sales_rep": [REPS[r] for r in region[c]],
        "quantity": qty, "amount": amount, "profit": profit,
    })
    custs = pd.DataFrame({"customer_id": [f"CU-{k:04d}" for k in range(customers)],
                          "customer_name": [f"Customer {k:04d}" for k in range(customers)],
                          "segment": segment, "region": region})
    return {"sales": sales.sort_values("order_date", kind="stable").reset_index(drop=True), "customers": custs}


def write_retail(path, lang: str = "en", seed: int = 11, month: str = "2017-11") -> Path:
    from salesreport_xl.template import write_workbook

    return write_workbook(path, lang=lang, data=retail_frames(seed),
                          settings={"report_month": pd.Period(month, freq="M"), "language": lang,
                                    "currency": "$", "display_unit": 1000, "company": "Superstore-like",
                                    "team": "US retail"})
