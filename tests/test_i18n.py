"""Every word people see lives in i18n: the en and zh catalogues have exactly the same keys and the
same placeholders, a missing key is an error (never a silent English fallback), and the language code
is read in one place; English says "1 new customer" / "3 new customers", never "customer(s)"; Chinese
uses Chinese punctuation (full-width ，：；（）) — over every catalogue entry and over the demo's report
JSON in both languages."""
from __future__ import annotations

import importlib
import json
import string

import pandas as pd
import pytest

from salesreport_xl import i18n
from salesreport_xl.i18n import _MODULES, normalize_lang, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("module", i18n._MODULES)
def test_en_and_zh_have_the_same_keys_and_placeholders(module):
    mod = importlib.import_module(f"salesreport_xl.i18n.{module}")
    assert set(mod.EN) == set(mod.ZH), (sorted(set(mod.EN) - set(mod.ZH)), sorted(set(mod.ZH) - set(mod.EN)))
    for key in mod.EN:
        assert _placeholders(mod.EN[key]) == _placeholders(mod.ZH[key]), key


def test_no_key_is_defined_by_two_catalogues():
    seen: dict[str, str] = {}
    for module in i18n._MODULES:
        for key in importlib.import_module(f"salesreport_xl.i18n.{module}").EN:
            assert key not in seen, f"{key} in {seen.get(key)} and {module}"
            seen[key] = module


@pytest.mark.parametrize("module", i18n._MODULES)
def test_no_key_is_written_twice_in_a_catalogue(module):
    """Python keeps the last of two equal keys of a dict literal, so the parity test cannot see a key
    written twice: read the catalogue's source instead."""
    import ast
    from pathlib import Path

    path = Path(i18n.__file__).parent / f"{module}.py"
    twice = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] in (["EN"], ["ZH"]):
            keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
            twice += [f"{node.targets[0].id}: {k}" for k in sorted(set(keys)) if keys.count(k) > 1]
    assert twice == []


def test_a_missing_key_is_an_error_in_either_language():
    for lang in ("en", "zh"):
        with pytest.raises(KeyError):
            t(lang, "no.such.key")


@pytest.mark.parametrize("given, lang", [("zh", "zh"), ("zh-CN", "zh"), ("ZH_cn", "zh"), ("中文", "zh"),
                                         ("Chinese", "zh"), ("en", "en"), ("EN-us", "en"), ("", "en"),
                                         (None, "en"), ("fr", "en")])
def test_one_reading_of_the_language_code(given, lang):
    assert normalize_lang(given) == lang


# ------------------------------------------------------------------------------------ one voice
MODULES = [importlib.import_module(f"salesreport_xl.i18n.{name}") for name in _MODULES]
ASCII_PUNCT = ",:;()"


def cjk(ch: str) -> bool:   # written here again, apart from i18n/punctuation.py, so the test checks it
    return "\u3400" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def ascii_punct_next_to_cjk(text: str) -> list[str]:
    """Each ASCII , : ; ( ) with a CJK character right before or after it, and — in text that has CJK
    characters — each ASCII , : ; after a number, a percent or a placeholder ("15%,C类", "{pct},"),
    unless a digit follows (1,234 and 12:30 are numbers), in its context."""
    found = []
    chinese = any(cjk(c) for c in text)
    for i, ch in enumerate(text):
        if ch in ASCII_PUNCT:
            around = text[max(i - 1, 0):i] + text[i + 1:i + 2]
            after_number = (chinese and ch in ",:;" and i > 0 and (text[i - 1].isdigit() or text[i - 1] in "%}")
                            and not text[i + 1:i + 2].isdigit())
            if any(cjk(c) for c in around) or after_number:
                found.append(text[max(i - 6, 0):i + 7])
    return found


