"""A recording stand-in for Excel for Windows as xlwings reaches it (xlwings' Book/Sheet/Name API on
the Windows engine, and the COM objects behind `.api`), for Generate without Excel.

Every call that would be a COM round trip is appended to `FakeBook.calls` as a short text ("Sheets.Add",
"Name.Visible=", ...). `Sheets.Add(Type=path)` inserts the sheets of that workbook file as Excel does
(read back with openpyxl: names, sheet-scoped names, tables). What the cell writer does to ranges,
charts and page setup is recorded through `Anything`, which takes every attribute and call.
Faults are planted by name: `FakeBook.fail = {"Sheets.Add(Type)", ...}` makes those calls raise
("Sheets.Add(Type)" is the insertion of a file, "Sheets.Add" a new blank sheet).
"""
from __future__ import annotations

from pathlib import Path

import openpyxl


class ComError(Exception):
    """What pywintypes.com_error stands for here."""


class Anything:
    """Takes any attribute, item, call or assignment, recording each as one call (an assignment
    with the value given: "….Font.Name='Calibri'")."""

    def __init__(self, book, path="range"):
        object.__setattr__(self, "_book", book)
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Anything(self._book, f"{self._path}.{name}")

    def __setattr__(self, name, value):
        self._book.call(f"{self._path}.{name}={value!r}")

    def __call__(self, *args, **kwargs):
        self._book.call(f"{self._path}()")
        return Anything(self._book, self._path + "()")

    def __getitem__(self, key):
        return Anything(self._book, f"{self._path}[]")


class _App:
    def __init__(self, book):
        self._book = book
        self.engine = type("Engine", (), {"name": "excel"})()
        self.impl = type("App", (), {"__module__": "xlwings._xlwindows"})()
        self.api = _AppApi(book)

    @property
    def status_bar(self):
        return None

    @status_bar.setter
    def status_bar(self, value):
        self._book.call("Application.StatusBar=")

    @property
    def screen_updating(self):
        return True

    @screen_updating.setter
    def screen_updating(self, value):
        self._book.call("Application.ScreenUpdating=")

    def alert(self, prompt, title="", mode=None, **kw):
        self._book.call("MsgBox")
        self._book.alerts.append((prompt, title, mode))


class _AppApi:
    """Application as COM gives it: DisplayAlerts kept, the rest recorded."""

    def __init__(self, book):
        object.__setattr__(self, "_book", book)
        object.__setattr__(self, "display_alerts", True)

    def __getattr__(self, name):
        if name == "DisplayAlerts":
            self._book.call("Application.DisplayAlerts")
            return self.display_alerts
        return getattr(Anything(self._book, "Application"), name)

    def __setattr__(self, name, value):
        self._book.call(f"Application.{name}=")
        if name == "DisplayAlerts":
            object.__setattr__(self, "display_alerts", value)


class FakeName:
    """A name as Workbook.Names gives it: `name` and `refers_to` are each a COM read (Name.Name,
    Name.RefersTo); the fake's own bookkeeping uses `_name` and `_refers_to`."""

    def __init__(self, book, name, refers_to, scope=None):
        self._book, self._name, self._refers_to, self.scope = book, name, refers_to, scope
        self.visible = True
        self.api = _NameApi(self)

    @property
    def name(self):
        self._book.call("Name.Name")
        return self._name

    @property
    def refers_to(self):
        self._book.call("Name.RefersTo")
        return self._refers_to

    def delete(self):
        self._book.call("Name.Delete")
        self._book.fault("Name.Delete")
        self._book.names_list.remove(self)


class _NameApi:
    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def __setattr__(self, attr, value):
        self._name._book.call(f"Name.{attr}=")
        if attr == "Visible":
            self._name.visible = value

    def __getattr__(self, attr):
        """The Mac engine's AppleScript property (`name.api.visible.set(False)`), for tests/mac_fake.py."""
        if attr.startswith("_"):
            raise AttributeError(attr)
        name = self._name

        class _Property:
            def set(self, value):
                name._book.call(f"Name.{attr}.set")
                if attr == "visible":
                    name.visible = value
        return _Property()


