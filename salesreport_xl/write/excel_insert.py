"""The headless report inserted whole into Excel, instead of written cell by cell: Excel for Windows
(one `Sheets.Add`) and Excel for Mac (one sheet copy per report sheet).

The report sheets are built by the openpyxl writer (the report every check of this project looks at:
the Office Open XML schema, Excel's limits, LibreOffice's rendering) into a temporary workbook,
without the workbook-level SR_* names (added by the caller afterwards: names pointing at the temporary
file would be links). Then, by engine (`engine_kind`):

- **Windows** (`insert_file`): `Sheets.Add(After/Before, Type=<path>)` — Microsoft's Sheets.Add takes
  "the path to a template" as Type and inserts all of that file's sheets in one call, without opening
  it as a workbook (no window, no events, nothing to close). The alternative, `Worksheet.Copy` out of
  the file opened hidden, needs the file opened and closed and is known to leave references to the
  source workbook in what it copies (xlwings issues 1927, 2406).
- **macOS** (`insert_copies`): AppleScript has no Sheets.Add with a file, so the temporary workbook is
  opened in the same Excel and its sheets copied into the user's book one by one (`copy worksheet`,
  what xlwings' Mac `Sheet.copy` sends), then closed without saving — always. Excel for Mac is
  sandboxed: the file is written in a private folder under Excel's own container
  (`~/Library/Containers/com.microsoft.Excel/Data/`, where xlwings itself puts the files Excel must
  read, with no Grant File Access prompt); without that folder the report is written cell by cell.
  A sheet copied on its own turns every reference to another sheet into a link to the temporary file,
  so on the Mac every formula, chart series, sparkline and sheet-scoped name of a sheet must refer to
  that sheet alone (`check_package(..., own_sheet=True)`), which the report's sheets do.

Before Excel is touched the file is checked as a package (`check_package`): no external link part,
every reference inside the report's sheets (on the Mac: inside its own sheet), no workbook-level name,
no table name the user's book already has. After the insertion: the sheets Excel added must be
exactly the report's, in order (`_check_added`), and the workbook must have no link to another file.
Any of that failing raises `InsertFailed`; the caller removes what came in and writes the report cell
by cell instead.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import WorkbookError
from ..excel_limits import name_key
from ..layout.blocks import ReportLayout
from ..package_zip import part_relationships
from .excel_engine import MAC, WINDOWS, engine_kind

XL_EXCEL_LINKS = 1        # XlLink.xlExcelLinks

# Excel for Mac's sandbox container: what Excel may read without asking the user (xlwings' Mac engine
# writes its pictures there for the same reason).
MAC_CONTAINER = Path("~/Library/Containers/com.microsoft.Excel/Data")

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class InsertFailed(WorkbookError):
    """The report could not be inserted whole; the cell writer takes over (never seen by the user as
    an error: the writer catches it where it is raised)."""


def inserts_whole(book) -> bool:
    """Whether `book`'s engine can take the report whole: Excel for Windows and Excel for Mac."""
    return engine_kind(book) in (WINDOWS, MAC)


@contextlib.contextmanager
def insert_folder(book):
    """A private temporary folder for the file, removed with everything in it when done: on Excel for
    Mac under Excel's sandbox container (InsertFailed when there is none to write to), elsewhere the
    system's temporary folder."""
    parent = None
    if engine_kind(book) == MAC:
        parent = MAC_CONTAINER.expanduser()
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            raise InsertFailed(f"Excel's sandbox folder {parent} cannot be written to")
    try:
        folder = tempfile.TemporaryDirectory(prefix="salesreport-", dir=parent)
    except OSError as exc:
        raise InsertFailed(f"no temporary folder ({exc})") from exc
    with folder as path:
        yield Path(path)


def prepare(book, layout: ReportLayout, folder) -> Path:
    """The report's temporary workbook for `book`'s engine, built in `folder` and checked
    (`check_package`; on the Mac every sheet referring to itself alone). Raises InsertFailed."""
    path = build_insert_file(layout, folder)
    check_package(path, layout.sheet_names, own_sheet=engine_kind(book) == MAC)
    return path


def build_insert_file(layout: ReportLayout, folder) -> Path:
    """The report's sheets as a workbook file in `folder`, without the workbook-level names. The file
    is named after its folder: Excel for Mac opens no two workbooks of the same name, and a user's book
    (or one left open by an earlier run) could have a fixed one."""
    from .openpyxl_writer import save_report

    sheets_only = dataclasses.replace(layout, defined_names=())
    return save_report(sheets_only, Path(folder) / f"{Path(folder).name}.xlsx")


