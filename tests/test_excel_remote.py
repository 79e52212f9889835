"""Generate on xlwings' remote engine (`xw.Book(json=payload)`), which records every action it would
send to Excel instead of needing Excel: the recorded report must be the headless build's report."""
from __future__ import annotations

import collections
import datetime as dt
import os
import re

import pytest

xw = pytest.importorskip("xlwings")
pc = pytest.importorskip("python_calamine")

if not os.environ.get("XLWINGS_LICENSE_KEY"):
    pytest.skip("xlwings' remote engine needs XLWINGS_LICENSE_KEY (make test sets it)", allow_module_level=True)

from salesreport_xl import excel  # noqa: E402
from salesreport_xl.compute import compute_report  # noqa: E402
from salesreport_xl.compute.model import FIGURE_NAMES  # noqa: E402
from salesreport_xl.layout import layout_report  # noqa: E402
from salesreport_xl.layout.sections import report_sheet_names  # noqa: E402
from salesreport_xl.layout.blocks import col_letter, split_range  # noqa: E402
from salesreport_xl.pipeline import load_inputs  # noqa: E402
from salesreport_xl.i18n import t  # noqa: E402
from salesreport_xl.write.openpyxl_writer import render_workbook  # noqa: E402
from salesreport_xl.write.report_sheets import MARKER_NAME, is_marker  # noqa: E402

BUILT_AT = "2025-10-01T09:00:00+08:00"
REPORT_EN = report_sheet_names("en")


# ------------------------------------------------------------------------------------------ payloads
def _cell(v):
    """A value as xlwings' Office.js client sends it: dates as ISO text, blanks as ""."""
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    return v


def _sheet(name, rows):
    width = max((len(r) for r in rows), default=0)
    values = [[_cell(v) for v in r] + [""] * (width - len(r)) for r in rows] or [[]]
    address = f"A1:{col_letter(width)}{len(rows)}" if rows and width else None
    return {"name": name, "values": values, "used_range_address": address, "pictures": [], "tables": [],
            "charts": [], "shapes": []}


def _name(sheets: dict, n, r, scope=None):
    """A payload name: book-scoped, or scoped to the sheet named `scope` (the report's marker)."""
    order = list(sheets)
    return {"name": n, "refers_to": r, "sheet_index": None, "address": None, "book_scope": scope is None,
            "scope_sheet_name": scope, "scope_sheet_index": None if scope is None else order.index(scope)}


def marked(*sheet_names):
    """The report marker on each of these sheets, as an earlier Generate leaves it."""
    return [(MARKER_NAME, f"='{n}'!$A$1", n) for n in sheet_names]


def payload(sheets: dict, names=()):
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": "book.xlsx", "active_sheet_index": 0, "selection": "A1"},
            "names": [_name(sheets, *n) for n in names],
            "sheets": [_sheet(n, rows) for n, rows in sheets.items()]}


def file_sheets(path) -> dict:
    wb = pc.CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}


