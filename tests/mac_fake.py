"""A recording stand-in for Excel for Mac as xlwings reaches it, for Generate without a Mac.

Two layers, as on the real engine:
- xlwings' Book/Sheet/Name API: com_fake's FakeBook (its calls recorded under the names com_fake gives
  them), with the app of xlwings' Mac engine (`app.impl` from xlwings._xlmac, so `engine_kind` says MAC)
  whose `screen_updating` / `display_alerts` are what xlwings/_xlmac.py makes of them
  (`xl.screen_updating.get()` / `.set(value)`);
- beneath `.api`, Excel's AppleScript objects as appscript gives them, modelled on exactly what
  xlwings' Mac engine sends for the steps the insertion takes (xlwings 0.37.8 _xlmac.py:
  `Books.open` -> `app.open_workbook(workbook_file_name=…, update_links=…, …, timeout=-1)` then
  `app.workbooks[file name]`; `Sheet(book, key)` -> `book.worksheets[key]` (a name, or a 1-based
  index); `Sheet.copy` -> `worksheet.copy_worksheet(before_=…, after_=…)`; `Book.close` ->
  `workbook.close(saving=k.no)`; `len(Sheets)` -> `workbook.count(each=k.worksheet)`; `Sheet.name` ->
  `worksheet.name.get()`), and what the writer reaches there (the structure's protection, a workbook's
  link sources; the window, names and charts of the cell writer, recorded through `Anything`).
  A reference costs nothing (appscript builds it without asking Excel); each command or get is one
  Apple event, appended to `FakeBook.calls` as a short text and to `FakeMacBook.events` as
  (command, the reference it went to, its keyword arguments).

`open_workbook` reads the file with openpyxl (sheets, sheet-scoped names, tables, charts), and only from
Excel's sandbox container (`~/Library/Containers/com.microsoft.Excel/Data/`, under $HOME): elsewhere it
raises, as a sandboxed Excel that was not granted access does. `copy_worksheet` copies a sheet of an
open workbook with its names and tables, named "<name> (2)" where the destination has the name.
Faults: `fail = {"open_workbook", "copy_worksheet", "close", "link_sources"}` makes the next such
event raise CommandError; `fail_copy_at = n` the n-th copy (1-based).
"""
from __future__ import annotations

import importlib
import os
import sys
import types
import warnings
from pathlib import Path

import openpyxl

from com_fake import Anything, FakeBook, FakeName, FakeSheet, FakeTable, _App


class CommandError(Exception):
    """What appscript.reference.CommandError stands for here."""


class _Keywords:
    """appscript's `k`: `k.no`, `k.worksheet`, … (compared by name, as appscript's Keyword)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return name


class _Anything:
    def __getattr__(self, name):
        return name

    def __call__(self, *args, **kwargs):
        return self


def appscript_stubs() -> dict[str, types.ModuleType]:
    """Stand-ins for the modules xlwings' Mac engine imports (aem, appscript, osax, psutil), enough to
    import xlwings._xlmac on any platform and for the writer's `from appscript import k`."""
    stubs = {name: types.ModuleType(name) for name in ("aem", "appscript", "appscript.reference", "osax", "psutil")}
    stubs["appscript"].its = stubs["appscript"].mactypes = _Anything()
    stubs["appscript"].k = _Keywords()
    stubs["appscript"].reference = stubs["appscript.reference"]
    stubs["appscript"].CommandError = CommandError
    stubs["appscript.reference"].CommandError = CommandError
    stubs["appscript.reference"].Reference = type("Reference", (), {})
    stubs["psutil"].process_iter = lambda *a, **k: []          # xlwings' atexit cleanup asks for Excel
    return stubs


def installed_appscript(monkeypatch) -> None:
    """The appscript stand-ins in sys.modules, and CommandError taken by the writer as it takes
    appscript's (an engine's refusal)."""
    from salesreport_xl.write import xlwings_writer

    for name, module in appscript_stubs().items():
        monkeypatch.setitem(sys.modules, name, module)
    errors = xlwings_writer.engine_errors() + (CommandError,)
    monkeypatch.setattr(xlwings_writer, "engine_errors", lambda: errors)


