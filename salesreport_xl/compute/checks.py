"""Checks: every input finding from validation, rows read per sheet, counts by severity."""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import ERROR, INFO, WARNING, Finding
from ..inputs import Inputs
from .model import CheckRow, ChecksSection


def compute_checks(inputs: Inputs, findings: Iterable[Finding] = (), lang: str | None = None) -> ChecksSection:
    """The findings (errors, then warnings, then infos; sheet order kept within each), each with its
    message in the report language, the data rows read per sheet, and how many of each severity."""
    lang = lang or inputs.settings.language
    ordered = sorted(findings, key=Finding.sort_key)  # stable: validation's order within a severity
    rows = [CheckRow(severity=f.severity, sheet=f.sheet, cell=f.cell,
                     message=f.message_zh if lang == "zh" and f.message_zh else f.message)
            for f in ordered]
    count = lambda sev: sum(1 for f in ordered if f.severity == sev)  # noqa: E731
    return ChecksSection(findings=rows, rows_read={str(k): int(v) for k, v in inputs.rows_read.items()},
                         errors=count(ERROR), warnings=count(WARNING), infos=count(INFO))
