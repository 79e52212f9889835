"""LibreOffice opens the written workbook and prints the report to PDF (skipped only without soffice)."""
from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from model_fixture import make_model
from salesreport_xl.errors import OutputError
from salesreport_xl.layout import layout_report
from salesreport_xl.write.openpyxl_writer import render_workbook, save_atomic
from salesreport_xl.write.pdf import _hide_sheets, export_pdf, find_soffice

needs_soffice = pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice (soffice) or pdftotext not installed")


def _pdf_text(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def _build(tmp_path, lang):
    wb = openpyxl.Workbook()
    wb.active.title = "Sales"
    wb["Sales"]["A1"] = "SECRET-INPUT-ROW"       # an input sheet: must not be printed
    render_workbook(layout_report(make_model(lang)), wb)
    xlsx = tmp_path / f"report_{lang}.xlsx"
    save_atomic(wb, xlsx)
    pdf = export_pdf(xlsx, tmp_path / f"report_{lang}.pdf")
    return _pdf_text(pdf)


@pytest.mark.libreoffice
@needs_soffice
def test_pdf_shows_summary_first_with_headline_figures_as_formatted(tmp_path):
    pages = _build(tmp_path, "en")
    first = pages[0]
    assert "Monthly sales report — 2025-03" in first
    # 123 456 in 万 -> 12.3 ; MoM 0.23456 -> +23.5% ; YoY -0.17696 -> -17.7% ; 1.0288 -> 102.9%
    for shown in ("¥12.3万", "+23.5%", "-17.7%", "102.9%", "4.25"):
        assert shown in first, shown
    text = "\f".join(pages)
    assert "SECRET-INPUT-ROW" not in text                  # report sheets only
    assert "Page 1 of" in first
    assert "#####" not in text and "###" not in text        # no column too narrow for its number
    assert "Sales performance analysis" in text and "=1+1" in text


@pytest.mark.libreoffice
@needs_soffice
def test_pdf_in_chinese(tmp_path):
    pages = _build(tmp_path, "zh")
    first = pages[0]
    assert "销售管理月报" in first and "12.3万元" in first and "+23.5%" in first
    assert "二、销售业绩分析" in "\f".join(pages)


def test_missing_libreoffice_is_a_clear_output_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESREPORT_SOFFICE", str(tmp_path / "no-such-soffice"))
    (tmp_path / "r.xlsx").write_bytes(b"")
    with pytest.raises(OutputError, match="LibreOffice is not installed"):
        export_pdf(tmp_path / "r.xlsx", tmp_path / "r.pdf")


def test_hide_sheets_keeps_report_visible_and_active():
    xml = ('<workbook><bookViews><workbookView activeTab="0"/></bookViews><sheets>'
           '<sheet name="Sales" sheetId="1" r:id="rId1"/><sheet name="Summary" sheetId="2" r:id="rId2"/>'
           '<sheet name="A &amp; B" sheetId="3" state="hidden" r:id="rId3"/></sheets></workbook>')
    out = _hide_sheets(xml, {"Summary", "A & B"})
    assert '<sheet name="Sales" sheetId="1" r:id="rId1" state="hidden"/>' in out
    assert '<sheet name="Summary" sheetId="2" r:id="rId2"/>' in out
    assert '<sheet name="A &amp; B" sheetId="3" r:id="rId3"/>' in out
    assert 'activeTab="1"' in out


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_demos_detail_pages_print_at_a_readable_scale_within_the_page(tmp_path, lang):
    """The demo (wide tables, charts beside them): every detail sheet prints at 85 % or more, and
    LibreOffice prints exactly the pages the layout broke the report into — a sheet wider than the page
    at its scale would add pages of its right-hand part (the Sales sheet's print area two columns past
    its charts printed a chart's edge on two pages of their own). No number is cut to "###"."""
    from salesreport_xl.demo import write_demo
    from salesreport_xl.pipeline import build_report

    result = build_report(write_demo(tmp_path, lang=lang), tmp_path / "r.xlsx", report_only=True, pdf=True,
                          built_at="2025-10-01T09:00:00")
    wb = openpyxl.load_workbook(result.output)
    laid_out = 1                                    # the summary: one page
    for ws in wb.worksheets[1:]:
        assert ws.page_setup.scale >= 85, (ws.title, ws.page_setup.scale)
        laid_out += len(ws.row_breaks.brk) + 1
    pages = [p for p in _pdf_text(result.pdf) if p.strip()]
    assert len(pages) == laid_out
    assert "###" not in "\f".join(pages)
