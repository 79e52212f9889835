"""Readings that depend on a locale: the decimal separator of number text, the day/month order of dates.

"1.234" is 1234 in Berlin and 1.234 in Boston; "11/5/2017" is 5 November in Boston and 11 May in
London. A reading that changes a number is never guessed: each column is decided from all its cells —
a value only one reading allows ("261,96", "1.234,56"; "25/5/2017") decides the column — or by the
Settings keys `decimal_separator` / `date_order`. A value that stays ambiguous, or one the decided
reading does not allow, is a bad cell (the caller reports it with its cell). Evidence is weighed:
where both readings occur, the cells of the smaller side are the bad ones; a decimal reading shown by
fewer cells than it would change is no decision (see `_decide`).

Everything here runs on the distinct values of a column (the parsers call it through `_by_unique`), as
vectorised string operations.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# What a value (or a column) allows: decided one way, the other, either (ambiguous), or unaffected.
POINT, COMMA = ".", ","          # decimal separators
MDY, DMY = "MDY", "DMY"          # day/month orders
EITHER, NEUTRAL = "either", ""

AMBIGUOUS = "ambiguous"          # reason codes for bad cells
CONFLICT = "conflict"            # against Settings, or one of two sides as many as the other
MINORITY = "minority"            # the other reading than most of the column's values
OUTNUMBERED = "outnumbered"      # either reading, and fewer values decide than this reading would change

# Currencies always written with a decimal point: their sign decides a value such as "¥1,200".
_POINT_CURRENCY = r"(?:[¥￥元]|RMB|CNY|USD|US\$)"
_GROUPED_COMMA = r"^[1-9]\d{0,2}(?:,\d{3})+$"     # 1,234 / 12,345,678
_GROUPED_POINT = r"^[1-9]\d{0,2}(?:\.\d{3})+$"    # 1.234 / 12.345.678


@dataclass(frozen=True)
class Decision:
    reading: str                 # POINT / COMMA / MDY / DMY, or NEUTRAL when nothing needed deciding
    decided_by: int | None       # position (in the values given) of a value that decided it, if any
    bad: np.ndarray              # per value: "" or AMBIGUOUS / CONFLICT / MINORITY / OUTNUMBERED


def _decide(kinds: np.ndarray, first: str, second: str, given: str | None, weights: np.ndarray | None = None,
            outnumber: bool = False) -> Decision:
    """The column's reading from the kind of each value (first / second / EITHER / NEUTRAL); `weights`:
    how many cells hold each value (1 each when not given).

    Evidence decides, and a minority decides nothing: when both readings occur, the one fewer cells
    show is wrong in those cells (MINORITY; a tie is wrong everywhere, CONFLICT). With `outnumber`
    (decimal separators), a reading shown by fewer cells than the EITHER values it would change is no
    decision either: one "99,5" does not make a column of "6,817" into 6.817 (those are OUTNUMBERED)."""
    w = np.ones(len(kinds)) if weights is None else np.asarray(weights, dtype="float64")
    count = {k: w[kinds == k].sum() for k in (first, second, EITHER)}
    bad = np.full(len(kinds), "", dtype=object)
    if given:
        bad[(kinds != given) & (kinds != NEUTRAL) & (kinds != EITHER)] = CONFLICT
        return Decision(given, None, bad)
    if count[first] and count[second]:
        if count[first] == count[second]:        # no reading is right for most: every such value is bad
            bad[kinds != NEUTRAL] = CONFLICT
            return Decision(NEUTRAL, None, bad)
        reading, other = (first, second) if count[first] > count[second] else (second, first)
        bad[kinds == other] = MINORITY
    elif count[first] or count[second]:
        reading = first if count[first] else second
    else:
        bad[kinds == EITHER] = AMBIGUOUS
        return Decision(NEUTRAL, None, bad)
    if outnumber and count[reading] < count[EITHER]:
        bad[kinds == EITHER] = OUTNUMBERED
    return Decision(reading, int(np.flatnonzero(kinds == reading)[0]), bad)


def number_kinds(texts: pd.Series) -> np.ndarray:
    """Per number text (trimmed, NFKC): POINT, COMMA, EITHER or NEUTRAL (no separator that matters)."""
    point_sign = texts.str.contains(_POINT_CURRENCY, regex=True)
    digits = texts.str.replace(r"[^\d.,]", "", regex=True)
    has_c, has_p = digits.str.contains(",", regex=False), digits.str.contains(".", regex=False)
    both = has_c & has_p
    last_comma = digits.str.contains(r",[^.]*$", regex=True)   # a comma after the last point (or no point)
    n_c, n_p = digits.str.count(","), digits.str.count(r"\.")
    grouped_c, grouped_p = digits.str.match(_GROUPED_COMMA), digits.str.match(_GROUPED_POINT)
    kinds = np.full(len(texts), NEUTRAL, dtype=object)
    comma_only = (has_c & ~has_p).to_numpy()
    point_only = (has_p & ~has_c).to_numpy()
    kinds[(both & last_comma).to_numpy()] = COMMA
    kinds[(both & ~last_comma).to_numpy()] = POINT
    # One comma before three digits (1,234) reads either way; more groups (1,234,567) only as grouping;
    # anything else (261,96 / 0,5) only as a decimal comma. The same for points, the other way round.
    kinds[comma_only & (grouped_c & (n_c == 1)).to_numpy()] = EITHER
    kinds[comma_only & (grouped_c & (n_c > 1)).to_numpy()] = POINT
    kinds[comma_only & ~grouped_c.to_numpy()] = COMMA
    kinds[point_only & (grouped_p & (n_p == 1)).to_numpy()] = EITHER
    kinds[point_only & (grouped_p & (n_p > 1)).to_numpy()] = COMMA
    kinds[point_only & ~grouped_p.to_numpy()] = POINT
    kinds[point_sign.to_numpy() & (kinds == EITHER)] = POINT
    return kinds


def decide_numbers(texts: pd.Series, given: str | None, weights: np.ndarray | None = None) -> Decision:
    return _decide(number_kinds(texts), COMMA, POINT, given, weights, outnumber=True)


def plain_number_text(texts: pd.Series, reading: str) -> pd.Series:
    """Number text with its separators resolved: grouping removed, the decimal separator a point."""
    if reading == COMMA:
        return texts.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return texts.str.replace(",", "", regex=False)


# ------------------------------------------------------------------------------------------ dates
# Day-and-month-first date text: 11/5/2017, 11.05.2017, 11-5-2017 (optionally with a time).
DAY_MONTH_RE = (r"^(?P<a>\d{1,2})\s*[-/.]\s*(?P<b>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})"
                r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$")


def date_kinds(first: pd.Series, second: pd.Series) -> np.ndarray:
    """Per date whose first two numbers are `first` and `second`: MDY, DMY, EITHER or NEUTRAL."""
    a, b = first.to_numpy(dtype="float64"), second.to_numpy(dtype="float64")
    kinds = np.full(len(a), EITHER, dtype=object)
    kinds[(a > 12) & (b <= 12)] = DMY
    kinds[(b > 12) & (a <= 12)] = MDY
    kinds[a == b] = NEUTRAL                 # 5/5/2017 is the same day either way
    kinds[(a > 12) & (b > 12)] = NEUTRAL    # no reading: not a date, reported as such
    return kinds


def decide_dates(first: pd.Series, second: pd.Series, given: str | None,
                 weights: np.ndarray | None = None) -> Decision:
    return _decide(date_kinds(first, second), DMY, MDY, given, weights)
