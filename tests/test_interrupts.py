"""Interruptions say what happened: Ctrl-C ends a build at once with exit 130 and one line saying
what was written ("interrupted — nothing was written", or the files put in place before the stop),
with no traceback and no "Exception ignored" on the way out; two builds of one output do not remove
each other's temporary files, and the last to finish wins whole.

Each case runs `salesreport build` on test_bad_inputs' base workbook in a child process with one
function wrapped (a marker file says the child has reached it), and sends it SIGINT as a terminal's
Ctrl-C would.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from test_bad_inputs import sha
from test_faults import book, listing  # noqa: F401  (book: the base workbook as in.xlsx)

if os.name != "posix":
    pytest.skip("SIGINT to a child process is POSIX's", allow_module_level=True)

# The child: `salesreport build …` with `target` (module:attribute) wrapped to write the marker file,
# then run `stall` (a few seconds), then go on as it would.
_CHILD = textwrap.dedent("""
    import hashlib, importlib, sys, time
    from pathlib import Path
    from salesreport_xl.cli import main

    marker, target, stall = sys.argv[1], sys.argv[2], sys.argv[3]
    module_name, attr_path = target.split(":")
    owner = importlib.import_module(module_name)
    *outer, attr = attr_path.split(".")
    for name in outer:
        owner = getattr(owner, name)
    real = getattr(owner, attr)

    def wrapped(*args, **kwargs):
        Path(marker).write_text("here")
        if stall == "native":
            # Seconds in C with the GIL let go and no check for signals: as calamine parsing a sheet.
            hashlib.pbkdf2_hmac("sha256", b"x", b"y", 20_000_000)
        elif stall.startswith("until:"):
            deadline = time.monotonic() + 120
            while not Path(stall[6:]).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        else:
            time.sleep(float(stall))
        return real(*args, **kwargs)

    setattr(owner, attr, wrapped)
    main(sys.argv[4:], prog_name="salesreport")
""")


def _start(tmp_path: Path, target: str, stall: str, *args, marker: Path | None = None
           ) -> tuple[subprocess.Popen, Path]:
    marker = marker or tmp_path / f"marker-{time.monotonic_ns()}"
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(marker), target, stall, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, marker


def _wait_for(proc: subprocess.Popen, marker: Path) -> None:
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the child never reached the wrapped function"
        time.sleep(0.02)


def _interrupt(proc: subprocess.Popen) -> tuple[int, str, float]:
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out + err, time.monotonic() - sent


def test_ctrl_c_during_the_read_stops_at_once_and_says_nothing_was_written(tmp_path, book):
    before = sha(book)
    out = tmp_path / "out" / "r.xlsx"
    proc, marker = _start(tmp_path, "fastexcel:read_excel", "native", "build", book, "-o", out)
    _wait_for(proc, marker)
    code, text, seconds = _interrupt(proc)
    assert code == 130, text
    assert "interrupted — nothing was written" in text
    assert "Traceback" not in text and "Exception ignored" not in text and "cannot be read" not in text
    assert seconds < 5, seconds            # the native call runs on (several seconds) — not waited for
    assert sha(book) == before and not out.parent.exists()


def test_ctrl_c_after_the_report_is_written_says_so(tmp_path, book):
    out = tmp_path / "out" / "r.xlsx"
    proc, marker = _start(tmp_path, "salesreport_xl.write.report_json:report_to_json", "30",
                          "build", book, "-o", out, "--json", tmp_path / "out" / "r.json")
    _wait_for(proc, marker)
    code, text, _ = _interrupt(proc)
    assert code == 130, text
    assert f"interrupted — written before the stop: {out}; nothing else was written" in text
    assert "Traceback" not in text and "Exception ignored" not in text and "Aborted" not in text
    assert listing(out.parent) == ["r.xlsx"]                  # the report whole, no JSON, no temporary file
    assert "Summary" in openpyxl.load_workbook(out).sheetnames


def test_ctrl_c_during_the_package_write_leaves_the_earlier_report(tmp_path, book):
    out = tmp_path / "out" / "r.xlsx"
    first = subprocess.run([sys.executable, "-m", "salesreport_xl", "build", str(book), "-o", str(out), "-q"],
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    earlier = sha(out)
    proc, marker = _start(tmp_path, "salesreport_xl.package_zip:RawZipWriter.copy_raw", "30",
                          "build", book, "-o", out)
    _wait_for(proc, marker)
    code, text, _ = _interrupt(proc)
    assert code == 130 and "interrupted — nothing was written" in text, text
    assert "Traceback" not in text and "Exception ignored" not in text
    assert sha(out) == earlier and listing(out.parent) == ["r.xlsx"]


def test_two_builds_of_one_output_both_finish_and_the_last_wins_whole(tmp_path, book):
    out = tmp_path / "out" / "r.xlsx"
    # Both stall inside their write, their temporary files made: the first until the second is there
    # too, the second 5 s — so the first finishes, and looks for leftovers, while the second's
    # temporary file is being written.
    second_marker = tmp_path / "second-writing"
    first = _start(tmp_path, "salesreport_xl.write.package_merge:_Merge.write", f"until:{second_marker}",
                   "build", book, "-o", out, "-q")
    _wait_for(*first)
    second = _start(tmp_path, "salesreport_xl.write.package_merge:_Merge.write", "5",
                    "build", book, "-o", out, "-q", marker=second_marker)
    procs = [first, second]
    results = [p.communicate(timeout=300) + (p.returncode,) for p, _ in procs]
    for stdout, stderr, code in results:
        assert code == 0, stdout + stderr
    assert listing(out.parent) == ["r.xlsx"]
    assert out.stat().st_mtime >= second_marker.stat().st_mtime    # the second, last to finish, won
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
    assert "Summary" in openpyxl.load_workbook(out).sheetnames
