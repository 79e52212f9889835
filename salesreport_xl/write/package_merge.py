"""The lossless full build: the user's workbook, unchanged, plus the report sheets.

openpyxl's load-and-save drops drawings, form controls and more, and re-serialises every input cell
(257 s and 5 GB at a million rows). Instead the report is rendered alone by openpyxl into a small
report-only workbook, and its parts are merged into a copy of the input's zip package:

- every member of the input that is not a report part is copied as its raw compressed bytes (no
  inflating, no re-compressing): sheets, shared strings, drawings, charts, pictures, controls,
  comments, vbaProject.bin come out byte for byte;
- the only input parts rewritten are the small ones that list what the package holds —
  [Content_Types].xml, workbook.xml and its rels, styles.xml (report styles appended, never
  reordered) and docProps/app.xml (sheet titles); a calcChain.xml is dropped when sheets are removed
  (Excel rebuilds it);
- the report's sheets, drawings, charts, tables and pictures are renamed to free part names, their
  style indices remapped, and their shared strings turned into inline strings, so the input's
  sharedStrings.xml (tens of MB at a million rows) is never parsed or rewritten;
- a report from an earlier build (the sheets `report_sheets` says are the report's: marked by their
  `_SR_REPORT_SHEET` names) is removed with every part only it uses, its defined names and content
  types. No other sheet is ever removed or overwritten;
- in a workbook with a VBA project, the report sheets get code names and document modules as Excel
  gives a sheet it adds (vba_project.py); the earlier report's document modules go with its sheets.

The input's sheets keep their positions (the report goes after them unless `first_report_index` says
otherwise) and the input's active sheet stays active: making a report sheet active would need the
input sheet's `tabSelected` flag cleared inside its (big) sheet XML, else Excel opens both grouped.
"""
from __future__ import annotations

import posixpath
import re
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from lxml import etree

from salesreport_xl.errors import SalesReportError, UsageError, WorkbookError
from salesreport_xl.write.atomic import atomic_file
from salesreport_xl.write.package_names import (add_name, marked_sheet_indices, prune_and_move_names,
                                                sheets_referenced)
from salesreport_xl.excel_limits import name_key
from salesreport_xl.write import report_sheets as identity
from salesreport_xl.write.report_sheets import (MARKER_NAME, is_figure_name, marker_formula,
                                                user_sheets)
from salesreport_xl.write.package_styles import StyleMaps, merge_styles
from salesreport_xl.write.package_xml import (NS_EXT_PROPS, NS_PKG_RELS, NS_R, NS_STRICT_MAIN,
                                              NS_VT, REL_CALC_CHAIN, REL_EXTENDED_PROPS,
                                              REL_OFFICE_DOCUMENT, REL_SHARED_STRINGS, REL_STYLES,
                                              REL_WORKSHEET, ContentTypes, Relationships,
                                              insert_in_order, parse_xml, q, relative_target,
                                              resolve_target, to_bytes)
from salesreport_xl.package_zip import RawZipWriter, SafePackage, rels_path_for
from salesreport_xl.write.vba_project import edit_document_modules, module_names

__all__ = ["MergeResult", "merge_report", "input_user_sheets", "input_report_sheets"]