# The text of a cell formula, a chart's data reference (<c:f>, or <f> under the chart namespace as
# openpyxl writes it), a sparkline's (<xm:f>), a conditional format's or data validation's formula, or
# a defined name. (The report's tables have no column formulas.)
_FORMULA = re.compile(r"<(?:\w+:)?(?:f|formula[12]?|definedName)(?:\s[^>]*)?>([^<]*)<")
_SHEET_REF = re.compile(r"(?:'((?:[^']|'')+)'|([^\s'!=(),;&+\-*/<>^\"\[\]]+))!")


def check_package(path, sheet_names, user_tables=(), own_sheet: bool = False) -> None:
    """Raise InsertFailed if the file at `path` holds anything that would point outside its own sheets
    once inserted, or a table name among `user_tables` (Excel renames a clashing table silently). With
    `own_sheet` (sheets copied one by one), each sheet's formulas, charts, sparklines and sheet-scoped
    names must refer to that sheet alone."""
    names = {name_key(n) for n in sheet_names}
    with zipfile.ZipFile(path) as z:
        parts = z.namelist()
        if any(p.startswith("xl/externalLinks/") for p in parts):
            raise InsertFailed("the temporary workbook has external links")
        texts = {p: z.read(p).decode("utf-8") for p in parts
                 if p.startswith(("xl/charts/chart", "xl/worksheets/sheet", "xl/tables/"))}
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        owners = _part_owners(z) if own_sheet else {}
    for part, text in texts.items():
        allowed = {name_key(owners[part])} if part in owners else names
        _check_references(part, _FORMULA.findall(text), allowed, own_sheet and part in owners)
    if re.search(r"<definedName\s(?![^>]*localSheetId)", workbook):
        raise InsertFailed("the temporary workbook has a workbook-level name")
    root = ET.fromstring(workbook)
    every = [s.get("name") for s in root.iter(_MAIN + "sheet")]
    for defined in root.iter(_MAIN + "definedName"):
        local = int(defined.get("localSheetId", "-1"))
        if not 0 <= local < len(every):
            raise InsertFailed(f"the name {defined.get('name')} belongs to no sheet")
        allowed = {name_key(every[local])} if own_sheet else names
        _check_references(f"the name {defined.get('name')} of {every[local]!r}", [defined.text or ""],
                          allowed, own_sheet)
    taken = {name_key(t) for t in user_tables}
    for part, text in texts.items():
        if part.startswith("xl/tables/"):
            found = re.search(r'<table[^>]*\sname="([^"]+)"', text)
            if found and name_key(found.group(1)) in taken:
                raise InsertFailed(f"the workbook already has a table named {found.group(1)!r}")


def _check_references(where: str, formulas, allowed: set[str], own: bool) -> None:
    if "[" in "".join(formulas):
        raise InsertFailed(f"{where}: a reference to another workbook")
    for formula in formulas:
        for quoted, bare in _SHEET_REF.findall(formula.replace("&apos;", "'")):
            sheet = quoted.replace("''", "'") if quoted else bare
            if name_key(sheet) not in allowed:
                raise InsertFailed(f"{where}: a reference to the sheet {sheet!r}, "
                                   + ("not its own (a sheet copied alone would link to the temporary file)"
                                      if own else "not in the report"))


def _part_owners(z: zipfile.ZipFile) -> dict[str, str]:
    """{part: the sheet it belongs to} for each worksheet part and what hangs off it (its tables, its
    drawing's charts), followed through the relationships parts."""
    workbook = ET.fromstring(z.read("xl/workbook.xml"))
    targets = part_relationships(z, "xl/workbook.xml")
    owners = {}
    for sheet in workbook.iter(_MAIN + "sheet"):
        kind, part = targets.get(sheet.get(_REL + "id"), ("", ""))
        if not kind.endswith("/worksheet"):
            continue
        name = sheet.get("name")
        owners[part] = name
        for kind, target in part_relationships(z, part).values():
            if kind.endswith("/table"):
                owners[target] = name
            elif kind.endswith("/drawing"):
                for kind2, chart in part_relationships(z, target).values():
                    if kind2.endswith("/chart"):
                        owners[chart] = name
    return owners


