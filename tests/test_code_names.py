"""Report sheets added to an .xlsm get VBA code names and document modules, as Excel gives the sheets
it adds; vba_lo.py (LibreOffice's MS-OVBA reader, and olevba) confirms every code name has its
document module and every module of the input kept its source."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import ooxml
from salesreport_xl import schema
from salesreport_xl.layout.sections import SECTIONS
from salesreport_xl.pipeline import build_report
from salesreport_xl.vba import macro_sources, write_macro_template, xlwings_sources

BUILT_AT = "2025-10-01T09:00:00+08:00"


def _code_names(path) -> list[str | None]:
    with zipfile.ZipFile(path) as z:
        parts = sorted((n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)),
                       key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))
        return [(re.search(rb'<sheetPr[^>]*codeName="([^"]+)"', z.read(p)) or [None, None])[1] for p in parts]


@pytest.fixture(scope="module")
def macro_book(tmp_path_factory) -> Path:
    src = write_macro_template(tmp_path_factory.mktemp("codenames") / "book.xlsm")
    wb = openpyxl.load_workbook(src, keep_vba=True)
    ws = wb["Sales"]
    for i, day in enumerate(["2025-01-05", "2025-02-05", "2025-03-05"]):
        ws.append([pd.Timestamp(day).to_pydatetime(), f"O{i}", "C1", "Acme", "P1", "Cat", "Online", "Ann", 1,
                   100.0 * (i + 1)])
    wb.save(src)
    return src


@pytest.fixture(scope="module")
def built_twice(macro_book):
    first = build_report(macro_book, macro_book.with_name("first.xlsm"), built_at=BUILT_AT)
    second = build_report(first.output, macro_book.with_name("second.xlsm"), built_at=BUILT_AT)
    return first, second


# The template's sheets (About and every input sheet) are Sheet1..SheetN; the report's come next.
TEMPLATE_SHEETS = 1 + len(schema.SHEETS)
ALL_SHEETS = TEMPLATE_SHEETS + len(SECTIONS)


def test_every_sheet_of_the_built_xlsm_has_a_code_name_in_order(built_twice):
    first, _ = built_twice
    names = _code_names(first.output)
    assert all(n is not None for n in names)
    assert sorted(n.decode() for n in names) == sorted(f"Sheet{i}" for i in range(1, ALL_SHEETS + 1))


def test_vba_lo_confirms_code_names_and_modules(built_twice):
    first, second = built_twice
    refs = [*macro_sources(), *xlwings_sources()]
    problems, out = ooxml.vba_lo(first.output, second.output, refs=refs)
    assert problems == []
    assert "has no codeName" not in out
    # every sheet + ThisWorkbook, in each file: the second build replaced the first report's modules
    assert out.count(f"ok: {ALL_SHEETS + 1} code names, each with its document module") == 2


def test_a_second_build_leaves_no_module_of_the_first_report(built_twice):
    from salesreport_xl.write.vba_project import module_names

    first, second = built_twice
    with zipfile.ZipFile(first.output) as a, zipfile.ZipFile(second.output) as b:
        assert module_names(a.read("xl/vbaProject.bin")) == module_names(b.read("xl/vbaProject.bin"))
    assert sorted(_code_names(first.output)) == sorted(_code_names(second.output))


def test_an_excel_saved_project_gets_the_report_sheets_modules(tmp_path):
    # xlwings' quickstart.xlsm was saved by Excel: a compiled project with a performance cache.
    xlwings = pytest.importorskip("xlwings")
    from salesreport_xl.write.package_merge import merge_report
    from salesreport_xl.write.vba_project import module_names

    quickstart = Path(xlwings.__file__).parent / "quickstart.xlsm"
    report = tmp_path / "report.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Summary"
    wb.active["A1"] = "Sales this month"
    wb.save(report)
    out = merge_report(quickstart, report, tmp_path / "out.xlsm", ["Summary"]).output_path
    with zipfile.ZipFile(quickstart) as z:
        before = module_names(z.read("xl/vbaProject.bin"))
    with zipfile.ZipFile(out) as z:
        after = module_names(z.read("xl/vbaProject.bin"))
    free = next(f"Sheet{i}" for i in range(1, 99) if f"sheet{i}" not in {m.lower() for m in before})
    assert after == before + [free]
    problems, text = ooxml.vba_lo(out)
    assert problems == [] and "has no codeName" not in text
    assert ooxml.check(out) == []
