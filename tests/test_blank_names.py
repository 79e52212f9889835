"""Optional names left blank (a one-person business leaves Customer ID and Sales Rep of its deals, the
rep and category of its lines empty) are unknown: no clause about them, a blank cell, null in the JSON —
never the text "nan" or "None" anywhere in the report."""
from __future__ import annotations

import datetime as dt
import json
import re

import openpyxl

from realistic_data import paste_into_template
from salesreport_xl.pipeline import build_report

D = dt.datetime
NAN = re.compile(r"\b(nan|None|NaN|NaT)\b")


def _sales():
    """Template columns: Order Date, Order ID, Customer ID, Customer Name, Product, Category, Channel,
    Sales Rep, Quantity, Amount — name, category, channel and rep left blank."""
    rows = []
    for m in range(1, 11):
        for k, (cid, amount) in enumerate((("K1", 1000), ("K2", 600), ("K3", 300))):
            if cid == "K1" and m >= 8:
                continue              # the big customer goes silent: at risk, a follow-up
            rows.append([D(2025, m, 5 + k), f"O{m}{k}", cid, None, f"P{k}", None, None, None, 1, amount])
    return rows


PIPELINE = [  # Deal ID, Customer ID, Sales Rep, Stage, Entered On, Left On, Amount, Status, Close Date
    ["D1", None, None, "Lead", D(2025, 5, 2), D(2025, 5, 20), 3000, "Open", None],
    ["D1", None, None, "Proposal", D(2025, 5, 20), D(2025, 6, 10), 3000, "Won", None],
    ["D3", None, None, "Lead", D(2025, 6, 1), D(2025, 6, 12), 4000, "Open", None],
    ["D3", None, None, "Proposal", D(2025, 6, 12), None, 4000, None, D(2025, 12, 15)],
    ["D4", None, None, "Lead", D(2025, 10, 3), None, 1500, None, D(2026, 1, 31)],
]


def test_blank_optional_names_never_print_nan(tmp_path):
    path = paste_into_template(tmp_path / "in.xlsx", _sales(), at_row=2,
                               settings={"report_month": "2025-10", "currency": "€", "display_unit": 1,
                                         "churn_days": 200},
                               extra_sheets={"Pipeline": PIPELINE,
                                             # Customer ID, Customer Name, Segment, Region: name and region blank
                                             "Customers": [["K1", None, "Key Account", None]]})
    out = tmp_path / "out.xlsx"
    result = build_report(path, out, json_path=tmp_path / "r.json", built_at="2025-11-05T09:00:00+00:00")
    assert [f.text() for f in result.findings if f.severity == "error"] == []
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    # The stalled deal (D3, in Proposal since 2025-06-12) is there, with its unknown names as null.
    [stalled] = [s for s in report["problems"]["stalled"] if s["deal_id"] == "D3"]
    assert stalled["customer_id"] is None and stalled["sales_rep"] is None
    [follow] = [f for f in report["plan"]["follow_ups"] if f["subject"] == "D3"]
    assert follow["owner"] is None and "customer" not in follow["detail"]
    # The silent key account K1 (last order in July) is a follow-up with no owner either.
    [k1] = [f for f in report["plan"]["follow_ups"] if f["kind"] == "at_risk"]
    assert k1["subject"] == "K1" and k1["owner"] is None
    assert all("Owner" not in a["text"] for a in report["summary"]["actions"])
    assert NAN.findall(json.dumps(report, ensure_ascii=False).replace("null", "")) == []
    wb = openpyxl.load_workbook(out)
    cells = [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and NAN.search(c.value)]
    assert cells == []
