"""The Settings sheet: key/value rows -> `Settings`, with a finding for every value not understood."""
from __future__ import annotations

import datetime as _dt
import math
import re

import pandas as pd

from ..errors import ERROR, INFO, WARNING
from ..excel_limits import NOT_XML_CHARACTERS, xml_text
from ..inputs import AUTO, Settings
from ..a1 import column_letter
from ..read.header import choose_columns
from ..read.raw import RawSheet
from ..schema import SETTINGS, SETTING_KEYS, normalize_name, setting_lookup
from . import parse
from .month import month_of

_LANGS = {"en": "en", "english": "en", "英文": "en", "英语": "en",
          "zh": "zh", "cn": "zh", "chinese": "zh", "中文": "zh", "简体中文": "zh", "zhcn": "zh"}

# The words a person may write for the locale settings (looked up as written, then normalised).
_CHOICE_WORDS = {
    "decimal_separator": {".": ".", ",": ",", "，": ",", "point": ".", "dot": ".", "decimalpoint": ".",
                          "comma": ",", "decimalcomma": ",", "句点": ".", "小数点": ".", "逗号": ","},
    "date_order": {"mdy": "MDY", "monthfirst": "MDY", "us": "MDY", "月日年": "MDY",
                   "dmy": "DMY", "dayfirst": "DMY", "日月年": "DMY"},
}


_HEADER_ROWS = 10   # a title or a note may stand above the Key | Value header


def _grid(sheet: RawSheet) -> tuple[list[list], int, int]:
    """The sheet's cells as rows (None where blank), and the Excel row and column of the first cell."""
    frame = sheet.frame
    if sheet.header is not None:  # a reader that split the header off: put it back as a row
        frame = pd.concat([pd.DataFrame([sheet.header]), frame.set_axis(range(frame.shape[1]), axis=1)],
                          ignore_index=True)
        top, left = sheet.header_row, (sheet.columns or [1])[0]
    else:
        top, left = sheet.top, sheet.left
    frame = frame.astype(object)
    rows = frame.where(frame.notna(), None).values.tolist()
    rows = [[None if isinstance(v, str) and not v.strip() else v for v in r] for r in rows]
    return rows, top, left


def _header(rows: list[list]) -> tuple[int, int, int] | None:
    """(row index, key column, value column) of a Key | Value header (Setting / Value, 项目 / 值, in any
    column order) among the first rows, or None."""
    for i, row in enumerate(rows[:_HEADER_ROWS]):
        used = choose_columns(row, SETTINGS).used
        if "key" in used and "value" in used:
            return i, used["key"], used["value"]
    return None


def _rows(sheet: RawSheet):
    """(key, value, key cell, value cell, setting spec or None) for each row that has a key.

    By the header when the sheet has one; else by position: the key is the first non-empty cell of
    the row, the value the cell right of it."""
    rows, top, left = _grid(sheet)
    lookup = setting_lookup()
    cell = lambda i, j: f"{column_letter(left + j)}{top + i}"  # noqa: E731
    found = _header(rows)
    if found is not None:
        h, kj, vj = found
        for i in range(h + 1, len(rows)):
            key = rows[i][kj]
            if key is None:
                continue
            yield key, rows[i][vj], cell(i, kj), cell(i, vj), lookup.get(normalize_name(key))
        return
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                value = row[j + 1] if j + 1 < len(row) else None
                yield v, value, cell(i, j), cell(i, j + 1), lookup.get(normalize_name(v))
                break


