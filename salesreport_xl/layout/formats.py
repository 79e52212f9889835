"""Number formats in the display unit, and the same formatting in Python for text that cites numbers.

Amount cells keep full-precision values; the unit is only a number format, so formulas built on the
report stay right:
  - 万元 (10 000): `0"."0,` — the trailing comma divides by 1 000 and the quoted "." is put before the
    last shown digit, which divides by 10 more. Excel and LibreOffice agree (checked with LibreOffice;
    the popular `0!.0,` prints "123!.5" there). No thousands separator: a "," before the literal would
    be split into the digits ("12,34.6").
  - 千元 (1 000): `#,##0.0,`
  - 1 (元 / $ / …): `#,##0`
"""
from __future__ import annotations

import math

PCT = "0.0%"
CHANGE_PCT = "+0.0%;-0.0%;0.0%"
INT = "#,##0"
DATE = "yyyy-mm-dd"
SCORE = "0.00"
DAYS = "0.0"
POINTS = "+0.00;-0.00;0.00"
TEXT = "@"
GENERAL = "General"

_TABLE_AMOUNT = {1: "#,##0", 1000: "#,##0.0,", 10000: '0"."0,'}
_SUFFIX = {"zh": {1: "", 1000: "千", 10000: "万"}, "en": {1: "", 1000: "k", 10000: "万"}}


def _unit(unit: int) -> int:
    return unit if unit in _TABLE_AMOUNT else 1


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "") + '"' if text else ""


def amount_format(unit: int) -> str:
    """Table cells: the unit is named once in the sheet's subtitle, so no symbol here."""
    return _TABLE_AMOUNT[_unit(unit)]


_YUAN = {"", "¥", "￥", "元", "cny", "rmb"}


def _affixes(unit: int, currency: str, lang: str) -> tuple[str, str]:
    """(prefix, suffix) around a KPI amount: zh yuan as the seed writes it ("12.3万元"), else the
    currency sign before and 千 / 万 / k after ("¥12.3万", "$1,234.5k")."""
    u = _unit(unit)
    if lang == "zh" and currency.strip().casefold() in _YUAN:
        return "", {1: "元", 1000: "千元", 10000: "万元"}[u]
    return currency, _SUFFIX["zh" if lang == "zh" else "en"][u]


def amount_kpi_format(unit: int, currency: str, lang: str) -> str:
    """KPI cards and single figures: currency sign and unit suffix, e.g. "¥12.3万", "$1,234.5k"."""
    prefix, suffix = _affixes(unit, currency, lang)
    pos = f"{_quoted(prefix)}{_TABLE_AMOUNT[_unit(unit)]}{_quoted(suffix)}"
    return f"{pos};-{pos}"


def amount_text(value: float | None, unit: int, currency: str = "", lang: str = "en", na: str = "n/a") -> str:
    """What `amount_kpi_format` shows, computed in Python (for sentences and notes)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return na
    u = _unit(unit)
    currency, suffix = _affixes(unit, currency, lang)
    v = abs(float(value))
    if u == 10000:
        body = f"{v / 10000:.1f}"
    elif u == 1000:
        body = f"{v / 1000:,.1f}"
    else:
        body = f"{v:,.0f}"
    sign = "-" if float(value) < 0 and body.strip("0.,") else ""
    return f"{sign}{currency}{body}{suffix}"


def pct_text(value: float | None, na: str = "n/a", signed: bool = False) -> str:
    if value is None:
        return na
    text = f"{value * 100:.1f}%"
    return ("+" + text) if signed and value > 0 else text


def display_width(text: str) -> int:
    """Width in 'character units' of a column: East Asian wide characters count twice."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))