def test_the_punctuation_check_sees_a_comma_after_a_number_in_chinese():
    assert len(ascii_punct_next_to_cjk("占比15%,C类客户")) == 1
    assert len(ascii_punct_next_to_cjk("本月完成{pct},目标")) == 1
    assert ascii_punct_next_to_cjk("销售额1,234万元，12:30") == []
    assert ascii_punct_next_to_cjk("15%, then") == []       # English text is not checked for it


@pytest.mark.parametrize("module", MODULES, ids=_MODULES)
def test_no_s_in_brackets_in_english(module):
    assert [k for k, v in module.EN.items() if "(s)" in v] == []


@pytest.mark.parametrize("module", MODULES, ids=_MODULES)
def test_chinese_punctuation_in_every_zh_entry(module):
    bad = {k: ascii_punct_next_to_cjk(v) for k, v in module.ZH.items() if ascii_punct_next_to_cjk(v)}
    assert bad == {}


def test_validation_keeps_chinese_punctuation_through_nfkc():
    from salesreport_xl.validate.parse import _parse_text

    raw = pd.Series(["沟通顺利，发送案例资料（两份）：两周后回访。", "Ｗｉｄｅ (A)", None], dtype=object)
    got = list(_parse_text(raw).values)
    assert got == ["沟通顺利，发送案例资料（两份）：两周后回访。", "Wide (A)", None]


def test_plural_nouns_choose_by_count():
    from salesreport_xl.compute.model import Phrase, count
    from salesreport_xl.i18n.numbers import Money
    from salesreport_xl.i18n.phrasing import Phraser

    say = Phraser(Money("en")).say
    assert say(Phrase("s_hl_customers", {"new": count(1, "new_customer"), "churned": count(3, "customer")})) == \
        "1 new customer placed a first order this month; 3 customers churned."
    assert say(Phrase("s_hl_customers", {"new": count(2, "new_customer"), "churned": count(1, "customer")})) == \
        "2 new customers placed a first order this month; 1 customer churned."
    from salesreport_xl.i18n import t
    assert t("en", "f_rows_left_out", count="1") == "1 row with errors is left out of the report"
    assert t("en", "f_rows_left_out", count="4") == "4 rows with errors are left out of the report"


# ------------------------------------------------------------------------------------ the demo's words
# The people's own words quoted by the report (activity feedback, survey comments) are theirs; they are
# checked too (validation keeps their Chinese punctuation through NFKC): `test_quoted_words_keep_...`.
QUOTED = ()


def _texts(obj, key=""):
    """Every text the report writes in the model JSON: sentences, notes, details, messages."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k not in QUOTED:
                yield from _texts(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from _texts(v, key)
    elif isinstance(obj, str) and (key in ("text", "conclusion", "detail", "message", "forecast_method_text")
                                   or key.endswith(("_text", "_notes"))):
        yield obj


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory):
    from salesreport_xl.demo import write_demo
    from salesreport_xl.pipeline import build_report

    out = {}
    for lang in ("en", "zh"):
        folder = tmp_path_factory.mktemp(f"demo_{lang}")
        book = write_demo(folder, lang=lang)
        build_report(book, folder / "report.xlsx", report_only=True, json_path=folder / "report.json",
                     built_at="2025-10-01T09:00:00+08:00")
        out[lang] = json.loads((folder / "report.json").read_text("utf-8"))
        out[f"{lang}.xlsx"] = folder / "report.xlsx"
    return out


def test_the_chinese_demo_has_no_english_placeholder(demo_json):
    """A blank group or an inferred churn reason is a typed value the words name in Chinese, never
    compute's "(none)" / "(no order)" — on no sheet and nowhere in the JSON."""
    import openpyxl

    wb = openpyxl.load_workbook(demo_json["zh.xlsx"], read_only=True)
    try:
        cells = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                 if isinstance(v, str)]
    finally:
        wb.close()
    data = json.dumps(demo_json["zh"], ensure_ascii=False)
    assert "长期未下单" in cells    # the demo has inferred churn
    for placeholder in ("(none)", "(no order)"):
        assert [c for c in cells if placeholder in c] == [] and placeholder not in data


