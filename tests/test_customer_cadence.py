"""Inferred churn judged against each customer's own rhythm (compute/cadence.py), month by month over a
hand-made book of regular reorderers and two real events.

churn_days 90 (typed: the team's line; half of it 45), at_risk_drop 30 %. Every order is one Sales row:

    customer   segment  orders                                         rhythm
    R60        KA       1,000 every 60 days from 2024-01-05            regular: 2024-12-30, 2025-02-28, 04-29,
                                                                       06-28, 08-27, 10-26
    R90        KA       1,500 every 90 days from 2024-01-10            regular: 2025-01-04, 04-04, 07-03, 10-01
    R120       SMB      700 every 120 days from 2024-01-15             regular: 2024-05-14, 09-11, 2025-01-09,
                                                                       05-09, 09-06
    HALF       KA       2,000 every 75 days from 2024-01-20, halved    ... 2025-01-29, 04-14 (2,000), then
                        to 1,000 from the 8th order                    06-28, 09-11, 11-25 (1,000 each)
    SILENT     KA       3,000 every 60 days from 2024-02-01, last      2025-01-26, 03-27, 05-26, then nothing
                        order 2025-05-26
    GONE       KA       as SILENT, and marked Churned on 2025-09-15 (reason Price)

Worked by hand, with the churn line of compute/cadence.py (the team's 90 days, raised to twice a
customer's usual gap and one day past its longest gap, once it has reordered):
- R60: line max(90, 120, 61) = 120; R90: max(90, 180, 91) = 180; HALF: max(90, 150, 76) = 150 — all reorder
  well before: never churned.
- R120: one order in April 2024, so the team's line: 2024-01-15 + 90 = 2024-04-14, churned in April 2024.
  From its 2nd order its line is max(90, 2 × 120, 120 + 1) = 240 days: never again (the team's line alone
  counted it churned in 2024-04, 08, 12, 2025-04 and 08, coming back each time).
- SILENT: usual gap 60, line max(90, 120, 61) = 120 days: 05-26 + 120 = 09-23, inferred churn in
  September 2025 (the team's line alone: 08-24, in August).
- GONE: marked Churned on 2025-09-15: churned in September as marked, not inferred.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from compute_fixtures import compute_report, highlight_texts, make_inputs, sale
from salesreport_xl.compute.customers import compute_customers

KA = "Key Account"


def _every(customer: str, first: str, days: int, amounts: list[float]) -> list[dict]:
    start = dt.date.fromisoformat(first)
    return [sale(str(start + dt.timedelta(days=days * i)), customer, a) for i, a in enumerate(amounts)]


def book(month: str):
    rows = (_every("R60", "2024-01-05", 60, [1000] * 12) + _every("R90", "2024-01-10", 90, [1500] * 8)
            + _every("R120", "2024-01-15", 120, [700] * 6)
            + _every("HALF", "2024-01-20", 75, [2000] * 7 + [1000] * 3)
            + _every("SILENT", "2024-02-01", 60, [3000] * 9) + _every("GONE", "2024-02-01", 60, [3000] * 9))
    customers = [*(dict(customer_id=c, segment=KA) for c in ("R60", "R90", "HALF", "SILENT")),
                 dict(customer_id="R120", segment="SMB"),
                 dict(customer_id="GONE", segment=KA, status="Churned", churn_date="2025-09-15", churn_reason="Price")]
    return make_inputs(sales=rows, customers=customers, report_month=month, churn_days=90, at_risk_drop=0.3)


def _months(first: str, last: str) -> list[pd.Period]:
    return list(pd.period_range(first, last, freq="M"))


def test_hand_made_dates():
    rows = book("2025-11").sales
    dates = rows.groupby("customer_id")["order_date"].apply(lambda d: [x.strftime("%Y-%m-%d") for x in d])
    assert dates["R60"][-6:] == ["2024-12-30", "2025-02-28", "2025-04-29", "2025-06-28", "2025-08-27", "2025-10-26"]
    assert dates["HALF"][-5:] == ["2025-01-29", "2025-04-14", "2025-06-28", "2025-09-11", "2025-11-25"]
    assert dates["SILENT"][-1] == "2025-05-26" and dates["R120"][-1] == "2025-09-06"


def test_churn_month_by_month_each_customer_on_its_own_line():
    inputs = book("2025-11")
    churned = {str(m): [(c.customer_id, c.how) for c in compute_customers(inputs, m).churned]
               for m in _months("2024-02", "2025-11")}
    assert {m: c for m, c in churned.items() if c} == {
        "2024-04": [("R120", "inferred")],
        # GONE and SILENT: 12,000 each over the last 12 months: by customer_id
        "2025-09": [("GONE", "marked"), ("SILENT", "inferred")],
    }
    (silent,) = [c for c in compute_customers(inputs, pd.Period("2025-09", freq="M")).churned
                 if c.customer_id == "SILENT"]
    assert silent.date == dt.date(2025, 9, 23) and silent.last_order == dt.date(2025, 5, 26)


def test_the_churned_card_and_its_sentence_agree():
    # September: GONE (marked) and SILENT (inferred); R120, 700 every 120 days, is not counted.
    model = compute_report(book("2025-09"))
    assert model.figures["SR_CHURNED_CUSTOMERS"] == 2 == len(model.customers.churned)
    assert highlight_texts(model, "en")["customers"].endswith("2 customers churned.")
    october = compute_report(book("2025-10"))
    assert october.figures["SR_CHURNED_CUSTOMERS"] == 0 and october.customers.churned_last_month == 2
