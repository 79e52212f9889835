"""Sheet plans made of blocks: what goes in which cell, with which style, and which chart plots which range.

The layout (ReportModel -> ReportLayout) builds these; every writer (openpyxl, xlwings) only translates
them. Nothing in here is a library object: plain frozen dataclasses holding str / float / int / date /
None, so a plan can be compared, dumped and asserted on.

Conventions every writer follows
--------------------------------
- Ranges and cells are A1 strings on the plan's own sheet ("B4", "B4:H20"); no sheet prefix, no "$".
- Values are `str | int | float | datetime.date | datetime.datetime | None`. **A str is always text**:
  a writer must never turn text that starts with "=", "+", "-" or "@" into a formula (openpyxl: set
  `cell.data_type = "s"` after assigning; xlwings: write such text with the cell's number format "@"
  or a leading apostrophe). None leaves the cell empty.
- A block's `writes()` gives (anchor, 2-D values) rectangles to write in one go; `formats()` gives
  (range, Style) pairs applied *in order*, a later pair replacing the earlier style of the cells it
  covers completely (no attribute merging in the writer — the layout merges with `Style.merged`);
  `merges()` gives ranges to merge.
- Header/footer texts use Excel's codes (&P page, &N pages, &A sheet); a literal "&" is written "&&".
- Colours are "RRGGBB" hex strings.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, fields, replace
from typing import Union

from ..a1 import column_index as col_index, column_letter as col_letter
from ..excel_limits import cell_text

Value = Union[str, int, float, _dt.date, _dt.datetime, None]

_A1 = re.compile(r"^([A-Z]{1,3})([0-9]+)$")


# ------------------------------------------------------------------------------------------ A1 helpers
def split_cell(ref: str) -> tuple[int, int]:
    """"C7" -> (row 7, column 3)."""
    m = _A1.match(ref)
    if not m:
        raise ValueError(f"not an A1 cell: {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def cell_ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def range_ref(row: int, col: int, last_row: int, last_col: int) -> str:
    first, last = cell_ref(row, col), cell_ref(last_row, last_col)
    return first if first == last else f"{first}:{last}"


def split_range(ref: str) -> tuple[int, int, int, int]:
    """"B4:H20" -> (4, 2, 20, 8); a single cell gives the same corner twice."""
    a, _, b = ref.partition(":")
    r1, c1 = split_cell(a)
    r2, c2 = split_cell(b) if b else (r1, c1)
    return r1, c1, r2, c2


def absolute(ref: str) -> str:
    """"B4:H20" -> "$B$4:$H$20" (for defined names and chart references)."""
    def one(c: str) -> str:
        r, k = split_cell(c)
        return f"${col_letter(k)}${r}"
    return ":".join(one(p) for p in ref.split(":"))


def quote_sheet(name: str) -> str:
    """A sheet name as used in a reference: always quoted, inner quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


# ------------------------------------------------------------------------------------------ style
@dataclass(frozen=True)
class Style:
    """A small hashable cell style. None = not set (the writer leaves the library default).

    border: None / "thin" (box) / "bottom" / "top" / "top_bottom" (thin lines), "medium_bottom".
    """

    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    font_colour: str | None = None
    fill: str | None = None
    h_align: str | None = None       # left / center / right
    v_align: str | None = None       # top / center / bottom
    wrap: bool | None = None
    border: str | None = None
    border_colour: str | None = None
    number_format: str | None = None
    indent: int | None = None
    font_name: str | None = None

    def merged(self, other: "Style | None") -> "Style":
        """This style with every attribute that `other` sets taken from `other`."""
        if other is None:
            return self
        changes = {f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name) is not None}
        return replace(self, **changes) if changes else self

    def with_format(self, number_format: str | None) -> "Style":
        return self if number_format is None else replace(self, number_format=number_format)


PLAIN = Style()


# ------------------------------------------------------------------------------------------ blocks
@dataclass(frozen=True)
class Cell:
    """One value at `ref`, optionally merged over `merge` (a range starting at `ref`)."""

    ref: str
    value: Value
    style: Style = PLAIN
    merge: str | None = None

    def writes(self) -> tuple[tuple[str, tuple[tuple[Value, ...], ...]], ...]:
        return ((self.ref, ((cell_text(self.value),),)),)

    def formats(self) -> tuple[tuple[str, Style], ...]:
        return ((self.merge or self.ref, self.style),)

    def merges(self) -> tuple[str, ...]:
        return (self.merge,) if self.merge and ":" in self.merge else ()


