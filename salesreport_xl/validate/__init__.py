"""Validate: raw sheets -> clean typed frames (`Inputs`) + findings with sheet and cell.

One code path for every source (file or live Excel values). What it accepts (the input contract, schema.py): sheet names and
headers in English or Chinese (any case, spacing, width), columns in any order, extra columns (info),
blank rows (skipped), a title row above the header, and the value forms the parsers in `parse` know.
A missing optional sheet or column is information, never an error; an unknown list value is a warning
(kept as given); a required sheet, column or value that is missing or cannot be understood is an error.
Rows with errors are left out of the frames.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import numpy as np
import pandas as pd

from ..date_system import serials_as_1900
from ..errors import ERROR, INFO, WARNING, Finding
from ..i18n import t
from ..inputs import Inputs, empty_frame
from ..a1 import column_letter
from ..read.header import SNIFF_ROWS, choose_columns
from ..read.mapping import MappingTable, read_mapping
from ..read.raw import RawSheet, RawWorkbook
from ..schema import (CHOICE, DATE, ID, INTEGER, MONTH, NUMBER, SCORE, SHEETS, TEXT, Column, Sheet,
                      SEGMENTS, STAGES, choice_lookup, listed_values, normalize_name, sheet_lookup)
from . import parse
from ..header_units import split_unit
from . import deal_stage, evidence, formulas
from .columns import closest_headers, column_uses, is_gross_amount
from .duplicates import duplicate_targets
from .day_settings import contradicted_settings
from .month import month_outside_data
from .settings import read_settings
from .totals import labels_elsewhere, non_data_rows

# Per column and kind, only the first few bad cells are listed one by one; the rest are counted.
MAX_FINDINGS_PER_COLUMN = 20

_LOCALE_CODES = frozenset({parse.AMBIGUOUS_NUMBER, parse.DECIMAL_CONFLICT, parse.AMBIGUOUS_DATE,
                           parse.DATE_ORDER_CONFLICT, parse.DECIMAL_MINORITY, parse.UNDECIDED_NUMBER,
                           parse.DATE_ORDER_MINORITY, parse.FOREIGN_CURRENCY, parse.PERCENT})
# Bad cells whose finding names a cell of the other side: the value that decided the column's reading.
_AGAINST_CODES = frozenset({parse.DECIMAL_MINORITY, parse.UNDECIDED_NUMBER, parse.DATE_ORDER_MINORITY})

_KIND_WORD = {NUMBER: "number", INTEGER: "number", SCORE: "number", DATE: "date", MONTH: "month"}


class _Sink:
    """Collects findings with en and zh messages from the catalogue."""

    def __init__(self):
        self.items: list[Finding] = []

    def add(self, severity, sheet, cell, message_key, /, **kw):
        """A finding; a value given as {"en": …, "zh": …} is said in each language its own way."""
        said = {lang: {k: (v[lang] if isinstance(v, dict) else v) for k, v in kw.items()} for lang in ("en", "zh")}
        self.items.append(Finding(severity, sheet, cell, t("en", message_key, **said["en"]),
                                  t("zh", message_key, **said["zh"]), message_key[2:]))


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
            sink.add(WARNING, name, "", "f_duplicate_sheet", value=name, first=by_key[spec.key].name)
            continue
        by_key[spec.key] = raw.sheets[name]

    frames: dict[str, pd.DataFrame] = {}
    present_columns: dict[str, frozenset] = {}
    rows_read: dict[str, int] = {}
    uses: dict[str, tuple] = {}
    left_out: dict[str, tuple] = {}
    # Settings and the Mapping sheet first: how numbers, dates and headers are read depends on them.
    setting_cells: dict = {}
    settings_read: list = []
    settings = read_settings(by_key.get("settings"), sink, setting_cells, settings_read)
    mapping = _read_mapping(by_key.get("mapping"), sink)
    for spec in SHEETS:
        sheet = by_key.get(spec.key)
        if sheet is None:
            if spec.required:
                sink.add(ERROR, spec.en, "", "f_required_sheet", name=spec.en, zh=spec.zh)
            elif spec.key not in ("settings", "mapping"):
                sink.add(INFO, spec.en, "", "f_optional_sheet", name=spec.en, zh=spec.zh)
            frames[spec.key] = empty_frame(spec.key)
            continue
        if spec.key in ("settings", "mapping"):
            continue
        frame, cols, n, used = _validate_sheet(sheet, spec, sink, settings, mapping, raw.date1904, left_out)
        frames[spec.key] = frame
        present_columns[spec.key] = cols
        rows_read[spec.key] = n
        uses[spec.key] = used

    inputs = Inputs(
        settings=settings,
        present_sheets=frozenset(k for k in by_key),
        present_columns=present_columns,
        rows_read=rows_read,
        sheet_names={k: s.name for k, s in by_key.items()},
        column_uses=uses,
        settings_read=tuple(settings_read),
        left_out=left_out,
        **{k: frames[k] for k in ("sales", "customers", "targets", "activities", "feedback", "pipeline", "plan")},
    )
    if settings.report_month is not None:
        outside = month_outside_data(inputs, settings.report_month, by_key["settings"].name,
                                     setting_cells.get("report_month", ""))
        if outside is not None:
            sink.items.append(outside)
            return inputs, sink.items
    sink.items.extend(contradicted_settings(inputs))
    return inputs, sink.items


def _read_mapping(sheet: RawSheet | None, sink: _Sink) -> MappingTable:
    table = read_mapping(sheet)
    for cell, key, kw in table.problems:
        sink.add(WARNING, table.sheet_name, cell, key, **kw)
    return table


# ------------------------------------------------------------------------------------------ one sheet
def _locate(sheet: RawSheet):
    """(header values, data frame, Excel row of its first row, Excel column per frame column, header row,
    the template's header row the export's own header replaced or None).

    Every reader hands over sheets with the header row already located (read/header.py, with the
    Mapping sheet's headers); a sheet without `header` has none."""
    if sheet.header is None:
        return None, sheet.frame, sheet.top, [], None, None
    return sheet.header, sheet.frame, sheet.top, sheet.columns, sheet.header_row, sheet.replaced_header_row


def _validate_sheet(sheet: RawSheet, spec: Sheet, sink: _Sink, settings, table: MappingTable,
                    date1904: bool = False, sheets_left_out: dict | None = None):
    name = sheet.name
    mapped = table.headers_for(spec.key)
    header, data, top, excel_cols, header_row, replaced = _locate(sheet)
    if header is None:
        if sheet.frame.empty or sheet.frame.isna().all().all():
            sev = ERROR if spec.required else INFO
            sink.add(sev, name, "", "f_no_rows")
        else:
            expected = ", ".join(c.header("en") for c in spec.columns[:3])
            sink.add(ERROR if spec.required else WARNING, name, "A1", "f_no_header", rows=SNIFF_ROWS,
                     expected=expected)
        return empty_frame(spec.key), frozenset(), 0, ()
    if replaced is not None:
        sink.add(INFO, name, f"{header_row}:{header_row}", "f_second_header", row=header_row, template=replaced)

    letter_of = lambda j: column_letter(excel_cols[j])  # noqa: E731
    # The header proposes; the cells decide between candidates (evidence.py).
    factors = _mapped_factors(table, spec, name, header, sink)
    ev = evidence.decide(spec, header, data, choose_columns(header, spec, mapped), factors)
    choice = ev.choice
    for severity, key, j, kw in ev.notes:
        sink.add(severity, name, f"{letter_of(j)}{header_row}", key, **kw)
    if ev.derived_amount is not None:
        header, data, excel_cols, choice = _price_times_quantity(header, data, excel_cols, choice, ev)
        if factors is not None:
            choice = replace(choice, mapped=frozenset({*choice.mapped, "amount"}))
    for j in choice.unknown:
        sink.add(INFO, name, f"{letter_of(j)}{header_row}", "f_extra_column", value=str(header[j]))
    for key, others in choice.left.items():
        if key in ev.swapped or key not in choice.used:
            continue         # the cells chose; evidence's own finding says why
        used_header = str(header[choice.used[key]])
        for j in others:
            same = normalize_name(header[j]) == normalize_name(used_header)
            sink.add(WARNING if same else INFO, name, f"{letter_of(j)}{header_row}",
                     "f_duplicate_column" if same else "f_column_left",
                     value=str(header[j]), field=key, used=used_header)
    present = {normalize_name(h) for h in header if isinstance(h, str)}
    for norm, key in mapped.items():
        if norm not in present:
            entry = table.entry(spec.key, key)
            sink.add(ERROR, table.sheet_name, entry.cell, "f_mapping_missing", header=entry.header,
                     field=key, sheet=name)
    mapping_cols = dict(choice.used)
    if ev.order_level:
        j = mapping_cols.pop("amount")
        sink.add(ERROR, name, f"{letter_of(j)}{header_row}", f"f_order_total_{ev.order_level}",
                 header=str(header[j]).strip())

    first_letter = column_letter(excel_cols[0]) if excel_cols else "A"
    last_letter = column_letter(excel_cols[-1]) if excel_cols else "A"
    header_range = f"{first_letter}{header_row}:{last_letter}{header_row}"
    missing_required = False
    missing: list[Column] = []
    fallbacks = {}
    for c in spec.columns:
        if c.key in mapping_cols:
            continue
        if c.fallback and c.fallback in mapping_cols:
            fallbacks[c.key] = c.fallback
            sink.add(INFO, name, header_range, "f_fallback_column", name=c.en, zh=c.zh,
                     other=spec.column(c.fallback).en, other_zh=spec.column(c.fallback).zh)
        elif c.required and ev.order_level and c.key == "amount":
            missing_required = True       # said above: the amount column holds orders' totals
        elif spec.key == "sales" and c.key == "product":
            # A deal export has no product: the report is built, its product parts say so.
            _missing_required(sink, name, header_range, spec, c, header, excel_cols, set(mapping_cols.values()),
                              data, severity=WARNING)
        elif c.required:
            missing_required = True
            missing.append(c)
            # An optional sheet that cannot be read never stops the report: it is left out (below).
            _missing_required(sink, name, header_range, spec, c, header, excel_cols, set(mapping_cols.values()),
                              data, severity=ERROR if spec.required else WARNING)
        elif c.in_template:        # a column only some exports carry is not missing from the others
            sink.add(INFO, name, header_range, "f_optional_column", name=c.en, zh=c.zh)
    # Column key -> frame column; a fallback reads its stand-in's cells.
    mapping = {**mapping_cols, **{k: mapping_cols[f] for k, f in fallbacks.items()}}
    notes = {}
    if ev.derived_amount is not None:
        notes["amount"] = "price_x_quantity"
    elif spec.key == "sales" and "amount" in mapping_cols and is_gross_amount(header[mapping_cols["amount"]]):
        notes["amount"] = "gross"
    used_info = column_uses(spec, header, excel_cols, header_row, choice, fallbacks, notes)
    if notes.get("amount") == "gross":
        sink.add(WARNING, name, f"{letter_of(mapping_cols['amount'])}{header_row}", "f_amount_gross",
                 header=str(header[mapping_cols["amount"]]).strip())

    rows = np.arange(top, top + len(data), dtype="int64")
    used = [mapping[c.key] for c in spec.columns if c.key in mapping]
    filled: dict[int, np.ndarray] = {}     # per column read, its cells that hold something
    if used:
        keep = np.zeros(len(data), dtype=bool)
        for j in used:
            filled[j] = parse.filled(data[data.columns[j]])
            keep |= filled[j]
        data = data[keep].reset_index(drop=True)
        rows = rows[keep]
        filled = {j: f[keep] for j, f in filled.items()}
    # Each text column's distinct values, made once: the total-row check and the text parser use them.
    known: dict[int, parse.Distinct | None] = {}
    if len(data.columns):
        # Total, subtotal and footer lines of the export: left out (never summed), each kind named in
        # one warning (a row left out changes the figures: it is said where it is seen by default).
        checked = sorted({0, *used})
        known = {j: parse.distinct(data[data.columns[j]]) for j in checked}
        left_out = _non_data(data, rows, spec, mapping, checked, known, filled, sheet, sink, name)
        if left_out.any():
            data = data[~left_out].reset_index(drop=True)
            rows = rows[~left_out]
            known = {j: d.rows(~left_out) if d is not None else None for j, d in known.items()}
    n_rows = len(data)
    if missing and not spec.required:
        sink.add(WARNING, name, header_range, "f_sheet_left_out", sheet=name, count=len(missing),
                 columns={"en": ", ".join(c.en for c in missing), "zh": "、".join(c.zh for c in missing)})
        if sheets_left_out is not None:
            sheets_left_out[spec.key] = tuple(c.en for c in missing)
    if missing_required:
        return empty_frame(spec.key), frozenset(mapping), n_rows, used_info

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
        if date1904 and c.type in (DATE, MONTH):
            raw_col = serials_as_1900(raw_col)      # plain serials of a 1904 workbook
        unsaved = formulas.unsaved(sheet.formulas.get(excel_cols[j]), c)
        if unsaved is not None:
            # Its cells read as blank or 0, which is not what they hold: the column is refused whole.
            sink.add(ERROR, name, f"{letter}:{letter}", unsaved[0], col=c.key, header=str(header[j]).strip(),
                     cell=unsaved[1])
            out[c.key] = empty_frame(spec.key)[c.key].reindex(range(n_rows))
            row_bad[:] = True
            continue
        values, bad, dropped = _validate_column(raw_col, c, name, letter, rows, sink, settings, known.get(j))
        factor = split_unit(header[j]).factor if c.money else 1.0
        if factor != 1.0:
            values = values * factor          # 12.5 under 销售额（万元） is 125,000
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
    if spec.key == "targets" and n_rows:
        row_bad |= _duplicate_targets(frame[~row_bad], rows, row_bad, name, sink)
    if spec.key == "sales" and "deal_stage" in mapping and n_rows:
        j = mapping["deal_stage"]
        drop |= _deals_not_won(frame, row_bad | drop, name, f"{letter_of(j)}{header_row}", str(header[j]).strip(),
                               settings.currency, sink)
    if spec.key == "pipeline" and n_rows:
        frame["status"] = _status_from_stage(frame)
    frame = frame[~(row_bad | drop)].reset_index(drop=True)
    return frame, frozenset(mapping), n_rows, used_info


def _deals_not_won(frame: pd.DataFrame, gone: np.ndarray, name: str, cell: str, header: str, currency: str,
                   sink) -> np.ndarray:
    """Sales lines of a CRM deal export whose stage is not won (deal_stage.py): left out, with one
    warning giving per stage value the lines and the amount left out; -> those rows."""
    kept = np.flatnonzero(~gone)
    found = deal_stage.not_won(frame["deal_stage"].iloc[kept].reset_index(drop=True),
                               frame["amount"].iloc[kept].reset_index(drop=True))
    out = np.zeros(len(frame), dtype=bool)
    if found is None or not found.mask.any():
        return out
    out[kept[found.mask]] = True
    money = lambda v: f"{'-' if v < 0 else ''}{currency}{abs(v):,.0f}"  # noqa: E731
    said = {"en": "; ".join(f'"{stage or "(blank)"}" {n} {"line" if n == 1 else "lines"} {money(a)}'
                            for stage, n, a in found.by_stage),
            "zh": "；".join(f'"{stage or "（空白）"}" {n} 行 {money(a)}' for stage, n, a in found.by_stage)}
    sink.add(WARNING, name, cell, "f_deal_stages", header=header, count=int(found.mask.sum()),
             amount=money(sum(a for _, _, a in found.by_stage)), stages=said, kept=len(kept) - int(found.mask.sum()))
    return out


def _status_from_stage(frame: pd.DataFrame) -> pd.Series:
    """A deal's status where the row gives none: Won / Lost when its stage names a closed deal
    (Closed Won, closedlost, 赢单 …: deal_stage.py); a status given is kept."""
    status = frame["status"].astype(object).copy()
    blank = status.isna().to_numpy()
    if blank.any():
        status[blank] = [deal_stage.closed_status(v) for v in frame["stage"][blank]]   # None: still open
    return status


def _duplicate_targets(frame: pd.DataFrame, rows, row_bad: np.ndarray, name: str, sink) -> np.ndarray:
    """Targets rows written twice (validate/duplicates.py): one warning or error per repeat, naming
    both rows; -> the rows to leave out (positions in the whole sheet)."""
    leave_out, pairs = duplicate_targets(frame)
    kept = np.flatnonzero(~row_bad)
    out = np.zeros(len(row_bad), dtype=bool)
    out[kept[leave_out]] = True
    for i, j, same in pairs[:MAX_FINDINGS_PER_COLUMN]:
        row, first = int(rows[kept[i]]), int(rows[kept[j]])
        sink.add(WARNING if same else ERROR, name, f"{row}:{row}",
                 "f_duplicate_target" if same else "f_conflicting_target", row=row, first=first)
    return out


def _non_data(data, rows, spec: Sheet, mapping, checked, known, filled, sheet: RawSheet, sink, name) -> np.ndarray:
    """Rows that are not data: an Excel table's totals row (whatever it says), total and footer lines
    (validate/totals.py); one warning per kind, naming the rows."""
    columns = {j: data[data.columns[j]].reset_index(drop=True) for j in checked}
    fields = [c for c in spec.columns if c.key in mapping]
    keys = [mapping[c.key] for c in fields if c.required and c.type not in (NUMBER, INTEGER, SCORE)]
    numbers = [mapping[c.key] for c in fields if c.type in (NUMBER, INTEGER)]
    date = next((mapping[c.key] for c in fields if c.required and c.type in (DATE, MONTH)), None)
    looked_at = {j: known.get(j) for j in checked}
    # A row with a key field empty may carry its total label in any other cell: first those the frame holds.
    incomplete = ~np.logical_and.reduce([filled[j] for j in keys]) if keys else np.ones(len(data), dtype=bool)
    elsewhere = labels_elsewhere(data, rows, set(checked), incomplete, {})
    if elsewhere is not None:
        columns[-1], looked_at[-1] = elsewhere, None
    found = non_data_rows(columns, looked_at, keys, numbers, date, filled)
    table = np.isin(rows, np.asarray(sheet.table_totals, dtype="int64"))
    unexplained = incomplete & ~found.any & ~table
    if sheet.labels_of is not None and unexplained.any():
        # Then the cells the reader left out, for those rows only (one more read of the sheet).
        more = labels_elsewhere(data, rows, set(range(data.shape[1])), unexplained, sheet.labels_of(rows[unexplained]))
        if more is not None:
            columns[-1] = more if elsewhere is None else elsewhere.where(elsewhere.notna(), more)
            looked_at[-1] = None
            found = non_data_rows(columns, looked_at, keys, numbers, date, filled)
    for mask, key, kw in ((table, "f_table_totals", {}), (found.labelled, "f_total_rows", {"value": found.label}),
                          (found.sums, "f_sum_rows", {}), (found.footers, "f_footer_rows", {"value": found.footer_text})):
        mask = mask & (~table if key != "f_table_totals" else True)
        if mask.any():
            hit = rows[mask]
            listed = ", ".join(str(r) for r in hit[:10]) + (f" (+{len(hit) - 10})" if len(hit) > 10 else "")
            sink.add(WARNING, name, f"{hit[0]}:{hit[-1]}", key, rows=listed, count=len(hit), **kw)
    return found.any | table


def _mapped_factors(table: MappingTable, spec: Sheet, name: str, header, sink) -> tuple[int, int] | None:
    """The header cells of a Mapping line "amount = A × B", or None (an error for a header not there)."""
    entry = table.factors_for(spec.key)
    if entry is None:
        return None
    where = {normalize_name(h): j for j, h in enumerate(header) if isinstance(h, str)}
    found = [where.get(normalize_name(f)) for f in entry.factors]
    for f, j in zip(entry.factors, found):
        if j is None:
            sink.add(ERROR, table.sheet_name, entry.cell, "f_mapping_missing", header=f, field=entry.field, sheet=name)
    return None if None in found else (found[0], found[1])


def _missing_required(sink, name, header_range, spec, col, header, excel_cols, taken, data, severity=ERROR):
    """A required column not found: the closest headers that are there, and how to map one. A header
    whose cells could not be the column is never offered: text for a number, one-off names (deal
    names, order ids) for a product."""
    free = [(j, h) for j, h in enumerate(header) if j not in taken and isinstance(h, str) and h.strip()]

    def could_be(j) -> bool:
        cells = data[data.columns[j]]
        if col.type in (NUMBER, INTEGER, SCORE):
            return evidence.numeric_share(cells) >= 0.8
        if col.key == "product":
            return not evidence.one_off_names(cells)
        return True

    close = [h for h in closest_headers(col, [h for _, h in free], limit=len(free))
             if could_be(next(j for j, x in free if x == h))][:2]
    where = {h: column_letter(excel_cols[j]) for j, h in free}
    key = "f_product_column" if spec.key == "sales" and col.key == "product" else "f_required_column"
    if close:
        guesses = " or ".join(f'"{h}" (column {where[h]})' for h in close)
        sink.add(severity, name, header_range, key + "_close", name=col.en, zh=col.zh, guesses=guesses,
                 sheet=spec.en, field=col.key, header=close[0])
    else:
        sink.add(severity, name, header_range, key, name=col.en, zh=col.zh, sheet=spec.en,
                 field=col.key)


def _price_times_quantity(header, data, excel_cols, choice, ev):
    """A line amount made of unit price × quantity, as a column of its own (the last), read as the
    amount: no line amount column, or the amount column holds orders' totals."""
    pj, qj = ev.derived_amount
    price = pd.to_numeric(parse.parse_number(data[data.columns[pj]]).values, errors="coerce")
    qty = pd.to_numeric(parse.parse_number(data[data.columns[qj]]).values, errors="coerce")
    data = data.copy()
    data.columns = range(data.shape[1])
    data[data.shape[1]] = (price * qty).to_numpy()
    label = f"{str(header[pj]).strip()} × {str(header[qj]).strip()}"
    left = dict(choice.left)
    if "amount" in choice.used:
        left["amount"] = tuple(sorted({*left.get("amount", ()), choice.used["amount"]}))
    choice = replace(choice, used={**choice.used, "amount": len(header)}, left=left)
    return [*header, label], data, [*excel_cols, excel_cols[pj]], choice


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
        # No .date(): a serial of 2958466 or more is year 10000, past Python's dates.
        text = str(v)
        return text[:-len(" 00:00:00")] if text.endswith(" 00:00:00") else text
    return str(v)


def _validate_column(raw_col: pd.Series, col: Column, sheet: str, letter: str, rows, sink: _Sink, settings,
                     known: parse.Distinct | None = None):
    """-> (clean values, rows with errors, rows to drop with a warning). `known`: the column's distinct
    values where validation made them (used for text; a number or date column parses its own)."""
    n = len(raw_col)
    row_err = np.zeros(n, dtype=bool)
    row_drop = np.zeros(n, dtype=bool)
    if col.type in (NUMBER, INTEGER, SCORE):
        # No column of the template holds a share: "12.5%" is never an amount or a quantity.
        p = parse.parse_number(raw_col, settings.decimal_separator or None, percent=False,
                               currency=parse.currency_key(settings.currency) or settings.currency)
    elif col.type in (DATE, MONTH):
        p = parse.parse_date(raw_col, month=col.type == MONTH, order=settings.date_order or None)
    else:
        p = parse.parse_text(raw_col, known)
    undecided = p.bad_codes is not None and bool((p.bad_codes == parse.UNDECIDED_NUMBER).any())
    if p.reading and p.decided_by is not None and not undecided:
        key = "f_read_decimal_comma" if p.reading == "," else "f_read_date_order"
        if p.reading != ".":
            # A reading that changes the values is said where it is seen by default (a warning).
            sink.add(WARNING, sheet, f"{letter}{rows[p.decided_by]}", key, col=col.key,
                     value=_show(raw_col.iat[p.decided_by]), order=p.reading)
    values = p.values
    # One comparison over the column (none when the parser knows nothing is bad); the per-reason work
    # below is over the bad cells only.
    is_bad = p.bad_mask()
    bad_idx = np.flatnonzero(is_bad)
    bad_codes = p.bad.to_numpy()[bad_idx] if len(bad_idx) else np.array([], dtype=object)
    present = set(bad_codes.tolist())
    kind = _KIND_WORD.get(col.type, "text")

    for code, key in ((parse.NOT_NUMBER, "f_not_a_number"), (parse.NOT_DATE, "f_not_a_date"),
                      (parse.NOT_MONTH, "f_not_a_month"), (parse.OUT_OF_RANGE, "f_date_out_of_range"),
                      (parse.MONTH_SERIAL, "f_month_serial"), (parse.NO_SUCH_DAY, "f_excel_1900_02_29"),
                      (parse.BAD_TIME, "f_bad_time_of_day"),
                      (parse.BOOLEAN, "f_boolean"), (parse.TOO_LARGE, "f_number_too_large"),
                      (parse.AMBIGUOUS_NUMBER, "f_ambiguous_number"),
                      (parse.DECIMAL_CONFLICT, "f_decimal_conflict"),
                      (parse.AMBIGUOUS_DATE, "f_ambiguous_date"),
                      (parse.DATE_ORDER_CONFLICT, "f_date_order_conflict"),
                      (parse.DECIMAL_MINORITY, "f_decimal_minority"),
                      (parse.UNDECIDED_NUMBER, "f_undecided_number"),
                      (parse.DATE_ORDER_MINORITY, "f_date_order_minority"),
                      (parse.PERCENT, "f_percent_not_amount"),
                      (parse.FOREIGN_CURRENCY, "f_foreign_currency"),
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
        # A number or date two locale readings allow is never guessed, required or not.
        severity = ERROR if col.required or code in _LOCALE_CODES else WARNING
        extra = {"kind": kind} if code == parse.BOOLEAN else {}
        if code in _AGAINST_CODES and p.decided_by is not None:
            extra = {"other": f"{letter}{rows[p.decided_by]}", "other_value": _show(raw_col.iat[p.decided_by])}
        elif code == parse.FOREIGN_CURRENCY:
            extra = {"currency": settings.currency}
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
        # Segments Settings names as key accounts are the user's own list values, not unknown ones.
        own = listed_values(settings.key_account_segments) if col.choices is SEGMENTS else ()
        # A CRM's own stages are understood: Closed Won / Closed Lost is the deal's status, Prospecting,
        # appointmentscheduled … open stages kept as named (deal_stage.py).
        own = deal_stage.stage_words() if col.choices is STAGES else own
        values = _map_choices(values, col, sheet, letter, rows, sink, own)
    if len(bad_idx):
        values = values.where(~pd.Series(is_bad, index=values.index), None if values.dtype == object else np.nan)
    return values, row_err, row_drop


def _report_simple(sink, sheet, letter, rows, idx, key, col, v):
    for i in idx[:MAX_FINDINGS_PER_COLUMN]:
        sink.add(WARNING, sheet, f"{letter}{rows[i]}", key, col=col.key, value=_show(float(v[i])))


def _map_choices(values: pd.Series, col: Column, sheet, letter, rows, sink, own=()) -> pd.Series:
    """Canonical value for every known spelling (en / zh / aliases); unknown values kept, one warning
    each — except the user's own values that Settings names (`own`), which are kept silently."""
    own_names = {normalize_name(v) for v in own}
    lookup = choice_lookup(col.choices)
    # Map the distinct values, then spread them back by their codes (no per-row dict lookups).
    codes, distinct = pd.factorize(values.astype(object), use_na_sentinel=True)
    canon_of = np.empty(len(distinct) + 1, dtype=object)
    canon_of[-1] = None                       # code -1 (blank) picks the last slot
    unknown = []
    for k, v in enumerate(distinct):
        canon = lookup.get(normalize_name(v))
        canon_of[k] = canon if canon is not None else v
        if canon is None and normalize_name(v) not in own_names:
            unknown.append((k, v))
    mapped = pd.Series(canon_of.take(codes), index=values.index, dtype=object)
    if unknown:
        allowed = " / ".join(ch.value for ch in col.choices)
        for k, v in unknown[:MAX_FINDINGS_PER_COLUMN]:
            hits = np.flatnonzero(codes == k)
            sink.add(WARNING, sheet, f"{letter}{rows[hits[0]]}", "f_unknown_choice", col=col.key,
                     value=_show(v), choices=allowed, count=len(hits))
    return mapped
