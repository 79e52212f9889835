"""What Generate knows of a live workbook (xlwings: Excel on Windows, macOS, xlwings Lite), read from it
once, at the start, in one pass: the sheets in order, every name with its formula, the tables of each
sheet, whether the structure is protected, and the input sheets' values.

Each read is a round trip to Excel on the desktop engines (COM on Windows, AppleScript on macOS), and a
Generate needs the same facts several times (which sheets are the report's, which are the user's, which
inputs to read, what the swap renames and deletes). Reading them again at each step cost three listings
of every sheet per Generate; this snapshot is taken once and the writer keeps it up to date as it acts
(`rename_sheet`, `add_sheets`, `drop_name`, ...), so nothing is read twice.

Only the undo path of write/swap.py lists the sheets again: after a refusal, what Excel actually holds
matters more than what was planned.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..excel_limits import name_key
from .report_sheets import MARKER_NAME, is_figure_name, is_marker, marks_own_sheet, report_sheets

# Sheets never read as inputs: xlwings' own configuration sheet.
NOT_INPUT = {"xlwings.conf"}


@dataclass
class BookState:
    sheets: list[str]                                      # every sheet, in workbook order
    names: list[tuple[str, str | None]]                    # every name as the engine lists it, with its formula;
                                                           # a sheet's own names as "'Sheet'!name"
    tables: dict[str, list[str]] = field(default_factory=dict)   # name_key(sheet) -> its tables' names
    protected: bool = False                                # the workbook's structure (where the engine tells)
    inputs: dict[str, tuple[list[list[Any]], int, int]] = field(default_factory=dict)   # sheet -> (values, top, left)
    raw: Any = None                                        # or the inputs read from a saved copy (write/book_copy.py)

    # ----------------------------------------------------------------------- what the facts say
    def report_sheets(self) -> list[str]:
        """The report's sheets (write.report_sheets' rule), in workbook order."""
        marked = [sheet for name, formula in self.names if is_marker(name)
                  for sheet in [name_sheet(name)] if sheet and marks_own_sheet(sheet, formula)]
        targets = {name_sheet(formula) for name, formula in self.names if is_figure_name(name)}
        return report_sheets(self.sheets, marked, {t for t in targets if t})

    def user_sheets(self) -> list[str]:
        """Every sheet that is not the report's (never deleted, cleared or overwritten)."""
        report = {name_key(n) for n in self.report_sheets()}
        return [n for n in self.sheets if name_key(n) not in report]

    def tables_of(self, sheet: str) -> list[str]:
        return self.tables.get(name_key(sheet), [])

    # ----------------------------------------------------------------------- kept up to date by the writer
    def rename_sheet(self, old: str, new: str) -> None:
        """As Excel does: the sheet, its own names, and every formula pointing at it follow the new name."""
        self.sheets = [new if name_key(s) == name_key(old) else s for s in self.sheets]
        self.tables[name_key(new)] = self.tables.pop(name_key(old), [])
        renamed = []
        for name, formula in self.names:
            if "!" in name and name_key(name_sheet(name) or "") == name_key(old):
                name = sheet_ref(new) + "!" + name.rsplit("!", 1)[1]
            if formula and name_key(name_sheet(formula) or "") == name_key(old):
                formula = "=" + sheet_ref(new) + "!" + formula.rsplit("!", 1)[1]
            renamed.append((name, formula))
        self.names = renamed

    def rename_table(self, sheet: str, old: str, new: str) -> None:
        self.tables[name_key(sheet)] = [new if t == old else t for t in self.tables_of(sheet)]

    def add_sheets(self, position: int | None, names: list[str], tables: dict[str, list[str]] | None = None,
                   markers: dict[str, str] | None = None) -> None:
        """Sheets added at 0-based `position` (None: last), with their tables and their markers' formulas."""
        at = len(self.sheets) if position is None else position
        self.sheets[at:at] = names
        for sheet, found in (tables or {}).items():
            self.tables[name_key(sheet)] = list(found)
        for sheet, formula in (markers or {}).items():
            self.names.append((sheet_ref(sheet) + "!" + MARKER_NAME, formula))

    def drop_sheet(self, sheet: str) -> None:
        """A deleted sheet, and its own names with it (as Excel deletes them)."""
        key = name_key(sheet)
        self.sheets = [s for s in self.sheets if name_key(s) != key]
        self.tables.pop(key, None)
        self.names = [(n, f) for n, f in self.names if not ("!" in n and name_key(name_sheet(n) or "") == key)]

    def add_name(self, name: str, formula: str) -> None:
        self.names.append((name, formula))

    def drop_name(self, name: str) -> None:
        self.names = [(n, f) for n, f in self.names if n != name]


def engine_state(book, inputs: bool = True) -> BookState:
    """The snapshot of `book` through the engine's own reads, in one pass: each sheet's name and tables
    once, the names once (with their formulas), the structure's protection, and — with `inputs` — one
    read of each input sheet's used range (report sheets and xlwings.conf are not read). (On Excel for
    Windows a saved copy is read instead where it can be had: write/book_read.py.)"""
    from .excel_engine import WINDOWS, engine_kind, structure_protected

    # xlwings reads a range's shape first (five more calls on Windows) to decide whether to read it in
    # chunks, unless told the chunk size; Excel on Windows takes a sheet's used range in one read (the
    # macOS engine keeps its chunks: an Apple Event reply has a size cap).
    options = {"ndim": 2, "err_to_str": True}
    if engine_kind(book) == WINDOWS:
        options["chunksize"] = 0
    listed = [(sheet, sheet.name) for sheet in book.sheets]
    state = BookState(sheets=[name for _, name in listed],
                      names=[(n.name, n.refers_to) for n in book.names],
                      protected=structure_protected(book))
    for sheet, name in listed:
        state.tables[name_key(name)] = [t.name for t in sheet.tables]
    if inputs:
        skip = {name_key(n) for n in state.report_sheets()} | {name_key(n) for n in NOT_INPUT}
        for sheet, name in listed:
            if name_key(name) in skip:
                continue
            used = sheet.used_range
            values = used.options(**options).value
            state.inputs[name] = (values, *top_left(used.address))
    return state


def top_left(address: str) -> tuple[int, int]:
    """The first row and column of an address ("$B$3:$L$99" -> (3, 2)); one read of Excel, where
    xlwings' `row` and `column` read the range's five coordinates."""
    from ..layout.blocks import split_cell

    return split_cell(address.split(":")[0].replace("$", ""))


def sheet_ref(sheet: str) -> str:
    """A sheet's name as a formula writes it: always quoted ("'Sales (1)'")."""
    return "'" + sheet.replace("'", "''") + "'"


def name_sheet(refers_to: str | None) -> str | None:
    """The sheet a name's formula points at ("='Sales (1)'!$B$4" -> "Sales (1)"), or the sheet of a
    sheet-scoped name as listed ("'Summary'!_SR_REPORT_SHEET" -> "Summary"); None without one."""
    if not refers_to or "!" not in refers_to:
        return None
    head = refers_to.lstrip("=").rsplit("!", 1)[0]
    if head.startswith("'") and head.endswith("'"):
        head = head[1:-1].replace("''", "'")
    return head
