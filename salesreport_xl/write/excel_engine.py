"""Which Excel the workbook is in, as xlwings reaches it, and the units that engine takes.

xlwings names both desktop engines "excel", yet they differ where the writer cares:
- Windows (COM): a multi-area address ("A1:B2,D4") is one Range; `.api` gives Excel's own objects
  (Borders, PageSetup, IndentLevel, PrintCommunication);
- macOS (AppleScript): xlwings' Mac `Sheet.range` keeps only the text before the first ":" of an
  address with more than one, so a multi-area address silently becomes one cell — the cell writer
  sends one rectangle per call there (Generate inserts the report whole on both desktop engines:
  excel_insert.py; the cell writer is their fallback);
- the remote engine (xlwings Lite, and xlwings Server's clients): one rectangle per action, and column
  widths in points (Office.js' `format.columnWidth`), where the desktop engines take characters.
"""
from __future__ import annotations

import math
import sys

WINDOWS, MAC, REMOTE, OTHER = "windows", "mac", "remote", "other"

# The lowest xlwings whose API the writer uses: ChartSeries.set(chart_type=...) and set_source_data's
# plot_by came in 0.37.6 / 0.37.3 (0.37.5 stops at the first combo chart). pyproject.toml says the same;
# tests/test_xlwings_floor.py runs Generate with exactly this version.
XLWINGS_FLOOR = (0, 37, 6)

# Excel's default font (Calibri 11, the Normal style of a new workbook) is 7 pixels per digit; a
# pixel is 0.75 pt at 96 dpi (ECMA-376 Part 1, 18.3.1.13 col: width).
_DIGIT_PX = 7
_PT_PER_PX = 0.75


def engine_kind(book) -> str:
    """WINDOWS, MAC, REMOTE or OTHER for an xlwings Book."""
    app = getattr(book, "app", None)
    name = getattr(getattr(app, "engine", None), "name", "")
    if name == "remote":
        return REMOTE
    if name != "excel":
        return OTHER
    module = type(getattr(app, "impl", None)).__module__ or ""
    if module.endswith("_xlmac"):
        return MAC
    if module.endswith("_xlwindows"):
        return WINDOWS
    return MAC if sys.platform == "darwin" else WINDOWS


def takes_multi_area(book) -> bool:
    """Whether one call may carry a multi-area address: Excel on Windows only."""
    return engine_kind(book) == WINDOWS


def width_points(characters: float) -> float:
    """A column width of the plan (the file's `width`: characters of the default font, padding
    included) in points, the unit Office.js takes: Excel's own rounding to whole pixels, then 0.75 pt
    per pixel."""
    pixels = math.trunc((256 * characters + math.trunc(128 / _DIGIT_PX)) / 256 * _DIGIT_PX)
    return pixels * _PT_PER_PX


def column_width(book, characters: float) -> float:
    """The number to give xlwings' `column_width` for a plan width on `book`'s engine."""
    return width_points(characters) if engine_kind(book) == REMOTE else characters


def structure_protected(book) -> bool:
    """Whether the workbook's structure is protected (no sheet can be added, renamed or deleted), where
    the engine can tell: Excel's Workbook.ProtectStructure on Windows, `protect structure` on macOS.
    The remote engine's payload does not carry it; Excel refuses the first sheet action there."""
    kind = engine_kind(book)
    try:
        if kind == WINDOWS:
            return bool(book.api.ProtectStructure)
        if kind == MAC:
            return bool(book.api.protect_structure.get())
    except Exception:  # an engine or Excel version without the property: Excel refuses later, and is undone
        return False
    return False


def xlwings_too_old(version: str) -> bool:
    """Whether an xlwings version string is below XLWINGS_FLOOR ("0.36.2" -> True)."""
    parts = []
    for part in version.split(".")[:3]:
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts) < XLWINGS_FLOOR
