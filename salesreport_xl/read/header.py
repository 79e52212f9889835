"""Finding the header row of an input sheet, and which header cell is which column.

The header is the row (near the top) that names the most known columns. Names are the schema's (key,
English, Chinese, aliases) plus the ones the Mapping sheet gives (`mapped`: normalised header -> column
key), which win. When two header cells name one column, `header_rank` (schema) picks one.

Done in read/, for every reader (the fast file reader sniffs it before loading; the openpyxl fallback
and in-memory values through `locate_header`), so validation always gets header-located sheets.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from ..schema import UNIT_PRICE_NAMES, Sheet, column_lookup, header_rank, normalize_name, sheet_lookup
from ..header_units import split_unit
from .raw import RawSheet

SNIFF_ROWS = 30  # a title, notes and blank rows may stand above the header
_NO_MAP: Mapping[str, str] = {}


def _column_of(value, sheet: Sheet, mapped: Mapping[str, str]):
    """The column a header cell names (mapped names first), or None. A money column's name may carry
    a unit (销售额（万元）): it names the column its name without the unit names."""
    if not isinstance(value, str):
        return None
    n = normalize_name(value)
    if n in mapped:
        return sheet.column(mapped[n])
    col = column_lookup(sheet).get(n)
    if col is None:
        unit = split_unit(value)
        if unit.unit:
            col = column_lookup(sheet).get(normalize_name(unit.name))
            col = col if col is not None and col.money else None
    return col


def header_score(values: Sequence, sheet: Sheet, mapped: Mapping[str, str] = _NO_MAP) -> int:
    seen = set()
    for v in values:
        col = _column_of(v, sheet, mapped)
        if col is not None:
            seen.add(col.key)
    return len(seen)


def _needed_score(sheet: Sheet) -> int:
    return 1 if sum(c.required for c in sheet.columns) <= 1 else 2


def find_header(rows: Sequence[Sequence], sheet: Sheet, mapped: Mapping[str, str] = _NO_MAP) -> int | None:
    """Index of the header row among `rows` (the first SNIFF_ROWS of the sheet), or None.

    The best row names at least two known columns (one for a one-column match on a sheet whose
    required columns are fewer); ties go to the upper row.
    """
    best, best_score = None, 0
    for i, row in enumerate(rows[:SNIFF_ROWS]):
        score = header_score(row, sheet, mapped)
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= _needed_score(sheet) else None


def _blank_row(row: Sequence) -> bool:
    return all(v is None or (isinstance(v, float) and v != v) or str(v).strip() == "" for v in row)


def _title_row(row: Sequence) -> bool:
    """A report's title, date range or note line: at most two cells filled."""
    return sum(not _blank_row([v]) for v in row) <= 2


def second_header(rows: Sequence[Sequence], h: int, sheet: Sheet,
                  mapped: Mapping[str, str] = _NO_MAP) -> int | None:
    """The export's own header row pasted under the template's (row `h`): the first row below `h`,
    past blank rows and the export's title lines ("销售订单列表", "日期：2024-11-01 至 2024-12-31"),
    that names known columns — its headers are then the ones to read. Else None."""
    for i in range(h + 1, min(len(rows), SNIFF_ROWS)):
        if _blank_row(rows[i]):
            continue
        if header_score(rows[i], sheet, mapped) >= _needed_score(sheet):
            return i
        if not _title_row(rows[i]):
            return None
    return None


def _texts_only(row: Sequence) -> bool:
    return all(v is None or isinstance(v, str) for v in row)


def _keys(row: Sequence, sheet: Sheet, mapped: Mapping[str, str]) -> set[str]:
    return {c.key for c in (_column_of(v, sheet, mapped) for v in row) if c is not None}


def _halves(upper: Sequence, lower: Sequence, sheet: Sheet, mapped: Mapping[str, str]) -> bool:
    """Whether two adjacent rows are the two halves of one header: both text, naming different
    columns (a template's header over an export's names the same ones: date, amount)."""
    if not (_texts_only(upper) and _texts_only(lower)):
        return False
    up, low = _keys(upper, sheet, mapped), _keys(lower, sheet, mapped)
    return bool(up) and bool(low) and not up & low


def _combined(upper: Sequence, lower: Sequence, sheet: Sheet, mapped: Mapping[str, str]) -> list:
    """A two-row header as an export prints it: group headings merged across above the fields
    (订单信息 over 日期 | 单号), fields merged down both rows (业务员). Merged cells hold their value in
    their first cell only: each column's header is the cell of either row that names a field (the
    lower first), the group headings left out."""
    width = max(len(upper), len(lower))
    cells = []
    for j in range(width):
        u = upper[j] if j < len(upper) else None
        v = lower[j] if j < len(lower) else None
        if _column_of(v, sheet, mapped) is not None or (_column_of(u, sheet, mapped) is None and not _blank_row([v])):
            cells.append(v)
        else:
            cells.append(u)
    return cells


