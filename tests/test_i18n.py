"""Every word people see lives in i18n: the en and zh catalogues have exactly the same keys and the
same placeholders, a missing key is an error (never a silent English fallback), and the language code
is read in one place."""
from __future__ import annotations

import importlib
import string

import pytest

from salesreport_xl import i18n
from salesreport_xl.i18n import normalize_lang, t


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


def test_a_missing_key_is_an_error_in_either_language():
    for lang in ("en", "zh"):
        with pytest.raises(KeyError):
            t(lang, "no.such.key")


@pytest.mark.parametrize("given, lang", [("zh", "zh"), ("zh-CN", "zh"), ("ZH_cn", "zh"), ("中文", "zh"),
                                         ("Chinese", "zh"), ("en", "en"), ("EN-us", "en"), ("", "en"),
                                         (None, "en"), ("fr", "en")])
def test_one_reading_of_the_language_code(given, lang):
    assert normalize_lang(given) == lang
