"""The registry of report sections: one line per report sheet, in the order of the report.

Layout, the writers, PDF export, Clear and the tests read this list; adding a section means its own
compute and layout modules plus one line here (and its words in i18n: `sheet.<key>`, `sheet_title.<key>`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Callable

from ..excel_limits import SHEET_NAME_MAX, name_key
from ..i18n import LANGUAGES, t
from .checks import layout_checks
from .customers import layout_customers
from .future_plans import layout_future_plans
from .problems import layout_problems
from .sales import layout_sales
from .summary import layout_summary
from .team import layout_team


@dataclass(frozen=True)
class Section:
    key: str                      # stable id: plan keys, "sheet.<key>" in the catalogue
    layout: Callable              # (model, ctx) -> (SheetPlan, [DefinedName])
    tab: str                      # tab colour (RRGGBB)

    def sheet_name(self, lang: str) -> str:
        return t(lang, f"sheet.{self.key}")


SECTIONS: tuple[Section, ...] = (
    Section("summary", layout_summary, "1F3864"),
    Section("sales", layout_sales, "2F5597"),
    Section("team", layout_team, "2F5597"),
    Section("customers", layout_customers, "2F5597"),
    Section("problems", layout_problems, "C55A11"),
    Section("plan", layout_future_plans, "00863D"),
    Section("checks", layout_checks, "7F7F7F"),
)

MAX_SHEET_NAME = SHEET_NAME_MAX

SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS)


def section(key: str) -> Section:
    for s in SECTIONS:
        if s.key == key:
            return s
    raise KeyError(key)


def report_sheet_names(lang: str) -> tuple[str, ...]:
    """The report's sheet names in one language, in report order."""
    return tuple(s.sheet_name(lang) for s in SECTIONS)


def all_report_sheet_names() -> tuple[str, ...]:
    """Every report sheet name in every language (for reports written before sheets were marked)."""
    return tuple(dict.fromkeys(n for lang in LANGUAGES for n in report_sheet_names(lang)))


def apart_names(wanted: Sequence[str], taken: Iterable[str], lang: str) -> dict[str, str]:
    """A name for each wanted report sheet that no sheet in `taken` (the user's) already has.

    A free name is kept; a clash becomes "Summary (report)" / "摘要（报表）", then "(report 2)" …, cut
    to Excel's 31 characters."""
    used = {name_key(n) for n in taken}
    out: dict[str, str] = {}
    for name in wanted:
        candidate, i = name, 0
        while name_key(candidate) in used:
            i += 1
            candidate = apart_name(name, i, lang)
        used.add(name_key(candidate))
        out[name] = candidate
    return out


def apart_name(name: str, i: int, lang: str) -> str:
    """The `i`-th name apart of a report sheet's `name`: itself (0), "Summary (report)" (1), "Summary
    (report 2)" (2) …, cut to Excel's 31 characters."""
    if i == 0:
        return name
    suffix = t(lang, "sheet.apart_suffix") if i == 1 else t(lang, "sheet.apart_suffix_n", n=i)
    return name[:MAX_SHEET_NAME - len(suffix)] + suffix


def sheet_names_apart(lang: str, taken: Iterable[str] = ()) -> dict[str, str]:
    """Section key -> its sheet's name in `lang`, named apart from the user's sheets in `taken`."""
    wanted = report_sheet_names(lang)
    names = apart_names(wanted, taken, lang)
    return {s.key: names[w] for s, w in zip(SECTIONS, wanted)}
