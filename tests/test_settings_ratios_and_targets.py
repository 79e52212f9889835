"""Ratios mean one thing, and a target written twice is said, not doubled.

A ratio setting is a fraction up to 1 without a percent sign, a percentage above 1 or with a percent
sign; "1" alone (1 % or 100 %?) is an error that says how to write it. Two Targets rows with the same
month, rep, segment, category and region are one target written twice: with the same amount the
target counts once (a warning naming both rows); with two amounts no right target can be read (an
error naming both rows). Expected values worked out by hand.
"""
from __future__ import annotations

import pandas as pd
import pytest

from salesreport_xl.compute.targets import rep_targets, team_target
from salesreport_xl.read import read_workbook
from salesreport_xl.validate import validate
from test_read_validate import SALES_EN, make_book, row


def load(tmp_path, settings=(), targets=None):
    sheets = {"Settings": [["Setting", "Value"], *settings],
              "Sales": [SALES_EN, row(date="2025-03-05", amount=470.0), row(date="2025-03-20", amount=470.0)]}
    if targets is not None:
        sheets["Targets"] = [["Month", "Sales Rep", "Target Amount"], *targets]
    return validate(read_workbook(make_book(tmp_path / "r.xlsx", sheets)))


# ------------------------------------------------------------------------------------------ point 14
@pytest.mark.parametrize("written, expected", [
    ("0.3", 0.3), ("30", 0.3), ("30%", 0.3), ("1%", 0.01), ("100%", 1.0), ("150%", 1.5), ("1.5", 0.015),
    (0.05, 0.05), (5, 0.05)])
def test_a_ratio_is_a_fraction_up_to_1_a_percentage_above_or_with_a_percent_sign(tmp_path, written, expected):
    inputs, findings = load(tmp_path, [["big_change", written]])
    assert [f for f in findings if f.severity == "error"] == []
    assert inputs.settings.big_change == pytest.approx(expected)


@pytest.mark.parametrize("written", ["1", 1, "1.0"])
def test_a_ratio_of_1_is_an_error_that_says_how_to_write_it(tmp_path, written):
    inputs, findings = load(tmp_path, [["materiality", written]])
    errors = [(f.location, f.code) for f in findings if f.severity == "error"]
    assert errors == [("Settings!B2", "ratio_one")]
    assert "1% or 100%" in next(f.message for f in findings if f.code == "ratio_one")


# ------------------------------------------------------------------------------------------ point 15
def test_a_team_target_entered_twice_counts_once_with_a_warning(tmp_path):
    inputs, findings = load(tmp_path, targets=[["2025-03", None, 1000], ["2025-03", "Ann", 600],
                                                ["2025-03", None, 1000]])
    warned = [(f.location, f.severity) for f in findings if f.code == "duplicate_target"]
    assert warned == [("Targets!4:4", "warning")]
    assert "row 4 repeats row 2" in next(f.message for f in findings if f.code == "duplicate_target")
    month = pd.Period("2025-03", "M")
    assert team_target(inputs, month) == 1000.0            # not 2000: attainment 940 / 1000 = 94 %
    assert rep_targets(inputs, month).to_dict() == {"Ann": 600.0}


def test_two_different_targets_for_the_same_keys_are_an_error_naming_both_rows(tmp_path):
    inputs, findings = load(tmp_path, targets=[["2025-03", "Ann", 600], ["2025-03", "Bob", 400],
                                                ["2025-03", "Ann", 650]])
    errors = [(f.location, f.code) for f in findings if f.severity == "error"]
    assert errors == [("Targets!4:4", "conflicting_target")]
    assert "rows 2 and 4" in next(f.message for f in findings if f.code == "conflicting_target")
