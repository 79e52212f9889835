"""Amounts, percentages and counts as the report shows them: the one place for the rule.

A report shows amounts in its display unit everywhere — KPI cards, tables' number formats, sentences —
so the same figure reads the same on the page. `Money` holds that rule for one report (language,
currency, display unit, Settings' unit label) and gives both the Excel number formats and the text
they show, computed in Python for sentences and notes.

Cells keep full-precision values; the unit is only a number format, so formulas built on the report
stay right:
  - 万 (10 000): `0"."0,` — the trailing comma divides by 1 000 and the quoted "." is put before the last
    shown digit, which divides by 10 more. Excel and LibreOffice agree (checked with LibreOffice; the
    popular `0!.0,` prints "123!.5" there). No thousands separator: a "," before the literal would be
    split into the digits ("12,34.6").
  - 千 (1 000): `#,##0.0,`
  - 1 (元 / $ / …): `#,##0`

How an amount is labelled (one table, `_UNITS`):
  - Settings' `unit_label` wins: "12.3万港元", "1,234.5 thousand" (a space before a Western label; a
    Chinese label is not used in an English report).
  - Chinese with a yuan currency (¥, ￥, 元, CNY, RMB or blank): as the seed writes it, "12.3万元";
    with another currency of a common Chinese name the same way: "118.4千美元", "12.3万欧元".
  - Otherwise the currency sign before and the unit's suffix after: "¥12.3万", "$1,234.5k", "$1,234".
Percentages are fractions with one decimal ("+12.3%" for changes); a value that rounds to zero is
"0.0%", never "-0.0%". Not available (None, NaN) is "n/a" / "无法计算", never 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from . import normalize_lang

YUAN_CURRENCIES = frozenset({"", "¥", "￥", "元", "cny", "rmb"})
# A Chinese reader names other currencies after the unit: 118.4千美元, not $118.4千 (金额单位：千美元).
ZH_CURRENCY_NAMES = {"$": "美元", "us$": "美元", "usd": "美元", "€": "欧元", "eur": "欧元", "£": "英镑",
                     "gbp": "英镑", "hk$": "港元", "hkd": "港元", "jpy": "日元", "円": "日元", "nt$": "新台币",
                     "twd": "新台币", "s$": "新加坡元", "sgd": "新加坡元"}


@dataclass(frozen=True)
class _Unit:
    table_format: str     # Excel number format of table cells (no symbol: the subtitle names the unit)
    digits: int           # decimals shown
    zh_yuan: str          # zh label for a yuan currency: 万元
    zh_suffix: str        # zh suffix after another currency: $12.3万
    en_suffix: str        # en suffix: $1,234.5k
    en_name: str          # en subtitle: "{currency} thousands"


_UNITS = {
    1: _Unit("#,##0", 0, "元", "", "", "{currency}"),
    1000: _Unit("#,##0.0,", 1, "千元", "千", "k", "{currency} thousands"),
    10000: _Unit('0"."0,', 1, "万元", "万", "万", "{currency} ten-thousands (万)"),
    1000000: _Unit("#,##0.0,,", 1, "百万元", "百万", "M", "{currency} millions"),
}
DISPLAY_UNITS = tuple(_UNITS)

_NA = {"en": "n/a", "zh": "无法计算"}


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def not_available(lang: str) -> str:
    return _NA[normalize_lang(lang)]


def has_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "") + '"' if text else ""


@dataclass(frozen=True)
class Money:
    """How one report writes amounts: `Money.of(meta, lang)` or `Money(lang, currency, unit, label)`."""

    lang: str = "en"
    currency: str = "¥"
    display_unit: int = 10000
    label: str = ""           # Settings' unit_label ("" = from the unit)

    @classmethod
    def of(cls, meta, lang: str | None = None) -> "Money":
        return cls(normalize_lang(lang or meta.language), meta.currency or "",
                   int(meta.display_unit or 1), meta.unit_label or "")

    @property
    def unit(self) -> int:
        return self.display_unit if self.display_unit in _UNITS else 1

    @property
    def _spec(self) -> _Unit:
        return _UNITS[self.unit]

    @property
    def _yuan(self) -> bool:
        return self.currency.strip().casefold() in YUAN_CURRENCIES

    @property
    def _label(self) -> str:
        """Settings' unit label where it reads in this language (a Chinese 万元 is not used in English)."""
        return self.label if self.label and (self.lang == "zh" or not has_cjk(self.label)) else ""

    def affixes(self) -> tuple[str, str]:
        """(prefix, suffix) written around the number."""
        if self._label:
            return "", (self._label if has_cjk(self._label) else " " + self._label)
        if self.lang == "zh":
            if self._yuan:
                return "", self._spec.zh_yuan
            if self._zh_currency:
                return "", self._spec.zh_suffix + self._zh_currency
            return self.currency, self._spec.zh_suffix
        return self.currency, self._spec.en_suffix

    @property
    def _zh_currency(self) -> str:
        """The currency's Chinese name (美元), or "" for one without a common name here."""
        return ZH_CURRENCY_NAMES.get(self.currency.strip().casefold(), "")

    # -- Excel number formats --------------------------------------------------------------------
    @property
    def table_format(self) -> str:
        return self._spec.table_format

    @property
    def kpi_format(self) -> str:
        """KPI cards and single figures: "¥12.3万", "$1,234.5k", "12.3万元"."""
        prefix, suffix = self.affixes()
        pos = f"{_quoted(prefix)}{self.table_format}{_quoted(suffix)}"
        return f"{pos};-{pos}"

    @property
    def unit_text(self) -> str:
        """How the unit is named in subtitles and axis titles: "万元", "¥ thousands"."""
        if self._label:
            return self._label
        if self.lang == "zh":
            if self._yuan:
                return self._spec.zh_yuan
            if self._zh_currency:
                return self._spec.zh_suffix + self._zh_currency
            return f"{self.currency}{self._spec.zh_suffix}".strip()
        return self._spec.en_name.format(currency=self.currency).strip()

    # -- text --------------------------------------------------------------------------------------
    def text(self, value) -> str:
        """What `kpi_format` shows for `value`, for sentences and notes."""
        if missing(value):
            return not_available(self.lang)
        value = float(value)
        shown = abs(value) / self.unit
        body = f"{shown:,.{self._spec.digits}f}" if self.unit != 10000 else f"{shown:.1f}"
        sign = "-" if value < 0 and body.strip("0.,") else ""
        prefix, suffix = self.affixes()
        return f"{sign}{prefix}{body}{suffix}"


