"""Headless writer: a ReportLayout -> report sheets of an openpyxl workbook.

It only translates the plan: every value, position, style, rule, chart and name comes from the layout.
Styles are turned into openpyxl objects in one place (`_StyleCache`) and cached. Text is always written
as text: a customer called "=HYPERLINK(...)" stays a string (data_type "s"), never a formula.
"""
from __future__ import annotations

import datetime as _dt
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.chart import BarChart, DoughnutChart, LineChart, PieChart, Reference
from openpyxl.chart import Series as XlSeries
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Font as TextFont, Paragraph as XlParagraph, ParagraphProperties
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, DataBarRule, IconSetRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE
from openpyxl.workbook.defined_name import DefinedName as XlDefinedName
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table as XlTable, TableStyleInfo

from ..compute.model import FIGURE_NAMES
from ..errors import WorkbookError
from ..layout import styles as S
from ..layout.blocks import (ChartSpec, ConditionalFormat, ReportLayout, SheetPlan, Style, absolute, quote_sheet,
                           split_cell, split_range)
from .atomic import atomic_file
from .report_sheets import (MARKER_NAME, clashing_sheet, is_figure_name, is_marker, marker_formula,
                            marks_own_sheet, report_sheets)


# ------------------------------------------------------------------------------------------ styles
class _StyleCache:
    """Style (plan value) -> openpyxl Font / Fill / Alignment / Border objects, made once each, and the
    workbook's style array for it (assigning cell.font etc. one by one hashes every object per cell).

    A Style replaces a cell's whole style, as the plan says (no merging of attributes here)."""

    def __init__(self, wb):
        self._wb = wb
        self._cache: dict[Style, tuple] = {}
        self._arrays: dict[Style, StyleArray] = {}

    def get(self, st: Style):
        hit = self._cache.get(st)
        if hit is None:
            hit = self._cache[st] = self._convert(st)
        return hit

    @staticmethod
    def _convert(st: Style):
        font = None
        if any(v is not None for v in (st.bold, st.italic, st.size, st.font_colour, st.font_name)):
            font = Font(name=st.font_name, bold=bool(st.bold), italic=bool(st.italic), size=st.size or 11,
                        color=st.font_colour)
        fill = PatternFill("solid", fgColor=st.fill, bgColor=st.fill) if st.fill else None
        align = None
        if any(v is not None for v in (st.h_align, st.v_align, st.wrap, st.indent)):
            align = Alignment(horizontal=st.h_align, vertical=st.v_align, wrap_text=bool(st.wrap),
                              indent=st.indent or 0)
        border = None
        if st.border:
            colour = st.border_colour or "000000"
            thin = Side(style="thin", color=colour)
            if st.border == "thin":
                border = Border(left=thin, right=thin, top=thin, bottom=thin)
            elif st.border == "bottom":
                border = Border(bottom=thin)
            elif st.border == "top":
                border = Border(top=thin)
            elif st.border == "top_bottom":
                border = Border(top=thin, bottom=thin)
            elif st.border == "medium_bottom":
                border = Border(bottom=Side(style="medium", color=colour))
        return font, fill, align, border, st.number_format

    def _array(self, st: Style) -> StyleArray:
        arr = self._arrays.get(st)
        if arr is None:
            wb = self._wb
            font, fill, align, border, fmt = self.get(st)
            arr = StyleArray()
            if font is not None:
                arr.fontId = wb._fonts.add(font)
            if fill is not None:
                arr.fillId = wb._fills.add(fill)
            if align is not None:
                arr.alignmentId = wb._alignments.add(align)
            if border is not None:
                arr.borderId = wb._borders.add(border)
            if fmt is not None:
                arr.numFmtId = (BUILTIN_FORMATS_REVERSE[fmt] if fmt in BUILTIN_FORMATS_REVERSE
                                else wb._number_formats.add(fmt) + BUILTIN_FORMATS_MAX_SIZE)
            self._arrays[st] = arr
        return arr

    def apply(self, cell, st: Style) -> None:
        cell._style = copy(self._array(st))

    def dxf_font(self, st: Style | None) -> Font | None:
        """A conditional format's font: only what the style sets (colour, bold), so the cell keeps its size."""
        if st is None or (st.font_colour is None and st.bold is None and st.italic is None):
            return None
        return Font(color=st.font_colour, b=st.bold, i=st.italic)

    def fill(self, st: Style | None) -> PatternFill | None:
        return None if st is None else self.get(st)[1]


