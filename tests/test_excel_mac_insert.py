"""Generate on Excel for Mac, on a recording fake of its AppleScript objects (tests/mac_fake.py): the
headless report built under Excel's sandbox container, opened in the same Excel, its sheets copied into
the user's book one by one at the report's place, the temporary workbook closed without saving — also
when a copy fails —, the file and its folder removed; the cell writer when any of that fails or the
package has a reference a sheet copied alone would turn into a link, with the previous report kept
when a later step fails. The calls the insertion makes are checked against xlwings' own Mac engine
code (xlwings/_xlmac.py) run on the same fake.
"""
from __future__ import annotations

import os
import shutil
import types
import zipfile

import pytest

pytest.importorskip("python_calamine")
xw = pytest.importorskip("xlwings")

from mac_fake import FakeMacBook, container, installed_appscript, xlmac_module  # noqa: E402
from salesreport_xl import excel  # noqa: E402
from salesreport_xl.compute.model import FIGURE_NAMES  # noqa: E402
from salesreport_xl.write import excel_insert  # noqa: E402
from salesreport_xl.write.report_sheets import MARKER_NAME  # noqa: E402

from test_excel_windows import BUILT_AT, REPORT_EN, demo_sheets, insert_file  # noqa: E402,F401

@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder with Excel for Mac's sandbox container in it."""
    monkeypatch.setenv("HOME", str(tmp_path))
    container().mkdir(parents=True)
    return tmp_path


def _generate(monkeypatch, sheets, prepare=None, book=None):
    installed_appscript(monkeypatch)
    book = book or FakeMacBook(sheets)
    if prepare:
        prepare(book)
    book.calls.clear()
    book.events.clear()
    result = excel.generate(book, built_at=BUILT_AT)
    return book, result


def _insertion(book):
    """The insertion's events, as (command, target, keyword arguments) with references as text: from
    its first read of screen updating to its listing of the links."""
    events = [(command, target, {k: repr(v) if hasattr(v, "_workbook") else v for k, v in kwargs.items()})
              for command, target, kwargs in book.events]
    start = events.index(("get", "screen_updating", {}))
    end = next(i for i, e in enumerate(events) if e[0] == "link_sources")
    return events[start:end + 1]


def _expected(path, inputs: int, position: int | None):
    """The insertion worked out by hand: screen updating and alerts read and switched off, the book's
    sheets counted, the file opened without updating links, each report sheet copied in order (the
    first before the old report's first sheet, or after the last sheet; each next one after the one
    copied before it), the file closed without saving, the sheets counted and the copies' names read,
    screen updating and alerts back as they were, the links listed."""
    book = "workbooks['book.xlsx']"
    temp = f"workbooks[{os.path.basename(path)!r}]"
    count = inputs + (len(REPORT_EN) if position is not None else 0)
    start = count if position is None else position
    copies = []
    for i, name in enumerate(REPORT_EN):
        if i == 0 and position is not None:
            where = {"before_": f"{book}.worksheets[{start + 1}]", "after_": None}
        else:
            where = {"before_": None, "after_": f"{book}.worksheets[{start + i}]"}
        copies.append(("copy_worksheet", f"{temp}.worksheets[{name!r}]", where))
    return ([("get", "screen_updating", {}), ("get", "display_alerts", {}),
             ("set", "screen_updating", {"value": False}), ("set", "display_alerts", {"value": False}),
             ("count", book, {"each": "worksheet"}),
             ("open_workbook", "app", {"workbook_file_name": path, "update_links": "do_not_update_links",
                                       "timeout": -1})]
            + copies
            + [("close", temp, {"saving": "no"}),
               ("count", book, {"each": "worksheet"})]
            + [("get", f"{book}.worksheets[{start + i + 1}].name", {}) for i in range(len(REPORT_EN))]
            + [("set", "screen_updating", {"value": False}), ("set", "display_alerts", {"value": True}),
               ("link_sources", book, {"type": "link_type_Excel_links"})])


