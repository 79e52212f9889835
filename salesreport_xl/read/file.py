"""Reading a workbook file into RawSheets.

The fast path is fastexcel (calamine, Rust, Arrow columns): it reads only the input sheets and, of those,
only the columns the contract knows, with types inferred over all rows (a column of numbers arrives as
float64 — no per-cell Python). Where fastexcel is not installed (xlwings Lite runs in Pyodide, where
Rust-built wheels are not available) openpyxl's read-only mode does the same, slower.
"""
from __future__ import annotations

import logging
import re
import sys
import threading
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..date_system import package_date1904
from ..errors import InputError, WorkbookError
from ..safety import check_package
from ..schema import CHOICE, ID, NUMBER, TEXT, normalize_name, sheet_lookup
from .blocks import BlocksFailed, SheetBlocks, read_blocks
from .extent import ExtentGuard
from .formulas import formula_columns
from .header import SNIFF_ROWS, choose_columns, header_rows, locate_header, unit_price_index
from .mapping import locate_headers, read_mapping
from .peek import SheetPeeker
from .raw import RawSheet, RawWorkbook
from .values import sheet_from_values

# fastexcel logs, through Python's logging, a warning for each column it cannot type ("Could not
# determine dtype for column 7"), e.g. an empty optional column. The validator reports what matters,
# with its sheet and cell; those lines only confuse (and `-q` must print errors only).
logging.getLogger("fastexcel").setLevel(logging.ERROR)

try:  # pragma: no cover - availability depends on the platform
    import fastexcel
except ImportError:  # pragma: no cover
    fastexcel = None

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_workbook_file(path: Path) -> None:
    """Refuse, with a message that says what to do, anything that is not a readable .xlsx/.xlsm."""
    if not path.exists():
        raise WorkbookError(f"{path}: no such file")
    if path.is_dir():
        raise WorkbookError(f"{path}: is a folder, not a workbook")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(_OLE_MAGIC):
        raise WorkbookError(
            f"{path.name}: is an old-format .xls file or a password-protected workbook; "
            "open it in Excel and save it as .xlsx without a password")
    if not head.startswith(b"PK"):
        raise WorkbookError(f"{path.name}: is not an Excel workbook (.xlsx); if it is a CSV, open it in "
                            "Excel and save it as .xlsx")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise WorkbookError(f"{path.name}: the file is damaged or incomplete (not a valid zip package)") from None
    if "xl/workbook.xml" not in names:
        raise WorkbookError(f"{path.name}: is a zip file but not an Excel workbook (no xl/workbook.xml)")
    check_package(path)   # unsafe names, zip and XML bombs, oversized shared strings: refused here


def read_workbook(path) -> RawWorkbook:
    """Read the input sheets of a workbook file (the file is only read, never written)."""
    path = Path(path)
    check_workbook_file(path)
    try:
        with _extent_guard(path) as guard:
            raw = _read_fastexcel(path, guard) if fastexcel is not None else _read_openpyxl(path, guard)
        raw.date1904 = package_date1904(path)
        return raw
    except (WorkbookError, InputError):
        raise
    except Exception as exc:  # any parser failure becomes one clear line
        raise WorkbookError(f"{path.name}: cannot be read as a workbook ({type(exc).__name__}: {exc})") from None


def _extent_guard(path: Path) -> ExtentGuard:
    """The far-cell check (read/extent.py) of every input sheet, started now on its own thread:
    the small sheets first, as they are read in that order."""
    lookup = sheet_lookup()
    try:
        with SheetPeeker(path) as peeker:
            parts = {name: part for name, part in peeker.parts.items() if lookup.get(normalize_name(name))}
            sizes = {name: peeker.zf.getinfo(part).file_size for name, part in parts.items()
                     if part in peeker.zf.NameToInfo}
    except Exception:  # an unusual package layout: the readers say what is wrong with it
        parts, sizes = {}, {}
    order = sorted((n for n in parts if n in sizes), key=lambda n: sizes[n])
    return ExtentGuard(path, {n: parts[n] for n in order})


