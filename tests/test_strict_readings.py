"""A column's reading is decided by its evidence, and number text is a number or an error.

- a decimal-separator decision that a minority of cells contradicts is no decision: the minority cells
  are the errors, each naming a cell of the other side; a reading decided by fewer cells than it would
  change is none (Settings' decimal_separator decides then); an error names the bad cells, not good ones;
- a reading that changes values (decimal comma, day-first dates) is a warning, shown by default;
- no digits joined across spaces or superscripts, no malformed grouping, no % in an amount, no other
  currency than the workbook's.

Expected figures are added up by hand from the cells written.
"""
from __future__ import annotations

import pytest

from salesreport_xl.read import read_workbook
from salesreport_xl.validate import validate
from test_read_validate import SALES_EN, make_book, row


def load(tmp_path, amounts, settings=()):
    rows = [row(amount=a) for a in amounts]
    book = make_book(tmp_path / "s.xlsx", {"Settings": [["Setting", "Value"], *settings], "Sales": [SALES_EN] + rows})
    inputs, findings = validate(read_workbook(book))
    return inputs.sales, findings


def errors(findings):
    return [(f.location, f.code) for f in findings if f.severity == "error"]


# ------------------------------------------------------------------------------------------ point 11
def test_one_decimal_comma_does_not_turn_a_column_of_thousands_into_decimals(tmp_path):
    # Ten "6,817" (6817 or 6.817) and one "99,5" (only 99.5): one cell cannot decide for ten.
    sales, findings = load(tmp_path, ["6,817"] * 10 + ["99,5"])
    assert errors(findings) == [(f"Sales!J{r}", "undecided_number") for r in range(2, 12)]
    first = next(f for f in findings if f.code == "undecided_number")
    assert 'Sales!J12 "99,5"' in first.message.replace("(such as ", "Sales!") or 'J12 "99,5"' in first.message
    assert "decimal_separator" in first.message
    assert [f for f in findings if f.code == "read_decimal_comma"] == []     # not said to be read so


@pytest.mark.parametrize("setting, total", [(",", 10 * 6.817 + 99.5), (".", None)])
def test_settings_decimal_separator_decides_the_column(tmp_path, setting, total):
    sales, findings = load(tmp_path, ["6,817"] * 10 + ["99,5"], [["decimal_separator", setting]])
    if total is None:
        # With a decimal point, "99,5" is the one cell that does not fit: it alone is named.
        assert errors(findings) == [("Sales!J12", "decimal_conflict")]
        assert sales["amount"].sum() == 10 * 6817
    else:
        assert errors(findings) == [] and sales["amount"].sum() == pytest.approx(total)   # 167.67


def test_one_decimal_comma_among_numbers_names_that_cell_only(tmp_path):
    # 30 number cells (6817.25, 6818.25, …) and one text "1,5": the text is the bad cell, the
    # message names a cell of the other side; no good cell is reported.
    sales, findings = load(tmp_path, [6817.25 + i for i in range(30)] + ["1,5"])
    assert errors(findings) == [("Sales!J32", "decimal_minority")]
    message = next(f.message for f in findings if f.code == "decimal_minority")
    assert '"1,5"' in message and 'J2 "6817.25"' in message


def test_a_reading_that_changes_values_is_a_warning(tmp_path):
    sales, findings = load(tmp_path, ["1.234,56", "261,96"])
    assert sales["amount"].tolist() == [1234.56, 261.96]
    assert [(f.location, f.severity) for f in findings if f.code == "read_decimal_comma"] == [("Sales!J2", "warning")]


# ------------------------------------------------------------------------------------------ point 16
@pytest.mark.parametrize("text, code", [
    ("5 5", "not_a_number"),            # was 55
    ("5²", "not_a_number"),             # was 52
    ("①", "not_a_number"),
    ("0,000.5", "not_a_number"),        # was 0.5
    ("1,23,456", "not_a_number"),
    ("12.5%", "percent_not_amount"),    # was 0.125
    ("USD 1,000", "foreign_currency"),  # was ¥1,000
    ("€1,000", "foreign_currency"),
    ("$ 99.90", "foreign_currency"),
])
def test_text_that_only_looks_like_an_amount_is_an_error_naming_its_cell(tmp_path, text, code):
    sales, findings = load(tmp_path, [100.0, text, 50.0])
    assert errors(findings) == [("Sales!J3", code)]
    assert sales["amount"].sum() == 150.0


def test_the_workbooks_own_currency_and_plain_groupings_are_read(tmp_path):
    sales, findings = load(tmp_path, ["¥1,200", "RMB 1 234.50", "1'000", "(300)", "元 5"])
    assert errors(findings) == []
    assert sales["amount"].tolist() == [1200.0, 1234.5, 1000.0, -300.0, 5.0]


def test_a_dollar_workbook_reads_dollars_and_refuses_yuan(tmp_path):
    sales, findings = load(tmp_path, ["$1,000", "USD 2,000.50", "US$ 3", "¥500"], [["currency", "$"]])
    assert errors(findings) == [("Sales!J5", "foreign_currency")]
    assert sales["amount"].sum() == pytest.approx(1000 + 2000.5 + 3)
    message = next(f.message for f in findings if f.code == "foreign_currency")
    assert "¥500" in message and "($)" in message
