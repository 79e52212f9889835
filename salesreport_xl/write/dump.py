"""A normalised dump of report sheets, for golden tests: exact where it matters, blind where it must be.

Kept: values, number formats, bold / fill / font colour, merged ranges, Excel tables, conditional
formats, charts (type, title, the ranges they plot), defined names, print setup, frozen panes, column
widths. Stripped: timestamps (the build time), anything openpyxl regenerates on every save.
"""
from __future__ import annotations

import datetime as _dt
import re
import warnings
from pathlib import Path

from openpyxl import load_workbook

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")
VOLATILE = "<timestamp>"


def dump_workbook(path_or_wb, sheets=None) -> dict:
    """{"sheets": {name: {...}}, "defined_names": {...}} for `sheets` (default: every sheet). From a
    file, each sheet's sparklines too (openpyxl drops them on reading: they are read from the XML)."""
    from_file = isinstance(path_or_wb, (str, Path))
    if from_file:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Sparkline Group extension", UserWarning)
            wb = load_workbook(path_or_wb)
    else:
        wb = path_or_wb
    names = list(sheets) if sheets is not None else wb.sheetnames
    sparklines = sheet_sparklines(path_or_wb) if from_file else {}
    out = {"sheets": {}, "defined_names": {}}
    for name in names:
        out["sheets"][name] = _dump_sheet(wb[name])
        if sparklines.get(name):
            out["sheets"][name]["sparklines"] = sparklines[name]
    for key, dn in sorted(wb.defined_names.items()):
        text = dn.attr_text or ""
        if sheets is None or any(f"'{n}'!" in text or f"{n}!" in text for n in names):
            out["defined_names"][key] = text
    return out


_SPARKLINE = re.compile(r"<x14:sparkline>\s*<xm:f>([^<]*)</xm:f>\s*<xm:sqref>([^<]*)</xm:sqref>")


def sheet_sparklines(path) -> dict[str, list[list[str]]]:
    """{sheet name: [[location, data range], ...]} of the sparklines in the workbook at `path` (a
    report this package wrote: its parts where openpyxl and the merge put them)."""
    import posixpath
    import zipfile
    from html import unescape

    out: dict[str, list[list[str]]] = {}
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
        targets.update({m.group(2): m.group(1) for m in re.finditer(r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
        for m in re.finditer(r'<(?:\w+:)?sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', book):
            target = targets.get(m.group(2), "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if part not in z.namelist():
                continue
            found = [[unescape(where), unescape(data)] for data, where in _SPARKLINE.findall(z.read(part).decode("utf-8"))]
            if found:
                out[unescape(m.group(1))] = found
    return out


def _colour(c) -> str | None:
    if c is None:
        return None
    rgb = getattr(c, "rgb", None)
    if isinstance(rgb, str):
        return rgb[-6:].upper()
    theme = getattr(c, "theme", None)
    return f"theme:{theme}" if theme is not None else None


def _value(v):
    if isinstance(v, (_dt.datetime, _dt.date)):
        return v.isoformat()
    if isinstance(v, str) and _TIMESTAMP.match(v.strip()):
        return VOLATILE
    if isinstance(v, float):
        return round(v, 9)
    return v


def _dump_sheet(ws) -> dict:
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not (c.fill is not None and c.fill.fill_type == "solid"):
                continue
            d = {}
            if c.value is not None:
                d["v"] = _value(c.value)
                if c.data_type not in ("n", "d"):
                    d["t"] = c.data_type
            if c.number_format and c.number_format != "General":
                d["fmt"] = c.number_format
            if c.font is not None and c.font.b:
                d["bold"] = True
            colour = _colour(c.font.color) if c.font is not None else None
            if colour and colour not in ("000000", "theme:1"):
                d["colour"] = colour
            if c.fill is not None and c.fill.fill_type == "solid":
                d["fill"] = _colour(c.fill.fgColor)
            cells[c.coordinate] = d
    tables = {t.name: {"ref": t.ref, "style": t.tableStyleInfo.name if t.tableStyleInfo else None,
                       "columns": [col.name for col in t.tableColumns]}
              for t in ws.tables.values()}
    rules = []
    for cf in ws.conditional_formatting:
        for r in cf.rules:
            item = {"range": str(cf.sqref), "type": r.type}
            if r.operator:
                item["operator"] = r.operator
            if r.formula:
                item["formula"] = list(r.formula)
            if r.dxf is not None and r.dxf.font is not None:
                item["font"] = _colour(r.dxf.font.color)
            if r.dataBar is not None:
                item["data_bar"] = _colour(r.dataBar.color)
            if r.iconSet is not None:
                item["icon_set"] = r.iconSet.iconSet
            rules.append(item)
    rules.sort(key=lambda x: (x["range"], x["type"], str(x.get("formula"))))
    ps = ws.page_setup
    return {
        "cells": cells,
        "merged": sorted(str(m) for m in ws.merged_cells.ranges),
        "tables": tables,
        "conditional_formats": rules,
        "charts": [_dump_chart(ch) for ch in ws._charts],
        "freeze_panes": ws.freeze_panes,
        "column_widths": {k: round(v.width, 2) for k, v in sorted(ws.column_dimensions.items()) if v.width},
        "print": {
            "orientation": ps.orientation, "paper": str(ps.paperSize), "fit_width": ps.fitToWidth,
            "fit_height": ps.fitToHeight, "fit_to_page": bool(ws.sheet_properties.pageSetUpPr
                                                              and ws.sheet_properties.pageSetUpPr.fitToPage),
            "header": [ws.oddHeader.left.text, ws.oddHeader.center.text, ws.oddHeader.right.text],
            "footer": [ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.right.text],
            "row_breaks": [b.id for b in ws.row_breaks.brk],
        },
    }


def _text_of(title) -> str | None:
    if title is None:
        return None
    try:
        return "".join(r.t for p in title.tx.rich.p for r in (p.r or []))
    except AttributeError:
        return None


def _ref_of(obj) -> str | None:
    if obj is None:
        return None
    for attr in ("numRef", "strRef"):
        ref = getattr(obj, attr, None)
        if ref is not None:
            return ref.f
    return None


def chart_kind(chart) -> str:
    tag = getattr(chart, "tagname", type(chart).__name__)
    if tag == "barChart":
        return "column" if chart.type == "col" else "bar"
    return {"lineChart": "line", "pieChart": "pie", "doughnutChart": "doughnut"}.get(tag, tag)


def _dump_chart(ch) -> dict:
    parts = [ch] + list(getattr(ch, "_charts", []))[1:] if getattr(ch, "_charts", None) else [ch]
    plots = []
    for part in parts:
        plots.append({
            "kind": chart_kind(part),
            "series": [{
                "name": (s.tx.v if s.tx is not None and s.tx.v is not None else _ref_of(s.tx)),
                "values": _ref_of(s.val),
                "categories": _ref_of(s.cat),
            } for s in part.series],
        })
    anchor = getattr(ch.anchor, "_from", None)
    where = f"{anchor.col},{anchor.row}" if anchor is not None else str(ch.anchor)
    return {"title": _text_of(ch.title), "anchor": where, "plots": plots,
            "x_title": _text_of(getattr(getattr(ch, "x_axis", None), "title", None)),
            "y_title": _text_of(getattr(getattr(ch, "y_axis", None), "title", None))}
