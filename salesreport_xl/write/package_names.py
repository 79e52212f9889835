"""Defined names in workbook.xml: pruning and moving them when sheets are removed or added."""
from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

from salesreport_xl.write.package_xml import q
from salesreport_xl.write.report_sheets import is_figure_name


_STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')
_QUOTED_SHEET = re.compile(r"'((?:[^']|'')+)'!")
_BARE_SHEET = re.compile(r"(?<![\w.\]'])([^\W\d][\w.]*)!", re.UNICODE)


def sheets_referenced(formula: str) -> set[str]:
    """Lower-cased names of the sheets a defined name's formula refers to (external refs left out)."""
    text = _STRING_LITERAL.sub('""', formula or "")
    found = set()
    for match in _QUOTED_SHEET.finditer(text):
        name = match.group(1).replace("''", "'")
        if not name.startswith("["):            # '[1]Sheet'! is another workbook
            found.add(name.split(":")[-1].lower())
    for match in _BARE_SHEET.finditer(_QUOTED_SHEET.sub("", text)):
        found.add(match.group(1).lower())
    return found


def prune_and_move_names(defined_names: etree._Element, removed_indices: set[int],
                         new_index: dict[int, int], removed_sheets: set[str],
                         output_sheets: set[str], replaced_globals: set[str]) -> list[str]:
    """Drop the names of an earlier report, move sheet-scoped ones to their sheet's new index.

    Dropped: names scoped to a removed sheet (its marker, print titles, filters); workbook-level
    `SR_*` names (the report's own); names the new report defines again; names whose formula refers
    to a removed sheet that the new report does not bring back under the same name (they would be
    #REF!). Returns the dropped names, for the result.
    """
    gone_sheets = {s for s in removed_sheets if s not in output_sheets}
    dropped = []
    for el in list(defined_names.findall(q("definedName"))):
        name = el.get("name", "")
        sid = el.get("localSheetId")
        drop = False
        if sid is not None and sid.isdigit():
            old = int(sid)
            if old in removed_indices:
                drop = True
            elif old in new_index and new_index[old] != old:
                el.set("localSheetId", str(new_index[old]))
        else:
            drop = is_figure_name(name) or name.lower() in replaced_globals
        if not drop and gone_sheets and sheets_referenced(el.text or "") & gone_sheets:
            drop = True
        if drop:
            defined_names.remove(el)
            dropped.append(name)
    return dropped


def add_name(defined_names: etree._Element, name: str, formula: str,
             local_sheet_id: int | None = None, hidden: bool = False,
             extra: Iterable[tuple[str, str]] = ()) -> None:
    attrs = {"name": name}
    for key, value in extra:
        if key not in ("name", "localSheetId"):
            attrs[key] = value
    if local_sheet_id is not None:
        attrs["localSheetId"] = str(local_sheet_id)
    if hidden:
        attrs["hidden"] = "1"
    el = etree.SubElement(defined_names, q("definedName"), attrs)
    el.text = formula[1:] if formula.startswith("=") else formula
