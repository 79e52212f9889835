"""Excel's size limits, and how what we write is fitted into them (one place for each).

Excel refuses or "repairs" a workbook beyond them (../shared/ooxml/check.py reports each):
- a header or footer: 255 characters, Excel's codes (&L, &9, &&, ...) included;
- a sheet name: 31 characters (the report's are fitted in layout/sections.py);
- a cell: 32,767 characters of text;
- a list validation written in the rule itself ("a,b,c"): 255 characters;
- an Excel table's column names: unique, compared ignoring case;
- a row: 409.5 points high (longer text is cut off on screen, not refused).

Lengths are counted in UTF-16 code units, as Excel stores text: an emoji counts 2. Cut text ends in an
ellipsis; a cut never splits a surrogate pair or an "&&" (a literal & in a header).
"""
from __future__ import annotations

HEADER_FOOTER_MAX = 255
SHEET_NAME_MAX = 31
CELL_TEXT_MAX = 32_767
LIST_VALIDATION_MAX = 255
ROW_HEIGHT_MAX = 409.5
ELLIPSIS = "…"

# What the writers add around each non-empty header/footer part: "&L" (position) + '&"Calibri"' (the
# report's font, or LibreOffice prints it in its own) + "&9" (size) + " " (so a size code is never read
# together with text starting with a digit), as openpyxl writes it.
HEADER_PART_CODES = 15

def excel_length(text: str) -> int:
    """Characters as Excel counts them (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int, *, header_codes: bool = False) -> str:
    """`text` if it fits in `limit` (Excel's count), else cut with an ellipsis so that it does.
    `header_codes`: the text is header/footer text, where "&&" stands for one & and must stay whole."""
    if excel_length(text) <= limit:
        return text
    budget = limit - excel_length(ELLIPSIS)
    out, used, i = [], 0, 0
    while i < len(text):
        piece = text[i:i + 2] if header_codes and text.startswith("&&", i) else text[i]
        size = excel_length(piece)
        if used + size > budget:
            break
        out.append(piece)
        used += size
        i += len(piece)
    return "".join(out).rstrip() + ELLIPSIS


def header_part_budget(*other_parts: str) -> int:
    """Room left, in a 255-character header or footer, for one more part beside `other_parts`."""
    taken = sum(excel_length(p) + HEADER_PART_CODES for p in other_parts if p)
    return HEADER_FOOTER_MAX - taken - HEADER_PART_CODES


def cell_text(value):
    """A cell value with its text cut to what a cell holds; other values unchanged."""
    if isinstance(value, str) and len(value) > CELL_TEXT_MAX // 2 and excel_length(value) > CELL_TEXT_MAX:
        return fit(value, CELL_TEXT_MAX)
    return value


def list_validation(values: list[str]) -> list[str]:
    """The leading values whose "a,b,c" source fits in 255 characters (the rest stays typeable: every
    list this project writes is a suggestion, not a restriction)."""
    kept, used = [], -1
    for v in values:
        size = excel_length(v) + 1
        if used + size > LIST_VALIDATION_MAX:
            break
        kept.append(v)
        used += size
    return kept


def unique_ignoring_case(names: list[str]) -> list[str]:
    """Table column names made unique as Excel compares them (ignoring case): "Name", "name (2)"."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{name} ({n})"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out