# ------------------------------------------------------------------------------------------ replay
class Recorded:
    """The workbook as the recorded actions leave it: sheet order, values, charts, names, alerts."""

    def __init__(self, initial_sheets, initial_names, actions):
        self.sheets = list(initial_sheets)
        self.values = {n: {} for n in self.sheets}
        self.charts = {n: [] for n in self.sheets}
        self.names = {n[0]: n[1] for n in initial_names if len(n) == 2}
        self.markers = {n[2] for n in initial_names if len(n) == 3}
        self.alerts = []
        self.deleted_sheets, self.deleted_names, self.deleted_markers = [], [], []
        self.origin = {}
        for a in actions:
            getattr(self, "_" + a["func"], lambda a: None)(a)

    def _addSheet(self, a):
        ix, name = a["args"]
        self.sheets.insert(ix, name)
        self.values[name], self.charts[name] = {}, []

    def _sheetDelete(self, a):
        name = self.sheets.pop(a["sheet_position"])
        self.deleted_sheets.append(self.origin.pop(name, name))    # by the name it had before any rename
        self.values.pop(name), self.charts.pop(name)
        self.markers.discard(name)

    def _setSheetName(self, a):
        old, new = self.sheets[a["sheet_position"]], a["args"][0]
        self.sheets[a["sheet_position"]] = new
        self.values[new], self.charts[new] = self.values.pop(old), self.charts.pop(old)
        self.origin[new] = self.origin.pop(old, old)
        if old in self.markers:
            self.markers.discard(old)
            self.markers.add(new)
        # Excel rewrites the names that point at a renamed sheet.
        quoted = (f"'{old}'!", f"{old}!")
        for name, refers_to in self.names.items():
            for q in quoted:
                if refers_to.startswith("=" + q):
                    self.names[name] = f"='{new}'!" + refers_to[len(q) + 1:]

    def _setValues(self, a):
        sheet = self.values[self.sheets[a["sheet_position"]]]
        for i, row in enumerate(a["values"]):
            for j, v in enumerate(row):
                key = (a["start_row"] + 1 + i, a["start_column"] + 1 + j)
                if v in ("", None):
                    sheet.pop(key, None)
                else:
                    sheet[key] = v

    def _addChart(self, a):
        name, kind, _sheet_name, source = a["args"][:4]
        r1, c1, r2, c2 = split_range(source.replace("$", ""))
        self.charts[self.sheets[a["sheet_position"]]].append({
            "name": name, "kind": kind, "categories": None, "types": {},
            "series": [f"{col_letter(c)}{r1 + 1}:{col_letter(c)}{r2}" for c in range(c1, c2 + 1)]})

    def _setChartXAxisValues(self, a):
        self.charts[self.sheets[a["sheet_position"]]][a["args"][0]]["categories"] = a["args"][2].replace("$", "")

    def _setChartAxis(self, a):
        chart, axis, values = a["args"]
        self.charts[self.sheets[a["sheet_position"]]][chart].setdefault("axes", {}).setdefault(axis, {}).update(values)

    def _setChartSeries(self, a):
        chart, series, props = a["args"]
        recorded = self.charts[self.sheets[a["sheet_position"]]][chart]
        if "chart_type" in props:
            recorded["types"][series] = props["chart_type"]
        if "name" in props:
            recorded.setdefault("names", {})[series] = props["name"]

    def _namesAdd(self, a):
        if a["args"][0] == MARKER_NAME:          # added through the sheet: scoped to it
            self.markers.add(self.sheets[a["sheet_position"]])
            return
        self.names[a["args"][0]] = a["args"][1]

    def _nameDelete(self, a):
        if is_marker(a["args"][0]):
            self.deleted_markers.append(a["args"][0])
            return
        self.names.pop(a["args"][0], None)
        self.deleted_names.append(a["args"][0])

    def _alert(self, a):
        self.alerts.append(a["args"])


def run(func, sheets, names=(), **kw):
    book = xw.Book(json=payload(sheets, names))
    result = func(book, **kw)
    actions = book.json()["actions"]
    return book, result, actions, Recorded(sheets, names, actions)


def _plain(v):
    """A recorded value as the cell holds it: the text prefix "'" is not part of the value."""
    if isinstance(v, str) and v.startswith("'"):
        return v[1:]
    if isinstance(v, str) and re.match(r"^\d{4}-\d\d-\d\d(T|$)", v):
        return dt.datetime.fromisoformat(v[:19])
    return v


def _headless_value(v):
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    return v


# ------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from salesreport_xl.demo import write_demo

    return write_demo(tmp_path_factory.mktemp("demo"), "en")


@pytest.fixture(scope="module")
def demo_sheets(demo):
    return file_sheets(demo)


@pytest.fixture(scope="module")
def generated(demo_sheets):
    return run(excel.generate, demo_sheets, built_at=BUILT_AT)


@pytest.fixture(scope="module")
def headless(demo):
    inputs, findings = load_inputs(demo)
    layout = layout_report(compute_report(inputs, findings, built_at=BUILT_AT))
    return layout, render_workbook(layout)


# ------------------------------------------------------------------------------------------ tests
def test_generate_adds_every_report_sheet_after_the_inputs(generated, demo_sheets, headless):
    _, result, _, rec = generated
    layout, _ = headless
    assert rec.sheets == list(demo_sheets) + list(layout.sheet_names)
    assert list(layout.sheet_names) == list(REPORT_EN)
    assert result.sheets == list(REPORT_EN)


def test_every_report_value_equals_the_headless_build(generated, headless):
    _, result, _, rec = generated
    _, wb = headless
    compared = 0
    for name in REPORT_EN:
        ws = wb[name]
        expected = {(c.row, c.column): _headless_value(c.value)
                    for row in ws.iter_rows() for c in row if c.value not in (None, "")}
        got = {k: _plain(v) for k, v in rec.values[name].items()}
        if name == REPORT_EN[-1] and result.skipped:
            # The note on what this engine could not apply sits below the Checks content.
            note_row = next(r for (r, c), v in got.items() if v == t("en", "xl_skipped"))
            assert note_row > max(r for r, _ in expected)
            got = {k: v for k, v in got.items() if k[0] < note_row}
        assert got == expected, name
        compared += len(expected)
    assert compared > 1000  # the whole report, not a sample


