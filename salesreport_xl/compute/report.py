"""The whole report model from clean inputs.

`compute_report` is the one entry point of the compute stage: pure pandas on the clean frames, no I/O,
no Excel. The model's JSON is written with the other outputs (write/report_json.py).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Iterable

import pandas as pd

from .. import __version__
from ..errors import Finding, UsageError
from ..inputs import Inputs
from ..schema import normalize_lang
from ..validate.month import month_of
from .checks import compute_checks
from .common import month_key
from .customers import compute_customers
from .director import director_page
from .figures import headline_figures
from .future_plans import compute_plan
from .model import FIGURE_NAMES, Meta, ReportModel
from .problems import compute_problems
from .sales import compute_sales
from .summary import compute_summary
from .basis import month_basis
from .team import compute_team


def parse_month(month) -> pd.Period:
    """A report month as a person writes it (2025-03, 2025/3, 2025.09, 2025年3月, Sep 2025, an Excel
    date; `validate.month.month_of`), or a Period; UsageError when it is not one."""
    found = month_of(month)
    if found is None:
        raise UsageError(f'month "{month}" is not a month: write it as YYYY-MM, e.g. 2025-03')
    return found


def _latest_month(dates: Iterable[pd.Series]) -> pd.Period | None:
    latest = [d.max() for d in dates if len(d) and d.notna().any()]
    return pd.Timestamp(max(latest)).to_period("M") if latest else None


def resolve_month(inputs: Inputs, month: str | pd.Period | None = None) -> pd.Period:
    """The report month: the one asked for, else Settings' report_month, else the latest month with
    sales; a workbook without any sales falls back to the latest dated row of any sheet, then to the
    current month (the model then says there is no data)."""
    if month is not None:
        return parse_month(month)
    if inputs.settings.report_month is not None:
        return parse_month(inputs.settings.report_month)
    found = _latest_month([inputs.sales["order_date"]])
    if found is None:
        found = _latest_month([inputs.targets["month"], inputs.activities["date"], inputs.feedback["date"],
                               inputs.pipeline["entered_on"]])
    return found if found is not None else pd.Timestamp.now().to_period("M")


def _data_range(inputs: Inputs) -> tuple[str, str] | None:
    dates = inputs.sales["order_date"].dropna()
    return (month_key(dates.min().to_period("M")), month_key(dates.max().to_period("M"))) if len(dates) else None


def _language(lang: str | None, inputs: Inputs) -> str:
    return normalize_lang(lang or inputs.settings.language)


def compute_meta(inputs: Inputs, month: pd.Period, lang: str, built_at: str | None) -> Meta:
    s = inputs.settings
    dates = inputs.sales["order_date"].dropna()
    return Meta(
        month=month_key(month), prev_month=month_key(month - 1), last_year_month=month_key(month - 12),
        next_month=month_key(month + 1), company=s.company, team=s.team, currency=s.currency,
        display_unit=int(s.display_unit),
        unit_label=s.unit_label or "",
        language=lang, version=__version__,
        built_at=built_at or _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        data_from=dates.min().date() if len(dates) else None,
        data_to=dates.max().date() if len(dates) else None,
        counts_lines=not inputs.has("sales", "order_id"),
        sheets_left_out={k: list(v) for k, v in inputs.left_out.items()},
    )


def compute_report(inputs: Inputs, findings: Iterable[Finding] = (), month: str | pd.Period | None = None,
                   lang: str | None = None, built_at: str | None = None) -> ReportModel:
    """The report model for month `month` (see `resolve_month`) in language `lang` (default: Settings').

    `findings` are validation's findings, listed in the Checks section; `built_at` (ISO timestamp,
    default now) is the only value that changes between two runs on the same inputs.
    """
    m = resolve_month(inputs, month)
    lang = _language(lang, inputs)
    basis = month_basis(inputs, m)   # built once: every section stands on the same month basis
    sales = compute_sales(inputs, basis)
    team = compute_team(inputs, basis)
    customers = compute_customers(inputs, basis)
    problems = compute_problems(inputs, basis)
    plan = compute_plan(inputs, basis, problems, at_risk=customers.at_risk, satisfaction=customers.satisfaction)
    figures = headline_figures(sales, team, customers)
    figures["SR_NEXT_TARGET"] = plan.next_target
    figures["SR_FORECAST"] = plan.forecast
    figures = {name: figures[name] for name in FIGURE_NAMES}
    data_range = _data_range(inputs)
    summary = compute_summary(inputs, figures, sales, team, customers, problems, plan, data_range)
    summary = dataclasses.replace(summary, **director_page(inputs, basis, figures, sales, team, plan,
                                                           customers, problems, data_range))
    return ReportModel(
        meta=compute_meta(inputs, m, lang, built_at),
        figures=figures,
        summary=summary,
        sales=sales, team=team, customers=customers, problems=problems, plan=plan,
        checks=compute_checks(inputs, findings),
    )