def _read_fastexcel(path: Path, guard: ExtentGuard) -> RawWorkbook:
    try:
        peeker = SheetPeeker(path)
    except Exception:  # an unusual package layout: every sheet is sniffed through fastexcel instead
        peeker = None
    try:
        return _read_fastexcel_sheets(path, peeker, guard)
    finally:
        if peeker is not None:
            peeker.close()


def _sniff(reader, peeker: SheetPeeker | None, name: str, check) -> tuple[list[list], list[int]]:
    """The top SNIFF_ROWS rows (frame row i = Excel row i + 1) and each column's 0-based Excel index.

    From the sheet XML when possible (calamine would parse the whole sheet just to hand over 30 rows);
    else through fastexcel, once `check()` (the far-cell verdict) let the sheet through.
    """
    rows = peeker.rows(name, SNIFF_ROWS) if peeker is not None else None
    if rows is not None:
        return rows, list(range(max((len(r) for r in rows), default=0)))
    check()
    # skip_rows=0 keeps the sheet's leading blank rows, so frame row i is Excel row i + 1.
    sniff = reader.load_sheet(name, header_row=None, skip_rows=0, n_rows=SNIFF_ROWS, dtypes="string")
    infos = sniff.available_columns()
    sniff_frame = sniff.to_pandas()
    rows = sniff_frame.astype(object).where(sniff_frame.notna(), None).values.tolist()
    return rows, [info.absolute_index for info in infos]


def _read_fastexcel_sheets(path: Path, peeker: SheetPeeker | None, guard: ExtentGuard) -> RawWorkbook:
    lookup = sheet_lookup()
    reader = _interruptible(fastexcel.read_excel, str(path))
    names = list(reader.sheet_names)
    sheets: dict[str, RawSheet] = {}
    # The Mapping sheet first: the headers it names decide which columns of the others are loaded.
    def is_mapping(n: str) -> bool:
        return getattr(lookup.get(normalize_name(n)), "key", "") == "mapping"

    # Then the others, small ones first: they are read while the far-cell check looks at the big ones.
    checked = list(guard.order)
    names_mapping_first = [n for n in names if is_mapping(n)] + sorted(
        (n for n in names if not is_mapping(n)), key=lambda n: checked.index(n) if n in checked else -1)
    mapping = None
    for name in names_mapping_first:
        spec = lookup.get(normalize_name(name))
        if spec is None:
            continue
        # A big sheet is read in blocks as the far-cell scan cuts them, each once it is known to be
        # safe; any other sheet only after its verdict.
        blocks = guard.blocks(name) if spec.key not in ("settings", "mapping") else None

        def check(name=name):
            guard.check(name)
        if blocks is None:
            check()
        mapped = mapping.headers_for(spec.key) if mapping is not None else {}
        replaced = None
        if spec.key in ("settings", "mapping"):
            rows, h = [], None      # small sheets: always handed over whole
        else:
            rows, abs_cols = _sniff(reader, peeker, name, check)
            h, replaced, cells = header_rows(rows, spec, mapped)
        if h is None:
            check()
            # Settings, or no header in the top rows: the whole sheet (whose header, if the sniff
            # missed it, is looked for once more over the full load).
            full = _interruptible(reader.load_sheet, name, header_row=None, skip_rows=0, dtypes="string")
            frame = full.to_pandas()
            left = (full.available_columns()[0].absolute_index + 1) if full.available_columns() else 1
            values = frame.astype(object).where(frame.notna(), None).values.tolist()
            if spec.key == "settings":
                _number_cells(values, peeker, name, left)
            sheets[name] = locate_header(sheet_from_values(name, values, top=1, left=left), mapped)
            if spec.key == "mapping" and mapping is None:
                mapping = read_mapping(sheets[name])
            continue
        header = cells
        # Columns that have a header cell (the contract's or extra ones, reported later); of those, only
        # the first column of each contract column is loaded — the others' cells are never looked at.
        wanted = [i for i, v in enumerate(header) if v not in (None, "")]
        product = mapping.factors_for(spec.key) if mapping is not None else None
        needed, text = _needed_columns(header, wanted, spec, mapped, product.factors if product else ())
        sheets[name] = _load_sheet(reader, name, h, header, wanted, needed, text, abs_cols, replaced,
                                   blocks, check)
    sheets = {n: sheets[n] for n in names if n in sheets}      # workbook order, as read
    _table_totals(sheets, peeker)
    _add_formulas(peeker, sheets, guard)
    return RawWorkbook(sheets, source=str(path), sheet_order=names)


