"""The lossless full build: the input package carried byte for byte, the report merged in.

The input is an .xlsm made here with xlsxwriter holding what openpyxl's load-and-save would lose or
rewrite (a native chart, a picture, a form button, data validation, comments, a VBA project, a
workbook name and a sheet-scoped name); the report-only workbook is made here with openpyxl.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from lxml import etree
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table, TableStyleInfo

from salesreport_xl.errors import UsageError, WorkbookError
from salesreport_xl.write.package_merge import merge_report
from salesreport_xl.write.report_sheets import MARKER_NAME as REPORT_MARKER_NAME
from salesreport_xl.write.package_names import sheets_referenced

try:
    from helpers_xlsx import sheet_content
except ImportError:  # pragma: no cover - depends on how pytest was started
    from tests.helpers_xlsx import sheet_content

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# The only input parts the merge may rewrite: they list what the package holds.
REWRITTEN = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
             "xl/styles.xml", "docProps/app.xml",
             "xl/vbaProject.bin"}     # document modules for the report sheets' code names
REPORT_SHEETS = ["Summary", "Trend"]


# ---------------------------------------------------------------------------------------------
# Fixtures: the input .xlsm and the report-only workbook
# ---------------------------------------------------------------------------------------------
def _png_4x4() -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))   # 4 red pixels a row

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _vba_project(folder: Path) -> bytes:
    """A vbaProject.bin with one tiny module, built with ms-ovba; xlwings' own as the fallback."""
    macros = folder / "macros"
    macros.mkdir()
    (macros / "Module1.bas").write_text('Attribute VB_Name = "Module1"\n'
                                        'Sub Hello()\n    MsgBox "Hello"\nEnd Sub\n')
    cwd = os.getcwd()
    try:
        from salesreport_xl.vba import build_vba_project
        os.chdir(folder)   # ms-cfb leaves a scratch fatChain.bin in the working folder
        return build_vba_project(folder / "vbaProject.bin", sheet_count=2, macros_dir=macros,
                                 include_xlwings=False).read_bytes()
    except Exception:  # pragma: no cover - only when ms-ovba cannot build it here
        import xlwings
        quickstart = Path(xlwings.__file__).parent / "quickstart.xlsm"
        with zipfile.ZipFile(quickstart) as zf:
            return zf.read("xl/vbaProject.bin")
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("merge")


@pytest.fixture(scope="module")
def vba_bin(work) -> bytes:
    return _vba_project(work)


@pytest.fixture(scope="module")
def input_xlsm(work, vba_bin) -> Path:
    (work / "pixel.png").write_bytes(_png_4x4())
    (work / "in_vbaProject.bin").write_bytes(vba_bin)
    made = work / "team_xlsxwriter.xlsm"
    wb = xlsxwriter.Workbook(str(made))
    sales = wb.add_worksheet("Sales")
    targets = wb.add_worksheet("Targets")
    bold = wb.add_format({"bold": True})
    sales.write_row(0, 0, ["date", "amount"], bold)
    sales.set_column(0, 0, 14)  # wide enough that no font clips the dates on the printed page
    for i in range(5):
        sales.write_row(i + 1, 0, [f"2024-0{i + 1}-01", (i + 1) * 10])
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Sales!$B$2:$B$6"})
    sales.insert_chart("D2", chart)
    sales.insert_image("D20", str(work / "pixel.png"))
    sales.insert_button("H2", {"macro": "Hello", "caption": "Run"})
    sales.data_validation("B2:B6", {"validate": "integer", "criteria": ">=", "value": 0})
    sales.write_comment("A1", "date of sale")
    targets.write(0, 0, "target")
    wb.add_vba_project(str(work / "in_vbaProject.bin"))
    wb.define_name("InputAmounts", "=Sales!$B$2:$B$6")
    wb.define_name("Targets!LocalName", "=Targets!$A$1")
    wb.close()
    # Re-packed at deflate level 1: a merge that re-compressed members (at any usual level) would
    # give other compressed bytes, so the raw comparison below can tell copying from re-packing.
    return _repack(made, work / "team.xlsm", level=1)


