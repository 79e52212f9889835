"""A reader with bounds, and a batch that survives any one workbook.

One value far outside the data (XFD1048576 on Sales, even an empty string) once made the fast reader
ask for 16,384 × 1,048,576 cells and abort the process; under `batch -j` the dead worker took every
other report with it. Now the sheet's real extent is read from its cells first (read/extent.py): the
far cell is a finding naming it, read in flat memory; a batch builds the other workbooks and writes
its summary; and a worker that dies anyway (killed) fails only its own items.

Workbooks are test_bad_inputs' base (report month 2025-03, team East) with one change each.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from salesreport_xl import batch
from salesreport_xl.read.extent import MAX_CELLS, sheet_extent
from test_bad_inputs import base_sheets, sha, write_book

SALES_PART = "xl/worksheets/sheet2.xml"      # write_book's second sheet


def book_with(path: Path, cell: str | None, value="", team="East") -> Path:
    """The base workbook for `team`, with `value` at Sales!`cell` ("": an empty string, written as
    Excel writes one typed in a cell — openpyxl would leave the cell without a value)."""
    sheets = base_sheets()
    sheets["Settings"][4][1] = team

    def far(wb):
        if cell:
            wb["Sales"][cell] = value if value != "" else "EMPTY-MARK"

    write_book(path, sheets, far)
    if cell and value == "":
        with zipfile.ZipFile(path) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
        parts[SALES_PART] = parts[SALES_PART].replace(b"<t>EMPTY-MARK</t>", b"<t></t>")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
    return path


def peak_build(book: Path, out: Path) -> tuple[subprocess.CompletedProcess, int]:
    """`salesreport build` in a child of its own, and that child's peak memory in MB (Linux: KB units)."""
    code = ("import resource, subprocess, sys; "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(p.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "sys.stdout.write(p.stdout + p.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "salesreport_xl", "build",
                           str(book), "-o", str(out)], capture_output=True, text=True, timeout=300)
    rc, peak_kb, text = proc.stdout.split("\n", 2)
    proc.returncode, proc.text = int(rc), text
    return proc, int(peak_kb) // 1024


@pytest.mark.parametrize("value", ["", "x"], ids=["empty-string", "text"])
def test_a_value_at_xfd1048576_is_a_finding_in_flat_memory(tmp_path, value):
    book = book_with(tmp_path / "in.xlsx", "XFD1048576", value)
    before = sha(book)
    proc, peak_mb = peak_build(book, tmp_path / "r.xlsx")
    assert proc.returncode == 1, proc.text
    assert ("Sales!XFD1048576  holds a value far outside the data (the sheet would be read as 1,048,576 "
            "rows × 16,384 columns): clear that cell") in proc.text
    assert "Traceback" not in proc.text
    assert peak_mb < 500, peak_mb
    assert sha(book) == before and not (tmp_path / "r.xlsx").exists()


def test_extent_counts_cells_with_values_not_formatting(tmp_path):
    near = book_with(tmp_path / "near.xlsx", "BZ100", "x")       # 100 rows × 78 columns: fine
    with zipfile.ZipFile(near) as zf:
        extent = sheet_extent(zf, SALES_PART)
    assert (extent.rows, extent.columns, extent.far_cell) == (100, 78, "BZ100")
    assert extent.cells <= MAX_CELLS

    def styled(wb):
        from openpyxl.styles import Font
        wb["Sales"]["XFD20000"].font = Font(bold=True)        # formatting only: no reader makes room

    book = write_book(tmp_path / "styled.xlsx", base_sheets(), styled)
    with zipfile.ZipFile(book) as zf:
        assert sheet_extent(zf, SALES_PART).far_cell == ""
    far = book_with(tmp_path / "far.xlsx", "XFD20000", 1.5)
    with zipfile.ZipFile(far) as zf:
        extent = sheet_extent(zf, SALES_PART)
    assert (extent.rows, extent.columns, extent.far_cell) == (20000, 16384, "XFD20000")
    assert extent.cells == 20000 * 16384 > MAX_CELLS


def test_a_row_past_excels_last_is_a_finding_however_narrow(tmp_path):
    # A1 … and one value in row 3,000,000 (no file Excel writes has it: its last row is 1,048,576): one
    # column, so no far *column*, yet the reader would make room for 3,000,000 rows — at 50,000,000
    # rows of 12 columns, ~19 GB. The cell is named; the build stops before any reader sees the sheet.
    book = book_with(tmp_path / "in.xlsx", "A40", "PAST-MARK")
    with zipfile.ZipFile(book) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    xml = parts[SALES_PART]
    assert xml.count(b'<row r="40"') == 1 and xml.count(b'r="A40"') == 1
    parts[SALES_PART] = xml.replace(b'<row r="40"', b'<row r="3000000"').replace(b'r="A40"', b'r="A3000000"')
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    with zipfile.ZipFile(book) as zf:
        extent = sheet_extent(zf, SALES_PART)
    assert (extent.rows, extent.far_cell, extent.past_last_row) == (3_000_000, "", "A3000000")
    before = sha(book)
    proc, peak_mb = peak_build(book, tmp_path / "r.xlsx")
    assert proc.returncode == 1, proc.text
    assert "Sales!A3000000  is in a row past Excel's last row (1,048,576)" in proc.text, proc.text
    assert "Traceback" not in proc.text and peak_mb < 500, peak_mb
    assert sha(book) == before and not (tmp_path / "r.xlsx").exists()


