"""The standard template: input sheets generated from `schema`, optionally filled with data.

Everything about the input layout (sheet names, headers, widths, types, list values, Settings keys and
hints) is read from `schema`; this module only decides how it looks. xlsxwriter writes everything
but the data rows (headers, comments, validations, formats, Settings, About, VBA); data rows are then
added to the worksheet XML in bulk (see `_inject_rows`), because per-cell writing is too slow for
100k-row sheets.

Public API:
  write_workbook(path, lang="en", data=None, settings=None, *, vba_project=None, buttons=None) -> Path
  write_template(path, lang="en") -> Path
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
import tempfile
import zipfile
from numbers import Real
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import xlsxwriter

from . import schema
from .a1 import column_letter
from .errors import UsageError
from .excel_limits import CELL_TEXT_MAX, list_validation
from .i18n import catalogue, normalize_lang, t
from .write.atomic import atomic_path

# Data validations and column formats cover at least this many data rows (rows 2..5001), or the data
# length plus this many, whichever is larger — room for a month's paste without re-generating.
MIN_INPUT_ROWS = 5000
SPARE_ROWS = 1000

# A fixed document creation date keeps the generated file identical from run to run (xlsxwriter would
# otherwise stamp the current time into docProps/core.xml), so the committed template does not churn.
_CREATED = dt.datetime(2025, 1, 1)

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")

_DATE_FORMAT = "yyyy-mm-dd"
_MONTH_FORMAT = "yyyy-mm"
_AMOUNT_FORMAT = "#,##0.00"
_WHOLE_FORMAT = "0"
_TEXT_FORMAT = "@"
_RATIO_FORMAT = "0%"

_HEADER_FILL = "#DDEBF7"          # optional columns
_REQUIRED_FILL = "#1F4E78"        # required columns: dark, white text
_BORDER_COLOR = "#8EA9C1"

# The About sheet's and header comments' words live in i18n/template.py ("tp_*"); sheet, column and list
# words come from `schema`.
def _words(lang: str, key: str, **kw) -> str:
    return t(lang, f"tp_{key}", **kw)


def _paragraphs(lang: str, part: str) -> list[str]:
    """The numbered paragraphs tp_<part>_1, tp_<part>_2, … of one part of the About sheet."""
    out, i = [], 1
    while f"tp_{part}_{i}" in catalogue(lang):
        out.append(t(lang, f"tp_{part}_{i}"))
        i += 1
    return out



# ---------------------------------------------------------------------------------------------------
# Public API

def write_template(path: str | os.PathLike, lang: str = "en") -> Path:
    """Write the blank standard template (all input sheets plus About) and return its path."""
    return write_workbook(path, lang)


def write_workbook(
    path: str | os.PathLike,
    lang: str = "en",
    data: Mapping[str, pd.DataFrame] | None = None,
    settings: Mapping[str, Any] | None = None,
    *,
    vba_project: str | os.PathLike | None = None,
    buttons: Sequence[tuple[str, str]] | None = None,
) -> Path:
    """Write the standard workbook, optionally filled, and return its path.

    data: sheet key -> frame whose columns are that sheet's column keys (clean types: datetime64 for
        dates and months, floats, str; CHOICE values canonical English — written in `lang`). Columns
        missing from a frame stay blank, other columns are ignored. Settings come from `settings`.
    settings: Settings key -> value overriding the schema default.
    vba_project: a vbaProject.bin to embed; the path must then end in .xlsm. Sheet code names are
        Sheet1..Sheet10 in workbook order (About is Sheet1), the workbook is ThisWorkbook.
    buttons: (caption, macro name) pairs, placed as form buttons at the top of the About sheet.

    The file is written atomically (write/atomic.py), so a failure never leaves a half-written file.
    """
    lang = normalize_lang(lang)
    target = Path(path)
    data = dict(data or {})
    unknown = set(data) - set(schema.SHEETS_BY_KEY) - {"settings"}
    if unknown:
        raise UsageError(f"unknown sheet key(s) in data: {', '.join(sorted(unknown))}")
    unknown = set(settings or {}) - set(schema.SETTINGS_BY_KEY)
    if unknown:
        raise UsageError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    if vba_project is not None:
        if target.suffix.lower() != ".xlsm":
            raise UsageError(f"a workbook with macros must be saved as .xlsm, not {target.name}")
        if not Path(vba_project).is_file():
            raise UsageError(f"VBA project not found: {vba_project}")
    if buttons and vba_project is None:
        raise UsageError("buttons need a vba_project (their macros live there)")

    with atomic_path(target) as tmp:
        _build(tmp, lang, data, dict(settings or {}), vba_project, list(buttons or ()))
    return target


# ---------------------------------------------------------------------------------------------------
# Private: workbook assembly

def _build(path: Path, lang: str, data: dict, settings: dict, vba_project, buttons) -> None:
    with tempfile.TemporaryDirectory(prefix="salesreport-template-") as folder:
        # xlsxwriter writes a staging file; the copy to `path` adds the data rows (see _inject_rows).
        staging = Path(folder) / path.name
        _assemble(staging, lang, data, settings, vba_project, buttons, path)


def _assemble(staging: Path, lang: str, data: dict, settings: dict, vba_project, buttons, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(staging))
    wb.set_properties({"created": _CREATED, "title": _words(lang, "title")})
    wb.set_size(1600, 1000)
    if vba_project is not None:
        wb.add_vba_project(str(vba_project))
        wb.set_vba_name("ThisWorkbook")
    styles = _Styles(wb)

    about = wb.add_worksheet(schema.ABOUT_NAMES[lang])
    _write_about(about, lang, styles, buttons)
    pending = {}  # worksheet part -> (columns, lang, frame): data rows added after xlsxwriter is done
    for number, sheet in enumerate(schema.SHEETS, start=2):  # About is sheet1.xml
        ws = wb.add_worksheet(sheet.name(lang))
        if sheet is schema.SETTINGS:
            _write_settings(ws, lang, styles, settings)
            continue
        frame = data.get(sheet.key)
        _write_input_sheet(ws, sheet, lang, styles, frame)
        if frame is not None and len(frame):
            pending[f"xl/worksheets/sheet{number}.xml"] = (sheet.template_columns, lang, frame.reset_index(drop=True))
    about.activate()
    wb.close()
    if pending:
        _inject_rows(staging, path, pending)
    else:
        shutil.copyfile(staging, path)      # into the open temporary file: its mode is kept


class _Styles:
    """The few formats the template uses, created once per workbook."""

    def __init__(self, wb: xlsxwriter.Workbook):
        header = {"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1,
                  "border_color": _BORDER_COLOR}
        self.header = wb.add_format({**header, "bg_color": _HEADER_FILL})
        self.header_required = wb.add_format({**header, "bg_color": _REQUIRED_FILL, "font_color": "#FFFFFF"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.subtitle = wb.add_format({"bold": True, "font_size": 12})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.cell = wb.add_format({"valign": "top", "border": 1, "border_color": _BORDER_COLOR})
        self.cell_wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1,
                                        "border_color": _BORDER_COLOR})
        self.by_number_format = {
            fmt: wb.add_format({"num_format": fmt})
            for fmt in (_DATE_FORMAT, _MONTH_FORMAT, _AMOUNT_FORMAT, _WHOLE_FORMAT, _TEXT_FORMAT,
                        _RATIO_FORMAT)
        }
        # Settings values: the number format of their type, boxed like the rest of the Settings table.
        self.setting_value = {
            fmt: wb.add_format({"num_format": fmt, "valign": "top", "border": 1, "border_color": _BORDER_COLOR})
            for fmt in (_MONTH_FORMAT, _WHOLE_FORMAT, _TEXT_FORMAT, _RATIO_FORMAT)
        }
        self.general = None

    def for_type(self, column_type: str):
        fmt = _NUMBER_FORMATS.get(column_type)
        return self.by_number_format[fmt] if fmt else self.general


_NUMBER_FORMATS = {
    schema.DATE: _DATE_FORMAT,
    schema.MONTH: _MONTH_FORMAT,
    schema.NUMBER: _AMOUNT_FORMAT,
    schema.INTEGER: _WHOLE_FORMAT,
    schema.SCORE: _WHOLE_FORMAT,
    schema.ID: _TEXT_FORMAT,   # typed IDs stay text: "007" keeps its zeros
}


def _header_comment(column: schema.Column, lang: str) -> str:
    parts = [_words(lang, "comment_required" if column.required else "comment_optional")]
    hint = schema.in_lang(lang, column.hint_en, column.hint_zh)
    if hint:
        parts.append(hint)
    if column.choices:
        values = " / ".join(schema.choice_label(column.choices, c.value, lang) for c in column.choices)
        parts.append(_words(lang, "comment_values", values=values))
    return "\n".join(parts)


def _write_header(ws, columns: Iterable[schema.Column], lang: str, styles: _Styles) -> None:
    for i, column in enumerate(columns):
        ws.write_string(0, i, column.header(lang), styles.header_required if column.required else styles.header)
        ws.write_comment(0, i, _header_comment(column, lang), {"x_scale": 2, "y_scale": 1.2})
    ws.set_row(0, 30)
    ws.freeze_panes(1, 0)


def _print_setup(ws, ncols: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _write_input_sheet(ws, sheet: schema.Sheet, lang: str, styles: _Styles, frame: pd.DataFrame | None) -> None:
    columns = sheet.template_columns
    nrows = 0 if frame is None else len(frame)
    last_row = max(MIN_INPUT_ROWS, nrows + SPARE_ROWS)  # 0-based index of the last covered row
    for i, column in enumerate(columns):
        ws.set_column(i, i, column.width, styles.for_type(column.type))
    _write_header(ws, columns, lang, styles)
    for i, column in enumerate(columns):
        _add_validation(ws, i, column, lang, last_row)
    ws.autofilter(0, 0, max(nrows, 1), len(columns) - 1)
    _print_setup(ws, len(columns))


def _add_validation(ws, col: int, column: schema.Column, lang: str, last_row: int) -> None:
    if column.type == schema.CHOICE and column.choices:
        labels = [schema.choice_label(column.choices, c.value, lang) for c in column.choices]
        # "information": the list is a suggestion; custom values are part of the contract (schema.py).
        ws.data_validation(1, col, last_row, col, {
            "validate": "list", "source": list_validation(labels), "error_type": "information",
            "error_title": column.header(lang)[:32],
            "error_message": _header_comment(column, lang)[:255],
        })
    elif column.type in (schema.SCORE, schema.INTEGER) and (column.minimum is not None or column.maximum is not None):
        opts: dict[str, Any] = {"validate": "integer", "error_title": column.header(lang)[:32],
                                "error_message": _header_comment(column, lang)[:255]}
        if column.minimum is not None and column.maximum is not None:
            opts.update(criteria="between", minimum=int(column.minimum), maximum=int(column.maximum),
                        error_type="stop")
        elif column.minimum is not None:
            opts.update(criteria=">=", value=int(column.minimum), error_type="warning")
        else:
            opts.update(criteria="<=", value=int(column.maximum), error_type="warning")
        ws.data_validation(1, col, last_row, col, opts)


# ---------------------------------------------------------------------------------------------------
# Private: data rows

def _column_values(series: pd.Series | None, column: schema.Column, lang: str, nrows: int):
    """The column prepared for writing, column-wise: (numbers, texts) where numbers is a float64
    array (NaN = not a number cell: date serials for dates) and texts an object array (None = not a
    text cell). A cell is blank when it is neither."""
    blank_numbers = np.full(nrows, np.nan)
    blank_texts = np.full(nrows, None, dtype=object)
    if series is None:
        return blank_numbers, blank_texts
    if column.type in (schema.DATE, schema.MONTH):
        stamps = pd.to_datetime(series, errors="coerce")
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_localize(None)
        serial = (stamps - _EXCEL_EPOCH) / pd.Timedelta(days=1)
        return serial.to_numpy(dtype="float64", na_value=np.nan), blank_texts
    if column.type in (schema.NUMBER, schema.INTEGER, schema.SCORE):
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            numbers = series.to_numpy(dtype="float64", na_value=np.nan)
            return np.where(np.isfinite(numbers), numbers, np.nan), blank_texts
        # Not clean numbers (rare): keep what was given, numbers as numbers and anything else as text.
        loose = [_loose_value(v) for v in series.tolist()]
        numbers = np.array([v if isinstance(v, float) else np.nan for v in loose], dtype="float64")
        texts = np.array([v if isinstance(v, str) else None for v in loose], dtype=object)
        return numbers, texts
    texts = series.to_numpy(dtype=object, na_value=None)
    texts = np.where(pd.isna(texts), None, texts)
    if pd.api.types.infer_dtype(texts, skipna=True) not in ("string", "empty"):
        texts = np.array([_as_text(v) for v in texts], dtype=object)
    if column.type == schema.CHOICE and lang == "zh" and column.choices:
        mapping = {c.value: c.zh for c in column.choices}
        texts = np.array([mapping.get(v, v) for v in texts], dtype=object)
    return blank_numbers, texts


def _as_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an ID 1001.0 is "1001"
    return str(value)


def _loose_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None if pd.isna(value) else str(value)


# xlsxwriter costs ~15 µs a cell (1M cells: 15 s), so data rows are not written through it. The sheet
# is written with its header only; then its XML gets the data rows, built column-wise with vectorised
# string operations, in slices so memory stays bounded. Cell styles are the column styles xlsxwriter
# wrote in <cols>, so written cells look exactly like typed ones.
_SLICE_ROWS = 50_000
_COL_STYLE = re.compile(r'<col min="(\d+)" max="(\d+)"[^>]*?style="(\d+)"')
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ESCAPED_LOOKALIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_XLS_STRMAX = CELL_TEXT_MAX


def _inject_rows(source: Path, path: Path, pending: dict[str, tuple]) -> None:
    """Copy the zip at `source` to `path`, appending data rows to the named worksheet parts."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info.filename)
            if info.filename not in pending:
                zout.writestr(info, part)
                continue
            columns, lang, frame = pending[info.filename]
            xml = part.decode("utf-8")
            head, tail = xml.split("</sheetData>", 1)
            styles = {}
            for lo, hi, style in _COL_STYLE.findall(head):
                for c in range(int(lo), int(hi) + 1):
                    styles[c - 1] = style
            last = f"{column_letter(len(columns))}{len(frame) + 1}"
            head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', head, count=1)
            fresh = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            fresh.compress_type = zipfile.ZIP_DEFLATED
            # Level 1: several times faster than the default on big sheets, files ~20% larger.
            _set_compress_level(fresh, 1)
            with zout.open(fresh, "w", force_zip64=len(frame) * len(columns) > 5_000_000) as out:
                out.write(head.encode("utf-8"))
                for chunk in _rows_xml(columns, lang, frame, styles):
                    out.write(chunk.encode("utf-8"))
                out.write(("</sheetData>" + tail).encode("utf-8"))


