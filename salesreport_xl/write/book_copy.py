"""Excel for Windows: the workbook read whole from a copy Excel saves of it, in one call.

Read through COM, Generate's facts about the workbook cost a round trip each: every sheet's name, every
name and its formula, every sheet's tables, and three reads per input sheet — about 70 calls for the
demo before anything is written. `Workbook.SaveCopyAs` writes the workbook as it is in memory (unsaved
edits included) to another file, and leaves the open workbook, its path and its saved state as they
were; the copy is then read as the command line reads a file (read/file.py: the fastest reader, the
far-cell check, cached formula values) and its package gives the sheets, names, tables and the
structure's protection. Two calls in all: `FileFormat` (only .xlsx and .xlsm packages are read this
way) and `SaveCopyAs`.

Anything unusual — another file format, Excel refusing the save, a copy the readers cannot open (a
workbook with a password to open is saved encrypted) — returns None, and the workbook is read through
the engine instead (write/book_state.py). Only an input finding the reader raises (a cell far outside
the data) is the user's to act on, and is raised.
"""
from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from ..errors import InputError
from ..excel_limits import name_key
from ..package_zip import part_relationships
from .book_state import BookState, sheet_ref

# Workbook.FileFormat -> the copy's extension: xlOpenXMLWorkbook, xlOpenXMLWorkbookMacroEnabled.
PACKAGE_FORMATS = {51: ".xlsx", 52: ".xlsm"}

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def state_from_copy(book) -> BookState | None:
    """`book`'s state and inputs (`BookState.raw`) from a saved copy, or None where that cannot be had."""
    from ..read import read_workbook

    try:
        suffix = PACKAGE_FORMATS.get(book.api.FileFormat)
        if suffix is None:
            return None
        with tempfile.TemporaryDirectory(prefix="salesreport-") as folder:
            path = Path(folder) / ("workbook" + suffix)
            book.api.SaveCopyAs(str(path))
            raw = read_workbook(path)
            state = package_state(path)
    except InputError:
        raise
    except Exception:  # COM refusing, an encrypted or unreadable copy: the engine reads the book instead
        return None
    state.raw = raw
    return state


def package_state(path) -> BookState:
    """Sheets (worksheets, in order), names (as Excel lists them: a sheet's own as 'Sheet'!name, with
    '=' before the formula), tables per sheet and the structure's protection, from a workbook package."""
    with zipfile.ZipFile(path) as z:
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        targets = part_relationships(z, "xl/workbook.xml")
        every = []                                  # every sheet (localSheetId counts chart sheets too)
        worksheets = []                             # (name, part)
        for sheet in workbook.iter(_MAIN + "sheet"):
            name = sheet.get("name")
            every.append(name)
            kind, part = targets.get(sheet.get(_REL + "id"), ("", ""))
            if kind.endswith("/worksheet"):
                worksheets.append((name, part))
        names = []
        for defined in workbook.iter(_MAIN + "definedName"):
            name = defined.get("name", "")
            if name.lower().startswith(("_xlfn.", "_xlpm.")):
                continue                            # Excel's internal names, which xlwings does not list
            name = name[len("_xlnm."):] if name.startswith("_xlnm.") else name
            local = defined.get("localSheetId")
            if local is not None and local.isdigit() and int(local) < len(every):
                name = sheet_ref(every[int(local)]) + "!" + name
            names.append((name, "=" + (defined.text or "")))
        protection = workbook.find(_MAIN + "workbookProtection")
        protected = protection is not None and protection.get("lockStructure") in ("1", "true")
        state = BookState(sheets=[name for name, _ in worksheets], names=names, protected=protected)
        for name, part in worksheets:
            tables = []
            for kind, table_part in part_relationships(z, part).values():
                if kind.endswith("/table") and table_part in z.NameToInfo:
                    root = ET.fromstring(z.read(table_part))
                    tables.append(root.get("displayName") or root.get("name"))
            state.tables[name_key(name)] = tables
    return state
