"""A large sheet cut into row blocks while the far-cell scan inflates it, each block read as soon as it is cut.

The far-cell scan (read/extent.py) must pass a sheet before calamine may load it (one far cell makes
calamine ask for terabytes), and at a million rows it takes seconds of inflating the part. A sheet whose
XML is over SPLIT_BYTES is therefore cut by that same scan — at row boundaries, into blocks of about
BLOCK_BYTES of XML (the first one smaller, so reading starts early) — and each block is written, stored
without compression, as the one worksheet of a small workbook of its own beside the source's shared
strings and styles. A block is handed to the reader the moment it is complete, with whether the scan had
seen a value far to the right by then: a clean block is safe to load whatever the rest of the sheet
holds (its cells are all within WIDE_COLUMNS columns and its own rows), so calamine parses block k on
one core while the scan inflates block k+1 on the other; a block after a far cell waits for the whole
sheet's verdict. Memory follows one block, not the sheet (1M rows × 30 columns: 2.9 GB read whole).

A block keeps its rows' own numbers, so reading block k from the row after block k-1's last one gives
exactly the frame rows the whole sheet would (read/file.py joins them). Anything unexpected — rows
without numbers, no <sheetData>, a full disk — fails the blocks (`BlocksFailed` for a reader waiting on
them) and the sheet is read whole after its verdict, as before.
"""
from __future__ import annotations

import re
import shutil
import threading
import zipfile
from pathlib import Path
from typing import NamedTuple

from ..date_system import workbook_xml_date1904
from ..errors import SalesReportError
from ..package_zip import part_relationships

SPLIT_BYTES = 64 << 20      # a sheet's XML above this is cut into blocks (1M × 12 columns is ~0.8 GB)
WHOLE_BYTES = 1 << 30       # up to this, the whole sheet may still be loaded at once (read/file.py's labels)
BLOCK_BYTES = 128 << 20     # ~2.5M cells: ~250 MB in calamine while one block is read
FIRST_BLOCK = 4             # the first block is BLOCK_BYTES / FIRST_BLOCK: the reader starts sooner

_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]+)"')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD_LIMIT = 64 << 20      # a worksheet's part before <sheetData> (views, columns) is never this big
_SHEET = "b"                # each block's one worksheet
_AFTER_ROW = (b" ", b">", b"/", b"\t", b"\r", b"\n")      # what follows "<row" in a row's own tag


class BlocksFailed(SalesReportError):
    """The cut did not go through: the sheet is to be read whole (caught by the reader, never shown)."""


class Block(NamedTuple):
    path: Path           # a workbook holding this block as its one worksheet, _SHEET
    last: int            # the block's last row number (1-based)
    clean: bool          # no value past the far-cell columns in the sheet up to this block's end


class CellError(NamedTuple):
    """An error cell fastexcel reported, at its absolute (0-based row, column) position."""
    position: tuple[int, int]
    detail: str


