"""A1 column letters <-> 1-based column numbers: the one converter every stage uses.

Plain Python, not openpyxl's: errors.py (imported by the CLI before anything else) needs it, and
importing openpyxl costs a quarter of a second. A test checks it agrees with openpyxl's.
"""
from __future__ import annotations

from functools import lru_cache

MAX_COLUMN = 18278          # "ZZZ": any three letters (Excel's own last column is XFD, 16384)


@lru_cache(maxsize=None)
def column_letter(index: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    if not 1 <= index <= MAX_COLUMN:
        raise ValueError(f"no column number {index!r} (1 to {MAX_COLUMN})")
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


@lru_cache(maxsize=None)
def column_index(letters: str) -> int:
    """"A" -> 1, "AA" -> 27 (upper case, as in a cell reference)."""
    if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper()):
        raise ValueError(f"not column letters: {letters!r}")
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n
