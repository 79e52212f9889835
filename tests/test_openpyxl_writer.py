"""openpyxl writer: render the hand-built model's layout, save, open the file again and look."""
from __future__ import annotations

import os

import openpyxl
import pytest

from salesreport_xl.errors import WorkbookError
from salesreport_xl.layout.sections import SECTIONS
from openpyxl.chart import BarChart, DoughnutChart, LineChart, PieChart

from model_fixture import make_model
from salesreport_xl.compute.model import FIGURE_NAMES
from salesreport_xl.errors import OutputError
from salesreport_xl.layout import layout_report
from salesreport_xl.write.dump import VOLATILE, dump_workbook
from salesreport_xl.write.openpyxl_writer import render_workbook, save_report


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    save_report(layout_report(make_model("en")), path)
    return path


@pytest.fixture(scope="module")
def wb(saved):
    return openpyxl.load_workbook(saved)


def _resolve(wb, name):
    dn = wb.defined_names[name]
    (sheet, ref), = list(dn.destinations)
    return wb[sheet][ref.replace("$", "")]


def test_only_report_sheets_summary_active(wb):
    assert wb.sheetnames == ["Summary", "Sales Analysis", "Team Performance", "Customer Relations",
                             "Problems", "Future Plans", "Data Checks"]
    assert wb.active.title == "Summary"


def test_defined_names_resolve_to_the_model_figures(wb):
    figures = make_model("en").figures
    assert sorted(n for n in wb.defined_names.keys() if n.startswith("SR_")) == sorted(FIGURE_NAMES)
    for name in FIGURE_NAMES:
        assert _resolve(wb, name).value == figures[name], name


def test_kpi_cell_number_formats(wb):
    ws = wb["Summary"]
    assert ws["C5"].value == 123456
    assert ws["C5"].number_format == '"¥"0"."0,"万";-"¥"0"."0,"万"'
    assert ws["E5"].number_format == "+0.0%;-0.0%;0.0%"
    assert ws["C5"].font.b and ws["C5"].font.sz == 20


