"""What every sheet layout needs to know about the report: language, unit, names, print setup."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..excel_limits import fit, header_part_budget
from ..compute.model import Meta
from ..i18n import normalize_lang, t
from ..i18n.numbers import CHANGE, DAYS, MULTIPLE, PERCENT, POINTS, WHOLE_PERCENT, Money, Shown, percent_text
from ..i18n.phrasing import ReportWords, choice_text, group_text
from .blocks import PrintSetup

_ORDER_WORDS = frozenset({"row.orders", "col.orders", "col.average_order"})


@dataclass
class Context:
    meta: Meta
    lang: str
    sheet_names: dict[str, str] = field(default_factory=dict)   # section key -> its sheet's name
    words: ReportWords | None = None    # the model's phrases in `lang` (i18n.phrasing.word_report)
    _tables: set = field(default_factory=set)

    def __post_init__(self):
        self.lang = normalize_lang(self.lang)
        self.money = Money.of(self.meta, self.lang)
        # The report's number formats that would show a figure as zero that is not (i18n.numbers.Shown).
        self._shown: dict[str, Shown] = {s.format: s for s in (
            self.money.table_shown, self.money.kpi_shown, PERCENT, CHANGE, POINTS, WHOLE_PERCENT, DAYS, MULTIPLE)}

    # words ------------------------------------------------------------------------------------
    def t(self, key: str, **kw) -> str:
        # Without an order number every line counts as one: the report says lines, not orders.
        if key in _ORDER_WORDS and getattr(self.meta, "counts_lines", False):
            key = f"{key}.lines"
        return t(self.lang, key, **kw)

    @property
    def na(self) -> str:
        return self.t("na")

    def sheet_name(self, key: str) -> str:
        """The name of a section's sheet: its catalogue name, or a name apart from a user's sheet."""
        return self.sheet_names.get(key) or self.t(f"sheet.{key}")

    def sheet_label(self, key: str) -> str:
        """An input sheet's name in the report language ("Sales" / "销售明细"), never its internal key."""
        from ..schema import SHEETS_BY_KEY

        sheet = SHEETS_BY_KEY.get(key)
        return sheet.name(self.lang) if sheet is not None else key

    def empty(self, sheet_key: str, key: str) -> str:
        """What an empty part says (`key`), or — when its input sheet was left out for missing required
        columns (Meta.sheets_left_out) — that the sheet was left out, and why."""
        from ..schema import SHEETS_BY_KEY

        missing = (getattr(self.meta, "sheets_left_out", None) or {}).get(sheet_key)
        if not missing:
            return self.t(key)
        sheet = SHEETS_BY_KEY[sheet_key]
        names = [next((c.header(self.lang) for c in sheet.columns if c.en == n), n) for n in missing]
        return self.t("empty.left_out", sheet=self.sheet_label(sheet_key), count=len(names),
                      columns=("、" if self.lang == "zh" else ", ").join(names))

    def choice(self, kind: str, value: str | None) -> str:
        """A canonical list value (e.g. segment "Key Account") in the report language; None (the rows
        without a value) as `group` says it."""
        return choice_text(kind, value, self.lang)

    def group(self, value: str | None) -> str:
        """A group name as the data has it (category, product, region, rep), with the group of rows
        that have none (None in the model) in the report language."""
        return group_text(value, self.lang)

    # numbers (one rule: i18n.numbers.Money) ------------------------------------------------------
    @property
    def unit(self) -> int:
        return self.money.unit

    @property
    def unit_text(self) -> str:
        return self.money.unit_text

    @property
    def kpi_amount_format(self) -> str:
        return self.money.kpi_format

    @property
    def amount_format(self) -> str:
        return self.money.table_format

    def amount(self, value) -> str:
        return self.money.text(value)

    def cell_format(self, number_format: str | None, value) -> str | None:
        """The number format of a cell holding `value`: `number_format`, or where that would show a
        figure that is not zero as zero, the format that shows "<0.1" for it (i18n.numbers.Shown)."""
        shown = self._shown.get(number_format or "")
        if shown is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return number_format
        return shown.cell_format(value)

    def positive_format(self, number_format: str) -> str:
        """The number format of a chart's labels over values that are never negative (shares): the
        same rule as a cell's, "<1%" for a share that would show as 0%."""
        shown = self._shown.get(number_format)
        return shown.positive_format if shown is not None else number_format

    def pct(self, value, signed: bool = False) -> str:
        return percent_text(value, self.lang, signed=signed)

    def change(self, value: float | None, now: float | None, base: float | None):
        """A change for a table cell: "new" where the base is known and nothing (≤ 0) while there is
        something now — the same word wherever a zero base occurs — else the change (None: n/a)."""
        if value is None and base is not None and base <= 0 and now is not None and now > 0:
            return self.t("change.new")
        return value

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