def test_every_figure_name_points_where_the_headless_build_points(generated, headless):
    _, _, _, rec = generated
    _, wb = headless
    assert set(rec.names) == set(FIGURE_NAMES)
    for name in FIGURE_NAMES:
        assert rec.names[name] == "=" + wb.defined_names[name].attr_text


_OPENPYXL_KIND = {("BarChart", "col"): "ColumnClustered", ("BarChart", "bar"): "BarClustered",
                  ("LineChart", None): "LineMarkers", ("PieChart", None): "Pie",
                  ("DoughnutChart", None): "Doughnut"}


def _headless_charts(ws):
    """Every chart's series in plotting (legend) order: (source range, type, legend name)."""
    out = []
    for ch in ws._charts:
        parts = [ch] + list(getattr(ch, "_charts", [])[1:])
        series = []
        categories = None
        for part in parts:
            kind = _OPENPYXL_KIND[(type(part).__name__, getattr(part, "barDir", None))]
            if getattr(part, "grouping", None) == "stacked":      # the waterfall
                kind = kind.replace("Clustered", "Stacked")
            for s in part.series:
                series.append((s.val.numRef.f.split("!")[1].replace("$", ""), kind, s.tx.v))
                cat = s.cat.strRef or s.cat.numRef
                categories = cat.f.split("!")[1].replace("$", "")
        out.append({"series": series, "categories": categories})
    return out


def _recorded_charts(charts):
    """The same for the recorded charts: their series come in column order from the one source range."""
    out = []
    for ch in charts:
        n = len(ch["series"])
        types = [ch["types"].get(i, ch["kind"]) for i in range(n)]
        names = [ch.get("names", {}).get(i) for i in range(n)]
        out.append({"series": list(zip(ch["series"], types, names)), "categories": ch["categories"]})
    return out


def test_every_chart_has_the_headless_series_in_the_same_order(generated, headless):
    # Same source ranges, chart types and legend names, in the same order: the legend of a chart made
    # in Excel reads exactly as the headless one (e.g. "Actual" before "Target" on the rep chart).
    _, result, _, rec = generated
    layout, wb = headless
    total = 0
    for name in REPORT_EN:
        want, got = _headless_charts(wb[name]), _recorded_charts(rec.charts[name])
        assert got == want, name
        total += len(want)
    assert total == result.charts == sum(len(s.charts) for s in layout.sheets) > 0   # every chart of the plans


def test_bars_and_columns_are_measured_from_zero(generated, headless):
    # A bar's length is its value: every chart with bars or columns (by the chart and series types
    # recorded) has its value axis from 0, unless its plan gives another minimum; lines and pies keep
    # Excel's automatic scale.
    _, _, _, rec = generated
    layout, _ = headless
    bars = 0
    for plan in layout.sheets:
        if plan.name not in rec.charts:
            continue
        assert len(rec.charts[plan.name]) == len(plan.charts), plan.name
        for recorded, spec in zip(rec.charts[plan.name], plan.charts):
            minimum = recorded.get("axes", {}).get("value", {}).get("minimum_scale")
            drawn = [k.replace("_", "").lower() for k in (recorded["kind"], *recorded["types"].values())]
            if any(k.startswith(("column", "bar")) for k in drawn):
                bars += 1
                assert minimum == (0 if spec.y_min is None else spec.y_min), (plan.name, spec.title)
            else:
                assert minimum is None, (plan.name, spec.title)
    assert bars >= 5


# What the remote engine cannot apply, and says so on the Checks sheet: page setup and tab colours
# (the writer does them through COM on Windows only), indents (xlwings' base classes raise
# NotImplementedError for Range.adjust_indent and the writer's IndentLevel is COM), and the chart
# details xlwings has no API for. Anything else landing here is a bug or a new engine gap.
REMOTE_SKIPPED = [
    "indents",
    "sparklines (the 13-month trends on the summary cards)",
    "page setup (A4 landscape, fit to width, header/footer) — set it in Page Layout",
    "sheet tab colours",
    "chart fonts (the report's font: Excel's default used)",
    "chart “Share of sales by category”: slice colours (Excel's theme colours used)",
    "chart “Share of sales by category”: data labels",
    "chart “Sales by customer segment”: slice colours (Excel's theme colours used)",
    "chart “Sales by customer segment”: data labels",
    "chart “Sales by channel”: slice colours (Excel's theme colours used)",
    "chart “Sales by channel”: data labels",
    "chart “From last month to this month”: no fill of the base series (painted white)",
    "chart “From last year's month to this month”: no fill of the base series (painted white)",
    "chart “From the target to this month”: no fill of the base series (painted white)",
    "chart “Activities by type”: data labels",
    "chart “Customers and sales by ABC class”: data labels",
    "chart “Churn reasons”: data labels",
    "chart “Satisfaction scores”: data labels",
    "chart “Median days per pipeline stage”: data labels",
    "chart “Sales funnel this month”: data labels",
]


