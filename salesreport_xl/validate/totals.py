"""Total, subtotal and footer lines an export carries below or inside its data.

"Grand Totals (9994 records)", "Total", "Subtotal", 合计, 总计, 小计 and the report footers of CRM exports
("Confidential Information - Do Not Distribute", "Copyright (c) 2000-2025 salesforce.com, inc. …") are
recognised by a whole cell that says so. Checked on each column's distinct texts (or, where nearly every
value differs, on its rows), as vectorised string matches.

A total row is a total row (`non_data_rows`): such a label alone in a row whose other key fields (the
date, the customer, the product: the sheet's required fields that are not numbers) are empty, or in a
row whose numbers are the sums of the rows above it — never a line with a date, a customer and a
product whose name happens to hold the word ("TOTAL" the customer, "Total 360" the product). In a row
with a key field empty the label is looked for in every cell, also in columns the report has no field
for or without a header (`labels_elsewhere`; the file reader reads the cells it left out for the rows
nothing else explains, only). Below
the data, rows without a label are left out too when they are plainly not data: a row with its key
fields empty whose numbers are the column sums of the rows above (an Excel table's totals row, any
label or none), and a text in the date column with the other key fields empty (an accounting export's
"Accrual Basis Tuesday, January 2, 2018 …").
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dataclasses import dataclass

from .parse import Distinct, _arrow_text, arrow_strings, filled, parse_date, parse_number

# Whole-cell forms only (Python re and RE2 syntax alike): a product called "Total Care Kit" is data, "Total:" or "Total (12)" is not.
_MARKER = (r"^\s*(?:(?:grand\s*)?(?:sub[\s-]*)?totals?|(?:总\s*)?合\s*计|总\s*计|小\s*计|本页合计)\s*"
           r"(?:[:：].*|\(.*\)|（.*）|\d.*)?$"
           r"|^\s*confidential\s+information\b"
           r"|^\s*copyright\s*(?:\(c\)|©)")


def _marks(column: pd.Series, known: Distinct | None = None) -> tuple[np.ndarray, pd.Series]:
    """(rows whose cell is a total/footer text, the matched texts by row)."""
    if not (pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(column.dtype)):
        return np.zeros(len(column), dtype=bool), pd.Series([], dtype=object)
    if known is not None or _arrow_text(column):
        # Arrow columns only come from pyarrow, so it is imported only here: openpyxl's reader (the
        # one xlwings Lite and the Excel buttons use) gives object columns.
        import pyarrow.compute as pc
    if known is not None:
        # The column's distinct values, already made for the text parser: the pattern runs on those.
        arr = known.uniques.__arrow_array__()
        hit = pc.fill_null(pc.match_substring_regex(arr, pattern=_MARKER, ignore_case=True), False)
        return _spread(hit.to_numpy(zero_copy_only=False), known.codes), pd.Series(arr.filter(hit).to_pylist(),
                                                                                    dtype=object)
    if _arrow_text(column):
        # The fast reader's text columns: RE2 over the Arrow column. The pattern is anchored, so it
        # fails on the first characters of almost every cell — cheaper than hashing the column (an
        # order-number column has nearly as many distinct values as rows).
        arr = arrow_strings(column)
        hit = pc.fill_null(pc.match_substring_regex(arr, pattern=_MARKER, ignore_case=True), False)
        if not pc.any(hit).as_py():
            return np.zeros(len(column), dtype=bool), pd.Series([], dtype=object)
        found = pc.unique(arr.filter(hit)).to_pylist()
        return hit.to_numpy(zero_copy_only=False), pd.Series(found, dtype=object)
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    texts = pd.Series(uniques, dtype=object)
    is_text = texts.map(type).eq(str)
    hit = np.zeros(len(texts), dtype=bool)
    if is_text.any():
        hit[is_text.to_numpy()] = texts[is_text].str.match(_MARKER, case=False).to_numpy(dtype=bool)
    return _spread(hit, codes), texts[hit]


def _spread(hit: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Per row, whether its distinct value (by its code) is marked; code -1, a blank, never is."""
    return np.append(hit, False)[codes]


def total_rows(columns: list[pd.Series], known: list[Distinct | None] | None = None
               ) -> tuple[np.ndarray, list[str]]:
    """Rows that any of `columns` marks as a total or footer line, and the marking texts; `known`
    holds each column's `parse.distinct()` where it was made."""
    n = len(columns[0]) if columns else 0
    rows = np.zeros(n, dtype=bool)
    found: list[str] = []
    for column, dist in zip(columns, known or [None] * len(columns)):
        hit, texts = _marks(column.reset_index(drop=True), dist)
        rows |= hit
        found.extend(str(t).strip() for t in texts)
    return rows, found


