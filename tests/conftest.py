"""Suite-wide fixtures: LibreOffice as the second opinion on the workbooks the tests write.

A test hands each workbook it produced to `lo_check(path)` — the tests register one output of
each kind of build (a clean report, Chinese, report-only, formula-like text, huge numbers, empty
sections, a protected input sheet): LibreOffice takes ~1–2.5 s per small report, so only builds whose
written file is the point register. The file is copied aside at once (the
test's own folder may change later), and when the session ends all of them are converted to PDF by ONE
`soffice --headless --convert-to pdf --outdir D f1 f2 …` call with its own throw-away profile — one
LibreOffice start for the whole suite, not one per file. A workbook LibreOffice cannot open (no PDF
comes out of it) fails the session, naming the file and the test that wrote it. When LibreOffice is not
installed the check is skipped (the tests themselves still run).
"""
from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from salesreport_xl.write.pdf import find_soffice

# Generous: the batch holds every registered workbook (small ones: a second or two each).
_BASE_TIMEOUT_S = 120
_PER_FILE_TIMEOUT_S = 15


class LibreOfficeBatch:
    """Workbooks collected during the session, converted together at its end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[Path, str] = {}       # copy -> the test that wrote it

    def add(self, path, test: str) -> Path:
        path = Path(path)
        if not path.is_file():
            raise AssertionError(f"lo_check: {path} does not exist")
        copy = self.folder / f"{len(self.files):04d}-{path.name}"
        shutil.copyfile(path, copy)
        self.files[copy] = test
        return copy

    def convert(self, soffice: str) -> list[str]:
        """Convert every file in one call; -> the failures, one line each."""
        out = self.folder / "pdf"
        profile = (self.folder / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *map(str, self.files)]
        timeout = _BASE_TIMEOUT_S + _PER_FILE_TIMEOUT_S * len(self.files)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return [f"LibreOffice did not finish converting {len(self.files)} workbook(s) in {timeout} s"]
        failed = []
        for copy, test in self.files.items():
            pdf = out / (copy.stem + ".pdf")
            if not pdf.is_file() or pdf.stat().st_size == 0:
                failed.append(f"{copy.name} (from {test})")
        if failed:
            detail = (proc.stderr or proc.stdout or "").strip().splitlines()[-5:]
            failed.append("LibreOffice said: " + " | ".join(detail))
        return failed


@pytest.fixture(scope="session")
def _libreoffice_batch(tmp_path_factory):
    batch = LibreOfficeBatch(tmp_path_factory.mktemp("libreoffice-check"))
    soffice = find_soffice()
    yield batch if soffice else None
    if soffice is None or not batch.files:
        return
    failed = batch.convert(soffice)
    if failed:
        pytest.fail("LibreOffice could not open workbook(s) written by the tests:\n  " + "\n  ".join(failed),
                    pytrace=False)


@pytest.fixture
def lo_check(_libreoffice_batch, request):
    """`lo_check(path)`: have LibreOffice open this workbook at the end of the session (one batch)."""
    def register(path):
        if _libreoffice_batch is None:
            warnings.warn("LibreOffice not installed: workbook not checked by a second program", stacklevel=2)
            return None
        return _libreoffice_batch.add(path, request.node.nodeid)
    return register
