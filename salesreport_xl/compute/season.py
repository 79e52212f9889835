"""The season: whether M's calendar month is seasonally high or low for this team, and whether the
season makes last month the wrong comparison for M. One rule, read by every section through the month
basis (compute/basis.py): the sales tables' flags, page 1's sentences and drivers, its actions.

A month's occurrence (that calendar month in one year, up to and including M) is measured against the
team's usual month around it: the median of the months within twelve months either side of it (not
the same calendar month; inside the sales history and not after M; at least `LEVEL_MONTHS` of them).
The median, not the mean: one peak — a Chinese New Year January and February — would raise a mean and
make every ordinary month look low. The occurrence's index is its sales ÷ that usual month; the
calendar month's `index` is the mean over its occurrences (1.0 = a usual month).

A season is claimed (`level` "high" / "low") only when it is not one year's noise:
- every occurrence lies on the same side of 1.0 by at least `SEASON_MATERIAL`, and
- the index lies outside the month-to-month noise: |index − 1| ≥ `NOISE_FACTOR` × noise ÷ √n, n
  the occurrences (the mean of n years is n times surer), the noise being the robust spread of every
  month's own index (1.4826 × the median absolute deviation from 1.0; a season's few peaks do not
  widen it). Two or more years that agree pass this unless the months scatter as widely as the
  season; one year passes only when it stands far outside the scatter.

M compares with the same month last year rather than with last month (`against_last_year`) when the
season moves that comparison: M's calendar month or the month before it (M − 1's, judged up to M − 1)
has a season, and last year's month is inside the history. The page then says that season (`found`).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .model import Season
from .sales_frame import code_month_key

SEASON_MATERIAL = 0.10     # a month 10 % above or below the usual month
NOISE_FACTOR = 2.0         # how far outside the month-to-month noise a season lies
LEVEL_MONTHS = 11          # months needed around an occurrence to know its usual month (a year's others)
MAD_TO_SIGMA = 1.4826      # the median absolute deviation of a normal spread, to its standard deviation


def _usual(monthly: pd.Series, code: int, first: int, last: int) -> float | None:
    """The median of the months within 12 of `code` (not its calendar month), inside first..last."""
    around = [k for k in range(max(code - 12, first), min(code + 12, last) + 1) if (k - code) % 12 != 0]
    if len(around) < LEVEL_MONTHS:
        return None
    level = float(np.median([float(monthly.get(k, 0.0)) for k in around]))
    return level if level > 0 else None


def _index(monthly: pd.Series, code: int, first: int, last: int) -> float | None:
    level = _usual(monthly, code, first, last)
    return None if level is None else float(monthly.get(code, 0.0)) / level


def _noise(monthly: pd.Series, first: int, last: int) -> float:
    """The robust spread of the months' own indices up to `last` (1.4826 × MAD from 1.0)."""
    indices = [i for i in (_index(monthly, c, first, last) for c in range(first, last + 1)) if i is not None]
    return MAD_TO_SIGMA * float(np.median([abs(i - 1.0) for i in indices])) if indices else 0.0


def month_season(monthly: pd.Series, m: int, first: int | None) -> Season | None:
    """The season of M's calendar month judged on its occurrences up to M (code `m`; see the module
    docstring); None when no occurrence has a usual month. `monthly`: sales by month code; `first`: the
    history's first month code."""
    if first is None or m < first:
        return None
    codes = [c for c in range(m, first - 1, -12)][::-1]           # oldest first, M last
    found = [(c, i) for c in codes if (i := _index(monthly, c, first, m)) is not None]
    if not found:
        return None
    indices = [i for _, i in found]
    index = float(np.mean(indices))
    above = all(i >= 1 + SEASON_MATERIAL for i in indices)
    below = all(i <= 1 - SEASON_MATERIAL for i in indices)
    outside = abs(index - 1.0) >= NOISE_FACTOR * _noise(monthly, first, m) / math.sqrt(len(indices))
    level = ("high" if above else "low" if below else None) if outside else None
    month = int(code_month_key(m)[5:7])
    return Season(month=month, index=index, years=[int(code_month_key(c)[:4]) for c, _ in found], level=level)


def page_season(monthly: pd.Series, m: int, first: int | None) -> tuple[Season | None, bool]:
    """(the season page 1 says, whether M compares with last year's month rather than last month).

    The season said is M's own when it has a level; else the month before's when that one moves the
    comparison with last month; else M's without a level (or None)."""
    own = month_season(monthly, m, first)
    if first is None or m - 12 < first:
        return own, False
    if own is not None and own.level is not None:
        return own, True
    before = month_season(monthly, m - 1, first)
    if before is not None and before.level is not None:
        return before, True
    return own, False
