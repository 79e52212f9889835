"""Tables built from an input frame, remembered while the frame lives.

Several report sections (and validation, for the durations of salesreport_xl/durations.py) need the same
per-customer tables; each costs a groupby or a sort over every Sales row, so it is built once per input
frame. Input frames are never changed in place once validation has made them.
"""
from __future__ import annotations

import weakref
from typing import Callable, TypeVar

import pandas as pd

_T = TypeVar("_T")
_MEMO: dict[tuple[str, int], tuple[weakref.ref, object]] = {}


def memo_by_frame(kind: str, frame: pd.DataFrame, build: Callable[[], _T]) -> _T:
    """`build()`, remembered while `frame` (an input frame, never changed in place) is alive.

    Only a weak reference to the frame is kept: the entry goes away with the frame.
    """
    key = (kind, id(frame))
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is frame:
        return hit[1]  # type: ignore[return-value]
    value = build()
    _MEMO[key] = (weakref.ref(frame, lambda _ref, key=key: _MEMO.pop(key, None)), value)
    return value