# ------------------------------------------------------------------------------------------ public
def render_workbook(layout: ReportLayout, wb: Workbook | None = None) -> Workbook:
    """Add the report sheets of `layout` to `wb` (a new workbook when None) and return it.

    The sheets of an earlier report (`report_sheets`' rule: marked, in any language) and the SR_* names
    are replaced, never duplicated; every other sheet is left as it is, and a layout whose sheet name a
    user's sheet already has is refused (lay the report out with `user_sheets` to name it apart). The
    report goes where the old one was, else after the other sheets; Summary becomes the active sheet.
    """
    fresh = wb is None
    if fresh:
        wb = Workbook()
    position = _remove_old_report(wb, layout)
    if position is None:
        position = len(wb.worksheets)
    styles = _StyleCache(wb)
    for i, plan in enumerate(layout.sheets):
        ws = wb.create_sheet(plan.name, position + i)
        _write_sheet(ws, plan, styles)
        ws.defined_names[MARKER_NAME] = XlDefinedName(MARKER_NAME, attr_text=marker_formula(plan.name),
                                                      hidden=True)
    for d in layout.defined_names:
        wb.defined_names[d.name] = XlDefinedName(d.name, attr_text=d.refers_to)
    if fresh and "Sheet" in wb.sheetnames and wb["Sheet"].max_row == 1 and wb["Sheet"]["A1"].value is None:
        del wb["Sheet"]
    summary = wb[layout.sheets[0].name]
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is summary
    wb.active = wb.worksheets.index(summary)
    return wb


def save_report(layout: ReportLayout, path, wb: Workbook | None = None, *, date1904: bool = False) -> Path:
    """Render and save atomically (write/atomic.py). `date1904`: date cells as serials of the 1904
    date system, for a report merged into a 1904 workbook (date_system.py)."""
    path = Path(path)
    if wb is None and date1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        wb = Workbook()
        wb.remove(wb.active)        # the report's sheets only, as render_workbook leaves a new one
        wb.epoch = CALENDAR_MAC_1904
    wb = render_workbook(layout, wb)
    extensions = {plan.name: sparkline_extension(plan) for plan in layout.sheets if plan.sparklines}
    save_atomic(wb, path, extensions)
    return path


def save_atomic(wb: Workbook, path, extensions: dict[str, bytes] | None = None) -> Path:
    """Save `wb` atomically; `extensions`: an extLst element (bytes) to end the XML of the sheet of
    that title with (what openpyxl cannot write itself: sparklines)."""
    path = Path(path)
    with atomic_file(path) as fh:
        if extensions:
            _save_extended(wb, fh, extensions)
        else:
            _save(wb, fh)
    return path


def _save(wb: Workbook, fh) -> None:
    """openpyxl's save_workbook, with its zip closed when writing fails: else the zip, collected after
    the file under it is closed, prints "Exception ignored … seek of closed file" on the way out."""
    import datetime
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    archive = zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    wb.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    try:
        ExcelWriter(wb, archive).save()
    except BaseException:
        archive.fp = None        # nothing more to write: the temporary file is removed
        raise


def _save_extended(wb: Workbook, fh, extensions: dict[str, bytes]) -> None:
    """`_save` into memory, then copied to `fh` with each extended sheet's XML ending in its extLst
    (a report's workbook is small; the part of a sheet is known once openpyxl has numbered it)."""
    import io
    import zipfile

    staged = io.BytesIO()
    _save(wb, staged)
    parts = {wb[title].path.lstrip("/"): ext for title, ext in extensions.items()}
    with zipfile.ZipFile(staged) as src, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in parts:
                end = data.rindex(b"</worksheet>")
                data = data[:end] + parts[info.filename] + data[end:]   # extLst is a sheet's last element
            out.writestr(info, data)


_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_XM = "http://schemas.microsoft.com/office/excel/2006/main"
_SPARKLINE_EXT = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"    # the x14 extension that holds sparkline groups


