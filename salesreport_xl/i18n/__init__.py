"""Words shown to people, one catalogue per kind and language.

Each catalogue module holds `EN` and `ZH` dicts of key -> text (str.format placeholders allowed):
  - labels.py:    sheet names, section titles, column headers, KPI labels (layout)
  - sentences.py: highlight / suggestion / conclusion templates (compute)
  - findings.py:  validation messages (validate)
  - cli.py:       the command line's notes and usage errors
`t(lang, key, **kw)` looks a key up (zh falls back to en), so no layout or compute code holds words.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

_MODULES = ("labels", "sentences", "findings", "cli")


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name in _MODULES:
        try:
            mod = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError:
            continue
        merged.update(getattr(mod, "EN", {}))
        if lang == "zh":
            merged.update(getattr(mod, "ZH", {}))
    return merged


def t(lang: str, key: str, /, **kw) -> str:
    text = catalogue("zh" if lang == "zh" else "en").get(key)
    if text is None:
        raise KeyError(f"no text for {key!r}")
    return text.format(**kw) if kw else text