def _set_compress_level(info: zipfile.ZipInfo, level: int) -> None:
    # Public `compress_level` since Python 3.13; `_compresslevel` before.
    try:
        info.compress_level = level
    except AttributeError:
        info._compresslevel = level


def _rows_xml(columns, lang: str, frame: pd.DataFrame, styles: dict[int, str]):
    """Yield the <row> elements for the frame (sheet rows 2..), one string per slice of rows."""
    for start in range(0, len(frame), _SLICE_ROWS):
        part = frame.iloc[start:start + _SLICE_ROWS]
        n = len(part)
        row_numbers = np.array(list(map(str, range(start + 2, start + 2 + n))), dtype=object)
        pieces = ['<row r="' + row_numbers + '">']
        for i, column in enumerate(columns):
            numbers, texts = _column_values(part[column.key] if column.key in part.columns else None,
                                            column, lang, n)
            style = f' s="{styles[i]}"' if i in styles else ""
            pieces += _cell_pieces(numbers, texts, column_letter(i + 1), row_numbers, style)
        pieces.append(np.full(n, "</row>", dtype=object))
        # Row-major order of all pieces, joined once: no per-row or per-cell string building.
        yield "".join(np.stack(pieces, axis=1).ravel().tolist())


# Escaping is done on one joined string per column (C-speed str.replace / re.sub) rather than per cell.
# U+FFFF is not allowed in XML, so it cannot occur in text that could be written at all.
_JOIN = "\uffff"


