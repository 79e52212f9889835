"""SheetBuilder: places titles, tables, paragraphs and charts top to bottom on one report sheet.

Sheet modules say *what* goes on a sheet (in order); the builder decides *where*: it keeps the next free
row, gives every table its column widths and styles by column kind, puts a chart beside the table it
plots (or below a wide one), estimates row heights of wrapped paragraphs (neither Excel nor LibreOffice
grows merged cells), and collects conditional formats and defined names.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from ..compute.rep_lights import AMBER_FROM, GREEN_FROM
from ..excel_limits import ROW_HEIGHT_MAX, unique_ignoring_case
from ..i18n.numbers import times_text
from . import formats as F
from . import styles as S
from .context import Context
from .blocks import (POSITIVE, Cell, ChartSpec, Column, ConditionalFormat, DefinedName, Kpi, Paragraph, PrintSetup,
                     SheetPlan, Sparkline, Style, Table, Value, cell_ref, col_letter, merged_rules, range_ref, split_cell,
                     split_range)

LEFT = 2                     # column B: column A is a narrow margin
WRAP_SPAN = 4                # columns a long-text table column is merged over
ROW_PT = 15.0                # default row height in points
CJK_ROW_PT = 18.0            # a row holding Chinese text: LibreOffice and Excel grow it to fit the CJK font
LABEL_MAX = 24               # label column of key/value tables: longer labels wrap in two lines
MAX_LIST_ROWS = 100          # rows of a list that grows with the data (the JSON keeps them all)
TEXT_MAX = 30                # a text column wider than this wraps instead (customer names, bridge steps):
                             # a column is as wide for every table of the sheet, and sets its print scale
CM_PER_PT = 2.54 / 72
# Every detail sheet is at least this wide (titles, section rules and paragraphs reach across it), so
# all of them print at the same fit-to-width scale -- the same type size on every page -- and a narrow
# sheet does not print larger, with fewer rows to a page, than a wide one. 31 cm on the 27.3 cm between
# an A4 landscape page's margins prints at 88 %.
SHEET_CM = 31.0
# A chart beside a table that would reach past the sheet's width is narrowed to the room left, down to
# this share of its own width (a wider sheet prints every one of its pages smaller).
BESIDE_MIN_SHARE = 0.7
# Chart data that is not for reading (a waterfall's helper series) sits from this column on, beyond
# anything a sheet lays out for print, and the sheet's print area stops before it.
CHART_DATA_COL = 40
_ZH_NUMBER = re.compile(r"^\d+、")        # a catalogue title's own number, replaced by the sheet's order


@dataclass(frozen=True)
class Col:
    """A table column: header and kind. Kinds decide format, alignment, width and rules:

    text, wrap (long text), amount, gap (signed amount: a shortfall or surplus, red/green), pct (share),
    change (signed %, red/green), attain (% with data bar), lights (attainment % with traffic lights:
    compute/rep_lights.py), int, small_int (centred: ranks, scores),
    signed_int, date, score, days, points (signed score change), flag, label (bold first column of
    key/value tables).
    """

    header: str
    kind: str = "text"
    width: float | None = None


_KIND_FORMAT = {
    "pct": F.PCT, "change": F.CHANGE_PCT, "attain": F.PCT, "lights": F.PCT, "int": F.INT, "small_int": F.INT, "signed_int": "+#,##0;-#,##0;0",
    "date": F.DATE, "score": F.SCORE, "days": F.DAYS, "points": F.POINTS, "multiple": F.MULTIPLE,
}
# Kinds whose sign is the message: negative red, positive green, through conditional formats (so the
# colour follows the value if someone edits it), never a fixed font colour.
SIGNED_KINDS = ("change", "gap", "signed_int", "points")
_NUMERIC = {"amount", "gap", "pct", "change", "attain", "lights", "int", "signed_int", "score", "days", "points", "small_int"}


class SheetBuilder:
    def __init__(self, ctx: Context, key: str, *, fit_height: int = 0, span: int = 10,
                 bullet_column: bool = False):
        self.ctx = ctx
        self.key = key
        self.name = ctx.sheet_name(key)
        self.row = 1
        self.span = span                       # columns used by titles and paragraphs (B..)
        self.bullet_column = bullet_column     # a narrow column B holds coloured bullet markers
        self.blocks: list = []
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.rules: list[ConditionalFormat] = []
        self.names: list[DefinedName] = []
        self.charts: list[tuple[ChartSpec, int, int]] = []   # spec, row, beside-table right column (0 = below)
        self.fit_height = fit_height
        self.freeze: str | None = None
        self.print_rows_to = 0                 # print only rows 1..this (0: the whole sheet)
        self._sections = 0
        self.groups: list[int] = []            # first rows of sections and subsections: page breaks go
                                               # only before one of them, so no table or chart is cut
        self.body_pt = CJK_ROW_PT if ctx.lang == "zh" else None   # explicit table row height, if any
        self.default_pt = self.body_pt or ROW_PT                  # every other row's height
        self.line_pt = 1.6 if ctx.lang == "zh" else 1.36          # wrapped text: points per line per pt size
        self._texts: list[tuple[int, str, int, int, Style]] = []   # rows whose height follows their text
        self._to_edge: list[int] = []          # indices in blocks of tables whose wrapped last column
                                               # reaches the sheet's right edge
        self._wide: list[int] = []             # indices in blocks of titles, section rules and paragraphs:
                                               # stretched across the sheet's full width when built
        self._chart_data: list[Table] = []     # tables only charts read: outside the print area
        self.sparklines: list[Sparkline] = []

    # ------------------------------------------------------------------------------ placing by hand
    # For the few parts a sheet lays out itself (KPI cards, a label beside a table): the builder keeps
    # its own bookkeeping (rows, heights, rules), so layouts never reach into it.
    def place(self, block, heights: dict[int, float] | None = None) -> None:
        """Add a block that carries its own position (a Kpi card, a Cell beside a table)."""
        self.blocks.append(block)
        for row, pt in (heights or {}).items():
            self.heights[row] = pt

    def rule(self, rule: ConditionalFormat) -> None:
        self.rules.append(rule)

    def skip_rows(self, n: int) -> None:
        """Continue `n` rows further down (below parts placed by hand)."""
        self.row += n

    def continue_below(self, row: int, gap: int = 2) -> None:
        """Continue `gap` rows below `row` (a table laid out with advance=False)."""
        self.row = row + gap

    def no_freeze(self) -> None:
        """A one-page sheet: nothing to scroll, so no frozen title rows."""
        self.freeze = None

    # ------------------------------------------------------------------------------ text blocks
    def title(self, text: str, subtitle: str) -> None:
        last = col_letter(LEFT + self.span - 1)
        self._wide += [len(self.blocks), len(self.blocks) + 1]
        self.blocks.append(Cell(f"B{self.row}", text, S.TITLE, f"B{self.row}:{last}{self.row}"))
        self.heights[self.row] = 30
        self.blocks.append(Cell(f"B{self.row + 1}", subtitle, S.SUBTITLE, f"B{self.row + 1}:{last}{self.row + 1}"))
        self.heights[self.row + 1] = 16
        self.row += 3
        self.freeze = f"A{self.row - 1}"      # title and subtitle stay in view

    def part(self, text: str) -> None:
        """A part of the report in a title's size within a sheet (七、总结 at the end of the Plan sheet):
        it starts a group of its own, so it is never cut from what follows it."""
        self._heading(text, S.TITLE, 30)

    def section(self, text: str) -> None:
        """A section of the sheet. In Chinese every section is numbered in order (1、2、3、 as the seed
        numbers its parts), so the numbering never skips or repeats when a part is left out."""
        self._sections += 1
        if self.ctx.lang == "zh" and not self.fit_height:      # page 1's parts carry the report's 一、
            text = f"{self._sections}、{_ZH_NUMBER.sub('', text)}"
        self._heading(text, S.SECTION, 24)

    def _heading(self, text: str, style: Style, height: float) -> None:
        """A heading across the sheet that starts a group (a page may break before it)."""
        self.groups.append(self.row)
        self._section_row = self.row
        last = col_letter(LEFT + self.span - 1)
        self._wide.append(len(self.blocks))
        self.blocks.append(Cell(f"B{self.row}", text, style, f"B{self.row}:{last}{self.row}"))
        self.heights[self.row] = height
        self.row += 2

    def subsection(self, text: str) -> None:
        if self.row > getattr(self, "_section_row", 0) + 2:    # not right under its section's title
            self.groups.append(self.row)
        self.blocks.append(Cell(f"B{self.row}", text, S.SUBSECTION))
        self.heights[self.row] = 20
        self.row += 1

    def empty(self, text: str) -> None:
        self.blocks.append(Cell(f"B{self.row}", text, S.EMPTY))
        self.row += 2

    def paragraphs(self, lines: Sequence[str], *, bullets: bool = True, tones: Sequence[str] = (),
                   style: Style = S.PARAGRAPH, gap: bool = True) -> None:
        """One wrapped, merged paragraph per line; with bullets a coloured marker sits in column B."""
        marker_column = bullets and self.bullet_column
        first = LEFT + 1 if marker_column else LEFT
        last = LEFT + self.span - 1
        for i, text in enumerate(lines):
            tone = tones[i] if i < len(tones) else "neutral"
            mark = {"good": "▲", "bad": "▼"}.get(tone, "•")
            if marker_column:
                self.blocks.append(Cell(f"B{self.row}", mark,
                                        S.BULLET.merged(Style(font_colour=S.TONE_FONT.get(tone, S.BLUE)))))
            elif bullets:
                text = f"{mark}  {text}"     # column B is a table column here: too wide for a marker
            rng = range_ref(self.row, first, self.row, last)
            self._wide.append(len(self.blocks))
            self.blocks.append(Paragraph(rng, text, style))
            self.row += 1
        if gap:
            self.row += 1

    def note(self, text: str) -> None:
        self.paragraphs([text], bullets=False, style=S.NOTE)

    def capped(self, rows: Sequence) -> list:
        """The first MAX_LIST_ROWS of a list that grows with the data (new customers, churned, follow-ups):
        a printed report lists the most important ones; the JSON output keeps them all."""
        return list(rows[:MAX_LIST_ROWS])

    def more_note(self, rows: Sequence) -> None:
        """Say how many rows `capped` left out, if any."""
        if len(rows) > MAX_LIST_ROWS:
            self.note(self.ctx.t("list.more", n=len(rows) - MAX_LIST_ROWS, total=len(rows)))

    def _text_height(self, text: str, first: int, last: int, style: Style) -> float:
        """Points a wrapped text needs in columns first..last (neither Excel nor LibreOffice grows a
        merged cell). Widths in column units (the digit "0" at 11 pt): a Latin letter averages about
        0.85 of one, a Chinese character about 2.1."""
        chars = sum(self.width_of(k) for k in range(first, last + 1))
        size = style.size or 11
        per_line = max(6.0, (chars - 2) * 11 / size)
        lines = sum(max(1, math.ceil(_text_units(part) / per_line)) for part in str(text).split("\n"))
        return round(lines * size * self.line_pt + 4, 1)

    def width_of(self, col: int) -> float:
        return self.widths.get(col, 9.0)

    # ------------------------------------------------------------------------------ tables
    def table(self, key: str, cols: Sequence[Col], rows: Sequence[Sequence[Any]], *,
              totals: Sequence[Any] | None = None, flagged: Sequence[int] = (), excel: bool = True,
              row_formats: dict[int, str] | None = None, names: dict[str, tuple[int, int]] | None = None,
              advance: bool = True, beside: Table | None = None, wrap_span: int = WRAP_SPAN,
              wrap_to_edge: bool = True) -> Table:
        """A table at the next free row, or nothing but an 'empty' line when there are no rows.

        `names`: defined name -> (body row, column index) of the cell that shows the figure.
        `row_formats`: body row -> number format overriding the column's (key/value tables).
        `beside`: put the table to the right of that one (same top row, one empty column between), for
        two small tables that read together; the next free row is then below the taller of the two.
        `wrap_span`: how many columns a last "wrap" column is merged over; with `wrap_to_edge` it reaches
        on to the sheet's right edge when that is further (fewer lines, shorter rows).
        """
        ctx = self.ctx
        span = 1
        if cols and cols[-1].kind == "wrap":
            # Long text: merged over a few columns instead of one wide column, which would widen every
            # other table in that column. Merged cells are not allowed in an Excel table.
            span, excel = wrap_span, False
        body = tuple(tuple(self._cell_value(v, c) for v, c in zip(r, cols)) for r in rows)
        # A text column too wide for the page wraps (its rows grow) rather than being cut off.
        wraps = {i for i, c in enumerate(cols)
                 if c.kind in ("text", "label") and c.width is None
                 and self._text_need(c, [r[i] for r in body]) > (LABEL_MAX if c.kind == "label" else TEXT_MAX)}
        headers = unique_ignoring_case([c.header for c in cols]) if excel else [c.header for c in cols]
        columns = tuple(Column(h, self._col_style(c).merged(Style(wrap=True)) if i in wraps
                               else self._col_style(c), None) for i, (c, h) in enumerate(zip(cols, headers)))
        top, left = (beside.top, beside.right + 2) if beside is not None else (self.row, LEFT)
        row_styles = [(i, S.FLAGGED) for i in flagged]
        for i, fmt in (row_formats or {}).items():
            st = Style(number_format=fmt)
            if i in flagged:
                st = S.FLAGGED.merged(st)
            row_styles.append((i, st))
        tot = None
        if totals is not None:
            tot = tuple(self._cell_value(v, c, na="") for v, c in zip(totals, cols))
        table = Table(
            anchor=cell_ref(top, left), columns=columns, rows=body, header_style=S.HEADER,
            as_excel_table=excel, name=ctx.table_name(key) if excel else "",
            table_style="TableStyleLight9", totals=tot, totals_style=S.TOTAL, row_styles=tuple(row_styles),
            cell_formats=self._cell_formats(columns, body + ((tot,) if tot is not None else ()), row_formats or {}),
            last_column_span=span,
        )
        self.blocks.append(table)
        self.heights[table.top] = max(self.heights.get(table.top, 0),
                                      30 if any(F.display_width(c.header) > 12 for c in cols) else 20)
        if self.body_pt:
            for r in range(table.first_body_row, table.bottom + 1):
                self.heights[r] = max(self.heights.get(r, 0), self.body_pt)
        if span > 1:
            if wrap_to_edge:
                self._to_edge.append(len(self.blocks) - 1)
            else:
                k = table.left + len(cols) - 1
                for i, r in enumerate(body):
                    self._texts.append((table.first_body_row + i, str(r[-1] or ""), k, k + span - 1, S.BODY_WRAP))
        for i in sorted(wraps):
            k = table.left + i
            for j, r in enumerate(body):
                self._texts.append((table.first_body_row + j, str(r[i] or ""), k, k, S.BODY_WRAP))
        for i, c in enumerate(cols):
            k = table.left + i
            if c.kind == "wrap" and span > 1:
                continue
            need = c.width or self._col_width(c, [r[i] for r in body])
            self.widths[k] = max(self.widths.get(k, 0), need)
            rng = table.body_range(i)
            if c.kind in SIGNED_KINDS:
                self.sign_rule(rng)
            elif c.kind == "attain":
                self.rules.append(ConditionalFormat(rng, "data_bar", colour="5B9BD5", max_value=1.2))
            elif c.kind == "lights":
                self.rules.append(ConditionalFormat(rng, "icon_set", icon_set="3TrafficLights1",
                                                    thresholds=(0, AMBER_FROM, GREEN_FROM)))
        for name, (r, k) in (names or {}).items():
            self.names.append(DefinedName(name, self.name, table.cell(r, k)))
        if advance:
            self.row = (max(self.row, beside.bottom + 2, table.bottom + 2) if beside is not None
                        else table.bottom + 2)
        return table

    def _cell_formats(self, columns: Sequence[Column], rows: Sequence[Sequence[Value]],
                      row_formats: dict[int, str]) -> tuple[tuple[int, int, str], ...]:
        """The cells whose figure their column's (or row's) format would show as zero, with the format
        that shows it ("<0.1"): the rule is the report's one (Context.cell_format)."""
        out = []
        for j, row in enumerate(rows):
            for i, (v, c) in enumerate(zip(row, columns)):
                fmt = row_formats.get(j, c.style.number_format)
                shown = self.ctx.cell_format(fmt, v)
                if shown != fmt:
                    out.append((j, i, shown))
        return tuple(out)

    def chart_data(self, cols: Sequence[Col], rows: Sequence[Sequence[Any]], top: int) -> Table:
        """A table of values only a chart reads (a waterfall's helper series), from row `top` at
        CHART_DATA_COL: in the workbook, so the native chart plots (and follows edits to) cells, but
        outside the print area and the page's layout (no widths, no rules, no stretching). A value not
        available stays blank: a chart or sparkline leaves a gap there (text such as "n/a" it reads as 0)."""
        body = tuple(tuple(None if v is None else self._cell_value(v, c) for v, c in zip(r, cols)) for r in rows)
        table = Table(anchor=cell_ref(top, CHART_DATA_COL),
                      columns=tuple(Column(c.header, self._col_style(c), None) for c in cols), rows=body,
                      header_style=S.HEADER, as_excel_table=False)
        self.blocks.append(table)
        self._chart_data.append(table)
        return table

    def sparkline(self, location: str, data: str, from_zero: bool = True) -> None:
        """A trend of `data` (chart data, see `chart_data`) drawn inside the cell at `location`."""
        self.sparklines.append(Sparkline(location, data, from_zero=from_zero))

    def _laid_out_tables(self) -> list[Table]:
        return [t for t in self.blocks if isinstance(t, Table) and not any(t is d for d in self._chart_data)]

    def keyvalue(self, key: str, header: tuple[str, str], items: Sequence[tuple[str, Any, str, str]]) -> Table:
        """Label / value rows, each with its own kind ("amount", "pct", "change", …) and optional name.

        A figure that is not available is left out (a row reading n/a says nothing); a named one keeps
        its workbook name on an empty cell beside the table (formulas on the name see a blank)."""
        missing = [name for _, value, _, name in items if value is None and name]
        items = [i for i in items if i[1] is not None]
        rows = [(label, value) for label, value, _, _ in items]
        fmts = {i: self._kind_format(kind) for i, (_, _, kind, _) in enumerate(items)}
        names = {name: (i, 1) for i, (_, _, _, name) in enumerate(items) if name}
        texts = [F.display_width(v) for _, v in rows if isinstance(v, str)]
        value_col = Col(header[1], "amount", max(texts) + 2.0 if texts else None)
        if value_col.width is not None:
            value_col = Col(header[1], "amount", max(value_col.width, self._col_width(value_col, [])))
        t = self.table(key, [Col(header[0], "label"), value_col], rows,
                       row_formats=fmts, names=names, excel=False)
        for i, (_, _, kind, _) in enumerate(items):
            if kind in SIGNED_KINDS:
                self.sign_rule(t.cell(i, 1))
        self.blank_names(missing, t.top)
        return t

    def blank_names(self, names: Sequence[str], row: int | None = None) -> None:
        """Define `names` (figures not available) on empty cells of the narrow margin column A, from
        `row` (default: the next free row) down: the workbook keeps every name, nothing is printed."""
        top = self.row if row is None else row
        for k, name in enumerate(names):
            self.define(name, f"A{top + k}")

    def _kind_format(self, kind: str) -> str:
        if kind in ("amount", "gap"):
            return self.ctx.amount_format
        if kind == "amount_kpi":
            return self.ctx.kpi_amount_format
        return _KIND_FORMAT.get(kind, F.GENERAL)

    def _col_style(self, c: Col) -> Style:
        st = self._kind_style(c)
        # Chinese prints from a CJK font whose ascent is taller than Calibri's: under top alignment
        # LibreOffice sets a Chinese line 4.5 pt (11 pt type) below the numbers beside it; at the bottom
        # both stand on one line (a wrapped cell's last line with them).
        return st.merged(Style(v_align="bottom")) if self.ctx.lang == "zh" else st

    def _kind_style(self, c: Col) -> Style:
        if c.kind == "label":
            return S.LABEL
        if c.kind == "wrap":
            return S.BODY_WRAP
        if c.kind == "flag":
            return S.BODY_CENTER.merged(Style(font_colour=S.AMBER, bold=True))
        if c.kind == "date":
            return S.BODY_CENTER.with_format(F.DATE)
        if c.kind == "small_int":                      # ranks and scores read better centred
            return S.BODY_CENTER.with_format(F.INT)
        if c.kind in _NUMERIC:
            return S.BODY_NUMBER.with_format(self._kind_format(c.kind))
        return S.BODY_TEXT

    def _cell_value(self, v: Any, c: Col, na: str | None = None) -> Value:
        if v is None:
            return (self.ctx.na if na is None else na) if c.kind in _NUMERIC else None
        if hasattr(v, "item") and not isinstance(v, str):     # numpy scalar
            v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return self.ctx.na if c.kind in _NUMERIC else None
        if c.kind == "flag":
            return "⚑" if v else None
        if c.kind == "change" and isinstance(v, (int, float)) and times_text(v):
            return times_text(v)                 # "×465", not "+46401.2%"
        return v

    def _col_width(self, c: Col, values: list) -> float:
        if c.kind == "wrap":
            return 34      # wraps (rows grow on open); wider would widen every table in this column
        head = F.display_width(c.header)
        head_need = head + 2 if head <= 14 else max(12, math.ceil(head / 2) + 2)  # headers wrap in two lines
        if c.kind in ("amount", "gap"):
            body = 10 if self.ctx.unit == 10000 else 12
        elif c.kind in ("pct", "change", "attain", "lights", "score", "days", "points"):
            body = 9
        elif c.kind in ("int", "signed_int", "small_int"):
            body = 8
        elif c.kind == "date":
            body = 11
        elif c.kind == "flag":
            body = 5
        else:
            body = min(self._text_need(c, values), LABEL_MAX if c.kind == "label" else TEXT_MAX)
        return float(max(head_need, body, 6))

    @staticmethod
    def _text_need(c: Col, values: list) -> float:
        """Width a text column needs for its longest value: the body font's letters average about 0.9 of
        a column-width unit (the digit "0") and a Chinese character a full two (it prints as wide as the
        font is high: 0.9 of its two units let "下降且未下单" run past its cell), plus room for the
        cell's indent and padding."""
        def units(v) -> float:
            text = str(v)
            wide = F.display_width(text) - len(text)
            return (len(text) - wide) * 0.9 + wide * 2.0

        widest = max([units(v) for v in values if v is not None] + [3.6])
        return math.ceil(widest) + 3

    # ------------------------------------------------------------------------------ rules and names
    def sign_rule(self, rng: str) -> None:
        """Negative numbers red, positive green; zero, blanks and text ("n/a") as they are."""
        self.rules.append(ConditionalFormat(rng, "cell_value", "less_than", (0,), S.BAD_FONT))
        self.rules.append(ConditionalFormat(rng, "cell_value", "between", POSITIVE, S.GOOD_FONT))

    def define(self, name: str, cell: str) -> None:
        self.names.append(DefinedName(name, self.name, cell))

    # ------------------------------------------------------------------------------ charts
    def chart(self, spec: ChartSpec, beside: Table | None = None, at: tuple[int, int] | None = None) -> None:
        """Beside a table (to its right, from its header row), at (row, right-most column used by what
        it sits beside), or at the next free row.

        A chart says something only with two or more categories and a series that has values: a series
        with none (targets where no rep has one) is left out, not shown as an empty legend entry, and a
        chart left with one bar, or nothing, is not drawn (its table says it all)."""
        spec = self._plottable(spec)
        if spec is None:
            if beside is not None:            # a table laid out with advance=False for its chart
                self.row = max(self.row, beside.bottom + 2)
            return
        if beside is not None:
            at = (beside.top, beside.right)
        if at is not None:
            self.charts.append((spec, at[0], at[1]))
            rows_needed = self.chart_rows(spec)
            self.row = max(self.row, at[0] + rows_needed + 1)
        else:
            # A chart below its table may start a page of its own (with the notes under it), so that a
            # table and its chart that do not fit on one page together are cut between them, not
            # through the chart.
            self.groups.append(self.row)
            self.charts.append((spec, self.row, 0))
            self.row += self.chart_rows(spec) + 1

    def _plottable(self, spec: ChartSpec) -> ChartSpec | None:
        """`spec` without the series that have no value in their table, or None when fewer than two
        categories or no series remain."""
        r1, _, r2, _ = split_range(spec.categories)
        if r2 - r1 + 1 < 2:
            return None
        series = tuple(s for s in spec.series if s.no_fill or self._has_values(s.values))
        if not any(not s.no_fill for s in series):
            return None
        return spec if series == spec.series else replace(spec, series=series)

    def _has_values(self, rng: str) -> bool:
        """Whether the table cells in `rng` (one column of a table on this sheet) hold any number."""
        r1, c1, r2, _ = split_range(rng)
        for t in self.blocks:
            if isinstance(t, Table) and t.left <= c1 < t.left + len(t.columns) and t.first_body_row <= r1 <= t.last_body_row:
                k = c1 - t.left
                return any(isinstance(row[k], (int, float)) and not isinstance(row[k], bool)
                           for row in t.rows[r1 - t.first_body_row:r2 - t.first_body_row + 1])
        return True      # not a table of this sheet: nothing to judge by

    def room_beside(self, table: Table, width_cm: float) -> bool:
        """Whether a chart `width_cm` wide fits to the right of `table` within the sheet's width (the
        widest block so far, at least SHEET_CM), so it need not go below."""
        def x_cm(col: int) -> float:
            return sum(column_cm(self.widths.get(k, 9.0)) for k in range(1, col))

        right = max([x_cm(t.right + 1) for t in self._laid_out_tables()] + [SHEET_CM])
        for spec, _, col in self.charts:
            right = max(right, x_cm(col + 2 if col else LEFT) + spec.width_cm)
        return x_cm(table.right + 2) + width_cm <= right + 0.5

    def _narrow(self, charts: list[ChartSpec]) -> list[ChartSpec]:
        """Charts beside a table (not in column B) narrowed to end at the sheet's width — the widest
        table, at least SHEET_CM — where that leaves them BESIDE_MIN_SHARE of their width or more;
        otherwise to that share."""
        def x_cm(col: int) -> float:
            return sum(column_cm(self.widths.get(k, 9.0)) for k in range(1, col))

        right = max([x_cm(t.right + 1) for t in self._laid_out_tables()] + [SHEET_CM])
        out = []
        for spec in charts:
            _, c = split_cell(spec.anchor)
            room = right - x_cm(c)
            if c > LEFT and spec.width_cm > room:
                spec = replace(spec, width_cm=math.floor(10 * max(room, spec.width_cm * BESIDE_MIN_SHARE)) / 10)
            out.append(spec)
        return out

    def _stretch(self, charts: list[ChartSpec]) -> None:
        """Titles, section rules and paragraphs reach to the right edge of the widest table or chart,
        and at least SHEET_CM (see there); a one-page sheet (fit_height) keeps its own span."""
        def x_cm(col: int) -> float:
            return sum(column_cm(self.widths.get(k, 9.0)) for k in range(1, col))

        if self.fit_height:
            last = LEFT + self.span - 1
        else:
            right = max([x_cm(t.right + 1) for t in self._laid_out_tables()] + [SHEET_CM])
            for spec in charts:
                _, c = split_cell(spec.anchor)
                right = max(right, x_cm(c) + spec.width_cm)
            last = LEFT
            # No chart sticks out past the last column: LibreOffice prints what a drawing has beyond the
            # sheet's last used column on a page of its own (0.23 cm of a chart made a page of its
            # frame); the filler column below ends where the chart does.
            while x_cm(last + 1) < right - 1e-6:
                last += 1
            filler = last not in self.widths
            for k in range(LEFT, last + 1):
                self.widths.setdefault(k, 9.0)
            if filler and x_cm(last + 1) > right:   # an empty last column ends where the sheet does: the
                over = (x_cm(last + 1) - right) / column_cm(1.0)   # rules and titles reach no further,
                self.widths[last] = max(1.0, math.ceil(10 * (self.widths[last] - over)) / 10)   # nor the scale
        for i in self._to_edge:
            t = self.blocks[i]
            k = t.left + len(t.columns) - 1
            t = self.blocks[i] = replace(t, last_column_span=max(t.last_column_span, last - k + 1))
            for j, r in enumerate(t.rows):
                self._texts.append((t.first_body_row + j, str(r[-1] or ""), k, t.right, S.BODY_WRAP))
        for i in self._wide:
            b = self.blocks[i]
            if isinstance(b, Cell):
                r, c = split_cell(b.ref)
                self.blocks[i] = replace(b, merge=range_ref(r, c, r, last))
            else:
                r, c, _, _ = split_range(b.range)
                self.blocks[i] = replace(b, range=range_ref(r, c, r, last))
                self._texts.append((r, b.text, c, last, b.style))

    def _page_breaks(self, charts: list[ChartSpec]) -> tuple[int, ...]:
        """Rows after which to break pages so no section (title, table, chart) is cut in two.

        Fit-to-width scales the page down by the sheet's width; the page then holds more rows."""
        def x_cm(col: int) -> float:
            return sum(column_cm(self.widths.get(k, 9.0)) for k in range(1, col))

        last_col = max([k for k in self.widths] + [1])
        content = x_cm(last_col + 1)
        bottom = self.row
        for spec in charts:
            r, c = split_cell(spec.anchor)
            content = max(content, x_cm(c) + spec.width_cm)
            bottom = max(bottom, r + self.chart_rows(spec))
        p = self.ctx.print_setup()
        top_m, right_m, bottom_m, left_m = p.margins_cm
        # The sheet prints at this scale (PrintSetup.scale), not at the printer's own fit to width, so
        # the pages hold the rows these breaks were reckoned with (LibreOffice's own fit to width came
        # out larger than the estimate of the time, and its pages held fewer rows than the breaks allowed).
        self.scale = scale = max(10, math.floor(100 * min(1.0, (29.7 - left_m - right_m) / max(content, 1.0)))) / 100
        # The header and footer print inside the margins: a page's body is about 1 cm shorter.
        page_pt = (21.0 - top_m - bottom_m - 1.0) / CM_PER_PT / scale
        def height(row: int) -> float:
            return self.heights.get(row, self.default_pt)

        starts = sorted(set(self.groups)) + [bottom + 1]
        breaks, used, row, sections_on_page = [], 0.0, 1, 0
        for a, z in zip(starts, starts[1:]):
            if row < a:                        # rows before the first section (title)
                used += sum(height(r) for r in range(row, a))
            size = sum(height(r) for r in range(a, z))
            if used + size > page_pt and sections_on_page:
                breaks.append(a - 1)
                used, sections_on_page = 0.0, 0
            used += size
            while used > page_pt:              # longer than a page: the printer breaks inside it
                used -= page_pt
            sections_on_page += 1
            row = z
        # No small last part alone on a page: when the last page holds less than a fifth of a page and
        # the group before it can join it, break before that group instead.
        if breaks and used < page_pt / 5:
            tail_start = breaks[-1] + 1
            prev = [a for a in starts[:-1] if a < tail_start]
            earlier = breaks[-2] if len(breaks) > 1 else 0
            if prev and prev[-1] - 1 > earlier:
                moved = sum(height(r) for r in range(prev[-1], tail_start))
                if moved + used <= page_pt:
                    breaks[-1] = prev[-1] - 1
        return tuple(breaks)

    def _print_area(self, charts: list[ChartSpec]) -> str:
        """Everything laid out for print — every column with a width and every chart whole — and
        nothing more to the right (a column to spare widens the page past the width the print scale is
        reckoned for, and the printer puts the rest on pages of its own), nor anything from
        CHART_DATA_COL on (cells only a chart reads)."""
        def x_cm(col: int) -> float:
            return sum(column_cm(self.widths.get(k, 9.0)) for k in range(1, col))

        last = max(self.widths)
        bottom = self.row
        for spec in charts:
            r, c = split_cell(spec.anchor)
            bottom = max(bottom, r + self.chart_rows(spec))
            while x_cm(last + 1) < x_cm(c) + spec.width_cm - 1e-6:
                last += 1
        last = min(last, CHART_DATA_COL - 1)
        return f"A1:{col_letter(last)}{bottom}"

    def chart_rows(self, spec: ChartSpec) -> int:
        return self.rows_for(spec.height_cm)

    def rows_for(self, height_cm: float) -> int:
        """Rows of the sheet's default height a chart of `height_cm` covers (plus one for its frame):
        a Chinese detail sheet's rows are taller (CJK_ROW_PT), so a chart covers fewer of them. (Page 1,
        fit to one page, keeps reckoning with ROW_PT: its layout is its own.)"""
        pt = ROW_PT if self.fit_height else self.default_pt
        return math.ceil(height_cm / (pt * CM_PER_PT)) + 1

    def keep_free(self, top: int, height_cm: float) -> None:
        """Reserve the rows from `top` a chart of `height_cm` will cover, before the blocks it plots are
        placed below (a chart beside an earlier section)."""
        self.row = max(self.row, top + self.rows_for(height_cm) + 1)

    # ------------------------------------------------------------------------------ result
    def build(self) -> tuple[SheetPlan, list[DefinedName]]:
        ctx = self.ctx
        charts = []
        for spec, row, right in self.charts:
            col = right + 2 if right else LEFT     # one empty column between a table and its chart
            charts.append(replace(spec, anchor=cell_ref(row, col)))
        widths = {1: 2.0}
        widths.update(self.widths)
        for k in range(LEFT, LEFT + self.span):
            widths.setdefault(k, 9.0)
        self.widths = widths
        if not self.fit_height:
            charts = self._narrow(charts)
        self._stretch(charts)
        for row, text, first, last, style in self._texts:
            self.heights[row] = max(self.heights.get(row, 0), self._text_height(text, first, last, style))
        breaks = self._page_breaks(charts) if not self.fit_height else ()
        # In Chinese every row gets the height the page breaks were reckoned with: a row left to itself
        # is sized by the printer to its font, and the Chinese fallback font prints taller (pages
        # overflowed). Latin rows print at the default height.
        if self.body_pt:
            for row in range(1, self.row):
                self.heights.setdefault(row, self.default_pt)
        print_area = (range_ref(1, 1, self.print_rows_to, max(widths)) if self.print_rows_to
                      else self._print_area(charts) if self._chart_data else None)
        plan = SheetPlan(
            name=self.name,
            key=self.key,
            blocks=tuple(self.blocks),
            column_widths=tuple((col_letter(k), float(w)) for k, w in sorted(widths.items())),
            row_heights=tuple(sorted((r, min(h, ROW_HEIGHT_MAX)) for r, h in self.heights.items())),
            freeze_panes=self.freeze,
            print_setup=replace(ctx.print_setup(self.fit_height), row_breaks=tuple(
                                    r for r in breaks if not self.print_rows_to or r < self.print_rows_to),
                                scale=None if self.fit_height else round(self.scale * 100),
                                print_area=print_area),
            charts=tuple(charts),
            conditional_formats=tuple(merged_rules(self.rules)),
            sparklines=tuple(self.sparklines),
            show_gridlines=False,
        )
        return plan, self.names



def _text_units(text: str) -> float:
    """Printed width of `text` in column-width units (see `_text_height`)."""
    wide = F.display_width(text) - len(text)          # East Asian wide characters
    return (len(text) - wide) * 0.85 + wide * 2.1


def column_cm(width: float) -> float:
    """Column width (characters) -> cm on paper at 100 %, as LibreOffice prints it (measured on a sheet
    at scale 100 with Carlito for Calibri: widths 5, 9, 10, 20 and 34 print 27.7, 50.0, 55.5, 111.0 and
    188.7 pt, 5.55 pt a character). Excel prints a stored width w as 7w px at 96 dpi (the width already
    holds the cell's padding), 0.185 cm a character: narrower, so a page laid out by this figure fits
    in both."""
    return width * 5.55 * CM_PER_PT