def test_text_that_looks_like_a_formula_stays_text(wb):
    ws = wb["Sales Analysis"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"
    cust = next(c for row in wb["Customer Relations"].iter_rows() for c in row if c.value == "+cmd|calc")
    assert cust.data_type == "s"


def test_sign_rules_red_and_green(wb):
    ws = wb["Summary"]
    rules = [(str(cf.sqref).split(), r.operator, r.formula, r.dxf.font.color.rgb[-6:])
             for cf in ws.conditional_formatting for r in cf.rules if r.type == "cellIs"]
    # MoM (E5) and YoY (G5) share one rule per colour: red below 0, green for a positive number
    assert (["E5", "G5"], "lessThan", ["0"], "C00000") in rules
    assert (["E5", "G5"], "between", ["1E-300", "1E+307"], "00863D") in rules


def test_rep_attainment_traffic_lights(wb):
    ws = wb["Team Performance"]
    icons = {str(cf.sqref): r.iconSet for cf in ws.conditional_formatting for r in cf.rules if r.type == "iconSet"}
    reps = ws.tables["rpt_team_reps"]
    # reps table B..K; Attainment is its 4th column (E), body rows below the header
    first, last = reps.ref.split(":")
    lights = icons[f"E{int(first[1:]) + 1}:E{int(last[1:])}"]
    # red below 0.9, amber from 0.9, green from 1.0 (the first value is the set's floor)
    assert lights.iconSet == "3TrafficLights1"
    assert [(v.type, float(v.val)) for v in lights.cfvo] == [("num", 0.0), ("num", 0.9), ("num", 1.0)]


def test_excel_tables_with_style(wb):
    ws = wb["Sales Analysis"]
    t = ws.tables["rpt_sales_trend"]
    assert t.tableStyleInfo.name == "TableStyleLight9"
    first, last = t.ref.split(":")
    assert first[0] == "B" and last[0] == "E"
    assert int(last[1:]) - int(first[1:]) == 13            # header + 13 months
    assert [c.name for c in t.tableColumns] == ["Month", "Sales", "Last year", "YoY"]


def test_combo_chart_references_the_trend_table(wb):
    ws = wb["Sales Analysis"]
    t = ws.tables["rpt_sales_trend"]
    first, last = t.ref.split(":")
    r1, r2 = int(first[1:]) + 1, int(last[1:])
    combo = next(c for c in ws._charts if isinstance(c, BarChart) and c._charts[1:])
    bar, line = combo._charts[0], combo._charts[1]
    assert isinstance(line, LineChart) and bar.type == "col"
    assert bar.series[0].val.numRef.f == f"'Sales Analysis'!$C${r1}:$C${r2}"
    assert line.series[0].val.numRef.f == f"'Sales Analysis'!$D${r1}:$D${r2}"
    cat = bar.series[0].cat
    assert (cat.numRef or cat.strRef).f == f"'Sales Analysis'!$B${r1}:$B${r2}"


def test_chart_types_per_sheet(wb):
    kinds = {name: sorted(type(c).__name__ for c in wb[name]._charts) for name in wb.sheetnames}
    # Sales: trend (combo), region, waterfall (stacked bars), category pie, segment and channel doughnuts
    assert kinds["Sales Analysis"] == ["BarChart", "BarChart", "BarChart", "DoughnutChart", "DoughnutChart", "PieChart"]
    assert kinds["Team Performance"] == ["BarChart", "BarChart"]
    assert kinds["Customer Relations"] == ["BarChart", "BarChart", "BarChart"]     # + ABC classes
    assert kinds["Problems"] == ["BarChart", "BarChart"]                           # + the funnel
    assert kinds["Future Plans"] == ["BarChart"]                                   # the backtest (combo)
    waterfall = next(c for c in wb["Sales Analysis"]._charts if getattr(c, "grouping", "") == "stacked")
    assert waterfall.overlap == 100 and waterfall.series[0].graphicalProperties.noFill


def test_print_setup(wb):
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == "9"                  # A4
        assert ws.oddFooter.right.text == "Page &P of &N"
        assert ws.oddFooter.right.font == "Calibri"                 # not the printer's own font
    # Summary: one page; a detail sheet prints at the scale its page breaks were reckoned with
    summary = wb["Summary"]
    assert summary.sheet_properties.pageSetUpPr.fitToPage and summary.page_setup.fitToHeight == 1
    assert summary.page_setup.fitToWidth == 1
    for ws in wb.worksheets[1:]:
        assert not ws.sheet_properties.pageSetUpPr.fitToPage and 10 <= ws.page_setup.scale <= 100
    assert wb["Sales Analysis"].freeze_panes == "A3"


def test_rebuild_never_touches_the_users_own_summary_sheets(tmp_path):
    # The user's own "Summary" and "摘要" (their notes): the report is laid out apart from them, a
    # rebuild in either language replaces only the marked report sheets, the user's cells stay.
    from salesreport_xl.write.report_sheets import MARKER_NAME

    wb = openpyxl.Workbook()
    wb.active.title = "Summary"
    wb["Summary"]["A1"], wb["Summary"]["B7"] = "my notes", 42
    wb.create_sheet("摘要")["A1"] = "我的笔记"
    for lang in ("en", "en", "zh", "en"):
        user = [ws.title for ws in wb.worksheets if MARKER_NAME not in ws.defined_names]
        render_workbook(layout_report(make_model(lang), user_sheets=user), wb)
    assert wb.sheetnames[:2] == ["Summary", "摘要"] and "Summary (report)" in wb.sheetnames
    assert len(wb.sheetnames) == 2 + len(SECTIONS)
    assert (wb["Summary"]["A1"].value, wb["Summary"]["B7"].value, wb["摘要"]["A1"].value) == ("my notes", 42, "我的笔记")
    assert wb.defined_names["SR_SALES_MONTH"].attr_text.startswith("'Summary (report)'!")
    with pytest.raises(WorkbookError, match="'Summary'"):
        render_workbook(layout_report(make_model("en")), wb)    # laid out without knowing of it: refused


def test_rebuild_into_a_workbook_replaces_the_report(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Sales"                       # an input sheet, untouched by the report
    wb["Sales"]["A1"] = "Order Date"
    render_workbook(layout_report(make_model("en")), wb)
    render_workbook(layout_report(make_model("en")), wb)
    assert wb.sheetnames[0] == "Sales" and len(wb.sheetnames) == 1 + len(SECTIONS)
    assert wb["Sales"]["A1"].value == "Order Date"
    render_workbook(layout_report(make_model("zh")), wb)       # language switch: no English leftovers
    assert wb.sheetnames == ["Sales", "摘要", "销售业绩分析", "销售团队表现", "客户管理与关系维护", "问题与挑战",
                             "未来计划与改进措施", "数据检查"]
    assert sorted(n for n in wb.defined_names.keys() if n.startswith("SR_")) == sorted(FIGURE_NAMES)
    assert wb.defined_names["SR_SALES_MONTH"].attr_text == "'摘要'!$C$5"
    path = tmp_path / "rebuilt.xlsx"
    wb.save(path)
    again = openpyxl.load_workbook(path)
    assert len(again.sheetnames) == 1 + len(SECTIONS)
    assert _resolve(again, "SR_SALES_MONTH").value == 123456


def test_save_is_atomic_and_errors_are_output_errors(tmp_path):
    path = tmp_path / "out" / "r.xlsx"
    save_report(layout_report(make_model("en")), path)
    assert os.listdir(path.parent) == ["r.xlsx"]                 # no temporary file left behind
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        save_report(layout_report(make_model("en")), blocker / "r.xlsx")


def test_dump_is_normalised(saved):
    d = dump_workbook(saved, ["Summary", "Data Checks"])
    assert set(d["sheets"]) == {"Summary", "Data Checks"}
    assert d["defined_names"]["SR_SALES_MONTH"] == "'Summary'!$C$5"
    assert "SR_YTD" not in d["defined_names"]                    # points at a sheet not dumped
    cells = d["sheets"]["Summary"]["cells"]
    assert cells["C5"]["v"] == 123456 and cells["C5"]["bold"] and cells["C5"]["fill"] == "F3F6FA"
    checks = d["sheets"]["Data Checks"]["cells"]
    assert VOLATILE in [c.get("v") for c in checks.values()]    # the build time is stripped
    assert "2025-04-02T09:00:00" not in str(checks)


def test_dump_lists_charts_with_their_ranges(saved):
    d = dump_workbook(saved, ["Sales Analysis"])
    charts = d["sheets"]["Sales Analysis"]["charts"]
    trend = charts[0]
    assert [p["kind"] for p in trend["plots"]] == ["column", "line"]
    assert trend["plots"][0]["series"][0]["name"] == "Sales"
    assert trend["title"] == "Sales, last 13 months, vs a year earlier"


def test_the_summary_cards_carry_native_sparklines(saved, tmp_path):
    from salesreport_xl.write.dump import sheet_sparklines

    found = sheet_sparklines(saved)
    assert [where for where, _ in found["Summary"]] == ["C6", "E6"]
    assert all(data.startswith("'Summary'!$A") and data.endswith("$14") for _, data in found["Summary"])
    import zipfile

    with zipfile.ZipFile(saved) as z:
        xml = next(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/") and b"sparklineGroup" in z.read(n))
    # column sparklines; the sales card's columns stand on 0, the MoM card's keep their zero line
    assert xml.count(b'type="column"') == 2 and b'manualMin="0"' in xml and b'displayXAxis="1"' in xml
    assert xml.rstrip().endswith(b"</extLst></worksheet>")
