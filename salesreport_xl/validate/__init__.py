"""Validate: raw sheets -> clean typed frames (`Inputs`) + findings with sheet and cell.

One code path for every source (file or live Excel values). What it accepts is SPEC §2: sheet names and
headers in English or Chinese (any case, spacing, width), columns in any order, extra columns (info),
blank rows (skipped), a title row above the header, and the value forms the parsers in `parse` know.
A missing optional sheet or column is information, never an error; an unknown list value is a warning
(kept as given); a required sheet, column or value that is missing or cannot be understood is an error.
Rows with errors are left out of the frames.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from ..errors import ERROR, INFO, WARNING, Finding
from ..i18n import t
from ..inputs import Inputs, empty_frame
from ..read.header import SNIFF_ROWS
from ..a1 import column_letter
from ..read.raw import RawSheet, RawWorkbook
from ..schema import (CHOICE, DATE, ID, INTEGER, MONTH, NUMBER, SCORE, SHEETS, TEXT, Column, Sheet,
                      choice_lookup, column_lookup, normalize_name, sheet_lookup)
from . import parse
from .settings import read_settings

# Per column and kind, only the first few bad cells are listed one by one; the rest are counted.
MAX_FINDINGS_PER_COLUMN = 20

_KIND_WORD = {NUMBER: "number", INTEGER: "number", SCORE: "number", DATE: "date", MONTH: "month"}


class _Sink:
    """Collects findings with en and zh messages from the catalogue."""

    def __init__(self):
        self.items: list[Finding] = []

    def add(self, severity, sheet, cell, message_key, /, **kw):
        self.items.append(Finding(severity, sheet, cell, t("en", message_key, **kw), t("zh", message_key, **kw),
                                  message_key[2:]))


def validate(raw: RawWorkbook) -> tuple[Inputs, list[Finding]]:
    sink = _Sink()
    sink.items.extend(raw.findings)
    by_key: dict[str, RawSheet] = {}
    lookup = sheet_lookup()
    for name in raw.sheet_order or list(raw.sheets):
        spec = lookup.get(normalize_name(name))
        if spec is None or name not in raw.sheets:
            continue
        if spec.key in by_key:
            sink.add(WARNING, name, "", "f_duplicate_column", value=name)
            continue
        by_key[spec.key] = raw.sheets[name]

    frames: dict[str, pd.DataFrame] = {}
    present_columns: dict[str, frozenset] = {}
    rows_read: dict[str, int] = {}
    settings_values = None
    for spec in SHEETS:
        sheet = by_key.get(spec.key)
        if sheet is None:
            if spec.required:
                sink.add(ERROR, spec.en, "", "f_required_sheet", name=spec.en, zh=spec.zh)
            elif spec.key != "settings":
                sink.add(INFO, spec.en, "", "f_optional_sheet", name=spec.en, zh=spec.zh)
            frames[spec.key] = empty_frame(spec.key)
            continue
        if spec.key == "settings":
            settings_values = sheet
            continue
        frame, cols, n = _validate_sheet(sheet, spec, sink)
        frames[spec.key] = frame
        present_columns[spec.key] = cols
        rows_read[spec.key] = n

    settings = read_settings(settings_values, sink)
    inputs = Inputs(
        settings=settings,
        present_sheets=frozenset(k for k in by_key),
        present_columns=present_columns,
        rows_read=rows_read,
        sheet_names={k: s.name for k, s in by_key.items()},
        **{k: frames[k] for k in ("sales", "customers", "targets", "activities", "feedback", "pipeline", "plan")},
    )
    return inputs, sink.items


# ------------------------------------------------------------------------------------------ one sheet
def _locate(sheet: RawSheet):
    """(header values, data frame, Excel row of its first row, Excel column per frame column, header row).

    Every reader hands over sheets with the header row already located (read/header.py); a sheet
    without `header` has none."""
    if sheet.header is None:
        return None, sheet.frame, sheet.top, [], None
    return sheet.header, sheet.frame, sheet.top, sheet.columns, sheet.header_row


def _validate_sheet(sheet: RawSheet, spec: Sheet, sink: _Sink):
    name = sheet.name
    header, data, top, excel_cols, header_row = _locate(sheet)
    if header is None:
        if sheet.frame.empty or sheet.frame.isna().all().all():
            sev = ERROR if spec.required else INFO
            sink.add(sev, name, "", "f_no_rows")
        else:
            expected = ", ".join(c.header("en") for c in spec.columns[:3])
            sink.add(ERROR if spec.required else WARNING, name, "A1", "f_no_header", rows=SNIFF_ROWS,
                     expected=expected)
        return empty_frame(spec.key), frozenset(), 0

    lookup = column_lookup(spec)
    mapping: dict[str, int] = {}
    for j, h in enumerate(header):
        if h is None or (isinstance(h, float) and np.isnan(h)) or str(h).strip() == "":
            continue
        col = lookup.get(normalize_name(h))
        cell = f"{column_letter(excel_cols[j])}{header_row}"
        if col is None:
            sink.add(INFO, name, cell, "f_extra_column", value=str(h))
        elif col.key in mapping:
            sink.add(WARNING, name, cell, "f_duplicate_column", value=str(h))
        else:
            mapping[col.key] = j

    first_letter = column_letter(excel_cols[0]) if excel_cols else "A"
    last_letter = column_letter(excel_cols[-1]) if excel_cols else "A"
    header_range = f"{first_letter}{header_row}:{last_letter}{header_row}"
    missing_required = False
    for c in spec.columns:
        if c.key not in mapping:
            if c.required:
                missing_required = True
                sink.add(ERROR, name, header_range, "f_required_column", name=c.en, zh=c.zh)
            else:
                sink.add(INFO, name, header_range, "f_optional_column", name=c.en, zh=c.zh)

    rows = np.arange(top, top + len(data), dtype="int64")
    used = [mapping[c.key] for c in spec.columns if c.key in mapping]
    if used:
        nonblank = pd.Series(False, index=data.index)
        for j in used:
            colv = data[data.columns[j]]
            if pd.api.types.is_object_dtype(colv.dtype) or pd.api.types.is_string_dtype(colv.dtype):
                nonblank |= colv.notna() & colv.astype(str).str.strip().ne("")
            else:
                nonblank |= colv.notna()
        keep = nonblank.to_numpy()
        data = data[keep].reset_index(drop=True)
        rows = rows[keep]
    n_rows = len(data)
    if missing_required:
        return empty_frame(spec.key), frozenset(mapping), n_rows

    out = {}
    row_bad = np.zeros(n_rows, dtype=bool)
    drop = np.zeros(n_rows, dtype=bool)
    for c in spec.columns:
        if c.key not in mapping:
            out[c.key] = empty_frame(spec.key)[c.key].reindex(range(n_rows))
            continue
        j = mapping[c.key]
        letter = column_letter(excel_cols[j])
        raw_col = data[data.columns[j]].reset_index(drop=True)
        values, bad, dropped = _validate_column(raw_col, c, name, letter, rows, sink)
        out[c.key] = values
        row_bad |= bad
        drop |= dropped
    frame = pd.DataFrame(out)
    frame["_row"] = rows
    if spec.key == "pipeline" and n_rows:
        wrong = (frame["left_on"].notna() & frame["entered_on"].notna()
                 & (frame["left_on"] < frame["entered_on"])).to_numpy()
        letter = column_letter(excel_cols[mapping["left_on"]]) if "left_on" in mapping else "A"
        for i in np.flatnonzero(wrong)[:MAX_FINDINGS_PER_COLUMN]:
            sink.add(WARNING, name, f"{letter}{rows[i]}", "f_left_before_entered",
                     left=frame["left_on"].iat[i].date(), entered=frame["entered_on"].iat[i].date())
        drop |= wrong
    frame = frame[~(row_bad | drop)].reset_index(drop=True)
    return frame, frozenset(mapping), n_rows


def _report(sink, severity, sheet, letter, rows, idx, key, col, raw_vals, **kw):
    """One finding per bad cell, up to MAX_FINDINGS_PER_COLUMN, then a count of the rest."""
    for i in idx[:MAX_FINDINGS_PER_COLUMN]:
        v = raw_vals.iat[i]
        sink.add(severity, sheet, f"{letter}{rows[i]}", key, col=col.key, value=_show(v), **kw)
    if len(idx) > MAX_FINDINGS_PER_COLUMN:
        sink.add(severity, sheet, f"{letter}:{letter}", "f_more", col=f"{letter} ({col.key})",
                 count=len(idx) - MAX_FINDINGS_PER_COLUMN)


def _show(v) -> str:
    if isinstance(v, str):
        v = v.strip()
        return v if len(v) <= 40 else v[:37] + "..."
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:   # not 1e308 written out in digits
        return str(int(v))
    if isinstance(v, (pd.Timestamp,)):
        return str(v.date()) if v == v.normalize() else str(v)
    return str(v)


def _validate_column(raw_col: pd.Series, col: Column, sheet: str, letter: str, rows, sink: _Sink):
    """-> (clean values, rows with errors, rows to drop with a warning)."""
    n = len(raw_col)
    row_err = np.zeros(n, dtype=bool)
    row_drop = np.zeros(n, dtype=bool)
    if col.type in (NUMBER, INTEGER, SCORE):
        p = parse.parse_number(raw_col)
    elif col.type in (DATE, MONTH):
        p = parse.parse_date(raw_col, month=col.type == MONTH)
    else:
        p = parse.parse_text(raw_col)
    values = p.values
    bad = p.bad.to_numpy()
    # One comparison over the column; the per-reason work below is over the bad cells only.
    is_bad = bad != ""
    bad_idx = np.flatnonzero(is_bad)
    bad_codes = bad[bad_idx]
    present = set(bad_codes.tolist())
    kind = _KIND_WORD.get(col.type, "text")

    for code, key in ((parse.NOT_NUMBER, "f_not_a_number"), (parse.NOT_DATE, "f_not_a_date"),
                      (parse.NOT_MONTH, "f_not_a_month"), (parse.OUT_OF_RANGE, "f_date_out_of_range"),
                      (parse.BOOLEAN, "f_boolean"), (parse.TOO_LARGE, "f_number_too_large"),
                      (parse.EXCEL_ERROR, None)):
        if code not in present:
            continue
        idx = bad_idx[bad_codes == code]
        if code == parse.EXCEL_ERROR:
            if col.required or col.type not in (TEXT, ID, CHOICE):
                _report(sink, ERROR, sheet, letter, rows, idx, "f_excel_error", col, raw_col)
                row_err[idx] = True
            else:
                _report(sink, WARNING, sheet, letter, rows, idx, "f_excel_error_text", col, raw_col)
            continue
        # A required value that cannot be understood stops the report (an amount must never vanish
        # silently); an optional one is left blank, with a warning.
        severity = ERROR if col.required else WARNING
        extra = {"kind": kind} if code == parse.BOOLEAN else {}
        _report(sink, severity, sheet, letter, rows, idx, key, col, raw_col, **extra)
        if severity == ERROR:
            row_err[idx] = True

    if col.required:
        idx = np.flatnonzero(p.blank.to_numpy() & ~is_bad)
        if len(idx):
            _report(sink, ERROR, sheet, letter, rows, idx, "f_required_empty", col, raw_col)
            row_err[idx] = True

    if col.type == SCORE:
        v = values.to_numpy(dtype="float64")
        out = ~np.isnan(v) & ((v < 1) | (v > 5) | (np.floor(v) != v))
        idx = np.flatnonzero(out)
        if len(idx):
            for i in idx[:MAX_FINDINGS_PER_COLUMN]:
                sink.add(WARNING, sheet, f"{letter}{rows[i]}", "f_score_range", value=_show(v[i]))
            if len(idx) > MAX_FINDINGS_PER_COLUMN:
                sink.add(WARNING, sheet, f"{letter}:{letter}", "f_more", col=f"{letter} ({col.key})",
                         count=len(idx) - MAX_FINDINGS_PER_COLUMN)
            row_drop[idx] = True
    elif col.type == INTEGER:
        v = values.to_numpy(dtype="float64").copy()
        neg = ~np.isnan(v) & (v < 0)
        _report_simple(sink, sheet, letter, rows, np.flatnonzero(neg), "f_negative", col, v)
        v[neg] = np.nan
        frac = ~np.isnan(v) & (np.floor(v) != v)
        _report_simple(sink, sheet, letter, rows, np.flatnonzero(frac), "f_not_whole", col, v)
        values = pd.Series(np.round(v), index=values.index)
    elif col.type == CHOICE:
        values = _map_choices(values, col, sheet, letter, rows, sink)
    if len(bad_idx):
        values = values.where(~pd.Series(is_bad, index=values.index), None if values.dtype == object else np.nan)
    return values, row_err, row_drop


def _report_simple(sink, sheet, letter, rows, idx, key, col, v):
    for i in idx[:MAX_FINDINGS_PER_COLUMN]:
        sink.add(WARNING, sheet, f"{letter}{rows[i]}", key, col=col.key, value=_show(float(v[i])))


def _map_choices(values: pd.Series, col: Column, sheet, letter, rows, sink) -> pd.Series:
    """Canonical value for every known spelling (en / zh / aliases); unknown values kept, one warning each."""
    lookup = choice_lookup(col.choices)
    # Map the distinct values, then spread them back by their codes (no per-row dict lookups).
    codes, distinct = pd.factorize(values.astype(object), use_na_sentinel=True)
    canon_of = np.empty(len(distinct) + 1, dtype=object)
    canon_of[-1] = None                       # code -1 (blank) picks the last slot
    unknown = []
    for k, v in enumerate(distinct):
        canon = lookup.get(normalize_name(v))
        canon_of[k] = canon if canon is not None else v
        if canon is None:
            unknown.append((k, v))
    mapped = pd.Series(canon_of.take(codes), index=values.index, dtype=object)
    if unknown:
        allowed = " / ".join(ch.value for ch in col.choices)
        for k, v in unknown[:MAX_FINDINGS_PER_COLUMN]:
            hits = np.flatnonzero(codes == k)
            sink.add(WARNING, sheet, f"{letter}{rows[hits[0]]}", "f_unknown_choice", col=col.key,
                     value=_show(v), choices=allowed, count=len(hits))
    return mapped
