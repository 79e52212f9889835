"""The quick start's steps for every platform: `make demo` / `make test` call this, and on Windows
(no make) it is run directly:

    python dev.py demo      # Windows: py dev.py demo
    python dev.py test      # Windows: py dev.py test
    python dev.py setup     # only the virtual environment: .venv with the package and its test extras

One script so the steps a Windows user runs are the ones `make` runs on Linux and macOS (the test suite
runs them too, see tests/test_quickstart.py). Only the standard library: it runs before anything is
installed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The test suite's remote xlwings engine needs a licence key; the non-commercial one is for the
# tests only (Generate through RunPython in Excel needs none).
TEST_ENV = {"XLWINGS_LICENSE_KEY": "noncommercial"}


def bin_dir(venv: Path) -> Path:
    """Where a virtual environment keeps its programs: Scripts\\ on Windows, bin/ elsewhere."""
    return venv / ("Scripts" if os.name == "nt" else "bin")


def program(venv: Path, name: str) -> str:
    path = bin_dir(venv) / (name + (".exe" if os.name == "nt" else ""))
    return str(path)


def setup(venv: Path) -> None:
    """Create `venv` and install the package (editable) with its test extras, unless already done
    for this pyproject.toml (the stamp is the one make's rule uses)."""
    fonts = missing_fonts()
    if fonts:
        print("note: the PDF needs fonts that are not installed; install them with\n"
              f"  sudo apt-get install {' '.join(fonts)}", flush=True)
    stamp = venv / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= (ROOT / "pyproject.toml").stat().st_mtime:
        return
    run([sys.executable, "-m", "venv", str(venv)])
    run([program(venv, "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    run([program(venv, "python"), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"])
    stamp.touch()


# Fonts the PDF needs where fontconfig chooses them (Linux): the report's Calibri or the metric-compatible
# Carlito, and a Chinese font for a Chinese report. Installing them needs root, so set-up says how.
FONT_PACKAGES = {"carlito": "fonts-crosextra-carlito", "noto sans cjk": "fonts-noto-cjk"}


def missing_fonts() -> list[str]:
    """Debian/Ubuntu packages of the PDF's fonts that fontconfig does not have (none where there is no
    fontconfig, as on Windows and macOS, whose Office brings Calibri)."""
    try:
        listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout.lower()
    except OSError:
        return []
    return [pkg for family, pkg in FONT_PACKAGES.items() if family not in listed and
            not (family == "carlito" and "calibri" in listed)]


def run(cmd: list[str], env: dict | None = None) -> None:
    print("+ " + " ".join(cmd), flush=True)
    done = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})})
    if done.returncode:
        sys.exit(done.returncode)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="dev.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("task", choices=["setup", "demo", "test"])
    parser.add_argument("args", nargs=argparse.REMAINDER, help="passed on to `salesreport demo` or to pytest")
    parser.add_argument("--venv", default=str(ROOT / ".venv"), help="the virtual environment [.venv]")
    opts = parser.parse_args(argv)
    venv = Path(opts.venv)
    extra = opts.args[1:] if opts.args[:1] == ["--"] else opts.args
    setup(venv)
    if opts.task == "demo":
        default_out = [] if {"-o", "--output"} & set(extra) else ["-o", "out"]
        run([program(venv, "salesreport"), "demo", *default_out, *extra])
    elif opts.task == "test":
        run([program(venv, "python"), "-m", "pytest", *extra], env=TEST_ENV)


if __name__ == "__main__":
    main()