def _number_cells(values: list[list], peeker: SheetPeeker | None, name: str, left: int) -> None:
    """Put the Settings sheet's number cells back as numbers (the load above gives every cell as text,
    and "2025.1" as text would be January, where the cell holds the number Excel also keeps for 2025.10):
    the settings are read from what the cells hold, as the other readers hand them over. A date cell,
    which the load gives as its date (in the workbook's date system), stays as given."""
    typed = peeker.rows(name, len(values)) if peeker is not None and values else None
    if typed is None:
        return
    for r, row in enumerate(values):
        for c in range(len(row)):
            v = typed[r][c + left - 1] if c + left - 1 < len(typed[r]) else None
            if isinstance(v, float) and isinstance(row[c], str) and _NUMBER_TEXT.match(row[c]):
                row[c] = v


_NUMBER_TEXT = re.compile(r"^\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$")


def _interruptible(call, *args, **kwargs):
    """`call(...)` — calamine parsing a sheet, seconds at a million rows, during which the signal
    handler cannot run — on a worker thread, the caller waiting where Ctrl-C reaches it at once. An
    interrupted call is left to end on its own (daemon) thread; nothing of it is used."""
    if threading.current_thread() is not threading.main_thread() or sys.platform == "emscripten":
        return call(*args, **kwargs)        # (Pyodide has no threads)
    box: dict = {}

    def run():
        try:
            box["value"] = call(*args, **kwargs)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=run, name="sheet-read", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
    if "error" in box:
        raise box["error"]
    return box["value"]


def _table_totals(sheets: dict[str, RawSheet], peeker: SheetPeeker | None) -> None:
    """Mark each sheet's Excel-table totals rows (validation leaves them out, whatever they say)."""
    if peeker is None:
        return
    for name, sheet in sheets.items():
        sheet.table_totals = peeker.table_totals(name)


def _add_formulas(peeker: SheetPeeker | None, sheets: dict[str, RawSheet], guard: ExtentGuard) -> None:
    """Each input sheet's formula cells below its header (validation refuses unsaved results).

    Counted only in a sheet that holds a formula anywhere, as the far-cell scan (read/extent.py) saw
    while it streamed the sheet: a million-row sheet without one is not decompressed a second time,
    and a column of formulas that starts far down is found all the same."""
    if peeker is None:
        return
    for name, sheet in sheets.items():
        if sheet.header_row is None or name not in peeker.parts or not guard.has_formulas(name):
            continue
        try:
            sheet.formulas = formula_columns(peeker.zf, peeker.parts[name], sheet.header_row + 1)
        except Exception:   # an odd package: the values as read stand
            sheet.formulas = {}


