"""The README's quick start: the Windows commands are the steps `make` runs, and this suite runs them
on Linux in their POSIX form (`py` → this Python, `.venv\\Scripts\\x` → `.venv/bin/x`)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start() -> str:
    return README.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def _blocks(text: str) -> list[list[str]]:
    return [[ln.split("#")[0].strip() for ln in b.strip().splitlines() if ln.split("#")[0].strip()]
            for b in re.findall(r"```\n(.*?)```", text, re.S)]


def _posix(command: str) -> list[str]:
    """A Windows command line of the README in its POSIX form."""
    words = command.split()
    if words[0] == "py":
        words[0] = sys.executable
    return [re.sub(r"^\.venv\\Scripts\\", ".venv/bin/", w).replace("\\", "/") for w in words]


def test_the_windows_commands_are_the_make_targets_steps():
    make_block, windows_block = _blocks(_quick_start())[:2]
    assert make_block == ["make demo", "make test"]
    assert windows_block == ["py dev.py demo", "py dev.py test"]
    makefile = (ROOT / "Makefile").read_text()
    for target in ("demo", "test"):
        recipe = re.search(rf"^{target}:.*\n\t(.*)$", makefile, re.M).group(1)
        assert recipe == f"$(PY) dev.py {target}", target
    assert re.search(r"^\$\(STAMP\):.*\n\t\$\(PY\) dev.py setup$", makefile, re.M)


def test_dev_py_demo_runs_as_the_readme_says(tmp_path):
    # The Windows line `py dev.py demo` in POSIX form, with the output moved out of the checkout and
    # no PDF (LibreOffice is optional). The venv is the one this suite runs in (set up already: the
    # step is skipped by its stamp, as on a second `make demo`).
    if not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("no .venv set up by dev.py in this checkout")
    cmd = _posix("py dev.py demo") + ["-o", str(tmp_path / "out"), "--no-pdf"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "demo_report_en.json", "demo_report_en.xlsx", "demo_sales_en.xlsx", "workbook_template_en.xlsm"]


def test_salesreport_runs_after_setup_as_the_readme_says():
    if not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("no .venv set up by dev.py in this checkout")
    row = next(ln for ln in _quick_start().splitlines() if ln.startswith("| Windows cmd"))
    direct = re.findall(r"`([^`]*)`", row)[0]
    assert direct == r".venv\Scripts\salesreport --help"
    done = subprocess.run(_posix(direct), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Usage: salesreport" in done.stdout
    posix_row = next(ln for ln in _quick_start().splitlines() if ln.startswith("| Linux, macOS"))
    assert re.findall(r"`([^`]*)`", posix_row)[0] == " ".join(_posix(direct))
