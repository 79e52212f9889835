"""A very large sheet read in row blocks gives exactly what one read of the whole sheet gives.

The fast reader holds a sheet as one dense block with every column; a sheet whose XML is over
read/blocks.SPLIT_BYTES is cut into row blocks during the far-cell scan and read block by block
(1M rows × 30 columns: 2.9 GB → under 1.5 GB, see `make bench`). Here the limits are lowered so the
demo's Sales sheet is cut into many small blocks, with the hard cases planted across block edges: text
in a number column in one block only, an Excel error cell, whole numbers in one block and fractions in
another, a gap of blank rows, formatting-only rows at a block's end, a column that is empty in some
blocks. The reference is the same workbook read in one piece — the reader as it was — and the
comparison is of every cell and every finding.
"""
from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

from salesreport_xl.demo import write_demo
from salesreport_xl.pipeline import load_inputs
from salesreport_xl.read import blocks as sheet_blocks
from salesreport_xl.read.blocks import SheetBlocks
from salesreport_xl.read.extent import sheet_extent
from salesreport_xl.read.file import read_workbook


def _planted(tmp_path):
    book = write_demo(tmp_path / "demo")
    wb = openpyxl.load_workbook(book)
    ws = wb["Sales"]
    header = [c.value for c in ws[1]]
    amount = header.index("Amount") + 1
    last = ws.max_row
    ws.cell(row=last - 5, column=amount, value="abc")          # text in a number column, late
    ws.cell(row=40, column=amount, value="#N/A")               # an error cell (as text: openpyxl)
    for r in range(200, 206):                                  # a gap of blank rows
        for c in range(1, ws.max_column + 1):
            ws.cell(row=r, column=c).value = None
    region = header.index("Region") + 1
    for r in range(2, 2000):                                   # a column empty in the first blocks
        ws.cell(row=r, column=region).value = None
    for r in range(2, 1000):                                   # whole numbers here, fractions below
        value = ws.cell(row=r, column=amount).value
        if isinstance(value, float):
            ws.cell(row=r, column=amount).value = round(value)
    for r in range(last + 1, last + 4):                        # formatting-only rows at the end
        ws.cell(row=r, column=1).number_format = "0.00"
    wb.save(book)
    return book


def _cells(frame: pd.DataFrame) -> list[list]:
    return [[None if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else v for v in row]
            for row in frame.astype(object).values.tolist()]


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return _planted(tmp_path_factory.mktemp("blocks"))


def test_blocks_read_every_cell_and_finding_as_one_read(planted, monkeypatch):
    whole = read_workbook(planted)
    whole_inputs, whole_findings = load_inputs(planted)
    monkeypatch.setattr(sheet_blocks, "SPLIT_BYTES", 0)
    monkeypatch.setattr(sheet_blocks, "BLOCK_BYTES", 256 * 1024)
    cut = read_workbook(planted)
    cut_inputs, cut_findings = load_inputs(planted)

    for name, sheet in whole.sheets.items():
        other = cut.sheets[name]
        assert (other.top, other.left, other.header, other.columns) == (sheet.top, sheet.left, sheet.header,
                                                                         sheet.columns), name
        assert _cells(other.frame) == _cells(sheet.frame), name
    seen = [(f.sheet, f.cell, f.message) for f in whole_findings]
    assert [(f.sheet, f.cell, f.message) for f in cut_findings] == seen
    assert any('"abc"' in m for _, _, m in seen)         # the planted cells are seen at all
    assert cut_inputs.sales.equals(whole_inputs.sales)


def test_the_sales_sheet_is_really_cut_into_blocks(planted, monkeypatch, tmp_path):
    monkeypatch.setattr(sheet_blocks, "BLOCK_BYTES", 16 * 1024)
    with zipfile.ZipFile(planted) as zf:
        part = max((i for i in zf.infolist() if i.filename.startswith("xl/worksheets/sheet")),
                   key=lambda i: i.file_size).filename          # Sales, the largest
        blocks = SheetBlocks(zf, tmp_path / "blocks.xlsx")
        sheet_extent(zf, part, None, blocks)
    assert blocks.ok and len(blocks.names) > 5
    # Block edges fall on row boundaries, in order, and the last one is the sheet's last row tag.
    assert blocks.lasts == sorted(blocks.lasts) and len(set(blocks.lasts)) == len(blocks.lasts)


def test_rows_without_numbers_leave_the_sheet_whole(tmp_path):
    xml = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b"<sheetData>" + b"<row><c><v>1</v></c></row>" * 50 + b"</sheetData></worksheet>")
    book = tmp_path / "b.xlsx"
    with zipfile.ZipFile(book, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(book) as zf:
        blocks = SheetBlocks(zf, tmp_path / "blocks.xlsx")
        blocks.feed(xml)
        blocks.finish()
    assert not blocks.ok