def _load_sheet(reader, name, h, header, wanted, needed, text, abs_cols, replaced,
                blocks: SheetBlocks | None = None, check=lambda: None) -> RawSheet:
    """The data rows below the header row `h` (0-based) of one sheet, the `needed` columns loaded (a
    big sheet block by block as the far-cell scan cuts them: read/blocks.py; `check()` raises the
    sheet's far-cell finding), and how to read, for a few rows, the texts of the columns not loaded —
    not for a sheet too big to load whole: that is the very thing its blocks avoid (a total label
    there in a column not loaded stays a finding)."""
    frame = pd.DataFrame(index=range(0))
    columns = [abs_cols[i] for i in needed]
    dtypes = {abs_cols[i]: "string" for i in text} or None
    batch = None
    if needed and blocks is not None:
        try:
            batch, errors = read_blocks(blocks, h + 1, columns, dtypes, _interruptible, check)
        except BlocksFailed:      # odd XML, a full disk: the sheet is read whole, after its verdict
            blocks = None
    check()                       # (blocks: the whole sheet's verdict, known once the last block is cut)
    if needed:
        if batch is None:
            data = _interruptible(
                reader.load_sheet,
                name, header_row=None, skip_rows=h + 1, schema_sample_rows=None,
                use_columns=columns, dtypes=dtypes,
            )
            batch, cell_errors = _interruptible(data.to_arrow_with_errors)
            errors = cell_errors.errors if cell_errors is not None else []
        # A block per column: pandas would otherwise copy the float columns into one 2-D block.
        frame = _cell_texts(batch, [j for j, i in enumerate(needed) if i in text]).to_pandas(split_blocks=True)
        frame.columns = range(frame.shape[1])
        _restore_error_cells(frame, errors, columns, first_row=h + 1)
    others = (sorted(abs_cols[i] for i in range(len(header)) if i not in needed)
              if blocks is None or blocks.whole_affordable else [])
    n_rows = len(frame)
    frame = _placeholders(frame, wanted, needed)
    return RawSheet(
        name, frame, top=h + 2, left=1,
        header=[header[i] for i in wanted], header_row=h + 1,
        columns=[abs_cols[i] + 1 for i in wanted],
        replaced_header_row=None if replaced is None else replaced + 1,
        labels_of=_labels_loader(reader, name, h + 1 + n_rows, others) if others and n_rows else None,
    )


def _labels_loader(reader, name, sheet_rows: int, others: list[int]):
    """How to read the texts of a few rows in the `others` columns (0-based Excel indexes: not loaded,
    most often without a header), for validation to look for a total label there ("合计" under a
    header-less 序号 or group column): called with Excel rows, -> {Excel row: its texts, left to right}.
    Another calamine load of the sheet, so it is made only when validation has rows no loaded cell
    explains; a clean sheet never calls it."""
    def load(excel_rows) -> dict[int, tuple[str, ...]]:
        keep = np.unique(np.asarray(excel_rows, dtype="int64")) - 1       # 0-based sheet rows
        if not len(keep):
            return {}
        if keep[-1] - keep[0] + 1 == len(keep):      # one block of rows (a total line at the end)
            window = {"skip_rows": int(keep[0]), "n_rows": len(keep)}
        else:
            window = {"skip_rows": np.setdiff1d(np.arange(sheet_rows), keep).tolist()}
        part = _interruptible(reader.load_sheet, name, header_row=None, use_columns=others, dtypes="string",
                              **window).to_pandas()
        labels = {}
        for i, values in zip(keep, part.itertuples(index=False)):
            texts = tuple(v.strip() for v in values if isinstance(v, str) and v.strip())
            if texts:
                labels[int(i) + 1] = texts
        return labels
    return load


def _needed_columns(header: list, wanted: list[int], spec, mapped, factors: tuple = ()) -> tuple[list[int], set[int]]:
    """Of the header cells, the one each contract column is read from, and the first column (where
    an export writes its total and footer lines, which validation must see to leave them out); and
    those of them read as text.

    The other cells that also name a column, a unit price and a "Name" column are loaded too: which
    of them is read is decided by their cells (validate/evidence.py); so are the two headers whose
    product the Mapping sheet makes the amount (`factors`).

    Text is what the schema fixes for names, ids and choices (and the first column, when no contract
    column, is only looked at for total lines): those are loaded as strings, not typed by looking at
    every one of their cells, which calamine would otherwise do for each column over all rows. Number
    and date columns keep that look over all rows: a sample could take a column for numbers and then
    read a later "1.234" (German for 1234) as 1.234 without a word."""
    cells = [header[i] for i in wanted]
    choice = choose_columns(cells, spec, mapped)
    kind = {k: spec.column(key).type for key, k in choice.used.items()}
    kind.update({k: spec.column(key).type for key, ks in choice.left.items() for k in ks})
    price = unit_price_index(cells)
    if price is not None:
        kind[price] = NUMBER
    kind.update({k: ID for k in choice.unknown if normalize_name(cells[k]) == "name"})
    names = {normalize_name(f) for f in factors}
    kind.update({k: NUMBER for k, v in enumerate(cells) if isinstance(v, str) and normalize_name(v) in names})
    if any(c.required and c.key not in choice.used and choice.used.get(c.fallback) is None for c in spec.columns):
        # A required column not found: validation offers the headers whose cells could be it.
        kind.update({k: None for k in choice.unknown})
    needed = [i for k, i in enumerate(wanted) if k in kind or k == 0]
    text = {i for k, i in enumerate(wanted) if i in needed and kind.get(k, TEXT) in (TEXT, ID, CHOICE)}
    return needed, text