def xlmac_module(monkeypatch):
    """xlwings' own Mac engine module (xlwings/_xlmac.py), imported over the stand-ins; sys.modules is
    left as it was."""
    for name, module in appscript_stubs().items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "xlwings._xlmac", raising=False)
    module = importlib.import_module("xlwings._xlmac")
    monkeypatch.delitem(sys.modules, "xlwings._xlmac")
    return module


def container() -> Path:
    """Excel for Mac's sandbox container, where Excel reads without a Grant File Access prompt."""
    return Path(os.path.expanduser("~/Library/Containers/com.microsoft.Excel/Data"))


# ------------------------------------------------------------------------------------------ appscript
class _Property:
    """A property reference: `.get()` and `.set(value)` are each one event."""

    def __init__(self, book, path, read, write=None):
        self._book, self._path, self._read, self._write = book, path, read, write

    def get(self):
        self._book.event("get", self._path)
        return self._read()

    def set(self, value):
        self._book.event("set", self._path, value=value)
        self._write(value)


class _Workbook:
    """`app.workbooks[name]`: the user's book (its FakeBook sheets) or a workbook opened from a file."""

    def __init__(self, book, name):
        self._book, self._name = book, name

    def __repr__(self):
        return f"workbooks[{self._name!r}]"

    def _sheets(self):
        if self._name == self._book.book_name:
            return self._book.sheet_list
        if self._name not in self._book.open_books:
            raise CommandError(f"Can't get workbook {self._name!r}")
        return self._book.open_books[self._name]

    @property
    def worksheets(self):
        return _Worksheets(self)

    def count(self, each=None):
        self._book.event("count", repr(self), each=each)
        return len(self._sheets())

    def close(self, saving=None):
        self._book.event("close", repr(self), saving=saving)
        self._book.fault("close")
        self._sheets()                               # not open: Excel's error
        del self._book.open_books[self._name]

    def link_sources(self, type=None):
        self._book.event("link_sources", repr(self), type=type)
        self._book.fault("link_sources")
        return self._book.mac_links

    @property
    def protect_structure(self):
        return _Property(self._book, f"{self!r}.protect_structure", lambda: self._book.protected)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(Anything(self._book, repr(self)), name)


class _Worksheets:
    def __init__(self, workbook):
        self._workbook = workbook

    def __getitem__(self, key):
        return _Worksheet(self._workbook, key)


class _Worksheet:
    """`workbook.worksheets[key]`: by name, or by 1-based index; resolved when an event is sent."""

    def __init__(self, workbook, key):
        self._workbook, self._key = workbook, key

    def __repr__(self):
        return f"{self._workbook!r}.worksheets[{self._key!r}]"

    def _sheet(self):
        sheets = self._workbook._sheets()
        if isinstance(self._key, int):
            if not 1 <= self._key <= len(sheets):
                raise CommandError(f"Can't get {self!r}")
            return sheets[self._key - 1]
        for sheet in sheets:
            if sheet._name.casefold() == self._key.casefold():
                return sheet
        raise CommandError(f"Can't get {self!r}")

    @property
    def name(self):
        return _Property(self._workbook._book, f"{self!r}.name", lambda: self._sheet()._name)

    def copy_worksheet(self, before_=None, after_=None):
        book = self._workbook._book
        book.event("copy_worksheet", repr(self), before_=before_, after_=after_)
        book.copies += 1
        if book.fail_copy_at == book.copies:
            raise CommandError(f"copy worksheet {self!r}: not enough memory")
        book.fault("copy_worksheet")
        source = self._sheet()
        target = before_ if before_ is not None else after_
        destination = target._workbook._sheets()
        at = destination.index(target._sheet()) + (0 if before_ is not None else 1)
        taken = {s._name.casefold() for s in destination}
        name = source._name
        n = 2
        while name.casefold() in taken:               # Excel's rule for a copy of a name the book has
            name, n = f"{source._name} ({n})", n + 1
        sheet = FakeSheet(book, name, charts=source.chart_count)
        sheet.table_list = [FakeTable(book, t._name) for t in source.table_list]
        for scoped in source.scoped_names:
            made = FakeName(book, f"'{name}'!{scoped._name}", scoped._refers_to, name)
            made.visible = scoped.visible
            book.names_list.append(made)
        destination.insert(at, sheet)


