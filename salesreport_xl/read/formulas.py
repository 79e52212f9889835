"""Formula cells of a worksheet, and whether each saved its result.

A workbook's readers see the result Excel saved with each formula (`<v>` beside `<f>`). A file written
by a script (openpyxl, a report generator) holds formulas with no saved result, or with 0 as the saved
result, until Excel opens and saves it: read as values, a month of `=Quantity*Price` is 0.00 or blank.
Validation refuses a read column with such formulas (validate/formulas.py); this module counts
them per column, straight from the sheet XML.

The XML is scanned as bytes, in chunks, for formula elements (no XML parse of every cell): a sheet
without formulas costs one decompression pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..a1 import column_index

_CHUNK = 8 << 20
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?r=\"([A-Z]+)(\d+)\"[^>]*>")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")


@dataclass
class FormulaColumn:
    """The formula cells of one column (below the header)."""

    cells: int = 0               # formula cells
    no_result: int = 0           # of them, with no saved result
    zero: int = 0                # of them, whose saved result is 0
    first_no_result: str = ""    # the first such cell ("C5")
    first: str = ""              # the first formula cell


def formula_columns(zf, part: str, first_row: int) -> dict[int, FormulaColumn]:
    """Excel column number (1-based) -> its formula cells at or below `first_row`, for the sheet part
    `part` of the open package `zf` (a ZipFile). Empty when the sheet has no formula there."""
    out: dict[int, FormulaColumn] = {}
    tail = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            data = tail + chunk
            end = _data_end(data)
            if end >= 0:
                data = data[:end]
            # A cell cut by the chunk's end is looked at with the next chunk.
            last = end >= 0 or not chunk
            cut = len(data) if last else max(data.rfind(b"<c "), data.rfind(b":c "))
            cut = len(data) if cut <= 0 else cut
            # Most sheets hold no formula: a C-level find decides before any pattern runs.
            if data.find(b"<f", 0, cut) >= 0 or data.find(b":f", 0, cut) >= 0:
                _scan(data[:cut], first_row, out)
            if last:
                break
            tail = data[cut:]
    return out


def _data_end(data: bytes) -> int:
    """Where </sheetData> (or a prefixed </x:sheetData>) starts in `data`, or -1."""
    end = data.find(b"</sheetData>")
    if end < 0 and data.find(b":sheetData>") >= 0:
        m = re.search(rb"</\w+:sheetData>", data)
        end = m.start() if m else -1
    return end


def _scan(data: bytes, first_row: int, out: dict[int, FormulaColumn]) -> None:
    pos = 0
    while True:
        m = _FORMULA.search(data, pos)
        if m is None:
            return
        start = max(data.rfind(b"<c ", 0, m.start()), data.rfind(b":c ", 0, m.start()))
        close = _CELL_END.search(data, m.end())
        if start < 0 or close is None:
            return
        pos = close.end()
        cell = _CELL.match(data, start if data[start:start + 1] == b"<" else data.rfind(b"<", 0, start))
        if cell is None or int(cell.group(2)) < first_row:
            continue
        col = column_index(cell.group(1).decode())
        ref = cell.group(1).decode() + cell.group(2).decode()
        stats = out.setdefault(col, FormulaColumn())
        stats.cells += 1
        stats.first = stats.first or ref
        v = _VALUE.search(data, m.end(), close.start())
        text = v.group(1).strip() if v is not None else b""
        if not text:
            stats.no_result += 1
            stats.first_no_result = stats.first_no_result or ref
        elif text in (b"0", b"0.0"):
            stats.zero += 1
