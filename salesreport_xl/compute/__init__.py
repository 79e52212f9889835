"""Compute: clean frames → the report model (pure pandas; no I/O, no Excel, no formatting).

`compute_report`, `report_to_json` and `write_json` live in `compute.report`; they are loaded on first
use so that importing `compute.model` alone (as layout does) stays light.
"""
from __future__ import annotations

__all__ = ["compute_report", "parse_month", "report_to_json", "resolve_month", "write_json"]


def __getattr__(name: str):
    if name in __all__:
        from . import report
        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
