"""Write a report layout into a live workbook through xlwings (Excel on Windows/macOS, xlwings Lite,
xlwings' remote engine).

On Excel for Windows and Excel for Mac, Generate inserts the headless report whole (write/excel_insert.py:
Windows in one Sheets.Add, the Mac one sheet copy per report sheet); the cell-by-cell writer below is
what runs on xlwings Lite and the remote engine, and on the desktop wherever the insertion is refused
(the Checks sheet then says why).

The writer walks the same sheet plans as the openpyxl writer and only translates them. Round trips to
Excel are what costs (each call is one COM round trip through RunPython), so:
- a sheet's values go in one `.value = 2-D list` over the rectangle holding every block (a new sheet
  has nothing to overwrite, so the gaps are written blank);
- styles are resolved per cell first (a later (range, Style) pair of a block replaces the earlier one,
  as the plan says), then written per attribute and value: the value most cells share is set once
  over the sheet's styled rectangle where that is harmless on blank cells (fonts, alignment, number
  formats, wrapping — never fills or borders), and the other values over maximal rectangles of equal
  value. In Excel on Windows those rectangles go as one multi-area range per value ("A1:B2,D4:F9", cut
  under Excel's 255-character address limit); xlwings' Mac engine and its remote engine take one
  rectangle per call (see `excel_engine`), so there each rectangle is a call. The number of calls depends
  on the layout's shape, never on how many rows the data has.

The sheets of a previous report (`report_sheets`' rule: each report sheet carries the hidden marker
name) and the names pointing at them are replaced through write/swap.py: the new report goes in before
the old one goes, and a failure on the way leaves the old one as it was; Generate twice leaves one
report. No other sheet is ever deleted, cleared or overwritten (lay the report out with `book_user_sheets(book)`, and a
report sheet whose name a user's sheet has is named apart). Where an engine lacks a feature (print setup on
the remote engine, per-point colours, data labels, ...) the writer carries on and says what it left
out in `WriteResult.skipped`; the caller lists that on the Checks sheet.

Text stays text: Excel parses a value written to a cell like typed input ("=HYPERLINK(...)" becomes a
formula, "2025-03" a date, "001" the number 1). Such strings get a leading apostrophe, which Excel
keeps as the cell's prefix character and does not show or return as part of the value.
"""
from __future__ import annotations

import collections
import contextlib
import datetime as _dt
import math
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Callable, Iterable

from ..layout.blocks import (ChartSpec, ConditionalFormat, ReportLayout, SheetPlan, Style, Table, col_index,
                           col_letter, range_ref, split_cell, split_range)
from .excel_engine import MAC, WINDOWS, column_width, engine_kind, takes_multi_area
from .book_state import BookState, engine_state, name_sheet
from .swap import Swap, check_before_writing, remove_added_sheets, swap_report
from .report_sheets import MARKER_NAME, is_marker, marker_formula

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
    leftover: list[str] = field(default_factory=list)   # old sheets the swap could not delete (renamed apart)
    method: str = "cells"              # "inserted": the headless report inserted whole (Excel for Windows, Mac)
    skipped: list[str] = field(default_factory=list)
    # Calls Excel gets for the multi-area operations (styles, merges, widths, heights), by kind: one per
    # multi-area range, even on an engine that takes them area by area (see `_on_areas`).
    calls: collections.Counter = field(default_factory=collections.Counter)

    def skip(self, what: str) -> None:
        if what not in self.skipped:
            self.skipped.append(what)


# --------------------------------------------------------------------------------------- public API
def write_report(book, layout: ReportLayout, progress: Progress | None = None,
                 state: BookState | None = None) -> WriteResult:
    """Replace the report in `book` (an xlwings Book) by `layout`'s sheets, charts and names.

    As in the headless writer, the report goes where the previous one was, else after the other sheets.
    The swap (write/swap.py) puts the new report in before the old one goes: a failure leaves the
    previous report as it was, and is raised. On Excel for Windows and Mac the headless report is
    inserted whole (write/excel_insert.py); where that fails, or elsewhere, the sheets are written cell
    by cell.
    `state`: the book as Generate read it (write/book_state.py), read here when not given.
    """
    state = state or engine_state(book, inputs=False)
    return replace_sheets(book, layout.sheets, layout.defined_names, state.report_sheets(), progress,
                          layout=layout, state=state)


