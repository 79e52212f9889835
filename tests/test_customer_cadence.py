"""Key accounts at risk and inferred churn judged against each customer's own rhythm (compute/cadence.py),
month by month over a hand-made book of regular reorderers and two real events.

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

Worked by hand, with the rules of compute/cadence.py:
- R60: usual gap 60; 3 months hold round(91.3125 / 60) = 2 of its orders, so it is judged over its orders,
  k = 2 a side: 1,000 against 1,000 on average, 0 %. Never
  silent: at a month's end at most 60 days have passed, under max(45, 1.25 × 60 = 75). Not flagged in any
  month — where the calendar rule saw 1 order against 2 in some 3-month windows (e.g. 2025-07: May–Jul holds
  06-28 only, 1,000, against Feb–Apr's 02-28 and 04-29, 2,000: "−50 %").
- R90: usual gap 90, k = 1; silent line max(45, 112.5): at most 89 days pass. Not flagged (the calendar rule:
  silent at 45 days, e.g. 2025-02-28 is 55 days after 2025-01-04).
- R120: one order in April 2024, so the team's line: 2024-01-15 + 90 = 2024-04-14, churned in April 2024.
  From its 2nd order its line is max(90, 2 × 120, 120 + 1) = 240 days: never again (the team's line alone
  counted it churned in 2024-04, 08, 12, 2025-04 and 08, coming back each time).
- HALF: usual gap 75, k = round(1.22) = 1. Its last order against the one before: 1,000 against 2,000 from
  2025-06-28 on: −50 % (a drop); per 3 months at its rhythm (× 91.3125 / 75) 1,217.5 against 2,435, 1,217.5
  at stake — in June, July and August. From 2025-09-11 its last two orders are both 1,000: no longer
  falling. Never silent (75 days at most, under 93.75).
- SILENT: usual gap 60: silent from 75 days (05-26 + 75 = 08-09), so at 2025-08-31 (97 days): at risk, its
  orders per 3 months 3,000 × 91.3125 / 60 = 4,565.625 at stake; on 2025-07-31, 66 days: not yet. Churned at
  max(90, 120, 61) = 120 days: 05-26 + 120 = 09-23, inferred churn in September 2025.
- GONE: as SILENT in August — marked Churned only from 2025-09-15, so not churned in August and at risk
  there; in September churned as marked (not inferred).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from compute_fixtures import compute_report, highlight_texts, make_inputs, sale
from salesreport_xl.compute.customers import at_risk_accounts, compute_customers

KA = "Key Account"
PACE = 91.3125 / 75          # HALF's orders per 3 months at its rhythm: amount × 91.3125 / 75 days


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


def test_at_risk_month_by_month_only_the_real_halving_and_the_real_silence():
    inputs = book("2025-11")
    flagged = {str(m): [(r.customer_id, r.why) for r in at_risk_accounts(inputs, m)]
               for m in _months("2025-01", "2025-11")}
    assert {m: f for m, f in flagged.items() if f} == {
        "2025-06": [("HALF", "drop")], "2025-07": [("HALF", "drop")],
        # GONE and SILENT tie at 4,565.625: by customer_id
        "2025-08": [("GONE", "silent"), ("SILENT", "silent"), ("HALF", "drop")],
    }


def test_the_figures_of_a_drop_and_a_silence_over_order_cycles():
    inputs = book("2025-08")
    gone, silent, half = at_risk_accounts(inputs, pd.Period("2025-08", freq="M"))
    assert (half.orders, half.usual_gap, half.days_silent) == (1, 75.0, 64)          # 06-28 -> 08-31
    assert half.recent_3m == pytest.approx(1000 * PACE) and half.prior_3m == pytest.approx(2000 * PACE)
    assert half.change == pytest.approx(-0.5) and half.revenue_at_risk == pytest.approx(1000 * PACE)
    assert (silent.orders, silent.usual_gap, silent.days_silent) == (2, 60.0, 97)    # 05-26 -> 08-31
    assert silent.revenue_at_risk == pytest.approx(3000 * 91.3125 / 60)
    assert gone.customer_id == "GONE" and gone.revenue_at_risk == silent.revenue_at_risk


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


def test_a_status_applies_from_its_date_so_past_months_do_not_change():
    # GONE is marked Churned on 2025-09-15: in July and August it was an active key account (August: silent),
    # whenever the report is rebuilt.
    inputs = book("2025-11")
    assert "GONE" in [r.customer_id for r in at_risk_accounts(inputs, pd.Period("2025-08", freq="M"))]
    july = compute_customers(inputs, pd.Period("2025-07", freq="M"))
    assert july.churned == [] and "GONE" not in [r.customer_id for r in july.at_risk]   # 66 days: not yet silent


def test_the_churned_card_and_its_sentence_agree():
    # September: GONE (marked) and SILENT (inferred); R120, 700 every 120 days, is not counted.
    model = compute_report(book("2025-09"))
    assert model.figures["SR_CHURNED_CUSTOMERS"] == 2 == len(model.customers.churned)
    assert highlight_texts(model, "en")["customers"].endswith("2 customers churned.")
    october = compute_report(book("2025-10"))
    assert october.figures["SR_CHURNED_CUSTOMERS"] == 0 and october.customers.churned_last_month == 2


def test_a_usual_gap_is_said_in_whole_days_rounded_half_up():
    # P: 2025-01-01, 02-28 (58 days), 04-28 (59 days): usual gap 58.5. On 2025-07-31, 94 days silent
    # (≥ 1.25 × 58.5 = 73.1 and ≥ 45; under its churn line max(90, 117, 60) = 117): "usually 59 days".
    from compute_fixtures import words_of

    inputs = make_inputs(sales=[sale(d, "P", 1000) for d in ("2025-01-01", "2025-02-28", "2025-04-28")],
                         customers=[dict(customer_id="P", segment=KA)], report_month="2025-07", churn_days=90)
    model = compute_report(inputs)
    (row,) = model.customers.at_risk
    assert (row.why, row.days_silent, row.usual_gap) == ("silent", 94, 58.5)
    assert words_of(model, "en").follow_ups[0] == "94 days without an order, usually 59 days between orders"
