"""`salesreport build` end to end on the demo workbook: goldens, names, lossless output, rebuilds.

Golden files (tests/golden.py) hold one small text file per report sheet and language, made from the
hand-built model of tests/model_fixture.py: one line per cell, merge, table, rule and chart. Refresh
them with `make goldens` and review the diff (`git diff tests/goldens`) before committing.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from salesreport_xl.cli import main
from salesreport_xl.compute.model import FIGURE_NAMES
from salesreport_xl.demo import write_demo
from salesreport_xl.pipeline import build_report
from salesreport_xl.layout import SECTION_KEYS, layout_report
from salesreport_xl.write.dump import dump_workbook
from salesreport_xl.write.openpyxl_writer import save_report

from golden import check_golden, sheet_lines
from model_fixture import make_model

BUILT_AT = "2025-10-01T08:00:00"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    return {lang: write_demo(folder, lang=lang) for lang in ("en", "zh")}


@pytest.fixture(scope="module")
def report_only(demo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    return {lang: build_report(demo[lang], folder / f"r-{lang}.xlsx", report_only=True, built_at=BUILT_AT)
            for lang in ("en", "zh")}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("key", SECTION_KEYS)
def test_golden_report_sheets(key, lang, tmp_path):
    # The hand-built model (tests/model_fixture.py) through layout and the openpyxl writer, one small
    # golden per sheet and language: a layout change shows as a short diff.
    layout = layout_report(make_model(lang))
    path = save_report(layout, tmp_path / "report.xlsx")
    name = layout.sheet(key).name
    dump = dump_workbook(path, [name])
    check_golden(f"{lang}/{key}.txt", sheet_lines(dump["sheets"][name]))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden_defined_names(lang, tmp_path):
    layout = layout_report(make_model(lang))
    dump = dump_workbook(save_report(layout, tmp_path / "report.xlsx"), list(layout.sheet_names))
    check_golden(f"{lang}/names.txt", [f"{k}: {v}" for k, v in sorted(dump["defined_names"].items())])


def _independent_figures(book, month: str) -> dict:
    """The sales figures of the demo workbook by plain pandas on its Sales sheet (first column the order
    date, the column headed Amount / 金额 the amount), not through the project's reader."""
    import pandas as pd

    sheet = [n for n in pd.ExcelFile(book, engine="openpyxl").sheet_names
                             if n in ("Sales", "销售明细")][0]
    raw = pd.read_excel(book, sheet_name=sheet, engine="openpyxl")
    amount = next(c for c in raw.columns if c in ("Amount", "金额"))
    sales = pd.DataFrame({"date": pd.to_datetime(raw.iloc[:, 0]), "amount": raw[amount].astype(float)})
    m = pd.Period(month, "M")
    by_month = sales.groupby(sales["date"].dt.to_period("M"))["amount"].sum()
    this, prev, ly = (float(by_month.get(p, 0.0)) for p in (m, m - 1, m - 12))
    ytd = float(sales.loc[(sales["date"].dt.year == m.year) & (sales["date"].dt.to_period("M") <= m), "amount"].sum())
    return {"SR_SALES_MONTH": this, "SR_SALES_PREV_MONTH": prev, "SR_SALES_LAST_YEAR": ly,
            "SR_MOM": this / prev - 1, "SR_YOY": this / ly - 1, "SR_YTD": ytd}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sr_names_point_at_cells_showing_the_figures(demo, report_only, lang):
    # Every SR_* name points at one cell; the sales figures there equal a plain pandas sum of the demo's
    # Sales sheet, and every other figure is a number (an unavailable figure's empty cell:
    # test_layout.py, test_unavailable_figure_is_an_empty_cell_and_the_card_says_na).
    result = report_only[lang]
    wb = openpyxl.load_workbook(result.output)
    expected = _independent_figures(demo[lang], result.month)
    for name in FIGURE_NAMES:
        (sheet, ref), = list(wb.defined_names[name].destinations)
        value = wb[sheet][ref.replace("$", "")].value
        if name in expected:
            assert value == pytest.approx(expected[name], rel=1e-9), name
        else:   # the demo's 26+ months, targets and surveys give every figure a base
            assert isinstance(value, (int, float)) and not isinstance(value, bool), name


