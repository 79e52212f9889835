"""Appending the report's styles to the input's styles.xml, and the index maps that come out of it.

Only appends: every index the input's cells use keeps its meaning, so the input's sheets are not
touched. An entry equal to one already there is reused instead of appended, so a second build finds
the first build's entries and styles.xml does not grow build after build.

Index 0 of fonts, fills, borders and the cell formats (and fill 1, the required gray125) is the
workbook's default; the report's defaults map onto the input's, so unstyled report cells look like the
rest of the workbook (its default font, e.g. a CJK one) instead of openpyxl's Calibri.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from salesreport_xl.write.package_xml import canonical, insert_in_order, q

_STYLESHEET_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs",
                     "cellStyles", "dxfs", "tableStyles", "colors", "extLst"]
_FIRST_CUSTOM_NUMFMT = 164


@dataclass
class StyleMaps:
    """Report index -> output index, per kind; a missing key means 'same index'."""
    cell_xf: dict[int, int] = field(default_factory=dict)
    dxf: dict[int, int] = field(default_factory=dict)
    num_fmt: dict[int, int] = field(default_factory=dict)

    def xf(self, index: int) -> int:
        return self.cell_xf.get(index, index)

    def dx(self, index: int) -> int:
        return self.dxf.get(index, index)


def _section(root: etree._Element, name: str, create: bool) -> etree._Element | None:
    el = root.find(q(name))
    if el is None and create:
        el = etree.Element(q(name))
        insert_in_order(root, el, _STYLESHEET_ORDER)
    return el


def _children(section: etree._Element | None, tag: str) -> list[etree._Element]:
    return [] if section is None else section.findall(q(tag))


def _set_count(section: etree._Element, tag: str) -> None:
    section.set("count", str(len(section.findall(q(tag)))))


def _append_deduped(target: etree._Element, tag: str, items: list[etree._Element],
                    fixed: dict[int, int]) -> dict[int, int]:
    """Append `items` (already remapped copies) to `target`, reusing equal entries."""
    existing: dict[bytes, int] = {}
    present = target.findall(q(tag))
    for i, el in enumerate(present):
        existing.setdefault(canonical(el), i)
    count = len(present)
    mapping = dict(fixed)
    for i, el in enumerate(items):
        if i in mapping:
            continue
        key = canonical(el)
        if key not in existing:
            target.append(el)
            existing[key] = count
            count += 1
        mapping[i] = existing[key]
    _set_count(target, tag)
    return mapping


def _copy_into_main_ns(el: etree._Element) -> etree._Element:
    # Both sides use SpreadsheetML's main namespace; lxml carries the declaration along if the
    # input happens to use a prefix for it.
    return copy.deepcopy(el)


def _remap_attrs(el: etree._Element, maps: dict[str, dict[int, int]]) -> None:
    for attr, mapping in maps.items():
        value = el.get(attr)
        if value is not None and value.isdigit() and int(value) in mapping:
            el.set(attr, str(mapping[int(value)]))


def merge_styles(input_root: etree._Element, report_root: etree._Element) -> StyleMaps:
    """Append the report's styles to `input_root` (edited in place); return the index maps."""
    maps = StyleMaps()

    # Number formats: reuse the input's id for the same format code, else a fresh id >= 164.
    in_fmts = _section(input_root, "numFmts", create=False)
    by_code = {el.get("formatCode"): int(el.get("numFmtId", "0"))
               for el in _children(in_fmts, "numFmt")}
    used_ids = set(by_code.values())
    next_id = max([_FIRST_CUSTOM_NUMFMT - 1, *used_ids]) + 1
    for el in _children(report_root.find(q("numFmts")), "numFmt"):
        rid, code = int(el.get("numFmtId", "0")), el.get("formatCode")
        if code in by_code:
            maps.num_fmt[rid] = by_code[code]
            continue
        in_fmts = _section(input_root, "numFmts", create=True)
        etree.SubElement(in_fmts, q("numFmt"), {"numFmtId": str(next_id), "formatCode": code or ""})
        by_code[code] = maps.num_fmt[rid] = next_id
        next_id += 1
    if in_fmts is not None:
        _set_count(in_fmts, "numFmt")

    def part(name: str, tag: str, fixed: dict[int, int]) -> dict[int, int]:
        items = [_copy_into_main_ns(el) for el in _children(report_root.find(q(name)), tag)]
        if not items:
            return {}
        return _append_deduped(_section(input_root, name, create=True), tag, items, fixed)

    fonts = part("fonts", "font", {0: 0})
    fills = part("fills", "fill", {0: 0, 1: 1})
    borders = part("borders", "border", {0: 0})
    xf_refs = {"numFmtId": maps.num_fmt, "fontId": fonts, "fillId": fills, "borderId": borders}

    def xfs(name: str, extra: dict[str, dict[int, int]]) -> dict[int, int]:
        items = []
        for el in _children(report_root.find(q(name)), "xf"):
            el = _copy_into_main_ns(el)
            _remap_attrs(el, {**xf_refs, **extra})
            items.append(el)
        if not items:
            return {}
        return _append_deduped(_section(input_root, name, create=True), "xf", items, {0: 0})

    style_xfs = xfs("cellStyleXfs", {})
    maps.cell_xf = xfs("cellXfs", {"xfId": style_xfs})

    # Named styles the input lacks (a report cell may use e.g. "Percent"); same name = same style.
    report_styles = _children(report_root.find(q("cellStyles")), "cellStyle")
    if report_styles:
        target = _section(input_root, "cellStyles", create=True)
        names = {el.get("name") for el in target.findall(q("cellStyle"))}
        for el in report_styles:
            if el.get("name") not in names:
                el = _copy_into_main_ns(el)
                _remap_attrs(el, {"xfId": style_xfs})
                target.append(el)
        _set_count(target, "cellStyle")

    # Differential formats (conditional formats, tables): a dxf carries its own numFmt.
    dxf_items = []
    for el in _children(report_root.find(q("dxfs")), "dxf"):
        el = _copy_into_main_ns(el)
        for nf in el.findall(q("numFmt")):
            _remap_attrs(nf, {"numFmtId": maps.num_fmt})
        dxf_items.append(el)
    if dxf_items:
        maps.dxf = _append_deduped(_section(input_root, "dxfs", create=True), "dxf", dxf_items, {})
    return maps

