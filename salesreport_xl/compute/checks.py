"""Checks: every input finding from validation, rows read per sheet, the header each column was read
from, counts by severity."""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import ERROR, INFO, WARNING, Finding
from ..inputs import Inputs
from ..schema import SHEETS
from .model import CheckRow, ChecksSection, ColumnReadRow, SettingReadRow


def columns_read(inputs: Inputs) -> list[ColumnReadRow]:
    """For every input sheet read, in template order: each column and the header it was read from."""
    return [ColumnReadRow(sheet=inputs.sheet_names.get(spec.key, spec.en), sheet_key=spec.key, field=u.field,
                          header=u.header, column=u.column, how=u.how,
                          factor=u.factor, unit=u.unit, note=u.note)
            for spec in SHEETS for u in inputs.column_uses.get(spec.key, ())]


def compute_checks(inputs: Inputs, findings: Iterable[Finding] = ()) -> ChecksSection:
    """The findings (errors, then warnings, then infos; sheet order kept within each), each with its
    message in both languages, the data rows read per sheet, and how many of each severity."""
    ordered = sorted(findings, key=Finding.sort_key)  # stable: validation's order within a severity
    rows = [CheckRow(severity=f.severity, sheet=f.sheet, cell=f.cell,
                     message_en=f.message, message_zh=f.message_zh or f.message)
            for f in ordered]
    count = lambda sev: sum(1 for f in ordered if f.severity == sev)  # noqa: E731
    return ChecksSection(findings=rows, rows_read={str(k): int(v) for k, v in inputs.rows_read.items()},
                         errors=count(ERROR), warnings=count(WARNING), infos=count(INFO),
                         columns_read=columns_read(inputs),
                         settings_read=[SettingReadRow(key, written, f"{inputs.sheet_names.get('settings', 'Settings')}!{cell}",
                                                       value)
                                        for key, written, cell, value in inputs.settings_read])
