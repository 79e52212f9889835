"""A sheet too large for the fast reader's one dense block, cut into row blocks read one at a time.

calamine holds a sheet as one dense block of rows × columns, the columns nobody asked for included:
a Sales export of 1M rows × 30 columns peaks at 2.6 GB though the report reads 13 of them. A sheet
whose XML is over SPLIT_BYTES is therefore cut — while the far-cell scan (read/extent.py) inflates it
anyway, so the package is not decompressed a second time — at row boundaries into blocks of about
BLOCK_BYTES of XML. Each block is a worksheet of one temporary workbook beside the source's shared
strings and styles, stored without compression (it is read once, by this process). A block keeps its
rows' own numbers, so reading block k from the row after block k-1's last one gives exactly the frame
rows the whole sheet would (read/file.py joins them); memory then follows one block, not the sheet.

Anything unexpected — rows without numbers, no <sheetData>, a full disk — leaves the sheet whole:
`ok` is False and the reader takes the one-block path, as before.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from ..date_system import workbook_xml_date1904
from ..package_zip import part_relationships

SPLIT_BYTES = 1 << 30       # a sheet's XML above this is read in blocks (1M × 12 columns is ~0.8 GB)
BLOCK_BYTES = 128 << 20     # ~2.5M cells: ~250 MB in calamine while one block is read

_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]+)"')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD_LIMIT = 64 << 20      # a worksheet's part before <sheetData> (views, columns) is never this big


class SheetBlocks:
    """Fed the inflated XML of one worksheet piece by piece; writes the blocks as it goes."""

    def __init__(self, source: zipfile.ZipFile, path: Path):
        self.path = Path(path)
        self._source = source
        self._zip: zipfile.ZipFile | None = zipfile.ZipFile(self.path, "w", zipfile.ZIP_STORED)
        self._out = None
        self._buf = b""
        self._head: bytes | None = None
        self._row_open = self._close = b""
        self._written = 0            # bytes of rows in the block being written
        self._last_row = 0           # the last row number written so far
        self._done = False           # </sheetData> reached
        self.failed = False
        self.lasts: list[int] = []   # each block's last row number (1-based)
        self.ok = False              # the blocks are complete and readable

    @property
    def names(self) -> list[str]:
        return [f"b{k + 1}" for k in range(len(self.lasts))]

    def skip_rows(self, k: int, first: int) -> int:
        """Rows to skip (counted from row 1) to read block k from 0-based sheet row `first` on."""
        return first if k == 0 else max(first, self.lasts[k - 1])

    # ----------------------------------------------------------------------------- while scanning
    def feed(self, piece: bytes) -> None:
        if self.failed or self._done:
            return
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
        end = self._buf.find(self._close)
        if end >= 0:                    # the last rows: what follows </sheetData> is not needed
            self._buf, self._done = self._buf[:end], True
        self._cut_blocks()
        if self._done:
            self._write(self._buf)
            self._buf, self._done = b"", not self.failed
            return
        cut = self._buf.rfind(self._row_open)
        if cut > 0:                     # whole rows out; a row cut by the piece's end waits
            self._write(self._buf[:cut])
            self._buf = self._buf[cut:]

    def _cut_blocks(self) -> None:
        """Start a new block at the first row that begins past BLOCK_BYTES (as often as it fits)."""
        while not self.failed and self._written + len(self._buf) > BLOCK_BYTES:
            at = self._buf.find(self._row_open, max(BLOCK_BYTES - self._written, 1))
            if at <= 0 or not _ROW_NUMBER.match(self._buf, at):
                return                  # the row's tag is not all here yet
            self._write(self._buf[:at])
            self._buf = self._buf[at:]
            if not self.failed:
                self._close_block()
                self._open_block()

    def _write(self, rows: bytes) -> None:
        if not rows or self.failed:
            return
        start = rows.rfind(self._row_open)
        m = _ROW_NUMBER.match(rows, start) if start >= 0 else None
        if start >= 0 and m is None:      # rows without numbers: a block could not say where it is
            self._fail()
            return
        if m is not None:
            self._last_row = int(m.group(1))
        self._out.write(rows)
        self._written += len(rows)

    def _open_block(self) -> None:
        name = f"xl/worksheets/b{len(self.lasts) + 1}.xml"
        self._out = self._zip.open(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), "w", force_zip64=True)
        self._out.write(self._head)
        self._written = 0

    def _close_block(self) -> None:
        self._out.write(self._close + self._root_close)
        self._out.close()
        self._out = None
        self.lasts.append(self._last_row)

    def abandon(self) -> None:
        """The scan stopped before the end of the sheet: no blocks."""
        self._fail()

    def _fail(self) -> None:
        self.failed = True
        self._buf = b""
        self.close()

    # ----------------------------------------------------------------------------- at the end
    def finish(self) -> None:
        """After the last piece: the last block closed, the workbook's other parts written."""
        if self.failed or not self._done or self._out is None:
            self._fail()
            return
        try:
            if self._written or not self.lasts:
                self._close_block()
            else:                     # an empty block after the cut: dropped
                self._out.close()
                self._out = None
                self._zip.close()
                self._zip = None
                self._fail()
                return
            self._write_workbook()
            self._zip.close()
            self._zip = None
            self.ok = True
        except Exception:        # as in feed: the sheet is then read whole
            self._fail()

    def _write_workbook(self) -> None:
        parts = _workbook_parts(self._source)
        date1904 = workbook_xml_date1904(self._source.read("xl/workbook.xml"))
        sheets = "".join(f'<sheet name="{n}" sheetId="{k + 1}" r:id="rId{k + 1}"/>'
                         for k, n in enumerate(self.names))
        pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
        self._put("xl/workbook.xml", f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">{pr}<sheets>{sheets}</sheets></workbook>')
        rels = [f'<Relationship Id="rId{k + 1}" Type="{_REL}/worksheet" Target="worksheets/{n}.xml"/>'
                for k, n in enumerate(self.names)]
        overrides = [f'<Override PartName="/xl/worksheets/{n}.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for n in self.names]
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
def read_blocks(blocks: SheetBlocks, first: int, columns: list[int], dtypes: dict | None, run):
    """The rows from 0-based sheet row `first` on of the given (absolute) columns, block by block, as
    one Arrow table in `columns` order (a chunk per block), and the error cells fastexcel reported (absolute positions).

    `run(call, *args, **kwargs)` makes each parse interruptible (read/file.py). A column is typed as
    the whole sheet's load would type it: blocks that differ (whole numbers here, fractions there) are
    widened, dates to date-times; any other mix is read again as text in every block, as one load of
    a column holding text and numbers gives text — validation then names each cell that is not a number.
    """
    import pyarrow as pa

    forced = dict(dtypes or {})
    loaded, errors = _load_all(blocks, first, columns, forced, run)
    again = _mixed_columns(loaded, columns)
    if again:
        forced.update({c: "string" for c in again})
        loaded, errors = _load_all(blocks, first, columns, forced, run)
    arrays = []
    for c in columns:
        parts = [(part.get(c), height) for part, height in loaded]
        kind = _common_type([a.type for a, _ in parts if a is not None and a.null_count < len(a)])
        # Chunks, not one array: joining them would copy every column once more.
        arrays.append(pa.chunked_array([_padded(a, height, kind) for a, height in parts], type=kind))
    names = [f"c{c}" for c in columns]
    return pa.Table.from_arrays(arrays, names=names), errors


def _load_all(blocks: SheetBlocks, first: int, columns: list[int], dtypes: dict, run):
    """Each block through a reader of its own: fastexcel's reader keeps every sheet it has loaded,
    so one reader for all the blocks would hold the whole sheet again by the last one."""
    import fastexcel

    wanted = set(columns)
    loaded, errors = [], []
    for k, name in enumerate(blocks.names):
        skip = blocks.skip_rows(k, first)
        last = k == len(blocks.names) - 1
        if not last and skip >= blocks.lasts[k]:
            continue                       # the header is below this block (or the block is empty)
        reader = run(fastexcel.read_excel, str(blocks.path))
        sheet = run(reader.load_sheet, name, header_row=None, skip_rows=skip, schema_sample_rows=None,
                    use_columns=lambda info: info.absolute_index in wanted,
                    dtypes={c: t for c, t in dtypes.items()} or None)
        batch, errs = run(sheet.to_arrow_with_errors)
        present = [info.absolute_index for info in sheet.selected_columns]
        # A block's rows run to its last row tag; the reader stops at its last cell with a value.
        height = batch.num_rows if last else blocks.lasts[k] - skip
        loaded.append(({c: batch.column(j) for j, c in enumerate(present)}, height))
        errors.extend(errs.errors if errs is not None else [])
        del reader, sheet, batch
    return loaded, errors


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