def test_the_demo_is_copied_in_sheet_by_sheet_from_the_sandbox_container(monkeypatch, demo_sheets, home):
    book, result = _generate(monkeypatch, demo_sheets)
    assert not book.alerts, book.alerts
    assert result.method == "inserted" and not result.skipped, result.skipped
    sheets, names, tables = book.state()
    assert sheets == list(demo_sheets) + list(REPORT_EN)
    # Each report sheet came with its hidden marker; the SR_* names were added after the copies.
    markers = [n for n in book.names_list if n._name.endswith("!" + MARKER_NAME)]
    assert sorted(n.scope for n in markers) == sorted(REPORT_EN) and not any(n.visible for n in markers)
    assert {n._name for n in book.names_list if n.scope is None} == set(FIGURE_NAMES)
    assert book.calls.index("Names.Add") > max(i for i, c in enumerate(book.calls) if c.startswith("close "))
    assert sum(len(t) for t in tables.values()) == result.tables > 0
    # The temporary workbook: under Excel's container, closed, gone with its folder.
    (path,) = book.opened_from
    assert os.path.dirname(os.path.dirname(path)) == str(container())
    assert not book.open_books
    assert not os.path.exists(path) and not os.path.exists(os.path.dirname(path))
    assert os.listdir(container()) == []
    # Screen updating and alerts on again at the end.
    assert book.app.api._screen_updating is True and book.app.api._display_alerts is True
    # The insertion, event by event (screen updating was already off: Generate switches it off first).
    assert _insertion(book) == _expected(path, len(demo_sheets), None)


def test_a_rebuild_copies_in_front_of_the_old_report_and_replaces_it(monkeypatch, demo_sheets, home):
    book, _ = _generate(monkeypatch, demo_sheets)
    before = book.state()
    book.opened_from.clear()
    book, result = _generate(monkeypatch, demo_sheets, book=book)
    assert result.method == "inserted" and not book.alerts and not result.skipped
    assert book.state() == before                 # one report, no "Summary (2)", no leftover, no table renamed
    (path,) = book.opened_from
    assert _insertion(book) == _expected(path, len(demo_sheets), len(demo_sheets))
    assert not book.open_books and os.listdir(container()) == []


@pytest.mark.parametrize("at", [1, 3, len(REPORT_EN)])
def test_a_copy_excel_refuses_closes_the_temporary_book_and_falls_back(monkeypatch, demo_sheets, home, at):
    def refuse(b):
        b.fail_copy_at = at
    book, result = _generate(monkeypatch, demo_sheets, refuse)
    assert result.method == "cells" and not book.alerts
    assert any(s.startswith("inserting the report whole (copying the report's sheets failed (CommandError")
               for s in result.skipped), result.skipped
    # Closed right after the refused copy, without saving; the copies made before it removed.
    commands = [c for c, _, _ in book.events if c in ("copy_worksheet", "close")]
    assert commands == ["copy_worksheet"] * at + ["close"]
    # Screen updating and alerts back as they were (Generate switches screen updating on at its end).
    close = next(i for i, e in enumerate(book.events) if e[0] == "close")
    assert ("set", "display_alerts", {"value": True}) in book.events[close:]
    assert book.app.api._display_alerts is True and book.app.api._screen_updating is True
    assert not book.open_books and os.listdir(container()) == []
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)
    assert not [n for n in book.state()[0] if "(2)" in n]


def test_an_open_excel_refuses_falls_back_and_leaves_nothing_open(monkeypatch, demo_sheets, home):
    book, result = _generate(monkeypatch, demo_sheets, lambda b: b.fail.add("open_workbook"))
    assert result.method == "cells"
    assert [c for c, _, _ in book.events if c in ("open_workbook", "copy_worksheet", "close")] == \
        ["open_workbook", "close"]               # the close tried all the same, refused: nothing was open
    assert not book.open_books and os.listdir(container()) == []
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)


def test_without_excels_container_the_report_is_written_cell_by_cell(monkeypatch, demo_sheets, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))          # no ~/Library/Containers/com.microsoft.Excel/Data
    book, result = _generate(monkeypatch, demo_sheets)
    assert result.method == "cells" and not book.alerts
    assert any("sandbox folder" in s and "written cell by cell" in s for s in result.skipped)
    assert not [c for c, _, _ in book.events if c in ("open_workbook", "copy_worksheet")]
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)


def test_links_after_copying_mean_the_cell_writer(monkeypatch, demo_sheets, home):
    def linked(b):
        b.mac_links = [str(container() / "salesreport-x" / "salesreport-x.xlsx")]
    book, result = _generate(monkeypatch, demo_sheets, linked)
    assert result.method == "cells"
    assert any("link to the temporary file" in s for s in result.skipped)
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)


