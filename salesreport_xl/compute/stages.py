"""The pipeline's stages as every section reads them: the stage order and the episodes open at the end of
a month (shared by the problems section, the funnel and the plan's open pipeline)."""
from __future__ import annotations

import pandas as pd

from ..schema import STAGES
from .sales_frame import month_last_day

OPEN_STATUSES = ("Open",)


def stage_order(pipeline: pd.DataFrame) -> list[str]:
    """Template stages in template order, then unknown stages by first appearance."""
    present = pipeline.sort_values("_row")["stage"].dropna().astype(str)
    seen = list(dict.fromkeys(present))
    known = [s.value for s in STAGES if s.value in seen]
    return known + [s for s in seen if s not in known]


def open_at_end(pipeline: pd.DataFrame, month: pd.Period) -> pd.Series:
    """Mask: stage episodes still open at the end of M (see the module docstring)."""
    end = month_last_day(month)
    status_open = pipeline["status"].isna() | pipeline["status"].isin(OPEN_STATUSES)
    left_after = pipeline["left_on"].notna() & (pipeline["left_on"] > end)
    no_exit = pipeline["left_on"].isna() & status_open
    return (pipeline["entered_on"] <= end) & (left_after | no_exit)