def _report(path: Path, summary: str = "Summary", trend: str = "Trend") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = summary
    ws["A1"] = "Sales this month"
    ws["A1"].font = Font(bold=True)
    ws["B3"] = 1234.5
    ws["B3"].number_format = "#,##0.00"
    tr = wb.create_sheet(trend)
    for row in [["Month", "Amount"], ["2024-01", 10], ["2024-02", 20], ["2024-03", 30]]:
        tr.append(row)
    table = Table(displayName="SR_Trend", ref="A1:B4")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
    tr.add_table(table)
    chart = BarChart()
    chart.add_data(Reference(tr, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    chart.set_categories(Reference(tr, min_col=1, min_row=2, max_row=4))
    tr.add_chart(chart, "D2")
    tr.conditional_formatting.add("B2:B4", CellIsRule(operator="greaterThan", formula=["15"],
                                                      fill=PatternFill(bgColor="FFC7CE",
                                                                       fill_type="solid")))
    tr.print_title_rows = "1:1"
    wb.defined_names["SR_SALES_MONTH"] = DefinedName("SR_SALES_MONTH",
                                                     attr_text=f"'{summary}'!$B$3")
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def report_xlsx(work) -> Path:
    return _report(work / "report.xlsx")


@pytest.fixture(scope="module")
def merged(work, input_xlsm, report_xlsx):
    out = work / "team_report.xlsm"
    result = merge_report(input_xlsm, report_xlsx, out, REPORT_SHEETS)
    return out, result


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def _raw_members(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """name -> (compress type, CRC, compressed bytes), read from the local headers directly."""
    out = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as fh:
        for info in zf.infolist():
            fh.seek(info.header_offset)
            header = fh.read(30)
            assert header[:4] == b"PK\x03\x04"
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            out[info.filename] = (info.compress_type, info.CRC, fh.read(info.compress_size))
    return out


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _workbook_xml(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("xl/workbook.xml"))


def _assert_content_types_match_members(path: Path) -> None:
    """Every Override names a member, and every member has a type (Override or Default)."""
    with zipfile.ZipFile(path) as zf:
        members = set(zf.namelist())
        types = etree.fromstring(zf.read("[Content_Types].xml"))
    overrides = {el.get("PartName").lstrip("/") for el in types
                 if el.tag.endswith("Override")}
    defaults = {el.get("Extension").lower() for el in types if el.tag.endswith("Default")}
    assert overrides <= members, overrides - members
    untyped = {m for m in members - overrides - {"[Content_Types].xml"}
               if m.rsplit(".", 1)[-1].lower() not in defaults}
    assert not untyped


def _names(root) -> list[tuple[str, str | None, str]]:
    return [(el.get("name"), el.get("localSheetId"), el.text)
            for el in root.iter(f"{MAIN}definedName")]


# ---------------------------------------------------------------------------------------------
# The input comes through
# ---------------------------------------------------------------------------------------------
def test_every_other_input_member_is_copied_byte_for_byte_without_recompressing(input_xlsm, merged):
    out, result = merged
    before, after = _raw_members(input_xlsm), _raw_members(out)
    carried = [name for name in before if name not in REWRITTEN]
    # xlsxwriter's package: 19 members; the 5 listing parts and the VBA project are rewritten, 13 carried.
    assert len(before) == 19 and len(carried) == 13
    for name in carried:
        assert after[name] == before[name], name   # same compressed bytes, CRC, method
    plain_before, plain_after = _members(input_xlsm), _members(out)
    for name in carried:
        assert plain_after[name] == plain_before[name], name
    assert result.raw_copied == 13
    assert set(result.rewritten) == REWRITTEN
    assert result.removed == ()
    for kept in ("xl/drawings/vmlDrawing1.vml", "xl/media/image1.png",
                 "xl/comments1.xml", "xl/charts/chart1.xml", "xl/sharedStrings.xml"):
        assert kept in carried


def test_rewritten_parts_keep_everything_the_input_had(input_xlsm, merged):
    out, _ = merged
    before, after = _members(input_xlsm), _members(out)

    def children(data: bytes, tag: str) -> list[bytes]:
        root = etree.fromstring(data)
        section = root.find(f"{MAIN}{tag}")
        return [etree.tostring(el, method="c14n", exclusive=True) for el in section]

    # Styles are only appended to: the input's cell formats keep their indices.
    for tag in ("fonts", "fills", "borders", "cellXfs"):
        old = children(before["xl/styles.xml"], tag)
        assert children(after["xl/styles.xml"], tag)[:len(old)] == old, tag

    # Sheets keep order, ids and relationships; the report comes after them.
    sheets = [(el.get("name"), el.get("sheetId"), el.get(REL_ID))
              for el in _workbook_xml(out).iter(f"{MAIN}sheet")]
    assert sheets[:2] == [("Sales", "1", "rId1"), ("Targets", "2", "rId2")]
    assert [s[0] for s in sheets] == ["Sales", "Targets", "Summary", "Trend"]

    # Every input relationship and content type is still declared, the workbook still a macro one.
    rels_before = etree.fromstring(before["xl/_rels/workbook.xml.rels"])
    rels_after = etree.fromstring(after["xl/_rels/workbook.xml.rels"])
    as_set = lambda root: {tuple(sorted(el.attrib.items())) for el in root}   # noqa: E731
    assert as_set(rels_before) <= as_set(rels_after)
    ct_before = etree.fromstring(before["[Content_Types].xml"])
    ct_after = etree.fromstring(after["[Content_Types].xml"])
    assert as_set(ct_before) <= as_set(ct_after)
    assert ("ContentType", "application/vnd.ms-excel.sheet.macroEnabled.main+xml") in \
        {kv for el in ct_after for kv in el.attrib.items()}

    _assert_content_types_match_members(out)

    # app.xml lists the four sheets under its worksheet heading.
    app = after["docProps/app.xml"].decode()
    assert "<vt:i4>4</vt:i4>" in app and "<vt:lpstr>Trend</vt:lpstr>" in app


def _vba_modules(path) -> dict[str, str]:
    from oletools.olevba import VBA_Parser
    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_vba_project_keeps_every_module_and_gains_the_report_sheets_document_modules(merged, input_xlsm):
    out, _ = merged
    before, after = _vba_modules(input_xlsm), _vba_modules(out)
    assert "Sub Hello()" in after["Module1"]
    assert {k: after[k] for k in before} == before             # every input module, same source
    # xlsxwriter named the two input sheets Sheet1, Sheet2: the report's are the next free ones.
    assert sorted(set(after) - set(before)) == ["Sheet3", "Sheet4"]
    assert 'Attribute VB_Name = "Sheet3"' in after["Sheet3"]
    wb = openpyxl.load_workbook(out, keep_vba=True)
    assert [wb[n].sheet_properties.codeName for n in ("Summary", "Trend")] == ["Sheet3", "Sheet4"]


# ---------------------------------------------------------------------------------------------
# The report comes in
# ---------------------------------------------------------------------------------------------
def test_openpyxl_reads_the_report_sheets_values_styles_chart_table_and_names(merged):
    out, _ = merged
    wb = openpyxl.load_workbook(out, keep_vba=True)
    assert wb.sheetnames == ["Sales", "Targets", "Summary", "Trend"]
    summary, trend = wb["Summary"], wb["Trend"]
    assert summary["A1"].value == "Sales this month" and summary["A1"].font.b is True
    assert summary["B3"].value == 1234.5 and summary["B3"].number_format == "#,##0.00"
    assert [[c.value for c in row] for row in trend["A1:B4"]] == \
        [["Month", "Amount"], ["2024-01", 10], ["2024-02", 20], ["2024-03", 30]]
    assert list(trend.tables) == ["SR_Trend"] and trend.tables["SR_Trend"].ref == "A1:B4"
    assert len(trend._charts) == 1
    rules = [(str(cf.sqref), rule.dxf.fill.bgColor.rgb)
             for cf in trend.conditional_formatting for rule in cf.rules]
    assert rules == [("B2:B4", "00FFC7CE")]
    assert trend.print_title_rows == "$1:$1"
    assert list(wb.defined_names["SR_SALES_MONTH"].destinations) == [("Summary", "$B$3")]
    # The input's names and sheets are as they were.
    assert wb.defined_names["InputAmounts"].attr_text == "Sales!$B$2:$B$6"
    assert wb["Targets"].defined_names["LocalName"].attr_text == "Targets!$A$1"
    sales = wb["Sales"]
    assert sales["A1"].comment.text == "date of sale" and sales["A1"].font.b is True
    assert [str(dv.sqref) for dv in sales.data_validations.dataValidation] == ["B2:B6"]


def test_report_sheets_equal_the_report_only_workbook_in_the_golden_dump(merged, report_xlsx):
    out, _ = merged
    expected = openpyxl.load_workbook(report_xlsx)
    actual = openpyxl.load_workbook(out)
    for name in REPORT_SHEETS:
        assert sheet_content(actual[name]) == sheet_content(expected[name]), name


def test_report_sheets_are_marked_and_the_input_tab_stays_active(merged):
    out, _ = merged
    root = _workbook_xml(out)
    markers = [(sid, text) for name, sid, text in _names(root) if name == REPORT_MARKER_NAME]
    assert markers == [("2", "'Summary'!$A$1"), ("3", "'Trend'!$A$1")]
    view = root.find(f"{MAIN}bookViews/{MAIN}workbookView")
    assert view.get("activeTab", "0") == "0"      # Sales, as in the input
    with zipfile.ZipFile(out) as zf:
        report_parts = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all(b"tabSelected" not in zf.read(n) for n in report_parts[2:])


@pytest.mark.libreoffice
def test_libreoffice_opens_the_output_and_exports_pdf(merged, work):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    out, _ = merged
    pdf_dir = work / "pdf"
    profile = (work / "lo_profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(pdf_dir), str(out)],
                   check=True, capture_output=True, timeout=180)
    pdf = pdf_dir / (out.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 1000
    if shutil.which("pdftotext"):
        # -layout keeps each sheet's cells in reading order whatever the font's metrics
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Sales this month" in text and "1,234.50" in text and "2024-05-01" in text


# ---------------------------------------------------------------------------------------------
# Building again
# ---------------------------------------------------------------------------------------------
def test_building_twice_gives_one_report_and_the_same_package(merged, input_xlsm, report_xlsx,
                                                              work):
    first, _ = merged
    second = work / "team_report_again.xlsm"
    result = merge_report(first, report_xlsx, second, REPORT_SHEETS)
    assert result.replaced_sheet_names == ("Summary", "Trend")
    assert result.sheet_names == ("Sales", "Targets", "Summary", "Trend")
    # The old report's parts went, the new one's came under the same free names, and the styles
    # found their earlier copies: the second output holds exactly what the first did.
    assert _members(second) == _members(first)
    names = [n for n, _, _ in _names(_workbook_xml(second))]
    assert names.count("SR_SALES_MONTH") == 1 and names.count(REPORT_MARKER_NAME) == 2
    assert names.count("_xlnm.Print_Titles") == 1
    _assert_content_types_match_members(second)
    before, after = _raw_members(input_xlsm), _raw_members(second)
    for name in before:
        if name not in REWRITTEN:
            assert after[name] == before[name], name


def test_a_chinese_report_replaces_an_english_one(merged, work):
    first, _ = merged
    zh_report = _report(work / "report_zh.xlsx", summary="摘要", trend="趋势")
    out = work / "team_report_zh.xlsm"
    result = merge_report(first, zh_report, out, ["摘要", "趋势"])
    assert result.replaced_sheet_names == ("Summary", "Trend")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Sales", "Targets", "摘要", "趋势"]
    assert list(wb.defined_names["SR_SALES_MONTH"].destinations) == [("摘要", "$B$3")]
    with zipfile.ZipFile(out) as zf:
        worksheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/")]
    assert len(worksheets) == 4 and len(charts) == 2   # input's chart + the report's
    _assert_content_types_match_members(out)


def test_report_placed_first_moves_sheet_scoped_names_and_active_tab(input_xlsm, report_xlsx,
                                                                      work):
    out = work / "first.xlsm"
    result = merge_report(input_xlsm, report_xlsx, out, REPORT_SHEETS, first_report_index=0,
                          defined_names={"SR_EXTRA": "'Summary'!$A$1"})
    assert result.sheet_names == ("Summary", "Trend", "Sales", "Targets")
    root = _workbook_xml(out)
    names = {(n, sid): text for n, sid, text in _names(root)}
    # Targets moved from index 1 to 3; the report's print titles sit on Trend, index 1.
    assert names[("LocalName", "3")] == "Targets!$A$1"
    assert names[("_xlnm.Print_Titles", "1")] == "'Trend'!$1:$1"
    assert names[("SR_EXTRA", None)] == "'Summary'!$A$1"
    assert root.find(f"{MAIN}bookViews/{MAIN}workbookView").get("activeTab") == "2"  # Sales
    wb = openpyxl.load_workbook(out)
    assert wb["Targets"].defined_names["LocalName"].attr_text == "Targets!$A$1"


def test_a_report_with_shared_strings_gets_inline_strings(input_xlsm, work):
    # xlsxwriter writes shared strings (openpyxl writes inline ones): the merge must inline them,
    # leaving the input's sharedStrings.xml as it was.
    path = work / "report_sst.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Summary")
    ws.write("A1", "Kunden", wb.add_format({"bold": True}))
    ws.write("A2", "Kunden")
    ws.write_number("B2", 0.25, wb.add_format({"num_format": "0.0%"}))
    wb.close()
    out = work / "sst.xlsm"
    merge_report(input_xlsm, path, out, ["Summary"])
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet3.xml")
        assert b't="s"' not in sheet and sheet.count(b't="inlineStr"') == 2
        with zipfile.ZipFile(input_xlsm) as zin:
            assert zf.read("xl/sharedStrings.xml") == zin.read("xl/sharedStrings.xml")
    ws = openpyxl.load_workbook(out)["Summary"]
    assert (ws["A1"].value, ws["A1"].font.b, ws["A2"].value, ws["A2"].font.b) == \
        ("Kunden", True, "Kunden", False)
    assert ws["B2"].number_format == "0.0%"


# ---------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------
def _repack(src: Path, dst: Path, extra: dict[str, bytes] | None = None,
            replace: dict[str, bytes] | None = None, level: int = 6) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED,
                                                      compresslevel=level) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, (replace or {}).get(info.filename,
                                                             zin.read(info.filename)))
        for name, data in (extra or {}).items():
            info = zipfile.ZipInfo(name)   # ZipInfo keeps the name as written ('..', '/')
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    return dst


@pytest.mark.parametrize("bad_name", ["../evil", "/abs", "xl/../../evil.xml", "C:/evil"])
def test_unsafe_member_names_are_refused(input_xlsm, report_xlsx, work, bad_name):
    bad = _repack(input_xlsm, work / "bad.xlsm", extra={bad_name: b"x"})
    with zipfile.ZipFile(bad) as zf:
        assert bad_name in zf.namelist()      # the name really is in the zip as written
    out = work / "bad_out.xlsm"
    with pytest.raises(WorkbookError, match="unsafe zip member name"):
        merge_report(bad, report_xlsx, out, REPORT_SHEETS)
    assert not out.exists()


def test_xml_bomb_and_zip_bomb_are_refused(input_xlsm, report_xlsx, work):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'&lol2;</styleSheet>')
    bomb = _repack(input_xlsm, work / "xmlbomb.xlsm", replace={"xl/styles.xml": laughs})
    with pytest.raises(WorkbookError, match="DTD"):
        merge_report(bomb, report_xlsx, work / "x.xlsm", REPORT_SHEETS)
    # 20 MiB of zeros deflate ~1030:1, the most deflate can do: no spreadsheet part looks like it.
    zipped = _repack(input_xlsm, work / "zipbomb.xlsm", level=9,
                     extra={"xl/media/zeros.bin": bytes(20 * 1024 * 1024)})
    with pytest.raises(WorkbookError, match="zip bomb"):
        merge_report(zipped, report_xlsx, work / "y.xlsm", REPORT_SHEETS)