def sparkline_extension(plan: SheetPlan) -> bytes:
    """The sheet's sparklines as the extLst Excel 2010 and later (and LibreOffice 7.4 and later) read:
    one group per sparkline (each keeps its own colours), column sparklines over `data`."""
    from xml.sax.saxutils import escape

    groups = []
    for sp in plan.sparklines:
        axis = 'minAxisType="custom" manualMin="0"' if sp.from_zero else 'displayXAxis="1"'
        groups.append(
            f'<x14:sparklineGroup type="column" displayEmptyCellsAs="gap" last="1" negative="1" {axis}>'
            f'<x14:colorSeries rgb="FF{sp.colour}"/><x14:colorNegative rgb="FF{sp.negative_colour}"/>'
            f'<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FF{sp.colour}"/>'
            f'<x14:colorFirst rgb="FF{sp.colour}"/><x14:colorLast rgb="FF{sp.last_colour}"/>'
            f'<x14:colorHigh rgb="FF{sp.colour}"/><x14:colorLow rgb="FF{sp.colour}"/>'
            f'<x14:sparklines><x14:sparkline><xm:f>{escape(quote_sheet(plan.name))}!{absolute(sp.data)}</xm:f>'
            f'<xm:sqref>{sp.location}</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>')
    return (f'<extLst><ext xmlns:x14="{_X14}" uri="{_SPARKLINE_EXT}"><x14:sparklineGroups xmlns:xm="{_XM}">'
            + "".join(groups) + "</x14:sparklineGroups></ext></extLst>").encode("utf-8")


# ------------------------------------------------------------------------------------------ sheets
def _remove_old_report(wb: Workbook, layout: ReportLayout) -> int | None:
    titles = [ws.title for ws in wb.worksheets]
    marked = [ws.title for ws in wb.worksheets
              if any(is_marker(n) and marks_own_sheet(ws.title, d.attr_text) for n, d in ws.defined_names.items())]
    figure_targets = {sheet for name, dn in wb.defined_names.items() if is_figure_name(name)
                      for sheet, _cells in dn.destinations}
    doomed = set(report_sheets(titles, marked, figure_targets))
    clash = clashing_sheet([t for t in titles if t not in doomed], layout.sheet_names)
    if clash is not None:
        raise WorkbookError(f"the workbook already has a sheet named '{clash}' that is not a report "
                            "sheet; the report was laid out without knowing of it")
    old = [ws for ws in wb.worksheets if ws.title in doomed]
    for ws in wb.worksheets:        # a user's copy of a report sheet: kept, its marker dropped
        if ws.title not in doomed:
            for n in [n for n in ws.defined_names if is_marker(n)]:
                del ws.defined_names[n]
    position = wb.worksheets.index(old[0]) if old else None
    for ws in old:
        wb.remove(ws)
    figure_names = set(FIGURE_NAMES)
    for name in list(wb.defined_names.keys()):
        value = wb.defined_names[name].attr_text or ""
        if name in figure_names or any(f"'{t}'!" in value or f"{t}!" in value for t in doomed):
            del wb.defined_names[name]
    return position


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _write_sheet(ws, plan: SheetPlan, styles: _StyleCache) -> None:
    for block in plan.blocks:
        for anchor, grid in block.writes():
            r0, c0 = split_cell(anchor)
            for i, row in enumerate(grid):
                for j, value in enumerate(row):
                    if value is None:
                        continue
                    cell = ws.cell(row=r0 + i, column=c0 + j)
                    if isinstance(value, str):
                        cell.value = _text(value)
                        cell.data_type = "s"          # text stays text, even "=..." / "+..." / "@..."
                    elif isinstance(value, (int, float, _dt.date, _dt.datetime)):
                        cell.value = value
                    else:
                        raise TypeError(f"{plan.name}!{anchor}: cannot write {type(value).__name__}")
        for rng in block.merges():
            # ws.merge_cells checks the new range against every range already merged (quadratic: 3 s
            # for the ~1,000 merges of a big report); the layout never overlaps merges, so add directly.
            mcr = MergedCellRange(ws, rng)
            ws.merged_cells.ranges.add(mcr)
            ws._clean_merge_range(mcr)
    for block in plan.blocks:
        for rng, st in block.formats():
            r1, c1, r2, c2 = split_range(rng)
            for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2):
                for cell in row:
                    styles.apply(cell, st)
    for block in plan.tables():
        if block.as_excel_table:
            t = XlTable(displayName=block.name, ref=block.ref)
            t.tableStyleInfo = TableStyleInfo(name=block.table_style, showRowStripes=block.show_row_stripes,
                                              showColumnStripes=False, showFirstColumn=False,
                                              showLastColumn=False)
            ws.add_table(t)
    for letter, width in plan.column_widths:
        ws.column_dimensions[letter].width = width
    for row, height in plan.row_heights:
        ws.row_dimensions[row].height = height
    if plan.freeze_panes:
        ws.freeze_panes = plan.freeze_panes
    ws.sheet_view.showGridLines = plan.show_gridlines
    ws.sheet_view.zoomScale = plan.zoom
    if plan.tab_colour:
        ws.sheet_properties.tabColor = plan.tab_colour
    _print_setup(ws, plan)
    for cf in plan.conditional_formats:
        _conditional_format(ws, cf, styles)
    for spec in plan.charts:
        ws.add_chart(_chart(ws, spec), spec.anchor)


