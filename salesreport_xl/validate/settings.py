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


def _rows(sheet: RawSheet):
    """(key, value, key cell, value cell, setting spec or None) for each row that has a key."""
    frame = sheet.frame
    if sheet.header is not None:  # a reader that split the header off: put it back as a row
        frame = pd.concat([pd.DataFrame([sheet.header]), frame.set_axis(range(frame.shape[1]), axis=1)],
                          ignore_index=True)
        top, left = sheet.header_row, (sheet.columns or [1])[0]
    else:
        top, left = sheet.top, sheet.left
    frame = frame.astype(object)
    lookup = setting_lookup()
    for i in range(len(frame)):
        row = list(frame.iloc[i])
        # The key is the first non-empty cell of the row; the value is the cell right of it.
        for j, v in enumerate(row):
            if v is not None and not (isinstance(v, float) and v != v) and str(v).strip():
                value = row[j + 1] if j + 1 < len(row) else None
                if isinstance(value, float) and value != value:
                    value = None
                yield (v, value, f"{column_letter(left + j)}{top + i}", f"{column_letter(left + j + 1)}{top + i}",
                       lookup.get(normalize_name(v)))
                break


def read_settings(sheet: RawSheet | None, sink, cells: dict | None = None) -> Settings:
    """Settings from the sheet; `cells`, when given, receives each setting's value cell ("B3")."""
    values: dict = {}
    if sheet is None:
        return Settings()
    header_words = {normalize_name(w) for c in SETTINGS.columns for w in (c.en, c.zh, c.key)}
    seen = set()
    for key, value, key_cell, cell, spec in _rows(sheet):
        if spec is None:
            if normalize_name(key) not in header_words:
                sink.add(INFO, sheet.name, key_cell, "f_unknown_setting", value=str(key).strip())
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
    return Settings(**values)


MAX_DAYS = 36_500     # a "days" setting: a hundred years is more than any sales cycle


def _bad(sink, sheet, cell, spec, value, expected):
    default = "blank" if spec.default in (None, "") else spec.default
    sink.add(WARNING, sheet, cell, "f_bad_setting", key=spec.key, value=str(value).strip(),
             expected=expected, default=default)


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
        month = month_of(value)
        if month is None:
            # A report of a month nobody asked for is worse than no report: an error, not a fallback.
            sink.add(ERROR, sheet, cell, "f_bad_report_month", value=str(value).strip())
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
        sink.add(ERROR, sheet, cell, "f_ratio_one", key=spec.key, value=str(value).strip())
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
# start a thousands group). The fast reader hands Settings over as text.
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