@dataclass(frozen=True)
class Paragraph:
    """Wrapped text in a merged range (top-left aligned); the layout sets the rows' heights."""

    range: str
    text: str
    style: Style = Style(wrap=True, v_align="top", h_align="left")

    def writes(self):
        r, c, _, _ = split_range(self.range)
        return ((cell_ref(r, c), ((cell_text(self.text),),)),)

    def formats(self):
        return ((self.range, self.style),)

    def merges(self):
        return (self.range,) if ":" in self.range else ()


@dataclass(frozen=True)
class Kpi:
    """A KPI card: a label, a big value (the cell a defined name may point at) and a note line.

    label_range / value_range / note_range are merged ranges stacked in the card; `value_cell` is the
    top-left cell of value_range. A None value leaves the value cell empty (so formulas on it see an
    empty cell, not text) and the note says why.
    """

    label_range: str
    value_range: str
    note_range: str
    label: str
    value: Value
    note: str
    label_style: Style
    value_style: Style
    note_style: Style
    figure_name: str = ""     # e.g. "SR_SALES_MONTH"

    @property
    def value_cell(self) -> str:
        r, c, _, _ = split_range(self.value_range)
        return cell_ref(r, c)

    def _cells(self):
        return (Cell(_first(self.label_range), self.label, self.label_style, self.label_range),
                Cell(_first(self.value_range), self.value, self.value_style, self.value_range),
                Cell(_first(self.note_range), self.note, self.note_style, self.note_range))

    def writes(self):
        return tuple(w for c in self._cells() for w in c.writes())

    def formats(self):
        return tuple(f for c in self._cells() for f in c.formats())

    def merges(self):
        return tuple(m for c in self._cells() for m in c.merges())


def _first(rng: str) -> str:
    r, c, _, _ = split_range(rng)
    return cell_ref(r, c)


@dataclass(frozen=True)
class Column:
    """A table column: header text, body style (incl. number format), optional width hint."""

    header: str
    style: Style = PLAIN
    total_style: Style | None = None


