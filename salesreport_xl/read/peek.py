"""The first rows of a worksheet, straight from its XML, without parsing the whole sheet.

Finding the header row needs only the top SNIFF_ROWS rows, but any load through calamine parses the
entire sheet (a million-row sheet takes seconds). Here the worksheet part is decompressed as a stream
and parsed only up to the first row past the limit; shared strings are read only up to the highest
index those rows use. Row and column positions come from the cells' own references, so frame row i is
Excel row i + 1 and column j is Excel column j + 1 — leading blank rows and columns included.

Anything unexpected (a part missing, odd XML) makes `SheetPeeker.rows` return None; the caller then
falls back to a full load.
"""
from __future__ import annotations

import re
from xml.etree.ElementTree import iterparse

from ..a1 import column_index
from ..package_zip import SafePackage, part_relationships

_REF = re.compile(r"([A-Z]+)(\d+)")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text_of(elem) -> str:
    """Text of a <si> or <is>: its <t>, or its rich-text runs' <t>, without phonetic (<rPh>) runs."""
    parts = []
    for child in elem:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


class SheetPeeker:
    """Opens a workbook package once and hands out the top rows of any sheet by name."""

    def __init__(self, path):
        self.pkg = SafePackage(path)
        self.zf = self.pkg.zip
        self.parts = self._sheet_parts()
        self._strings: list[str] = []
        self._strings_iter = None
        # Sheet name -> the rows (1-based) of the formula cells among the rows looked at.

    def close(self) -> None:
        self.pkg.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _sheet_parts(self) -> dict[str, str]:
        rels = {rid: target for rid, (_, target) in part_relationships(self.zf, "xl/workbook.xml").items()}
        parts = {}
        with self.zf.open("xl/workbook.xml") as fh:
            for _, el in iterparse(fh):
                if _local(el.tag) == "sheet":
                    rid = el.get(f"{{{_REL_NS}}}id")
                    if rid in rels:
                        parts[el.get("name")] = rels[rid]
        return parts

    def _shared(self, index: int) -> str:
        """Shared string `index`, reading sharedStrings.xml only as far as needed."""
        if self._strings_iter is None:
            if "xl/sharedStrings.xml" not in self.zf.namelist():
                raise KeyError("no shared strings")
            self._strings_iter = iterparse(self.zf.open("xl/sharedStrings.xml"), events=("end",))
        while len(self._strings) <= index:
            _, el = next(self._strings_iter)
            if _local(el.tag) == "si":
                self._strings.append(_text_of(el))
                el.clear()
        return self._strings[index]

    def rows(self, sheet: str, n_rows: int) -> list[list] | None:
        """Rows 1..n_rows of `sheet` as lists from column A (None where empty), or None if unreadable."""
        try:
            return self._rows(sheet, n_rows)
        except Exception:  # any surprise: the caller loads the sheet the slow, sure way
            return None

    def _rows(self, sheet: str, n_rows: int) -> list[list]:
        part = self.parts[sheet]
        cells: dict[tuple[int, int], object] = {}
        row_no, col_no = 0, -1
        with self.zf.open(part) as fh:
            for event, el in iterparse(fh, events=("start", "end")):
                name = _local(el.tag)
                if event == "start":
                    if name == "row":
                        row_no = int(el.get("r")) if el.get("r") else row_no + 1
                        col_no = -1
                        if row_no > n_rows:
                            break
                    continue
                if name != "c":
                    if name == "sheetData":
                        break
                    continue
                ref = el.get("r")
                if ref:
                    m = _REF.match(ref)
                    col_no = column_index(m.group(1)) - 1
                else:
                    col_no += 1
                value = self._cell_value(el)
                if value is not None:
                    cells[(row_no - 1, col_no)] = value
                el.clear()
        width = max((c for _, c in cells), default=-1) + 1
        grid = [[None] * width for _ in range(n_rows)]
        for (r, c), v in cells.items():
            if r < n_rows:
                grid[r][c] = v
        return grid

    def _cell_value(self, el):
        kind = el.get("t", "n")
        if kind == "inlineStr":
            box = next((ch for ch in el if _local(ch.tag) == "is"), None)
            return _text_of(box) if box is not None else None
        v = next((ch.text for ch in el if _local(ch.tag) == "v"), None)
        if v is None:
            return None
        if kind == "s":
            return self._shared(int(v))
        if kind in ("str", "e"):
            return v
        if kind == "b":
            return v == "1"
        try:
            return float(v)
        except ValueError:
            return v

    def table_totals(self, sheet: str) -> tuple[int, ...]:
        """The Excel rows that are the totals row of an Excel table (ListObject) on `sheet`; () when
        there is none or the package does not say."""
        try:
            return self._table_totals(sheet)
        except Exception:  # an odd package: no table is known, and every row is read as it is
            return ()

    def _table_totals(self, sheet: str) -> tuple[int, ...]:
        tables = [target for kind, target in part_relationships(self.zf, self.parts[sheet]).values()
                  if kind.endswith("/table")]
        rows = []
        for table in tables:
            with self.zf.open(table) as fh:
                for _, el in iterparse(fh, events=("start",)):
                    if _local(el.tag) == "table":
                        count = int(el.get("totalsRowCount") or 0)
                        m = _REF.match((el.get("ref") or "").split(":")[-1])
                        if count and m:
                            last = int(m.group(2))
                            rows.extend(range(last - count + 1, last + 1))
                        break
        return tuple(rows)
