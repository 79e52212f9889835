"""Targets rows entered twice.

Two Targets rows for the same month, rep, segment, category and region are one target written twice,
not two to add up: with the same amount the second is left out with a warning naming both rows (the
target counts once); with different amounts no right target can be read, and both rows are an error
naming the other.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

TARGET_KEYS = ("month", "sales_rep", "segment", "category", "region")


def duplicate_targets(frame: pd.DataFrame) -> tuple[np.ndarray, list[tuple[int, int, bool]]]:
    """(rows to leave out, [(position, position of the first such row, same amount)]) for every row of
    `frame` (the validated Targets rows, before rows with errors are left out) that repeats an earlier
    row's keys. Vectorised: the duplicates are found by pandas; only they go one by one."""
    keys = [k for k in TARGET_KEYS if k in frame.columns]
    n = len(frame)
    if not n or not keys:
        return np.zeros(n, dtype=bool), []
    # Blank is a value here (a team row has no rep): compare as text with one stand-in for blank.
    key_frame = frame[keys].astype(object).where(frame[keys].notna(), "\0")
    repeated = key_frame.duplicated(keep="first").to_numpy()
    if not repeated.any():
        return np.zeros(n, dtype=bool), []
    first_of = key_frame.groupby(keys, sort=False).ngroup().to_numpy()
    first_pos = pd.Series(np.arange(n)).groupby(first_of).transform("min").to_numpy()
    amounts = frame["target_amount"].to_numpy(dtype="float64")
    pairs = []
    leave_out = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(repeated):
        j = int(first_pos[i])
        same = bool(np.isclose(amounts[i], amounts[j]) or (np.isnan(amounts[i]) and np.isnan(amounts[j])))
        pairs.append((int(i), j, same))
        leave_out[i] = True
        if not same:
            leave_out[j] = True
    return leave_out, pairs