def test_a_user_sheet_named_like_a_report_sheet_is_not_replaced(input_xlsm, work):
    report = _report(work / "clash.xlsx", summary="Sales")
    out = work / "clash.xlsm"
    with pytest.raises(WorkbookError, match="already has a sheet named 'Sales'"):
        merge_report(input_xlsm, report, out, ["Sales", "Trend"])
    assert not out.exists() and not list(work.glob(".clash.xlsm.*.tmp"))


def test_output_name_must_keep_the_macro_kind(input_xlsm, report_xlsx, work):
    with pytest.raises(UsageError, match="'.xlsm'"):
        merge_report(input_xlsm, report_xlsx, work / "lost_macros.xlsx", REPORT_SHEETS)
    with pytest.raises(UsageError, match="no sheet named 'Nope'"):
        merge_report(input_xlsm, report_xlsx, work / "z.xlsm", ["Nope"])


def test_sheets_referenced_reads_quoted_bare_and_skips_strings_and_other_books():
    formula = "'My ''Q'' sheet'!$A$1+Other!B2+\"Hi!\"&'[1]Ext'!A1+[2]Far!A1"
    # quoted (with '' for '), bare; the string literal and both external refs are not sheets here
    assert sheets_referenced(formula) == {"my 'q' sheet", "other"}