def _escape_texts(texts: list[str]) -> list[str]:
    joined = _JOIN.join(texts)
    if len(joined) > _XLS_STRMAX:  # only then can one text exceed Excel's cell limit
        texts = [t[:_XLS_STRMAX] for t in texts]
        joined = _JOIN.join(texts)
    joined = _ESCAPED_LOOKALIKE.sub(r"_x005F_\1", joined)
    joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    joined = _CONTROL_CHARS.sub(lambda m: f"_x{ord(m.group()):04X}_", joined)
    return joined.split(_JOIN)


def _cell_pieces(numbers: np.ndarray, texts: np.ndarray, letter: str, row_numbers: np.ndarray,
                 style: str) -> list[np.ndarray]:
    """One column's <c> elements as five aligned object arrays (all '' where the cell is blank):
    '<c r="A' | row | '" s=..>..' | value | closing tags. Numbers as numbers, text as inline strings."""
    n = len(numbers)
    opening, rows, middle, values, closing = (np.full(n, "", dtype=object) for _ in range(5))
    is_number = ~np.isnan(numbers)
    is_text = (texts != None) & ~is_number  # noqa: E711 — elementwise test on an object array
    present = is_number | is_text
    opening[present] = '<c r="' + letter
    rows[present] = row_numbers[present]
    if is_number.any():
        middle[is_number] = '"' + style + "><v>"
        # repr: the shortest text that reads back as the same float (much faster than numpy's astype(str)).
        values[is_number] = np.array(list(map(repr, numbers[is_number].tolist())), dtype=object)
        closing[is_number] = "</v></c>"
    if is_text.any():
        # xml:space="preserve" on every text keeps leading/trailing spaces without testing each one.
        middle[is_text] = '"' + style + ' t="inlineStr"><is><t xml:space="preserve">'
        values[is_text] = np.array(_escape_texts(texts[is_text].tolist()), dtype=object)
        closing[is_text] = "</t></is></c>"
    return [opening, rows, middle, values, closing]


