"""Checks: every input finding from validation, rows read per sheet, counts by severity."""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import ERROR, INFO, WARNING, Finding
from ..inputs import Inputs
from .model import CheckRow, ChecksSection


def compute_checks(inputs: Inputs, findings: Iterable[Finding] = ()) -> ChecksSection:
    """The findings (errors, then warnings, then infos; sheet order kept within each), each with its
    message in both languages, the data rows read per sheet, and how many of each severity."""
    ordered = sorted(findings, key=Finding.sort_key)  # stable: validation's order within a severity
    rows = [CheckRow(severity=f.severity, sheet=f.sheet, cell=f.cell,
                     message_en=f.message, message_zh=f.message_zh or f.message)
            for f in ordered]
    count = lambda sev: sum(1 for f in ordered if f.severity == sev)  # noqa: E731
    return ChecksSection(findings=rows, rows_read={str(k): int(v) for k, v in inputs.rows_read.items()},
                         errors=count(ERROR), warnings=count(WARNING), infos=count(INFO))
