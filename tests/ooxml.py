"""The shared Office Open XML checkers (../shared/ooxml/, beside the project; not part of it): check.py
for every part of a package, vba_lo.py for an .xlsm's VBA project through LibreOffice. A test calling
them skips, saying why, where the folder is absent (a user's clone) or LibreOffice is missing."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "ooxml"
SYSTEM_PYTHON = "/usr/bin/python3"


def _need(script: str) -> Path:
    path = SHARED / script
    if not path.is_file():
        pytest.skip(f"../shared/ooxml/{script} is not here (it sits beside the project, not in it)")
    return path


def check(*paths) -> list[str]:
    """check.py's problem lines for `paths` (an empty list: none)."""
    script = _need("check.py")
    done = subprocess.run([sys.executable, str(script), *map(str, paths)], capture_output=True,
                          text=True, timeout=600)
    lines = [ln for ln in done.stdout.splitlines() if ": error:" in ln or ": warn:" in ln]
    if done.returncode not in (0, 1) or (done.returncode == 1 and not lines):
        raise AssertionError(f"check.py failed to run: {done.stderr[-2000:]}")
    return lines


def vba_lo(*paths, refs=()) -> tuple[list[str], str]:
    """vba_lo.py's problem lines and its whole output for the .xlsm `paths`, sources compared with `refs`."""
    script = _need("vba_lo.py")
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).is_file():
        pytest.skip("vba_lo.py needs LibreOffice and the system Python with python3-uno")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode:
        pytest.skip("vba_lo.py needs python3-uno for /usr/bin/python3")
    cmd = [SYSTEM_PYTHON, str(script), "--olevba-python", sys.executable]
    for ref in refs:
        cmd += ["--ref", str(ref)]
    done = subprocess.run(cmd + [str(p) for p in paths], capture_output=True, text=True, timeout=600)
    out = done.stdout + done.stderr
    problems = [ln for ln in out.splitlines() if ": PROBLEM: " in ln]
    if done.returncode and not problems:
        problems = [out.strip().splitlines()[-1] if out.strip() else f"exit {done.returncode}"]
    return problems, out