def replace_sheets(book, plans: list[SheetPlan], defined_names, old: list[str],
                   progress: Progress | None = None, layout: ReportLayout | None = None,
                   state: BookState | None = None) -> WriteResult:
    """Write `plans` as new sheets in place of the sheets `old` (and `defined_names` in place of the
    same names and of those pointing into `old`), atomically as write/swap.py says. With `layout` (the
    whole report) on Excel for Windows or Mac, its headless build is inserted whole instead
    (write/excel_insert.py). `state` is kept up to date with what is added and removed."""
    from . import excel_insert

    progress = progress or (lambda _msg: None)
    state = state or engine_state(book, inputs=False)
    result = WriteResult()
    names = [p.name for p in plans]
    tables = {p.name: [t.name for t in p.tables() if t.as_excel_table] for p in plans}
    check_before_writing(state, names, old, [t for found in tables.values() for t in found])
    inserted = {}                    # "first": Excel's first inserted sheet, to activate without looking it up
    with contextlib.ExitStack() as stack:
        path = None
        if layout is not None and excel_insert.inserts_whole(book):
            try:
                path = excel_insert.prepare(book, layout, stack.enter_context(excel_insert.insert_folder(book)))
            except excel_insert.InsertFailed as exc:
                path = None
                result.skip(f"inserting the report whole ({exc}): written cell by cell")

        def write_new(swap: Swap) -> None:
            if path is not None:
                progress(f"1/1 {names[0]} … {names[-1]}")
                try:
                    first = excel_insert.insert(book, path, swap.position, names)
                except excel_insert.InsertFailed as exc:
                    remove_added_sheets(book, swap)
                    result.skip(f"inserting the report whole ({exc}): written cell by cell")
                else:
                    if first is not None:
                        inserted["first"] = first
                    result.method = "inserted"
                    result.sheets.extend(names)
                    result.charts = sum(len(p.charts) for p in plans)
                    result.tables = sum(len(found) for found in tables.values())
                    state.add_sheets(swap.position, names, tables, {n: marker_formula(n) for n in names})
                    return
            for i, plan in enumerate(plans, 1):
                progress(f"{i}/{len(plans)} {plan.name}")
                position = None if swap.position is None else swap.position + i - 1
                write_sheet(book, plan, result, position=position)
                state.add_sheets(position, [plan.name], {plan.name: tables[plan.name]},
                                 {plan.name: marker_formula(plan.name)})

        def add_names(swap: Swap) -> None:
            swap.added_names = result.names
            book_names = book.names          # one call to Excel on Windows (Workbook.Names), not one per name
            for d in defined_names:
                book_names.add(d.name, "=" + d.refers_to)
                result.names.append(d.name)
                state.add_name(d.name, "=" + d.refers_to)

        swap = swap_report(book, state, old, {d.name for d in defined_names}, write_new, add_names)
    result.position = swap.position
    result.removed_sheets = list(old)
    result.removed_names = [name for name, _ in swap.removed_names]
    result.leftover = swap.leftover
    if plans:
        _try(result, "activating the first report sheet",
             lambda: inserted["first"].Activate() if "first" in inserted else book.sheets[plans[0].name].activate())
    return result


def book_report_sheets(book) -> list[str]:
    """The sheets of `book` that are the report's, by `report_sheets`' rule."""
    return engine_state(book, inputs=False).report_sheets()


def book_user_sheets(book) -> list[str]:
    """Every sheet of `book` that is not the report's (never deleted, cleared or overwritten)."""
    return engine_state(book, inputs=False).user_sheets()


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
        target = name_sheet(n.name) if is_marker(n.name) else name_sheet(n.refers_to)  # scoped: 'S'!name
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