def test_full_build_keeps_every_input_part_and_matches_report_only(demo, report_only, tmp_path):
    src = demo["en"]
    before = _sha(src)
    out = tmp_path / "full.xlsx"
    result = build_report(src, out, built_at=BUILT_AT)
    assert _sha(src) == before, "the input workbook was written"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out) as zout:
        out_names = set(zout.namelist())
        for info in zin.infolist():
            if info.filename.startswith("xl/worksheets/sheet") and info.filename in out_names:
                assert zin.read(info) == zout.read(info.filename), info.filename
    wb = openpyxl.load_workbook(out, read_only=True)
    in_sheets = openpyxl.load_workbook(src, read_only=True).sheetnames
    assert wb.sheetnames == in_sheets + list(result.report_sheets)
    sheets = result.report_sheets
    assert dump_workbook(out, sheets) == dump_workbook(report_only["en"].output, sheets)


def test_rebuild_replaces_the_report_in_any_language(demo, tmp_path):
    first = build_report(demo["en"], tmp_path / "a.xlsx", built_at=BUILT_AT)
    second = build_report(first.output, tmp_path / "b.xlsx", built_at=BUILT_AT)
    third = build_report(second.output, tmp_path / "c.xlsx", lang="zh", built_at=BUILT_AT)
    n_first = len(openpyxl.load_workbook(first.output, read_only=True).sheetnames)
    wb2 = openpyxl.load_workbook(second.output)
    wb3 = openpyxl.load_workbook(third.output)
    assert len(wb2.sheetnames) == n_first == len(wb3.sheetnames)
    assert set(second.replaced_sheets) == set(first.report_sheets)
    assert set(third.replaced_sheets) == set(first.report_sheets)
    assert not set(first.report_sheets) & set(wb3.sheetnames)      # the en report is gone
    for wb in (wb2, wb3):
        sr = [n for n in wb.defined_names if n.startswith("SR_")]
        assert sorted(sr) == sorted(FIGURE_NAMES)


def test_cli_build_writes_json_with_the_figures(demo, tmp_path):
    out, js = tmp_path / "o.xlsx", tmp_path / "m.json"
    res = CliRunner().invoke(main, ["build", str(demo["en"]), "-o", str(out), "--json", str(js), "-q"])
    assert res.exit_code == 0, res.output
    data = json.loads(js.read_text(encoding="utf-8"))
    assert list(data["figures"]) == list(FIGURE_NAMES)
    assert data["meta"]["month"] == "2025-09"


def test_cli_build_refuses_to_overwrite_the_input(demo, tmp_path):
    copy = tmp_path / "in.xlsx"
    copy.write_bytes(demo["en"].read_bytes())
    before = _sha(copy)
    res = CliRunner().invoke(main, ["build", str(copy), "-o", str(copy)])
    assert res.exit_code == 2 and "is the input workbook" in res.output
    assert _sha(copy) == before


def test_cli_build_input_error_exit_1_and_no_output(tmp_path):
    from salesreport_xl.template import write_workbook
    import pandas as pd

    sales = pd.DataFrame({"order_date": pd.to_datetime(["2025-03-01"]), "customer_id": ["C1"],
                          "product": ["P"], "category": ["C"], "sales_rep": ["Ann"], "amount": [10.0]})
    path = write_workbook(tmp_path / "in.xlsx", data={"sales": sales})
    wb = openpyxl.load_workbook(path)
    ws = [w for w in wb.worksheets if w.title == "Sales"][0]
    ws["J2"] = "abc"
    wb.save(path)
    out = tmp_path / "out.xlsx"
    res = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert res.exit_code == 1
    assert 'Sales!J2' in res.output and '"abc" is not a number' in res.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in.xlsx"]


