"""The real extent of an input sheet, from the cells in its package part, before any reader gets it.

The fast reader (calamine) holds a sheet as one dense block of rows × columns, from the first cell to
the last: one value at XFD1048576 — even an empty string — asks for 16,384 × 1,048,576 cells (512 GiB,
the process aborts), and one at XFD20000 for 10 GB. The `<dimension>` tag cannot say (a writer may
leave it out or get it wrong), so the cells themselves are looked at:

- the part is inflated as a stream, a few MB at a time (memory stays flat whatever its size), and each
  piece searched for a cell reference past column BL (64 columns: any height up to Excel's 1,048,576
  rows fits the budget below) — one regular-expression search per piece, in Arrow's RE2, which scans
  without stopping at every cell; only a piece where one is found is looked at cell by cell;
- the height is the last row number seen (rows come in order), or the number of rows;
- a sheet of more than MAX_CELLS cells (1,048,576 × 64) is refused with a finding naming the far cell,
  so the user can clear it;
- a row numbered past Excel's last (1,048,576: no file Excel writes has one) is refused the same way,
  naming its first cell: the reader would make room for every row up to it (a row 50,000,000 of 12
  columns is ~19 GB), and however narrow the sheet, it is no sheet Excel can open.

A cell written without a value (`<c r="XFD9" s="1"/>`, formatting only) does not count: no reader
makes room for it. The scan runs on its own thread (inflating and RE2 let go of the GIL), so it
overlaps with the reading of the small sheets; the reader waits for a sheet's verdict before loading it
— except a big sheet, which the scan cuts into row blocks as it goes (read/blocks.py): each block is
loaded as soon as it is cut, while the scan goes on with the next, when no value far to the right came
before its end.
"""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
import threading
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..a1 import column_index
from ..errors import ERROR, Finding, InputError
from . import blocks as sheet_blocks
from .blocks import SheetBlocks

EXCEL_ROWS = 1_048_576
MAX_CELLS = EXCEL_ROWS * 64
WIDE_COLUMNS = 64            # "BL": a sheet this wide fits MAX_CELLS at Excel's full height
_CHUNK = 4 * 1024 * 1024
_OVERLAP = 4096              # a cell's tag cut between two pieces is whole in the next one

# A reference past BL: three letters, or two from BM on. Spelled out for WIDE_COLUMNS == 64.
_FAR_TEXT = r' r="(?:[A-Z]{3}|B[M-Z]|[C-Z][A-Z])[0-9]'
_FAR_CELL = re.compile(rb' r="([A-Z]{3}|B[M-Z]|[C-Z][A-Z])([0-9]+)"[^>]*?(/?)>')
_ROW_NUMBER = re.compile(rb'row r="([0-9]+)"')
assert column_index("BL") == WIDE_COLUMNS and column_index("BM") == WIDE_COLUMNS + 1


@dataclass(frozen=True)
class Extent:
    rows: int                 # the last row with a cell
    columns: int              # the last column with a value (0: none past WIDE_COLUMNS looked at)
    far_cell: str = ""        # the cell furthest right, when one is past WIDE_COLUMNS
    formulas: bool = False    # a formula element anywhere (read/formulas.py then counts them per column)
    past_last_row: str = ""   # the first cell (or row) numbered past EXCEL_ROWS

    @property
    def cells(self) -> int:
        return self.rows * max(self.columns, WIDE_COLUMNS)


def sheet_extent(zf: zipfile.ZipFile, part: str, stop: threading.Event | None = None,
                 blocks: SheetBlocks | None = None) -> Extent:
    """The extent of the worksheet `part` of the open package `zf`, read as a stream (and, given
    `blocks`, the sheet cut into row blocks from the same stream: read/blocks.py)."""
    try:
        return _scan(zf, part, stop, blocks)
    finally:
        if blocks is not None and not blocks.ok:
            blocks.abandon()             # stopped, or the part could not be read: no reader waits on
                                         # blocks that will never come


