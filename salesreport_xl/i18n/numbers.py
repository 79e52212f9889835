"""Numbers written inside sentences, the way a manager reads them.

Cells on the report keep full-precision values and show the display unit through a number format; these
helpers are only for numbers inside generated text (highlights, suggestions, the conclusion).

- Chinese: amounts in the display unit with its label, as the seed writes them: "123.4万元", "8.6千元",
  "1,234元". The label is Settings' `unit_label` when given, else 元 / 千元 / 万元 for a yuan currency
  (¥, ￥, 元, CNY, RMB or blank), else the currency sign before the number and 千 / 万 after it ("$12.3万").
- English: amounts with the currency sign, compact, three significant digits ("¥1.23M", "¥45.6K",
  "¥457K", "¥980") — the way English readers say large amounts, whatever the display unit of the
  cells. A `unit_label` written in Settings in a Western script wins for display units above 1:
  "¥1,234.5 thousand" (a Chinese label such as 万元 is not used in English sentences).
- Percentages are fractions shown with one decimal and, for changes, a sign: "+12.3%", "-4.0%".
- Not available (None) is written "n/a" / "无法计算", never 0.
"""
from __future__ import annotations

import math

_YUAN = {"", "¥", "￥", "元", "cny", "rmb"}
_ZH_YUAN_LABELS = {1: "元", 1000: "千元", 10000: "万元"}
_ZH_SUFFIX = {1: "", 1000: "千", 10000: "万"}
_NA = {"en": "n/a", "zh": "无法计算"}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _has_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def not_available(lang: str) -> str:
    return _NA["zh" if lang == "zh" else "en"]


def unit_label(lang: str, display_unit: int, currency: str = "¥", label: str = "") -> str:
    """The label of the display unit in a language (Settings' own label wins)."""
    if label:
        return label
    if lang == "zh":
        if currency.strip().casefold() in _YUAN:
            return _ZH_YUAN_LABELS.get(display_unit, "元")
        return _ZH_SUFFIX.get(display_unit, "")
    return {1: "", 1000: "thousand", 10000: "ten-thousand"}.get(display_unit, "")


def format_amount(value, lang: str = "en", *, currency: str = "¥", display_unit: int = 10000,
                  label: str = "") -> str:
    """An amount for a sentence: "123.4万元" (zh) or "¥1.23M" (en); None -> n/a."""
    if _missing(value):
        return not_available(lang)
    value = float(value)
    unit = display_unit if display_unit in (1, 1000, 10000) else 1
    if lang == "zh":
        shown = value / unit
        if unit == 1 or shown == 0:
            digits = 0 if abs(shown) >= 100 or shown == 0 else 2
        else:  # "123.4万元"; below one unit keep two decimals so 300元 is "0.03万元", not "0.0万元"
            digits = 1 if abs(shown) >= 1 else 2
        number = f"{shown:,.{digits}f}"
        if label or currency.strip().casefold() in _YUAN:
            return f"{number}{unit_label('zh', unit, currency, label)}"
        return f"{currency}{number}{_ZH_SUFFIX.get(unit, '')}"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if label and unit > 1 and not _has_cjk(label):  # a Chinese label (万元) in an English sentence: compact
        return f"{sign}{currency}{magnitude / unit:,.1f} {label}"
    if unit == 1:
        digits = 0 if magnitude >= 100 or magnitude == 0 else 2
        return f"{sign}{currency}{magnitude:,.{digits}f}"
    steps = ((1.0, ""), (1e3, "K"), (1e6, "M"), (1e9, "B"))
    for i, (size, suffix) in enumerate(steps):
        shown = magnitude / size
        digits = 0 if size == 1.0 else (2 if shown < 10 else (1 if shown < 100 else 0))  # ¥1.23M ¥45.6K ¥457K
        if round(shown, digits) >= 1000 and i + 1 < len(steps):
            continue  # 999,960 is "¥1.00M", not "¥1,000K"
        return f"{sign}{currency}{shown:,.{digits}f}{suffix}"
    raise AssertionError("unreachable")


def format_percent(value, lang: str = "en", *, signed: bool = False, digits: int = 1) -> str:
    """A fraction as a percentage: 0.123 -> "12.3%" ("+12.3%" when signed); None -> n/a."""
    if _missing(value):
        return not_available(lang)
    pct = float(value) * 100
    if round(pct, digits) == 0:
        pct = 0.0  # no "-0.0%"
    return f"{pct:+.{digits}f}%" if signed else f"{pct:.{digits}f}%"


def format_count(value, lang: str = "en") -> str:
    """A whole number with thousands separators; None -> n/a."""
    if _missing(value):
        return not_available(lang)
    return f"{int(round(float(value))):,}"


def format_number(value, lang: str = "en", *, digits: int = 1, signed: bool = False) -> str:
    """A plain number (a score, days): "4.2", "+0.3"; None -> n/a."""
    if _missing(value):
        return not_available(lang)
    v = float(value)
    if round(v, digits) == 0:
        v = 0.0
    return f"{v:+,.{digits}f}" if signed else f"{v:,.{digits}f}"
