"""Sheets given as in-memory values (e.g. read from a live Excel workbook through xlwings)."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import pandas as pd

from .mapping import locate_headers
from .raw import RawSheet, RawWorkbook


def sheet_from_values(name: str, rows: Sequence[Sequence[Any]] | None, top: int = 1, left: int = 1) -> RawSheet:
    """A RawSheet from a 2-D list whose first cell is at (top, left)."""
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in (rows or [])]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame()
    frame.columns = range(frame.shape[1])
    return RawSheet(name, frame, top=top, left=left)


def workbook_from_values(sheets: Mapping[str, Any], source: str = "<values>",
                         table_totals: Mapping[str, Sequence[int]] | None = None) -> RawWorkbook:
    """A RawWorkbook from {sheet name: rows} or {sheet name: (rows, top, left)}; input sheets come
    with their header row located (read/header.py). `table_totals`: per sheet, the Excel rows that are
    an Excel table's totals row (validation leaves them out whatever they say)."""
    raw = {}
    for name, spec in sheets.items():
        if isinstance(spec, tuple) and len(spec) == 3 and isinstance(spec[1], int):
            rows, top, left = spec
        else:
            rows, top, left = spec, 1, 1
        raw[name] = sheet_from_values(name, rows, top, left)
    located = locate_headers(raw)
    for name, rows in (table_totals or {}).items():
        if name in located:
            located[name].table_totals = tuple(int(r) for r in rows)
    return RawWorkbook(located, source=source, sheet_order=list(sheets))
