"""The package in a real Pyodide (what xlwings Lite runs): Pyodide 0.27.7 under Node, laid out offline
from the package registries by the shared Pyodide scripts (`../shared/pyodide/`, or the folder
SALESREPORT_PYODIDE names), which build this checkout's wheel, install it with micropip, run the
headless stages, `build_report(report_only=True)` and the Lite entry points on `xw.Book(json=...)`,
and compare the model and the recorded Generate / Validate / Clear actions with this CPython's.

Every step must pass except those that need lxml, whose Pyodide wheel no registry serves (SKIP). The
test skips when the scripts, Node or the registries' files are not to be had. The downloads are kept
in SALESREPORT_PYODIDE_ROOT (default: ~/.cache/salesreport-xl/pyodide) so a second run is offline.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHECKOUT = Path(__file__).resolve().parent.parent
SCRIPTS = Path(os.environ.get("SALESREPORT_PYODIDE", CHECKOUT.parent / "shared" / "pyodide"))
CACHE = Path(os.environ.get("SALESREPORT_PYODIDE_ROOT", Path.home() / ".cache" / "salesreport-xl" / "pyodide"))

# What setup.sh fetches from npm and PyPI: without these the run cannot happen at all (no network,
# no registry), which is a skip; anything failing after they are in place is a failure.
REGISTRY_FILES = ["pyodide-0.27.7/pyodide.mjs", "pyodide-0.27.7/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl",
                  "pyodide-0.27.7/pyarrow-18.1.0-cp312-cp312-pyodide_2024_0_wasm32.whl"]
STEP = re.compile(r"^(ok|FAIL|SKIP)\s+[\d.]+ s\s+(.*)$")


@pytest.fixture(scope="module")
def run_lines():
    if not (SCRIPTS / "run.sh").is_file():
        pytest.skip(f"the Pyodide scripts are not here ({SCRIPTS})")
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node and npm are needed to run Pyodide")
    if not (CHECKOUT / ".git").exists():
        pytest.skip("the scripts build the wheel from the checkout's git files; this is not a git checkout")
    CACHE.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, ROOT=str(CACHE), PY=sys.executable, SRC=str(CHECKOUT))
    done = subprocess.run(["bash", str(SCRIPTS / "run.sh")], capture_output=True, text=True, env=env,
                          timeout=1500)
    out = done.stdout + done.stderr
    missing = [f for f in REGISTRY_FILES if not (CACHE / f).is_file()]
    if missing or not list((CACHE / "wheels").glob("openpyxl-*.whl")):
        pytest.skip(f"the registries' files cannot be had ({missing or 'openpyxl wheel'}): {out[-500:]}")
    lines = [m.groups() for m in map(STEP.match, out.splitlines()) if m]
    assert lines, out[-3000:]
    return done.returncode, lines, out


def test_every_step_passes_but_those_that_need_lxml(run_lines):
    rc, lines, out = run_lines
    failed = [text for status, text in lines if status == "FAIL"]
    assert not failed, "\n".join(failed)
    skipped = [text for status, text in lines if status == "SKIP"]
    assert all("lxml" in text for text in skipped), skipped
    assert rc == 0, out[-3000:]


def test_generate_and_the_model_equal_the_hosts(run_lines):
    _, lines, _ = run_lines
    ok = [text for status, text in lines if status == "ok"]
    assert any(text.startswith("excel.generate(") and "= host's" in text for text in ok), ok
    assert any(text.startswith("headless build, report_only=True") and "model JSON = host's" in text
               for text in ok), ok
    assert any(text.startswith("xlwings Lite entry point") for text in ok), ok
