"""The report model as JSON (docs/figures.md): text, and the file written atomically.

The model's dataclasses as objects, dates ISO, "not available" as null (NaN is never written), and a
top-level `figures` object keyed by exactly the SR_* names, in full precision with ratios as fractions.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..compute.model import FIGURE_NAMES, ReportModel, to_jsonable
from ..i18n.phrasing import phrase_report
from .atomic import write_bytes


def report_to_json(model: ReportModel, indent: int | None = 2) -> str:
    """The model as JSON text in the model's language (UTF-8 characters kept, NaN never written: n/a is
    null); every sentence carries its text beside the phrase it was made from."""
    data = to_jsonable(phrase_report(model))
    data["figures"] = {name: data["figures"].get(name) for name in FIGURE_NAMES}
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def write_json(model: ReportModel, path: str | os.PathLike) -> Path:
    """Write the model's JSON to `path` atomically (write/atomic.py): a failure never leaves a
    half-written file, and an earlier file at `path` stays as it was."""
    return write_bytes(path, (report_to_json(model) + "\n").encode("utf-8"))
