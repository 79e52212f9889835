"""Words are the last pass, over a model they never change (i18n/phrasing.py).

- A missing group or reason is a typed value in the model (None; a churn `how`), never an English
  placeholder: a Chinese report — every sheet and the JSON — says "（未填写）" / "长期未下单" and never
  "(none)" or "(no order)".
- Wording the same model in Chinese, then English, then writing its JSON gives each time what a fresh
  model gives: the model is not changed by words.
"""
from __future__ import annotations

import copy
import json

import pytest

from compute_fixtures import compute_report, make_inputs, sale
from salesreport_xl.compute.model import to_jsonable
from salesreport_xl.layout import layout_report
from salesreport_xl.write.openpyxl_writer import render_workbook
from salesreport_xl.write.report_json import report_to_json

PLACEHOLDERS = ("(none)", "(no order)")


def blank_book(lang: str = "zh"):
    """March 2025. Sales with a blank channel, category and rep; a customer without a segment and one not
    in Customers; a customer marked churned without a reason and one silent long enough to be inferred
    churned; an activity without type or rep; a survey answer without a topic; a region left blank."""
    sales = [sale("2024-10-05", "Q", 300, channel="Online", region="North"),
             sale("2025-02-10", "C1", 500, channel="Online", region="North"),
             sale("2025-03-03", "C1", 400, channel=None, region="North"),
             sale("2025-03-04", "C2", 200, category=None, channel="Offline", region=None),
             sale("2025-03-05", "C3", 100, rep=None, channel=None),
             sale("2025-03-06", "C4", 50, channel="Online")]
    customers = [dict(customer_id="C1", segment="Key Account"), dict(customer_id="C2"),
                 dict(customer_id="C4", segment="SMB", status="Churned", churn_date="2025-03-20"),
                 dict(customer_id="Q", segment="SMB")]
    activities = [dict(date="2025-03-07", customer_id="C1", outcome="Won"),
                  dict(date="2025-03-08", sales_rep="Ann", customer_id="C2", activity_type="Visit")]
    feedback = [dict(date="2025-03-09", customer_id="C1", score=2, comment="slow"),
                dict(date="2025-03-10", customer_id="C2", score=4, topic="Service")]
    return make_inputs(sales=sales, customers=customers, activities=activities, feedback=feedback,
                       report_month="2025-03", churn_days=150, language=lang)


def sheet_texts(layout) -> list[str]:
    wb = render_workbook(layout)
    return [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def test_the_book_has_every_kind_of_blank_group():
    model = compute_report(blank_book(), built_at="x")
    assert None in [r.name for r in model.sales.by_channel] and None in [r.name for r in model.sales.by_segment]
    assert None in [r.name for r in model.sales.by_category] and None in [r.name for r in model.sales.by_region]
    assert None in [r.rep for r in model.team.reps] and None in [r.activity_type for r in model.team.activities.by_type]
    assert None in [r.topic for r in model.customers.satisfaction.by_topic]
    assert sorted((r.how, r.reason) for r in model.customers.churn_reasons) == [("inferred", None), ("marked", None)]


def test_a_chinese_report_of_blank_groups_has_no_english_placeholder():
    model = compute_report(blank_book(), built_at="x")
    texts = sheet_texts(layout_report(model))
    data = report_to_json(model)
    for placeholder in PLACEHOLDERS:
        assert not [t for t in texts if placeholder in t], placeholder
        assert placeholder not in data
    assert "（未填写）" in texts and "长期未下单" in texts and "（未填写原因）" in texts


def test_words_never_change_the_model():
    model = compute_report(blank_book("en"), built_at="x")
    before = copy.deepcopy(to_jsonable(model))
    fresh_zh, fresh_en = (sheet_texts(layout_report(compute_report(blank_book("en"), built_at="x"), lang))
                          for lang in ("zh", "en"))
    fresh_json = report_to_json(compute_report(blank_book("en"), built_at="x"))
    for _ in range(2):
        assert sheet_texts(layout_report(model, "zh")) == fresh_zh
        assert sheet_texts(layout_report(model, "en")) == fresh_en
        assert report_to_json(model) == fresh_json
        assert to_jsonable(model) == before
    # and each is in its own language
    assert "（未填写）" in fresh_zh and "(none)" not in " ".join(fresh_zh)
    assert "(none)" in fresh_en and "（未填写）" not in fresh_en
    assert json.loads(fresh_json)["meta"]["language"] == "en"
