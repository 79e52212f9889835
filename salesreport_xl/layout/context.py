"""What every sheet layout needs to know about the report: language, unit, names, print setup."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import schema
from ..excel_limits import fit, header_part_budget, sheet_name
from ..compute.model import Meta
from ..i18n import t
from . import formats as F
from .plan import PrintSetup

# Report sheets in order (Summary first); their names come from the catalogue ("sheet.<key>").
SHEET_KEYS = ("summary", "sales", "team", "customers", "problems", "plan", "checks")

_TAB = {"summary": "1F3864", "sales": "2F5597", "team": "2F5597", "customers": "2F5597",
        "problems": "C55A11", "plan": "00863D", "checks": "7F7F7F"}

# Canonical list values shown in the report language.
_CHOICES = {
    "segment": schema.SEGMENTS, "channel": schema.CHANNELS, "activity_type": schema.ACTIVITY_TYPES,
    "outcome": schema.OUTCOMES, "topic": schema.FEEDBACK_TOPICS, "stage": schema.STAGES,
    "status": schema.DEAL_STATUS,
}


def report_sheet_names(lang: str) -> tuple[str, ...]:
    return tuple(sheet_name(t(lang, f"sheet.{k}")) for k in SHEET_KEYS)


@dataclass
class Context:
    meta: Meta
    lang: str
    _tables: set = field(default_factory=set)

    def __post_init__(self):
        self.lang = "zh" if self.lang == "zh" else "en"

    # words ------------------------------------------------------------------------------------
    def t(self, key: str, **kw) -> str:
        return t(self.lang, key, **kw)

    @property
    def na(self) -> str:
        return self.t("na")

    def sheet_name(self, key: str) -> str:
        return self.t(f"sheet.{key}")

    def choice(self, kind: str, value: str) -> str:
        """A canonical list value (e.g. segment "Key Account") in the report language."""
        if value in ("new", "repeat"):
            return self.t(f"group.{value}")
        choices = _CHOICES.get(kind)
        return schema.choice_label(choices, value, self.lang) if choices else value

    # numbers ----------------------------------------------------------------------------------
    @property
    def unit(self) -> int:
        return int(self.meta.display_unit or 1)

    @property
    def unit_text(self) -> str:
        """How the unit is named in subtitles, e.g. "万元", "¥ thousands"."""
        if self.meta.unit_label:
            return self.meta.unit_label
        if self.lang == "zh":
            return {1: "元", 1000: "千元", 10000: "万元"}.get(self.unit, "元")
        return {1: self.meta.currency, 1000: f"{self.meta.currency} thousands",
                10000: f"{self.meta.currency} ten-thousands (万)"}.get(self.unit, self.meta.currency)

    @property
    def kpi_amount_format(self) -> str:
        return F.amount_kpi_format(self.unit, self.meta.currency, self.lang)

    def amount(self, value) -> str:
        return F.amount_text(value, self.unit, self.meta.currency, self.lang, self.na)

    def pct(self, value, signed: bool = False) -> str:
        return F.pct_text(value, self.na, signed)

    # names ------------------------------------------------------------------------------------
    def table_name(self, key: str) -> str:
        name = f"rpt_{key}"
        if name in self._tables:
            raise ValueError(f"table name used twice: {name}")
        self._tables.add(name)
        return name

    def subtitle(self, key: str) -> str:
        parts = [p for p in (self.meta.company, self.meta.team) if p]
        parts.append(self.t("subtitle.month", month=self.meta.month))
        parts.append(self.t("subtitle.unit", unit=self.unit_text))
        return "  ·  ".join(parts)

    def print_setup(self, fit_height: int = 0) -> PrintSetup:
        team = " · ".join(p for p in (self.meta.company, self.meta.team) if p).replace("&", "&&")
        right = self.t("print.header_right", month=self.meta.month).replace("&", "&&")
        return PrintSetup(
            paper="A4", landscape=True, fit_width=1, fit_height=fit_height,
            # Excel's 255 characters per header: the company/team part gives way, never the month.
            header_left=fit(team, header_part_budget(right), header_codes=True),
            header_right=right,
            footer_left="&A",
            footer_right=self.t("print.page"),
        )

    def tab_colour(self, key: str) -> str:
        return _TAB.get(key, "7F7F7F")