def _print_setup(ws, plan: SheetPlan) -> None:
    p = plan.print_setup
    ws.page_setup.orientation = "landscape" if p.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4 if p.paper == "A4" else ws.PAPERSIZE_LETTER
    if p.scale:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = p.scale
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = p.fit_width
        ws.page_setup.fitToHeight = p.fit_height
    top, right, bottom, left = (m / 2.54 for m in p.margins_cm)
    ws.page_margins = PageMargins(left=left, right=right, top=top, bottom=bottom, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = p.center_horizontally
    for part, text in (("left", p.header_left), ("center", p.header_center), ("right", p.header_right)):
        if text:
            getattr(ws.oddHeader, part).text = _text(text)
            getattr(ws.oddHeader, part).size = 9
            getattr(ws.oddHeader, part).font = S.FONT     # else LibreOffice prints it in its default font
    for part, text in (("left", p.footer_left), ("center", p.footer_center), ("right", p.footer_right)):
        if text:
            getattr(ws.oddFooter, part).text = _text(text)
            getattr(ws.oddFooter, part).size = 9
            getattr(ws.oddFooter, part).font = S.FONT
    if p.print_area:
        ws.print_area = p.print_area
    if p.title_rows:
        ws.print_title_rows = p.title_rows
    for row in p.row_breaks:
        ws.row_breaks.append(Break(id=row))


_OPERATORS = {"less_than": "lessThan", "between": "between", "equal_to": "equal"}   # the file's names


def _conditional_format(ws, cf: ConditionalFormat, styles: _StyleCache) -> None:
    if cf.kind == "cell_value":
        rule = CellIsRule(operator=_OPERATORS[cf.operator], formula=cf.formulas(), font=styles.dxf_font(cf.style),
                          fill=styles.fill(cf.style), stopIfTrue=cf.stop or None)
    elif cf.kind == "data_bar":
        end_type, end_value = ("num", cf.max_value) if cf.max_value is not None else ("max", None)
        rule = DataBarRule(start_type="num", start_value=0, end_type=end_type, end_value=end_value,
                           color=cf.colour, showValue=True)
    elif cf.kind == "icon_set":
        rule = IconSetRule(cf.icon_set, "num", list(cf.thresholds), showValue=True)
    else:
        c = list(cf.colours) or ["F8696B", "FFEB84", "63BE7B"]
        if len(c) == 2:
            rule = ColorScaleRule(start_type="min", start_color=c[0], end_type="max", end_color=c[1])
        else:
            rule = ColorScaleRule(start_type="min", start_color=c[0], mid_type="percentile", mid_value=50,
                                  mid_color=c[1], end_type="max", end_color=c[2])
    ws.conditional_formatting.add(cf.range, rule)


# ------------------------------------------------------------------------------------------ charts
def _ref(ws, rng: str) -> Reference:
    r1, c1, r2, c2 = split_range(rng)
    return Reference(ws, min_col=c1, min_row=r1, max_col=c2, max_row=r2)


def _rich(size: int = 9, bold: bool = False) -> RichText:
    cp = _chart_font(size * 100, bold)
    return RichText(p=[XlParagraph(pPr=ParagraphProperties(defRPr=cp), endParaRPr=cp)])


def _chart_font(sz: int | None = None, bold: bool | None = None) -> CharacterProperties:
    """The report's font for chart text: without one LibreOffice prints charts in its own default font
    (not the metric-compatible stand-in of the cells' Calibri)."""
    return CharacterProperties(sz=sz, b=bold, latin=TextFont(typeface=S.FONT))


def _series(ws, spec_series, categories: Reference, kind: str) -> XlSeries:
    s = XlSeries(_ref(ws, spec_series.values), title=None)
    s.tx = SeriesLabel(v=spec_series.name)
    if spec_series.colour:
        s.graphicalProperties = s.graphicalProperties or GraphicalProperties()
        if kind == "line":
            s.graphicalProperties.line.solidFill = spec_series.colour
            s.graphicalProperties.line.width = 28575     # 2.25 pt
            s.smooth = False
        else:
            s.graphicalProperties.solidFill = spec_series.colour
            s.graphicalProperties.line.solidFill = spec_series.colour
    if spec_series.no_fill:
        s.graphicalProperties = s.graphicalProperties or GraphicalProperties()
        s.graphicalProperties.noFill = True
        s.graphicalProperties.line.noFill = True
    for i, colour in enumerate(spec_series.point_colours):
        pt = DataPoint(idx=i)
        pt.graphicalProperties = GraphicalProperties(solidFill=colour)
        s.dPt.append(pt)
    return s


def _new_chart(kind: str):
    if kind in ("column", "bar"):
        c = BarChart()
        c.type = "col" if kind == "column" else "bar"
        c.grouping = "clustered"
        c.overlap = -10
        return c
    if kind == "line":
        return LineChart()
    if kind == "pie":
        return PieChart()
    if kind == "doughnut":
        c = DoughnutChart()
        c.holeSize = 55
        return c
    raise ValueError(kind)


def _axes(chart, spec: ChartSpec, horizontal: bool) -> None:
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.title = spec.x_title or None
    chart.y_axis.title = spec.y_title or None
    chart.x_axis.txPr = _rich(9)
    chart.y_axis.txPr = _rich(9)
    if spec.y_number_format:
        chart.y_axis.number_format = spec.y_number_format
        chart.y_axis.numFmt.sourceLinked = False
    chart.x_axis.tickLblPos = "low"
    # Every category labelled: left to itself a chart drops every other label when they are crowded.
    chart.x_axis.tickLblSkip = 1
    if spec.value_axis_minimum() is not None:
        chart.y_axis.scaling.min = spec.value_axis_minimum()
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"     # first table row at the top
        chart.y_axis.crosses = "max"


def _chart(ws, spec: ChartSpec):
    categories = _ref(ws, spec.categories)
    if spec.kind == "combo":
        bars = [s for s in spec.series if (s.kind or "column") != "line"]
        lines = [s for s in spec.series if s.kind == "line"]
        chart = _new_chart("column")
        for s in bars:
            chart.series.append(_series(ws, s, categories, "column"))
        chart.set_categories(categories)
        _axes(chart, spec, False)
        if lines:
            line = LineChart()
            for s in lines:
                line.series.append(_series(ws, s, categories, "line"))
            line.set_categories(categories)
            if any(s.secondary for s in lines):
                line.y_axis.axId = 200
                line.y_axis.crosses = "max"
                line.y_axis.delete = False
                line.y_axis.title = spec.y2_title or None
                if spec.y2_number_format:
                    line.y_axis.number_format = spec.y2_number_format
            chart += line
    else:
        chart = _new_chart(spec.kind)
        for s in spec.series:
            chart.series.append(_series(ws, s, categories, spec.kind))
        chart.set_categories(categories)
        if spec.kind not in ("pie", "doughnut"):
            _axes(chart, spec, spec.kind == "bar")
        if spec.kind in ("column", "bar"):
            chart.gapWidth = spec.gap_width
            if spec.stacked:
                chart.grouping, chart.overlap = "stacked", 100
    chart.title = spec.title
    chart.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=_chart_font(int(spec.title_size * 100), True))
    chart.txPr = RichText(p=[XlParagraph(pPr=ParagraphProperties(defRPr=_chart_font()), endParaRPr=_chart_font())])
    chart.width = spec.width_cm
    chart.height = spec.height_cm
    chart.style = 2
    if spec.legend is None:
        chart.legend = None
    else:
        chart.legend.position = {"bottom": "b", "right": "r", "top": "t", "left": "l"}[spec.legend]
    if spec.data_labels:
        labels = DataLabelList()
        if spec.show_percent:
            labels.showPercent = True
            labels.showVal = False
        else:
            labels.showVal = True
            labels.showPercent = False     # LibreOffice adds a pie's percentages unless told not to
            if spec.kind == "pie":
                labels.dLblPos = "bestFit"     # inside the slices, as percentages are: the pie keeps its size
        labels.showSerName = labels.showCatName = labels.showLegendKey = False
        if spec.data_label_format:
            labels.numFmt = spec.data_label_format
        chart.dataLabels = labels
    return chart