def labels_elsewhere(data: pd.DataFrame, rows: np.ndarray, looked_at, incomplete: np.ndarray,
                     outside: dict) -> pd.Series | None:
    """Per row with a key field empty (`incomplete`), a total or footer label found in one of its other
    cells: the frame columns not `looked_at`, then the texts the reader took from columns it did not load
    (`outside`: Excel row -> texts, RawSheet.labels) — a 合计 under a header-less 序号 or group column.
    None elsewhere; None when no row has one."""
    label = np.full(len(data), None, dtype=object)
    idx = np.flatnonzero(incomplete)
    if not len(idx):
        return None
    for j in range(data.shape[1]):
        if j in looked_at:
            continue
        cells = data[data.columns[j]].iloc[idx].reset_index(drop=True)
        hit, _ = _marks(cells)
        free = hit & pd.isna(label[idx])
        if free.any():
            label[idx[free]] = cells[free].astype(str).str.strip().to_numpy()
    if outside:
        at = idx[np.isin(rows[idx], np.fromiter(outside, dtype="int64", count=len(outside)))]
        flat = [(i, t) for i in at for t in outside[int(rows[i])]]
        hit, _ = _marks(pd.Series([t for _, t in flat], dtype=object))
        for (i, t), h in zip(flat, hit):
            if h and label[i] is None:
                label[i] = t
    if pd.isna(label).all():
        return None
    return pd.Series(label, dtype=object)


# Below the data, at most this many rows are looked at for footers and sum rows (an export ends with
# a few such lines, never hundreds).
_TAIL = 20
# A total is printed to the cent: half a cent either way is the same total (a sum of a million floats
# is off by far less).
_CENT = 0.005


@dataclass
class NonData:
    labelled: np.ndarray      # rows with a total/footer label that are not data
    label: str                # the first such label
    sums: np.ndarray          # rows below the data, key fields empty, whose numbers are the sums above
    footers: np.ndarray       # rows below the data with a text (no date) in the date column, and nothing else
    footer_text: str

    @property
    def any(self) -> np.ndarray:
        return self.labelled | self.sums | self.footers


def _sum_rows(values: list[np.ndarray], candidates: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Which candidate rows hold, in every number column where they have a number, the sum of the rows
    above them since the last stop (two rows at least; to the cent), and some number that is not 0.
    Cumulative sums: one pass over each column, whatever the number of candidates."""
    before = np.searchsorted(stops, candidates) - 1
    start = np.where(before >= 0, np.append(stops, 0)[np.maximum(before, 0)] + 1, 0)
    ok = (candidates - start) >= 2
    some = np.zeros(len(candidates), dtype=bool)
    for v in values:
        z = np.nan_to_num(v)
        z[stops] = 0.0
        cum = np.concatenate([[0.0], np.cumsum(z)])
        total = cum[candidates] - cum[start]
        mine = v[candidates]
        has = ~np.isnan(mine)
        ok &= ~has | (np.abs(mine - total) <= _CENT)
        some |= has & (np.abs(total) > _CENT)
    return ok & some


def _any(masks: list[np.ndarray], n: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    for m in masks:
        out |= m
    return out


def non_data_rows(columns: dict[int, pd.Series], known: dict[int, Distinct | None], keys: list[int],
                  numbers: list[int], date: int | None, is_filled: dict[int, np.ndarray] | None = None) -> NonData:
    """The rows of a sheet's data that are totals or footers, not data (see the module's docstring).

    `columns`: the frame columns looked at (the first column and every column read), by frame
    position, with a RangeIndex; `keys`: the positions of the key fields; `numbers`: of the number
    columns read; `date`: of the date column (or None). Vectorised over the columns; numbers are
    parsed only when some row may be a sum. `is_filled`: `parse.filled` of columns where already made."""
    n = len(next(iter(columns.values()))) if columns else 0
    marks = {j: _marks(c, known.get(j))[0] for j, c in columns.items()}
    marked = _any(list(marks.values()), n)
    made = is_filled or {}
    key_filled = {j: made[j] if j in made else filled(columns[j]) for j in keys}
    # A label alone: the key fields other than the labelled cell's own are empty.
    alone = np.zeros(n, dtype=bool)
    for j, m in marks.items():
        if m.any():
            alone |= m & ~_any([f for k, f in key_filled.items() if k != j], n)
    keys_empty = ~_any(list(key_filled.values()), n)
    # Below the last row whose key fields are all filled: where footers and sum rows may be.
    complete = np.logical_and.reduce(list(key_filled.values())) if key_filled else np.zeros(n, dtype=bool)
    last_data = int(np.flatnonzero(complete)[-1]) if complete.any() else -1
    tail = np.zeros(n, dtype=bool)
    tail[max(last_data + 1, n - _TAIL, 0):] = True
    labelled = marked & alone
    sums = np.zeros(n, dtype=bool)
    candidates = np.flatnonzero((marked & ~alone) | (tail & keys_empty & ~marked))
    if len(candidates) and numbers:
        values = [parse_number(columns[j]).values.to_numpy(dtype="float64") for j in numbers]
        hit = candidates[_sum_rows(values, candidates, np.flatnonzero(labelled))]
        labelled[hit[marked[hit]]] = True
        sums[hit[~marked[hit]]] = True
    footers = np.zeros(n, dtype=bool)
    footer_text = ""
    if date is not None:
        date_col = columns[date]
        lone = tail & key_filled[date] & ~_any([f for k, f in key_filled.items() if k != date], n) & ~sums & ~labelled
        idx = np.flatnonzero(lone)
        if len(idx):
            cells = date_col.iloc[idx].astype(object).reset_index(drop=True)
            text = cells.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
            footers[idx[parse_date(cells).values.isna().to_numpy() & text]] = True
            if footers.any():
                footer_text = str(date_col.iat[int(np.flatnonzero(footers)[0])]).strip()
    label = ""
    for j, m in marks.items():
        hit = np.flatnonzero(m & labelled)
        if len(hit):
            label = str(columns[j].iat[int(hit[0])]).strip()
            break
    return NonData(labelled, label, sums, footers, footer_text)