_MIDNIGHT = r"^(\d{4}-\d\d-\d\d) 00:00:00$"


def _cell_texts(batch, text_columns: list[int]):
    """Text columns as the other readers give them (parse._text_value): calamine writes a date cell
    as "2025-03-05 00:00:00" and TRUE as "true" when it loads a column as strings. Two vectorised
    checks per column; the rewrite only where such a cell is there."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrays = list(batch.columns)
    for j in text_columns:
        arr = arrays[j]
        if pc.any(pc.ends_with(arr, " 00:00:00")).as_py():
            arr = pc.replace_substring_regex(arr, pattern=_MIDNIGHT, replacement=r"\1")
        flags = pc.is_in(arr, value_set=pa.array(["true", "false"]))
        if pc.any(flags).as_py():
            arr = pc.if_else(flags, pc.utf8_upper(arr), arr)
        arrays[j] = arr
    return type(batch).from_arrays(arrays, schema=batch.schema) if text_columns else batch


def _placeholders(frame: pd.DataFrame, wanted: list[int], needed: list[int]) -> pd.DataFrame:
    """Frame columns for every wanted header cell: loaded ones as read, the rest blank (not read)."""
    if len(needed) == len(wanted):
        return frame
    pos = {i: j for j, i in enumerate(needed)}
    cols = {k: (frame[pos[i]] if i in pos else pd.Series(None, index=frame.index, dtype=object))
            for k, i in enumerate(wanted)}
    return pd.DataFrame(cols, index=frame.index)


_ERROR_TEXT = {"NA": "#N/A", "Value": "#VALUE!", "Div0": "#DIV/0!", "Ref": "#REF!", "Name": "#NAME?",
               "Num": "#NUM!", "Null": "#NULL!", "GettingData": "#GETTING_DATA"}
_ERROR_DETAIL = re.compile(r"Error\((\w+)\)")


def _restore_error_cells(frame: pd.DataFrame, errors, abs_cols: list[int], first_row: int) -> None:
    """Put Excel error cells (#N/A, …), which the typed load leaves blank, back as their text.

    fastexcel reports them separately with their absolute position; validation then names the cell and
    the error instead of calling it empty.
    """
    if not errors:
        return
    where = {c: j for j, c in enumerate(abs_cols)}
    for err in errors:
        m = _ERROR_DETAIL.search(err.detail)
        row, col = err.position
        j = where.get(col)
        if m is None or j is None or not 0 <= row - first_row < len(frame):
            continue
        if frame[j].dtype != object:
            frame[j] = frame[j].astype(object)
        frame.iat[row - first_row, j] = _ERROR_TEXT.get(m.group(1), "#" + m.group(1).upper())


def _read_openpyxl(path: Path, guard: ExtentGuard) -> RawWorkbook:
    import openpyxl

    lookup = sheet_lookup()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {}
        for ws in wb.worksheets:
            if lookup.get(normalize_name(ws.title)) is None:
                continue
            guard.check(ws.title)
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            sheets[ws.title] = sheet_from_values(ws.title, rows, top=1, left=1)
        sheets = locate_headers(sheets)
    finally:
        wb.close()
    try:
        peeker = SheetPeeker(path)
    except Exception:
        peeker = None
    try:
        _table_totals(sheets, peeker)
        _add_formulas(peeker, sheets, guard)
    finally:
        if peeker is not None:
            peeker.close()
    return RawWorkbook(sheets, source=str(path), sheet_order=list(wb.sheetnames))