# ---------------------------------------------------------------------------------------------------
# Private: Settings and About

def _write_settings(ws, lang: str, styles: _Styles, overrides: dict) -> None:
    columns = schema.SETTINGS.columns
    for i, column in enumerate(columns):
        ws.set_column(i, i, column.width)
    _write_header(ws, columns, lang, styles)
    for r, setting in enumerate(schema.SETTING_KEYS, start=1):
        ws.write_string(r, 0, schema.in_lang(lang, setting.en, setting.zh), styles.cell)
        # A Chinese template reports in Chinese unless told otherwise.
        default = lang if setting.key == "language" else setting.default
        value = overrides.get(setting.key, default)
        _write_setting_value(ws, r, setting, value, styles)
        ws.write_string(r, 2, schema.in_lang(lang, setting.hint_en, setting.hint_zh), styles.cell_wrap)
        if setting.choices:
            ws.data_validation(r, 1, r, 1, {
                "validate": "list", "source": list_validation([str(c) for c in setting.choices]),
                "error_type": "warning",
                "error_title": schema.in_lang(lang, setting.en, setting.zh)[:32],
                "error_message": schema.in_lang(lang, setting.hint_en, setting.hint_zh)[:255],
            })
    _print_setup(ws, len(columns))


_SETTING_FORMATS = {"month": _MONTH_FORMAT, "ratio": _RATIO_FORMAT, "integer": _WHOLE_FORMAT,
                    "text": _TEXT_FORMAT, "choice": _TEXT_FORMAT}


