"""Excel for Windows: the headless report inserted whole, instead of written cell by cell.

The report sheets are built by the openpyxl writer (the report every check of this project looks at:
the Office Open XML schema, Excel's limits, LibreOffice's rendering) into a temporary workbook,
without the workbook-level SR_* names, and Excel inserts all of its sheets in one call:
`Sheets.Add(After/Before, Type=<path>)` — Microsoft's Sheets.Add takes "the path to a template" as
Type and inserts that file's sheets, without opening it as a workbook (no window, no events, nothing
to close). The alternative, `Worksheet.Copy` out of the file opened hidden, needs the file opened and
closed and is known to leave references to the source workbook in what it copies (xlwings issues 1927,
2406); a reference between the inserted sheets is checked for all the same below.

Before Excel is touched the file is checked as a package (`check_package`): no external link part,
every chart series, defined name and table inside its own sheets, no table name the user's book
already has. After the call: the sheets Excel added must be exactly the report's, in order, and the
workbook must have no link to the temporary file (`Workbook.LinkSources` empty). Any of that failing
raises `InsertFailed`; the caller removes what came in and writes the report cell by cell instead.
The SR_* names are added afterwards by the caller (names pointing at the temporary file would be links).
"""
from __future__ import annotations

import dataclasses
import re
import tempfile
import zipfile
from pathlib import Path

from ..errors import WorkbookError
from ..excel_limits import name_key
from ..layout.blocks import ReportLayout

XL_EXCEL_LINKS = 1        # XlLink.xlExcelLinks


class InsertFailed(WorkbookError):
    """The report could not be inserted whole; the cell writer takes over (never seen by the user as
    an error: the writer catches it where it is raised)."""


def build_insert_file(layout: ReportLayout, folder) -> Path:
    """The report's sheets as a workbook file in `folder`, without the workbook-level names."""
    from .openpyxl_writer import save_report

    sheets_only = dataclasses.replace(layout, defined_names=())
    return save_report(sheets_only, Path(folder) / "salesreport-insert.xlsx")


# The text of a cell formula, a chart's data reference (<c:f>, or <f> under the chart namespace as
# openpyxl writes it) or a defined name.
_FORMULA = re.compile(r"<(?:c:f|f|definedName)(?:\s[^>]*)?>([^<]*)<")
_SHEET_REF = re.compile(r"(?:'((?:[^']|'')+)'|([^\s'!=(),;&+\-*/<>^\"\[\]]+))!")


def check_package(path, sheet_names, user_tables=()) -> None:
    """Raise InsertFailed if the file at `path` holds anything that would point outside its own sheets
    once inserted, or a table name among `user_tables` (Excel renames a clashing table silently)."""
    names = {name_key(n) for n in sheet_names}
    with zipfile.ZipFile(path) as z:
        parts = z.namelist()
        if any(p.startswith("xl/externalLinks/") for p in parts):
            raise InsertFailed("the temporary workbook has external links")
        texts = {p: z.read(p).decode("utf-8") for p in parts
                 if p.startswith(("xl/charts/chart", "xl/worksheets/sheet", "xl/tables/")) or p == "xl/workbook.xml"}
    for part, text in texts.items():
        formulas = _FORMULA.findall(text)
        if "[" in "".join(formulas):
            raise InsertFailed(f"{part}: a reference to another workbook")
        for formula in formulas:
            for quoted, bare in _SHEET_REF.findall(formula.replace("&apos;", "'")):
                sheet = quoted.replace("''", "'") if quoted else bare
                if name_key(sheet) not in names:
                    raise InsertFailed(f"{part}: a reference to the sheet {sheet!r}, not in the report")
    workbook = texts.get("xl/workbook.xml", "")
    if re.search(r"<definedName\s(?![^>]*localSheetId)", workbook):
        raise InsertFailed("the temporary workbook has a workbook-level name")
    taken = {name_key(t) for t in user_tables}
    for part, text in texts.items():
        if part.startswith("xl/tables/"):
            found = re.search(r'<table[^>]*\sname="([^"]+)"', text)
            if found and name_key(found.group(1)) in taken:
                raise InsertFailed(f"the workbook already has a table named {found.group(1)!r}")


def insert_file(book, path, position: int | None, expected: list[str]):
    """Insert every sheet of the workbook file `path` into `book` (an xlwings Book on Excel for
    Windows) at 0-based `position` (None: last), with Excel's alerts off. Returns Excel's first
    inserted Worksheet. Raises InsertFailed when the sheets that came in are not `expected` or the
    book now links to another file."""
    api = book.api
    app = book.app.api
    sheets = api.Sheets
    count = sheets.Count
    alerts = app.DisplayAlerts
    app.DisplayAlerts = False
    try:
        if position is None or position >= count:
            sheets.Add(After=sheets.Item(count), Type=str(path))
        else:
            sheets.Add(Before=sheets.Item(position + 1), Type=str(path))
    except Exception as exc:  # pywintypes.com_error and what else COM raises: the cell writer takes over
        raise InsertFailed(f"Sheets.Add refused the file ({type(exc).__name__}: {exc})") from exc
    finally:
        app.DisplayAlerts = alerts
    # The sheets came in as one block in file order: their number, and the names at both ends, say
    # whether that block is the report (two reads per sheet would cost as much as the insertion saves).
    start = count if position is None or position >= count else position
    added = sheets.Count - count
    first, last = (sheets.Item(start + 1), sheets.Item(start + added)) if added else (None, None)
    ends = [first.Name, last.Name] if added else []
    if added != len(expected) or ends != [expected[0], expected[-1]]:
        raise InsertFailed(f"Excel inserted {added} sheets ({' … '.join(ends)}), not the report's "
                           f"{len(expected)} ({expected[0]} … {expected[-1]})")
    if api.LinkSources(XL_EXCEL_LINKS) is not None:
        raise InsertFailed("the inserted sheets link to the temporary file")
    return first


def insert_folder():
    """A private temporary folder for the file (removed with everything in it when done)."""
    return tempfile.TemporaryDirectory(prefix="salesreport-")
