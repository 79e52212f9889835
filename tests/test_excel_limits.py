"""Excel's limits: header/footer 255 characters, sheet names 31, cell text 32,767, list validation
255, table column names unique ignoring case; and a workbook with 300-character company, team, rep,
product and category names (brackets, quotes, emoji) builds into a report check.py finds no problem in."""
from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from salesreport_xl import excel_limits as X
import ooxml


# ------------------------------------------------------------------------------------------ the rules
def test_length_is_counted_as_excel_counts_utf16_units():
    assert X.excel_length("abc") == 3
    assert X.excel_length("销售") == 2
    assert X.excel_length("🚀") == 2            # outside the BMP: a surrogate pair


def test_fit_cuts_with_an_ellipsis_and_never_splits_a_pair_or_an_escaped_ampersand():
    assert X.fit("abcdef", 6) == "abcdef"
    assert X.fit("abcdefgh", 6) == "abcde…"
    assert X.fit("ab🚀cd", 4) == "ab…"           # 'ab' (2) + '🚀' (2) would leave no room for '…'
    assert X.fit("a&&b&&c", 4, header_codes=True) == "a&&…"
    assert X.fit("a&&b&&c", 3, header_codes=True) == "a…"   # never "a&…": a lone & is a code


def test_header_budget_counts_the_codes_the_writers_add():
    # '&L&"Calibri"&9 ' + left + '&R&"Calibri"&9 ' + right: 15 codes a part;
    # 255 - (10 + 15) - 15 = 215 left for the other part
    assert X.header_part_budget("x" * 10) == 215
    assert X.header_part_budget() == 240


def test_cell_text_keeps_short_text_and_cuts_long_text_to_32767():
    assert X.cell_text("short") == "short"
    assert X.cell_text(12.5) == 12.5
    cut = X.cell_text("x" * 40_000)
    assert len(cut) == 32_767 and cut.endswith("…")


def test_list_validation_keeps_the_values_that_fit_in_255():
    values = ["v" * 100, "w" * 100, "x" * 100]
    assert X.list_validation(values) == values[:2]          # 100 + 1 + 100 = 201; + 101 = 302 > 255
    assert X.list_validation(["a", "b"]) == ["a", "b"]


def test_table_column_names_unique_ignoring_case():
    assert X.unique_ignoring_case(["Name", "name", "NAME", "Other"]) == ["Name", "name (2)", "NAME (3)", "Other"]


def test_an_excel_table_refuses_headers_equal_ignoring_case():
    from salesreport_xl.layout.blocks import Column, Table

    with pytest.raises(ValueError, match="ignoring case"):
        Table(anchor="B2", columns=(Column("Rep"), Column("REP")), rows=(("a", "b"),), name="T1")


# ------------------------------------------------------------------------------------------ long names
def _long(tag: str, i: int) -> str:
    piece = f'{tag}{i} [x] "quoted" \'single\' <&> 🚀😀 '
    return (piece * 20)[:299] + str(i % 10)


@pytest.fixture(scope="module")
def long_build(tmp_path_factory):
    from salesreport_xl.demo import demo_frames
    from salesreport_xl.pipeline import build_report
    from salesreport_xl.template import write_workbook

    folder = tmp_path_factory.mktemp("long")
    frames, settings = demo_frames()
    for col, tag in (("sales_rep", "Rep"), ("product", "Product"), ("category", "Category")):
        names = {v: _long(tag, k) for k, v in enumerate(sorted(frames["sales"][col].dropna().unique()))}
        for frame in frames.values():
            if col in frame.columns:
                frame[col] = frame[col].map(lambda v: names.get(v, v))
    plan = frames["plan"]
    plan.loc[plan.index[0], "text"] = "Long note. " * 4000          # 44,000 characters: over a cell's limit
    settings = dict(settings, company=_long("Company", 0), team=_long("Team", 1))
    book = write_workbook(folder / "long.xlsx", data=frames, settings=settings)
    full = build_report(book, folder / "long-report.xlsx")
    only = build_report(book, folder / "long-only.xlsx", report_only=True)
    return Path(book), full, only


def _headers(path) -> list[str]:
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode("utf-8")
                out += [html.unescape(t) for t in re.findall(r"<(?:oddHeader|oddFooter)>(.*?)</", xml)]
    return out


def test_long_names_report_passes_check_py(long_build):
    book, full, only = long_build
    assert ooxml.check(book, full.output, only.output) == []


def test_long_names_headers_fit_and_keep_the_month(long_build):
    _, full, _ = long_build
    headers = _headers(full.output)
    assert len(headers) >= 2 * len(full.report_sheets)
    for text in headers:
        assert len(text.encode("utf-16-le")) // 2 <= 255, text
    month = [h for h in headers if "&L" in h and "Company0" in h]
    assert month and all(h.endswith(f"Monthly sales report {full.month}") for h in month)
    assert all("…&R" in h for h in month)                     # the company/team part was cut


def test_long_names_cells_hold_at_most_32767_characters(long_build):
    import openpyxl

    _, full, _ = long_build
    wb = openpyxl.load_workbook(full.output, read_only=True)
    longest = max((len(str(c)) for name in full.report_sheets
                   for row in wb[name].iter_rows(values_only=True) for c in row if isinstance(c, str)))
    assert longest == 32_767          # the 44,000-character note, cut with its ellipsis