class _Application:
    """`app.api` on the Mac engine: the application reference."""

    def __init__(self, book):
        self._book = book
        self._screen_updating = True
        self._display_alerts = True

    @property
    def workbooks(self):
        book = self._book

        class _Books:
            def __getitem__(self, name):
                return _Workbook(book, name)
        return _Books()

    @property
    def screen_updating(self):
        return _Property(self._book, "screen_updating", lambda: self._screen_updating,
                         lambda v: setattr(self, "_screen_updating", v))

    @property
    def display_alerts(self):
        return _Property(self._book, "display_alerts", lambda: self._display_alerts,
                         lambda v: setattr(self, "_display_alerts", v))

    def open_workbook(self, workbook_file_name=None, update_links=None, timeout=None, **others):
        book = self._book
        book.event("open_workbook", "app", workbook_file_name=workbook_file_name, update_links=update_links,
                   timeout=timeout, **others)
        book.fault("open_workbook")
        path = Path(workbook_file_name)
        if not path.resolve().is_relative_to(container().resolve()):
            raise CommandError(f"Grant File Access: Excel may not read {path}")
        if path.name in book.open_books or path.name == book.book_name:
            raise CommandError(f"A workbook named {path.name!r} is already open")
        book.opened_from.append(str(path))
        with warnings.catch_warnings():     # openpyxl drops the sparklines it cannot read: not looked at here
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path)
        sheets = []
        for ws in wb.worksheets:
            sheet = FakeSheet(book, ws.title, charts=len(ws._charts))
            sheet.table_list = [FakeTable(book, t) for t in ws.tables]
            sheet.scoped_names = []
            for name, dn in ws.defined_names.items():
                made = FakeName(book, name, "=" + dn.attr_text, ws.title)
                made.visible = not dn.hidden
                sheet.scoped_names.append(made)
            sheets.append(sheet)
        book.open_books[path.name] = sheets

    @property
    def active_window(self):
        return Anything(self._book, "active_window")

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(Anything(self._book, "app"), name)


class _MacApp(_App):
    """xlwings' App on the Mac engine, as far as Generate uses it (the status bar and message boxes as
    com_fake records them)."""

    def __init__(self, book):
        super().__init__(book)
        self.impl = type("App", (), {"__module__": "xlwings._xlmac"})()
        self.api = _Application(book)

    # xlwings/_xlmac.py App.screen_updating / display_alerts: the property's get and set, one event each.
    @property
    def screen_updating(self):
        return self.api.screen_updating.get()

    @screen_updating.setter
    def screen_updating(self, value):
        self.api.screen_updating.set(value)

    @property
    def display_alerts(self):
        return self.api.display_alerts.get()

    @display_alerts.setter
    def display_alerts(self, value):
        self.api.display_alerts.set(value)


class FakeMacBook(FakeBook):
    """Excel for Mac with one open workbook of `sheets` ({name: 2-D values}), named `book_name`."""

    book_name = "book.xlsx"

    def __init__(self, sheets: dict):
        super().__init__(sheets)
        self.events: list[tuple] = []
        self.open_books: dict[str, list] = {}       # workbooks opened from a file: name -> sheets
        self.opened_from: list[str] = []
        self.mac_links = "missing_value"          # what `link sources` gives for a book without links
        self.copies = 0
        self.fail_copy_at = None
        self.app = _MacApp(self)
        self.api = _Workbook(self, self.book_name)

    def event(self, command, target, **kwargs):
        self.events.append((command, target, kwargs))
        self.call(f"{command} {target}" if command not in ("get", "set") else f"{target}.{command}")

    def fault(self, what: str) -> None:
        if what in self.fail:
            self.fail.discard(what)
            raise CommandError(f"{what} refused")