def test_the_remote_engine_skips_exactly_the_known_features(generated):
    _, result, _, rec = generated
    assert result.skipped == REMOTE_SKIPPED


def test_every_chart_is_plotted_in_full(generated):
    _, result, _, _ = generated
    assert not [s for s in result.skipped if "only its first series" in s]


# Actions the remote engine records area by area where Excel takes one multi-area range per call.
_BY_AREA = {"setBorderProperty", "setFontProperty", "rangeMerge", "setHorizontalAlignment", "setRowHeight",
            "setVerticalAlignment", "setNumberFormat", "setWrapText", "setColumnWidth", "setRangeColor",
            "addConditionalFormat"}


def excel_calls(actions, result) -> int:
    """The calls Excel gets: the recorded actions, with the area-by-area ones counted per multi-area
    range (the writer's `calls`)."""
    return sum(1 for a in actions if a["func"] not in _BY_AREA) + sum(result.calls.values())


def test_round_trips_do_not_grow_with_the_data(demo_sheets):
    header, *rows = demo_sheets["Sales"]
    # Materiality 0 in both: ten times the sales would otherwise raise the floor ten times over the
    # pipeline's unchanged deal amounts, and the stalled-deals table would (rightly) empty.
    settings = [[r[0], 0, *r[2:]] if str(r[0]).strip().lower() == "materiality" else list(r)
                for r in demo_sheets["Settings"]]
    _, result, actions, _ = run(excel.generate, dict(demo_sheets, Settings=settings), built_at=BUILT_AT)
    bigger = dict(demo_sheets, Settings=settings, Sales=[header] + rows * 10)
    _, result10, actions10, _ = run(excel.generate, bigger, built_at=BUILT_AT)
    count = collections.Counter(a["func"] for a in actions)
    count10 = collections.Counter(a["func"] for a in actions10)
    # The same structural calls; the layout's text blocks may differ a little with other figures
    # (a sentence more or less), never in proportion to the rows.
    for func in ("addSheet", "addTable", "addChart", "namesAdd", "addConditionalFormat", "setValues"):
        assert count10[func] == count[func], func
    assert count["setValues"] <= 2 * len(REPORT_EN)        # one block write per sheet (+ the Checks note)
    assert abs(len(actions10) - len(actions)) <= len(actions) // 50, f"{len(actions)} vs {len(actions10)}"
    # In Excel: at most 600 calls for the demo, and for ten times its rows (about 540: cell-value rules
    # merged into multi-area ranges, thin grids by the Borders collection).
    assert excel_calls(actions, result) <= 600
    assert excel_calls(actions10, result10) <= 600
    assert len(actions) < 3000                              # area by area, on the remote engine: 2,824
    # (the director's page 1 took it to 2,795; wrapped customer names and bridge steps, with their row
    # heights, and the bridge's churned note add 29) — a bound on the layout's size, not on the data's


_JS_ALIGN = {"left": "Left", "center": "Center", "right": "Right", "general": "General",
             "top": "Top", "bottom": "Bottom"}


def _recorded_formats(sheets, actions) -> dict:
    """(sheet, row, col) -> {attribute: value} as the recorded format actions leave each cell."""
    order, cells = list(sheets), {}
    for a in actions:
        if a["func"] == "addSheet":
            order.insert(a["args"][0], a["args"][1])
            continue
        if a["func"] == "sheetDelete":
            order.pop(a["sheet_position"])
            continue
        attr = {"setRangeColor": "fill", "setNumberFormat": "number_format", "setWrapText": "wrap",
                "setHorizontalAlignment": "h_align", "setVerticalAlignment": "v_align"}.get(a["func"])
        value = a.get("args")
        if a["func"] == "setFontProperty":
            attr, value = {"color": "font_colour", "name": "font_name"}.get(value[0], value[0]), value[1]
        elif attr is not None:
            value = value[0] if isinstance(value, list) else value
        if attr is None:
            continue
        name = order[a["sheet_position"]]
        for r in range(a["start_row"] + 1, a["start_row"] + a["row_count"] + 1):
            for c in range(a["start_column"] + 1, a["start_column"] + a["column_count"] + 1):
                cells.setdefault((name, r, c), {})[attr] = value
    return cells


