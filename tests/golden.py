"""Golden files that read as a review: one small text file per report sheet and language, one line per
cell (value, number format, bold, colours) or per merge / table / rule / chart / print setting.

They are made from the hand-built model of tests/model_fixture.py (round numbers worked out by hand), so
a change of layout shows as a short diff of the lines it changes. Refresh with `make goldens` and review
`git diff tests/goldens` before committing.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

GOLDENS = Path(__file__).parent / "goldens"
UPDATE = os.environ.get("SALESREPORT_UPDATE_GOLDENS") == "1"


def _cell_key(ref: str) -> tuple[int, str]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    return int(m.group(2)), m.group(1).rjust(3)


def _one(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def sheet_lines(sheet: dict) -> list[str]:
    """A dumped sheet (write/dump.py) as lines: cells in reading order, then everything else."""
    lines = []
    for ref in sorted(sheet["cells"], key=_cell_key):
        d = dict(sheet["cells"][ref])
        value = d.pop("v", None)
        d.pop("t", None)
        extra = " ".join(f"{k}={d[k]}" if d[k] is not True else k for k in sorted(d))
        lines.append(f"{ref}: {_one(value)}" + (f"  [{extra}]" if extra else ""))
    lines += [f"merged: {m}" for m in sheet["merged"]]
    lines += [f"table {name}: {_one(t)}" for name, t in sorted(sheet["tables"].items())]
    lines += [f"rule: {_one(r)}" for r in sheet["conditional_formats"]]
    lines += [f"chart: {_one(c)}" for c in sheet["charts"]]
    lines += [f"sparkline {where}: {data}" for where, data in sheet.get("sparklines", [])]
    lines.append(f"freeze: {sheet['freeze_panes']}")
    lines.append(f"widths: {_one(sheet['column_widths'])}")
    lines += [f"print {k}: {_one(v)}" for k, v in sorted(sheet["print"].items())]
    return lines


def check_golden(name: str, lines: list[str]) -> None:
    """Compare `lines` with tests/goldens/`name` (written when SALESREPORT_UPDATE_GOLDENS=1)."""
    import pytest

    path = GOLDENS / name
    text = "\n".join(lines) + "\n"
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden {name} was missing and has been written; review and commit it")
    expected = path.read_text(encoding="utf-8").splitlines()
    if lines != expected:
        gone = [x for x in expected if x not in lines][:5]
        new = [x for x in lines if x not in expected][:5]
        pytest.fail(f"{name} differs (if intended, run `make goldens` and review the diff)\n"
                    f"  expected, not found: {gone}\n  found, not expected: {new}")
