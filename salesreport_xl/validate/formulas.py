"""A read column of formulas whose results were never saved: an error naming the column, never a sum of 0.

A script that writes formulas (openpyxl, a report generator) leaves them without saved results, or
with 0 saved, until Excel opens and saves the file; the readers see those blanks or zeros. Counted per
column by read/formulas.py.
"""
from __future__ import annotations

from ..read.formulas import FormulaColumn
from ..schema import INTEGER, NUMBER, SCORE, Column


def unsaved(stats: FormulaColumn | None, col: Column) -> tuple[str, str] | None:
    """(message key, first cell) when the column's formulas cannot be read, else None: any formula
    without a saved result; or, in a number column, formulas that all saved 0 (at least two)."""
    if stats is None or not stats.cells:
        return None
    if stats.no_result:
        return "f_formula_no_result", stats.first_no_result
    if col.type in (NUMBER, INTEGER, SCORE) and stats.cells >= 2 and stats.zero == stats.cells:
        return "f_formula_zero", stats.first
    return None