class FakeNames:
    """Workbook.Names (every name, a sheet's own listed as 'Sheet'!name, as Excel lists them) or
    Worksheet.Names (that sheet's). Iterating is xlwings' snapshot: the count, then each item and its
    name text."""

    def __init__(self, book, scope=None):
        self._book, self._scope = book, scope

    def _mine(self):
        return [n for n in self._book.names_list if self._scope is None or n.scope == self._scope]

    def __iter__(self):
        self._book.call("Names.Count")
        mine = self._mine()
        for n in mine:
            self._book.call("Names.Item")
            self._book.call("Name.Name")
        return iter(mine)

    def __getitem__(self, key):
        self._book.call("Names.Item")
        for n in self._mine():
            if n._name == key:
                return n
        raise KeyError(key)

    def __len__(self):
        self._book.call("Names.Count")
        return len(self._mine())

    def add(self, name, refers_to):
        self._book.call("Names.Add")
        self._book.fault("Names.Add")
        scoped = self._scope
        shown = f"'{scoped}'!{name}" if scoped else name
        made = FakeName(self._book, shown, refers_to, scoped)
        self._book.names_list.append(made)
        return made


class FakeTable:
    show_totals = False         # ListObject.ShowTotals: no Total row
    totals_row_range = None

    def __init__(self, book, name):
        self._book, self._name = book, name

    @property
    def name(self):
        self._book.call("ListObject.Name")
        return self._name

    @name.setter
    def name(self, value):
        self._book.call("ListObject.Name=")
        self._name = value


class FakeTables:
    def __init__(self, sheet):
        self._sheet = sheet

    def __iter__(self):
        self._sheet._book.call("ListObjects.Count")
        return iter(self._sheet.table_list)

    def __getitem__(self, key):
        self._sheet._book.call("ListObjects.Item")
        return next(t for t in self._sheet.table_list if t._name == key)

    def add(self, source=None, name=None, **kw):
        self._sheet._book.call("ListObjects.Add")
        table = FakeTable(self._sheet._book, name)
        self._sheet.table_list.append(table)
        return Anything(self._sheet._book, "ListObject")


class _UsedRange:
    """Worksheet.UsedRange: its values (Range.Value) and address (Range.Address) are a read each; its
    row and column are xlwings' `coords`, five reads of Excel (not used by the code under test)."""

    def __init__(self, book, values):
        self._book, self._values = book, values

    def options(self, **kw):
        self._options = kw
        return self

    @property
    def value(self):
        self._book.call("Range.Value")
        return self._values

    @property
    def address(self):
        self._book.call("Range.Address")
        rows, cols = len(self._values), max((len(r) for r in self._values), default=1)
        return "$A$1" if rows == cols == 1 else f"$A$1:${_letter(cols)}${rows}"

    @property
    def row(self):
        self._book.calls.extend(["Range.Worksheet", "Range.Row", "Range.Column", "Range.Rows.Count",
                                 "Range.Columns.Count"])
        return 1

    column = row


def _letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


