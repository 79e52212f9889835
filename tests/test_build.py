"""`salesreport build` end to end on the demo workbook: goldens, names, lossless output, rebuilds.

Golden files hold a normalised dump of every report sheet (values, number formats, fonts and fills,
merges, tables, conditional formats, charts and their ranges, defined names) with the build time fixed.
Refresh them with `make goldens` and review the diff (`git diff tests/goldens`) before committing.
"""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from salesreport_xl.cli import main
from salesreport_xl.compute.model import FIGURE_NAMES
from salesreport_xl.demo import write_demo
from salesreport_xl.pipeline import build_report
from salesreport_xl.write.dump import dump_workbook

GOLDENS = Path(__file__).parent / "goldens"
BUILT_AT = "2025-10-01T08:00:00"
UPDATE = os.environ.get("SALESREPORT_UPDATE_GOLDENS") == "1"


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
def test_golden_report_sheets(report_only, lang):
    result = report_only[lang]
    dump = dump_workbook(result.output, result.report_sheets)
    golden = GOLDENS / f"demo_{lang}.json"
    text = json.dumps(dump, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    if UPDATE or not golden.exists():
        golden.write_text(text + "\n", encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden {golden.name} was missing and has been written; review and commit it")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    actual = json.loads(text)
    assert list(actual["sheets"]) == list(expected["sheets"]), "report sheets differ"
    for sheet in expected["sheets"]:
        assert actual["sheets"][sheet] == expected["sheets"][sheet], (
            f"sheet {sheet} differs from tests/goldens/{golden.name}; if intended, run `make goldens` "
            "and review the diff")
    assert actual["defined_names"] == expected["defined_names"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sr_names_point_at_cells_showing_the_model_figures(report_only, lang):
    result = report_only[lang]
    wb = openpyxl.load_workbook(result.output)
    names = {n: wb.defined_names[n] for n in FIGURE_NAMES}
    for name, dn in names.items():
        (sheet, ref), = list(dn.destinations)
        value = wb[sheet][ref.replace("$", "")].value
        expected = result.model.figures[name]
        if expected is None:
            assert value in (None, "n/a", "不适用", "—", "-") or isinstance(value, str), name
        else:
            assert value == pytest.approx(expected, rel=1e-12), name


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
    # The template's sheets are Sheet1..Sheet9 (About and 8 inputs): the 7 report sheets come next.
    assert sorted(set(after) - set(before), key=lambda n: int(n[5:])) == [f"Sheet{i}" for i in range(10, 17)]
    assert result.model.figures["SR_SALES_MONTH"] == 300.0      # the March row: 100 * 3
