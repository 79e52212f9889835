"""The Mapping sheet (字段映射): rows of input sheet, field, and the header the user's export uses for it.

Read before any other input sheet, because the headers it names decide which columns are loaded and
which row is the header. What it names wins over the schema's built-in names. Its problems (an unknown
sheet or field, a row given twice) are collected here with their cells; validation reports them, and
also the one problem only the named sheet can show: a mapped header that is not there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ..schema import MAPPING, column_lookup, normalize_name, sheet_lookup
from .header import choose_columns, find_header, locate_header
from .raw import RawSheet


@dataclass(frozen=True)
class MappingEntry:
    sheet: str        # sheet key
    field: str        # column key
    header: str       # the user's header, as written
    cell: str         # where it is written on the Mapping sheet ("C3")
    # "= Lineitem price × Lineitem quantity": the two headers whose product is the column (amount only).
    factors: tuple[str, ...] = ()


def formula_factors(text: str) -> tuple[str, str] | None:
    """("Lineitem price", "Lineitem quantity") from "Lineitem price × Lineitem quantity" (× or * or a
    spaced x; a leading "=" allowed, which Excel keeps as text only after an apostrophe), or None when
    `text` is no such product."""
    body = text.strip()
    body = body[1:].strip() if body.startswith("=") else body
    parts = re.split(r"\s*[×*]\s*", body) if re.search(r"[×*]", body) else re.split(r"\s+[xX]\s+", body)
    parts = [p.strip() for p in parts]
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


@dataclass
class MappingTable:
    sheet_name: str = ""
    entries: list[MappingEntry] = field(default_factory=list)
    problems: list[tuple[str, str, dict]] = field(default_factory=list)   # (cell, message key, values)

    def headers_for(self, sheet_key: str) -> dict[str, str]:
        """Normalised header -> column key, for one input sheet (a product of two headers aside)."""
        return {normalize_name(e.header): e.field for e in self.entries if e.sheet == sheet_key and not e.factors}

    def factors_for(self, sheet_key: str) -> MappingEntry | None:
        """The entry that makes the amount a product of two headers, or None."""
        return next((e for e in self.entries if e.sheet == sheet_key and e.factors), None)

    def entry(self, sheet_key: str, field_key: str) -> MappingEntry | None:
        return next((e for e in self.entries if e.sheet == sheet_key and e.field == field_key), None)


def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v).strip()


def read_mapping(sheet: RawSheet | None) -> MappingTable:
    """The mapping rows of a Mapping sheet given as values (the whole sheet, header not split off)."""
    if sheet is None or sheet.frame.empty:
        return MappingTable()
    frame = sheet.frame.astype(object)
    rows = frame.where(frame.notna(), None).values.tolist()
    table = MappingTable(sheet.name)
    h = find_header(rows, MAPPING)
    if h is None:
        return table
    where = choose_columns(rows[h], MAPPING).used
    if not {"sheet", "field", "header"} <= set(where):
        return table
    letter = {k: get_column_letter(sheet.left + j) for k, j in where.items()}
    seen = set()
    for i, row in enumerate(rows[h + 1:], start=sheet.top + h + 1):   # a small sheet: row by row
        sheet_name, field_name, header = (_text(row[where[k]]) for k in ("sheet", "field", "header"))
        if not (sheet_name or field_name or header):
            continue
        spec = sheet_lookup().get(normalize_name(sheet_name))
        if spec is None or spec.key in ("settings", "mapping"):
            table.problems.append((f"{letter['sheet']}{i}", "f_mapping_sheet", {"value": sheet_name}))
            continue
        col = column_lookup(spec).get(normalize_name(field_name))
        if col is None:
            fields = ", ".join(c.key for c in spec.columns)
            table.problems.append((f"{letter['field']}{i}", "f_mapping_field",
                                   {"value": field_name, "sheet": spec.en, "fields": fields}))
            continue
        if not header:
            table.problems.append((f"{letter['header']}{i}", "f_mapping_blank", {"field": col.key}))
            continue
        if (spec.key, col.key) in seen:
            table.problems.append((f"{letter['field']}{i}", "f_mapping_again",
                                   {"field": col.key, "sheet": spec.en}))
            continue
        seen.add((spec.key, col.key))
        # "Unit Price × Quantity" for the amount: a product of two headers, not one header.
        product = header.startswith("=") or (col.key == "amount" and re.search(r"[×*]|\s[xX]\s", header))
        factors = formula_factors(header) if product else ()
        if factors is None or (factors and (spec.key, col.key) != ("sales", "amount")):
            table.problems.append((f"{letter['header']}{i}", "f_mapping_formula", {"value": header}))
            continue
        table.entries.append(MappingEntry(spec.key, col.key, header, f"{letter['header']}{i}", factors))
    return table


def locate_headers(sheets: dict[str, RawSheet]) -> dict[str, RawSheet]:
    """Sheets given whole (openpyxl, live Excel values) with their headers located — the Mapping
    sheet's headers taken into account, as the fast reader does."""
    lookup = sheet_lookup()
    mapping_name = next((n for n in sheets if getattr(lookup.get(normalize_name(n)), "key", "") == "mapping"),
                        None)
    table = read_mapping(sheets[mapping_name]) if mapping_name is not None else MappingTable()
    out = {}
    for name, sheet in sheets.items():
        spec = lookup.get(normalize_name(name))
        out[name] = locate_header(sheet, table.headers_for(spec.key) if spec is not None else {})
    return out