class FakeSheet:
    def __init__(self, book, name, values=None, charts=0):
        self._book, self._name = book, name
        self.values = values or [[None]]
        self.table_list: list[FakeTable] = []
        self.chart_count = charts
        self.api = Anything(book, "Worksheet")

    @property
    def name(self):
        self._book.call("Worksheet.Name")
        return self._name

    @name.setter
    def name(self, value):
        self._book.call("Worksheet.Name=")
        self._book.fault("Worksheet.Name=")
        for n in self._book.names_list:      # Excel rewrites what points at a renamed sheet
            for old in (f"='{self._name}'!", f"={self._name}!"):
                if n._refers_to.startswith(old):
                    n._refers_to = f"='{value}'!" + n._refers_to[len(old):]
            if n.scope == self._name:
                n.scope = value
                n._name = f"'{value}'!" + n._name.rsplit("!", 1)[-1]
        self._name = value

    @property
    def names(self):
        self._book.call("Worksheet.Names")
        return FakeNames(self._book, self._name)

    @property
    def tables(self):
        self._book.call("Worksheet.ListObjects")
        return FakeTables(self)

    @property
    def used_range(self):
        self._book.call("Worksheet.UsedRange")
        return _UsedRange(self._book, self.values)

    def delete(self):
        self._book.call("Worksheet.Delete")
        self._book.fault("Worksheet.Delete")
        self._book.sheet_list.remove(self)
        self._book.names_list[:] = [n for n in self._book.names_list if n.scope != self._name]   # Excel's rule

    def activate(self):
        self._book.call("Worksheet.Activate")

    def __getitem__(self, address):
        return Anything(self._book, "Range")

    def range(self, *args):
        return Anything(self._book, "Range")

    @property
    def charts(self):
        return Anything(self._book, "ChartObjects")

    @property
    def freeze_panes(self):
        return Anything(self._book, "FreezePanes")

    @property
    def page_setup(self):
        return Anything(self._book, "PageSetup")

    @property
    def book(self):
        return self._book


class FakeSheets:
    def __init__(self, book):
        self._book = book

    def __iter__(self):
        self._book.call("Sheets.Count")
        for s in list(self._book.sheet_list):
            self._book.call("Sheets.Item")
            yield s

    def __len__(self):
        self._book.call("Sheets.Count")
        return len(self._book.sheet_list)

    def __getitem__(self, key):
        self._book.call("Sheets.Item")
        if isinstance(key, int):
            return self._book.sheet_list[key]
        for s in self._book.sheet_list:
            if s._name.casefold() == key.casefold():
                return s
        raise KeyError(key)

    def add(self, name=None, before=None, after=None):
        self._book.call("Sheets.Add")
        self._book.fault("Sheets.Add")
        sheet = FakeSheet(self._book, name)
        at = (self._book.sheet_list.index(after) + 1) if after is not None else self._book.sheet_list.index(before)
        self._book.sheet_list.insert(at, sheet)
        return sheet


class _ComSheets:
    """Workbook.Sheets as COM gives it."""

    def __init__(self, book):
        self._book = book

    @property
    def Count(self):
        self._book.call("Sheets.Count")
        return len(self._book.sheet_list)

    def Item(self, index):
        self._book.call("Sheets.Item")
        return _ComSheet(self._book, self._book.sheet_list[index - 1])

    def Add(self, Before=None, After=None, Count=None, Type=None):
        self._book.call("Sheets.Add")
        self._book.inserted_from.append(Type)
        self._book.fault("Sheets.Add(Type)")
        wb = openpyxl.load_workbook(Type)
        at = (self._book.sheet_list.index(After._sheet) + 1) if After is not None \
            else self._book.sheet_list.index(Before._sheet)
        new = []
        for ws in wb.worksheets:
            sheet = FakeSheet(self._book, ws.title, charts=len(ws._charts))
            sheet.table_list = [FakeTable(self._book, t) for t in ws.tables]
            for name, dn in ws.defined_names.items():
                made = FakeName(self._book, f"'{ws.title}'!{name}", "=" + dn.attr_text, ws.title)
                made.visible = not dn.hidden
                self._book.names_list.append(made)
            new.append(sheet)
        self._book.sheet_list[at:at] = new
        if self._book.partial_insert:            # Excel stopping half-way through the file
            del self._book.sheet_list[at + 1:at + len(new)]
            raise ComError("Sheets.Add: not enough memory")
        return _ComSheet(self._book, new[0])


class _ComSheet:
    def __init__(self, book, sheet):
        self._book, self._sheet = book, sheet

    def Activate(self):
        self._book.call("Worksheet.Activate")

    @property
    def Name(self):
        self._book.call("Worksheet.Name")
        return self._sheet._name


