"""Finding the header row of an input sheet: the row (near the top) that names the most known columns.

Done in read/, for every reader (the fast file reader sniffs it before loading; the openpyxl fallback
and in-memory values through `locate_header`), so validation always gets header-located sheets."""
from __future__ import annotations

from typing import Sequence

from ..schema import Sheet, column_lookup, normalize_name, sheet_lookup
from .raw import RawSheet

SNIFF_ROWS = 30  # a title, notes and blank rows may stand above the header


def header_score(values: Sequence, sheet: Sheet) -> int:
    lookup = column_lookup(sheet)
    seen = set()
    for v in values:
        col = lookup.get(normalize_name(v)) if isinstance(v, str) else None
        if col is not None:
            seen.add(col.key)
    return len(seen)


def find_header(rows: Sequence[Sequence], sheet: Sheet) -> int | None:
    """Index of the header row among `rows` (the first SNIFF_ROWS of the sheet), or None.

    The best row names at least two known columns (one for a one-column match on a sheet whose
    required columns are fewer); ties go to the upper row.
    """
    best, best_score = None, 0
    for i, row in enumerate(rows[:SNIFF_ROWS]):
        score = header_score(row, sheet)
        if score > best_score:
            best, best_score = i, score
    needed = 1 if sum(c.required for c in sheet.columns) <= 1 else 2
    return best if best_score >= needed else None


def locate_header(sheet: RawSheet) -> RawSheet:
    """`sheet` (a block of values as found) with its header row located, as every reader hands sheets
    to validation: `header` holds the header cells, `frame` only the rows below it.

    Returned unchanged when the header is already located, when the sheet is not an input sheet with
    a header (Settings is key/value rows), or when no header row is found — validation then reports
    the sheet as empty or headerless.
    """
    spec = sheet_lookup().get(normalize_name(sheet.name))
    if sheet.header is not None or spec is None or spec.key == "settings" or sheet.frame.empty:
        return sheet
    top = sheet.frame.iloc[:SNIFF_ROWS]
    rows = top.astype(object).where(top.notna(), None).values.tolist()
    h = find_header(rows, spec)
    if h is None:
        return sheet
    return RawSheet(sheet.name, sheet.frame.iloc[h + 1:].reset_index(drop=True), top=sheet.top + h + 1,
                    left=sheet.left, header=rows[h], header_row=sheet.top + h,
                    columns=[sheet.left + j for j in range(sheet.frame.shape[1])])
