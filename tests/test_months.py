"""One reading of a month wherever a person writes one: Settings' report_month, the Targets sheet's
Month, `build --month`, `batch --months` and the library's parse_month. Month text is tried before
any serial-number reading; a serial in a month column must be a plausible month (from 1990 on).

Expected months are read off the text by hand; the serials by Excel's count (1 = 1900-01-01,
45717 = 2025-03-01, 32874 = 1990-01-01).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from click.testing import CliRunner

from salesreport_xl.batch import expand_months, parse_month_range
from salesreport_xl.cli import main
from salesreport_xl.compute import parse_month
from salesreport_xl.errors import UsageError
from salesreport_xl.read import read_workbook, workbook_from_values
from salesreport_xl.validate import validate
from salesreport_xl.validate.month import month_of
from salesreport_xl.validate.parse import parse_date
from test_read_validate import SALES_EN, make_book, row

FORMS = [("2025-03", "2025-03"), ("2025/3", "2025-03"), ("2025.3", "2025-03"), ("2025.09", "2025-09"),
         ("2025.10", "2025-10"), ("2025年3月", "2025-03"), ("２０２５年９月", "2025-09"), ("Sep 2025", "2025-09"),
         ("September-2025", "2025-09"), ("Sept. 2025", "2025-09"), ("2025 Sep", "2025-09"), ("2025-9", "2025-09"),
         ("03/2025", "2025-03"), ("202503", "2025-03"), ("2025-03-05", "2025-03"),
         (dt.date(2025, 3, 5), "2025-03"), (45717, "2025-03"), ("45717", "2025-03")]
NOT_MONTHS = ["2025-13", "March", "next month", "2025.09.", 2025.09, 2025.1, 60, "1899-12"]


@pytest.mark.parametrize("given, expected", FORMS)
def test_every_reader_of_a_month_reads_the_same_month(given, expected):
    assert str(month_of(given)) == expected
    assert str(parse_month(given)) == expected                        # the library
    assert expand_months((given, given)) == [expected]                # batch --months
    if isinstance(given, str):
        assert parse_month_range(f"{given}..{given}") == (expected, expected)


@pytest.mark.parametrize("given", NOT_MONTHS)
def test_what_is_no_month_is_refused_by_every_reader(given):
    # 2025.09 typed into a number cell is the serial day 2025 (1905-07-17): no plausible month.
    assert month_of(given) is None
    with pytest.raises(UsageError):
        parse_month(given)
    with pytest.raises(UsageError):
        expand_months([given])


def test_batch_months_range_in_chinese(tmp_path):
    assert parse_month_range("2025年1月..2025年3月") == ("2025-01", "2025-03")
    assert expand_months(parse_month_range("Nov 2024..2025.2")) == ["2024-11", "2024-12", "2025-01", "2025-02"]


def _book(tmp_path, settings_month, targets):
    sales = [SALES_EN, row(date="2025-08-05", amount=100.0), row(date="2025-09-05", amount=300.0)]
    return make_book(tmp_path / "m.xlsx", {"Settings": [["Setting", "Value"], ["report_month", settings_month]],
                                           "Sales": sales, "Targets": [["Month", "Target Amount"]] + targets})


def test_settings_and_targets_read_month_text_before_serials(tmp_path):
    book = _book(tmp_path, "2025.09", [["2025.09", 500], ["2025年8月", 400], ["Oct 2025", 50]])
    inputs, findings = validate(read_workbook(book))
    assert [f.text() for f in findings if f.severity == "error"] == []
    assert str(inputs.settings.report_month) == "2025-09"
    assert inputs.targets["month"].dt.strftime("%Y-%m").tolist() == ["2025-09", "2025-08", "2025-10"]


def test_a_serial_before_1990_in_a_month_column_is_an_error_naming_the_cell(tmp_path):
    # 2025.09 typed into a number cell: Excel keeps the number; read as a date it is 1905-07-17.
    book = _book(tmp_path, "1899-12", [[2025.09, 500], [45901, 400]])
    inputs, findings = validate(read_workbook(book))
    errors = [(f.location, f.code) for f in findings if f.severity == "error"]
    assert errors == [("Settings!B2", "bad_report_month"), ("Targets!A2", "month_serial")]
    assert inputs.targets["month"].dt.strftime("%Y-%m").tolist() == ["2025-09"]   # 45901 = 2025-09-01
    message = next(f.message for f in findings if f.code == "month_serial")
    assert "2025.09" in message and "2025-09" in message


def test_cli_build_month_takes_the_same_forms(tmp_path):
    book = _book(tmp_path, None, [])
    out = tmp_path / "r.xlsx"
    res = CliRunner().invoke(main, ["build", str(book), "--month", "2025年9月", "-o", str(out), "--report-only"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["build", str(book), "--month", "2025.09.", "-o", str(out), "--report-only"])
    assert res.exit_code == 2 and "is not a month" in res.output


@pytest.mark.parametrize("serial, expected", [(1, "1900-01-01"), (59, "1900-02-28"), (61, "1900-03-01"),
                                              (45717, "2025-03-01")])
def test_excel_serials_around_the_day_that_never_was(serial, expected):
    for raw in (pd.Series([serial], dtype=object), pd.Series([float(serial)]), pd.Series([str(serial)], dtype=object)):
        assert parse_date(raw).values.iat[0] == pd.Timestamp(expected)


def test_excel_serial_60_is_no_day(tmp_path):
    book = make_book(tmp_path / "d.xlsx", {"Settings": [["Setting", "Value"]],
                                           "Sales": [SALES_EN, row(date=60), row(date="2025-09-15 25:61"),
                                                     row(date="2025-09-15 23:59")]})
    inputs, findings = validate(read_workbook(book))
    errors = [(f.location, f.code) for f in findings if f.severity == "error"]
    assert errors == [("Sales!A2", "excel_1900_02_29"), ("Sales!A3", "bad_time_of_day")]
    assert inputs.sales["order_date"].tolist() == [pd.Timestamp("2025-09-15")]


# A month typed as a number in Settings: Excel keeps 2025.10 as the number 2025.1, the same number as
# 2025.1 — January and October are one cell value, so such a number is refused at its cell (whatever
# its format shows: not every reader sees the format). Text keeps what was typed; any other year.month
# number reads as it shows. The same on the file reader (which loads Settings as text) and live values.
AMBIGUOUS = ("Settings!B2", "report month 2025.1 is a number, and Excel keeps 2025.10 as 2025.1 too: it could "
                            "be 2025-01 or 2025-10; type the month as text, e.g. 2025-10")


@pytest.mark.parametrize("written,month,error", [
    (2025.1, None, AMBIGUOUS),
    (2025.10, None, AMBIGUOUS),            # the same number as 2025.1
    ("2025.10", "2025-10", None),          # text: what was typed
    ("2025.1", "2025-01", None),
    (2025.09, "2025-09", None),            # a number, but only September shows as 2025.09
    (2025.12, "2025-12", None),
])
@pytest.mark.parametrize("reader", ["file", "live values"])
def test_a_month_typed_as_a_number_in_settings_that_could_be_january_or_october_is_refused(
        tmp_path, written, month, error, reader):
    sales = [SALES_EN, row(date="2025-01-05", amount=100.0), row(date="2025-12-05", amount=300.0)]
    sheets = {"Settings": [["Setting", "Value"], ["report_month", written]], "Sales": sales}
    raw = read_workbook(make_book(tmp_path / "n.xlsx", sheets)) if reader == "file" else workbook_from_values(sheets)
    inputs, findings = validate(raw)
    errors = [(f.location, f.message) for f in findings if f.severity == "error"]
    assert errors == ([error] if error else [])
    assert (None if inputs.settings.report_month is None else str(inputs.settings.report_month)) == month
    if error:
        zh = next(f.message_zh for f in findings if f.severity == "error")
        assert zh == "报告月份 2025.1 是数字，Excel 会把 2025.10 也存成 2025.1：可能是 2025-01，也可能是 2025-10；" \
                     "请以文本填写月份，例如 2025-10"
