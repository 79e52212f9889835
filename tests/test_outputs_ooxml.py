"""Every kind of workbook the project writes passes ../shared/ooxml/check.py with no problem, and every
.xlsm passes vba_lo.py (LibreOffice's and olevba's reading of the VBA project): the templates (.xlsx,
.xlsm, en and zh), the demo workbook, a full build, a report-only build, a Chinese build, a build into
an .xlsm, and a batch output."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import ooxml
from salesreport_xl.batch import run_batch
from salesreport_xl.demo import write_demo
from salesreport_xl.pipeline import build_report
from salesreport_xl.template import write_template
from salesreport_xl.vba import macro_sources, write_macro_template, xlwings_sources

BUILT_AT = "2025-10-01T09:00:00+08:00"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("kinds")
    out = {
        "template en": write_template(d / "t_en.xlsx", lang="en"),
        "template zh": write_template(d / "t_zh.xlsx", lang="zh"),
        "xlsm template en": write_macro_template(d / "t_en.xlsm", lang="en"),
        "xlsm template zh": write_macro_template(d / "t_zh.xlsm", lang="zh"),
        "demo": write_demo(d, "en"),
    }
    out["full build"] = build_report(out["demo"], d / "full.xlsx", built_at=BUILT_AT).output
    out["report only"] = build_report(out["demo"], d / "only.xlsx", report_only=True, built_at=BUILT_AT).output
    out["zh build"] = build_report(out["demo"], d / "zh.xlsx", lang="zh", built_at=BUILT_AT).output
    src = write_macro_template(d / "filled.xlsm")
    wb = openpyxl.load_workbook(src, keep_vba=True)
    for i, day in enumerate(["2025-01-05", "2025-02-05", "2025-03-05"]):
        wb["Sales"].append([pd.Timestamp(day).to_pydatetime(), f"O{i}", "C1", "Acme", "P1", "Cat", "Online",
                            "Ann", 1, 100.0 * (i + 1)])
    wb.save(src)
    out["xlsm build"] = build_report(src, d / "built.xlsm", built_at=BUILT_AT).output
    batch = run_batch([out["demo"]], out_dir=d / "batch", jobs=1)
    assert batch.ok
    out["batch"] = batch.items[0].output
    return {k: Path(v) for k, v in out.items()}


def test_every_kind_of_output_passes_check_py(outputs):
    assert ooxml.check(*outputs.values()) == []


def test_every_xlsm_passes_vba_lo(outputs):
    books = [p for p in outputs.values() if p.suffix == ".xlsm"]
    assert len(books) == 3
    problems, text = ooxml.vba_lo(*books, refs=[*macro_sources(), *xlwings_sources()])
    assert problems == []
    assert "has no codeName" not in text