@dataclass(frozen=True)
class Table:
    """A header row and body rows at `anchor`, optionally an Excel table (ListObject).

    The ListObject covers header + body (`ref`); a `totals` row, when given, is written just below it as
    plain values (not Excel's totals-row formulas, so both writers and LibreOffice agree). Headers must be
    unique, non-empty text when `as_excel_table`. A table is never empty: the layout writes a "no data"
    paragraph instead. `row_styles` overlays whole body rows (by 0-based body row index), merged over the
    column styles. `cell_formats` gives single cells a number format of their own: (body row index, or
    len(rows) for the totals row; column index; format) — a figure its column's format would show as
    zero (i18n.numbers.Shown).
    """

    anchor: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    header_style: Style = Style(bold=True)
    as_excel_table: bool = True
    name: str = ""                          # Excel table name (unique in the workbook)
    table_style: str = "TableStyleMedium2"
    show_row_stripes: bool = True
    totals: tuple[Value, ...] | None = None
    totals_style: Style = Style(bold=True, border="top")
    row_styles: tuple[tuple[int, Style], ...] = ()
    cell_formats: tuple[tuple[int, int, str], ...] = ()
    last_column_span: int = 1               # >1: each cell of the last column is merged over this many
                                            # columns (long text; only when not an Excel table)

    def __post_init__(self):
        if self.last_column_span > 1 and self.as_excel_table:
            raise ValueError("merged cells are not allowed inside an Excel table")
        if not self.rows:
            raise ValueError("a Table needs at least one body row")
        n = len(self.columns)
        for row in self.rows:
            if len(row) != n:
                raise ValueError(f"row of {len(row)} values for {n} columns")
        if self.totals is not None and len(self.totals) != n:
            raise ValueError("totals row does not match the columns")
        if self.as_excel_table:
            heads = [c.header for c in self.columns]
            # Excel compares table column names ignoring case ("Name" and "NAME" clash).
            if not all(isinstance(h, str) and h for h in heads) or len({h.casefold() for h in heads}) != n:
                raise ValueError(f"Excel table headers must be unique text (ignoring case): {heads}")
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", self.name or ""):
                raise ValueError(f"bad Excel table name {self.name!r}")

    # geometry ---------------------------------------------------------------------------------
    @property
    def top(self) -> int:
        return split_cell(self.anchor)[0]

    @property
    def left(self) -> int:
        return split_cell(self.anchor)[1]

    @property
    def right(self) -> int:
        """Last column used (including the merged span of the last column)."""
        return self.left + len(self.columns) - 1 + max(self.last_column_span, 1) - 1

    @property
    def first_body_row(self) -> int:
        return self.top + 1

    @property
    def last_body_row(self) -> int:
        return self.top + len(self.rows)

    @property
    def bottom(self) -> int:
        """Last row used (the totals row when there is one)."""
        return self.last_body_row + (1 if self.totals is not None else 0)

    @property
    def ref(self) -> str:
        """Header + body: the ListObject's range."""
        return range_ref(self.top, self.left, self.last_body_row, self.right)

    def column_index(self, header_or_index: str | int) -> int:
        if isinstance(header_or_index, int):
            return header_or_index
        for i, c in enumerate(self.columns):
            if c.header == header_or_index:
                return i
        raise KeyError(header_or_index)

    def body_range(self, column: str | int) -> str:
        """Body cells of one column (by header or 0-based index): what a chart or a rule refers to."""
        k = self.left + self.column_index(column)
        return range_ref(self.first_body_row, k, self.last_body_row, k)

    def cell(self, body_row: int, column: str | int) -> str:
        """A body cell by 0-based row index and column."""
        return cell_ref(self.first_body_row + body_row, self.left + self.column_index(column))

    # writer protocol ----------------------------------------------------------------------------
    def writes(self):
        grid = [tuple(c.header for c in self.columns)] + [tuple(map(cell_text, r)) for r in self.rows]
        if self.totals is not None:
            grid.append(tuple(map(cell_text, self.totals)))
        return ((self.anchor, tuple(grid)),)

    def _last_col(self, i: int) -> int:
        """Right edge of column i (the last column may span several sheet columns)."""
        return self.right if i == len(self.columns) - 1 else self.left + i

    def formats(self):
        out: list[tuple[str, Style]] = [(range_ref(self.top, self.left, self.top, self.right), self.header_style)]
        for i, c in enumerate(self.columns):
            k = self.left + i
            out.append((range_ref(self.first_body_row, k, self.last_body_row, self._last_col(i)), c.style))
        for idx, st in self.row_styles:
            r = self.first_body_row + idx
            for i, c in enumerate(self.columns):
                out.append((range_ref(r, self.left + i, r, self._last_col(i)), c.style.merged(st)))
        if self.totals is not None:
            r = self.bottom
            for i, c in enumerate(self.columns):
                out.append((range_ref(r, self.left + i, r, self._last_col(i)), self._total_style(c)))
        for j, i, fmt in self.cell_formats:
            c = self.columns[i]
            if j == len(self.rows):
                st = self._total_style(c)
            else:
                st = c.style
                for idx, row_style in self.row_styles:
                    if idx == j:
                        st = st.merged(row_style)
            r = self.bottom if j == len(self.rows) else self.first_body_row + j
            out.append((range_ref(r, self.left + i, r, self._last_col(i)), st.with_format(fmt)))
        return tuple(out)

    def _total_style(self, c: Column) -> Style:
        return c.total_style or c.style.merged(self.totals_style)

    def merges(self):
        if self.last_column_span <= 1:
            return ()
        k = self.left + len(self.columns) - 1
        return tuple(range_ref(r, k, r, self.right) for r in range(self.top, self.bottom + 1))


Block = Union[Cell, Paragraph, Kpi, Table]


# ------------------------------------------------------------------------------------------ charts
CHART_KINDS = ("column", "bar", "line", "pie", "doughnut", "combo")


@dataclass(frozen=True)
class Series:
    """One plotted series. `kind` matters in a combo chart ("column" or "line"); `secondary` puts it on
    a second value axis. `name` is the legend text."""

    name: str
    values: str                  # A1 range on the chart's sheet
    colour: str | None = None
    kind: str = ""               # "" = the chart's kind
    secondary: bool = False
    point_colours: tuple[str, ...] = ()   # per-point colours (pie / doughnut slices)
    no_fill: bool = False        # drawn invisible: the base a waterfall's floating bars stand on


