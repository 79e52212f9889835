"""The pipeline's stages as every section reads them: the stage order and the episodes open at the end of
a month (shared by the problems section, the funnel and the plan's open pipeline)."""
from __future__ import annotations

import pandas as pd

from ..schema import DEAL_OPEN, STAGES
from ..validate.deal_stage import closed_status
from .sales_frame import month_last_day

OPEN_STATUSES = (DEAL_OPEN,)   # a blank status counts as open too


def stage_order(pipeline: pd.DataFrame) -> list[str]:
    """Template stages in template order, then unknown stages by first appearance. A stage that names
    the outcome (Closed Won, 输单 …: the deal's status, validate/deal_stage.py) is no stage a deal sits
    in: it is not listed (the funnel puts it after every stage)."""
    present = pipeline.sort_values("_row")["stage"].dropna().astype(str)
    seen = [s for s in dict.fromkeys(present) if closed_status(s) is None]
    known = [s.value for s in STAGES if s.value in seen]
    return known + [s for s in seen if s not in known]


def open_at_end(pipeline: pd.DataFrame, month: pd.Period) -> pd.Series:
    """Mask: stage episodes still open at the end of M (see the module docstring)."""
    end = month_last_day(month)
    status_open = pipeline["status"].isna() | pipeline["status"].isin(OPEN_STATUSES)
    left_after = pipeline["left_on"].notna() & (pipeline["left_on"] > end)
    no_exit = pipeline["left_on"].isna() & status_open
    return (pipeline["entered_on"] <= end) & (left_after | no_exit)
