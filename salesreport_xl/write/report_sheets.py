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

from ..layout.blocks import quote_sheet
from ..layout.sections import all_report_sheet_names

MARKER_NAME = "_SR_REPORT_SHEET"
FIGURE_PREFIX = "SR_"     # workbook-level names of the report's headline figures (SPEC)


def marker_formula(sheet_name: str) -> str:
    return f"{quote_sheet(sheet_name)}!$A$1"


def is_marker(name: str) -> bool:
    """True for the marker's name, bare or sheet-qualified as Excel lists it ("'Summary'!_SR_REPORT_SHEET")."""
    return name.rsplit("!", 1)[-1].casefold() == MARKER_NAME.casefold()


def is_figure_name(name: str) -> bool:
    return "!" not in name and name.upper().startswith(FIGURE_PREFIX)


def report_sheets(sheet_names: Sequence[str], marked: Iterable[str] = (),
                  figure_targets: Iterable[str] = ()) -> list[str]:
    """The report's sheets among `sheet_names`, in workbook order.

    `marked`: sheets carrying the marker; `figure_targets`: sheets that workbook-level SR_* names
    point at (for reports written before sheets were marked). Compared case-insensitively, as Excel
    compares sheet names."""
    marked_cf = {m.casefold() for m in marked}
    targets_cf = {f.casefold() for f in figure_targets}
    legacy_cf = {n.casefold() for n in all_report_sheet_names()} & targets_cf
    return [n for n in sheet_names if n.casefold() in marked_cf or n.casefold() in legacy_cf]


def user_sheets(sheet_names: Sequence[str], marked: Iterable[str] = (),
                figure_targets: Iterable[str] = ()) -> list[str]:
    """Every sheet that is not the report's: never deleted, cleared or overwritten."""
    report = {n.casefold() for n in report_sheets(sheet_names, marked, figure_targets)}
    return [n for n in sheet_names if n.casefold() not in report]
