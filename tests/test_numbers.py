"""The one formatting rule (i18n.numbers): what a KPI card's number format shows is what a sentence says.

Expected texts are worked out by hand from the display unit: 1,234,000 / 10,000 = 123.4 (万);
8,600 / 1,000 = 8.6 (千); amounts below one unit keep one decimal of the unit (3,000 = 0.3万); one
that would round to 0.0 says so ("<¥0.1万", test_small_figures).
"""
from __future__ import annotations

import pytest

from salesreport_xl.i18n.numbers import Money, count_text, number_text, percent_text


@pytest.mark.parametrize("money, value, text", [
    (Money("zh", "¥", 10000), 1234000, "123.4万元"),
    (Money("zh", "¥", 1000), 8600, "8.6千元"),
    (Money("zh", "", 1), 1234, "1,234元"),
    (Money("zh", "$", 10000), 123400, "12.3万美元"),          # a Chinese reader writes 万美元, not $12.3万
    (Money("zh", "$", 1000), 118400, "118.4千美元"),
    (Money("zh", "EUR", 1), 1234, "1,234欧元"),
    (Money("zh", "CHF", 1000), 118400, "CHF118.4千"),        # no common Chinese name: sign and unit
    (Money("zh", "HK$", 10000, "万港元"), 123400, "12.3万港元"),
    (Money("en", "¥", 10000), 3099000, "¥309.9万"),
    (Money("en", "¥", 10000), 3000, "¥0.3万"),          # the same in cards and sentences
    (Money("en", "$", 1000), -123456, "-$123.5k"),
    (Money("en", "$", 1), 123456, "$123,456"),
    (Money("en", "¥", 1000, "thousand"), 1234500, "1,234.5 thousand"),
    (Money("en", "¥", 10000, "万元"), 1234500, "¥123.5万"),   # a Chinese label is not used in English
    (Money("en", "¥", 10000), -0.4, "-<¥0.1万"),        # not zero, and no "-0.0" (test_small_figures)
    (Money("en", "¥", 10000), 0.0, "¥0.0万"),
    (Money("en", "$", 1), None, "n/a"),
    (Money("zh", "$", 1), None, "无法计算"),
])
def test_amount_text(money, value, text):
    assert money.text(value) == text


def test_kpi_format_names_the_same_affixes():
    assert Money("zh", "¥", 10000).kpi_format == '0"."0,"万元";-0"."0,"万元"'
    assert Money("en", "$", 1000).kpi_format == '"$"#,##0.0,"k";-"$"#,##0.0,"k"'
    assert Money("en", "$", 1).table_format == "#,##0"
    assert Money("zh", "¥", 10000).unit_text == "万元"
    assert Money("en", "$", 1000).unit_text == "$ thousands"
    # 金额单位：千美元 (the subtitle), the same words as the cards' format
    assert Money("zh", "$", 1000).unit_text == "千美元"
    assert Money("zh", "$", 1000).kpi_format == '#,##0.0,"千美元";-#,##0.0,"千美元"'


def test_percent_and_plain_numbers():
    assert percent_text(0.123, "en", signed=True) == "+12.3%"
    assert percent_text(-0.04, "zh", signed=True) == "-4.0%"
    assert percent_text(-0.0, "en", signed=True) == "0.0%"          # no "-0.0%", no sign on nothing
    assert percent_text(-0.00001, "en", signed=True) == "-<0.1%"    # not nothing: test_small_figures
    assert percent_text(0.8) == "80.0%"
    assert percent_text(None, "zh") == "无法计算"
    assert number_text(-2, signed=True) == "-2.0" and number_text(3) == "3.0"
    assert count_text(12345.0) == "12,345"
