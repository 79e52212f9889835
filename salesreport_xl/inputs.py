"""Clean inputs: what validation hands to compute.

Every frame has exactly the columns of its sheet in `schema` (by key), in schema order, plus `_row` (the
Excel row number the value came from, for tracing). Types:

- DATE / MONTH columns: pandas datetime64[ns] (MONTH: first day of the month), NaT where blank
- NUMBER: float64 (NaN where blank); INTEGER / SCORE: float64 holding whole numbers (NaN where blank)
- TEXT / ID / CHOICE: object, str or None. CHOICE values are canonical (English, e.g. "Key Account",
  "Online") when recognised in either language, else kept as given.

A missing optional sheet is an empty frame with those columns; a missing optional column is all blank.
Rows that had errors are not in the frames (the build stops on errors anyway).
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict

import pandas as pd

from .schema import SHEETS


AUTO = "auto"


@dataclass(frozen=True)
class Settings:
    report_month: pd.Period | None = None
    company: str = ""
    team: str = ""
    currency: str = "¥"
    display_unit: int = 10000
    unit_label: str = ""
    language: str = "en"
    churn_days: int | str = "auto"      # whole days, or AUTO (compute/thresholds.py derives it)
    at_risk_drop: float = 0.30
    big_change: float = 0.20
    underperform: float = -0.10
    stalled_days: int | str = "auto"
    materiality: float = 0.01
    top_n: int = 10
    key_account_segments: str = ""      # segment values that are key accounts (blank: Key Account)
    decimal_separator: str = ""         # "." / "," for number text (blank: decided per column)
    date_order: str = ""                # "MDY" / "DMY" for 11/5/2025 (blank: decided per column)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["report_month"] = str(self.report_month) if self.report_month is not None else None
        return d


@dataclass(frozen=True)
class ColumnUse:
    """One column of an input sheet and the header it was read from: `Amount ← "Total Price" (I)`."""

    field: str        # column key
    header: str       # the header as written in the sheet
    column: str       # its column letter
    how: str          # "recognised" (a built-in name), "mapped" (Mapping sheet), "fallback" (another
                      # column's values stand in), "left" (also names the field; not read)
    factor: float = 1.0   # the header's unit: values were multiplied by this (10000.0 for 万元)
    unit: str = ""        # that unit as written ("万元"); "" when none
    note: str = ""        # what else the reading says: "gross" (an amount with tax), "price_x_quantity"


_HEAD = 1000


@dataclass
class Inputs:
    settings: Settings
    sales: pd.DataFrame
    customers: pd.DataFrame
    targets: pd.DataFrame
    activities: pd.DataFrame
    feedback: pd.DataFrame
    pipeline: pd.DataFrame
    plan: pd.DataFrame
    # Which optional sheets / columns were present in the workbook (absent ones are blank frames/columns).
    present_sheets: frozenset = frozenset()
    present_columns: dict = field(default_factory=dict)  # sheet key -> frozenset of column keys
    rows_read: dict = field(default_factory=dict)        # sheet key -> data rows read
    sheet_names: dict = field(default_factory=dict)      # sheet key -> name in the workbook
    column_uses: dict = field(default_factory=dict)      # sheet key -> tuple of ColumnUse
    # Every setting found on the Settings sheet: (key, value as written, its cell, value as read).
    settings_read: tuple = ()
    # Optional sheets that are there but could not be read (a required column missing): sheet key ->
    # the English names of the missing columns. The report is built without them, and says why.
    left_out: dict = field(default_factory=dict)
    _filled: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def has(self, sheet: str, column: str | None = None) -> bool:
        """True when the sheet (and column) was in the workbook and holds at least one row."""
        frame = getattr(self, sheet)
        if sheet not in self.present_sheets or frame.empty:
            return False
        if column is None:
            return True
        if column not in self.present_columns.get(sheet, ()):
            return False
        # Asked again and again by compute; a scan of a million-row column each time adds up.
        key = (sheet, column, id(frame))
        if key not in self._filled:
            # A used column has a value in its first rows: those are looked at first.
            values = frame[column]
            self._filled[key] = bool(values.iloc[:_HEAD].notna().any() or values.notna().any())
        return self._filled[key]


def empty_frame(sheet_key: str) -> pd.DataFrame:
    """An empty frame with the sheet's columns and their clean dtypes."""
    from .schema import SHEETS_BY_KEY, DATE, MONTH, NUMBER, INTEGER, SCORE

    sheet = SHEETS_BY_KEY[sheet_key]
    data = {}
    for c in sheet.columns:
        if c.type in (DATE, MONTH):
            data[c.key] = pd.Series([], dtype="datetime64[ns]")
        elif c.type in (NUMBER, INTEGER, SCORE):
            data[c.key] = pd.Series([], dtype="float64")
        else:
            data[c.key] = pd.Series([], dtype="object")
    data["_row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(data)