def test_every_cell_gets_the_format_the_plan_resolves_it_to(generated, demo_sheets, headless):
    # Shared values are laid over a sheet's whole styled rectangle and the other cells set back: the
    # end state of every styled cell must still be exactly its plan style.
    from salesreport_xl.write.xlwings_writer import resolved_styles

    _, _, actions, _ = generated
    layout, _ = headless
    got = _recorded_formats(demo_sheets, actions)
    checked = 0
    for plan in layout.sheets:
        for (r, c), style in resolved_styles(plan).items():
            cell = got.get((plan.name, r, c), {})
            want = {"bold": bool(style.bold), "italic": bool(style.italic), "wrap": bool(style.wrap),
                    "h_align": _JS_ALIGN[style.h_align or "general"],
                    "v_align": _JS_ALIGN[style.v_align or "bottom"],
                    "number_format": style.number_format or "General"}
            default = {"bold": False, "italic": False, "wrap": False, "h_align": "General", "v_align": "Bottom",
                       "number_format": "General"}
            for attr, value in want.items():
                assert cell.get(attr, default[attr]) == value, (plan.name, r, c, attr)
            for attr, value in (("fill", style.fill), ("font_colour", style.font_colour), ("size", style.size),
                                ("font_name", style.font_name)):
                shown = cell.get(attr)
                if value is None:
                    assert attr in ("size", "font_name") or shown is None, (plan.name, r, c, attr)
                else:
                    assert str(shown).lstrip("#").upper() == str(value).upper(), (plan.name, r, c, attr)
            checked += 1
    assert checked > 2000


def test_generate_twice_leaves_one_report():
    sheets = small_sheets()
    book = xw.Book(json=payload(sheets))
    excel.generate(book, built_at=BUILT_AT)
    first = book.json()["actions"][:]
    excel.generate(book, built_at=BUILT_AT)
    second = book.json()["actions"][len(first):]
    rec = Recorded(sheets, (), book.json()["actions"])
    charts = sum(1 for a in first if a["func"] == "addChart")
    assert charts > 0
    assert rec.sheets == list(sheets) + list(REPORT_EN)
    assert sorted(rec.deleted_sheets) == sorted(REPORT_EN)
    assert sorted(rec.deleted_names) == sorted(FIGURE_NAMES)
    assert sorted(rec.names) == sorted(FIGURE_NAMES)
    assert rec.markers >= set(REPORT_EN)
    assert sum(len(c) for c in rec.charts.values()) == charts
    assert [s.name for s in book.sheets].count(REPORT_EN[0]) == 1
    assert len(book.names) == len(FIGURE_NAMES) + len(REPORT_EN)      # + one marker per report sheet
    # The second run renames the first report (and its tables: a table name is the workbook's) apart,
    # writes the same actions again, then deletes it.
    assert [a["func"] for a in second
            if a["func"] not in ("sheetDelete", "nameDelete", "setSheetName", "setTableName")] == \
        [a["func"] for a in first]
    renamed = [a["args"][-1] for a in second if a["func"] == "setTableName"]
    assert len(renamed) == sum(1 for a in first if a["func"] == "addTable") > 0
    assert all(name.startswith("old") for name in renamed)
    funcs = [a["func"] for a in second]
    assert funcs.index("addSheet") > max(i for i, f in enumerate(funcs) if f == "setSheetName")
    assert funcs.index("sheetDelete") > max(i for i, f in enumerate(funcs) if f == "addSheet")


# ------------------------------------------------------------------------------------------ small books
def small_sheets(amount_j3=1200.0, customer="=HYPERLINK(\"http://x.example\",\"click\")"):
    # Four March sales, one February: March total 1200 + 800 + 500 + (-100) = 2400.
    sales = [["Order Date", "Order ID", "Customer ID", "Customer Name", "Product", "Category", "Channel",
              "Sales Rep", "Quantity", "Amount"],
             [dt.date(2025, 3, 3), "O1", "C1", customer, "Desk", "Furniture", "Online", "Li", 1, amount_j3],
             [dt.date(2025, 3, 4), "O2", "C2", "+cmd|' /C calc'!A0", "Chair", "Furniture", "Offline", "Li", 2, 800.0],
             [dt.date(2025, 3, 5), "O3", "C3", "@SUM(1)", "Lamp", "Lighting", "Online", "Wang", 1, 500.0],
             [dt.date(2025, 3, 6), "O4", "C1", customer, "Desk", "Furniture", "Online", "Li", -1, -100.0],
             [dt.date(2025, 2, 6), "O0", "C2", "+cmd|' /C calc'!A0", "Chair", "Furniture", "Offline", "Li", 1, 400.0]]
    settings = [["Setting", "Value"], ["Report month", "2025-03"], ["Language", "en"]]
    return {"Settings": settings, "Sales": sales}