def header_rows(rows: Sequence[Sequence], sheet: Sheet,
                mapped: Mapping[str, str] = _NO_MAP) -> tuple[int | None, int | None, list | None]:
    """(index of the (last) header row to read, index of a template header row above it that it
    replaces, or None, and the header's cells — a two-row header's fields of both rows)."""
    h = find_header(rows, sheet, mapped)
    if h is None:
        return None, None, None
    second = second_header(rows, h, sheet, mapped)
    if second == h + 1 and _halves(rows[h], rows[second], sheet, mapped):
        return second, None, _combined(rows[h], rows[second], sheet, mapped)
    found, replaced = (second, h) if second is not None else (h, None)
    below = found + 1
    if below < len(rows) and _halves(rows[found], rows[below], sheet, mapped):
        return below, replaced, _combined(rows[found], rows[below], sheet, mapped)
    # Never the template's own header above the export's: its cells are no part of the export's.
    if found > 0 and replaced is None and _halves(rows[found - 1], rows[found], sheet, mapped):
        return found, None, _combined(rows[found - 1], rows[found], sheet, mapped)
    return found, replaced, list(rows[found])


def locate_header(sheet: RawSheet, mapped: Mapping[str, str] = _NO_MAP) -> RawSheet:
    """`sheet` (a block of values as found) with its header row located, as every reader hands sheets
    to validation: `header` holds the header cells, `frame` only the rows below it (`mapped`: the
    Mapping sheet's headers for it).

    Returned unchanged when the header is already located, when the sheet is not an input sheet with
    a header (Settings is key/value rows, Mapping is read whole first), or when no header row is
    found — validation then reports the sheet as empty or headerless.
    """
    spec = sheet_lookup().get(normalize_name(sheet.name))
    if sheet.header is not None or spec is None or spec.key in ("settings", "mapping") or sheet.frame.empty:
        return sheet
    top = sheet.frame.iloc[:SNIFF_ROWS]
    rows = top.astype(object).where(top.notna(), None).values.tolist()
    h, replaced, cells = header_rows(rows, spec, mapped)
    if h is None:
        return sheet
    return RawSheet(sheet.name, sheet.frame.iloc[h + 1:].reset_index(drop=True), top=sheet.top + h + 1,
                    left=sheet.left, header=cells, header_row=sheet.top + h,
                    columns=[sheet.left + j for j in range(sheet.frame.shape[1])],
                    replaced_header_row=None if replaced is None else sheet.top + replaced)

@dataclass(frozen=True)
class HeaderChoice:
    """Which header cell (its index in the header row) each column is read from."""

    used: dict[str, int]                    # column key -> index
    mapped: frozenset[str]                  # column keys read from a Mapping-sheet header
    left: dict[str, tuple[int, ...]]        # column key -> other indexes that also named it (not read)
    unknown: tuple[int, ...]                # indexes of headers that name no column


def choose_columns(header: Sequence, sheet: Sheet, mapped: Mapping[str, str] = _NO_MAP) -> HeaderChoice:
    """For every column the header names, the cell to read: a Mapping-sheet header first, else the
    lowest `header_rank`, else the leftmost."""
    candidates: dict[str, list[tuple[int, int]]] = {}
    unknown, by_map = [], set()
    for i, v in enumerate(header):
        if v is None or (isinstance(v, float) and v != v) or str(v).strip() == "":
            continue
        n = normalize_name(v) if isinstance(v, str) else ""
        if n in mapped:
            candidates.setdefault(mapped[n], []).append((-2, i))
            by_map.add(mapped[n])
            continue
        col = _column_of(v, sheet, _NO_MAP)
        if col is None:
            unknown.append(i)
        else:
            candidates.setdefault(col.key, []).append((header_rank(col, split_unit(v).name), i))
    used, left = {}, {}
    for key, cands in candidates.items():
        cands.sort()
        used[key] = cands[0][1]
        if len(cands) > 1:
            left[key] = tuple(sorted(i for _, i in cands[1:]))
    mapped_keys = frozenset(k for k in by_map if any(r == -2 for r, _ in candidates[k][:1]))
    return HeaderChoice(used, mapped_keys, left, tuple(unknown))


def unit_price_index(header: Sequence) -> int | None:
    """The index of a unit price header (schema UNIT_PRICE_NAMES), or None."""
    names = {normalize_name(n) for n in UNIT_PRICE_NAMES}
    return next((j for j, h in enumerate(header) if isinstance(h, str) and normalize_name(h) in names), None)
