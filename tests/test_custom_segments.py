"""Settings key_account_segments: which segment values are key accounts, and the titles of the split.

Two customers whose sales fall from 600 (January, in the 3 months before) to 100 (May, in the recent
3 months: −83 %, past the 30 % at-risk drop): one Corporate, one Consumer. Which of them is an at-risk key
account depends only on the setting.
"""
from __future__ import annotations

import pandas as pd

from compute_fixtures import make_inputs
from salesreport_xl.compute.customers import at_risk_accounts
from salesreport_xl.compute.report import compute_report
from salesreport_xl.layout import layout_report

M = pd.Period("2025-06", freq="M")


def _sales():
    rows = []
    for cid in ("A", "B"):
        rows += [dict(order_date="2025-01-10", customer_id=cid, product="P", amount=600.0),
                 dict(order_date="2025-05-10", customer_id=cid, product="P", amount=100.0)]
    return rows


def _inputs(**settings):
    customers = [dict(customer_id="A", segment="Corporate"), dict(customer_id="B", segment="Consumer")]
    return make_inputs(sales=_sales(), customers=customers, report_month="2025-06", **settings)


def test_without_the_setting_only_key_account_segments_are_key_accounts():
    assert at_risk_accounts(_inputs(), M) == []


def test_the_setting_names_the_key_account_segments():
    assert [r.customer_id for r in at_risk_accounts(_inputs(key_account_segments="Corporate"), M)] == ["A"]
    both = at_risk_accounts(_inputs(key_account_segments="corporate、Consumer"), M)
    assert sorted(r.customer_id for r in both) == ["A", "B"]


def test_a_standard_spelling_stands_for_its_segment():
    customers = [dict(customer_id="A", segment="Key Account"), dict(customer_id="B", segment="SMB")]
    inputs = make_inputs(sales=_sales(), customers=customers, report_month="2025-06",
                         key_account_segments="大客户")
    assert [r.customer_id for r in at_risk_accounts(inputs, M)] == ["A"]


def _sales_sheet_texts(inputs) -> set[str]:
    plan = layout_report(compute_report(inputs, month=M, built_at="2025-07-01T00:00:00")).sheet("sales")
    texts = {v for b in plan.blocks for _, grid in b.writes() for row in grid for v in row if isinstance(v, str)}
    return texts | {c.title for c in plan.charts}


# June sales for both customers: a doughnut of shares is drawn only for a month with sales to share.
_JUNE = [dict(order_date="2025-06-10", customer_id=cid, product="P", amount=50.0) for cid in ("A", "B")]


def test_segment_split_titles_say_customer_segment_when_segments_are_not_key_account_and_smb():
    customers = [dict(customer_id="A", segment="Corporate"), dict(customer_id="B", segment="Consumer")]
    custom = _sales_sheet_texts(make_inputs(sales=_sales() + _JUNE, customers=customers, report_month="2025-06",
                                            language="zh"))
    # the fifth section of the Sales sheet (sections are numbered in order)
    assert {"5、客户分布：按客户类型", "按客户类型的销售额"} <= custom
    assert "5、客户分布：大客户与中小客户" not in custom
    customers = [dict(customer_id="A", segment="Key Account"), dict(customer_id="B", segment="SMB")]
    standard = _sales_sheet_texts(make_inputs(sales=_sales() + _JUNE, customers=customers, report_month="2025-06",
                                              language="zh"))
    # with nothing sold in June there is no share to draw: the section, and no doughnut of zeros
    empty = _sales_sheet_texts(_inputs(language="zh"))
    assert "5、客户分布：按客户类型" in empty and "按客户类型的销售额" not in empty
    assert {"5、客户分布：大客户与中小客户", "大客户与中小客户销售额"} <= standard


def test_segments_the_setting_names_are_not_reported_as_unknown():
    # Settings names Corporate as a key-account segment: it is the user's own list value, so only
    # Consumer (named nowhere) gets the "not one of Key Account / SMB" warning.
    from salesreport_xl.read import workbook_from_values
    from salesreport_xl.validate import validate

    values = {
        "Settings": [["Setting", "Value"], ["report_month", "2025-06"], ["key_account_segments", "Corporate"]],
        "Sales": [["Order Date", "Customer ID", "Product", "Amount"], ["2025-06-02", "A", "P", 100],
                  ["2025-06-03", "B", "P", 50]],
        "Customers": [["Customer ID", "Segment"], ["A", "Corporate"], ["B", "Consumer"]],
    }
    _, findings = validate(workbook_from_values(values))
    unknown = [f for f in findings if f.code in ("unknown_choice", "f_unknown_choice")]
    assert [(f.sheet, f.cell) for f in unknown] == [("Customers", "B3")]
