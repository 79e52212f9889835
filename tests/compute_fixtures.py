"""Build clean `Inputs` from hand-written rows, for the compute tests.

    inputs = make_inputs(
        sales=[dict(order_date="2025-03-05", customer_id="C1", product="P1", category="A",
                    sales_rep="Ann", amount=100.0)],
        customers=[dict(customer_id="C1", segment="Key Account")],
        report_month="2025-03", churn_days=90,
    )

Every frame gets exactly the columns and dtypes that `salesreport_xl.inputs` promises (dates as
datetime64[ns], numbers as float64 with NaN for blank, text as object holding str or None) plus `_row`.
A sheet passed as a list (even empty) counts as present in the workbook; a sheet left as None is absent
(an empty frame). `present_columns` holds the columns that appear in at least one given row — so a test
can leave out `channel` or `quantity` and the compute sees that column as missing, as it would be.
Keyword arguments that are not sheets are `Settings` fields; `report_month` may be "YYYY-MM".
"""
from __future__ import annotations

import pandas as pd

from salesreport_xl.inputs import Inputs, Settings, empty_frame
from salesreport_xl.schema import DATE, INTEGER, MONTH, NUMBER, SCORE, SHEETS_BY_KEY

DATA_SHEETS = ("sales", "customers", "targets", "activities", "feedback", "pipeline", "plan")


def make_frame(sheet_key: str, rows: list[dict] | None) -> pd.DataFrame:
    """A clean frame for one sheet from a list of dicts keyed by column key (missing keys = blank)."""
    if not rows:
        return empty_frame(sheet_key)
    sheet = SHEETS_BY_KEY[sheet_key]
    known = {c.key for c in sheet.columns}
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise KeyError(f"{sheet_key}: unknown column(s) {sorted(unknown)}")
    data: dict[str, pd.Series] = {}
    for c in sheet.columns:
        values = [row.get(c.key) for row in rows]
        if c.type in (DATE, MONTH):
            s = pd.to_datetime(pd.Series(values, dtype=object), errors="raise").astype("datetime64[ns]")
            if c.type == MONTH:
                s = s.dt.to_period("M").dt.start_time.astype("datetime64[ns]")
            data[c.key] = s
        elif c.type in (NUMBER, INTEGER, SCORE):
            data[c.key] = pd.Series([float("nan") if v is None else float(v) for v in values],
                                    dtype="float64")
        else:
            data[c.key] = pd.Series([None if v is None or v == "" else str(v) for v in values],
                                    dtype=object)
    # Excel rows: header on row 1, data from row 2.
    data["_row"] = pd.Series(range(2, len(rows) + 2), dtype="int64")
    return pd.DataFrame(data)


def make_settings(**settings) -> Settings:
    """Settings for hand-made books. churn_days 90 and stalled_days 30 unless given: the numbers the
    hand-worked tests were written with (`auto` is tested on its own, in test_thresholds.py)."""
    settings.setdefault("churn_days", 90)
    settings.setdefault("stalled_days", 30)
    month = settings.get("report_month")
    if isinstance(month, str):
        settings["report_month"] = pd.Period(month, freq="M")
    return Settings(**settings)


def make_inputs(sales: list[dict] | None = None, customers: list[dict] | None = None,
                targets: list[dict] | None = None, activities: list[dict] | None = None,
                feedback: list[dict] | None = None, pipeline: list[dict] | None = None,
                plan: list[dict] | None = None, **settings) -> Inputs:
    """Clean `Inputs` from rows per sheet; see the module docstring."""
    given = dict(sales=sales, customers=customers, targets=targets, activities=activities,
                 feedback=feedback, pipeline=pipeline, plan=plan)
    frames = {key: make_frame(key, rows) for key, rows in given.items()}
    # Settings and Sales are required, so always present; optional sheets when given.
    present = {"settings", "sales"} | {key for key, rows in given.items() if rows is not None}
    present_columns = {
        key: frozenset(col for row in (rows or []) for col in row)
        for key, rows in given.items() if rows is not None
    }
    present_columns.setdefault("sales", frozenset())
    return Inputs(
        settings=make_settings(**settings),
        present_sheets=frozenset(present),
        present_columns=present_columns,
        rows_read={key: len(rows or []) for key, rows in given.items() if key in present},
        sheet_names={key: SHEETS_BY_KEY[key].en for key in present},
        **frames,
    )


def sale(date: str, customer: str, amount: float, *, product: str = "P1", category: str = "A",
         rep: str = "Ann", **extra) -> dict:
    """One Sales row with the required columns filled (shorthand for hand-written test data)."""
    return dict(order_date=date, customer_id=customer, product=product, category=category,
                sales_rep=rep, amount=amount, **extra)


def compute_report(*args, **kwargs):
    """The report model (compute only; its words: `words_of`)."""
    from salesreport_xl.compute import compute_report as compute

    return compute(*args, **kwargs)


def words_of(model, lang: str | None = None):
    """The model's words in `lang` (default: the model's), as layout and the JSON writer see them."""
    from salesreport_xl.i18n.phrasing import word_report

    return word_report(model, lang)


def highlight_texts(model, lang: str | None = None) -> dict[str, str]:
    """Each highlight's key -> its sentence in `lang`."""
    return dict(zip((s.key for s in model.summary.highlights), words_of(model, lang).highlights))