def read_settings(sheet: RawSheet | None, sink, cells: dict | None = None, read: list | None = None) -> Settings:
    """Settings from the sheet; `cells`, when given, receives each setting's value cell ("B3"); `read`
    receives (key, value as written, cell, value as read) for each setting found, for the Checks sheet."""
    values: dict = {}
    if sheet is None:
        return Settings()
    header_words = {normalize_name(w) for c in SETTINGS.columns for w in (c.en, c.zh, c.key, *c.aliases)}
    seen = set()
    unknown = []
    for key, value, key_cell, cell, spec in _rows(sheet):
        if spec is None:
            if normalize_name(key) not in header_words:
                sink.add(INFO, sheet.name, key_cell, "f_unknown_setting", value=str(key).strip())
                unknown.append(key_cell)
            continue
        if spec.key in seen:
            sink.add(WARNING, sheet.name, cell, "f_duplicate_setting", key=spec.key)
            continue
        seen.add(spec.key)
        if cells is not None:
            cells[spec.key] = cell
        parsed = _parse_setting(spec, value, sheet.name, cell, sink)
        if parsed is not None:
            values[spec.key] = parsed
        if read is not None:
            read.append((spec.key, "" if value is None else _shown(value), cell,
                         _shown(values.get(spec.key, spec.default))))
    if unknown and not seen:
        # Rows, and not one names a setting: every default would stand in silently for what was meant.
        sink.add(ERROR, sheet.name, unknown[0], "f_settings_unread",
                 keys=", ".join(s.key for s in SETTING_KEYS[:5]))
    return Settings(**values)


MAX_DAYS = 36_500     # a "days" setting: a hundred years is more than any sales cycle


def _shown(value) -> str:
    """A setting's value as written or read, for the Checks sheet."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        # A number cell (10000.0 from live Excel) reads as the text cell "10000" does.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"
    if isinstance(value, (_dt.datetime, pd.Timestamp)):
        return str(pd.Timestamp(value).date())
    return str(value).strip()


# What a setting expects, in each report language (a list of choices reads the same in both).
_EXPECTED_ZH = {"a number": "应为数字", "a whole number above 0": "应为大于 0 的整数",
                "a whole number above 0 or auto": "应为大于 0 的整数或 auto",
                "a share between 0 and 100%": "应为 0 到 100% 之间的比例", "blank": "空值"}


def _bad(sink, sheet, cell, spec, value, expected):
    default = "blank" if spec.default in (None, "") else spec.default
    both = lambda text: {"en": text, "zh": _EXPECTED_ZH.get(text, text)}  # noqa: E731
    sink.add(WARNING, sheet, cell, "f_bad_setting", key=spec.key, value=_shown(value),
             expected=both(expected), default=both(str(default)))


def _year_dot_month(value) -> bool:
    """A number cell such as 2025.09 in a month setting: a year with the month after the point (an Excel
    serial is a whole number, or a date and time above 32874)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and 1900 <= value < 2101
            and value % 1 != 0)


# Units people write after a count or a number of days ("90天", "90 days", "10个"): the number is meant.
_COUNT_UNIT = re.compile(r"(?i)^\s*(-?[\d.,]+)\s*(?:天|日|days?|d|个|名|位|家|条|项|items?|rows?)\s*$")
# display_unit written as its name: 元 / 千元 / 万元 / 百万元, thousand, ten-thousand, million.
_UNIT_WORDS = {"元": 1, "yuan": 1, "one": 1, "千元": 1000, "千": 1000, "thousand": 1000, "thousands": 1000,
               "k": 1000, "万元": 10000, "万": 10000, "tenthousand": 10000, "tenthousands": 10000,
               "百万元": 1000000, "百万": 1000000, "million": 1000000, "millions": 1000000, "m": 1000000}


