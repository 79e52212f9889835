"""Compute: clean frames → the report model (pure pandas; no I/O, no Excel, no formatting).

`compute_report` lives in `compute.report`, loaded on first use so that importing `compute.model` alone
(as layout does) stays light. The model's JSON is written by `write.report_json`.
"""
from __future__ import annotations

__all__ = ["compute_report", "parse_month", "resolve_month"]


def __getattr__(name: str):
    if name in __all__:
        from . import report
        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
