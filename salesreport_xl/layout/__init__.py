"""Layout: the report model -> sheet plans (see `plan`), with no library objects in them.

`layout_report(model)` gives the whole report: its sheets in the order of the section registry
(`sections.SECTIONS`, Summary first) and the SR_* defined names, each pointing at the one cell that
shows its figure. Writers only translate the result.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..compute.model import FIGURE_NAMES, ReportModel
from ..i18n import normalize_lang
from ..i18n.phrasing import ReportWords, word_report
from .context import Context
from .blocks import ReportLayout
from .sections import SECTION_KEYS, SECTIONS, report_sheet_names, sheet_names_apart


def layout_report(model: ReportModel, lang: str | None = None, *, user_sheets: Iterable[str] = (),
                  words: ReportWords | None = None) -> ReportLayout:
    """The report's sheet plans in `lang` (default: the model's language), with the model's `words`
    in that language (default: made here by i18n.phrasing; the model is not changed).

    `user_sheets` are the names of the sheets already in the target workbook that are not the report's:
    a report sheet whose name one of them has is named apart."""
    lang = normalize_lang(lang or model.meta.language)
    words = words if words is not None and words.lang == lang else word_report(model, lang)
    ctx = Context(model.meta, lang, sheet_names_apart(lang, user_sheets), words=words)
    sheets, names = [], []
    for sec in SECTIONS:
        plan, sheet_names = sec.layout(model, ctx)
        sheets.append(replace(plan, tab_colour=sec.tab))
        names.extend(sheet_names)
    order = {n: i for i, n in enumerate(FIGURE_NAMES)}
    names.sort(key=lambda d: order.get(d.name, len(order)))
    seen = [d.name for d in names]
    missing = [n for n in FIGURE_NAMES if n not in seen]
    dupes = sorted({n for n in seen if seen.count(n) > 1})
    if missing or dupes:
        raise AssertionError(f"defined names: missing {missing}, twice {dupes}")
    title = ctx.t("summary.title", month=model.meta.month)
    return ReportLayout(tuple(sheets), tuple(names), ctx.lang, title)


__all__ = ["layout_report", "ReportLayout", "report_sheet_names", "SECTION_KEYS", "SECTIONS"]