def test_an_excel_that_cannot_list_links_is_not_trusted(monkeypatch, demo_sheets, home):
    book, result = _generate(monkeypatch, demo_sheets, lambda b: b.fail.add("link_sources"))
    assert result.method == "cells"
    assert any("did not list the workbook's links" in s for s in result.skipped)


@pytest.mark.parametrize("what", ["the last copy missing", "a copy named apart"])
def test_copies_that_are_not_the_report_mean_the_cell_writer(monkeypatch, demo_sheets, home, what):
    # Excel answering every copy without error, yet the sheets that came in are not the report's.
    import mac_fake

    real = mac_fake._Worksheet.copy_worksheet

    def wrong(self, before_=None, after_=None):
        if what == "the last copy missing" and self._key == REPORT_EN[-1]:
            self._workbook._book.event("copy_worksheet", repr(self), before_=before_, after_=after_)
            return
        real(self, before_=before_, after_=after_)
        if what == "a copy named apart" and self._key == REPORT_EN[2]:
            copied = next(s for s in self._workbook._book.sheet_list if s._name == REPORT_EN[2])
            copied._name += " (2)"

    monkeypatch.setattr(mac_fake._Worksheet, "copy_worksheet", wrong)
    book, result = _generate(monkeypatch, demo_sheets)
    assert result.method == "cells"
    came = len(REPORT_EN) - 1 if what == "the last copy missing" else len(REPORT_EN)
    assert any(f"Excel inserted {came} sheets" in s for s in result.skipped), result.skipped
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)
    assert not book.open_books


def test_a_failure_after_copying_keeps_the_previous_report(monkeypatch, demo_sheets, home):
    book, _ = _generate(monkeypatch, demo_sheets)
    before = book.state()
    book.fail.add("Names.Add")                 # the SR_* names come after the copies
    book, result = _generate(monkeypatch, demo_sheets, book=book)
    assert result is None
    assert book.state() == before
    assert "copy_worksheet" in [c for c, _, _ in book.events] and not book.open_books
    (alert,) = book.alerts
    assert "previous report is as it was" in alert[0]


def _with_reference(source, destination, part, old, new):
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(destination, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                text = data.decode()
                assert old in text
                data = text.replace(old, new, 1).encode()
            dst.writestr(item, data)


def test_a_reference_to_another_sheet_is_refused_before_excel_is_touched(monkeypatch, demo_sheets, home):
    # A chart of Sales Analysis plotting a range of Summary: fine inserted whole, a link once copied alone.
    real = excel_insert.build_insert_file

    def cross(layout, folder):
        path = real(layout, folder)
        planted = path.with_name("planted.xlsx")
        _with_reference(path, planted, "xl/charts/chart1.xml", "'Sales Analysis'!", "'Summary'!")
        shutil.move(planted, path)
        return path

    monkeypatch.setattr(excel_insert, "build_insert_file", cross)
    book, result = _generate(monkeypatch, demo_sheets)
    assert result.method == "cells" and not book.alerts
    assert any("xl/charts/chart1.xml: a reference to the sheet 'Summary', not its own" in s
               for s in result.skipped), result.skipped
    assert not [c for c, _, _ in book.events if c in ("open_workbook", "copy_worksheet", "count")]
    assert os.listdir(container()) == []
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)


# ------------------------------------------------------------------------------------------ the package
def test_every_sheet_of_the_report_refers_to_itself_alone(insert_file):
    layout, path = insert_file
    excel_insert.check_package(path, layout.sheet_names, own_sheet=True)


