"""Layout: the report model -> sheet plans (see `plan`), with no library objects in them.

`layout_report(model)` gives the whole report: its sheets in order (Summary first) and the SR_* defined
names, each pointing at the one cell that shows its figure. Writers only translate the result.
"""
from __future__ import annotations

from ..compute.model import FIGURE_NAMES, ReportModel
from .checks import layout_checks
from .context import SHEET_KEYS, Context, report_sheet_names
from .customers import layout_customers
from .plan import ReportLayout
from .plan_sheet import layout_plan
from .problems import layout_problems
from .sales import layout_sales
from .summary import layout_summary
from .team import layout_team

_SHEETS = {
    "summary": layout_summary, "sales": layout_sales, "team": layout_team, "customers": layout_customers,
    "problems": layout_problems, "plan": layout_plan, "checks": layout_checks,
}


def layout_report(model: ReportModel, lang: str | None = None) -> ReportLayout:
    """The report's sheet plans in `lang` (default: the model's language)."""
    lang = lang or model.meta.language or "en"
    ctx = Context(model.meta, lang)
    sheets, names = [], []
    for key in SHEET_KEYS:
        plan, sheet_names = _SHEETS[key](model, ctx)
        sheets.append(plan)
        names.extend(sheet_names)
    order = {n: i for i, n in enumerate(FIGURE_NAMES)}
    names.sort(key=lambda d: order.get(d.name, len(order)))
    seen = [d.name for d in names]
    missing = [n for n in FIGURE_NAMES if n not in seen]
    dupes = sorted({n for n in seen if seen.count(n) > 1})
    if missing or dupes:
        raise AssertionError(f"defined names: missing {missing}, twice {dupes}")
    replaces = tuple(dict.fromkeys(report_sheet_names("en") + report_sheet_names("zh")))
    title = ctx.t("summary.title", month=model.meta.month)
    return ReportLayout(tuple(sheets), tuple(names), ctx.lang, replaces, title)


__all__ = ["layout_report", "ReportLayout", "report_sheet_names", "SHEET_KEYS"]