def test_text_that_looks_like_a_formula_is_written_as_text():
    _, _, actions, rec = run(excel.generate, small_sheets(), built_at=BUILT_AT)
    written = [v for a in actions if a["func"] == "setValues" for row in a["values"] for v in row
               if isinstance(v, str)]
    assert "'=HYPERLINK(\"http://x.example\",\"click\")" in written
    assert "'+cmd|' /C calc'!A0" in written
    # Nothing that Excel would read as a formula goes out without the text prefix.
    assert not [v for v in written if v and v[0] in "=+-@"]
    # The month total of the small book is 2400 (see small_sheets), shown on the Summary sheet.
    assert 2400.0 in rec.values[REPORT_EN[0]].values()


def test_invalid_cell_keeps_the_previous_report_and_writes_checks():
    sheets = small_sheets(amount_j3="abc")
    # A report from an earlier Generate is in the book.
    sheets.update({name: [["old report"]] for name in REPORT_EN})
    old_names = [("SR_SALES_MONTH", f"='{REPORT_EN[0]}'!$C$5")]
    _, result, actions, rec = run(excel.generate, sheets, old_names + marked(*REPORT_EN), built_at=BUILT_AT)
    assert result is None
    checks = REPORT_EN[-1]
    assert rec.deleted_sheets == [checks]                      # only Checks is replaced
    assert rec.sheets == [s for s in sheets if s != checks] + [checks]
    assert rec.names == dict(old_names)                         # names untouched
    for name in REPORT_EN[:-1]:
        assert rec.values[name] == {}                           # nothing written to the old report
    texts = [str(v) for v in rec.values[checks].values()]
    assert "J2" in texts and "Sales" in texts                   # the finding with its sheet and cell
    (alert,) = rec.alerts
    assert "Sales!J2" in alert[0] and alert[3] == "critical"


def test_validate_inputs_writes_checks_and_says_there_are_no_errors():
    _, findings, _, rec = run(excel.validate_inputs, small_sheets(), built_at=BUILT_AT)
    assert not [f for f in findings if f.severity == "error"]
    assert REPORT_EN[-1] in rec.sheets and REPORT_EN[0] not in rec.sheets
    (alert,) = rec.alerts
    assert alert[0].startswith("No errors")


def test_clear_report_removes_exactly_the_report_sheets_and_names():
    sheets = small_sheets()
    zh_summary = report_sheet_names("zh")[0]
    sheets.update({REPORT_EN[0]: [["x"]], REPORT_EN[2]: [["x"]], zh_summary: [["x"]], "My notes": [["keep"]]})
    # Summary and 摘要 are reports from before sheets were marked (SR_* names point at them); Team
    # Performance carries the marker.
    names = [("SR_SALES_MONTH", f"='{REPORT_EN[0]}'!$C$5"), ("SR_MOM", f"='{zh_summary}'!$C$9"),
             ("MyTotal", "=Sales!$J$2"), ("ShowsReport", f"='{REPORT_EN[2]}'!$B$2")] + marked(REPORT_EN[2])
    _, result, actions, rec = run(excel.clear_report, sheets, names)
    assert sorted(rec.deleted_sheets) == sorted([REPORT_EN[0], REPORT_EN[2], zh_summary])
    assert rec.sheets == ["Settings", "Sales", "My notes"]
    assert rec.names == {"MyTotal": "=Sales!$J$2"}
    assert {a["func"] for a in actions} <= {"sheetDelete", "nameDelete", "setStatusBar"}


def test_lite_scripts_run_the_same_entry_points():
    from salesreport_xl import lite

    _, _, direct, _ = run(excel.generate, small_sheets(), built_at=BUILT_AT)
    _, _, via_lite, rec = run(lambda book: lite.generate_report(book), small_sheets())
    assert [a["func"] for a in via_lite] == [a["func"] for a in direct]
    assert REPORT_EN[0] in rec.sheets


# ------------------------------------------------------------------------------------------ user's sheets
USERS_OWN = {"Summary": [["my own summary"], [42]], "摘要": [["我的摘要"], [7]]}