def write_sheet(book, plan: SheetPlan, result: WriteResult | None = None, position: int | None = None):
    """Add `plan` as a new sheet of `book` at 0-based `position` (default: last) and write it.
    Returns the xlwings Sheet."""
    result = result or WriteResult()
    count = len(book.sheets)
    if position is None or position >= count:
        position = count
    # `after` the sheet in front wherever there is one: xlwings' remote engine puts a sheet added
    # `before` the k-th sheet (k > 1) at k - 1, one place too early.
    if position > 0:
        sheet = book.sheets.add(plan.name, after=book.sheets[position - 1])
    else:
        sheet = book.sheets.add(plan.name, before=book.sheets[0])
    result.sheets.append(plan.name)
    # The report's marker (report_sheets): a sheet-scoped name, which Excel keeps with its sheet.
    marker = sheet.names.add(MARKER_NAME, "=" + marker_formula(plan.name))
    _hide_name(book, marker)

    _write_values(sheet, plan)
    multi = takes_multi_area(book)
    merges = [m for block in plan.blocks for m in block.merges()]
    _on_areas(sheet, merges, multi, result, "merged cells", "merge", None, lambda rng: rng.merge())

    _write_styles(sheet, plan, result, multi)
    _write_dimensions(book, sheet, plan, result, multi)

    for table in plan.tables():
        if table.as_excel_table:
            _write_table(sheet, table, result)
    for rule in plan.conditional_formats:
        _write_rule(sheet, rule, result, multi)
    for spec in plan.charts:
        _write_chart(book, sheet, spec, result)
    _write_sparklines(book, sheet, plan, result)

    if plan.freeze_panes:
        _try(result, "frozen panes", lambda: _freeze(book, sheet, plan.freeze_panes))
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


def _write_values(sheet, plan: SheetPlan) -> None:
    """Every block's values in one write over the rectangle that holds them all."""
    cells: dict[tuple[int, int], object] = {}
    for block in plan.blocks:
        for anchor, grid in block.writes():
            r0, c0 = split_cell(anchor)
            for i, row in enumerate(grid):
                for j, v in enumerate(row):
                    cells[(r0 + i, c0 + j)] = v
    if not cells:
        return
    r1, r2 = min(r for r, _ in cells), max(r for r, _ in cells)
    c1, c2 = min(c for _, c in cells), max(c for _, c in cells)
    sheet[range_ref(r1, c1, r2, c2)].value = [[excel_value(cells.get((r, c))) for c in range(c1, c2 + 1)]
                                              for r in range(r1, r2 + 1)]


# Attributes whose "not set" can be written back explicitly, so a shared value may be laid over the
# whole styled rectangle first and the other cells set back: the value Excel has by default.
_RESET = {"bold": False, "italic": False, "wrap": False, "h_align": "general", "v_align": "bottom",
          "number_format": "General"}
# Attributes that show on a blank cell: never laid over cells the plan leaves unstyled.
_VISIBLE_ON_BLANK = {"fill", "border"}
_ADDRESS_MAX = 255        # Excel's limit for a Range("...") address


def _addresses(ranges: list[str]) -> list[str]:
    """Ranges joined into multi-area addresses of at most 255 characters."""
    out, current = [], ""
    for rng in ranges:
        if current and len(current) + 1 + len(rng) > _ADDRESS_MAX:
            out.append(current)
            current = ""
        current = f"{current},{rng}" if current else rng
    return out + ([current] if current else [])


def style_calls(plan: SheetPlan) -> list[tuple[str, object, list[str]]]:
    """The (attribute, value, ranges) the writer sets on a sheet, in order: per attribute, the shared
    value over the whole styled rectangle (when it is safe), then each other value over rectangles."""
    cells = resolved_styles(plan)
    if not cells:
        return []
    box = (min(r for r, _ in cells), min(c for _, c in cells), max(r for r, _ in cells), max(c for _, c in cells))
    calls = []
    for attr in _STYLE_ATTRS:
        if attr == "border_colour":
            continue  # written with `border`
        values: dict[tuple[int, int], object] = {}
        for cell, style in cells.items():
            value = getattr(style, attr)
            if attr == "border" and value is not None:
                value = (value, style.border_colour)
            values[cell] = None if value is False else value
        counts: dict[object, int] = {}
        for value in values.values():
            if value is not None:
                counts[value] = counts.get(value, 0) + 1
        plain = _grouped(attr, {cell: v for cell, v in values.items() if v is not None})
        shared = max(counts, key=counts.get) if counts else None
        resettable = attr in _RESET or all(v is not None for v in values.values())
        if shared is not None and attr not in _VISIBLE_ON_BLANK and resettable:
            over = [(attr, shared, [range_ref(*box)])] + _grouped(
                attr, {cell: (_RESET.get(attr) if v is None else v) for cell, v in values.items() if v != shared})
            if _cost(over) < _cost(plain):     # whichever takes fewer calls
                plain = over
        calls += plain
    return calls


def _grouped(attr: str, values: dict[tuple[int, int], object]) -> list[tuple[str, object, list[str]]]:
    groups: dict[object, list[tuple[int, int]]] = {}
    for cell, value in values.items():
        groups.setdefault(value, []).append(cell)
    return [(attr, value, [range_ref(*rect) for rect in rectangles(group)]) for value, group in groups.items()]


