"""Write a report layout into a live workbook through xlwings (Excel on Windows/macOS, xlwings Lite,
xlwings' remote engine).

The writer walks the same sheet plans as the openpyxl writer and only translates them. Round trips to
Excel are what costs, so:
- values go in whole blocks: one `.value = 2-D list` per block rectangle, never cell by cell;
- styles are resolved per cell first (a later (range, Style) pair of a block replaces the earlier one,
  as the plan says), then written per attribute over maximal rectangles of equal value, so the number
  of calls depends on the layout's shape, not on how many cells a table has.

The sheets of a previous report (`report_sheets`' rule: each report sheet carries the hidden marker
name) and the names pointing at them are removed first, so Generate twice leaves one report; no other
sheet is ever deleted, cleared or overwritten (lay the report out with `book_user_sheets(book)`, and a
report sheet whose name a user's sheet has is named apart). Where an engine lacks a feature (print setup on
the remote engine, per-point colours, data labels, ...) the writer carries on and says what it left
out in `WriteResult.skipped`; the caller lists that on the Checks sheet.

Text stays text: Excel parses a value written to a cell like typed input ("=HYPERLINK(...)" becomes a
formula, "2025-03" a date, "001" the number 1). Such strings get a leading apostrophe, which Excel
keeps as the cell's prefix character and does not show or return as part of the value.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import sys
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Callable, Iterable

from ..errors import WorkbookError
from ..layout.blocks import (ChartSpec, ConditionalFormat, ReportLayout, SheetPlan, Style, Table, col_index,
                           col_letter, range_ref, split_range)
from .report_sheets import MARKER_NAME, is_figure_name, is_marker, marker_formula, report_sheets

Progress = Callable[[str], None]

PT_PER_CM = 72 / 2.54

# ChartSpec.kind -> xlwings chart type
_CHART_TYPES = {"column": "column_clustered", "bar": "bar_clustered", "line": "line_markers",
                "pie": "pie", "doughnut": "doughnut", "combo": "column_clustered"}
_STACKED_TYPES = {"column": "column_stacked", "bar": "bar_stacked"}
_SERIES_TYPES = {"column": "column_clustered", "bar": "bar_clustered", "line": "line_markers"}

# Plan icon-set names (Excel's) -> xlwings'
_ICON_SETS = {"3TrafficLights1": "3_traffic_lights_1", "3TrafficLights2": "3_traffic_lights_2",
              "3Arrows": "3_arrows", "3ArrowsGray": "3_arrows_gray", "3Flags": "3_flags",
              "3Signs": "3_signs", "3Symbols": "3_symbols", "3Symbols2": "3_symbols_2"}

# Strings Excel would not keep as the text they are: formulas, numbers, dates, booleans, errors, and
# text already starting with the prefix character.
_PARSEABLE = re.compile(r"^\s*([=+\-@']|[0-9.,(¥$€£%]|#[A-Z/]|true\s*$|false\s*$)", re.IGNORECASE)


def excel_text(value: str) -> str:
    """`value` as it must be written for Excel to store exactly that text."""
    return "'" + value if _PARSEABLE.match(value) else value


def excel_value(value):
    if isinstance(value, str):
        return excel_text(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@dataclass
class WriteResult:
    sheets: list[str] = field(default_factory=list)
    charts: int = 0
    tables: int = 0
    names: list[str] = field(default_factory=list)
    removed_sheets: list[str] = field(default_factory=list)
    removed_names: list[str] = field(default_factory=list)
    position: int | None = None          # 0-based index of the first removed report sheet
    skipped: list[str] = field(default_factory=list)

    def skip(self, what: str) -> None:
        if what not in self.skipped:
            self.skipped.append(what)


# --------------------------------------------------------------------------------------- public API
def write_report(book, layout: ReportLayout, progress: Progress | None = None) -> WriteResult:
    """Replace the report in `book` (an xlwings Book) by `layout`'s sheets, charts and names.

    As in the headless writer, the report goes where the previous one was, else after the other sheets.
    """
    progress = progress or (lambda _msg: None)
    result = WriteResult()
    remove_report(book, {d.name for d in layout.defined_names}, result)
    _refuse_clash(book, layout.sheet_names)
    position = result.position
    for i, plan in enumerate(layout.sheets, 1):
        progress(f"{i}/{len(layout.sheets)} {plan.name}")
        write_sheet(book, plan, result, position=None if position is None else position + i - 1)
    for d in layout.defined_names:
        book.names.add(d.name, "=" + d.refers_to)
        result.names.append(d.name)
    if layout.sheets:
        _try(result, "activating the first report sheet", lambda: book.sheets[layout.sheets[0].name].activate())
    return result


def book_report_sheets(book) -> list[str]:
    """The sheets of `book` that are the report's, by `report_sheets`' rule."""
    names = [s.name for s in book.sheets]
    marked = [s.name for s in book.sheets if any(is_marker(n.name) for n in s.names)]
    targets = {_name_sheet(n.refers_to) for n in book.names if is_figure_name(n.name)}
    return report_sheets(names, marked, {t for t in targets if t})


def book_user_sheets(book) -> list[str]:
    """Every sheet of `book` that is not the report's (never deleted, cleared or overwritten)."""
    report = set(book_report_sheets(book))
    return [s.name for s in book.sheets if s.name not in report]


