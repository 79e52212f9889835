"""Generate on Excel for Windows, on a recording fake of the COM API (tests/com_fake.py): the headless
report inserted whole in one Sheets.Add, the SR_* names after it, LinkSources checked, the temporary
file gone; at most 40 calls into Excel for the demo and for ten times its rows; the cell writer when
the insertion fails; the previous report kept when a later step fails.
"""
from __future__ import annotations

import datetime as dt
import os
import zipfile

import pytest

pc = pytest.importorskip("python_calamine")

from com_fake import READS, ComError, FakeBook, installed_com_error  # noqa: E402
from salesreport_xl import excel  # noqa: E402
from salesreport_xl.compute.model import FIGURE_NAMES  # noqa: E402
from salesreport_xl.layout.sections import report_sheet_names  # noqa: E402
from salesreport_xl.write import excel_insert, xlwings_writer  # noqa: E402
from salesreport_xl.write.report_sheets import MARKER_NAME  # noqa: E402

BUILT_AT = "2025-10-01T09:00:00+08:00"
REPORT_EN = report_sheet_names("en")
CALLS_MAX = 40


def _xl(v):
    """A cell as xlwings' Windows engine returns it: blanks None, dates as datetimes."""
    if v == "":
        return None
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    return v


@pytest.fixture(scope="module")
def demo_sheets(tmp_path_factory):
    from salesreport_xl.demo import write_demo

    path = write_demo(tmp_path_factory.mktemp("demo"), "en")
    wb = pc.CalamineWorkbook.from_path(str(path))
    return {n: [[_xl(v) for v in row] for row in wb.get_sheet_by_name(n).to_python(skip_empty_area=False)]
            for n in wb.sheet_names}


def _generate(monkeypatch, sheets, prepare=None):
    """Generate on a fake Excel for Windows; returns (book, result, the calls the writer made: from
    write_report on, after reading, validating, computing and laying out)."""
    installed_com_error(monkeypatch)
    book = FakeBook(sheets)
    if prepare:
        prepare(book)
    start = {}
    real = xlwings_writer.write_report

    def marked(*args, **kwargs):
        start.setdefault("at", len(book.calls))
        return real(*args, **kwargs)

    monkeypatch.setattr(xlwings_writer, "write_report", marked)
    result = excel.generate(book, built_at=BUILT_AT)
    return book, result, book.calls[start.get("at", len(book.calls)):]


def test_the_demo_is_inserted_whole_in_at_most_40_calls(monkeypatch, demo_sheets):
    book, result, calls = _generate(monkeypatch, demo_sheets)
    assert not book.alerts, book.alerts
    assert result.method == "inserted" and not result.skipped
    assert calls.count("Sheets.Add") == 1
    sheets, names, tables = book.state()
    assert sheets == list(demo_sheets) + list(REPORT_EN)
    # Every report sheet came with its hidden marker; the SR_* names were added after the insertion.
    markers = [n for n in book.names_list if n.name.endswith("!" + MARKER_NAME)]
    assert sorted(n.scope for n in markers) == sorted(REPORT_EN) and not any(n.visible for n in markers)
    assert {n.name for n in book.names_list if n.scope is None} == set(FIGURE_NAMES)
    assert calls.index("Sheets.Add") < calls.index("Names.Add")
    assert calls.index("Sheets.Add") < calls.index("Workbook.LinkSources") < calls.index("Names.Add")
    assert sum(len(t) for t in tables.values()) == result.tables > 0
    # Alerts off around the insertion, back as they were after.
    add = calls.index("Sheets.Add")
    assert "Application.DisplayAlerts=" in calls[:add] and "Application.DisplayAlerts=" in calls[add:]
    assert book.app.api.display_alerts is True
    # The temporary file is gone.
    (path,) = book.inserted_from
    assert not os.path.exists(path) and not os.path.exists(os.path.dirname(path))
    # At most 40 calls that act on Excel; the reads (sheet names, name lists) grow with the sheets only.
    acting = [c for c in calls if c not in READS]
    assert len(acting) <= CALLS_MAX, acting
    assert len(calls) - len(acting) <= 6 * len(book.sheet_list) + 2 * len(book.names_list), calls


def test_ten_times_the_rows_take_no_more_calls(monkeypatch, demo_sheets):
    header, *rows = demo_sheets["Sales"]
    _, result, calls = _generate(monkeypatch, dict(demo_sheets, Sales=[header] + rows * 10))
    assert result.method == "inserted"
    _, _, calls1 = _generate(monkeypatch, demo_sheets)
    assert calls == calls1
    assert len([c for c in calls if c not in READS]) <= CALLS_MAX


def test_an_insertion_excel_refuses_falls_back_to_the_cell_writer(monkeypatch, demo_sheets):
    book, result, calls = _generate(monkeypatch, demo_sheets, lambda b: b.fail.add("Sheets.Add(Type)"))
    assert result.method == "cells"
    assert any(s.startswith("inserting the report whole (Sheets.Add refused") for s in result.skipped)
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)
    assert len(calls) > CALLS_MAX          # the cell writer: one call per format and range


def test_a_half_done_insertion_is_removed_before_the_cell_writer_runs(monkeypatch, demo_sheets):
    def half(b):
        b.partial_insert = True
    book, result, _ = _generate(monkeypatch, demo_sheets, half)
    assert result.method == "cells"
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)      # no leftover of the first attempt


def test_links_to_the_temporary_file_mean_the_cell_writer(monkeypatch, demo_sheets):
    def linked(b):
        b.links = ("C:\\Temp\\salesreport-insert.xlsx",)
    book, result, _ = _generate(monkeypatch, demo_sheets, linked)
    assert result.method == "cells"
    assert any("link to the temporary file" in s for s in result.skipped)
    assert book.state()[0] == list(demo_sheets) + list(REPORT_EN)


