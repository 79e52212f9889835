"""Generate on Excel for Mac, cell by cell (what runs there when the report cannot be inserted whole:
tests/test_excel_mac_insert.py): every address the writer sends must mean the same cells to xlwings' Mac
engine. Its `Sheet.range` (xlwings/_xlmac.py) keeps only the text before the first ":" of an address
with more than one, so a multi-area address "B1:M1,C4:D5" would format B1 alone, with no error.

The test runs Generate on the recording remote engine with the writer told it is on the Mac engine,
records every address handed to the engine, and passes each through xlwings' own Mac `Sheet.range`
(imported with AppleScript stubbed out: only its string handling runs).
"""
from __future__ import annotations

import types

import pytest

xw = pytest.importorskip("xlwings")
remote = pytest.importorskip("xlwings.pro._xlremote")

from salesreport_xl import excel  # noqa: E402
from salesreport_xl.write import excel_engine, excel_insert, xlwings_writer  # noqa: E402

from mac_fake import xlmac_module  # noqa: E402
from test_excel_remote import BUILT_AT, payload, small_sheets  # noqa: E402


@pytest.fixture
def mac_range(monkeypatch):
    """xlwings' Mac `Sheet.range`, as a function address -> the address it hands to AppleScript."""
    mac = xlmac_module(monkeypatch)

    class Cells:
        def __getitem__(self, address):
            return address

    sheet = types.SimpleNamespace(xl=types.SimpleNamespace(cells=Cells()))
    return lambda address: mac.Sheet.range(sheet, address).xl


def test_the_mac_rule_is_what_the_issue_says(mac_range):
    # The rule the test relies on, checked on xlwings' own code: one area passes, two areas do not.
    assert mac_range("B1:M1") == "B1:M1"
    assert mac_range("C:D") == "C:D"
    assert mac_range("B1:M1,C4:D5") == "B1"


def test_every_address_sent_on_the_mac_engine_means_the_same_cells(monkeypatch, mac_range):
    monkeypatch.setattr(excel_engine, "engine_kind", lambda book: excel_engine.MAC)
    monkeypatch.setattr(xlwings_writer, "engine_kind", lambda book: excel_engine.MAC)
    monkeypatch.setattr(excel_insert, "inserts_whole", lambda book: False)     # the cell writer, checked here
    # What goes through the Mac window, name and chart objects (AppleScript, no addresses) has no
    # stand-in here (the chart fonts are checked on their own below).
    monkeypatch.setattr(xlwings_writer, "_freeze", lambda book, sheet, cell: None)
    monkeypatch.setattr(xlwings_writer, "_hide_name", lambda book, name: None)
    monkeypatch.setattr(xlwings_writer, "_chart_fonts", lambda book, chart, spec, result, label: None)
    sent = []
    original = remote.Sheet.range

    def recording(self, arg1, arg2=None):
        if isinstance(arg1, str):
            sent.append(arg1)
        return original(self, arg1, arg2)

    monkeypatch.setattr(remote.Sheet, "range", recording)
    book = xw.Book(json=payload(small_sheets()))
    result = excel.generate(book, built_at=BUILT_AT)
    assert result is not None and result.charts > 0
    assert len(sent) > 200
    wrong = [(a, mac_range(a)) for a in sent if mac_range(a) != a]
    assert not wrong, wrong[:10]
    assert not [a for a in sent if "," in a]


class _Reference:
    """An appscript reference as xlwings' Mac engine holds one: any property, `.set(value)` recorded."""

    def __init__(self, path, sets, missing=()):
        self._path, self._sets, self._missing = path, sets, missing

    def __getattr__(self, name):
        if name in self._missing:          # appscript: a term this Excel's dictionary does not have
            raise AttributeError(f"Unknown property, element or command: '{name}'")
        return _Reference(f"{self._path}.{name}", self._sets, self._missing)

    def set(self, value):
        self._sets.append((self._path, value))


def _fonts_on_mac(monkeypatch, missing=()):
    from salesreport_xl.layout.blocks import ChartSpec, Series

    monkeypatch.setattr(xlwings_writer, "engine_kind", lambda book: excel_engine.MAC)
    sets = []
    chart = types.SimpleNamespace(api=(None, _Reference("chart", sets, missing)))   # (chart object, chart)
    spec = ChartSpec(kind="column", title="Sales", categories="A2:A4", series=(Series("Sales", "B2:B4"),),
                     anchor="D2", title_size=12)
    result = xlwings_writer.WriteResult()
    xlwings_writer._chart_fonts(None, chart, spec, result, "chart “Sales”")
    return sets, result


def test_chart_fonts_on_the_mac_engine_go_through_applescript(monkeypatch):
    sets, result = _fonts_on_mac(monkeypatch)
    assert sets == [("chart.chart_area.font_object.name", "Calibri"),
                    ("chart.chart_title.font_object.font_size", 12),
                    ("chart.chart_title.font_object.bold", True)]
    assert not result.skipped


def test_a_mac_excel_without_those_terms_gets_a_note_not_a_failure(monkeypatch):
    sets, result = _fonts_on_mac(monkeypatch, missing={"chart_area"})
    assert sets == [] and result.skipped == ["chart “Sales”: fonts"]