def test_the_output_may_replace_the_input_file(input_xlsm, report_xlsx, work):
    path = work / "in_place.xlsm"
    shutil.copyfile(input_xlsm, path)
    merge_report(path, report_xlsx, path, REPORT_SHEETS)
    merge_report(path, report_xlsx, path, REPORT_SHEETS)
    assert openpyxl.load_workbook(path).sheetnames == ["Sales", "Targets", "Summary", "Trend"]
    assert [p.name for p in work.glob(".in_place.xlsm.*")] == []


def test_unmarked_earlier_report_sheets_go_with_their_parts(work, report_xlsx):
    # A report written before sheets were marked carries no marker: a sheet named like a report sheet
    # that the SR_* names point at is recognised as one (write.report_sheets).
    path = work / "unmarked.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Sales").write("A1", "kept")
    old = wb.add_worksheet("Summary")
    old.write("A1", "old report")
    old.insert_image("C3", str(work / "pixel.png"))
    wb.define_name("SR_SALES_MONTH", "=Summary!$A$1")
    wb.define_name("Summary!_xlnm.Print_Area", "=Summary!$A$1:$C$3")
    wb.close()
    out = work / "unmarked_out.xlsx"
    result = merge_report(path, report_xlsx, out, REPORT_SHEETS)
    assert result.replaced_sheet_names == ("Summary",)
    # The old Summary's sheet part, drawing, its rels and picture go; nothing else does.
    assert set(result.removed) == {"xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet2.xml.rels",
                                   "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels",
                                   "xl/media/image1.png"}
    names = _names(_workbook_xml(out))
    assert [n for n in names if n[0] == "SR_SALES_MONTH"] == [("SR_SALES_MONTH", None, "'Summary'!$B$3")]
    assert [n for n in names if n[0] == "_xlnm.Print_Area"] == []
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Sales", "Summary", "Trend"] and wb["Summary"]["A1"].value == "Sales this month"
    _assert_content_types_match_members(out)


def test_the_real_report_layout_merges_equal_to_the_plain_openpyxl_report(input_xlsm, work):
    # The golden check on the project's own report: layout -> openpyxl report-only
    # workbook -> merged; every report sheet dumps the same in both, every SR_* name lands.
    try:
        from model_fixture import make_model
    except ImportError:  # pragma: no cover
        from tests.model_fixture import make_model
    from salesreport_xl.layout import layout_report
    from salesreport_xl.write.openpyxl_writer import save_report

    layout = layout_report(make_model("en"))
    report = save_report(layout, work / "real_report.xlsx")
    out = work / "real_merged.xlsm"
    result = merge_report(input_xlsm, report, out, layout.sheet_names)
    assert result.sheet_names == ("Sales", "Targets") + tuple(layout.sheet_names)
    plain, merged_wb = openpyxl.load_workbook(report), openpyxl.load_workbook(out)
    for name in layout.sheet_names:
        assert sheet_content(merged_wb[name]) == sheet_content(plain[name]), name
        assert len(merged_wb[name]._charts) == len(plain[name]._charts), name
    for d in layout.defined_names:
        assert merged_wb.defined_names[d.name].attr_text == plain.defined_names[d.name].attr_text