def remove_report(book, name_names: Iterable[str] = (), result: WriteResult | None = None,
                  only: Iterable[str] | None = None) -> WriteResult:
    """Delete the report's sheets (with their charts and tables) and the workbook names that are in
    `name_names` or point at one of those sheets; `only` narrows the sheets to those names (the Checks
    sheet alone). Sheets that are not the report's are never touched."""
    result = result or WriteResult()
    sheet_names = set(book_report_sheets(book))
    if only is not None:
        sheet_names &= set(only)
    name_names = set(name_names)
    for n in list(book.names):
        target = _name_sheet(n.refers_to)
        if n.name in name_names or (target is not None and target in sheet_names):
            result.removed_names.append(n.name)
            n.delete()
    present = [s.name for s in book.sheets]
    for index, name in enumerate(present):
        if name in sheet_names:
            if result.position is None:
                result.position = index - len(result.removed_sheets)
            book.sheets[name].delete()
            result.removed_sheets.append(name)
    return result


def _refuse_clash(book, names: Iterable[str]) -> None:
    present = {s.name.casefold(): s.name for s in book.sheets}
    clash = [present[n.casefold()] for n in names if n.casefold() in present]
    if clash:
        raise WorkbookError(f"the workbook already has a sheet named '{clash[0]}' that is not a report "
                            "sheet; the report was laid out without knowing of it")


def write_sheet(book, plan: SheetPlan, result: WriteResult | None = None, position: int | None = None):
    """Add `plan` as a new sheet of `book` at 0-based `position` (default: last) and write it.
    Returns the xlwings Sheet."""
    result = result or WriteResult()
    count = len(book.sheets)
    if position is None or position >= count:
        sheet = book.sheets.add(plan.name, after=book.sheets[count - 1])
    else:
        sheet = book.sheets.add(plan.name, before=book.sheets[position])
    result.sheets.append(plan.name)
    # The report's marker (report_sheets): a sheet-scoped name, which Excel keeps with its sheet.
    sheet.names.add(MARKER_NAME, "=" + marker_formula(plan.name))

    for block in plan.blocks:                                   # values: one write per rectangle
        for anchor, grid in block.writes():
            sheet[anchor].value = [[excel_value(v) for v in row] for row in grid]

    for rng in (m for block in plan.blocks for m in block.merges()):
        _try(result, "merged cells", lambda rng=rng: sheet[rng].merge())

    _write_styles(sheet, plan, result)
    _write_dimensions(sheet, plan, result)

    for table in plan.tables():
        if table.as_excel_table:
            _write_table(sheet, table, result)
    for rule in plan.conditional_formats:
        _write_rule(sheet, rule, result)
    for spec in plan.charts:
        _write_chart(book, sheet, spec, result)

    if plan.freeze_panes:
        _try(result, "frozen panes", lambda: sheet.freeze_panes.freeze_at(plan.freeze_panes))
    if not plan.show_gridlines:
        _try(result, "hidden gridlines", lambda: setattr(sheet, "show_gridlines", False))
    _write_print_setup(book, sheet, plan, result)
    return sheet


