"""Checks: every input finding from validation, rows read per sheet, the header each column was read
from, counts by severity."""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import ERROR, INFO, WARNING, Finding
from ..i18n import t
from ..inputs import ColumnUse, Inputs
from ..schema import SHEETS, Sheet
from .model import CheckRow, ChecksSection, ColumnReadRow


def use_text(use: ColumnUse, spec: Sheet, sheet_name: str, lang: str) -> tuple[str, str]:
    """(`Amount ← "Total Price" (Sales!I)`, how it was found) in a language."""
    col = spec.column(use.field)
    read = t(lang, "u_column_read", field=col.header(lang), header=use.header, sheet=sheet_name,
             column=use.column)
    return read, t(lang, f"u_how_{use.how}", field=col.header(lang))


def columns_read(inputs: Inputs, lang: str) -> list[ColumnReadRow]:
    """For every input sheet read, in template order: each column and the header it was read from."""
    rows = []
    for spec in SHEETS:
        name = inputs.sheet_names.get(spec.key, spec.name(lang))
        for use in inputs.column_uses.get(spec.key, ()):
            read, how = use_text(use, spec, name, lang)
            rows.append(ColumnReadRow(sheet=name, column=read, how=how))
    return rows


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
                         columns_read=columns_read(inputs, lang))
