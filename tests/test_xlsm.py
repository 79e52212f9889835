"""The macro-enabled template: its VBA project carries macros/*.bas and xlwings' standalone VBA with
the same source, its buttons call the macros, and LibreOffice opens it."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from salesreport_xl import vba

MACROS = Path(__file__).resolve().parent.parent / "macros"


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory) -> Path:
    return vba.write_macro_template(tmp_path_factory.mktemp("xlsm") / "template.xlsm")


def _modules(path: Path) -> dict[str, str]:
    """Module name -> source as olevba reads it back from the file."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros()
        return {Path(vba_filename).stem: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def _as_stored(text: str) -> str:
    # VBA stores CRLF line ends; a class module's VERSION/BEGIN/END header is not part of its source.
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].startswith("Attribute "):
        lines.pop(0)
    return "\n".join(lines).rstrip("\n")


def test_olevba_reads_every_macro_module_with_the_same_source(xlsm):
    modules = _modules(xlsm)
    for bas in sorted(MACROS.glob("*.bas")):
        name = vba.module_name(bas)
        assert name in modules, f"{name} missing from the VBA project"
        assert _as_stored(modules[name]) == _as_stored(bas.read_text(encoding="utf-8"))


def test_olevba_reads_the_xlwings_module_and_its_class(xlsm):
    modules = _modules(xlsm)
    bas, cls = vba.xlwings_sources()
    assert _as_stored(modules["xlwings"]) == _as_stored(bas.read_text(encoding="utf-8"))
    assert "Public Function RunPython(" in modules["xlwings"]
    assert _as_stored(modules["Dictionary"]) == _as_stored(cls.read_text(encoding="utf-8"))


def test_project_declares_workbook_and_sheet_document_modules(xlsm):
    # About + the 9 input sheets (Mapping included): xlsxwriter gives them the code names Sheet1..Sheet10.
    modules = _modules(xlsm)
    assert {"ThisWorkbook", *(f"Sheet{i}" for i in range(1, 11))} <= set(modules)
    assert "Sheet11" not in modules


def test_buttons_on_about_call_the_report_macros(xlsm):
    with zipfile.ZipFile(xlsm) as z:
        names = z.namelist()
        assert "xl/vbaProject.bin" in names
        vml = "".join(z.read(n).decode("utf-8") for n in names if n.startswith("xl/drawings/vmlDrawing"))
        content_types = z.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in content_types
    for caption, macro in vba.BUTTONS:
        assert f"[0]!{macro}</x:FmlaMacro>" in vml
        assert caption in vml


def test_chinese_template_has_chinese_button_captions(tmp_path):
    path = vba.write_macro_template(tmp_path / "模板.xlsm", lang="zh")
    with zipfile.ZipFile(path) as z:
        vml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if "vmlDrawing" in n)
    assert "生成报告" in vml and "[0]!SalesReport.Generate" in vml


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(path: Path, fmt: str, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    proc = subprocess.run(
        [_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", fmt, "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=120)
    out = tmp_path / (path.stem + "." + fmt)
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and out.stat().st_size > 0, proc.stdout + proc.stderr
    return out


@pytest.mark.libreoffice
@pytest.mark.skipif(not _soffice(), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_xlsm_and_imports_its_vba(xlsm, tmp_path):
    pdf = _convert(xlsm, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    # Saved as ODS, LibreOffice keeps the VBA it understood as Basic modules: proof that it parsed the
    # dir stream and decompressed every module, and took Dictionary for a class module.
    ods = _convert(xlsm, "ods", tmp_path)
    with zipfile.ZipFile(ods) as z:
        basic = {Path(n).stem: z.read(n).decode("utf-8") for n in z.namelist()
                 if n.startswith("Basic/VBAProject/") and n.endswith(".xml")}
    assert "sr.generate()" in basic["SalesReport"]
    assert "Function RunPython(" in basic["xlwings"]
    assert 'script:moduleType="class"' in basic["Dictionary"]
