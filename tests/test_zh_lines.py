"""Chinese text stands on the same line as the numbers beside it in the printed report.

LibreOffice draws Chinese from a CJK font (Noto Sans CJK) whose ascent is taller than Calibri's: in a
top-aligned cell a Chinese label sat 4.5 pt (11 pt type) below the number in the next cell — whatever the
font named in the cell (Calibri, 等线/DengXian or Noto Sans CJK SC itself gave the same drop). Bottom-aligned
cells share one baseline, so a Chinese report's table cells are aligned at the bottom; an English one
keeps its top alignment.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest

from model_fixture import make_model
from salesreport_xl.layout import layout_report
from salesreport_xl.layout.blocks import Table
from salesreport_xl.write.openpyxl_writer import render_workbook, save_atomic
from salesreport_xl.write.pdf import export_pdf, find_soffice


def _body_alignments(lang: str) -> set:
    out = set()
    for plan in layout_report(make_model(lang)).sheets:
        for t in plan.blocks:
            if isinstance(t, Table):
                out |= {c.style.v_align for c in t.columns}
    return out


def test_table_cells_are_bottom_aligned_in_chinese_and_top_aligned_in_english():
    assert _body_alignments("zh") == {"bottom"}
    assert _body_alignments("en") == {"top"}


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext not installed")
def test_a_chinese_label_and_its_number_print_on_one_line(tmp_path):
    wb = openpyxl.Workbook()
    render_workbook(layout_report(make_model("zh")), wb)
    xlsx = tmp_path / "report.xlsx"
    save_atomic(wb, xlsx)
    pdf = export_pdf(xlsx, tmp_path / "report.pdf")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # the Sales sheet's first table: 本月总销售额 | 12.3 (123,456 in 万), one row; pdftotext gives every
    # word a box of its font size from its baseline, so equal tops mean one baseline
    pairs = []
    for page in html.split("<page ")[1:]:
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
        labels = [float(y) for _, y, w in words if w == "本月总销售额"]
        values = [float(y) for _, y, w in words if w == "12.3"]
        pairs += [(lab, val) for lab in labels for val in values if abs(lab - val) < 10]
    assert pairs, "the Sales sheet's first row was not found"
    assert all(abs(lab - val) < 1.0 for lab, val in pairs), pairs
