"""The package installs whole: a wheel built from the sources, installed into a fresh virtual
environment outside the checkout, runs `salesreport template --xlsm` and `salesreport demo`.

The wheel is installed with --no-deps and the third-party dependencies (pandas, xlwings, ...) are
borrowed from the environment running this test through a .pth line, so no download is needed and
nothing of this checkout is importable: what is tested is what the wheel itself carries."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

_NOT_SOURCES = shutil.ignore_patterns(".venv", ".git", "out", "build", "dist", "*.egg-info", "__pycache__",
                                      ".pytest_cache", ".hypothesis", ".cache", "tests")


def _run(cmd, cwd, timeout=600):
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")})
    assert done.returncode == 0, f"{cmd}:\n{done.stdout[-1500:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    shutil.copytree(ROOT, src, ignore=_NOT_SOURCES)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", src], cwd=work)
    wheel = next((work / "dist").glob("salesreport_xl-*.whl"))
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=work)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=work).stdout.strip()
    # The dependencies only, after the fresh environment's own site-packages.
    Path(site, "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel], cwd=work)
    return wheel, bindir, python, work


def test_the_wheel_carries_the_vba_modules_as_data(installed):
    wheel = installed[0]
    names = zipfile.ZipFile(wheel).namelist()
    for bas in sorted((ROOT / "macros").glob("*.bas")):
        assert any(n.endswith(f".data/data/share/salesreport-xl/macros/{bas.name}") for n in names), bas.name


def test_the_installed_package_is_the_wheels_not_the_checkout(installed):
    _, _, python, work = installed
    where = _run([python, "-c", "import salesreport_xl, sys; print(salesreport_xl.__file__)"], cwd=work).stdout
    assert Path(where.strip()).is_relative_to(work / "venv")


def test_template_xlsm_and_demo_run_from_the_installed_wheel(installed, tmp_path):
    _, bindir, _, _ = installed
    salesreport = bindir / ("salesreport.exe" if os.name == "nt" else "salesreport")
    done = _run([salesreport, "template", "--xlsm", "-o", "t.xlsm"], cwd=tmp_path)
    assert "template written" in done.stdout and "Traceback" not in done.stderr
    with zipfile.ZipFile(tmp_path / "t.xlsm") as z:
        assert "xl/vbaProject.bin" in z.namelist()
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(tmp_path / "t.xlsm"))
    try:
        modules = {Path(name).stem for _, _, name, _ in parser.extract_macros()}
    finally:
        parser.close()
    assert {"SalesReport", "xlwings"} <= modules
    done = _run([salesreport, "demo", "-o", "out", "--no-pdf"], cwd=tmp_path)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "demo_report_en.json", "demo_report_en.xlsx", "demo_sales_en.xlsx", "workbook_template_en.xlsm"]