def _scan(zf: zipfile.ZipFile, part: str, stop: threading.Event | None, blocks: SheetBlocks | None) -> Extent:
    rows = row_tags = 0
    far_col, far_row, far_cell, cell_row = 0, 0, "", 0
    formulas = False
    past = ""
    tail = b""
    with zf.open(part) as fh:
        while True:
            if stop is not None and stop.is_set():
                break
            piece = fh.read(_CHUNK)
            if not piece:
                break
            data = tail + piece
            last = data.rfind(b'row r="')
            m = _ROW_NUMBER.match(data, last) if last >= 0 else None
            if m:
                rows = max(rows, int(m.group(1)))
                if rows > EXCEL_ROWS and not past:      # rows come in order: the first one past is here
                    past = _first_past_last_row(data)
            else:       # rows without numbers (rare; counting costs as much as inflating)
                row_tags += piece.count(b"<row") + piece.count(b":row ")
            view = _binary(data)
            formulas = formulas or _matches(view, data, _FORMULA_TEXT, _FORMULA)
            if _matches(view, data, _FAR_TEXT, _FAR_CELL):
                for m in _FAR_CELL.finditer(data):
                    if m.end() + 2 > len(data):      # what follows its tag is in the next piece,
                        continue                     # which sees the tag whole (_OVERLAP)
                    if m.group(3) or data.startswith(b"</", m.end()):   # <c r="XFD9" s="1"/> or
                        continue                                           # …></c>: formatting only
                    col, row = column_index(m.group(1).decode()), int(m.group(2))
                    far_row = max(far_row, row)
                    if (col, row) > (far_col, cell_row):      # furthest right, then lowest
                        far_col, cell_row, far_cell = col, row, f"{m.group(1).decode()}{row}"
            if blocks is not None:
                # After the search: a block cut now holds only rows searched, and says whether a
                # value far to the right came before its end (then it waits for the verdict).
                blocks.feed(piece, clean=far_col == 0 and not past)
            tail = data[-_OVERLAP:]
    if blocks is not None and not (stop is not None and stop.is_set()):
        blocks.finish()
    return Extent(max(rows, row_tags, far_row), far_col, far_cell, formulas, past)


def _first_past_last_row(data: bytes) -> str:
    """The first cell of the first row numbered past EXCEL_ROWS in `data` ("A3000000"; the row's
    number as "row 3000000" when its first cell has no reference)."""
    for m in _ROW_NUMBER.finditer(data):
        if int(m.group(1)) > EXCEL_ROWS:
            cell = _CELL_REF.search(data, m.end())
            return cell.group(1).decode() if cell and cell.group(1).endswith(m.group(1)) else f"A{m.group(1).decode()}"
    return ""


_CELL_REF = re.compile(rb'<(?:[A-Za-z0-9_]+:)?c r="([A-Z]+[0-9]+)"')


# A formula element, bare or prefixed (<f>, <f t="shared" …/>, <x:f>), looked for in the piece already
# inflated, so a sheet without formulas is not decompressed a second time to know it. One RE2 search:
# plain byte finds for "<f" stop at every "<" of the sheet (a 4 MB piece: 21 ms against 3 ms).
_FORMULA_TEXT = r"<(?:[A-Za-z0-9_]+:)?f[ >/]"
_FORMULA = re.compile(_FORMULA_TEXT.encode())


def _binary(data: bytes):
    """`data` as a one-value Arrow binary array over the same memory (no copy), or None without pyarrow."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - a platform without pyarrow
        return None
    offsets = pa.array([0, len(data)], pa.int32()).buffers()[1]
    return pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(data)])


def _matches(view, data: bytes, text: str, fallback: re.Pattern) -> bool:
    """Does the pattern occur in `data` (`view`: the same as _binary gave it)? Arrow's RE2 scans
    without stopping at each cell; without pyarrow, Python's own regular expressions."""
    if view is None:  # pragma: no cover - a platform without pyarrow
        return fallback.search(data) is not None
    import pyarrow.compute as pc
    return pc.any(pc.match_substring_regex(view, text)).as_py()


