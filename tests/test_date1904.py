"""The 1904 date system, read and written.

Two hand-made workbooks with the same content: test_bad_inputs' base (report month 2025-03), one in the
1900 date system, one in the 1904 system (`<workbookPr date1904="1"/>`, openpyxl's Mac epoch). In
each, Sales!A4 (Gamma's order) holds a plain number, not a date cell — the serial of 2025-03-05 in the
workbook's own system:
  1900: 2025-03-05 − 1899-12-30 = 45,721 days;   1904: 2025-03-05 − 1904-01-01 = 44,259 days
(45,721 − 44,259 = 1,462, the days between the two epochs). A full build of each must show the same
dates in every report cell: compared through openpyxl, which reads each file in its own epoch, and
through LibreOffice's CSV export of every report sheet.
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from salesreport_xl.date_system import package_date1904
from salesreport_xl.pipeline import build_report, load_inputs
from test_bad_inputs import base_sheets, sha, write_book

BUILT_AT = "2025-04-01T09:00:00+08:00"
GAMMA = 3        # Sales row index of Gamma's order (Excel row 4)


def _book(path: Path, mac: bool) -> Path:
    sheets = base_sheets()
    sheets["Sales"][GAMMA][0] = 44259 if mac else 45721

    def epoch(wb):
        if mac:
            wb.epoch = CALENDAR_MAC_1904

    return write_book(path, sheets, epoch)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("date1904")
    out = {}
    for name, mac in (("1900", False), ("1904", True)):
        book = _book(d / f"in{name}.xlsx", mac)
        before = sha(book)
        result = build_report(book, d / f"out{name}.xlsx", built_at=BUILT_AT)
        assert sha(book) == before
        out[name] = (book, result)
    return out


def test_the_1904_flag_is_read(built):
    assert package_date1904(built["1904"][0]) and not package_date1904(built["1900"][0])
    assert package_date1904(built["1904"][1].output)      # the full build keeps the workbook's system


def test_a_plain_serial_is_read_in_the_workbooks_own_system(built):
    for name in ("1900", "1904"):
        inputs, _ = load_inputs(built[name][0])
        gamma = inputs.sales.loc[inputs.sales["customer_id"] == "C3", "order_date"]
        assert list(gamma) == [pd_timestamp("2025-03-05")], name


def pd_timestamp(text):
    import pandas as pd

    return pd.Timestamp(text)


def _date_cells(path: Path, sheets) -> dict:
    wb = openpyxl.load_workbook(path)
    return {(s, c.coordinate): c.value for s in sheets for row in wb[s].iter_rows() for c in row
            if isinstance(c.value, (dt.date, dt.datetime))}


def test_every_report_date_is_the_same_in_both_systems(built):
    sheets = built["1900"][1].report_sheets
    assert built["1904"][1].report_sheets == sheets
    dates_1900 = _date_cells(built["1900"][1].output, sheets)
    dates_1904 = _date_cells(built["1904"][1].output, sheets)
    assert len(dates_1900) >= 4       # first orders, activity and feedback dates
    assert dates_1904 == dates_1900
    # Gamma's first order, read from the plain serial, is in the report as 2025-03-05.
    assert dt.datetime(2025, 3, 5) in dates_1904.values()


@pytest.mark.libreoffice
def test_libreoffice_shows_the_same_report_dates(built, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    for name in ("1900", "1904"):
        shutil.copy(built[name][1].output, tmp_path / f"out{name}.xlsx")
    # Every sheet to its own CSV (the last filter token, -1), dates as LibreOffice displays them.
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(tmp_path), str(tmp_path / "out1900.xlsx"), str(tmp_path / "out1904.xlsx")],
                   check=True, capture_output=True, timeout=300)
    compared = 0
    for sheet in built["1900"][1].report_sheets:
        a = (tmp_path / f"out1900-{sheet}.csv").read_text("utf-8")
        b = (tmp_path / f"out1904-{sheet}.csv").read_text("utf-8")
        assert a == b, sheet
        compared += "2025-03-05" in a
    assert compared >= 1
