"""The workbook's date system: 1900 (Windows Excel, the default) or 1904 (`<workbookPr date1904="1"/>`,
older Mac workbooks), in which a date is stored as days since 1904-01-01 — 1,462 days fewer than in the
1900 system for the same day.

Readers turn cells formatted as dates into dates in the workbook's own system already; what is left to
this module: a plain number in a date column of a 1904 workbook (validation reads serials in the 1900
system, so such a number is moved into it first), and the report written into a 1904 workbook by a full
build (its date cells are written as 1904 serials; write/openpyxl_writer.py sets openpyxl's epoch).
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import numpy as np
import pandas as pd

DAYS_1900_TO_1904 = 1462          # 1904-01-01 is serial 1462 in the 1900 system
_TRUE = ("1", "true", "on")
_WORKBOOK_PR = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*>")
_DATE1904 = re.compile(rb'\bdate1904\s*=\s*["\']([^"\']*)["\']')
_OFFICE_DOCUMENT = re.compile(rb'<Relationship\b[^>]*officeDocument"[^>]*>')
_TARGET = re.compile(rb'\bTarget\s*=\s*["\']([^"\']+)["\']')


def package_date1904(path) -> bool:
    """True when the workbook file at `path` uses the 1904 date system (False when it cannot say)."""
    from .package_zip import SafePackage

    try:
        with SafePackage(Path(path)) as pkg:
            part = "xl/workbook.xml"
            if pkg.has("_rels/.rels"):
                rel = _OFFICE_DOCUMENT.search(pkg.read_small("_rels/.rels"))
                target = _TARGET.search(rel.group(0)) if rel else None
                if target:
                    part = posixpath.normpath(target.group(1).decode("utf-8", "replace").lstrip("/"))
            return workbook_xml_date1904(pkg.read_small(part))
    except Exception:       # an unreadable package: the reader says what is wrong with it
        return False


def workbook_xml_date1904(xml: bytes) -> bool:
    """The date1904 flag of a workbook.xml part."""
    pr = _WORKBOOK_PR.search(xml)
    flag = _DATE1904.search(pr.group(0)) if pr else None
    return bool(flag) and flag.group(1).decode("ascii", "replace").strip().lower() in _TRUE


# A serial as the date parser takes it from text: the fast reader hands a column of dates and plain
# numbers over as text, a number cell as "44259".
_SERIAL_TEXT = r"^\s*\d{1,6}(?:\.\d+)?\s*$"


def serials_as_1900(raw: pd.Series) -> pd.Series:
    """A date column of a 1904 workbook with its plain numbers (serials of the 1904 system, as numbers
    or as the text of one) moved into the 1900 system the date parser reads; dates, other text and
    blanks as they were."""
    if raw.dtype.kind in "fiu":
        return raw + DAYS_1900_TO_1904
    if raw.dtype.kind == "M":
        return raw
    values = raw.to_numpy(dtype=object)
    numbers = np.fromiter((isinstance(v, (int, float)) and not isinstance(v, bool) for v in values),
                          dtype=bool, count=len(values))
    texts = raw.astype(object).where(raw.map(type) == str)
    serial_text = texts.str.match(_SERIAL_TEXT).fillna(False).to_numpy(dtype=bool)
    if not numbers.any() and not serial_text.any():
        return raw
    out = values.copy()
    out[numbers] = [v + DAYS_1900_TO_1904 for v in values[numbers]]
    out[serial_text] = [float(v) + DAYS_1900_TO_1904 for v in values[serial_text]]
    return pd.Series(out, index=raw.index, name=raw.name, dtype=object)
