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


def listed_sheets(book) -> list[tuple[object, str]]:
    """(sheet, name) of every sheet, in order: each name read once (on Windows a call to Excel each)."""
    return [(sheet, sheet.name) for sheet in book.sheets]


def check_before_writing(book, new_names: Iterable[str], replaced: Iterable[str],
                         new_tables: Iterable[str] = (), listing=None) -> None:
    """Refuse, before anything is written, what would stop the swap half-way: an xlwings older than
    the writer needs, a protected workbook structure, or a sheet or table of the user's with a name
    the report takes."""
    import xlwings

    from .excel_engine import XLWINGS_FLOOR, structure_protected, xlwings_too_old

    if xlwings_too_old(xlwings.__version__):
        floor = ".".join(map(str, XLWINGS_FLOOR))
        raise WorkbookError(f"the report needs xlwings {floor} or later, and this Excel runs xlwings "
                            f"{xlwings.__version__}: upgrade it (pip install -U xlwings; in xlwings Lite, "
                            f"xlwings>={floor} in requirements.txt), then run Generate again")
    if structure_protected(book):
        raise WorkbookError("the workbook's structure is protected, so no sheet can be added or removed: "
                            "unprotect it (Review > Protect Workbook), then run Generate again")
    replaced_cf = {n.casefold() for n in replaced}
    kept = [(s, name) for s, name in (listing or listed_sheets(book)) if name.casefold() not in replaced_cf]
    present = {name.casefold(): name for _, name in kept}
    clash = [present[n.casefold()] for n in new_names if n.casefold() in present]
    if clash:
        raise WorkbookError(f"the workbook already has a sheet named '{clash[0]}' that is not a report "
                            "sheet; the report was laid out without knowing of it")
    wanted = {t.casefold() for t in new_tables}
    if wanted:
        for sheet, name in kept:
            for table in sheet.tables:
                if table.name.casefold() in wanted:
                    raise WorkbookError(f"the sheet '{name}' has a table named '{table.name}', a name "
                                        "the report's tables take: rename that table (Table Design > "
                                        "Table Name), then run Generate again")


def swap_report(book, old: list[str], name_names: Iterable[str], write_new: Callable[[Swap], None],
                add_names: Callable[[Swap], None], name_sheet: Callable[[str | None], str | None],
                listing=None) -> Swap:
    """Replace the sheets `old` of `book` by what `write_new` adds, and the names `name_names` (and
    any pointing into `old`) by what `add_names` adds (it records them in `added_names`).
    `name_sheet` reads the sheet a formula points at; `listing` is `listed_sheets(book)` when the
    caller has it. Raises what failed, after undoing steps 1-3."""
    names_now = [name for _, name in (listing or listed_sheets(book))]
    swap = Swap(old=list(old), before=names_now)
    if old:
        swap.position = names_now.index(old[0])
    old_cf = {n.casefold() for n in old}
    wanted = set(name_names)
    snapshot = [(n.name, n.refers_to) for n in book.names
                if not is_marker(n.name) and "!" not in n.name
                and (n.name in wanted or (name_sheet(n.refers_to) or "").casefold() in old_cf)]
    try:
        for name in old:
            temporary = _temporary_name(name, names_now + list(swap.temporary.values()))
            book.sheets[name].name = temporary
            swap.temporary[name] = temporary
            # Table names are the workbook's, one of each: the new report's tables take the old names.
            for table in book.sheets[temporary].tables:
                was = table.name
                table.name = f"old{len(swap.tables) + 1}_{was}"
                swap.tables.append((temporary, table.name, was))
        write_new(swap)
        for name, refers_to in snapshot:
            for n in list(book.names):
                if n.name == name:
                    n.delete()
            swap.removed_names.append((name, refers_to))
        add_names(swap)
    except BaseException:
        _undo(book, swap)
        raise
    _commit(book, swap, name_sheet)
    return swap


def _temporary_name(name: str, taken: list[str]) -> str:
    """"~1 Summary": a name no sheet has (the same on every run, so the recorded actions are too)."""
    taken_cf = {t.casefold() for t in taken}
    n = 1
    while True:
        candidate = f"~{n} {name}"[:_SHEET_NAME_MAX]
        if candidate.casefold() not in taken_cf:
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
    known = ({n.casefold() for n in swap.before if n not in swap.temporary}
             | {t.casefold() for t in swap.temporary.values()})
    for name in reversed([s.name for s in book.sheets]):
        if name.casefold() not in known:
            _quietly(lambda name=name: book.sheets[name].delete())


def _commit(book, swap: Swap, name_sheet) -> None:
    temporary_cf = {t.casefold() for t in swap.temporary.values()}
    for n in list(book.names):
        if (name_sheet(n.refers_to) or "").casefold() in temporary_cf:
            _quietly(n.delete)
    for name, temporary in swap.temporary.items():
        if not _quietly(lambda temporary=temporary: book.sheets[temporary].delete()):
            swap.leftover.append(temporary)


def _quietly(action) -> bool:
    try:
        action()
        return True
    except Exception:  # undoing or committing goes on past one refusal; the caller reports what is left
        return False