def _cost(calls) -> int:
    """Calls on an engine that takes one rectangle per call (the worse case)."""
    return sum(len(ranges) for _, _, ranges in calls)


def _write_styles(sheet, plan: SheetPlan, result: WriteResult, multi: bool = False) -> None:
    com = multi          # Excel on Windows (the one engine taking multi-area ranges): COM through `.api`
    for attr, value, ranges in style_calls(plan):
        if attr == "indent" and not com:
            result.skip(_STYLE_LABEL["indent"])          # Excel's IndentLevel: the Windows engine only
            continue
        _on_areas(sheet, ranges, multi, result, _STYLE_LABEL.get(attr, attr.replace("_", " ")), attr, value,
                  lambda rng, attr=attr, value=value: _set_style(rng, attr, value, com), _puts(attr, value))


def _puts(attr: str, value) -> int:
    """Property writes one style call makes in Excel on Windows: a grid of thin borders one per attribute
    (the Borders collection), other borders one per side and attribute, others one."""
    if attr != "border":
        return 1
    kind, colour = value
    if kind == "thin":
        return 1 + bool(colour)
    return len(_BORDER_SIDES.get(kind, ["edge_bottom"])) * (1 + bool(colour) + kind.startswith("medium"))


_STYLE_LABEL = {"font_name": "font names", "bold": "bold font", "italic": "italic font", "size": "font size", "font_colour": "font colour",
                "fill": "cell fill", "h_align": "horizontal alignment", "v_align": "vertical alignment",
                "wrap": "wrapped text", "border": "cell borders", "number_format": "number formats",
                "indent": "indents"}


_BORDER_SIDES = {"thin": ["edge_top", "edge_bottom", "edge_left", "edge_right", "inside_horizontal",
                          "inside_vertical"],
                 "bottom": ["edge_bottom", "inside_horizontal"], "medium_bottom": ["edge_bottom"],
                 "top": ["edge_top", "inside_horizontal"],
                 "top_bottom": ["edge_top", "edge_bottom", "inside_horizontal"]}


_XL_CONTINUOUS = 1


def _bgr(hex_colour: str) -> int:
    """"RRGGBB" as the number Excel's COM takes for a colour (blue in the high byte)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return r | g << 8 | b << 16


def _set_style(rng, attr: str, value, com: bool = False) -> None:
    if attr == "bold":
        rng.font.bold = bool(value)
    elif attr == "italic":
        rng.font.italic = bool(value)
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
        rng.wrap_text = bool(value)
    elif attr == "number_format":
        rng.number_format = value
    elif attr == "border":
        kind, colour = value
        if com and kind == "thin":
            # Excel's Borders collection sets the four edges and the inside lines of every cell ("All
            # Borders") in one write per attribute, where xlwings writes each of the six sides.
            borders = rng.api.Borders
            borders.LineStyle = _XL_CONTINUOUS
            if colour:
                borders.Color = _bgr(colour)
            return
        weight = "medium" if kind.startswith("medium") else "thin"
        sides = _BORDER_SIDES.get(kind, ["edge_bottom"])
        kwargs = {"line_style": "continuous"}
        if weight != "thin":       # a continuous line is thin unless told otherwise
            kwargs["weight"] = weight
        if colour:
            kwargs["color"] = "#" + colour
        rng.borders.set(sides, **kwargs)
    elif attr == "indent":
        rng.api.IndentLevel = value            # Excel's IndentLevel: the Windows engine only
    else:
        raise NotImplementedError(attr)


def _runs(items: list[tuple[int, float]]) -> dict[float, list[tuple[int, int]]]:
    """value -> runs (first, last) of consecutive indices with that value."""
    out: dict[float, list[tuple[int, int]]] = {}
    items = sorted(items)
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1][0] == items[j][0] + 1 and items[j + 1][1] == items[i][1]:
            j += 1
        out.setdefault(items[i][1], []).append((items[i][0], items[j][0]))
        i = j + 1
    return out


def _write_dimensions(book, sheet, plan: SheetPlan, result: WriteResult, multi: bool = False) -> None:
    """Column widths and row heights: one call per value (its runs as one multi-area range). Widths go
    in the engine's unit (points on the remote engine, characters on the desktop ones)."""
    widths = _runs([(col_index(letter), w) for letter, w in plan.column_widths])
    for w, runs in widths.items():
        ranges = [f"{col_letter(a)}:{col_letter(b)}" for a, b in runs]
        given = column_width(book, w)
        _on_areas(sheet, ranges, multi, result, "column widths", "column_width", w,
                  lambda rng, given=given: setattr(rng, "column_width", given))
    heights = _runs(list(plan.row_heights))
    for h, runs in heights.items():
        ranges = [f"{a}:{b}" for a, b in runs]
        _on_areas(sheet, ranges, multi, result, "row heights", "row_height", h,
                  lambda rng, h=h: setattr(rng, "row_height", h))


