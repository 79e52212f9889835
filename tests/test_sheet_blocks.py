"""A very large sheet read in row blocks gives exactly what one read of the whole sheet gives.

The fast reader holds a sheet as one dense block with every column; a sheet whose XML is over
read/blocks.SPLIT_BYTES is cut into row blocks during the far-cell scan and each block read as soon
as it is cut (1M rows × 30 columns: 2.9 GB → under 1.5 GB, and the scan's seconds overlap the
reading, see `make bench`). Here the limits are lowered so the demo's Sales sheet is cut into many
small blocks, with the hard cases planted across block edges: text in a number column in one block
only, Excel error cells early and late, whole numbers in one block and fractions in another, a gap of
blank rows, formatting-only rows at a block's end, a column that is empty in some blocks. The
reference is the same workbook read in one piece — the reader as it was — and the comparison is of
every cell and every finding. A far cell must still stop the read before calamine gets its block.
"""
from __future__ import annotations

import time
import zipfile

import fastexcel
import openpyxl
import pandas as pd
import pytest

from salesreport_xl.demo import write_demo
from salesreport_xl.errors import InputError
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
    ws.cell(row=40, column=amount, value="#N/A")               # error cells (openpyxl writes t="e"),
    ws.cell(row=last - 300, column=amount, value="#DIV/0!")    # in the first block and a late one
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


def _cut_small(monkeypatch):
    monkeypatch.setattr(sheet_blocks, "SPLIT_BYTES", 0)
    monkeypatch.setattr(sheet_blocks, "BLOCK_BYTES", 256 * 1024)


def _spy(monkeypatch) -> tuple[list, list]:
    """The blocks the scan handed out, and the files fastexcel was asked to open."""
    handed, opened = [], []
    real_wait, real_read = SheetBlocks.wait, fastexcel.read_excel

    def wait(self, k):
        block = real_wait(self, k)
        if block is not None:
            handed.append(block)
        return block

    def read_excel(source, *args, **kwargs):
        opened.append(str(source))
        return real_read(source, *args, **kwargs)

    monkeypatch.setattr(SheetBlocks, "wait", wait)
    monkeypatch.setattr(fastexcel, "read_excel", read_excel)
    return handed, opened


def test_a_far_cell_in_a_later_block_is_a_finding_and_its_block_is_never_loaded(planted, monkeypatch, tmp_path):
    wb = openpyxl.load_workbook(planted)
    wb["Sales"]["XFD5000"] = "x"             # 5,000+ rows × 16,384 columns: far over the budget
    book = tmp_path / "far.xlsx"
    wb.save(book)
    _cut_small(monkeypatch)
    handed, opened = _spy(monkeypatch)
    with pytest.raises(InputError) as err:
        read_workbook(book)
    assert [(f.sheet, f.cell, f.code) for f in err.value.findings] == [("Sales", "XFD5000", "far_cell")]
    clean = [str(b.path) for b in handed if b.clean]
    dirty = [str(b.path) for b in handed if not b.clean]
    assert clean and dirty                    # blocks before the far cell, and the one holding it
    loaded = [p for p in opened if p in clean + dirty]
    assert loaded == clean                    # read before the verdict: the clean ones, none after


def test_reading_starts_before_the_scan_has_cut_the_last_block(planted, monkeypatch):
    """The first blocks are loaded while the scan still holds the sheet's end back: a reader that
    waited for the whole sheet's verdict would find nothing to read here for 20 s."""
    _cut_small(monkeypatch)
    handed, opened = _spy(monkeypatch)
    real_finish = SheetBlocks.finish
    early = []

    def finish(self):
        if self.lasts:           # blocks handed out before the end (Sales): one of them is read first
            mine = str(self.path.with_name(self.path.stem + "-"))
            deadline = time.monotonic() + 20
            while not any(p.startswith(mine) for p in opened) and time.monotonic() < deadline:
                time.sleep(0.01)
            early.append(any(p.startswith(mine) for p in opened))
        real_finish(self)

    monkeypatch.setattr(SheetBlocks, "finish", finish)
    raw = read_workbook(planted)
    assert early and all(early)
    assert len(raw.sheets["Sales"].frame) > 9000


def test_a_cut_that_fails_half_way_leaves_the_sheet_read_whole(planted, monkeypatch):
    whole = read_workbook(planted)
    _cut_small(monkeypatch)
    real_open = SheetBlocks._open_block

    def open_block(self):
        if len(self.lasts) == 3:
            raise OSError(28, "No space left on device")
        real_open(self)

    monkeypatch.setattr(SheetBlocks, "_open_block", open_block)
    handed, opened = _spy(monkeypatch)
    cut = read_workbook(planted)
    assert len(handed) >= 1                       # some blocks were read before the cut failed
    assert _cells(cut.sheets["Sales"].frame) == _cells(whole.sheets["Sales"].frame)