CONTENT_TYPES = "[Content_Types].xml"
_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_WORKBOOK_ORDER = ["fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews",
                   "sheets", "functionGroups", "externalReferences", "definedNames", "calcPr",
                   "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                   "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"]
_TRAILING_NUMBER = re.compile(r"^(.*?)(\d*)$")
REL_VBA_PROJECT = "/vbaProject"


@dataclass(frozen=True)
class MergeResult:
    output_path: Path
    sheet_names: tuple[str, ...]          # the output's sheets, in tab order
    report_sheet_names: tuple[str, ...]   # the report's, as merged
    replaced_sheet_names: tuple[str, ...] # sheets of an earlier report, removed
    raw_copied: int                       # input members copied as raw compressed bytes
    rewritten: tuple[str, ...]            # input parts edited (workbook.xml, styles.xml, ...)
    added: tuple[str, ...]                # report parts added
    removed: tuple[str, ...]              # input parts removed (an earlier report's)
    seconds: float


# ---------------------------------------------------------------------------------------------
# Reading a package's workbook structure
# ---------------------------------------------------------------------------------------------
class _Book:
    """The workbook-level structure of one package (never its sheets' cells)."""

    def __init__(self, pkg: SafePackage):
        self.pkg = pkg
        self._rels_cache: dict[str, Relationships | None] = {}
        self.content_types = ContentTypes(self.xml(CONTENT_TYPES))
        self.root_rels = self.rels("")
        docs = self.root_rels.of_type(REL_OFFICE_DOCUMENT) if self.root_rels else []
        if not docs or not docs[0].part or not pkg.has(docs[0].part):
            raise WorkbookError(f"{pkg.label}: not a workbook package (no workbook part).")
        self.workbook_part = pkg.actual_name(docs[0].part)
        self.workbook = self.xml(self.workbook_part)
        if self.workbook.tag == q("workbook", NS_STRICT_MAIN):
            raise WorkbookError(f"{pkg.label}: saved as 'Strict Open XML'; save it as an ordinary "
                                "Excel workbook (.xlsx/.xlsm) and try again.")
        if self.workbook.tag != q("workbook"):
            raise WorkbookError(f"{pkg.label}: the workbook part is not a SpreadsheetML workbook.")
        self.workbook_rels = self.rels(self.workbook_part) or Relationships(
            self.workbook_part, None, pkg.label)
        self.sheets: list[dict] = []
        sheets_el = self.workbook.find(q("sheets"))
        for el in (sheets_el if sheets_el is not None else []):
            if el.tag != q("sheet"):
                continue
            rel = self.workbook_rels.by_id(el.get(q("id", NS_R), ""))
            part = rel.part if rel is not None and rel.part and pkg.has(rel.part) else None
            self.sheets.append({"el": el, "name": el.get("name", ""), "rid": rel.id if rel else None,
                                "part": pkg.actual_name(part) if part else None,
                                "sheet_id": int(el.get("sheetId", "0") or 0)})

    def xml(self, part: str) -> etree._Element:
        return parse_xml(self.pkg.read_small(part), f"{self.pkg.label}: {part}")

    def rels(self, part: str) -> Relationships | None:
        key = part.lower()
        if key not in self._rels_cache:
            path = rels_path_for(part) if part else "_rels/.rels"
            self._rels_cache[key] = (Relationships(part, self.xml(path), self.pkg.label)
                                     if self.pkg.has(path) else None)
        return self._rels_cache[key]

    def part_of(self, suffix: str) -> str | None:
        rels = self.workbook_rels.of_type(suffix)
        if rels and rels[0].part and self.pkg.has(rels[0].part):
            return self.pkg.actual_name(rels[0].part)
        return None

    def closure(self, starts, exclude=()) -> list[str]:
        """Every part reachable from `starts` through relationships (actual names, in BFS order),
        not going through the parts in `exclude`."""
        seen: dict[str, str] = {p.lower(): p for p in exclude}
        queue = [s for s in starts if s]
        while queue:
            part = queue.pop(0)
            if part.lower() in seen or not self.pkg.has(part):
                continue
            actual = self.pkg.actual_name(part)
            seen[part.lower()] = actual
            rels = self.rels(actual)
            if rels:
                queue.extend(r.part for r in rels.items if r.part)
        excluded = {p.lower() for p in exclude}
        return [v for k, v in seen.items() if k not in excluded]


# ---------------------------------------------------------------------------------------------
# The merge
# ---------------------------------------------------------------------------------------------
def merge_report(input_path, report_path, output_path, report_sheet_names: Sequence[str],
                 defined_names: Mapping[str, str] | None = None, *,
                 first_report_index: int | None = None) -> MergeResult:
    """Write `output_path`: the workbook at `input_path` unchanged, plus the report's sheets.

    `report_path` is a report-only workbook (openpyxl); `report_sheet_names` are its sheets to merge,
    in the order they should appear (Summary first). `defined_names` adds workbook-level names
    (name -> reference such as "'Summary'!$B$3") on top of those the report workbook defines.
    Sheets of an earlier report are found by `report_sheets`' rule; any other input sheet whose name
    a report sheet has is refused rather than overwritten (lay the report out with
    `input_user_sheets` to name it apart).
    The output is written to a temporary file beside it and renamed into place.
    """
    started = time.perf_counter()
    input_path, output_path = Path(input_path), Path(output_path)
    names = [str(n) for n in report_sheet_names]
    if not names:
        raise UsageError("No report sheets to merge.")
    if len({n.lower() for n in names}) != len(names):
        raise UsageError(f"Report sheet names repeat: {names}.")
    # The input is closed before the output is renamed into place: the output may replace the input.
    with atomic_file(output_path) as fh:
        with SafePackage(input_path) as src, SafePackage(report_path, "report workbook") as rep:
            merge = _Merge(_Book(src), _Book(rep), names, dict(defined_names or {}), first_report_index)
            merge.plan()
            _check_extension(merge.inp, output_path)
            raw_copied = merge.write(fh)
    return MergeResult(
        output_path=output_path, sheet_names=tuple(merge.output_sheet_names),
        report_sheet_names=tuple(names), replaced_sheet_names=tuple(merge.removed_sheet_names),
        raw_copied=raw_copied, rewritten=tuple(sorted(merge.replaced)),
        added=tuple(n for n, _ in merge.added_bytes) + tuple(n for n, _ in merge.added_raw),
        removed=tuple(sorted(merge.removed_parts.values())),
        seconds=time.perf_counter() - started)


def input_user_sheets(input_path) -> list[str]:
    """The input workbook's own sheets — every sheet that is not an earlier report's — by the rule of
    `report_sheets`; the report is laid out to be named apart from them."""
    with SafePackage(Path(input_path)) as src:
        book = _Book(src)
        return user_sheets([s["name"] for s in book.sheets], *_report_marks(book))


def input_report_sheets(input_path) -> list[str]:
    """The sheets of a workbook file that are the report's (`report_sheets`' rule), in order."""
    with SafePackage(Path(input_path)) as src:
        book = _Book(src)
        return identity.report_sheets([s["name"] for s in book.sheets], *_report_marks(book))


def _report_marks(book: "_Book") -> tuple[list[str], set[str]]:
    """(sheets carrying the report marker, sheets SR_* names point at) of a package's workbook."""
    defined = book.workbook.find(q("definedNames"))
    names = [s["name"] for s in book.sheets]
    marked = [names[i] for i in marked_sheet_indices(defined, MARKER_NAME) if i < len(names)]
    return marked, _figure_name_sheets(defined)


def _check_extension(inp: _Book, output_path: Path) -> None:
    main_type = inp.content_types.type_of(inp.workbook_part) or ""
    macro = main_type == _MACRO_MAIN
    suffix = output_path.suffix.lower()
    if macro and suffix != ".xlsm":
        raise UsageError(f"The input workbook holds macros; name the output '.xlsm', not "
                         f"'{output_path.name}' (Excel refuses a macro workbook named otherwise).")
    if not macro and suffix == ".xlsm":
        raise UsageError(f"The input workbook has no macros; name the output '.xlsx', not "
                         f"'{output_path.name}'.")


class _Merge:
    def __init__(self, inp: _Book, rep: _Book, names: list[str], extra_names: dict[str, str],
                 first_report_index: int | None):
        self.inp, self.rep = inp, rep
        self.names = names
        self.extra_names = extra_names
        self.first_report_index = first_report_index
        self.removed_parts: dict[str, str] = {}     # lower -> actual, input parts to leave out
        self.replaced: dict[str, bytes] = {}        # actual input name -> new bytes
        self.added_bytes: list[tuple[str, bytes]] = []
        self.added_raw: list[tuple[str, object]] = []  # (new name, report ZipInfo)
        self.removed_sheet_names: list[str] = []
        self.output_sheet_names: list[str] = []
        self.has_formulas = False
        self.code_names: list[str] = []            # per report sheet, in a workbook with VBA

    # -- planning ---------------------------------------------------------------------------
    def plan(self) -> None:
        inp, rep = self.inp, self.rep
        report_sheets = self._report_sheets()
        wb = inp.workbook
        defined = wb.find(q("definedNames"))

        # 1. The earlier report (report_sheets' rule), with every part only it uses.
        earlier = set(identity.report_sheets([s["name"] for s in inp.sheets], *_report_marks(inp)))
        removed_idx = {i for i, s in enumerate(inp.sheets) if s["name"] in earlier}
        removed = [inp.sheets[i] for i in sorted(removed_idx)]
        kept = [s for i, s in enumerate(inp.sheets) if i not in removed_idx]
        self.removed_sheet_names = [s["name"] for s in removed]
        name = identity.clashing_sheet([s["name"] for s in kept], self.names)
        if name is not None:
            raise WorkbookError(f"{inp.pkg.label}: the workbook already has a sheet named '{name}' "
                                "that is not a report sheet from an earlier build; rename or "
                                "remove that sheet and build again.")
        calc_chain = inp.part_of(REL_CALC_CHAIN)
        self._plan_removal(removed, calc_chain)
        self.code_names = self._plan_code_names(removed)

        # 2. Positions: input sheets keep their order, the report goes in at `pos`.
        pos = len(kept) if self.first_report_index is None else \
            max(0, min(int(self.first_report_index), len(kept)))
        old_index = {id(s): i for i, s in enumerate(inp.sheets)}
        order = kept[:pos] + [None] * len(self.names) + kept[pos:]
        new_index = {old_index[id(s)]: i for i, s in enumerate(order) if s is not None}
        self.output_sheet_names = [s["name"] if s else "" for s in order]
        self.output_sheet_names[pos:pos + len(self.names)] = self.names

        # 3. Styles, then the report's parts under free names.
        maps = self._merge_styles()
        active_removed = self._fix_book_views(removed_idx, new_index, pos)
        sheet_parts = self._add_report_parts(report_sheets, maps, select_first=active_removed)

        # 4. workbook.xml: sheets, names, calc; its rels; content types; app.xml.
        self._edit_sheets(removed, kept, pos, sheet_parts)
        self._edit_names(removed_idx, new_index, pos, report_sheets)
        self.replaced[inp.workbook_part] = to_bytes(wb)
        self.replaced[rels_path_for(inp.workbook_part)] = to_bytes(inp.workbook_rels.root)
        self._edit_app_properties()
        self.replaced[CONTENT_TYPES] = to_bytes(inp.content_types.root)

    def _report_sheets(self) -> list[dict]:
        by_name = {name_key(s["name"]): s for s in self.rep.sheets}
        out = []
        for name in self.names:
            sheet = by_name.get(name_key(name))
            if sheet is None or not sheet["part"]:
                raise UsageError(f"The report workbook has no sheet named '{name}' "
                                 f"(it has: {', '.join(s['name'] for s in self.rep.sheets)}).")
            out.append(sheet)
        return out

    def _plan_removal(self, removed: list[dict], calc_chain: str | None) -> None:
        inp = self.inp
        if not removed:
            return
        gone_rids = {s["rid"] for s in removed if s["rid"]}
        if calc_chain:
            # calcChain lists formula cells by sheetId; with sheets gone it would be wrong.
            gone_rids |= {r.id for r in inp.workbook_rels.of_type(REL_CALC_CHAIN)}
        # What the rest of the package uses stays, even if the old report used it too (Excel
        # shares one picture between drawings). The workbook part is not walked through: its rels
        # still list the sheets being removed.
        keep_roots = [r.part for r in inp.root_rels.items if r.part]
        keep_roots += [r.part for r in inp.workbook_rels.items if r.part and r.id not in gone_rids]
        keep = {p.lower() for p in inp.closure(keep_roots, exclude=[inp.workbook_part])}
        starts = [s["part"] for s in removed if s["part"]] + ([calc_chain] if calc_chain else [])
        for part in inp.closure(starts):
            if part.lower() in keep:
                continue
            self.removed_parts[part.lower()] = part
            rels = rels_path_for(part)
            if inp.pkg.has(rels):
                self.removed_parts[rels.lower()] = inp.pkg.actual_name(rels)
            inp.content_types.remove_override(part)
        for rid in gone_rids:
            inp.workbook_rels.remove(rid)

    def _plan_code_names(self, removed: list[dict]) -> list[str]:
        """Code names for the report sheets when the workbook has a VBA project: "SheetN" with the
        lowest free numbers, as Excel names the sheets it adds, with their document modules added to
        the project (and the earlier report's removed). A project this cannot read is left as it is,
        and the sheets without code names (Excel then adds them itself when it saves)."""
        inp = self.inp
        vba_part = inp.part_of(REL_VBA_PROJECT)
        if vba_part is None:
            return []
        data = inp.pkg.read_small(vba_part)
        old = [name for name in (_code_name(inp.xml(s["part"])) for s in removed if s["part"]) if name]
        try:
            taken = {n.lower() for n in module_names(data)} - {n.lower() for n in old}
            new, n = [], 0
            for _ in self.names:
                n += 1
                while f"sheet{n}" in taken:
                    n += 1
                new.append(f"Sheet{n}")
            edited = edit_document_modules(data, new, old)
        except (OSError, ValueError, KeyError, IndexError, StopIteration, UnicodeError,
                struct.error, SalesReportError):
            return []
        self.replaced[vba_part] = edited
        return new

    def _taken_names(self) -> set[str]:
        return {n.lower() for n in self.inp.pkg.names() if n.lower() not in self.removed_parts}

    def _merge_styles(self) -> StyleMaps:
        inp, rep = self.inp, self.rep
        rep_styles = rep.part_of(REL_STYLES)
        if rep_styles is None:
            return StyleMaps()
        in_styles = inp.part_of(REL_STYLES)
        if in_styles is None:
            # A package without styles (rare, hand-made): the report's become the workbook's.
            part = "xl/styles.xml" if not inp.pkg.has("xl/styles.xml") else "xl/sr_styles.xml"
            self.added_bytes.append((part, rep.pkg.read_small(rep_styles)))
            inp.workbook_rels.add(rep.workbook_rels.of_type(REL_STYLES)[0].type, part)
            inp.content_types.add_part(part, rep.content_types.type_of(rep_styles))
            return StyleMaps()
        root = inp.xml(in_styles)
        maps = merge_styles(root, rep.xml(rep_styles))
        self.replaced[in_styles] = to_bytes(root)
        return maps

    def _fix_book_views(self, removed_idx: set[int], new_index: dict[int, int], pos: int) -> bool:
        """Keep the input's active sheet active; if it was a removed report sheet, the new one is."""
        views = self.inp.workbook.find(q("bookViews"))
        active_removed = False
        for view in (views if views is not None else []):
            if view.tag != q("workbookView"):
                continue
            active = int(view.get("activeTab", "0") or 0)
            if active in removed_idx:
                active_removed = True
                view.set("activeTab", str(pos))
            elif new_index.get(active, active) != active:
                view.set("activeTab", str(new_index[active]))
            first = int(view.get("firstSheet", "0") or 0)
            if first in removed_idx or first not in new_index:
                view.attrib.pop("firstSheet", None)
            elif new_index[first] != first:
                view.set("firstSheet", str(new_index[first]))
        if not self.inp.sheets or len(removed_idx) == len(self.inp.sheets):
            active_removed = True
        return active_removed

    def _add_report_parts(self, report_sheets: list[dict], maps: StyleMaps,
                          select_first: bool) -> list[str]:
        """Rename the report sheets' parts to free names, rewrite what refers to indices."""
        inp, rep = self.inp, self.rep
        taken = self._taken_names()
        parts = rep.closure([s["part"] for s in report_sheets])
        workbook_level = {p.lower() for p in (rep.workbook_part, rep.part_of(REL_STYLES),
                                              rep.part_of(REL_SHARED_STRINGS)) if p}
        if workbook_level & {p.lower() for p in parts}:
            raise WorkbookError("report workbook: a report sheet refers to a workbook-level part.")
        renamed: dict[str, str] = {}
        for part in parts:
            renamed[part] = new = _free_name(part, taken)
            taken.add(new.lower())
        shared = self._report_shared_strings()
        table_id, table_names = self._input_tables()
        sheet_lowers = {s["part"].lower() for s in report_sheets}
        code_names = dict(zip((s["part"].lower() for s in report_sheets), self.code_names))
        first_sheet = report_sheets[0]["part"].lower()
        for part in parts:
            new = renamed[part]
            content_type = rep.content_types.type_of(part)
            if content_type is None:
                raise WorkbookError(f"report workbook: part {part!r} has no content type.")
            inp.content_types.add_part(new, content_type)
            if part.lower() in sheet_lowers:
                data, formulas = _rewrite_sheet(rep.xml(part), maps, shared,
                                                select_first and part.lower() == first_sheet,
                                                code_names.get(part.lower()))
                self.has_formulas |= formulas
                self.added_bytes.append((new, data))
            elif content_type.endswith(".table+xml"):
                table_id += 1   # ids are unique across the workbook
                self.added_bytes.append((new, _rewrite_table(rep.xml(part), maps, table_id,
                                                             table_names)))
            else:
                self.added_raw.append((new, rep.pkg.info(part)))
            rels = rep.rels(part)
            if rels is not None:
                _retarget(rels.root, part, new, renamed, rep.pkg.label)
                self.added_bytes.append((rels_path_for(new), to_bytes(rels.root)))
        return [renamed[s["part"]] for s in report_sheets]

    def _report_shared_strings(self) -> list[etree._Element]:
        part = self.rep.part_of(REL_SHARED_STRINGS)
        if part is None:
            return []
        return self.rep.xml(part).findall(q("si"))

    def _input_tables(self) -> tuple[int, set[str]]:
        """The highest table id in use and the table names in use (lower), over kept tables."""
        inp = self.inp
        highest, names = 0, set()
        for name in inp.pkg.names():
            if name.lower() in self.removed_parts:
                continue
            if (inp.content_types.type_of(name) or "").endswith(".table+xml"):
                root = inp.xml(name)
                highest = max(highest, int(root.get("id", "0") or 0))
                names |= {root.get("name", "").lower(), root.get("displayName", "").lower()}
        return highest, names - {""}

    def _edit_sheets(self, removed: list[dict], kept: list[dict], pos: int,
                     sheet_parts: list[str]) -> None:
        inp = self.inp
        sheets_el = inp.workbook.find(q("sheets"))
        if sheets_el is None:
            sheets_el = etree.Element(q("sheets"))
            insert_in_order(inp.workbook, sheets_el, _WORKBOOK_ORDER)
        for sheet in removed:
            sheets_el.remove(sheet["el"])
        next_id = max([0] + [s["sheet_id"] for s in kept]) + 1
        worksheet_type = self.rep.workbook_rels.of_type(REL_WORKSHEET)[0].type
        anchor = kept[pos]["el"] if pos < len(kept) else None
        nsmap = None if "r" in (inp.workbook.nsmap or {}) else {"r": NS_R}
        for i, (name, part) in enumerate(zip(self.names, sheet_parts)):
            rid = inp.workbook_rels.add(worksheet_type, part)
            el = etree.Element(q("sheet"), {"name": name, "sheetId": str(next_id + i)}, nsmap=nsmap)
            el.set(q("id", NS_R), rid)
            if anchor is not None:
                anchor.addprevious(el)
            else:
                sheets_el.append(el)
        if self.has_formulas:
            # Report formulas carry no cached values; have Excel compute them on opening.
            calc = inp.workbook.find(q("calcPr"))
            if calc is None:
                calc = etree.Element(q("calcPr"))
                insert_in_order(inp.workbook, calc, _WORKBOOK_ORDER)
            calc.set("fullCalcOnLoad", "1")

    def _edit_names(self, removed_idx: set[int], new_index: dict[int, int], pos: int,
                    report_sheets: list[dict]) -> None:
        wb = self.inp.workbook
        defined = wb.find(q("definedNames"))
        if defined is None:
            defined = etree.Element(q("definedNames"))
            insert_in_order(wb, defined, _WORKBOOK_ORDER)
        rep_defined = self.rep.workbook.find(q("definedNames"))
        rep_names = [] if rep_defined is None else rep_defined.findall(q("definedName"))
        report_index = {self.rep.sheets.index(s): pos + i for i, s in enumerate(report_sheets)}
        adding_globals = {n.lower() for n in self.extra_names}
        adding_globals |= {el.get("name", "").lower() for el in rep_names
                           if el.get("localSheetId") is None}
        prune_and_move_names(defined, removed_idx, new_index,
                             {s.lower() for s in self.removed_sheet_names},
                             {s.lower() for s in self.output_sheet_names}, adding_globals)
        for el in rep_names:
            name, sid = el.get("name", ""), el.get("localSheetId")
            if name.lower() == MARKER_NAME.lower():
                continue
            if sid is None:
                if name.lower() in {n.lower() for n in self.extra_names}:
                    continue
                add_name(defined, name, el.text or "", extra=el.attrib.items())
            elif sid.isdigit() and int(sid) in report_index:
                add_name(defined, name, el.text or "", report_index[int(sid)],
                         extra=el.attrib.items())
        for name, formula in self.extra_names.items():
            add_name(defined, name, formula)
        for i, name in enumerate(self.names):
            add_name(defined, MARKER_NAME, marker_formula(name), pos + i, hidden=True)

    def _edit_app_properties(self) -> None:
        """Sheet titles in docProps/app.xml, when its worksheet list is the one we know."""
        inp = self.inp
        props = inp.root_rels.of_type(REL_EXTENDED_PROPS)
        if not props or not props[0].part or not inp.pkg.has(props[0].part):
            return
        part = inp.pkg.actual_name(props[0].part)
        root = inp.xml(part)
        if _updated_titles(root, [s["name"] for s in inp.sheets], self.output_sheet_names):
            self.replaced[part] = to_bytes(root)

    # -- writing ----------------------------------------------------------------------------
    def write(self, fh) -> int:
        out = RawZipWriter(fh)
        copied = 0
        written = set()
        for info in self.inp.pkg.infos:
            name = info.filename
            if name.lower() in self.removed_parts:
                continue
            if name in self.replaced:
                out.write_bytes(name, self.replaced[name], info.date_time)
            else:
                out.copy_raw(self.inp.pkg, info)
                copied += 1
            written.add(name)
        for name, data in self.replaced.items():
            if name not in written:      # a part the input lacked (e.g. its rels)
                out.write_bytes(name, data)
        for name, data in self.added_bytes:
            out.write_bytes(name, data)
        for name, info in self.added_raw:
            out.copy_raw(self.rep.pkg, info, name)
        out.close()
        return copied


# ---------------------------------------------------------------------------------------------
# Part rewriting
# ---------------------------------------------------------------------------------------------
def _figure_name_sheets(defined_names) -> set[str]:
    """Lower-cased sheets that workbook-level SR_* names (an earlier report's figures) refer to."""
    found: set[str] = set()
    for el in (defined_names.findall(q("definedName")) if defined_names is not None else ()):
        if el.get("localSheetId") is None and is_figure_name(el.get("name", "")):
            found |= sheets_referenced(el.text or "")
    return found


def _free_name(part: str, taken: set[str]) -> str:
    """`part`'s name with the lowest number that is free: xl/charts/chart1.xml -> chart3.xml."""
    folder, base = posixpath.split(part)
    stem, ext = posixpath.splitext(base)
    prefix = _TRAILING_NUMBER.match(stem).group(1) or stem
    n = 1
    while True:
        candidate = posixpath.join(folder, f"{prefix}{n}{ext}")
        if candidate.lower() not in taken:
            return candidate
        n += 1


def _retarget(rels_root: etree._Element, old_source: str, new_source: str,
              renamed: dict[str, str], label: str) -> None:
    for el in rels_root.findall(q("Relationship", NS_PKG_RELS)):
        if el.get("TargetMode") == "External":
            continue
        old = resolve_target(old_source, el.get("Target", ""), label)
        target = renamed.get(old)
        if target is None:
            target = next((v for k, v in renamed.items() if k.lower() == old.lower()), None)
        if target is None:
            raise WorkbookError(f"{label}: {old_source} refers to {old!r}, which is missing.")
        el.set("Target", relative_target(new_source, target))


def _code_name(root: etree._Element) -> str | None:
    pr = root.find(q("sheetPr"))
    return pr.get("codeName") if pr is not None else None


def _rewrite_sheet(root: etree._Element, maps: StyleMaps, shared: list[etree._Element],
                   selected: bool, code_name: str | None = None) -> tuple[bytes, bool]:
    """Remap style indices, turn shared strings into inline ones, set the tab selection and the
    code name."""
    if code_name:
        pr = root.find(q("sheetPr"))
        if pr is None:
            pr = etree.Element(q("sheetPr"))
            root.insert(0, pr)          # sheetPr comes first in a worksheet
        pr.set("codeName", code_name)
    has_formulas = False
    for c in root.iter(q("c")):
        s = c.get("s")
        if s is not None and s.isdigit():
            c.set("s", str(maps.xf(int(s))))
        if c.get("t") == "s":
            v = c.find(q("v"))
            index = int(v.text) if v is not None and (v.text or "").strip().isdigit() else -1
            if not 0 <= index < len(shared):
                raise WorkbookError(f"report workbook: cell {c.get('r')} refers to a missing "
                                    "shared string.")
            c.remove(v)
            inline = etree.SubElement(c, q("is"))
            for child in shared[index]:
                if child.tag in (q("t"), q("r")):
                    inline.append(etree.fromstring(etree.tostring(child)))
            c.set("t", "inlineStr")
        if not has_formulas and c.find(q("f")) is not None:
            has_formulas = True
    for row in root.iter(q("row")):
        s = row.get("s")
        if s is not None and s.isdigit():
            row.set("s", str(maps.xf(int(s))))
    for col in root.iter(q("col")):
        s = col.get("style")
        if s is not None and s.isdigit():
            col.set("style", str(maps.xf(int(s))))
    for rule in root.iter(q("cfRule")):
        d = rule.get("dxfId")
        if d is not None and d.isdigit():
            rule.set("dxfId", str(maps.dx(int(d))))
    for view in root.iter(q("sheetView")):
        if selected:
            view.set("tabSelected", "1")
        else:
            view.attrib.pop("tabSelected", None)
    return to_bytes(root), has_formulas


def _rewrite_table(root: etree._Element, maps: StyleMaps, table_id: int,
                   names_in_use: set[str]) -> bytes:
    for attr in ("name", "displayName"):
        if root.get(attr, "").lower() in names_in_use:
            raise WorkbookError(f"The workbook already has a table named '{root.get(attr)}'; "
                                "rename that table and build again.")
    root.set("id", str(table_id))
    for el in root.iter():
        for attr, value in el.attrib.items():
            if attr.endswith("DxfId") and value.isdigit():
                el.set(attr, str(maps.dx(int(value))))
    return to_bytes(root)


def _updated_titles(root: etree._Element, old_sheets: list[str], new_sheets: list[str]) -> bool:
    """Replace the worksheet titles in app.xml's TitlesOfParts (whatever language labels them)."""
    pairs = root.find(f"{q('HeadingPairs', NS_EXT_PROPS)}/{q('vector', NS_VT)}")
    titles = root.find(f"{q('TitlesOfParts', NS_EXT_PROPS)}/{q('vector', NS_VT)}")
    if pairs is None or titles is None:
        return False
    variants = pairs.findall(q("variant", NS_VT))
    counts = []
    for label, count in zip(variants[::2], variants[1::2]):
        number = count.find(q("i4", NS_VT))
        if number is None or not (number.text or "").strip().isdigit():
            return False
        counts.append(number)
    entries = titles.findall(q("lpstr", NS_VT))
    start = 0
    for number in counts:
        n = int(number.text)
        if [e.text or "" for e in entries[start:start + n]] == old_sheets and n == len(old_sheets):
            for e in entries[start:start + n]:
                titles.remove(e)
            anchor = entries[start + n] if start + n < len(entries) else None
            for name in new_sheets:
                el = etree.Element(q("lpstr", NS_VT))
                el.text = name
                if anchor is not None:
                    anchor.addprevious(el)
                else:
                    titles.append(el)
            number.text = str(len(new_sheets))
            titles.set("size", str(len(titles.findall(q("lpstr", NS_VT)))))
            return True
        start += n
    return False