@pytest.mark.parametrize("part, old, new", [
    # a chart series (the drawing's relationships say which sheet the chart is on)
    ("xl/charts/chart1.xml", "'Sales Analysis'!", "'Team Performance'!"),
    # a sparkline's data (x14 extension list, <xm:f>)
    ("xl/worksheets/sheet1.xml", "<xm:f>'Summary'!", "<xm:f>'Sales Analysis'!"),
    # a conditional format's formula
    ("xl/worksheets/sheet2.xml", "<formula>0</formula>", "<formula>'Summary'!$B$4</formula>"),
    # a sheet-scoped name (the print area of Sales Analysis)
    ("xl/workbook.xml", "localSheetId=\"1\">'Sales Analysis'!", "localSheetId=\"1\">'Summary'!"),
])
def test_a_reference_to_another_report_sheet_is_refused_for_copies_only(insert_file, tmp_path, part, old, new):
    layout, path = insert_file
    planted = tmp_path / "planted.xlsx"
    _with_reference(path, planted, part, old, new)
    excel_insert.check_package(planted, layout.sheet_names)            # inserted whole: inside the report
    with pytest.raises(excel_insert.InsertFailed, match="not its own"):
        excel_insert.check_package(planted, layout.sheet_names, own_sheet=True)


def test_a_cell_formula_on_another_sheet_is_refused_for_copies(insert_file, tmp_path):
    layout, path = insert_file
    planted = tmp_path / "planted.xlsx"
    with zipfile.ZipFile(path) as z:
        text = z.read("xl/worksheets/sheet3.xml").decode()
    cell = text[text.index("<c r="):text.index("</c>", text.index("<c r=")) + 4]
    formula = cell.replace("</c>", "<f>'Summary'!B4</f></c>", 1)
    _with_reference(path, planted, "xl/worksheets/sheet3.xml", cell, formula)
    with pytest.raises(excel_insert.InsertFailed, match="sheet3.xml: a reference to the sheet 'Summary'"):
        excel_insert.check_package(planted, layout.sheet_names, own_sheet=True)


# ------------------------------------------------------------------------------------------ faithful to xlwings
@pytest.mark.parametrize("position", [None, 1])
def test_the_insertion_sends_what_xlwings_mac_engine_sends(monkeypatch, insert_file, home, position):
    """Each step of the insertion, made once by `insert_copies` and once by xlwings' own Mac engine
    code (xlwings/_xlmac.py: Books.open, Sheet.copy, Book.close, Sheets.__len__, Sheet.name,
    App.screen_updating) on the same fake: the same Apple events (xlwings also sends the open
    command's other parameters, as None)."""
    mac = xlmac_module(monkeypatch)
    installed_appscript(monkeypatch)
    layout, built = insert_file
    sheets = {"Settings": [["Month", "2025-09"]], "Sales": [["Date"]]}

    def placed():
        folder = container() / "salesreport-test"
        folder.mkdir(exist_ok=True)
        return shutil.copy(built, folder / "salesreport-test.xlsx")

    ours = FakeMacBook(sheets)
    path = placed()
    excel_insert.insert_copies(ours, path, position, list(layout.sheet_names))
    at = len(sheets) if position is None else position
    assert ours.state()[0] == list(sheets)[:at] + list(layout.sheet_names) + list(sheets)[at:]

    theirs = FakeMacBook(sheets)
    app = types.SimpleNamespace(xl=theirs.app.api, visible=False, pid=1)
    xl_app = mac.App(xl=theirs.app.api)
    mac.App.screen_updating.fget(xl_app)
    mac.App.display_alerts.fget(xl_app)
    mac.App.screen_updating.fset(xl_app, False)
    mac.App.display_alerts.fset(xl_app, False)
    user = mac.Book(app, "book.xlsx")
    assert len(mac.Sheets(user)) == len(sheets)
    mac.Books(app).open(str(path))                       # update_links not given: do not update links
    temp = mac.Book(app, os.path.basename(path))
    for i, name in enumerate(layout.sheet_names):
        if i == 0 and position is not None:
            mac.Sheet(temp, name).copy(before=mac.Sheet(user, at + 1), after=None)
        else:
            mac.Sheet(temp, name).copy(before=None, after=mac.Sheet(user, at + i))
    temp.close()
    len(mac.Sheets(user))
    for i in range(len(layout.sheet_names)):
        mac.Sheet(user, at + i + 1).name
    mac.App.screen_updating.fset(xl_app, True)
    mac.App.display_alerts.fset(xl_app, True)
    theirs.api.link_sources(type="link_type_Excel_links")   # no xlwings API: the dictionary's command

    def events(book):
        return [(c, t, {k: repr(v) if hasattr(v, "_workbook") else v for k, v in kw.items() if v is not None})
                for c, t, kw in book.events]

    assert theirs.state() == ours.state()
    assert events(theirs) == events(ours)