def _parse_setting(spec, value, sheet, cell, sink):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if spec.type == "text":
        text = parse._text_value(value)
        if isinstance(text, str) and NOT_XML_CHARACTERS.search(text):
            # "_x0000_" in a cell is read as the character itself; no page header can hold one.
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in NOT_XML_CHARACTERS.findall(text)}))
            text = xml_text(text)
            sink.add(WARNING, sheet, cell, "f_setting_control_chars", key=spec.key, codes=codes, value=text)
        return text
    if spec.type == "month":
        if _year_dot_month(value):
            # A number typed as 2025.10 is stored as 2025.1, like 2025.1 itself: January and October are
            # one number, so it is refused whatever the cell's format shows (the number format is not
            # seen by every reader). Any other year.month number reads as it shows: 2025.09, 2025.12.
            if round(value % 1, 6) == 0.1:
                sink.add(ERROR, sheet, cell, "f_month_number_ambiguous", value=str(value), year=int(value))
                return None
            value = str(value)
        month = month_of(value)
        if month is None:
            # A report of a month nobody asked for is worse than no report: an error, not a fallback.
            sink.add(ERROR, sheet, cell, "f_bad_report_month", value=_shown(value))
        return month
    if spec.type == "choice":
        words = _LANGS if spec.key == "language" else _CHOICE_WORDS[spec.key]
        text = str(value).strip()
        choice = words.get(text) or words.get(normalize_name(text))
        if choice is None:
            _bad(sink, sheet, cell, spec, value, " / ".join(str(c) for c in spec.choices) or '"." / ","')
        return choice
    if spec.type == "days" and normalize_name(value) in (AUTO, "自动"):
        return AUTO
    if spec.key == "display_unit" and isinstance(value, str):
        word = normalize_name(re.sub(r"^[¥￥$€£]", "", value.strip()))
        if word in _UNIT_WORDS:
            return _UNIT_WORDS[word]
    if spec.type in ("integer", "days") and isinstance(value, str) and _COUNT_UNIT.match(value):
        value = _COUNT_UNIT.match(value).group(1)
    number = _number(value)
    if number is None:
        _bad(sink, sheet, cell, spec, value, "a number")
        return None
    if spec.type in ("integer", "days"):
        if spec.choices and number not in spec.choices:
            _bad(sink, sheet, cell, spec, value, " / ".join(str(c) for c in spec.choices))
            return None
        if number < 0 or number != int(number) or (number == 0 and spec.key != "display_unit"):
            _bad(sink, sheet, cell, spec, value,
                 "a whole number above 0" + (" or auto" if spec.type == "days" else ""))
            return None
        if spec.type == "days" and number > MAX_DAYS:
            # Days past dates' range (pandas reaches 2262) would overflow the date arithmetic.
            _bad(sink, sheet, cell, spec, value, f"a whole number from 1 to {MAX_DAYS:,} or auto")
            return None
        return int(number)
    # ratio: a share is a fraction up to 1 without a percent sign (0.3), a percentage above 1 (30) or
    # with one ("30%", "1%", "100%"); 1 alone is 1 % or 100 % alike, so it is refused with how to write it.
    written_pct = isinstance(value, str) and "%" in value
    if abs(number) == 1 and not written_pct:
        sink.add(ERROR, sheet, cell, "f_ratio_one", key=spec.key, value=_shown(value))
        return None
    if abs(number) > 1 and not written_pct:
        pct = number / 100.0
        sink.add(INFO, sheet, cell, "f_setting_percent", key=spec.key, value=_fmt(number), pct=f"{pct:.0%}")
        number = pct
    if spec.key == "underperform":
        # "10%" under target means -10 %: the sign is the direction, the size is what people type.
        return -abs(number)
    if number < 0:
        _bad(sink, sheet, cell, spec, value, "a share between 0 and 100%")
        return None
    return float(number)


# Number text no locale reads otherwise: whole numbers without grouping, and 0.x (a "0." cannot
# start a thousands group). Text cells of Settings arrive as text from every reader (number cells as numbers).
_PLAIN_NUMBER = re.compile(r"\s*-?(?:\d{1,15}|0\.\d{1,15})\s*\Z")


def _number(value) -> float | None:
    """A setting's number, or None when it is not one. A number cell is taken as it is; text goes
    through the column parser ("30%", "1,5", "¥1,200"), which costs a few milliseconds a call —
    a Settings sheet of numbers would otherwise spend a fifth of a second on itself."""
    if isinstance(value, str) and _PLAIN_NUMBER.match(value):
        value = float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        return number if math.isfinite(number) and abs(number) < parse.MAX_ABS_NUMBER else None
    p = parse.parse_number(pd.Series([value], dtype=object))
    number = p.values.iat[0]
    return None if p.bad.iat[0] or pd.isna(number) else float(number)


def _fmt(x) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
