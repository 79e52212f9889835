"""Swap a live workbook's report sheets for new ones so that a failure leaves the previous report as it
was (xlwings engines: Windows, macOS, the remote engine of xlwings Lite).

Everything that can be checked is checked before the workbook is touched (the caller has read,
validated, computed and laid out; `check_before_writing` adds the workbook's side). Then:

1. the old report sheets are renamed apart (a temporary name each, so the new sheets can take their
   names; Excel rewrites the formulas and names that point at them), and their tables too (a table
   name is the workbook's, one of each);
2. the new sheets are added in front of them and written;
3. the old book-level names (the SR_* figures, names pointing into the old report) go, the new go in;
4. commit: the old sheets, and the names that still point at them, are deleted.

A failure in 1-3 undoes what was done, newest first: the new names and sheets are deleted, the old
sheets get their names back, the old names are added again. Deleting (4) is the one step that cannot
be undone; it comes after the new report is complete, and a sheet that fails to go is reported in
`Swap.leftover` (it keeps its marker, so the next Generate removes it).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..errors import WorkbookError
from ..excel_limits import name_key
from .book_state import BookState, name_sheet
from .report_sheets import is_marker

# Excel's limit for a sheet name.
_SHEET_NAME_MAX = 31


@dataclass
class Swap:
    """What the swap did, for undoing it and for the caller's report."""
    old: list[str]                                           # the previous report's sheets, in order
    before: list[str] = field(default_factory=list)          # every sheet before the swap
    temporary: dict[str, str] = field(default_factory=dict)   # old name -> its temporary name
    tables: list[tuple[str, str, str]] = field(default_factory=list)   # (sheet, temporary name, old name)
    removed_names: list[tuple[str, str]] = field(default_factory=list)   # (name, refers_to as it was)
    added_names: list[str] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)        # old sheets the commit could not delete
    position: int | None = None                              # 0-based index of the first old sheet


def check_before_writing(state: BookState, new_names: Iterable[str], replaced: Iterable[str],
                         new_tables: Iterable[str] = ()) -> None:
    """Refuse, before anything is written, what would stop the swap half-way: an xlwings older than
    the writer needs, a protected workbook structure, or a sheet or table of the user's with a name
    the report takes (all known from `state`, the workbook as read at the start)."""
    import xlwings

    from .excel_engine import XLWINGS_FLOOR, xlwings_too_old

    if xlwings_too_old(xlwings.__version__):
        floor = ".".join(map(str, XLWINGS_FLOOR))
        raise WorkbookError(f"the report needs xlwings {floor} or later, and this Excel runs xlwings "
                            f"{xlwings.__version__}: upgrade it (pip install -U xlwings; in xlwings Lite, "
                            f"xlwings>={floor} in requirements.txt), then run Generate again")
    if state.protected:
        raise WorkbookError("the workbook's structure is protected, so no sheet can be added or removed: "
                            "unprotect it (Review > Protect Workbook), then run Generate again")
    replaced_cf = {name_key(n) for n in replaced}
    kept = [name for name in state.sheets if name_key(name) not in replaced_cf]
    present = {name_key(name): name for name in kept}
    clash = [present[name_key(n)] for n in new_names if name_key(n) in present]
    if clash:
        raise WorkbookError(f"the workbook already has a sheet named '{clash[0]}' that is not a report "
                            "sheet; the report was laid out without knowing of it")
    wanted = {name_key(t) for t in new_tables}
    if wanted:
        for name in kept:
            for table in state.tables_of(name):
                if name_key(table) in wanted:
                    raise WorkbookError(f"the sheet '{name}' has a table named '{table}', a name "
                                        "the report's tables take: rename that table (Table Design > "
                                        "Table Name), then run Generate again")


def swap_report(book, state: BookState, old: list[str], name_names: Iterable[str],
                write_new: Callable[[Swap], None], add_names: Callable[[Swap], None]) -> Swap:
    """Replace the sheets `old` of `book` by what `write_new` adds, and the names `name_names` (and
    any pointing into `old`) by what `add_names` adds (it records them in `added_names`). What the
    book holds is taken from `state`, which the swap keeps up to date as it renames and deletes (the
    callbacks record what they add). Raises what failed, after undoing steps 1-3."""
    swap = Swap(old=list(old), before=list(state.sheets))
    if old:
        swap.position = [name_key(n) for n in state.sheets].index(name_key(old[0]))
    old_cf = {name_key(n) for n in old}
    wanted = set(name_names)
    snapshot = [(name, formula) for name, formula in state.names
                if not is_marker(name) and "!" not in name
                and (name in wanted or name_key(name_sheet(formula) or "") in old_cf)]
    # Each `book.sheets` / `book.names` / `sheet.tables` is a call to Excel on Windows
    # (Workbook.Worksheets / .Names, Worksheet.ListObjects): taken once, and only when needed.
    sheets = book.sheets if old else None
    names = book.names if snapshot else None
    try:
        for name in old:
            temporary = _temporary_name(name, swap.before + list(swap.temporary.values()))
            sheet = sheets[name]
            sheet.name = temporary
            swap.temporary[name] = temporary
            state.rename_sheet(name, temporary)
            # Table names are the workbook's, one of each: the new report's tables take the old names.
            tables = sheet.tables if state.tables_of(temporary) else None
            for was in state.tables_of(temporary):
                new = f"old{len(swap.tables) + 1}_{was}"
                tables[was].name = new
                swap.tables.append((temporary, new, was))
                state.rename_table(temporary, was, new)
        write_new(swap)
        for name, refers_to in snapshot:
            names[name].delete()
            state.drop_name(name)
            swap.removed_names.append((name, refers_to))
        add_names(swap)
    except BaseException:
        _undo(book, swap)
        raise
    _commit(book, sheets, swap, state)
    return swap


