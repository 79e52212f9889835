"""The sales funnel (销售漏斗): per pipeline stage, how many deals were in it during the month and what
became of them.

A Pipeline row is a deal's episode in one stage, from entered_on to its end: left_on; without left_on,
still open (status Open or blank) or — a Won / Lost row, a finished deal's last stage whose exit date
was not recorded — ended on its Close Date when the sheet has one (a CRM's deal export: one row per
deal, closed on its Close Date, no Left On), else on the day it was entered. For a span of months (M; or the 3 months before M,
taken as one span), per stage in the template's order:
- deals: distinct deals with an episode in the stage at some time in the span (entered on or before
  the span's last day, ended on or after its first day);
- advanced: of those, the deals that left the stage in the span and have a row for a later stage
  (entered on or before the span's last day);
- won / lost: the deals that left the stage in the span with status Won / Lost and no later stage row
  (their last stage);
- conversion = (advanced + won) / deals: the share that moved on (from the last stage, moving on is
  winning).
Win rate = deals won in the span / deals won or lost in the span (a deal's last stage left in the span).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from ..schema import DEAL_LOST, DEAL_WON
from .common import ratio
from .model import FunnelRow
from .stages import OPEN_STATUSES, stage_order

PREV_MONTHS = 3


def _span_counts(pipeline: pd.DataFrame, position: np.ndarray, start: pd.Timestamp, end: pd.Timestamp):
    """Per stage: (deals, advanced, won, lost) over the span start..end (days), and (won, lost) deals."""
    entered, left = pipeline["entered_on"], pipeline["left_on"]
    status = pipeline["status"]
    if "close_date" in pipeline.columns:
        left = left.where(left.notna() | ~status.isin((DEAL_WON, DEAL_LOST)), pipeline["close_date"])
    # A later stage row of the same deal, entered by the span's end (a past month sees no later data).
    known = np.where((entered <= end).to_numpy(), position, -1)
    highest = pd.Series(known).groupby(pipeline["deal_id"].to_numpy()).transform("max").to_numpy()
    later = pd.Series(highest > position, index=pipeline.index)
    is_open = status.isna() | status.isin(OPEN_STATUSES)
    stop = left.where(left.notna(), entered.where(~is_open, pd.Timestamp.max))
    during = (entered <= end) & (stop >= start) & entered.notna()
    left_here = during & left.notna() & (left >= start) & (left <= end)
    last = left_here & ~later
    frame = pd.DataFrame({"stage": pipeline["stage"], "deal": pipeline["deal_id"]})

    def per_stage(mask) -> pd.Series:
        return frame[mask.to_numpy()].groupby("stage")["deal"].nunique()

    counts = pd.DataFrame({"deals": per_stage(during), "advanced": per_stage(left_here & later),
                           "won": per_stage(last & (status == DEAL_WON)), "lost": per_stage(last & (status == DEAL_LOST))})
    closed = (int(frame[(last & (status == DEAL_WON)).to_numpy()]["deal"].nunique()),
              int(frame[(last & (status == DEAL_LOST)).to_numpy()]["deal"].nunique()))
    return counts.fillna(0).astype(int), closed


def funnel(inputs: Inputs, month: pd.Period,
           stages: tuple[str, ...] | None = None) -> tuple[list[FunnelRow], float | None, float | None]:
    """Funnel rows for M (with the 3 months before M beside them), M's win rate, the 3 months' win rate;
    `stages` in order (default: compute/stages.py's stage order of the pipeline)."""
    pipeline = inputs.pipeline
    if pipeline.empty:
        return [], None, None
    stages = list(stages) if stages else stage_order(pipeline)
    # A closed-deal stage (Closed Won …, not in `stages`) comes after them all: the stage before it advanced.
    position = pipeline["stage"].map({s: i for i, s in enumerate(stages)}).fillna(len(stages)).to_numpy()
    end = month.end_time.normalize()
    now, (won, lost) = _span_counts(pipeline, position, month.start_time.normalize(), end)
    before, (pwon, plost) = _span_counts(pipeline, position, (month - PREV_MONTHS).start_time.normalize(),
                                         (month - 1).end_time.normalize())
    rows = []
    for stage in stages:
        n = now.loc[stage] if stage in now.index else pd.Series(0, index=now.columns)
        p = before.loc[stage] if stage in before.index else pd.Series(0, index=before.columns)
        rows.append(FunnelRow(stage=stage, deals=int(n.get("deals", 0)), advanced=int(n.get("advanced", 0)),
                              won=int(n.get("won", 0)), lost=int(n.get("lost", 0)),
                              conversion=ratio(int(n.get("advanced", 0)) + int(n.get("won", 0)), int(n.get("deals", 0))),
                              prev_deals=int(p.get("deals", 0)),
                              prev_conversion=ratio(int(p.get("advanced", 0)) + int(p.get("won", 0)),
                                                    int(p.get("deals", 0)))))
    return rows, ratio(won, won + lost), ratio(pwon, pwon + plost)