def _on_areas(sheet, ranges: list[str], multi: bool, result: WriteResult, feature: str, kind: str,
              value, action, puts: int = 1) -> None:
    """Apply `action` to `ranges`: as multi-area ranges of at most 255 characters where the engine
    takes them (Excel), else area by area. `result.calls` counts the calls Excel gets: one per
    multi-area range (times `puts`, the property writes the action makes) whatever the engine."""
    for address in _addresses(ranges):
        result.calls[kind] += puts
        for area in ([address] if multi else address.split(",")):
            _try(result, feature, lambda rng=sheet[area]: action(rng))


# --------------------------------------------------------------------------------------- tables, rules
def _write_table(sheet, table: Table, result: WriteResult) -> None:
    def add():
        t = sheet.tables.add(source=sheet[table.ref], name=table.name, table_style_name=table.table_style,
                             has_headers=True)
        if not table.show_row_stripes:
            t.show_table_style_row_stripes = False
        result.tables += 1
    _try(result, "Excel tables", add)


def _write_rule(sheet, rule: ConditionalFormat, result: WriteResult, multi: bool = False) -> None:
    """One rule over all its areas: one call per multi-area range in Excel, one per area elsewhere (a
    cell-value rule reads only its own cell, so each area gets the same rule)."""
    _on_areas(sheet, rule.areas, multi, result, f"conditional formats ({rule.kind.replace('_', ' ')})",
              "conditional_format", None, lambda rng: _add_rule(rng, rule))