def _with_previous_report(monkeypatch, demo_sheets):
    book, _, _ = _generate(monkeypatch, demo_sheets)
    return book.state(), book


def test_a_failure_after_the_insertion_keeps_the_previous_report(monkeypatch, demo_sheets):
    before, book = _with_previous_report(monkeypatch, demo_sheets)
    book.calls.clear()
    book.fail.add("Names.Add")                 # the SR_* names come after the insertion
    result = excel.generate(book, built_at=BUILT_AT)
    assert result is None
    assert book.state() == before
    assert "Sheets.Add" in book.calls and "Worksheet.Name=" in book.calls
    (alert,) = book.alerts
    assert "previous report is as it was" in alert[0]


def test_a_rebuild_replaces_the_previous_report_and_its_names(monkeypatch, demo_sheets):
    before, book = _with_previous_report(monkeypatch, demo_sheets)
    book.calls.clear()
    result = excel.generate(book, built_at=BUILT_AT)
    assert result.method == "inserted" and not book.alerts
    assert book.state() == before              # the same report, no leftover, no duplicate table or name


def test_a_protected_structure_is_said_before_anything_is_touched(monkeypatch, demo_sheets):
    def protect(b):
        b.protected = True
    book, result, calls = _generate(monkeypatch, demo_sheets, protect)
    assert result is None
    assert "Sheets.Add" not in calls and "Worksheet.Name=" not in calls
    (alert,) = book.alerts
    assert "structure is protected" in alert[0]


# ------------------------------------------------------------------------------------------ the package
@pytest.fixture(scope="module")
def insert_file(demo_sheets, tmp_path_factory):
    from salesreport_xl.compute import compute_report
    from salesreport_xl.layout import layout_report
    from salesreport_xl.read import workbook_from_values
    from salesreport_xl.validate import validate

    inputs, findings = validate(workbook_from_values({n: (v, 1, 1) for n, v in demo_sheets.items()}, source="demo"))
    layout = layout_report(compute_report(inputs, findings, built_at=BUILT_AT))
    return layout, excel_insert.build_insert_file(layout, tmp_path_factory.mktemp("insert"))


def test_the_temporary_workbook_points_only_inside_itself(insert_file):
    import re

    layout, path = insert_file
    excel_insert.check_package(path, layout.sheet_names)
    with zipfile.ZipFile(path) as z:
        parts = z.namelist()
        assert not [p for p in parts if "externalLink" in p]
        charts = [p for p in parts if p.startswith("xl/charts/chart")]
        assert len(charts) == sum(len(s.charts) for s in layout.sheets) > 0
        refs = [f for p in charts for f in re.findall(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", z.read(p).decode())]
        workbook = z.read("xl/workbook.xml").decode()
    assert refs and all("[" not in f for f in refs)
    sheet_names = set(layout.sheet_names)
    for f in refs:
        sheet = f.rsplit("!", 1)[0].strip("'").replace("''", "'")
        assert sheet in sheet_names, f
    # No workbook-level name (the SR_* names are added in Excel afterwards); the markers are the sheets'.
    names = re.findall(r"<definedName ([^>]*)>", workbook)
    assert names and all("localSheetId" in n for n in names)
    assert all(d.name not in workbook for d in layout.defined_names)


def test_the_package_check_refuses_what_would_point_outside(insert_file, tmp_path):
    layout, path = insert_file
    tables = [t.name for s in layout.sheets for t in s.tables() if t.as_excel_table]
    with pytest.raises(excel_insert.InsertFailed, match="table named"):
        excel_insert.check_package(path, layout.sheet_names, user_tables=[tables[0].upper()])
    # A sheet left out of the list: the charts plotting its cells point outside (the report marker's
    # value is its sheet's name as text, no reference).
    charted = next(s.name for s in layout.sheets if s.charts)
    with pytest.raises(excel_insert.InsertFailed, match="not in the report"):
        excel_insert.check_package(path, [n for n in layout.sheet_names if n != charted])
    linked = tmp_path / "linked.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(linked, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    with pytest.raises(excel_insert.InsertFailed, match="external links"):
        excel_insert.check_package(linked, layout.sheet_names)


def test_com_error_stands_for_excel_refusing():
    assert issubclass(ComError, Exception)


def test_a_users_table_with_a_report_tables_name_is_said_before_anything_is_touched(monkeypatch, demo_sheets):
    from com_fake import FakeTable

    def users_table(b):
        sales = next(s for s in b.sheet_list if s._name == "Sales")
        sales.table_list.append(FakeTable(b, "RPT_SALES_TREND"))      # Excel compares table names caselessly
    book, result, calls = _generate(monkeypatch, demo_sheets, users_table)
    assert result is None
    assert "Sheets.Add" not in calls and "Worksheet.Name=" not in calls and "Names.Add" not in calls
    (alert,) = book.alerts
    assert "'Sales'" in alert[0] and "RPT_SALES_TREND" in alert[0]


def test_the_cell_writer_draws_the_summary_sparklines_through_com(monkeypatch, demo_sheets):
    # Excel refuses the insertion: the cell writer draws each card's trend (SparklineGroups.Add on the
    # card's cell), one per card that has a trend — seven of the demo's eight (churned has none)
    book, result, calls = _generate(monkeypatch, demo_sheets, lambda b: b.fail.add("Sheets.Add(Type)"))
    assert result.method == "cells"
    assert calls.count("Worksheet.Range().SparklineGroups.Add()") == 7
    assert not any("sparklines" in s for s in result.skipped)