def _xml_size(zf: zipfile.ZipFile, part: str) -> int:
    try:
        return zf.getinfo(part).file_size
    except KeyError:
        return 0


def far_cell_finding(sheet: str, extent: Extent) -> Finding | None:
    """An error naming the far cell when the sheet would cost more than MAX_CELLS, or the first cell
    of a row numbered past Excel's last, else None."""
    if extent.past_last_row:
        return Finding(
            ERROR, sheet, extent.past_last_row,
            f"is in a row past Excel's last row ({EXCEL_ROWS:,}): the file was not written by Excel or "
            "was damaged; open it in Excel (or re-export it) and save it again",
            f"位于 Excel 最后一行（{EXCEL_ROWS:,}）之后：该文件不是 Excel 保存的，或已损坏；请在 Excel 中打开"
            "（或重新导出）后再保存",
            code="far_cell")
    if extent.cells <= MAX_CELLS or not extent.far_cell:
        return None
    size = f"{extent.rows:,} rows × {extent.columns:,} columns"
    return Finding(
        ERROR, sheet, extent.far_cell,
        f"holds a value far outside the data (the sheet would be read as {size}): clear that cell, or "
        "delete the columns past the data, and save again",
        f"有一个远离数据区的值（整张表将按 {extent.rows:,} 行 × {extent.columns:,} 列读取）：请清除该单元格，"
        "或删除数据区以外的列后重新保存",
        code="far_cell")


class ExtentGuard:
    """Scans the given sheets on a thread as soon as it is made; `check(name)` waits for that sheet's
    verdict and raises InputError (a far-cell finding) when it must not be read. A sheet whose XML is
    over SPLIT_BYTES is cut into row blocks by the same scan (`blocks(name)`, handed out before the
    verdict: read/blocks.py), in a temporary folder removed on close."""

    def __init__(self, path, parts: dict[str, str]):
        self.order = list(parts)
        self._parts = dict(parts)
        self._stop = threading.Event()
        self._extents: dict[str, Extent] = {}
        self._zip = zipfile.ZipFile(path)
        # No threads in Pyodide (xlwings Lite): there each sheet is looked at when it is checked.
        self._pool = None if sys.platform == "emscripten" else ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="sheet-extent")
        self._folder: Path | None = None
        self._blocks: dict[str, SheetBlocks] = {}
        if self._pool is not None:
            for name, part in parts.items():
                size = _xml_size(self._zip, part)
                if size > sheet_blocks.SPLIT_BYTES:
                    self._blocks[name] = SheetBlocks(self._zip, self._block_file(len(self._blocks)), size)
        self._futures: dict[str, Future] = {} if self._pool is None else {
            name: self._pool.submit(sheet_extent, self._zip, part, self._stop, self._blocks.get(name))
            for name, part in parts.items()}

    def _block_file(self, k: int) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="salesreport-blocks-"))
        return self._folder / f"sheet{k}.xlsx"

    def _extent(self, name: str) -> Extent:
        if name not in self._extents:
            future = self._futures.get(name)
            self._extents[name] = (future.result() if future is not None
                                   else sheet_extent(self._zip, self._parts[name]))
        return self._extents[name]

    def blocks(self, name: str) -> SheetBlocks | None:
        """The sheet being cut into row blocks, when it is big enough (read/blocks.read_blocks takes
        each block as it comes, and says when the cut did not go through), without waiting for its
        verdict."""
        blocks = self._blocks.get(name)
        return None if blocks is None or blocks.failed else blocks

    def has_formulas(self, name: str) -> bool:
        """Does the sheet hold a formula anywhere? True for a sheet not scanned (counted then)."""
        return name not in self._parts or self._extent(name).formulas

    def check(self, name: str) -> None:
        if name not in self._parts:
            return
        finding = far_cell_finding(name, self._extent(name))
        if finding is not None:
            raise InputError([finding])

    def close(self) -> None:
        self._stop.set()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        for blocks in self._blocks.values():
            blocks.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._zip.close()

    def __enter__(self) -> "ExtentGuard":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
