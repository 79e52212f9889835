"""Numbers and dates by locale: decided per column from all its values, or by Settings; never guessed.

Every expected value is worked out by hand from the text in the cell.
"""
from __future__ import annotations

import pandas as pd
import pytest

from salesreport_xl.read import read_workbook
from salesreport_xl.validate import validate
from test_read_validate import SALES_EN, SETTINGS, make_book, row


def load_sales(tmp_path, rows, settings=()):
    # No report month: these rows are dated in 2024, and a Settings month outside the data is an error.
    plain = [r for r in SETTINGS if r[0] != "report_month"]
    book = make_book(tmp_path / "in.xlsx", {"Settings": plain + list(settings), "Sales": [SALES_EN] + rows})
    inputs, findings = validate(read_workbook(book))
    return inputs.sales, findings


def errors(findings):
    return [(f.location, f.code) for f in findings if f.severity == "error"]


# ------------------------------------------------------------------------------------------ numbers
def test_decimal_comma_column_is_read_right(tmp_path):
    # "261,96" allows only a decimal comma: the column is read that way, "1.234,56" and "1 200,00" too.
    sales, findings = load_sales(tmp_path, [row(amount="1.234,56"), row(amount="261,96"), row(amount="1 200,00"),
                                            row(amount="1.234")])
    assert errors(findings) == []
    assert sales["amount"].tolist() == [1234.56, 261.96, 1200.0, 1234.0]
    notes = [(f.location, f.message) for f in findings if f.code == "read_decimal_comma"]
    assert notes == [("Sales!J2", 'amount is read with a decimal comma ("1.234,56" allows no other reading)')]


def test_decimal_point_column_reads_a_three_digit_group_as_thousands(tmp_path):
    sales, findings = load_sales(tmp_path, [row(amount="1,234.50"), row(amount="1,234")])
    assert errors(findings) == [] and sales["amount"].tolist() == [1234.5, 1234.0]


def test_a_column_nothing_decides_is_an_error_with_its_cell(tmp_path):
    # "1.234" is 1234 with a decimal comma and 1.234 with a decimal point; 5 and 7 do not decide.
    sales, findings = load_sales(tmp_path, [row(amount=5), row(amount="1.234"), row(amount="7")])
    assert errors(findings) == [("Sales!J3", "ambiguous_number")]
    assert "set decimal_separator" in next(f.message for f in findings if f.code == "ambiguous_number")


@pytest.mark.parametrize("setting, expected", [(",", 1234.0), (".", 1.234), ("comma", 1234.0)])
def test_settings_decimal_separator_decides(tmp_path, setting, expected):
    sales, findings = load_sales(tmp_path, [row(amount="1.234")], [["decimal_separator", setting]])
    assert errors(findings) == [] and sales["amount"].tolist() == [expected]


def test_a_column_holding_both_kinds_is_an_error(tmp_path):
    sales, findings = load_sales(tmp_path, [row(amount="1.234,56"), row(amount="1,234.56")])
    assert errors(findings) == [("Sales!J2", "decimal_conflict"), ("Sales!J3", "decimal_conflict")]


def test_a_value_against_the_setting_is_an_error(tmp_path):
    sales, findings = load_sales(tmp_path, [row(amount="1,234.56"), row(amount="12,5")],
                                 [["decimal_separator", ","]])
    assert errors(findings) == [("Sales!J2", "decimal_conflict")]


def test_ambiguous_optional_number_is_an_error_too(tmp_path):
    # A reading that changes a number is never a guess, even in an optional column.
    sales, findings = load_sales(tmp_path, [row(qty="2.500")])
    assert errors(findings) == [("Sales!I2", "ambiguous_number")]


# ------------------------------------------------------------------------------------------ dates
def test_us_order_date_column_with_a_day_above_12_is_read_right(tmp_path):
    sales, findings = load_sales(tmp_path, [row(date="11/5/2024"), row(date="11/25/2024"), row(date="3/4/2024")])
    assert errors(findings) == []
    assert sales["order_date"].tolist() == [pd.Timestamp("2024-11-05"), pd.Timestamp("2024-11-25"),
                                            pd.Timestamp("2024-03-04")]
    assert [f.location for f in findings if f.code == "read_date_order"] == ["Sales!A3"]


def test_day_first_date_column_is_read_right(tmp_path):
    sales, findings = load_sales(tmp_path, [row(date="25.12.2024"), row(date="11.05.2024")])
    assert errors(findings) == []
    assert sales["order_date"].tolist() == [pd.Timestamp("2024-12-25"), pd.Timestamp("2024-05-11")]


def test_a_date_column_that_stays_ambiguous_is_an_error_with_its_cell(tmp_path):
    sales, findings = load_sales(tmp_path, [row(date="2024-03-05"), row(date="11/5/2024"), row(date="5/5/2024")])
    # 5/5/2024 is the same day either way; 11/5/2024 is 5 November or 11 May and nothing decides.
    assert errors(findings) == [("Sales!A3", "ambiguous_date")]


@pytest.mark.parametrize("setting, expected", [("DMY", "2024-05-11"), ("MDY", "2024-11-05"), ("D/M/Y", "2024-05-11")])
def test_settings_date_order_decides(tmp_path, setting, expected):
    sales, findings = load_sales(tmp_path, [row(date="11/5/2024")], [["date_order", setting]])
    assert errors(findings) == [] and sales["order_date"].tolist() == [pd.Timestamp(expected)]


def test_a_date_column_holding_both_orders_is_an_error(tmp_path):
    sales, findings = load_sales(tmp_path, [row(date="11/25/2024"), row(date="25/11/2024")])
    assert errors(findings) == [("Sales!A2", "date_order_conflict"), ("Sales!A3", "date_order_conflict")]


# Number text as either reader hands it over: Python strings (openpyxl, live Excel) and the fast
# reader's Arrow strings, which the parser works on with Arrow kernels. Expected values by hand.
@pytest.mark.parametrize("texts, decimal, expected", [
    (["1\u00a0234,56", "1\u202f234,56", "€ 3,50", "261,96"], None, [1234.56, 1234.56, 3.5, 261.96]),
    (["1\x0b234", "1\x1c234", "US$ 5", "usd 7", "RMB 1,200", "(12.5%)", "１２３"], None,
     [1234.0, 1234.0, 5.0, 7.0, 1200.0, -0.125, 123.0]),
    (["1.234", "1.234,5"], None, [1234.0, 1234.5]),
    (["1.234", "2.5"], ".", [1.234, 2.5]),
])
def test_number_text_reads_alike_from_either_reader(texts, decimal, expected):
    import pyarrow as pa

    from salesreport_xl.validate import parse

    for raw in (pd.Series(texts, dtype=object),
                pd.Series(pd.arrays.ArrowStringArray(pa.array(texts, pa.large_string())))):
        p = parse.parse_number(raw, decimal)
        assert p.values.tolist() == pytest.approx(expected), type(raw.array).__name__
        assert (p.bad == "").all()
