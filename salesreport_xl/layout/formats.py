"""Excel number formats of the report's cells other than amounts (those follow the display unit and
live with their text twin in `i18n.numbers.Money`), and the printed width of text."""
from __future__ import annotations

PCT = "0.0%"
CHANGE_PCT = "+0.0%;-0.0%;0.0%"
INT = "#,##0"
DATE = "yyyy-mm-dd"
SCORE = "0.00"
MULTIPLE = '0.00"×"'          # a coverage: 0.87×
DAYS = "0.0"
POINTS = "+0.00;-0.00;0.00"
TEXT = "@"
GENERAL = "General"

def display_width(text: str) -> int:
    """Width in 'character units' of a column: East Asian wide characters count twice."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))
