"""Raw sheets: cell values as found, positioned, before any interpretation.

A RawSheet holds a block of the sheet as a DataFrame with positional columns (0..n-1). Frame row i is
Excel row `top + i`, frame column j is Excel column `left + j` (both 1-based). Values are whatever the
source gave: str, float/int, bool, datetime/date, None/NaN; Excel errors arrive as text ("#N/A") or as
blanks, depending on the source. Columns may already be typed (float64, datetime64) when the fast file
reader could infer them — validation handles both.

Both the file reader and the in-memory path (values read from a live Excel workbook) produce these, so
validation has one code path for both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import pandas as pd

from ..errors import Finding


@dataclass
class RawSheet:
    name: str
    frame: pd.DataFrame
    top: int = 1
    left: int = 1
    # When the reader already located the header row: its cell values (and `frame` holds only the data
    # rows below it, starting at Excel row `top`; `columns` gives each frame column's Excel column
    # number). Else None, and validation finds the header inside `frame`.
    header: list | None = None
    header_row: int | None = None
    columns: list[int] | None = None
    # The template's header row when the export's own header row was pasted under it (and is `header`).
    replaced_header_row: int | None = None
    # Excel rows that are an Excel table's totals row (left out whatever they say).
    table_totals: tuple[int, ...] = ()
    # Excel column number -> its formula cells below the header (read/formulas.py); {} when none.
    formulas: dict = field(default_factory=dict)
    # When `frame` leaves columns out (the fast reader loads only those it needs): called with Excel rows,
    # -> {Excel row: the row's texts in the columns left out}, where a total line's label may sit.
    labels_of: Callable[[Sequence[int]], dict] | None = None


@dataclass
class RawWorkbook:
    sheets: dict[str, RawSheet]
    source: str = ""
    sheet_order: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    date1904: bool = False      # the 1904 date system (date_system.py): plain serials count from 1904