def test_generate_and_clear_never_touch_the_users_own_summary_sheets():
    # The user's own sheets "Summary" and "摘要" (no marker, no SR_* names): Generate names the report's
    # Summary apart and Clear removes only the report; the user's sheets and cells stay as they were.
    sheets = dict(small_sheets(), **USERS_OWN)
    book = xw.Book(json=payload(sheets))
    excel.generate(book, built_at=BUILT_AT)
    excel.generate(book, built_at=BUILT_AT)          # a rebuild finds the report by its marker
    excel.clear_report(book)
    actions = book.json()["actions"]
    rec = Recorded(sheets, (), actions)
    assert "Summary" not in rec.deleted_sheets and "摘要" not in rec.deleted_sheets
    assert rec.values["Summary"] == {} and rec.values["摘要"] == {}      # no write of ours ever landed there
    assert rec.sheets == list(sheets)                                   # Clear left exactly the inputs
    assert sorted(rec.deleted_sheets) == sorted([n for n in REPORT_EN if n != "Summary"] * 2
                                                + ["Summary (report)"] * 2)
    assert [s.name for s in book.sheets] == list(sheets)


def test_column_widths_go_in_points_and_read_back_as_the_headless_widths(generated, demo_sheets, headless):
    # Office.js takes a column width in points; Excel shows a width as characters of the default font
    # (Calibri 11: 7 pixels a digit, 0.75 pt a pixel). Read the recorded points back that way.
    _, _, actions, _ = generated
    _, wb = headless
    order, got = list(demo_sheets), {}
    for a in actions:
        if a["func"] == "addSheet":
            order.insert(a["args"][0], a["args"][1])
        elif a["func"] == "setColumnWidth":
            for c in range(a["start_column"] + 1, a["start_column"] + a["column_count"] + 1):
                got[(order[a["sheet_position"]], col_letter(c))] = a["args"][0] / 0.75 / 7
    want = {(name, letter): dim.width for name in REPORT_EN for letter, dim in wb[name].column_dimensions.items()
            if dim.customWidth}
    assert set(got) == set(want)
    assert len(want) > 30
    for key, width in want.items():
        assert abs(got[key] - width) <= 0.5, (key, got[key], width)


# ------------------------------------------------------------------------------------------ atomic
def _previous_report_book():
    """Valid inputs, a report of an earlier Generate (marked sheets, SR_* names), a user's own name
    into the report and a user's sheet after it."""
    sheets = dict(small_sheets(), **{name: [["old report"]] for name in REPORT_EN}, **{"My notes": [["keep"]]})
    names = [("SR_SALES_MONTH", f"='{REPORT_EN[0]}'!$C$5"), ("MyTotal", "=Sales!$J$2"),
             ("ShowsReport", f"='{REPORT_EN[2]}'!$B$2")] + marked(*REPORT_EN)
    return sheets, names


class Injected(Exception):
    pass


def _generate_failing_at(monkeypatch, fail_at: int | None):
    """Generate over the previous report with the engine refusing its `fail_at`-th action (0-based)."""
    import xlwings.pro._xlremote as remote

    sheets, names = _previous_report_book()
    book = xw.Book(json=payload(sheets, names))
    count = {"n": 0, "inside": 0}

    def step(what):
        n = count["n"]
        count["n"] += 1
        if n == fail_at:
            raise Injected(f"refused {what}")

    def appending(original):
        def refusing(self, **kwargs):
            if not count["inside"]:
                step(kwargs.get("func"))
            return original(self, **kwargs)
        return refusing

    def structural(original, what):
        # The engine updates its own picture of the book (sheets, names) around recording these
        # actions, partly before: refused, they must change nothing, as in Excel.
        def refusing(*args, **kwargs):
            step(what)
            count["inside"] += 1
            try:
                return original(*args, **kwargs)
            finally:
                count["inside"] -= 1
        return refusing

    monkeypatch.setattr(remote.Book, "append_json_action", appending(remote.Book.append_json_action))
    monkeypatch.setattr(remote.Sheets, "add", structural(remote.Sheets.add, "addSheet"))
    monkeypatch.setattr(remote.Sheet, "delete", structural(remote.Sheet.delete, "sheetDelete"))
    monkeypatch.setattr(remote.Sheet, "name", property(remote.Sheet.name.fget,
                                                       structural(remote.Sheet.name.fset, "setSheetName")))
    monkeypatch.setattr(remote.Names, "add", structural(remote.Names.add, "namesAdd"))
    monkeypatch.setattr(remote.Name, "delete", structural(remote.Name.delete, "nameDelete"))
    result = excel.generate(book, built_at=BUILT_AT)
    monkeypatch.undo()
    actions = book.json()["actions"]
    return book, result, actions, Recorded(sheets, names, actions), sheets, names


