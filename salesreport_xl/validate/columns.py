"""Which header each column was read from, as the Checks sheet and `salesreport validate` show it, and
the closest headers when a required column is not found."""
from __future__ import annotations

import difflib

from ..inputs import ColumnUse
from ..read.header import HeaderChoice
from ..a1 import column_letter
from ..header_units import split_unit
from ..schema import GROSS_AMOUNT_NAMES, Column, Sheet, column_names, normalize_name

RECOGNISED, MAPPED, FALLBACK, LEFT = "recognised", "mapped", "fallback", "left"



def is_gross_amount(header) -> bool:
    """True when an amount header is one that includes tax (schema GROSS_AMOUNT_NAMES)."""
    return normalize_name(split_unit(header).name) in {normalize_name(n) for n in GROSS_AMOUNT_NAMES}


def column_uses(spec: Sheet, header, excel_cols, header_row: int, choice: HeaderChoice,
                fallbacks: dict[str, str], notes: dict[str, str] | None = None) -> tuple[ColumnUse, ...]:
    """Every column of the sheet found in the header (in schema order), then the headers left aside.
    A money column's header unit is said with its factor; `notes`: column key -> what else to say."""
    out = []
    for c in spec.columns:
        source = fallbacks.get(c.key, c.key)
        j = choice.used.get(source)
        if j is None:
            continue
        how = FALLBACK if c.key in fallbacks else (MAPPED if c.key in choice.mapped else RECOGNISED)
        unit = split_unit(header[j]) if c.money else None
        out.append(ColumnUse(c.key, str(header[j]).strip(), column_letter(excel_cols[j]), how,
                             factor=unit.factor if unit else 1.0, unit=unit.unit if unit else "",
                             note=(notes or {}).get(c.key, "")))
    for key, others in choice.left.items():
        for j in others:
            out.append(ColumnUse(key, str(header[j]).strip(), column_letter(excel_cols[j]), LEFT))
    return tuple(out)


def _likeness(header: str, names: set[str]) -> float:
    n = normalize_name(header)
    if not n:
        return 0.0
    best = 0.0
    for name in names:
        if len(name) >= 3 and (name in n or n in name):
            best = max(best, 0.8)
        best = max(best, difflib.SequenceMatcher(None, n, name).ratio())
    return best


def closest_headers(col: Column, headers: list[str], cutoff: float = 0.6, limit: int = 2) -> list[str]:
    """Up to `limit` headers that look most like one of the column's names (best first)."""
    names = column_names(col)
    scored = sorted(((_likeness(h, names), i, h) for i, h in enumerate(headers)), key=lambda t: (-t[0], t[1]))
    return [h.strip() for score, _, h in scored[:limit] if score >= cutoff]
