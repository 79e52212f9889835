"""What a CRM deal's stage says about the deal: won, lost, or still open — the one rule, used on Sales
(an opportunity export lists lost and open deals too: only the won lines are sales) and on Pipeline (a
Stage of Closed Won / Closed Lost with no status is the deal's status).

The words are the schema's: DEAL_STATUS's won and lost spellings (Closed Won, closedwon, 赢单, 成交 …)
and CRM_OPEN_STAGES (Prospecting, appointmentscheduled …). A bare "Open" is not among them: an ERP's
order status says Open too, and its lines are sales.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..schema import CRM_OPEN_STAGES, DEAL_LOST, DEAL_OPEN, DEAL_STATUS, DEAL_WON, choice_lookup, normalize_name


@lru_cache(maxsize=None)
def _words() -> dict[str, str]:
    """Normalised stage word -> Won / Lost / Open."""
    out = {normalize_name(n): DEAL_OPEN for n in CRM_OPEN_STAGES}
    out.update({n: v for n, v in choice_lookup(DEAL_STATUS).items() if v in (DEAL_WON, DEAL_LOST)})
    return out


def outcome(value) -> str | None:
    """Won / Lost / Open for a deal stage word, None for any other value (or a blank)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return _words().get(normalize_name(value))


def stage_words() -> tuple[str, ...]:
    """Every deal stage word (normalised): a Pipeline stage understood, not an unknown value."""
    return tuple(_words())


def closed_status(value) -> str | None:
    """Won / Lost when the stage names a closed deal (Closed Won, 输单 …), else None."""
    o = outcome(value)
    return o if o in (DEAL_WON, DEAL_LOST) else None


@dataclass(frozen=True)
class LeftOut:
    """Sales lines of a deal export that are not won deals: which, and per stage value how many and
    how much (in the order of the most amount first)."""

    mask: np.ndarray
    by_stage: tuple[tuple[str, int, float], ...]   # (stage as written, "" when blank; lines; amount)


def not_won(stage: pd.Series, amount: pd.Series) -> LeftOut | None:
    """The lines to leave out of sales when `stage` holds deal stages (at least one value is a won,
    lost or CRM open stage word): every line whose stage is not a won one, a blank stage too. None when
    the column holds no such word (an ERP status: every line counts)."""
    codes, distinct = pd.factorize(stage.astype(object), use_na_sentinel=True)
    kinds = [outcome(v) for v in distinct]
    if not any(k is not None for k in kinds):
        return None
    won = np.array([k == DEAL_WON for k in kinds] + [False], dtype=bool)   # the last slot: blank (-1)
    mask = ~won.take(codes)
    if not mask.any():
        return LeftOut(mask, ())
    frame = pd.DataFrame({"stage": stage[mask].astype(object).where(stage[mask].notna(), "").astype(str).str.strip(),
                          "amount": amount[mask].to_numpy(dtype="float64")})
    grouped = frame.groupby("stage", sort=False)["amount"].agg(["size", "sum"])
    grouped = grouped.sort_values("sum", ascending=False, kind="stable")
    return LeftOut(mask, tuple((str(s), int(r["size"]), float(r["sum"])) for s, r in grouped.iterrows()))