class SheetBlocks:
    """Fed the inflated XML of one worksheet piece by piece (on the scan's thread); writes and hands out
    the blocks as it goes (`wait`, on the reader's thread)."""

    def __init__(self, source: zipfile.ZipFile, path: Path, xml_bytes: int = 0):
        self.path = Path(path)       # block k is written beside it, as <stem>-<k>.xlsx
        self.xml_bytes = xml_bytes
        self._source = source
        self._cond = threading.Condition()
        self._blocks: list[Block] = []
        self._zip: zipfile.ZipFile | None = None
        self._out = None
        self._file: Path | None = None
        self._buf = b""
        self._head: bytes | None = None
        self._row_open = self._close = self._root_close = b""
        self._written = 0            # bytes of rows in the block being written
        self._last_row = 0           # the last row number written so far
        self._clean = True           # as the scan last said
        self._done = False           # </sheetData> reached
        self._date1904: bool | None = None
        self.failed = False
        self.ok = False              # every block is written: the scan reached the end of the sheet

    @property
    def names(self) -> list[str]:
        return [f"b{k + 1}" for k in range(len(self._blocks))]

    @property
    def lasts(self) -> list[int]:
        """Each block's last row number (1-based)."""
        return [b.last for b in self._blocks]

    @property
    def whole_affordable(self) -> bool:
        """Could the sheet still be loaded whole (for a few rows of columns not loaded)?"""
        return self.xml_bytes <= WHOLE_BYTES

    def skip_rows(self, k: int, first: int) -> int:
        """The 0-based sheet row to read block k from, to read the sheet from 0-based row `first` on."""
        return first if k == 0 else max(first, self._blocks[k - 1].last)

    # ----------------------------------------------------------------------------- while scanning
    def feed(self, piece: bytes, clean: bool = True) -> None:
        """The next piece of the worksheet's XML; `clean`: the scan found no value far to the right in
        the sheet up to the end of this piece (a block cut now carries it)."""
        if self.failed or self._done:
            return
        self._clean = self._clean and clean
        try:
            self._feed(piece)
        except Exception:        # a full disk, a temp folder gone, odd XML: the sheet is read whole
            self._fail()

    def _feed(self, piece: bytes) -> None:
        self._buf += piece
        if self._head is None:
            m = _SHEET_DATA.search(self._buf)
            if m is None:
                if len(self._buf) > _HEAD_LIMIT:
                    self._fail()
                return
            if m.group(2):           # <sheetData/>: nothing to cut
                self._fail()
                return
            prefix = m.group(1) or b""
            self._head = _DIMENSION.sub(b"", self._buf[:m.end()])
            self._row_open, self._close = b"<" + prefix + b"row", b"</" + prefix + b"sheetData>"
            self._root_close = b"</" + prefix + b"worksheet>"
            self._buf = self._buf[m.end():]
            self._open_block()
        cut = self._last_row_tag()
        end = self._buf.find(self._close, max(cut, 0))
        if end >= 0:                    # the last rows: what follows </sheetData> is not needed
            self._buf, self._done = self._buf[:end], True
        self._cut_blocks()
        if self._done:
            self._write(len(self._buf))
            self._buf, self._done = b"", not self.failed
            return
        cut = self._last_row_tag()
        if cut > 0:                     # whole rows out; a row cut by the piece's end waits
            self._write(cut)
            self._buf = self._buf[cut:]

    def _last_row_tag(self) -> int:
        """Where the buffer's last <row> tag begins (-1: none). </sheetData> can only come after it, so
        a piece of rows is not searched from its start for a tag that comes once (5 ms per 4 MB)."""
        at = self._buf.rfind(self._row_open)
        while at >= 0 and self._buf[at + len(self._row_open):at + len(self._row_open) + 1] not in _AFTER_ROW:
            at = self._buf.rfind(self._row_open, 0, at)        # <rowBreaks>, after sheetData: not a row
        return at

    def _limit(self) -> int:
        return BLOCK_BYTES if self._blocks else max(BLOCK_BYTES // FIRST_BLOCK, 1)

    def _cut_blocks(self) -> None:
        """Start a new block at the first row that begins past the block's size (as often as it fits)."""
        while not self.failed and self._written + len(self._buf) > self._limit():
            at = self._buf.find(self._row_open, max(self._limit() - self._written, 1))
            if at <= 0 or not _ROW_NUMBER.match(self._buf, at):
                return                  # the row's tag is not all here yet
            self._write(at)
            self._buf = self._buf[at:]
            if not self.failed:
                self._close_block()
                self._open_block()

    def _write(self, end: int) -> None:
        """The buffer's rows up to `end` into the block being written."""
        if end <= 0 or self.failed:
            return
        start = self._buf.rfind(self._row_open, 0, end)
        m = _ROW_NUMBER.match(self._buf, start) if start >= 0 else None
        if start >= 0 and m is None:      # rows without numbers: a block could not say where it is
            self._fail()
            return
        if m is not None:
            self._last_row = int(m.group(1))
        with memoryview(self._buf) as view:         # (not a copy of the rows)
            self._out.write(view[:end])
        self._written += end

    def _open_block(self) -> None:
        self._file = self.path.with_name(f"{self.path.stem}-{len(self._blocks) + 1}.xlsx")
        self._zip = zipfile.ZipFile(self._file, "w", zipfile.ZIP_STORED)
        self._out = self._zip.open(zipfile.ZipInfo(f"xl/worksheets/{_SHEET}.xml", (1980, 1, 1, 0, 0, 0)), "w",
                                   force_zip64=True)
        self._out.write(self._head)
        self._written = 0

    def _close_block(self) -> None:
        self._out.write(self._close + self._root_close)
        self._out.close()
        self._out = None
        self._write_workbook()
        self._zip.close()
        self._zip = None
        with self._cond:
            self._blocks.append(Block(self._file, self._last_row, self._clean))
            self._cond.notify_all()

    def abandon(self) -> None:
        """The scan stopped before the end of the sheet: no more blocks, and the sheet is read whole."""
        self._fail()

    def _fail(self) -> None:
        self._buf = b""
        self.close()
        with self._cond:
            self.failed = True
            self._cond.notify_all()

    # ----------------------------------------------------------------------------- at the end
    def finish(self) -> None:
        """After the last piece: the last block closed (an empty one dropped)."""
        if self.failed or not self._done or self._out is None:
            self._fail()
            return
        try:
            if self._written or not self._blocks:
                self._close_block()
            else:                     # an empty block after the cut: dropped
                self.close()
                self._file.unlink()
        except Exception:        # as in feed: the sheet is then read whole
            self._fail()
            return
        with self._cond:
            self.ok = True
            self._cond.notify_all()

    def _write_workbook(self) -> None:
        if self._date1904 is None:
            self._date1904 = workbook_xml_date1904(self._source.read("xl/workbook.xml"))
        parts = _workbook_parts(self._source)
        pr = '<workbookPr date1904="1"/>' if self._date1904 else "<workbookPr/>"
        self._put("xl/workbook.xml", f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">{pr}<sheets>'
                                     f'<sheet name="{_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        rels = [f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/{_SHEET}.xml"/>']
        overrides = [f'<Override PartName="/xl/worksheets/{_SHEET}.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>']
        for kind, target, content in (("sharedStrings", "sharedStrings.xml", "sharedStrings"),
                                      ("styles", "styles.xml", "styles")):
            if kind in parts:
                with self._source.open(parts[kind]) as src, self._zip.open(f"xl/{target}", "w",
                                                                            force_zip64=True) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                rels.append(f'<Relationship Id="r{kind}" Type="{_REL}/{kind}" Target="{target}"/>')
                overrides.append(f'<Override PartName="/xl/{target}" ContentType="application/'
                                 f'vnd.openxmlformats-officedocument.spreadsheetml.{content}+xml"/>')
        self._put("xl/_rels/workbook.xml.rels", _relationships("".join(rels)))
        self._put("_rels/.rels", _relationships(
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'))
        self._put("[Content_Types].xml",
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Override PartName="/xl/workbook.xml" ContentType="application/'
                  'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                  + "".join(overrides) + "</Types>")

    def _put(self, name: str, text: str) -> None:
        self._zip.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)),
                           '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)

    # ----------------------------------------------------------------------------- for the reader
    def wait(self, k: int) -> Block | None:
        """Block k once it is complete; None when the sheet has fewer blocks. Raises BlocksFailed when
        the cut did not go through (then no block is to be used)."""
        with self._cond:
            while not (self.failed or self.ok or k < len(self._blocks)):
                self._cond.wait(0.1)        # short waits: Ctrl-C still reaches the main thread
            if self.failed:
                raise BlocksFailed()
            return self._blocks[k] if k < len(self._blocks) else None

    def close(self) -> None:
        """Let go of the file being written (the folder is removed by whoever made it)."""
        for handle in (self._out, self._zip):
            try:
                if handle is not None:
                    handle.close()
            except (OSError, ValueError, zipfile.BadZipFile):
                pass
        self._out = self._zip = None


def _relationships(body: str) -> str:
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def _workbook_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """The source's shared strings and styles parts, by the workbook's relationships."""
    return {kind.rsplit("/", 1)[-1]: target for kind, target in part_relationships(zf, "xl/workbook.xml").values()
            if kind.rsplit("/", 1)[-1] in ("sharedStrings", "styles")}


# ------------------------------------------------------------------------------------- reading them
def read_blocks(blocks: SheetBlocks, first: int, columns: list[int], dtypes: dict | None, run, verdict):
    """The rows from 0-based sheet row `first` on of the given (absolute) columns, block by block as the
    scan cuts them, as one Arrow table in `columns` order (a chunk per block), and the error cells
    fastexcel reported (CellError, absolute positions).

    `run(call, *args, **kwargs)` makes each parse interruptible (read/file.py); `verdict()` raises
    when the sheet must not be read (a far cell), and is called before a block that is not clean is
    loaded. Raises BlocksFailed when the cut did not go through. A column is typed as the whole sheet's
    load would type it: blocks that differ (whole numbers here, fractions there) are widened, dates to
    date-times; any other mix is read again as text in every block, as one load of a column holding
    text and numbers gives text — validation then names each cell that is not a number.
    """
    import pyarrow as pa

    forced = dict(dtypes or {})
    loaded, errors = _load_all(blocks, first, columns, forced, run, verdict)
    again = _mixed_columns(loaded, columns)
    if again:
        forced.update({c: "string" for c in again})
        loaded, errors = _load_all(blocks, first, columns, forced, run, verdict)
    arrays = []
    for c in columns:
        parts = [(part.get(c), height) for part, height in loaded]
        kind = _common_type([a.type for a, _ in parts if a is not None and a.null_count < len(a)])
        # Chunks, not one array: joining them would copy every column once more.
        arrays.append(pa.chunked_array([_padded(a, height, kind) for a, height in parts], type=kind))
    names = [f"c{c}" for c in columns]
    return pa.Table.from_arrays(arrays, names=names), errors


def _load_all(blocks: SheetBlocks, first: int, columns: list[int], dtypes: dict, run, verdict):
    """Each block through a reader of its own, as soon as it is cut: fastexcel's reader keeps every
    sheet it has loaded, so one reader for all the blocks would hold the whole sheet again by the last.

    Block k > 0 is read with its header row set to the row just above the rows wanted (a row of the
    block before: empty here) rather than skipping rows from the top: calamine then builds its dense
    range from that row, not from row 1 — the last of 7 blocks of 1M rows took 400 MB and 0.8 s of
    empty rows above its own 21k otherwise."""
    import fastexcel

    wanted = set(columns)
    loaded, errors, checked = [], [], False
    k = 0
    while (block := blocks.wait(k)) is not None:
        if not block.clean and not checked:
            verdict()                      # a value far to the right by now: only if the sheet passes
            checked = True
        start = blocks.skip_rows(k, first)
        k += 1
        if start >= block.last:
            continue                       # the rows wanted begin below this block
        window = {"header_row": None, "skip_rows": start} if k == 1 else {"header_row": start - 1}
        reader = run(fastexcel.read_excel, str(block.path))
        sheet = run(reader.load_sheet, _SHEET, schema_sample_rows=None,
                    use_columns=lambda info: info.absolute_index in wanted, dtypes=dict(dtypes) or None, **window)
        batch, errs = run(sheet.to_arrow_with_errors)
        present = [info.absolute_index for info in sheet.selected_columns]
        # A block's rows run to its last row tag; the reader stops at its last cell with a value.
        loaded.append((k - 1, {c: batch.column(j) for j, c in enumerate(present)}, batch.num_rows,
                       block.last - start))
        top = window["header_row"] or 0          # with a header row, positions count from it
        errors.extend(CellError((e.position[0] + top, e.position[1]), e.detail)
                      for e in (errs.errors if errs is not None else []))
        del reader, sheet, batch
    final = k - 1
    return [(part, rows if i == final else height) for i, part, rows, height in loaded], errors


def _mixed_columns(loaded: list, columns: list[int]) -> list[int]:
    out = []
    for c in columns:
        kinds = [part[c].type for part, _ in loaded if c in part and part[c].null_count < len(part[c])]
        if _common_type(kinds, strict=True) is None:
            out.append(c)
    return out


def _common_type(kinds: list, strict: bool = False):
    """The one type blocks of these types make together (None when only text can hold them)."""
    import pyarrow as pa

    distinct = set(kinds)
    if not distinct:
        return pa.string()
    if len(distinct) == 1:
        return distinct.pop()
    if all(pa.types.is_integer(k) or pa.types.is_floating(k) for k in distinct):
        return pa.float64()
    if all(pa.types.is_timestamp(k) or pa.types.is_date(k) for k in distinct):
        return next((k for k in distinct if pa.types.is_timestamp(k)), pa.timestamp("ms"))
    return None if strict else pa.string()


def _padded(array, height: int, kind):
    import pyarrow as pa

    if array is None:
        return pa.nulls(height, kind)
    array = array.cast(kind)
    return pa.concat_arrays([array, pa.nulls(height - len(array), kind)]) if len(array) < height else array
