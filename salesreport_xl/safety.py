"""Limits that keep a hostile or broken workbook from exhausting memory or reaching outside the package.

Checked on the zip's central directory and the first bytes of its XML parts, before any parser runs,
so the user gets one clear sentence instead of a parser's error (or a machine out of memory):

- member names: no absolute paths, no `..`, no drive letters, no duplicates; no encrypted members;
  sizes and compression ratios a spreadsheet never has (a zip bomb) — the same rules the lossless
  merge applies (package_zip.py, the one module read/ and write/ open packages through);
- XML parts that declare a DTD or entities (a "billion laughs" bomb): no spreadsheet part has one;
- a shared-string table larger than any real export needs.

The parsers are safe on their own — calamine (quick-xml) expands no custom entities, the standard
library's expat limits entity amplification, openpyxl uses defusedxml, lxml is run without entity
resolution — this is the early, readable refusal.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import WorkbookError
from .package_zip import DAMAGED, SafePackage

# A million-row export's shared strings (order IDs, names, products) are tens of MB.
MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024
# A DTD must come before the root element, i.e. in the first bytes of a part.
XML_HEAD_BYTES = 4096
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


def check_package(path, label: str | None = None) -> None:
    """Raise WorkbookError, with what is wrong and what to do, if the package at `path` is unsafe."""
    path = Path(path)
    label = label or path.name
    with SafePackage(path, label) as pkg:      # names, duplicates, encryption, sizes, ratios
        for info in pkg.infos:
            name = info.filename
            lower = name.lower()
            if lower.endswith("sharedstrings.xml") and info.file_size > MAX_SHARED_STRINGS_BYTES:
                raise WorkbookError(
                    f"{label}: refused: its shared-string table ({name}) is {info.file_size / 2**20:.0f} MB, "
                    f"more than the {MAX_SHARED_STRINGS_BYTES / 2**20:.0f} MB any sales export needs; "
                    "check the file, or split the data over several workbooks")
            if lower.endswith(_XML_SUFFIXES) and not name.endswith("/"):
                head = _head(pkg.zip, info, label)
                if any(marker in head for marker in _DTD_MARKERS):
                    raise WorkbookError(
                        f"{label}: refused: the part {name} declares a DTD or entities, which no Excel "
                        "workbook has (an XML bomb?); open the file in Excel and save it again")


def _head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    try:
        with zf.open(info) as fh:
            return fh.read(XML_HEAD_BYTES)
    except DAMAGED as exc:
        raise WorkbookError(f"{label}: the part {info.filename} is damaged ({exc}); the file is incomplete "
                            "or corrupted — save it again from Excel") from None