# A change beyond ±999 % reads as a multiple: "+46401.2%" says less than "×465".
TIMES_FROM = 9.995


def times_text(change: float) -> str | None:
    """A change of more than +999 % as the multiple it is (now = (1 + change) × base): 10.0 -> "×11.0",
    463.0 -> "×464"; None for a change within ±999 % (a sales change cannot fall below −100 %)."""
    if change < TIMES_FROM:
        return None
    n = 1.0 + change
    return f"×{n:,.0f}" if n >= 100 else f"×{n:.1f}"


def percent_text(value, lang: str = "en", *, signed: bool = False, digits: int = 1) -> str:
    """A fraction as a percentage: 0.123 -> "12.3%" ("+12.3%" when signed; a signed change beyond
    +999 % as "×N", `times_text`); None -> n/a."""
    if missing(value):
        return not_available(lang)
    if signed and times_text(float(value)):
        return times_text(float(value))
    pct = float(value) * 100
    if round(pct, digits) == 0:
        pct = 0.0
        return f"{pct:.{digits}f}%"          # no "-0.0%", and no sign on nothing
    return f"{pct:+.{digits}f}%" if signed else f"{pct:.{digits}f}%"


def count_text(value, lang: str = "en") -> str:
    """A whole number with thousands separators; None -> n/a."""
    if missing(value):
        return not_available(lang)
    return f"{int(round(float(value))):,}"


def counted(n: int, noun: str) -> str:
    """An English count with its noun in the right number — "1 error", "3 errors" — never "error(s)"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def number_text(value, lang: str = "en", *, digits: int = 1, signed: bool = False) -> str:
    """A plain number (a score, days): "4.2", "+0.3"; None -> n/a."""
    if missing(value):
        return not_available(lang)
    v = float(value)
    if round(v, digits) == 0:
        v = 0.0
        return f"{v:,.{digits}f}"
    return f"{v:+,.{digits}f}" if signed else f"{v:,.{digits}f}"