class _BookApi:
    def __init__(self, book):
        self._book = book

    @property
    def Sheets(self):
        self._book.call("Workbook.Sheets")
        return _ComSheets(self._book)

    @property
    def ProtectStructure(self):
        self._book.call("Workbook.ProtectStructure")
        return self._book.protected

    def LinkSources(self, kind):
        self._book.call("Workbook.LinkSources")
        return self._book.links

    @property
    def FileFormat(self):
        self._book.call("Workbook.FileFormat")
        return self._book.file_format

    def SaveCopyAs(self, path):
        """The book as it is, saved to `path` (openpyxl): sheets with their values, names (a sheet's own
        and the book's, hidden or not), tables, the structure's protection."""
        self._book.call("Workbook.SaveCopyAs")
        self._book.fault("Workbook.SaveCopyAs")
        save_copy(self._book, path)


class FakeBook:
    """Excel for Windows with one open workbook of `sheets` ({name: 2-D values})."""

    def __init__(self, sheets: dict):
        self.calls: list[str] = []
        self.alerts: list[tuple] = []
        self.fail: set[str] = set()
        self.protected = False
        self.links = None
        self.file_format = 51          # xlOpenXMLWorkbook (.xlsx)
        self.partial_insert = False
        self.inserted_from: list[str] = []
        self.sheet_list = [FakeSheet(self, n, v) for n, v in sheets.items()]
        self.names_list: list[FakeName] = []
        self.app = _App(self)
        self.api = _BookApi(self)

    @property
    def name(self):
        self.call("Workbook.Name")
        return "book.xlsx"

    def call(self, what: str) -> None:
        self.calls.append(what)

    def fault(self, what: str) -> None:
        """Raise once for a planted fault (Excel refusing one call, as when busy)."""
        if what in self.fail:
            self.fail.discard(what)
            raise ComError(f"{what} refused")

    @property
    def sheets(self):
        self.call("Workbook.Worksheets")
        return FakeSheets(self)

    @property
    def names(self):
        self.call("Workbook.Names")
        return FakeNames(self)

    def state(self):
        """What a user sees of the book: sheet order, names with their formulas, tables per sheet."""
        return ([s._name for s in self.sheet_list],
                sorted((n._name, n._refers_to) for n in self.names_list),
                {s._name: sorted(t._name for t in s.table_list) for s in self.sheet_list})


def save_copy(book: "FakeBook", path) -> None:
    """Written as Excel would save it (in openpyxl's write-only mode: the demo has 16,000 rows)."""
    import warnings

    with warnings.catch_warnings():
        # Write-only tables warn that their header cells are not written: only their names are read.
        warnings.simplefilter("ignore")
        _write_copy(book, path)


def _write_copy(book: "FakeBook", path) -> None:
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.table import Table, TableColumn

    wb = openpyxl.Workbook(write_only=True)
    for sheet in book.sheet_list:
        ws = wb.create_sheet(sheet._name)
        for row in sheet.values:
            ws.append(list(row))
        for i, table in enumerate(sheet.table_list, 1):
            column = _letter(30 + i)        # apart from the values, one column each
            ws.add_table(Table(displayName=table._name, ref=f"{column}1:{column}2",
                               tableColumns=[TableColumn(id=1, name=f"h{i}")]))
    for n in book.names_list:
        bare = n._name.rsplit("!", 1)[-1]
        made = DefinedName(bare, attr_text=n._refers_to.lstrip("="), hidden=not n.visible or None)
        if n.scope is None:
            wb.defined_names[bare] = made
        else:
            next(ws for ws in wb.worksheets if ws.title == n.scope).defined_names[bare] = made
    if book.protected:
        wb.security = WorkbookProtection(lockStructure=True)
    wb.save(path)


def installed_com_error(monkeypatch):
    """Make the writer treat ComError as it treats pywintypes.com_error."""
    from salesreport_xl.write import xlwings_writer

    errors = xlwings_writer.engine_errors() + (ComError,)
    monkeypatch.setattr(xlwings_writer, "engine_errors", lambda: errors)


def existing(path) -> bool:
    return Path(path).exists()
