"""Words shown to people, one catalogue per kind and language.

Each catalogue module holds `EN` and `ZH` dicts of key -> text (str.format placeholders allowed), with
exactly the same keys and placeholders in both (tests/test_i18n.py):
  - labels.py:    sheet names, section titles, column headers, KPI labels (layout)
  - sentences.py: highlight / suggestion / conclusion templates (phrasing, after compute)
  - findings.py:  validation messages (validate)
  - excel.py:     status bar, message boxes and buttons of the Excel workbook
  - template.py:  the template's About sheet and header comments
  - cli.py:       the command line's notes and usage errors
`t(lang, key, **kw)` looks a key up; a key missing in a language is an error, never a silent fallback.
`numbers` formats amounts, percentages and counts; `phrasing` turns the model's phrases into text.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from ..schema import LANGUAGES, in_lang, normalize_lang

_MODULES = ("labels", "sentences", "findings", "excel", "template", "cli")


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    attr = in_lang(lang, "EN", "ZH")
    for name in _MODULES:
        merged.update(getattr(importlib.import_module(f"{__name__}.{name}"), attr))
    return merged


def t(lang: str, key: str, /, **kw) -> str:
    """The text of `key` in `lang`, filled with `kw`. A key with a singular variant `<key>#one` uses it
    when `count` is 1 ("1 row", not "1 row(s)")."""
    cat = catalogue(normalize_lang(lang))
    if "count" in kw and str(kw["count"]).strip() == "1" and f"{key}#one" in cat:
        key = f"{key}#one"
    text = cat.get(key)
    if text is None:
        raise KeyError(f"no text for {key!r} in {normalize_lang(lang)}")
    return text.format(**kw) if kw else text
