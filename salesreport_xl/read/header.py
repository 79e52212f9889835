"""Finding the header row of an input sheet: the row (near the top) that names the most known columns."""
from __future__ import annotations

from typing import Sequence

from ..schema import Sheet, column_lookup, normalize_name

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
