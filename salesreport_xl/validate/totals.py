"""Total, subtotal and footer lines an export carries below or inside its data.

"Grand Totals (9994 records)", "Total", "Subtotal", 合计, 总计, 小计 and the report footers of CRM exports
("Confidential Information - Do Not Distribute", "Copyright (c) 2000-2025 salesforce.com, inc. …") are
recognised by a whole cell that says so; such a row is left out (never summed). Checked on each
column's distinct texts (or, where nearly every value differs, on its rows), as vectorised string matches.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .parse import Distinct, _arrow_text, arrow_strings

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