def test_the_demo_writes_no_s_in_brackets(demo_json):
    texts = list(_texts(demo_json["en"]))
    assert len(texts) > 20
    assert [t for t in texts if "(s)" in t] == []


def test_the_demos_chinese_uses_chinese_punctuation(demo_json):
    texts = list(_texts(demo_json["zh"]))
    assert len(texts) > 20
    assert {t: ascii_punct_next_to_cjk(t) for t in texts if ascii_punct_next_to_cjk(t)} == {}


def test_the_demos_planted_facts_are_still_found(demo_json):
    from salesreport_xl.demo import BOTTLENECK_STAGE, QUIET_KEY_ACCOUNTS, UNDERPERFORMING_CATEGORY

    model = demo_json["en"]
    under = [(u["level"], u["name"]) for u in model["problems"]["underperformers"]]
    assert under[0] == ("category", UNDERPERFORMING_CATEGORY)
    assert model["problems"]["slowest_stage"] == BOTTLENECK_STAGE
    assert set(QUIET_KEY_ACCOUNTS) <= {a["customer_id"] for a in model["customers"]["at_risk"]}
    words = " ".join(h["text"] for h in model["summary"]["highlights"])
    assert UNDERPERFORMING_CATEGORY in words and BOTTLENECK_STAGE in words and "key accounts at risk" in words


def test_the_demos_year_is_found(demo_json):
    """The demo's seasonal year, its key account lost on price and its channel shift, as the report
    tells them (the data side: tests/test_demo.py)."""
    import openpyxl
    from salesreport_xl.demo import LOST_ON_PRICE

    model = demo_json["en"]
    sales = model["sales"]
    # The season: September is up 20 %+ on August as last year's was, so the month counts as seasonal
    # (rows judged against last year), and it is the high of the 13-month trend.
    trend = [p["sales"] for p in sales["trend"]]
    assert sales["seasonal"] is True and sales["mom"] >= 0.20
    assert trend[-1] == max(trend[1:]) and trend[0] == max(trend[:-1])   # both Septembers
    assert (model["summary"]["season"]["month"], model["summary"]["season"]["level"]) == (9, "high")   # page 1
    # The channel shift: online's share up 10+ points on the same month last year, offline down.
    rows = {r["name"]: r for r in sales["by_channel"]}
    online_ly = rows["Online"]["last_year"] / (rows["Online"]["last_year"] + rows["Offline"]["last_year"])
    assert rows["Online"]["share"] >= online_ly + 0.10
    assert rows["Online"]["yoy"] > 0.30 and rows["Offline"]["yoy"] < 0
    assert ("channel", "Offline") in {(d["dimension"], d["name"]) for d in model["summary"]["drivers"]}   # page 1
    # The key account lost on price: the month's largest churned customer, marked with reason Price; the
    # month's bridge has price up and names it among the customers who bought last month, not this month.
    churned = model["customers"]["churned"][0]
    assert (churned["customer_id"], churned["how"], churned["reason"]) == (LOST_ON_PRICE, "marked", "Price")
    assert churned["sales_last_12m"] >= 300_000
    bridge = sales["bridge"]
    assert {s["name"]: s["amount"] for s in bridge["steps"]}["price"] > 0
    assert [c["customer_id"] for c in bridge["churned"]] == [LOST_ON_PRICE]
    # The pages say it, in both languages.
    for lang, phrase in (("en", "marked churned this month: " + churned["name"] + " (Price, "),
                         ("zh", "本月标记流失：" + demo_json["zh"]["customers"]["churned"][0]["name"] + "（价格因素，")):
        wb = openpyxl.load_workbook(demo_json[f"{lang}.xlsx"], read_only=True)
        try:
            cells = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if isinstance(v, str)]
        finally:
            wb.close()
        assert any(phrase in c for c in cells), lang