def _temporary_name(name: str, taken: list[str]) -> str:
    """"~1 Summary": a name no sheet has (the same on every run, so the recorded actions are too)."""
    taken_cf = {name_key(t) for t in taken}
    n = 1
    while True:
        candidate = f"~{n} {name}"[:_SHEET_NAME_MAX]
        if name_key(candidate) not in taken_cf:
            return candidate
        n += 1


def _undo(book, swap: Swap) -> None:
    """Steps 3, 2, 1 undone; each part tried on its own, so one refusal does not stop the rest."""
    added = set(swap.added_names)
    for n in list(book.names):
        if n.name in added:
            _quietly(n.delete)
    remove_added_sheets(book, swap)
    for sheet, temporary, was in reversed(swap.tables):
        _quietly(lambda sheet=sheet, temporary=temporary, was=was:
                 setattr(book.sheets[sheet].tables[temporary], "name", was))
    for name, temporary in reversed(list(swap.temporary.items())):
        _quietly(lambda name=name, temporary=temporary: setattr(book.sheets[temporary], "name", name))
    present = {n.name for n in book.names}
    for name, refers_to in swap.removed_names:
        if name not in present:
            _quietly(lambda name=name, refers_to=refers_to: book.names.add(name, refers_to))


def remove_added_sheets(book, swap: Swap) -> None:
    """Delete every sheet that was not in the book before the swap: those written, and one Excel added
    but failed to name (xlwings adds a sheet, then names it) or inserted only in part."""
    known = ({name_key(n) for n in swap.before if n not in swap.temporary}
             | {name_key(t) for t in swap.temporary.values()})
    for name in reversed([s.name for s in book.sheets]):
        if name_key(name) not in known:
            _quietly(lambda name=name: book.sheets[name].delete())


def _commit(book, sheets, swap: Swap, state: BookState) -> None:
    from .excel_engine import REMOTE, engine_kind

    temporary_cf = {name_key(t) for t in swap.temporary.values()}

    def on_old(text):
        return name_key(name_sheet(text) or "") in temporary_cf

    # Names still pointing at an old sheet (a sheet's own name on another sheet: the workbook's were
    # replaced in step 3) would be #REF! once it is gone.
    # Rare, so found by listing the names then (compared by sheet and name: how a sheet's name is
    # quoted in the listing is Excel's business).
    pointing = {_listed_key(n) for n, formula in state.names if not is_marker(n) and on_old(formula)
                and not ("!" in n and on_old(n))}
    if pointing:
        for n in list(book.names):
            if _listed_key(n.name) in pointing:
                _quietly(n.delete)
        state.names = [(n, f) for n, f in state.names if _listed_key(n) not in pointing]
    if engine_kind(book) == REMOTE:
        # Excel deletes a sheet's own names with it; xlwings' remote engine keeps them in its picture
        # of the book (read without a round trip there), so the markers go explicitly.
        for n in list(book.names):
            # A marker names its sheet by its scope ('~1 Summary'!_SR_REPORT_SHEET); its value is text.
            if is_marker(n.name) and on_old(n.name):
                _quietly(n.delete)
    for name, temporary in swap.temporary.items():
        if _quietly(lambda temporary=temporary: sheets[temporary].delete()):
            state.drop_sheet(temporary)
        else:
            swap.leftover.append(temporary)


def _listed_key(listed: str) -> tuple[str, str]:
    """A name as listed ("'Sales'!TOTAL", "Sales!TOTAL", "SR_X") as Excel compares it: (its sheet, its name)."""
    return name_key(name_sheet(listed) or ""), name_key(listed.rsplit("!", 1)[-1])


def _quietly(action) -> bool:
    try:
        action()
        return True
    except Exception:  # undoing or committing goes on past one refusal; the caller reports what is left
        return False
