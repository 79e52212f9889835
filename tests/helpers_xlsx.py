"""Normalised workbook content for golden comparisons.

xlsxwriter and openpyxl stamp times and ids into a file, so files are compared by what a user sees and
what the readers rely on: sheet names and order, cell values and number formats, header styling, data
validations, comments, column widths and formats, frozen panes. Everything else is left out on purpose.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl


def sheet_content(ws) -> dict:
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and c.comment is None:
                continue
            cells[c.coordinate] = {
                "value": c.value,
                "type": c.data_type,
                "format": c.number_format,
                "bold": bool(c.font and c.font.b),
                "fill": c.fill.fgColor.rgb if c.fill and c.fill.fill_type else None,
                "comment": c.comment.text if c.comment else None,
            }
    validations = sorted(
        (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorStyle, bool(dv.allow_blank))
        for dv in ws.data_validations.dataValidation
    )
    columns = {
        letter: (d.min, d.max, round(d.width or 0, 2), d.number_format)
        for letter, d in sorted(ws.column_dimensions.items())
    }
    return {
        "cells": cells,
        "validations": validations,
        "columns": columns,
        "freeze_panes": ws.freeze_panes,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
    }


def workbook_content(path: str | Path) -> dict:
    """Sheet name -> normalised content, in workbook order (dict order is kept)."""
    wb = openpyxl.load_workbook(path)
    try:
        return {ws.title: sheet_content(ws) for ws in wb.worksheets}
    finally:
        wb.close()


def differences(expected: dict, actual: dict, limit: int = 10) -> list[str]:
    """Readable first differences between two workbook_content() results."""
    out: list[str] = []
    if list(expected) != list(actual):
        out.append(f"sheets: {list(expected)} != {list(actual)}")
    for name in expected.keys() & actual.keys():
        e, a = expected[name], actual[name]
        for part in ("validations", "columns", "freeze_panes", "merged"):
            if e[part] != a[part]:
                out.append(f"{name} {part}: {e[part]!r} != {a[part]!r}")
        for ref in sorted(e["cells"].keys() | a["cells"].keys()):
            if e["cells"].get(ref) != a["cells"].get(ref):
                out.append(f"{name}!{ref}: {e['cells'].get(ref)!r} != {a['cells'].get(ref)!r}")
    return out[:limit]
