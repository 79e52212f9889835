"""The export-shape set (tests/export_shapes.py): each system's real column names, filled from one
realistic data set, pasted unchanged into the template — and the same figures whatever the paste.

Every shape builds with no error, and its month, previous month, orders, customers and per-rep sums
equal pandas sums of the rows written. The property: any shape, with its columns shuffled, title rows
above, a total row below and an unknown extra column, reads the same lines as the plain shape.
"""
from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from export_shapes import SHAPES, lines, shuffled, write_shape
from salesreport_xl.pipeline import build_report, load_inputs

MONTH = pd.Period("2024-12", "M")


@pytest.fixture(scope="module")
def data():
    return lines()


def month_sum(expected: pd.DataFrame, period: pd.Period) -> float:
    return float(expected.loc[expected["date"].dt.to_period("M") == period, "amount"].sum())


def assert_close(a, b, what):
    assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6), (what, a, b)


@pytest.mark.parametrize("key", list(SHAPES))
def test_export_shape_builds_with_the_analysts_figures(tmp_path, data, key):
    shape = SHAPES[key](data)
    path = write_shape(tmp_path / f"{key}.xlsx", shape)
    result = build_report(path, tmp_path / "report.xlsx", month=str(MONTH), json_path=tmp_path / "r.json",
                          built_at="2025-01-05T09:00:00+00:00")
    assert [f.text() for f in result.findings if f.severity == "error"] == []
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    exp = shape.expected
    assert_close(report["figures"]["SR_SALES_MONTH"], month_sum(exp, MONTH), "month")
    assert_close(report["figures"]["SR_SALES_PREV_MONTH"], month_sum(exp, MONTH - 1), "previous month")
    dec = exp[exp["date"].dt.to_period("M") == MONTH]
    assert report["sales"]["orders"] == dec["order"].nunique()
    assert report["meta"]["counts_lines"] is False
    if dec["rep"].notna().all():
        reps = {r["rep"]: r["actual"] for r in report["team"]["reps"]}
        for rep, total in dec.groupby("rep")["amount"].sum().items():
            assert_close(reps[rep], total, rep)
    top = report["customers"]["top_customers"][0]
    by_customer = dec.groupby("customer")["amount"].sum().sort_values(ascending=False)
    assert_close(top["this_month"], by_customer.iloc[0], "top customer")


def read_lines(path) -> pd.DataFrame:
    inputs, findings = load_inputs(path)
    assert [f.text() for f in findings if f.severity == "error"] == []
    s = inputs.sales
    return pd.DataFrame({"month": s["order_date"].dt.to_period("M"), "amount": s["amount"],
                         "order": s["order_id"], "customer": s["customer_id"], "rep": s["sales_rep"]})


def figures(frame: pd.DataFrame) -> dict:
    by_month = frame.groupby("month")["amount"].sum().round(6).to_dict()
    return {"by_month": by_month, "orders": frame["order"].nunique(), "customers": frame["customer"].nunique(),
            "reps": frame.groupby("rep")["amount"].sum().round(6).to_dict(), "lines": len(frame)}


_PLAIN: dict[str, dict] = {}


def plain_figures(key: str, data) -> dict:
    if key not in _PLAIN:
        with tempfile.TemporaryDirectory() as tmp:
            _PLAIN[key] = figures(read_lines(write_shape(Path(tmp) / "plain.xlsx", SHAPES[key](data))))
    return _PLAIN[key]


# Every shape, the two-row merged header too (its merged groups move whole).
SHUFFLED = list(SHAPES)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(SHUFFLED), seed=st.integers(0, 2**16), at_row=st.sampled_from([1, 2]))
def test_any_shape_shuffled_titled_and_totalled_reads_the_same(data, key, seed, at_row):
    shape, total = shuffled(SHAPES[key](data), seed)
    with tempfile.TemporaryDirectory() as tmp:
        got = figures(read_lines(write_shape(Path(tmp) / "shuffled.xlsx", shape, at_row=at_row,
                                             extra_rows=[total])))
    assert got == plain_figures(key, data)


@pytest.mark.parametrize("seed", [0, 4])     # 4: the total label lands in the date column of a merged group
def test_the_two_row_merged_header_shuffled_by_groups_reads_the_same(data, seed):
    shape, total = shuffled(SHAPES["zh_management"](data), seed)
    assert len(shape.merges) == 8 and shape.header[0] != SHAPES["zh_management"](data).header[0]
    with tempfile.TemporaryDirectory() as tmp:
        got = figures(read_lines(write_shape(Path(tmp) / "shuffled.xlsx", shape, at_row=2, extra_rows=[total])))
    assert got == plain_figures("zh_management", data)


@pytest.mark.parametrize("key", ["salesforce_opportunities", "hubspot_all_stages"])
def test_a_deal_report_says_what_it_left_out(tmp_path, data, key):
    """Lost and open deals are not sales: the warning counts them and their amount (all months)."""
    shape = SHAPES[key](data)
    _, findings = load_inputs(write_shape(tmp_path / f"{key}.xlsx", shape))
    [w] = [f for f in findings if f.code == "deal_stages"]
    assert w.severity == "warning"
    stage = shape.header[0].index("Stage" if key == "salesforce_opportunities" else "Deal Stage")
    amount = shape.header[0].index("Amount")
    won = {"Closed Won", "closedwon"}
    out = [r for r in shape.body if r[stage] not in won]
    assert len(out) == len(shape.body) - len(shape.expected) > 0
    assert f"{len(out)} lines of lost or open deals, ¥{sum(r[amount] for r in out):,.0f}," in w.message
