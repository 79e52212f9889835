"""The one A1 column converter (salesreport_xl/a1.py) against openpyxl's, and its refusals."""
from __future__ import annotations

import pytest
from openpyxl.utils.cell import column_index_from_string, get_column_letter

from salesreport_xl.a1 import MAX_COLUMN, column_index, column_letter


def test_hand_worked_columns():
    for number, letters in [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"),
                            (703, "AAA"), (16384, "XFD"), (18278, "ZZZ")]:
        assert column_letter(number) == letters and column_index(letters) == number


def test_every_column_agrees_with_openpyxl_both_ways():
    for number in range(1, MAX_COLUMN + 1):
        letters = column_letter(number)
        assert letters == get_column_letter(number)
        assert column_index(letters) == number == column_index_from_string(letters)


@pytest.mark.parametrize("bad", [0, -1, MAX_COLUMN + 1])
def test_no_letter_for_a_column_outside_the_range(bad):
    with pytest.raises(ValueError):
        column_letter(bad)


@pytest.mark.parametrize("bad", ["", "a", "AAAA", "A1", "É", "1"])
def test_no_number_for_what_is_not_column_letters(bad):
    with pytest.raises(ValueError):
        column_index(bad)