def test_a_failure_at_any_step_before_the_commit_leaves_the_previous_report_as_it_was(monkeypatch):
    _, result, actions, rec, sheets, names = _generate_failing_at(monkeypatch, None)
    assert result is not None and not result.leftover
    assert rec.sheets == list(sheets) and rec.deleted_sheets == list(REPORT_EN)
    funcs = [a["func"] for a in actions]
    # The commit starts with the first deletion after the new names are in.
    commit = next(i for i in range(max(i for i, f in enumerate(funcs) if f == "namesAdd"), len(funcs))
                  if funcs[i] in ("nameDelete", "sheetDelete"))
    firsts = {funcs.index(f) for f in set(funcs[:commit])}
    steps = sorted(firsts | set(range(0, commit, max(1, commit // 25))) | {commit - 1})
    steps = [i for i in steps if funcs[i] not in ("setStatusBar", "setScreenUpdating")]   # best effort
    assert len(steps) > 30
    before = Recorded(sheets, names, [])
    for step in steps:
        book, result, _, rec, _, _ = _generate_failing_at(monkeypatch, step)
        where = f"failure at action {step} ({funcs[step]})"
        assert result is None, where
        assert rec.sheets == list(sheets) == [s.name for s in book.sheets], where
        assert rec.names == before.names, where
        assert rec.markers == before.markers, where
        assert all(rec.values[name] == {} for name in REPORT_EN), where    # no write reached the old report
        assert all(rec.charts[name] == [] for name in REPORT_EN), where
        (alert,) = rec.alerts
        assert "previous report is as it was" in alert[0] and "Injected" in alert[0], where


def test_a_protected_workbook_structure_is_found_before_anything_is_written(monkeypatch):
    from salesreport_xl.write import excel_engine

    monkeypatch.setattr(excel_engine, "structure_protected", lambda book: True)
    sheets, names = _previous_report_book()
    _, result, actions, rec = run(excel.generate, sheets, names, built_at=BUILT_AT)
    assert result is None
    assert {a["func"] for a in actions} <= {"alert", "setStatusBar", "setScreenUpdating"}
    (alert,) = rec.alerts
    assert "structure is protected" in alert[0] and "Review > Protect Workbook" in alert[0]


def test_a_sheet_name_clash_is_found_before_anything_is_written(monkeypatch):
    import salesreport_xl.layout as layout_module

    sheets, names = _previous_report_book()
    real = layout_module.layout_report

    def clashing(*args, **kwargs):
        # A layout that takes the name of the user's sheet "My notes" (as if laid out without knowing of it).
        import dataclasses

        layout = real(*args, **kwargs)
        sheets = list(layout.sheets)
        sheets[1] = dataclasses.replace(sheets[1], name="My notes")
        return dataclasses.replace(layout, sheets=tuple(sheets))

    monkeypatch.setattr(layout_module, "layout_report", clashing)
    _, result, actions, rec = run(excel.generate, sheets, names, built_at=BUILT_AT)
    assert result is None
    assert {a["func"] for a in actions} <= {"alert", "setStatusBar", "setScreenUpdating"}
    (alert,) = rec.alerts
    assert "'My notes'" in alert[0]


def test_an_excel_tables_totals_row_is_left_out_whatever_it_says():
    # The Sales lines of small_sheets as an Excel table A1:J7 showing its Total row (row 7), which
    # averages the amounts (540 = 2700 / 5) and has no label: not a sum, no total word — only the table
    # says it is no order line. The payload carries the table (ShowTotals, its Total row's range) as
    # Excel sends it.
    sheets = small_sheets(customer="Acme")
    sheets["Sales"].append([None, None, None, None, None, None, None, None, None, 540.0])
    data = payload(sheets)
    sales = next(s for s in data["sheets"] if s["name"] == "Sales")
    sales["tables"] = [{"name": "SalesLines", "range_address": "A1:J7", "header_row_range_address": "A1:J1",
                        "data_body_range_address": "A2:J6", "total_row_range_address": "A7:J7",
                        "show_headers": True, "show_totals": True, "row_count": 7, "column_count": 10,
                        "show_autofilter": True, "table_style": "TableStyleMedium2"}]
    inputs, findings = excel.read_inputs(xw.Book(json=data))
    assert [f.text() for f in findings if f.severity == "error"] == []
    # The five lines: 1200 + 800 + 500 - 100 (March) + 400 (February) = 2800; the 540 left out.
    assert inputs.sales["amount"].sum() == 2800.0
    assert [(f.location, f.severity) for f in findings if f.code == "table_totals"] == [("Sales!7:7", "warning")]
    # The same table without its Total row shown: row 7 is read as a line (and is an error: no date).
    sales["tables"][0].update(show_totals=False, total_row_range_address=None)
    _, findings = excel.read_inputs(xw.Book(json=data))
    assert "Sales!A7" in [f.location for f in findings if f.severity == "error"]
