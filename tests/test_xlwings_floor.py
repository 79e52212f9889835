"""The xlwings floor is the truth: Generate with exactly the lowest xlwings the package declares
(pyproject.toml, write/excel_engine.XLWINGS_FLOOR), installed into a fresh virtual environment,
records the same actions on the remote engine as with the xlwings of this environment.

The fresh environment gets xlwings from the package index and borrows every other dependency (and
this checkout) from the running one; the test skips when the index cannot be reached.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from salesreport_xl.write.excel_engine import XLWINGS_FLOOR, xlwings_too_old

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ".".join(map(str, XLWINGS_FLOOR))

GENERATE = """
import json, sys
sys.path[:0] = [sys.argv[2], sys.argv[3]]
import xlwings as xw
from test_excel_remote import BUILT_AT, payload, small_sheets
from salesreport_xl import excel
book = xw.Book(json=payload(small_sheets()))
result = excel.generate(book, built_at=BUILT_AT)
actions = book.json()["actions"]
json.dump({"version": xw.__version__, "generated": result is not None,
           "skipped": None if result is None else result.skipped,
           "alerts": [a["args"][0] for a in actions if a["func"] == "alert"],
           "actions": actions}, open(sys.argv[1], "w"), default=str)
"""


def _generate(python, out: Path) -> dict:
    env = dict(os.environ, XLWINGS_LICENSE_KEY=os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial"))
    env.pop("PYTHONPATH", None)
    done = subprocess.run([str(python), "-c", GENERATE, str(out), str(ROOT / "tests"), str(ROOT)],
                          capture_output=True, text=True, env=env, timeout=600, cwd=out.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text())


def test_pyproject_declares_the_floor():
    text = (ROOT / "pyproject.toml").read_text()
    assert re.search(rf'"xlwings>={re.escape(FLOOR)}"', text)


def test_versions_below_the_floor_are_told_apart():
    assert xlwings_too_old("0.36.2") and xlwings_too_old("0.37.5") and xlwings_too_old("0.30.0")
    assert not xlwings_too_old(FLOOR) and not xlwings_too_old("0.37.10") and not xlwings_too_old("1.0.0")


@pytest.mark.slow
def test_generate_with_the_floor_version_records_the_same_actions(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # Every other dependency from this environment, after the fresh one's own xlwings.
    Path(site, "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                           f"xlwings=={FLOOR}"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.skip(f"xlwings {FLOOR} cannot be had from the package index: {done.stderr[-300:]}")
    floor = _generate(python, tmp_path / "floor.json")
    here = _generate(sys.executable, tmp_path / "here.json")
    assert floor["version"] == FLOOR
    assert floor["generated"] and not floor["alerts"], floor["alerts"]
    assert floor["skipped"] == here["skipped"]
    assert [a["func"] for a in floor["actions"]] == [a["func"] for a in here["actions"]]
    assert floor["actions"] == here["actions"]