def _write_setting_value(ws, row: int, setting: schema.Setting, value: Any, styles: _Styles) -> None:
    fmt = styles.setting_value.get(_SETTING_FORMATS.get(setting.type, ""), styles.cell)
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, 1, None, fmt)
    elif isinstance(value, pd.Period):
        ws.write_number(row, 1, _serial(value.to_timestamp()), fmt)
    elif isinstance(value, (dt.date, pd.Timestamp)):
        ws.write_number(row, 1, _serial(pd.Timestamp(value)), fmt)
    elif isinstance(value, Real) and not isinstance(value, bool):  # numpy numbers too
        ws.write_number(row, 1, float(value), fmt)
    else:
        ws.write_string(row, 1, str(value), fmt)


def _serial(stamp: pd.Timestamp) -> float:
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return (stamp - _EXCEL_EPOCH) / pd.Timedelta(days=1)


def _wrapped_height(cells: list[tuple[str, float]]) -> float:
    """Row height (points) for wrapped text: spreadsheet programs do not grow rows written by
    xlsxwriter, so estimate the lines (a CJK character is two width units) and size the row."""
    def lines(text: str, width: float) -> int:
        units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
        return max(1, math.ceil(units * 1.1 / max(width - 1, 1)))
    return 15.0 * max(lines(t, w) for t, w in cells) + 3