def _add_rule(rng, rule: ConditionalFormat) -> None:
    formats = rng.conditional_formats
    if rule.kind == "cell_value":
        st = rule.style or Style()
        first, *second = rule.formulas()
        formats.add_cell_value(rule.operator, first, *second,
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
        # Series by columns, always: left to Excel, a source with more columns than rows (a one-rep
        # team's chart) would be plotted by rows, and the series calls below would miss.
        chart.set_source_data(sheet[source], plot_by="columns")
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
        if spec.value_axis_minimum() is not None:
            axis["minimum_scale"] = spec.value_axis_minimum()     # bars and columns from zero
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
    _chart_fonts(book, chart, spec, result, label)


# Excel's XlAxisType: the category and value axes (COM's Chart.Axes).
_XL_CATEGORY, _XL_VALUE = 1, 2
_TICK_LABEL_SIZE = 9          # points, as the headless report's axis labels


def _chart_fonts(book, chart, spec: ChartSpec, result: WriteResult, label: str) -> None:
    """Chart text in the report's font, the title bold at its size, axis labels at 9 pt, as the headless
    report has them. xlwings has no chart font API on any engine: Excel's own chart objects are set
    through `.api` (COM on Windows; AppleScript on macOS: the font and the title, not the axis labels,
    whose objects xlwings' Mac engine reaches only by a workaround); the remote engine cannot."""
    from ..layout.styles import FONT

    kind = engine_kind(book)
    if kind == WINDOWS:
        def com():
            xl = chart.api[1]
            xl.ChartArea.Font.Name = FONT               # every text of the chart
            if xl.HasTitle:
                xl.ChartTitle.Font.Size = spec.title_size
                xl.ChartTitle.Font.Bold = True
            if spec.kind not in ("pie", "doughnut"):
                for axis in (_XL_CATEGORY, _XL_VALUE):
                    xl.Axes(axis).TickLabels.Font.Size = _TICK_LABEL_SIZE
        _try(result, f"{label}: fonts", com)
    elif kind == MAC:
        def applescript():
            xl = chart.api[1]
            xl.chart_area.font_object.name.set(FONT)
            xl.chart_title.font_object.font_size.set(spec.title_size)
            xl.chart_title.font_object.bold.set(True)
        try:
            applescript()
        except (AttributeError, *engine_errors()):   # appscript: a term this Excel's dictionary lacks
            result.skip(f"{label}: fonts")
    else:
        result.skip("chart fonts (the report's font: Excel's default used)")


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


# --------------------------------------------------------------------------------------- sparklines
def _write_sparklines(book, sheet, plan: SheetPlan, result: WriteResult) -> None:
    """Excel for Windows draws each sparkline through COM (Range.SparklineGroups.Add); xlwings has no
    sparklines of its own, so on the Mac and remote engines the cards keep their figures and notes and
    the sparklines are listed as left out."""
    if not plan.sparklines:
        return
    if engine_kind(book) != WINDOWS:
        result.skip("sparklines (the 13-month trends on the summary cards)")
        return
    for sp in plan.sparklines:
        _try(result, "sparklines", lambda sp=sp: _sparkline_com(sheet, sp))


def _sparkline_com(sheet, sp) -> None:
    source = f"'{sheet.name.replace(chr(39), chr(39) * 2)}'!{sp.data}"
    group = sheet.api.Range(sp.location).SparklineGroups.Add(2, source)    # 2: xlSparkColumn
    group.SeriesColor.Color = _bgr(sp.colour)
    group.Points.Negative.Visible = True
    group.Points.Negative.Color.Color = _bgr(sp.negative_colour)
    group.Points.Lowpoint.Visible = False
    group.Points.Lastpoint.Visible = True
    group.Points.Lastpoint.Color.Color = _bgr(sp.last_colour)
    group.DisplayBlanksAs = 1                                                # xlNotPlotted: a gap
    if sp.from_zero:
        group.Axes.Vertical.MinScaleType = 3                                 # xlSparkScaleCustom
        group.Axes.Vertical.CustomMinScaleValue = 0
    else:
        group.Axes.Horizontal.Axis.Visible = True


# --------------------------------------------------------------------------------------- print setup
def _write_print_setup(book, sheet, plan: SheetPlan, result: WriteResult) -> None:
    p = plan.print_setup
    if p.print_area:
        _try(result, "print areas", lambda: setattr(sheet.page_setup, "print_area", p.print_area))
    if engine_kind(book) == WINDOWS:
        _try(result, "page setup (paper, orientation, fit, header/footer)", lambda: _page_setup_com(sheet, plan))
    else:
        result.skip("page setup (A4 landscape, fit to width, header/footer) — set it in Page Layout")
        if plan.tab_colour:
            result.skip("sheet tab colours")


def _page_setup_com(sheet, plan: SheetPlan) -> None:
    # Each PageSetup property talks to the printer driver unless PrintCommunication is off (Excel
    # 2010 and later); the settings are sent together when it is switched back on.
    app = sheet.book.app.api
    app.PrintCommunication = False
    try:
        _page_setup_properties(sheet, plan, app)
    finally:
        app.PrintCommunication = True


def _page_setup_properties(sheet, plan: SheetPlan, app) -> None:
    p = plan.print_setup
    ps = sheet.api.PageSetup
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


def _freeze(book, sheet, cell: str) -> None:
    """Freeze the rows above and the columns left of `cell`. xlwings' desktop engines have no
    freeze_panes (NotImplementedError), so Excel's window is set directly: Window.SplitRow /
    SplitColumn then FreezePanes (COM on Windows, the same properties by AppleScript on macOS); the
    remote engine takes freeze_at."""
    kind = engine_kind(book)
    if kind not in (WINDOWS, MAC):
        sheet.freeze_panes.freeze_at(cell)
        return
    row, col = split_cell(cell)
    sheet.activate()
    if kind == WINDOWS:
        window = book.app.api.ActiveWindow
        window.FreezePanes = False
        window.ScrollRow, window.ScrollColumn = 1, 1
        window.SplitRow, window.SplitColumn = row - 1, col - 1
        window.FreezePanes = True
    else:
        window = book.app.api.active_window
        window.freeze_panes.set(False)
        window.scroll_row.set(1)
        window.scroll_column.set(1)
        window.split_row.set(row - 1)
        window.split_column.set(col - 1)
        window.freeze_panes.set(True)


def _hide_name(book, name) -> None:
    """Hide a workbook name from Name Manager, as the headless writer does (xlwings has no API for
    it; Excel's Name.Visible through COM / AppleScript). The remote engine cannot: the name stays
    visible there."""
    kind = engine_kind(book)
    try:
        if kind == WINDOWS:
            name.api.Visible = False
        elif kind == MAC:
            name.api.visible.set(False)
    except engine_errors():  # the marker works hidden or not; only Name Manager shows the difference
        pass


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
