"""Units written in a header: 销售额（万元）, Revenue ('000), Net Sales (USD m), 金额(元).

A money column headed with a unit holds its values in that unit: 12.5 under 销售额（万元） is 125,000
in the currency. The header is recognised without its unit (销售额（万元） names the amount as 销售额
does), and validation multiplies the column's values by the unit's factor, which the Checks sheet
shows ("× 10,000 (万元)"). The one place where a header's unit is read.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A unit word (compared case-sensitively only for the lone letters, where "M" / "m" / "K" / "k" are what
# finance headers write) -> its factor. 元 / a currency alone is a unit of 1: recognised, not scaled.
_UNITS_ZH = {"元": 1.0, "千元": 1e3, "万元": 1e4, "万": 1e4, "十万元": 1e5, "百万元": 1e6, "百万": 1e6,
             "千万元": 1e7, "亿元": 1e8, "亿": 1e8}
_UNITS_EN = {"k": 1e3, "thousand": 1e3, "thousands": 1e3, "000": 1e3, "'000": 1e3, "000s": 1e3,
             "'000s": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
             "bn": 1e9, "billion": 1e9, "billions": 1e9}
# Currency words and signs that may stand beside the unit ("USD m", "¥万元", "$ '000", "人民币万元").
_CURRENCY = re.compile(r"(?i)\b(?:usd|eur|cny|rmb|gbp|jpy|hkd|chf|aud|cad|sgd)\b|[$¥￥€£]|人民币|港币|美元")
# A bracketed part at the end of the header, or "in thousands" written after it.
_BRACKET = re.compile(r"^(?P<name>.*?)\s*[(（\[【]\s*(?P<unit>[^()（）\[\]【】]*?)\s*[)）\]】]\s*$")
_IN_WORDS = re.compile(r"(?i)^(?P<name>.*?)[\s,]+in\s+(?P<unit>thousands|millions|billions)\s*$")
# A Chinese unit written straight after the name: 销售额万元, 金额元 (the longest unit first).
_ZH_SUFFIX = re.compile("^(?P<name>.+?)(?P<unit>" + "|".join(sorted((u for u in _UNITS_ZH if u.endswith("元")),
                                                                 key=len, reverse=True)) + ")$")


@dataclass(frozen=True)
class HeaderUnit:
    name: str        # the header without its unit ("销售额")
    factor: float    # what one written unit is in the currency (10000.0); 1.0 when none or 元
    unit: str        # the unit as written ("万元"), "" when none


_NONE = HeaderUnit("", 1.0, "")


def _factor(unit: str) -> float | None:
    text = _CURRENCY.sub(" ", unicodedata.normalize("NFKC", unit)).strip(" ,/:-_")
    if not text:
        return 1.0 if unit.strip() else None     # "Amount (USD)": a currency, no scale
    if text in _UNITS_ZH:
        return _UNITS_ZH[text]
    lowered = text.casefold().replace("’", "'").replace(" ", "")
    if lowered in ("k", "m") and text not in ("k", "K", "m", "M"):
        return None
    return _UNITS_EN.get(lowered)


def split_unit(header) -> HeaderUnit:
    """The header's name and unit; HeaderUnit(header, 1.0, "") when it writes no unit."""
    if not isinstance(header, str):
        return _NONE
    text = header.strip()
    for pattern in (_BRACKET, _IN_WORDS, _ZH_SUFFIX):
        m = pattern.match(text)
        if m and m.group("name").strip():
            factor = _factor(m.group("unit"))
            if factor is not None:
                return HeaderUnit(m.group("name").strip(), factor, m.group("unit").strip())
    return HeaderUnit(text, 1.0, "")
