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
Percentages are fractions with one decimal ("+12.3%" for changes). Not available (None, NaN) is "n/a" /
"无法计算", never 0.

A figure that is not zero never reads as zero (`Shown`): one that its format would round to nothing —
a customer who bought ¥400 in a table in 万 (0.04 → "0.0"), a share of 0.04 % — reads "<0.1" in its
cell, "<¥0.1万" / "<0.1%" in a sentence ("-<0.1" when negative, "+<0.1%" for a change); zero itself
reads as it always did ("0.0", "0.0%"). Cells keep the exact value; only the number format of such a
cell differs, chosen from its value (`Shown.cell_format`), and its sections are built so that Excel
and LibreOffice show the same text: they disagree on the minus sign of a value in the third section of
a format with conditions, or under a first-section condition such as [<=-500], so a negative value is
only ever formatted under [<0] in the first section, with its "-" written out.
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


def _sections(fmt: str) -> list[str]:
    """An Excel number format's sections (split at ";" outside quoted text)."""
    out, part, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(part)
            part = ""
        else:
            part += ch
    return out + [part]


def _decimal(x: float) -> str:
    """A condition's number as Excel reads it in any locale: 500, 0.0005 (never 5E-04)."""
    return f"{x:.10f}".rstrip("0").rstrip(".")


def rounds_to_nothing(value, limit: float) -> bool:
    """A figure that is not zero but shows as zero at a precision whose half step is `limit`."""
    return not missing(value) and value != 0 and abs(float(value)) < limit


@dataclass(frozen=True)
class Shown:
    """An Excel number format and what it shows instead of zero for a figure it would round to nothing.

    `limit`: a figure with 0 < |value| < limit rounds to zero in `format` (half its last shown step);
    `below` / `below_negative`: what such a figure reads ("<0.1", "-<0.1"; "+<0.1%" for a change)."""

    format: str
    limit: float
    below: str
    below_negative: str

    def text(self, value) -> str | None:
        """`below` / `below_negative` for a figure that rounds to nothing, else None."""
        return _below_text(value, self.limit, (self.below, self.below_negative))

    def cell_format(self, value) -> str:
        """The number format of a cell holding `value`: `format`, or for a figure that rounds to nothing
        one that shows `below` for it and reads every other value as `format` would (a negative one
        then shows `below_negative`: Excel and LibreOffice give no one format a minus sign they agree on
        for both a large and a small negative value, see the module's notes)."""
        if not rounds_to_nothing(value, self.limit):
            return self.format
        if value > 0:
            return self.positive_format
        positive, zero = self._positive_and_zero()
        return f"[<0]{_quoted(self.below_negative)};[=0]{zero};{positive}"

    @property
    def positive_format(self) -> str:
        """One format for a cell or a chart's labels that hold no negative value: `below` under the
        limit, zero as `format` shows it."""
        positive, zero = self._positive_and_zero()
        return f"[>={_decimal(self.limit)}]{positive};[>0]{_quoted(self.below)};{zero}"

    def _positive_and_zero(self) -> tuple[str, str]:
        sections = _sections(self.format)
        return sections[0], sections[2] if len(sections) > 2 else sections[0]


def _below_text(value, limit: float, below: tuple[str, str]) -> str | None:
    """below[0] / below[1] (positive / negative) for a figure that rounds to nothing at `limit`, else None."""
    if not rounds_to_nothing(value, limit):
        return None
    return below[0] if value > 0 else below[1]


def _below(step: str, prefix: str = "", suffix: str = "", sign: str = "") -> tuple[str, str]:
    """("<0.1", "-<0.1") for the smallest step a format shows, with its affixes ("<¥0.1万")."""
    return f"{sign}<{prefix}{step}{suffix}", f"-<{prefix}{step}{suffix}"


def _step(digits: int) -> str:
    return f"{10 ** -digits:.{digits}f}"


def _half_step(digits: int, scale: float = 1.0) -> float:
    return scale * 10 ** -digits / 2


# Percentages and score changes as the report's cells show them (layout.formats names them).
PERCENT = Shown("0.0%", _half_step(1, 0.01), *_below(_step(1), suffix="%"))
CHANGE = Shown("+0.0%;-0.0%;0.0%", _half_step(1, 0.01), *_below(_step(1), suffix="%", sign="+"))
POINTS = Shown("+0.00;-0.00;0.00", _half_step(2), *_below(_step(2), sign="+"))
WHOLE_PERCENT = Shown("0%", _half_step(0, 0.01), *_below(_step(0), suffix="%"))      # chart labels
DAYS = Shown("0.0", _half_step(1), *_below(_step(1)))                                 # a mean of 1/30 day
MULTIPLE = Shown('0.00"×"', _half_step(2), *_below(_step(2), suffix="×"))             # a coverage: 0.87×


def multiple_text(value) -> str:
    """A multiple as its cell shows it: 0.874 -> "0.87×", 0.004 -> "<0.01×"."""
    return MULTIPLE.text(value) or f"{float(value):.2f}×"


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
    def limit(self) -> float:
        """An amount of less than this (not 0) shows as zero in the unit: 500 in 万 (0.04 → "0.0")."""
        return _half_step(self._spec.digits, self.unit)

    @property
    def table_shown(self) -> Shown:
        """Table cells: "0.0" in 万 for ¥400 reads "<0.1"."""
        return Shown(self.table_format, self.limit, *_below(_step(self._spec.digits)))

    @property
    def kpi_shown(self) -> Shown:
        """KPI cards and sentences: "<¥0.1万", "<0.1万元", "<$0.1k", "-<¥0.1万"."""
        return Shown(self.kpi_format, self.limit, *_below(_step(self._spec.digits), *self.affixes()))

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
        below = self.kpi_shown.text(value)
        if below is not None:
            return below
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
    +999 % as "×N", `times_text`); 0.0004 -> "<0.1%" (`Shown`); None -> n/a."""
    if missing(value):
        return not_available(lang)
    if signed and times_text(float(value)):
        return times_text(float(value))
    below = _below_text(value, _half_step(digits, 0.01), _below(_step(digits), suffix="%", sign="+" if signed else ""))
    if below is not None:
        return below
    pct = float(value) * 100
    if round(pct, digits) == 0:
        return f"{0.0:.{digits}f}%"          # zero: no "-0.0%", and no sign on nothing
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
    below = _below_text(value, _half_step(digits), _below(_step(digits), sign="+" if signed else ""))
    if below is not None:
        return below
    v = float(value)
    if round(v, digits) == 0:
        return f"{0.0:,.{digits}f}"
    return f"{v:+,.{digits}f}" if signed else f"{v:,.{digits}f}"
