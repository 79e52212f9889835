"""Excel number formats of the report's cells other than amounts (those follow the display unit and
live with their text twin in `i18n.numbers.Money`), and the printed width of text. Percentages and
score changes live with their text twin in `i18n.numbers` too: what a figure that rounds to nothing
reads is one rule for cells and sentences."""
from __future__ import annotations

from ..i18n.numbers import CHANGE, DAYS as _DAYS, MULTIPLE as _MULTIPLE, PERCENT, POINTS as _POINTS, WHOLE_PERCENT

PCT = PERCENT.format
CHANGE_PCT = CHANGE.format
PCT_WHOLE = WHOLE_PERCENT.format     # chart axes and labels: 40%
INT = "#,##0"
DATE = "yyyy-mm-dd"
SCORE = "0.00"
MULTIPLE = _MULTIPLE.format   # a coverage: 0.87×
DAYS = _DAYS.format
POINTS = _POINTS.format
TEXT = "@"
GENERAL = "General"

def display_width(text: str) -> int:
    """Width in 'character units' of a column: East Asian wide characters count twice."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))