def _part_cut_at(tmp_path: Path, cell: str, cut_after: bytes) -> tuple[zipfile.ZipFile, int]:
    """A package whose one sheet holds `cell` after 40,000 plain cells, and the piece size that cuts
    the part right after the bytes `cut_after` of that cell."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(1, 4001))
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows
           + b'<row r="4001">' + cell + b"</row></sheetData></worksheet>")
    with zipfile.ZipFile(tmp_path / "cut.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    return zipfile.ZipFile(tmp_path / "cut.xlsx"), xml.index(cut_after) + len(cut_after)


def test_a_far_cell_whose_long_tag_is_cut_between_two_pieces_is_still_seen(tmp_path, monkeypatch):
    from salesreport_xl.read import extent as extent_module
    pad = b' x="' + b"p" * 300 + b'"'        # an attribute longer than the old 64-byte overlap
    zf, cut = _part_cut_at(tmp_path, b'<c r="XFD4001" t="inlineStr"' + pad + b"><is><t>x</t></is></c>", b"p" * 200)
    monkeypatch.setattr(extent_module, "_CHUNK", cut)
    with zf:
        found = sheet_extent(zf, "xl/worksheets/sheet1.xml")
    assert (found.far_cell, found.rows) == ("XFD4001", 4001)


def test_a_formatting_only_far_cell_cut_before_its_end_tag_does_not_count(tmp_path, monkeypatch):
    from salesreport_xl.read import extent as extent_module
    zf, cut = _part_cut_at(tmp_path, b'<c r="XFD4001" s="3"></c>', b'<c r="XFD4001" s="3">')
    monkeypatch.setattr(extent_module, "_CHUNK", cut)
    with zf:
        assert sheet_extent(zf, "xl/worksheets/sheet1.xml").far_cell == ""


def _four(folder: Path) -> list[Path]:
    folder.mkdir()
    return [book_with(folder / "a.xlsx", None, team="A"), book_with(folder / "b.xlsx", "XFD1048576", ""),
            book_with(folder / "c.xlsx", None, team="C"), book_with(folder / "d.xlsx", None, team="D")]


def test_batch_of_four_with_the_far_cell_workbook_builds_three_and_the_summary(tmp_path):
    books = _four(tmp_path / "in")
    before = {b.name: sha(b) for b in books}
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "salesreport_xl", "batch", *map(str, books), "-o", str(out),
                           "-j", "2", "--json", str(tmp_path / "summary.json")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert sorted(os.listdir(out)) == ["A-2025-03.xlsx", "C-2025-03.xlsx", "D-2025-03.xlsx"]
    summary = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert (summary["built"], summary["failed"]) == (3, 1)
    failed = next(i for i in summary["items"] if i["status"] == "failed")
    assert failed["workbook"].endswith("b.xlsx")
    assert (failed["first_finding"]["sheet"], failed["first_finding"]["cell"]) == ("Sales", "XFD1048576")
    assert {b.name: sha(b) for b in books} == before


@pytest.mark.parametrize("jobs", [2, 1])     # -j 1 (a server short of memory) builds in a worker too
def test_a_worker_that_dies_fails_only_its_own_workbook(tmp_path, monkeypatch, jobs):
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers must inherit the patched loader (fork start method)")
    books = _four(tmp_path / "in")
    books[1] = book_with(tmp_path / "in" / "b.xlsx", None, team="B")    # a good one, whose worker is killed
    real_load = batch._load_once

    def load_or_die(path):
        if Path(path).name == "b.xlsx":
            os.kill(os.getpid(), signal.SIGKILL)     # what the kernel's out-of-memory killer does
        return real_load(path)

    monkeypatch.setattr(batch, "_load_once", load_or_die)
    result = batch.run_batch(books, out_dir=tmp_path / "out", jobs=jobs)
    assert [i.status for i in result.items] == ["built", "failed", "built", "built"]
    assert result.items[1].finding.startswith("the process building this workbook died (killed by SIGKILL")
    assert sorted(os.listdir(tmp_path / "out")) == ["A-2025-03.xlsx", "C-2025-03.xlsx", "D-2025-03.xlsx"]