def _check_added(added: int, read: dict[int, str], expected: list[str]) -> None:
    """The sheets that came in must be the report's, in order: `added` of them, and those read back
    (offset in the block -> name) named as the report's at those offsets."""
    wrong = added != len(expected) or any(expected[i] != name for i, name in read.items())
    if wrong:
        shown = " … ".join(read[i] for i in sorted(read)) if read else "none"
        raise InsertFailed(f"Excel inserted {added} sheets ({shown}), not the report's "
                           f"{len(expected)} ({expected[0]} … {expected[-1]})")


def insert(book, path, position: int | None, expected: list[str]):
    """Insert the sheets of the workbook file `path` into `book` at 0-based `position` (None: last)
    by `book`'s engine. Returns what to activate (Excel for Windows' first inserted Worksheet) or None.
    Raises InsertFailed."""
    if engine_kind(book) == MAC:
        insert_copies(book, path, position, expected)
        return None
    return insert_file(book, path, position, expected)


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
    read = {0: first.Name, added - 1: last.Name} if added else {}
    _check_added(added, read, expected)
    if api.LinkSources(XL_EXCEL_LINKS) is not None:
        raise InsertFailed("the inserted sheets link to the temporary file")
    return first


def insert_copies(book, path, position: int | None, expected: list[str]) -> None:
    """Copy the sheets `expected` of the workbook file `path` (under Excel's sandbox container) into
    `book` (an xlwings Book on Excel for Mac) at 0-based `position` (None: last), in order, with screen
    updating and alerts off (xlwings' App.screen_updating / display_alerts) and back as they were; the
    file is opened in the same Excel without updating links and always closed without saving. Raises
    InsertFailed when a step fails, the sheets that came in are not `expected` or the book links to
    another file.

    The calls go to Excel's AppleScript objects (`.api`), each the Apple event xlwings' Mac engine
    (xlwings/_xlmac.py) sends for the same step — `Books.open`: open workbook (update links: do not
    update links, no timeout); `Sheet.copy`: copy worksheet before_/after_ another worksheet;
    `Book.close`: close saving no; `len(Sheets)`: count each worksheet — rather than through xlwings'
    Book and Sheet, whose `Sheet.copy` lists the book's sheet names before and after each copy and
    whose `Books.open` brings Excel to the front through System Events."""
    from appscript import k as kw          # the Mac engine's own dependency, as xlwings imports it

    app = book.app
    target = book.api
    path = Path(path)
    screen, alerts = app.screen_updating, app.display_alerts
    app.screen_updating = app.display_alerts = False      # no repaint, no dialog waiting for a click
    opened = app.api.workbooks[path.name]         # a reference: nothing is asked of Excel until used
    try:
        try:
            count = target.count(each=kw.worksheet)
            start = count if position is None or position >= count else position
            # As xlwings' Books.open: the real path (its file name is the workbook's name in Excel).
            app.api.open_workbook(workbook_file_name=os.path.realpath(path),
                                  update_links=kw.do_not_update_links, timeout=-1)
            for i, name in enumerate(expected):
                sheet = opened.worksheets[name]
                if i == 0 and start < count:
                    sheet.copy_worksheet(before_=target.worksheets[start + 1], after_=None)
                else:     # after the last sheet, then after each copy (1-based indexes)
                    sheet.copy_worksheet(before_=None, after_=target.worksheets[start + i])
        finally:
            # Always, whatever failed. Excel refuses it only when the file is not open (its open
            # failed); the folder is removed all the same.
            with contextlib.suppress(Exception):
                opened.close(saving=kw.no)
        added = target.count(each=kw.worksheet) - count
        read = {i: target.worksheets[start + i + 1].name.get() for i in range(min(added, len(expected)))}
    except Exception as exc:  # appscript's CommandError and what else the events raise: the cell writer
        raise InsertFailed(f"copying the report's sheets failed ({type(exc).__name__}: {exc})") from exc
    finally:
        app.screen_updating, app.display_alerts = screen, alerts
    _check_added(added, read, expected)
    try:
        links = target.link_sources(type=kw.link_type_Excel_links)
    except Exception as exc:  # an Excel that cannot say: not trusted to have none
        raise InsertFailed(f"Excel did not list the workbook's links ({type(exc).__name__})") from exc
    if links and links != kw.missing_value:
        raise InsertFailed("the copied sheets link to the temporary file")