def test_build_over_a_report_made_in_place_replaces_it(demo, report_only, tmp_path):
    """A workbook whose report came from Generate in Excel (no marker names) is rebuilt cleanly."""
    from salesreport_xl.layout import layout_report
    from salesreport_xl.write.openpyxl_writer import render_workbook

    wb = openpyxl.load_workbook(demo["en"])
    render_workbook(layout_report(report_only["en"].model), wb)
    in_place = tmp_path / "in_place.xlsx"
    wb.save(in_place)
    n_sheets = len(wb.sheetnames)
    result = build_report(in_place, tmp_path / "rebuilt.xlsx", built_at=BUILT_AT)
    out = openpyxl.load_workbook(result.output, read_only=True)
    assert len(out.sheetnames) == n_sheets
    assert set(result.replaced_sheets) == set(result.report_sheets)


def test_xlsm_in_gives_xlsm_out_with_its_vba(tmp_path):
    """A macro-enabled workbook keeps its VBA modules and stays .xlsm; the report sheets get code names."""
    import pandas as pd

    from salesreport_xl.vba import write_macro_template

    src = write_macro_template(tmp_path / "book.xlsm")
    # Fill a few sales rows through openpyxl with keep_vba, as a user would in Excel.
    wb = openpyxl.load_workbook(src, keep_vba=True)
    ws = wb["Sales"]
    for i, day in enumerate(["2025-01-05", "2025-02-05", "2025-03-05"]):
        ws.append([pd.Timestamp(day).to_pydatetime(), f"O{i}", "C1", "Acme", "P1", "Cat", "Online", "Ann", 1, 100.0 * (i + 1)])
    wb.save(src)
    result = build_report(src, built_at=BUILT_AT)
    assert result.output.suffix == ".xlsm" and result.output.name == "book-report-2025-03.xlsm"
    from oletools.olevba import VBA_Parser

    def modules(path):
        parser = VBA_Parser(str(path))
        try:
            return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
        finally:
            parser.close()

    before, after = modules(src), modules(result.output)
    assert {k: after[k] for k in before} == before
    # The template's sheets are Sheet1..SheetN (About and every input sheet): the report's come next.
    from salesreport_xl import schema
    from salesreport_xl.layout.sections import SECTIONS

    first = 1 + len(schema.SHEETS) + 1
    assert sorted(set(after) - set(before), key=lambda n: int(n[5:])) == [
        f"Sheet{i}" for i in range(first, first + len(SECTIONS))]
    assert result.model.figures["SR_SALES_MONTH"] == 300.0      # the March row: 100 * 3


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, lead", [("en", r"Sales (\S+?)[:,.]"), ("zh", r"本月总销售额(\S+?)[,，。]")])
def test_summary_card_and_sentence_show_the_same_amount(report_only, lang, lead, tmp_path):
    # One rule for amounts: LibreOffice renders the KPI card through its number format, and the sentence
    # about the same figure must read the same ("¥307.4万" in both, never "¥3.07M" beside "¥307.4万").
    import re
    import shutil
    import subprocess

    from salesreport_xl.i18n import t
    from salesreport_xl.write.pdf import export_pdf, find_soffice

    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext not installed")
    result = report_only[lang]
    pdf = export_pdf(result.output, tmp_path / "summary.pdf", [result.report_sheets[0]])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")[0]
    cards, _, below = text.partition(t(lang, "summary.happened"))
    sentence_amount = re.search(lead, below.replace(" ", "") if lang == "zh" else below).group(1)
    assert sentence_amount in cards.replace(" ", ""), (sentence_amount, cards)


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_one_prints_on_one_page_with_what_happened_why_and_what_to_do_in_order(report_only, lang, tmp_path):
    import shutil
    import subprocess

    from salesreport_xl.i18n import t
    from salesreport_xl.write.pdf import export_pdf, find_soffice

    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext not installed")
    result = report_only[lang]
    pdf = export_pdf(result.output, tmp_path / "summary.pdf", [result.report_sheets[0]])
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.rstrip("\f").split("\f")
    assert len(pages) == 1
    text = pages[0].replace(" ", "")
    heads = [t(lang, k).replace(" ", "") for k in ("summary.happened", "summary.why", "summary.actions", "summary.note")]
    at = [text.find(h) for h in heads]
    assert -1 not in at and at == sorted(at), (heads, at)
    # the three actions name their owners (the demo's follow-ups all have one)
    owner = "Owner:" if lang == "en" else "负责人："
    assert text[at[2]:at[3]].count(owner) == 3