def _write_about(ws, lang: str, styles: _Styles, buttons: list[tuple[str, str]]) -> None:
    widths = (16, 8, 46, 34, 60)
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    ws.hide_gridlines(2)
    intro = _words(lang, "intro")
    ws.write_string(0, 0, _words(lang, "title"), styles.title)
    ws.set_row(0, 24)
    ws.merge_range(1, 0, 1, len(widths) - 1, intro, styles.wrap)
    ws.set_row(1, _wrapped_height([(intro, sum(widths))]))
    row = 3
    if buttons:
        # Form buttons float over row 3; the macros they call live in the embedded VBA project.
        ws.set_row(2, 36)
        for i, (caption, macro) in enumerate(buttons):
            ws.insert_button(2, 0, {"macro": macro, "caption": caption, "width": 150, "height": 30,
                                    "x_offset": 4 + i * 160, "y_offset": 3})
        row = 4
    header = [_words(lang, k) for k in ("col_sheet", "col_required", "col_purpose", "col_required_columns",
                                        "col_columns")]
    for i, h in enumerate(header):
        ws.write_string(row, i, h, styles.header)
    for sheet in schema.SHEETS:
        row += 1
        required_cols = [c.header(lang) for c in sheet.template_columns if c.required]
        all_cols = [c.header(lang) for c in sheet.template_columns]
        sep = schema.in_lang(lang, ", ", "、")
        ws.write_string(row, 0, sheet.name(lang), styles.cell)
        ws.write_string(row, 1, _words(lang, "yes" if sheet.required else "no"), styles.cell)
        purpose = schema.in_lang(lang, sheet.purpose_en, sheet.purpose_zh)
        ws.write_string(row, 2, purpose, styles.cell_wrap)
        ws.write_string(row, 3, sep.join(required_cols), styles.cell_wrap)
        ws.write_string(row, 4, sep.join(all_cols), styles.cell_wrap)
        ws.set_row(row, _wrapped_height([(purpose, widths[2]), (sep.join(required_cols), widths[3]),
                                         (sep.join(all_cols), widths[4])]))
    row += 2
    for part in ("how", "paste", "tips"):
        ws.write_string(row, 0, _words(lang, f"{part}_title"), styles.subtitle)
        row += 1
        for line in _paragraphs(lang, part):
            ws.merge_range(row, 0, row, len(widths) - 1, line, styles.wrap)
            ws.set_row(row, _wrapped_height([(line, sum(widths))]))
            row += 1
        row += 1
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
