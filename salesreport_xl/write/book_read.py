"""The one read of the workbook that Generate starts with: on Excel for Windows one copy Excel saves,
read as a file (book_copy.py), where that can be had; else the engine's own reads (book_state.py).

Its own module so that book_copy (which makes a BookState) and book_state (which defines it) do not
import each other.
"""
from __future__ import annotations

from .book_copy import state_from_copy
from .book_state import BookState, engine_state
from .excel_engine import WINDOWS, engine_kind


def read_book_state(book, inputs: bool = True, copy: bool = True) -> BookState:
    """The snapshot of `book` (book_state.BookState). With `inputs` and `copy` on Excel for Windows it
    comes from a saved copy where one can be had: then the inputs are `raw` (as read from a file), not
    `inputs`."""
    if inputs and copy and engine_kind(book) == WINDOWS:
        state = state_from_copy(book)
        if state is not None:
            return state
    return engine_state(book, inputs)
