"""Which sheets of a workbook are the report's: the one rule every writer, Clear and PDF export use.

A report sheet carries a marker: a hidden sheet-scoped defined name, `_SR_REPORT_SHEET`, on that sheet.
Excel keeps sheet-scoped names with their sheet when sheets are renamed or moved, so the next build
finds the report's sheets whatever language they were titled in (an English report is replaced by a
Chinese one), and a user's own sheet that happens to be called "Summary" is never taken for one.

A sheet that carries a marker naming another sheet is a user's copy of a report sheet (Excel's Move or
Copy keeps the marker), or a report sheet the user renamed: it is the user's (`marks_own_sheet`), kept
by the next build, which drops its marker.

Reports written before sheets were marked are recognised too, narrowly: a sheet named like a report
sheet (in any language) that the workbook's SR_* figure names point at.

A sheet that is not the report's is never deleted, cleared or overwritten. When a user's sheet has the
name a report sheet would take, the report sheet is named apart ("Summary (report)", "摘要（报表）"),
see `apart_names`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..layout.sections import all_report_sheet_names

MARKER_NAME = "_SR_REPORT_SHEET"
FIGURE_PREFIX = "SR_"     # workbook-level names of the report's headline figures (SPEC)


def marker_formula(sheet_name: str) -> str:
    """The marker's value: the name of the sheet it marks, as a text constant ("Summary").

    Text, not a reference to the sheet: Excel's Move or Copy → Create a copy gives the copy the
    sheet's names, re-pointing references to the copy but leaving a constant as it is — so a copy's
    marker names another sheet, and `marks_own_sheet` tells the user's copy from the report's sheet."""
    return '"' + sheet_name.replace('"', '""') + '"'


_REFERENCE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!")


def marks_own_sheet(sheet_name: str, formula: str | None) -> bool:
    """True when a marker found on `sheet_name` is that sheet's own: its value names the sheet (a
    report sheet, renamed with it by this product only); False for a copy, or a renamed sheet, whose
    marker names another — that sheet is the user's. Markers written before the value was the name
    refer to their sheet (`'Summary'!$A$1`); for them the sheet referred to counts."""
    text = (formula or "").strip()
    text = text[1:].strip() if text.startswith("=") else text
    if len(text) >= 2 and text[0] == text[-1] == '"':
        named = text[1:-1].replace('""', '"')
    else:
        match = _REFERENCE.match(text)
        if match is None:
            return True     # an unreadable older marker: taken as the report's, as before
        named = match.group(1).replace("''", "'") if match.group(1) is not None else match.group(2)
    return named.casefold() == sheet_name.casefold()


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