# --------------------------------------------------------------------------------------- styles
_STYLE_ATTRS = [f.name for f in fields(Style)]


def resolved_styles(plan: SheetPlan) -> dict[tuple[int, int], Style]:
    """(row, col) -> the style a cell ends up with: the last (range, Style) pair covering it wins."""
    cells: dict[tuple[int, int], Style] = {}
    for block in plan.blocks:
        for rng, style in block.formats():
            r1, c1, r2, c2 = split_range(rng)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    cells[(r, c)] = style
    return cells


def rectangles(cells: Iterable[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Cover a set of (row, col) cells exactly with few rectangles (r1, c1, r2, c2): runs along each
    row, then equal runs of consecutive rows joined."""
    by_row: dict[int, list[int]] = {}
    for r, c in cells:
        by_row.setdefault(r, []).append(c)
    runs: dict[tuple[int, int], list[int]] = {}       # (c1, c2) -> rows
    for r in sorted(by_row):
        cols = sorted(by_row[r])
        start = prev = cols[0]
        for c in cols[1:] + [None]:
            if c is not None and c == prev + 1:
                prev = c
                continue
            runs.setdefault((start, prev), []).append(r)
            if c is not None:
                start = prev = c
    out = []
    for (c1, c2), rows in runs.items():
        first = last = rows[0]
        for r in rows[1:] + [None]:
            if r is not None and r == last + 1:
                last = r
                continue
            out.append((first, c1, last, c2))
            if r is not None:
                first = last = r
    return sorted(out)


def _write_styles(sheet, plan: SheetPlan, result: WriteResult) -> None:
    cells = resolved_styles(plan)
    for attr in _STYLE_ATTRS:
        if attr == "border_colour":
            continue  # written with `border`
        groups: dict[object, list[tuple[int, int]]] = {}
        for cell, style in cells.items():
            value = getattr(style, attr)
            if attr == "border" and value is not None:
                value = (value, style.border_colour)
            if value is not None and value is not False:
                groups.setdefault(value, []).append(cell)
        for value, group in groups.items():
            for r1, c1, r2, c2 in rectangles(group):
                rng = sheet[range_ref(r1, c1, r2, c2)]
                _try(result, _STYLE_LABEL.get(attr, attr.replace("_", " ")), lambda rng=rng, value=value: _set_style(rng, attr, value))


_STYLE_LABEL = {"font_name": "font names", "bold": "bold font", "italic": "italic font", "size": "font size", "font_colour": "font colour",
                "fill": "cell fill", "h_align": "horizontal alignment", "v_align": "vertical alignment",
                "wrap": "wrapped text", "border": "cell borders", "number_format": "number formats",
                "indent": "indents"}


def _set_style(rng, attr: str, value) -> None:
    if attr == "bold":
        rng.font.bold = True
    elif attr == "italic":
        rng.font.italic = True
    elif attr == "font_name":
        rng.font.name = value
    elif attr == "size":
        rng.font.size = value
    elif attr == "font_colour":
        rng.font.color = "#" + value
    elif attr == "fill":
        rng.color = "#" + value
    elif attr == "h_align":
        rng.horizontal_alignment = value
    elif attr == "v_align":
        rng.vertical_alignment = value
    elif attr == "wrap":
        rng.wrap_text = True
    elif attr == "number_format":
        rng.number_format = value
    elif attr == "border":
        kind, colour = value
        weight = "medium" if kind.startswith("medium") else "thin"
        sides = {"thin": ["edge_top", "edge_bottom", "edge_left", "edge_right", "inside_horizontal",
                          "inside_vertical"],
                 "bottom": ["edge_bottom", "inside_horizontal"], "medium_bottom": ["edge_bottom"],
                 "top": ["edge_top", "inside_horizontal"],
                 "top_bottom": ["edge_top", "edge_bottom", "inside_horizontal"]}.get(kind, ["edge_bottom"])
        kwargs = {"line_style": "continuous"}
        if weight != "thin":       # a continuous line is thin unless told otherwise
            kwargs["weight"] = weight
        if colour:
            kwargs["color"] = "#" + colour
        rng.borders.set(sides, **kwargs)
    elif attr == "indent" and sys.platform == "win32":
        rng.api.IndentLevel = value            # Excel's IndentLevel: the Windows engine only
    else:
        raise NotImplementedError(attr)


def _write_dimensions(sheet, plan: SheetPlan, result: WriteResult) -> None:
    widths = sorted(((col_index(letter), w) for letter, w in plan.column_widths))
    i = 0
    while i < len(widths):                       # equal widths of adjacent columns in one call
        j = i
        while j + 1 < len(widths) and widths[j + 1][0] == widths[j][0] + 1 and widths[j + 1][1] == widths[i][1]:
            j += 1
        rng = f"{col_letter(widths[i][0])}:{col_letter(widths[j][0])}"
        _try(result, "column widths", lambda rng=rng, w=widths[i][1]: setattr(sheet[rng], "column_width", w))
        i = j + 1
    heights = sorted(plan.row_heights)
    i = 0
    while i < len(heights):
        j = i
        while j + 1 < len(heights) and heights[j + 1][0] == heights[j][0] + 1 and heights[j + 1][1] == heights[i][1]:
            j += 1
        rng = f"{heights[i][0]}:{heights[j][0]}"
        _try(result, "row heights", lambda rng=rng, h=heights[i][1]: setattr(sheet[rng], "row_height", h))
        i = j + 1


# --------------------------------------------------------------------------------------- tables, rules
def _write_table(sheet, table: Table, result: WriteResult) -> None:
    def add():
        t = sheet.tables.add(source=sheet[table.ref], name=table.name, table_style_name=table.table_style,
                             has_headers=True)
        if not table.show_row_stripes:
            t.show_table_style_row_stripes = False
        result.tables += 1
    _try(result, "Excel tables", add)


def _write_rule(sheet, rule: ConditionalFormat, result: WriteResult) -> None:
    formats = sheet[rule.range].conditional_formats

    def add():
        if rule.kind == "formula":
            st = rule.style or Style()
            formats.add_custom("=" + rule.formula,
                               fill_color=("#" + st.fill) if st.fill else None,
                               font_color=("#" + st.font_colour) if st.font_colour else None,
                               font_bold=True if st.bold else None, stop_if_true=rule.stop)
        elif rule.kind == "data_bar":
            formats.add_data_bar("#" + rule.colour, minimum=0, maximum=rule.max_value)
        elif rule.kind == "icon_set":
            formats.add_icon_set(_ICON_SETS.get(rule.icon_set, "3_traffic_lights_1"),
                                 thresholds=list(rule.thresholds[1:]) or None, threshold_type="number")
        elif rule.kind == "colour_scale":
            formats.add_color_scale(["#" + c for c in rule.colours])
    _try(result, f"conditional formats ({rule.kind.replace('_', ' ')})", add)


# --------------------------------------------------------------------------------------- charts
def chart_source(spec: ChartSpec) -> tuple[str, list[int]] | None:
    """The one rectangle xlwings can take as a chart's source: the series' columns with the header
    row above them, when the series are adjacent columns over the same rows. Returns the range and,
    for every column of it, the index of the series it plots; None when the series are not adjacent."""
    boxes = [split_range(s.values) for s in spec.series]
    r1, c1, r2, _ = boxes[0]
    cols = []
    for br1, bc1, br2, bc2 in boxes:
        if (br1, br2) != (r1, r2) or bc1 != bc2:
            return None
        cols.append(bc1)
    if sorted(cols) != list(range(min(cols), min(cols) + len(cols))) or r1 < 2:
        return None
    order = [cols.index(c) for c in range(min(cols), max(cols) + 1)]
    return range_ref(r1 - 1, min(cols), r2, max(cols)), order


def _write_chart(book, sheet, spec: ChartSpec, result: WriteResult) -> None:
    label = f"chart “{spec.title}”"
    found = chart_source(spec)
    plotted = list(range(len(spec.series)))
    if found is None:
        # xlwings sets one source range; plot the first series alone and say so.
        first = spec.series[0]
        r1, c1, r2, _ = split_range(first.values)
        source, order = range_ref(r1 - 1, c1, r2, c1), [0]
        plotted = [0]
        result.skip(f"{label}: only its first series (its series are not adjacent columns)")
    else:
        source, order = found

    chart_type = _STACKED_TYPES[spec.kind] if spec.stacked else _CHART_TYPES[spec.kind]
    try:
        chart = sheet.charts.add(width=spec.width_cm * PT_PER_CM, height=spec.height_cm * PT_PER_CM,
                                 chart_type=chart_type, anchor=sheet[spec.anchor],
                                 name=spec.name or None)
        chart.set_source_data(sheet[source])
    except engine_errors() as exc:  # an engine without charts: the report still gets written
        result.skip(f"{label}: not created ({type(exc).__name__}: {exc})")
        return
    result.charts += 1
    _try(result, f"{label}: categories", lambda: chart.set_x_axis_values(sheet[spec.categories]))
    _try(result, f"{label}: title", lambda: setattr(chart, "title", spec.title))

    for position, index in enumerate(order):
        s = spec.series[index]
        kwargs = {"name": s.name}
        kind = s.kind or spec.kind
        if spec.kind == "combo":
            kwargs["chart_type"] = _SERIES_TYPES.get(kind, "column_clustered")
        if s.secondary:
            kwargs["axis_group"] = "secondary"
        if s.colour:
            kwargs["line_color" if kind == "line" else "fill_color"] = "#" + s.colour
        if s.no_fill:
            # xlwings sets no "no fill": the base of a waterfall is painted the chart's white instead.
            kwargs["fill_color"] = "#FFFFFF"
            result.skip(f"{label}: no fill of the base series (painted white)")
        _try(result, f"{label}: series names, types and colours",
             lambda position=position, kwargs=kwargs: _series(chart, position, len(order)).set(**kwargs))
        if s.point_colours:
            result.skip(f"{label}: slice colours (Excel's theme colours used)")

    if spec.kind not in ("pie", "doughnut"):
        if spec.x_title:
            _try(result, f"{label}: axis titles", lambda: chart.category_axis.set(title=spec.x_title))
        axis = {}
        if spec.y_title:
            axis["title"] = spec.y_title
        if spec.y_number_format:
            axis["number_format"] = spec.y_number_format
        if spec.y_min is not None:
            axis["minimum_scale"] = spec.y_min
        if axis:
            _try(result, f"{label}: value axis", lambda: chart.value_axis.set(**axis))
        axis2 = {}
        if spec.y2_title:
            axis2["title"] = spec.y2_title
        if spec.y2_number_format:
            axis2["number_format"] = spec.y2_number_format
        if axis2 and any(s.secondary for s in spec.series):
            _try(result, f"{label}: secondary axis", lambda: chart.secondary_value_axis.set(**axis2))
    if spec.legend:
        _try(result, f"{label}: legend", lambda: setattr(chart.legend, "position", spec.legend))
    else:
        _try(result, f"{label}: legend", lambda: setattr(chart.legend, "visible", False))
    if spec.data_labels:
        result.skip(f"{label}: data labels")


def _series(chart, index: int, count: int):
    """Series `index` (0-based) of a chart just given `count` series.

    The remote engine answers `chart.series` only once it knows how many series there are, which it
    reads from Excel; a chart this writer has just created from a source range has exactly `count`.
    """
    try:
        return chart.series[index]
    except NotImplementedError:
        import xlwings as xw

        impl = chart.impl.series
        if not hasattr(impl, "_count"):
            raise
        impl._count = count
        return xw.main.ChartSeriesCollection(impl=impl)[index]


# --------------------------------------------------------------------------------------- print setup
def _write_print_setup(book, sheet, plan: SheetPlan, result: WriteResult) -> None:
    p = plan.print_setup
    if p.print_area:
        _try(result, "print areas", lambda: setattr(sheet.page_setup, "print_area", p.print_area))
    engine = getattr(getattr(book.app, "engine", None), "name", "")
    if engine == "excel" and sys.platform == "win32":
        _try(result, "page setup (paper, orientation, fit, header/footer)", lambda: _page_setup_com(sheet, plan))
    else:
        result.skip("page setup (A4 landscape, fit to width, header/footer) — set it in Page Layout")
        if plan.tab_colour:
            result.skip("sheet tab colours")


def _page_setup_com(sheet, plan: SheetPlan) -> None:
    p = plan.print_setup
    ps = sheet.api.PageSetup
    app = sheet.book.app.api
    ps.PaperSize = 9 if p.paper == "A4" else 1            # xlPaperA4 / xlPaperLetter
    ps.Orientation = 2 if p.landscape else 1              # xlLandscape / xlPortrait
    ps.Zoom = False
    ps.FitToPagesWide = p.fit_width or False
    ps.FitToPagesTall = p.fit_height or False
    for attr, text in (("LeftHeader", p.header_left), ("CenterHeader", p.header_center),
                       ("RightHeader", p.header_right), ("LeftFooter", p.footer_left),
                       ("CenterFooter", p.footer_center), ("RightFooter", p.footer_right)):
        setattr(ps, attr, text)
    if p.title_rows:
        ps.PrintTitleRows = absolute_rows(p.title_rows)
    top, right, bottom, left = (app.CentimetersToPoints(m) for m in p.margins_cm)
    ps.TopMargin, ps.RightMargin, ps.BottomMargin, ps.LeftMargin = top, right, bottom, left
    ps.CenterHorizontally = p.center_horizontally
    if plan.tab_colour:
        r, g, b = (int(plan.tab_colour[i:i + 2], 16) for i in (0, 2, 4))
        sheet.api.Tab.Color = r + 256 * g + 65536 * b


def absolute_rows(rows: str) -> str:
    """"4:4" -> "$4:$4"."""
    return ":".join("$" + part for part in rows.split(":"))


# --------------------------------------------------------------------------------------- helpers
@lru_cache(maxsize=1)
def engine_errors() -> tuple[type[BaseException], ...]:
    """What xlwings' engines raise for a step they cannot do — and nothing else, so a bug of ours
    stops the write instead of becoming "not applied by this Excel engine" on the Checks sheet.

    - NotImplementedError: xlwings' base classes raise it for every call an engine does not implement
      (the remote engine and xlwings Lite lack indents, page setup, ...);
    - xlwings.XlwingsError (NoSuchObjectError, ...): the remote engine's refusals;
    - pywintypes.com_error (Windows) and appscript's CommandError (macOS): Excel itself refusing.
    """
    found: list[type[BaseException]] = [NotImplementedError]
    for module, name in (("xlwings", "XlwingsError"), ("pywintypes", "com_error"),
                         ("appscript.reference", "CommandError")):
        try:
            found.append(getattr(__import__(module, fromlist=[name]), name))
        except (ImportError, AttributeError):   # that engine is not installed on this platform
            pass
    return tuple(found)


def _try(result: WriteResult, feature: str, action) -> None:
    """Run one formatting step; an engine that lacks it is noted, not fatal."""
    try:
        action()
    except engine_errors() as exc:
        result.skip(f"{feature} ({type(exc).__name__})" if not isinstance(exc, NotImplementedError)
                    else feature)


def _name_sheet(refers_to: str | None) -> str | None:
    """The sheet a name's formula points at ("='Sales (1)'!$B$4" -> "Sales (1)"), or None."""
    if not refers_to or "!" not in refers_to:
        return None
    head = refers_to.lstrip("=").rsplit("!", 1)[0]
    if head.startswith("'") and head.endswith("'"):
        head = head[1:-1].replace("''", "'")
    return head
