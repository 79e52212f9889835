"""Every kind of file the project writes, built once: its file mode, the Office Open XML checks of
`../shared/ooxml/check.py`, and (for .xlsm) the VBA project as LibreOffice reads it (`vba_lo.py`).

Kinds: report-only build, its JSON and PDF, full (lossless) build, a Chinese build, the blank template
(.xlsx) and the macro-enabled template (.xlsm), a full build of a macro workbook (.xlsm), the demo
workbook and its report. All are written under umask 022, where a new file's mode is 0644; mkstemp's
private 0600 would make a report on a shared server unreadable to colleagues.

The checkers are shared tooling outside the repository (`../shared/ooxml` from the project root):
the checks skip, saying so, when the folder is absent (a user's clone) or LibreOffice / Python-UNO is
missing. All workbooks go through one check.py call (it costs seconds per demo-sized file).
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from salesreport_xl import schema, vba
from salesreport_xl.pipeline import build_report, load_inputs
from salesreport_xl.template import write_template, write_workbook
from salesreport_xl.write.pdf import find_soffice
from test_bad_inputs import base_sheets, write_book

ROOT = Path(__file__).resolve().parent.parent
OOXML = ROOT.parent / "shared" / "ooxml"
SYSTEM_PYTHON = "/usr/bin/python3"
BUILT_AT = "2025-04-01T09:00:00+08:00"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """kind -> the file written, every one under umask 022."""
    out = tmp_path_factory.mktemp("outputs")
    old = os.umask(0o022)
    try:
        (out / "in").mkdir()
        book = write_book(out / "in" / "book.xlsx", base_sheets())
        files: dict[str, Path] = {}
        pdf = find_soffice() is not None
        built = build_report(book, out / "report-only.xlsx", report_only=True, json_path=out / "report.json",
                             pdf=pdf, built_at=BUILT_AT)
        files["report-only"], files["json"] = built.output, built.json
        if pdf:
            files["pdf"] = built.pdf
        files["full build"] = build_report(book, out / "full.xlsx", built_at=BUILT_AT).output
        files["Chinese build"] = build_report(book, out / "zh.xlsx", lang="zh", built_at=BUILT_AT).output
        files["template"] = write_template(out / "template.xlsx")
        files["xlsm template"] = vba.write_macro_template(out / "template.xlsm")
        files["xlsm full build"] = build_report(_macro_book(book, out / "in" / "book.xlsm"), out / "full.xlsm",
                                                built_at=BUILT_AT).output
        from salesreport_xl.demo import write_demo

        files["demo"] = write_demo(out / "demo", "en")
        files["demo report"] = build_report(files["demo"], out / "demo-report.xlsx", built_at=BUILT_AT).output
    finally:
        os.umask(old)
    return files


def _macro_book(book: Path, path: Path) -> Path:
    """A macro workbook (.xlsm, with the template's VBA project and buttons) holding `book`'s data."""
    inputs, _ = load_inputs(book)
    data = {key: getattr(inputs, key) for key in ("sales", "customers", "targets", "activities", "feedback",
                                                  "pipeline", "plan")}
    # Document modules for About and the input sheets, as write_macro_template declares them.
    project = vba.build_vba_project(path.with_suffix(".bin"), sheet_count=1 + len(schema.SHEETS))
    return write_workbook(path, "en", data=data, vba_project=project, buttons=list(vba.BUTTONS))


KINDS = ["report-only", "json", "pdf", "full build", "Chinese build", "template", "xlsm template",
         "xlsm full build", "demo", "demo report"]


# ------------------------------------------------------------------------------------------ file modes
@pytest.mark.skipif(os.name != "posix", reason="file modes and umask are POSIX")
@pytest.mark.parametrize("kind", KINDS)
def test_output_mode_is_what_umask_022_gives(outputs, kind):
    if kind not in outputs:
        pytest.skip("LibreOffice is not installed: no PDF to check")
    assert stat.S_IMODE(outputs[kind].stat().st_mode) == 0o644, kind


def test_every_kind_was_written_once(outputs):
    # No temporary file left beside any output.
    for path in outputs.values():
        assert not [n for n in os.listdir(path.parent) if n.startswith(".")], path.parent


# ------------------------------------------------------------------------------------------ checkers
def _need_ooxml() -> None:
    if not (OOXML / "check.py").is_file():
        pytest.skip(f"the shared Office Open XML checkers are absent ({OOXML}); nothing to check with")


def test_every_workbook_passes_the_office_open_xml_checks(outputs):
    _need_ooxml()
    books = [p for p in outputs.values() if p.suffix in (".xlsx", ".xlsm")]
    assert len(books) == 8
    proc = subprocess.run([sys.executable, str(OOXML / "check.py"), *map(str, books)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and f"0 problems in {len(books)} files" in proc.stdout, proc.stdout + proc.stderr


def _uno_python() -> str:
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed: vba_lo.py reads the VBA project through it")
    if not os.path.exists(SYSTEM_PYTHON) or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode != 0:
        pytest.skip(f"{SYSTEM_PYTHON} cannot import uno (install python3-uno): vba_lo.py needs it")
    return SYSTEM_PYTHON


def test_every_xlsm_carries_its_vba_sources_as_libreoffice_reads_them(outputs):
    _need_ooxml()
    python = _uno_python()
    books = [p for p in outputs.values() if p.suffix == ".xlsm"]
    assert len(books) == 2
    refs = [*sorted((ROOT / "macros").glob("*.bas")), *vba.xlwings_sources()]
    cmd = [python, str(OOXML / "vba_lo.py"), "--olevba-python", sys.executable]
    for ref in refs:
        cmd += ["--ref", str(ref)]
    proc = subprocess.run([*cmd, *map(str, books)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and f"0 problems in {len(books)} files" in proc.stdout, proc.stdout + proc.stderr