@dataclass(frozen=True)
class ChartSpec:
    """A native chart over ranges of its own sheet, placed with its top-left corner at `anchor`."""

    kind: str
    title: str
    categories: str
    series: tuple[Series, ...]
    anchor: str
    width_cm: float = 16.0
    height_cm: float = 7.5
    x_title: str = ""
    y_title: str = ""
    y2_title: str = ""
    y_number_format: str = ""
    y2_number_format: str = ""
    data_labels: bool = False
    data_label_format: str = ""
    show_percent: bool = False   # pie / doughnut labels as percentages
    legend: str | None = "bottom"   # bottom / right / top / None (no legend)
    gap_width: int = 80
    name: str = ""               # stable id, e.g. "sales_trend"
    title_size: float = 11.0     # points
    stacked: bool = False        # column / bar: series stacked on each other (a waterfall)
    y_min: float | None = None   # the value axis' minimum (None: automatic; bars and columns from 0)

    def __post_init__(self):
        if self.kind not in CHART_KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")
        if not self.series:
            raise ValueError("a chart needs at least one series")

    def value_axis_minimum(self) -> float | None:
        """The value axis' minimum every writer sets: `y_min`, else 0 for bars and columns (a bar's
        length is its value, so its axis starts at zero), else None (Excel's automatic scale)."""
        if self.y_min is not None:
            return self.y_min
        return 0 if self.kind in ("column", "bar", "combo") else None


# ------------------------------------------------------------------------------------------ sparklines
@dataclass(frozen=True)
class Sparkline:
    """A trend drawn inside a cell (Excel's sparkline, an x14 extension of the sheet): `data` (a row or
    column range on the sheet) plotted at `location` (a cell; drawn across its merged range). Columns,
    not a line: LibreOffice prints a line sparkline as a faint dotted trace, columns as Excel shows them.
    The last point (the report month) has its own colour, negative values theirs; empty cells are gaps.
    `from_zero`: the columns stand on 0 (a column's height is its value); else (a signed change) the
    axis is automatic and the zero line is drawn."""

    location: str
    data: str
    from_zero: bool = True
    colour: str = "8EA9DB"
    last_colour: str = "1F3864"
    negative_colour: str = "C00000"


# ------------------------------------------------------------------------------------------ rules
CF_KINDS = ("cell_value", "data_bar", "icon_set", "colour_scale")
CF_OPERATORS = ("less_than", "between", "equal_to")
# Bounds that make "between" mean "a positive number": text compares above every number in Excel, so
# (unlike "greater than 0") it never falls between them, and a blank counts as 0.
POSITIVE = (1e-300, 1e307)


@dataclass(frozen=True)
class ConditionalFormat:
    """A conditional format on `range`: one rectangle, or several separated by spaces (as a file's
    sqref); `merged_rules` joins equal cell-value rules of a sheet into one.

    kind "cell_value": the cell's own value against `values` by `operator` (one of CF_OPERATORS; a
    text value is written as an Excel string, '"Error"'), true -> `style` (font colour / fill / bold
    only). No formula, so nothing depends on which cell a formula is relative to (Excel's COM reads a
    rule's relative references from the active cell) or on the language of function names.
    kind "data_bar": `colour`, bar from 0 (min) to `max_value` (None = the range's max).
    kind "icon_set": `icon_set` (e.g. "3TrafficLights1"), thresholds as fractions in `thresholds`
    (number type), e.g. (0, 0.9, 1.0) = red below 90 %, amber below 100 %, green from 100 %.
    kind "colour_scale": `colours` (2 or 3), min → (mid at percentile 50) → max.
    """

    range: str
    kind: str
    operator: str = ""
    values: tuple = ()
    style: Style | None = None
    colour: str = "5B9BD5"
    max_value: float | None = None
    icon_set: str = "3TrafficLights1"
    thresholds: tuple[float, ...] = ()
    colours: tuple[str, ...] = ()
    stop: bool = False

    def __post_init__(self):
        if self.kind not in CF_KINDS:
            raise ValueError(f"unknown conditional format kind {self.kind!r}")
        if self.kind == "cell_value" and (self.operator not in CF_OPERATORS
                                          or len(self.values) != 1 + (self.operator == "between")):
            raise ValueError(f"bad cell-value rule {self.operator!r} {self.values!r}")

    @property
    def areas(self) -> list[str]:
        return self.range.split()

    def formulas(self) -> list[str]:
        """The rule's values as Excel formula text: "0", "1E-300", '"Error"'. (Whole numbers and powers
        of ten only in the layout: no decimal separator for a locale to read otherwise.)"""
        return [v if isinstance(v, str) else f"{v:G}" for v in self.values]


