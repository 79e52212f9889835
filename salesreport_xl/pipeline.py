"""The one-way pipeline: read -> validate -> compute -> layout -> write.

Library entry points used by the CLI, batch builds and tests. Everything is read and computed before
anything is written; outputs go to a temporary file that is renamed into place.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import ERROR, Finding, InputError, UsageError, errors_in
from .inputs import Inputs
from .read import read_workbook
from .validate import validate

Progress = Callable[[str], None]


def _noop(_: str) -> None:
    pass


def load_inputs(path, progress: Progress = _noop) -> tuple[Inputs, list[Finding]]:
    """Read and validate a workbook file: clean inputs and every finding (nothing raised for bad cells)."""
    progress("reading")
    raw = read_workbook(path)
    progress("validating")
    return validate(raw)


def sorted_findings(findings) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)
