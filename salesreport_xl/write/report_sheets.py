"""Which sheets of a workbook are the report's: the one rule every writer, Clear and PDF export use.

A report sheet carries a marker: a hidden sheet-scoped defined name, `_SR_REPORT_SHEET`, on that sheet.
Excel keeps sheet-scoped names with their sheet when sheets are renamed or moved, so the next build
finds the report's sheets whatever language they were titled in (an English report is replaced by a
Chinese one), and a user's own sheet that happens to be called "Summary" is never taken for one.

Reports written before sheets were marked are recognised too, narrowly: a sheet named like a report
sheet (in any language) that the workbook's SR_* figure names point at.

A sheet that is not the report's is never deleted, cleared or overwritten. When a user's sheet has the
name a report sheet would take, the report sheet is named apart ("Summary (report)", "摘要（报表）"),
see `apart_names`.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..excel_limits import name_key
from ..layout.blocks import quote_sheet
from ..layout.sections import LANGUAGES, all_report_sheet_names, apart_name, section

MARKER_NAME = "_SR_REPORT_SHEET"
FIGURE_PREFIX = "SR_"     # workbook-level names of the report's headline figures (docs/figures.md)
APART_FORMS = 100         # "Checks", "Checks (report)", "Checks (report 2)" … looked for


def marker_formula(sheet_name: str) -> str:
    return f"{quote_sheet(sheet_name)}!$A$1"


def is_marker(name: str) -> bool:
    """True for the marker's name, bare or sheet-qualified as Excel lists it ("'Summary'!_SR_REPORT_SHEET")."""
    return name_key(name.rsplit("!", 1)[-1]) == name_key(MARKER_NAME)


def is_figure_name(name: str) -> bool:
    return "!" not in name and name.upper().startswith(FIGURE_PREFIX)


def report_sheets(sheet_names: Sequence[str], marked: Iterable[str] = (),
                  figure_targets: Iterable[str] = ()) -> list[str]:
    """The report's sheets among `sheet_names`, in workbook order.

    `marked`: sheets carrying the marker; `figure_targets`: sheets that workbook-level SR_* names
    point at (for reports written before sheets were marked). Compared as Excel compares sheet names
    (`excel_limits.name_key`)."""
    marked_keys = {name_key(m) for m in marked}
    legacy_keys = {name_key(n) for n in all_report_sheet_names()} & {name_key(f) for f in figure_targets}
    return [n for n in sheet_names if name_key(n) in marked_keys or name_key(n) in legacy_keys]


def user_sheets(sheet_names: Sequence[str], marked: Iterable[str] = (),
                figure_targets: Iterable[str] = ()) -> list[str]:
    """Every sheet that is not the report's: never deleted, cleared or overwritten."""
    report = {name_key(n) for n in report_sheets(sheet_names, marked, figure_targets)}
    return [n for n in sheet_names if name_key(n) not in report]


def clashing_sheet(kept: Iterable[str], report_names: Iterable[str]) -> str | None:
    """The first of the `kept` sheets (the user's) that has the name of one of `report_names`, as
    Excel compares names; None when there is none. A writer refuses to write over it."""
    wanted = {name_key(n) for n in report_names}
    return next((k for k in kept if name_key(k) in wanted), None)


def section_sheets(report_names: Iterable[str], key: str) -> list[str]:
    """Of the report's sheets (found by `report_sheets`), those of section `key` in any language: named
    as that section, or named apart from a user's sheet of that name ("Checks (report)")."""
    forms = {name_key(apart_name(section(key).sheet_name(lang), i, lang))
             for lang in LANGUAGES for i in range(APART_FORMS)}
    return [n for n in report_names if name_key(n) in forms]