def merged_rules(rules: list[ConditionalFormat]) -> list[ConditionalFormat]:
    """Equal cell-value rules joined into one multi-area rule, so a writer adds each once (a cell-value
    rule reads only its own cell, so its areas need no shared anchor). A rule joins an earlier equal one
    only when no rule added between them covers any of its cells: where rules overlap, their order
    (Excel's priority) stays as written."""
    out: list[ConditionalFormat] = []
    for rule in rules:
        key = _merge_key(rule)
        at = next((i for i, r in enumerate(out) if key is not None and _merge_key(r) == key
                   and not any(_overlap(rule.range, later.range) for later in out[i + 1:])), None)
        if at is None:
            out.append(rule)
        else:
            out[at] = replace(out[at], range=f"{out[at].range} {rule.range}")
    return out


def _merge_key(rule: ConditionalFormat):
    return (rule.operator, rule.values, rule.style, rule.stop) if rule.kind == "cell_value" else None


def _overlap(a: str, b: str) -> bool:
    for x in a.split():
        r1, c1, r2, c2 = split_range(x)
        for y in b.split():
            s1, d1, s2, d2 = split_range(y)
            if r1 <= s2 and s1 <= r2 and c1 <= d2 and d1 <= c2:
                return True
    return False


# ------------------------------------------------------------------------------------------ sheet/book
@dataclass(frozen=True)
class DefinedName:
    """A workbook-level name pointing at one cell of a report sheet."""

    name: str
    sheet: str
    cell: str

    @property
    def refers_to(self) -> str:
        return f"{quote_sheet(self.sheet)}!{absolute(self.cell)}"


@dataclass(frozen=True)
class PrintSetup:
    paper: str = "A4"
    landscape: bool = True
    fit_width: int = 1
    fit_height: int = 0                 # 0 = as many pages as needed
    header_left: str = ""
    header_center: str = ""
    header_right: str = ""
    footer_left: str = ""
    footer_center: str = ""
    footer_right: str = ""
    print_area: str | None = None       # A1 range
    title_rows: str | None = None       # e.g. "4:4" repeated on every page
    row_breaks: tuple[int, ...] = ()    # a page break after each of these rows (keeps sections whole)
    scale: int | None = None            # print at this % instead of fitting to the page's width: the
                                        # scale the row breaks were reckoned with
    margins_cm: tuple[float, float, float, float] = (1.5, 1.2, 1.5, 1.2)   # top, right, bottom, left
    center_horizontally: bool = True


@dataclass(frozen=True)
class SheetPlan:
    name: str
    blocks: tuple[Block, ...]
    column_widths: tuple[tuple[str, float], ...] = ()      # (column letter, width in characters)
    row_heights: tuple[tuple[int, float], ...] = ()        # (row, height in points)
    freeze_panes: str | None = None                        # top-left cell of the scrolling area
    print_setup: PrintSetup = PrintSetup()
    charts: tuple[ChartSpec, ...] = ()
    conditional_formats: tuple[ConditionalFormat, ...] = ()
    sparklines: tuple[Sparkline, ...] = ()
    tab_colour: str | None = None
    show_gridlines: bool = False
    zoom: int = 100
    key: str = ""                                          # stable id: summary / sales / team / …

    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    def kpis(self) -> tuple[Kpi, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Kpi))

    def value_at(self, ref: str) -> Value:
        """The value the plan writes at `ref` (last write wins), or None."""
        r0, c0 = split_cell(ref)
        found: Value = None
        for b in self.blocks:
            for anchor, grid in b.writes():
                r, c = split_cell(anchor)
                if r <= r0 < r + len(grid) and c <= c0 < c + len(grid[r0 - r]):
                    found = grid[r0 - r][c0 - c]
        return found

    def style_at(self, ref: str) -> Style:
        r0, c0 = split_cell(ref)
        found = PLAIN
        for b in self.blocks:
            for rng, st in b.formats():
                r1, c1, r2, c2 = split_range(rng)
                if r1 <= r0 <= r2 and c1 <= c0 <= c2:
                    found = st
        return found


@dataclass(frozen=True)
class ReportLayout:
    """The whole report: its sheets in order (Summary first) and the workbook-level names.

    Writers replace an earlier report — the sheets `write.report_sheets` says are the report's — and
    nothing else, so a rebuild never duplicates and a language switch leaves no stale report behind.
    """

    sheets: tuple[SheetPlan, ...]
    defined_names: tuple[DefinedName, ...]
    language: str = "en"
    title: str = ""

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sheets)

    def sheet(self, key_or_name: str) -> SheetPlan:
        for s in self.sheets:
            if s.key == key_or_name or s.name == key_or_name:
                return s
        raise KeyError(key_or_name)

    def name(self, name: str) -> DefinedName:
        for d in self.defined_names:
            if d.name == name:
                return d
        raise KeyError(name)
