"""The shared Office Open XML checker (../shared/ooxml/check.py), for workbooks the tests write.

Skips the calling test cleanly when the checker is not there (a checkout without the shared folder).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[1].parent / "shared" / "ooxml" / "check.py"


def assert_ooxml_clean(*paths) -> None:
    """Every file passes check.py with 0 problems (the checker's own lines are the failure message)."""
    if not CHECKER.is_file():
        pytest.skip(f"{CHECKER} not found")
    proc = subprocess.run([sys.executable, str(CHECKER), "-q", *map(str, paths)], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
