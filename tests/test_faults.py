"""Faults while writing: nothing lost, nothing half-written, and the message says what to do.

Each case checks the input is byte-for-byte unchanged, the output folder holds no partial or temporary
file (or, where an earlier report stood at the output path, that report is still whole), and the CLI
exits 1 (2 for a wrong call) with one line naming the remedy.

Temporary files: every output is written to a hidden temporary file beside it and renamed into place.
A build killed while writing cannot remove its own; the next build of the same output removes it
(`pipeline.remove_leftover_temp_files`) — tested below with a real SIGKILL.

Real file systems where the machine allows (root can mount a tiny or read-only tmpfs; tests run as
root do not feel chmod), else the same errors raised by a patched call.
"""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from salesreport_xl.cli import main
from test_bad_inputs import base_sheets, sha, write_book


def run(book: Path, out: Path, *args):
    result = CliRunner().invoke(main, ["build", str(book), "-o", str(out), "-q", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def book(tmp_path):
    return write_book(tmp_path / "in.xlsx", base_sheets())


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# ------------------------------------------------------------------------------------------ where
@pytest.mark.parametrize("report_only", [False, True], ids=["full", "report-only"])
def test_output_folder_is_a_file(tmp_path, book, report_only):
    (tmp_path / "reports").write_text("not a folder")
    before = sha(book)
    r = run(book, tmp_path / "reports" / "march.xlsx", *(["--report-only"] if report_only else []))
    assert r.exit_code == 1
    assert "a file stands where the output folder should be" in r.output and "choose another output (-o)" in r.output
    assert sha(book) == before
    assert (tmp_path / "reports").read_text() == "not a folder"


def test_missing_output_folder_is_created(tmp_path, book):
    r = run(book, tmp_path / "new" / "deeper" / "march.xlsx")
    assert r.exit_code == 0, r.output
    assert listing(tmp_path / "new" / "deeper") == ["march.xlsx"]


@pytest.mark.parametrize("spelling", ["same", "dot", "hardlink", "symlink-input"])
def test_output_path_is_the_input(tmp_path, book, spelling, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target, source = book, book
    if spelling == "dot":
        target = Path(".") / "in.xlsx"
    elif spelling == "hardlink":
        target = tmp_path / "also-in.xlsx"
        os.link(book, target)
    elif spelling == "symlink-input":
        source = tmp_path / "link.xlsx"
        source.symlink_to(book)
    before, files = sha(book), listing(tmp_path)
    r = run(source, target)
    assert r.exit_code == 2
    assert "is the input workbook; choose another output (-o) — the input is never overwritten" in r.output
    assert sha(book) == before and listing(tmp_path) == files


# ------------------------------------------------------------------------------------------ tmpfs
def _mount(folder: Path, options: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def _unmount(folder: Path) -> None:
    # A file still open on it (a writer that failed to close) makes umount fail: that is a bug the
    # test reports, and the mount is then detached lazily so nothing is left mounted.
    busy = subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0
    if busy:
        subprocess.run(["umount", "-l", str(folder)], check=False)
    assert not busy, f"a file was left open on {folder} after the failed build"


@pytest.fixture
def tiny_disk(tmp_path):
    """A 32 KB file system: room for a temporary file's start, not for a report (~50 KB)."""
    folder = tmp_path / "tiny"
    if not _mount(folder, "size=32k"):
        pytest.skip("cannot mount a tmpfs here (needs root); the patched disk-full test covers it")
    yield folder
    _unmount(folder)


@pytest.fixture
def read_only_disk(tmp_path):
    folder = tmp_path / "ro"
    if not _mount(folder, "size=1m,ro"):
        pytest.skip("cannot mount a read-only tmpfs here (needs root); the patched test covers it")
    yield folder
    _unmount(folder)


@pytest.mark.parametrize("report_only", [False, True], ids=["full", "report-only"])
def test_disk_full_on_a_real_file_system(book, tiny_disk, report_only):
    before = sha(book)
    r = run(book, tiny_disk / "march.xlsx", *(["--report-only"] if report_only else []))
    assert r.exit_code == 1
    assert "the disk is full: free some space, or choose another output folder (-o), and build again" in r.output
    assert listing(tiny_disk) == []          # no partial report, no temporary file
    assert sha(book) == before


def test_read_only_folder_on_a_real_file_system(book, read_only_disk):
    r = run(book, read_only_disk / "march.xlsx")
    assert r.exit_code == 1
    assert "the folder is read-only: choose another output folder (-o)" in r.output
    assert listing(read_only_disk) == []


# ------------------------------------------------------------------------------------------ patched
def test_disk_full_mid_write_keeps_the_earlier_report(tmp_path, book, monkeypatch):
    from salesreport_xl import package_zip

    out = tmp_path / "out"
    assert run(book, out / "march.xlsx").exit_code == 0
    earlier = sha(out / "march.xlsx")
    real = package_zip.RawZipWriter.write_bytes
    calls = []

    def fill_up(self, *a, **kw):
        calls.append(1)
        if len(calls) > 2:                   # a few parts are in the temporary file by now
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *a, **kw)

    monkeypatch.setattr(package_zip.RawZipWriter, "write_bytes", fill_up)
    r = run(book, out / "march.xlsx")
    assert len(calls) == 3
    assert r.exit_code == 1
    assert "the disk is full: free some space" in r.output
    assert listing(out) == ["march.xlsx"] and sha(out / "march.xlsx") == earlier


def test_unwritable_folder_says_what_to_do(tmp_path, book, monkeypatch):
    real = os.open

    def denied(path, flags, *a, **kw):   # creating the output's temporary file is refused
        if Path(path).parent == tmp_path / "out" and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, flags, *a, **kw)

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(os, "open", denied)
    r = run(book, tmp_path / "out" / "march.xlsx")
    assert r.exit_code == 1
    assert "Cannot write in" in r.output and "permission denied: close the file if it is open in Excel, " \
        "or choose another output (-o)" in r.output
    assert listing(tmp_path / "out") == []


@pytest.mark.parametrize("report_only", [False, True], ids=["full", "report-only"])
def test_output_open_in_excel_keeps_the_earlier_report(tmp_path, book, monkeypatch, report_only):
    # Excel on Windows locks an open workbook: replacing it fails with a permission error.
    extra = ["--report-only"] if report_only else []
    out = tmp_path / "out" / "march.xlsx"
    assert run(book, out, *extra).exit_code == 0
    earlier = sha(out)
    real = os.replace

    def locked(src, dst, *a, **kw):
        if Path(dst) == out:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", locked)
    r = run(book, out, *extra)
    assert r.exit_code == 1
    assert "close the file if it is open in Excel, or choose another output (-o)" in r.output
    assert listing(out.parent) == ["march.xlsx"] and sha(out) == earlier


# ------------------------------------------------------------------------------------------ killed
_KILLABLE = textwrap.dedent("""
    # `salesreport build`, stopped for good inside the write: after the first parts of the output
    # package are in its temporary file, a marker file appears and the process waits to be killed.
    import sys, time
    from pathlib import Path
    from salesreport_xl import package_zip
    from salesreport_xl.cli import main

    real = package_zip.RawZipWriter.write_bytes
    def write_then_hang(self, *a, **kw):
        real(self, *a, **kw)
        self.zip.fp.flush()
        Path(sys.argv[1]).write_text("writing")
        time.sleep(120)
    package_zip.RawZipWriter.write_bytes = write_then_hang
    main(sys.argv[2:], prog_name="salesreport")
""")


def test_killed_build_loses_nothing_and_the_next_build_cleans_up(tmp_path, book):
    out = tmp_path / "out"
    assert run(book, out / "march.xlsx").exit_code == 0
    earlier, before = sha(out / "march.xlsx"), sha(book)
    marker = tmp_path / "writing.marker"
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(marker), "build", str(book), "-o",
                             str(out / "march.xlsx"), "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, "the build ended before it started writing"
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    # Killed mid-write: the input and the earlier report are whole; the only trace is one hidden
    # temporary file (a killed process cannot remove it) ...
    assert sha(book) == before and sha(out / "march.xlsx") == earlier
    left = [n for n in listing(out) if n != "march.xlsx"]
    assert len(left) == 1 and left[0].startswith(".march.xlsx.") and left[0].endswith(".tmp"), left
    assert (out / left[0]).stat().st_size > 0          # it was killed while writing, not before
    # ... which the next build of the same output removes.
    assert run(book, out / "march.xlsx").exit_code == 0
    assert listing(out) == ["march.xlsx"]


def test_leftovers_of_other_outputs_and_user_files_are_not_touched(tmp_path, book):
    out = tmp_path / "out"
    out.mkdir()
    # One shape of temporary name for every output (write/atomic.py): `.<name>.<8 random>.tmp`.
    keep = [".april.xlsx.abcd1234.tmp", ".march.old.xlsx", ".march.xlsx.notes", "march-notes.txt",
            ".march.xlsx.abcd12345.tmp", ".march.xlsx.abcd1234.tmp.bak", ".march.k2_9zz01.xlsx"]
    gone = [".march.xlsx.abcd1234.tmp", ".march.xlsx.k2_9zz01.tmp"]
    for name in keep + gone:
        (out / name).write_text("x")
    assert run(book, out / "march.xlsx").exit_code == 0
    assert listing(out) == sorted(keep + ["march.xlsx"])
