"""Inputs that once ended in a Python traceback: each is now a finding at its cell or setting, or a
usage error for the path — run as a real `salesreport build` process, so whatever Python would print
on the way out ("Traceback", "Exception ignored") is seen.

Each workbook is test_bad_inputs' base (report month 2025-03, company Acme, team East) with one change;
each case checks the exit code, the finding or usage-error text, that no traceback was printed and
that the input is byte-for-byte what it was.
"""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from test_bad_inputs import base_sheets, sha, write_book


def build(book: Path, out: Path, *args) -> subprocess.CompletedProcess:
    before = sha(book)
    proc = subprocess.run([sys.executable, "-m", "salesreport_xl", "build", str(book), "-o", str(out), *args],
                          capture_output=True, text=True, timeout=300)
    text = proc.stdout + proc.stderr
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert sha(book) == before
    proc.text = text
    return proc


def test_a_date_cell_past_year_9999_is_a_finding(tmp_path):
    sheets = base_sheets()
    sheets["Sales"][2][0] = 2958466        # serial 2958466 = 10000-01-01, one day past Excel's last date

    def as_date(wb):
        wb["Sales"]["A3"].number_format = "yyyy-mm-dd"

    book = write_book(tmp_path / "in.xlsx", sheets, as_date)
    proc = build(book, tmp_path / "r.xlsx")
    assert proc.returncode == 1
    assert "Sales!A3  order_date 10000-01-01 is outside the years 1900–2100" in proc.text
    assert not (tmp_path / "r.xlsx").exists()


def test_churn_days_99999_is_a_finding_and_auto_is_used(tmp_path):
    sheets = base_sheets()
    sheets["Settings"].append(["churn_days", 99999])   # row 6
    book = write_book(tmp_path / "in.xlsx", sheets)
    proc = build(book, tmp_path / "r.xlsx")
    assert proc.returncode == 0
    assert ('Settings!B6  setting churn_days "99999" is not valid (a whole number from 1 to 36,500 or auto); '
            "auto is used") in proc.text


def _corrupt(source: Path, target: Path, member: str) -> Path:
    """`source` with the deflate data of `member` overwritten with 0xFF bytes after its first 10."""
    with zipfile.ZipFile(source) as zf:
        info = zf.getinfo(member)
    data = bytearray(source.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size - 2, 60)):
        data[i] = 0xFF
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("member", ["xl/worksheets/sheet2.xml", "xl/styles.xml"])
def test_corrupt_deflate_data_is_a_clear_error(tmp_path, member):
    book = write_book(tmp_path / "good.xlsx", base_sheets())
    bad = _corrupt(book, tmp_path / "in.xlsx", member)
    proc = build(bad, tmp_path / "r.xlsx")
    assert proc.returncode == 1
    assert f"error: in.xlsx: the part {member} is damaged (Error -3 while decompressing data" in proc.text
    assert "the file is incomplete or corrupted — save it again from Excel" in proc.text
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("code", ["_x0000_", "_x001F_"])
def test_control_characters_in_the_company_name_are_a_finding_and_left_out(tmp_path, code):
    sheets = base_sheets()
    sheets["Settings"][3][1] = f"Acme{code}Corp"     # Settings!B4; read back as the character itself
    book = write_book(tmp_path / "in.xlsx", sheets)
    proc = build(book, tmp_path / "r.xlsx")
    assert proc.returncode == 0
    assert f"Settings!B4  setting company holds control characters (U+{code[2:6]}) that no workbook can " \
           'show; they are left out: "AcmeCorp"' in proc.text
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb["Summary"].oddHeader.left.text == "AcmeCorp · East"


def test_an_output_name_over_255_bytes_is_a_usage_error(tmp_path):
    book = write_book(tmp_path / "in.xlsx", base_sheets())
    proc = build(book, tmp_path / ("r" * 251 + ".xlsx"))
    assert proc.returncode == 2
    assert "is 256 bytes long, more than the 255 a file name may have; choose a shorter name" in proc.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]
