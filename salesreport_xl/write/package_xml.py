"""Parsing the few small package parts we edit, and the package's relationships and content types.

lxml keeps namespace prefixes and unknown markup as they are, which matters: Excel checks that every
prefix named in `mc:Ignorable` is declared, and the standard library's ElementTree renames prefixes.
The parser resolves no entities, loads no DTD, reaches no network, and any DOCTYPE is refused, so an
entity bomb never expands; sizes are bounded before parsing (see package_zip).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, unquote

from lxml import etree

from salesreport_xl.errors import WorkbookError

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_EXT_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

REL_OFFICE_DOCUMENT = "/officeDocument"
REL_WORKSHEET = "/worksheet"
REL_STYLES = "/styles"
REL_SHARED_STRINGS = "/sharedStrings"
REL_CALC_CHAIN = "/calcChain"
REL_EXTENDED_PROPS = "/extended-properties"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_blank_text=False)


def q(tag: str, ns: str = NS_MAIN) -> str:
    return f"{{{ns}}}{tag}"


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse a small part safely; refuse DTDs outright (no spreadsheet part has one)."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise WorkbookError(f"{where}: refused XML with a DTD or entity declarations.")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise WorkbookError(f"{where}: damaged XML ({exc}).") from None
    if root.getroottree().docinfo.doctype:
        raise WorkbookError(f"{where}: refused XML with a DTD.")
    return root


_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def to_bytes(root: etree._Element) -> bytes:
    # The declaration as Excel writes it (lxml's own uses single quotes).
    return _DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


def canonical(el: etree._Element) -> bytes:
    """A key for 'the same element' regardless of attribute order and namespace prefixes."""
    return etree.tostring(el, method="c14n", exclusive=True)


# -- part names ------------------------------------------------------------------------------
def resolve_target(source_part: str, target: str, where: str) -> str:
    """The part name a relationship target points at (zip member name, no leading slash)."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        path = posixpath.normpath(target.lstrip("/"))
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))
    if path.startswith("../") or path == ".." or path.startswith("/"):
        raise WorkbookError(f"{where}: refused relationship target {target!r} outside the package.")
    return path


def relative_target(source_part: str, part: str) -> str:
    return quote(posixpath.relpath(part, posixpath.dirname(source_part) or "."), safe="/._-~")


# -- relationships ---------------------------------------------------------------------------
@dataclass
class Relationship:
    id: str
    type: str
    target: str          # as written
    part: str | None     # resolved part name; None for external targets


class Relationships:
    """One .rels part, parsed; edits keep the untouched relationships as they were."""

    def __init__(self, source_part: str, root: etree._Element | None, where: str):
        self.source_part = source_part
        self.root = root if root is not None else etree.Element(q("Relationships", NS_PKG_RELS),
                                                                nsmap={None: NS_PKG_RELS})
        self.where = where
        self.items: list[Relationship] = []
        for el in self.root.findall(q("Relationship", NS_PKG_RELS)):
            target = el.get("Target", "")
            external = el.get("TargetMode") == "External"
            part = None if external else resolve_target(source_part, target, where)
            self.items.append(Relationship(el.get("Id", ""), el.get("Type", ""), target, part))

    def by_id(self, rid: str) -> Relationship | None:
        return next((r for r in self.items if r.id == rid), None)

    def of_type(self, suffix: str) -> list[Relationship]:
        return [r for r in self.items if r.type.endswith(suffix)]

    def remove(self, rid: str) -> None:
        for el in self.root.findall(q("Relationship", NS_PKG_RELS)):
            if el.get("Id") == rid:
                self.root.remove(el)
        self.items = [r for r in self.items if r.id != rid]

    def new_id(self) -> str:
        used = {r.id for r in self.items}
        n = len(used) + 1
        while f"rId{n}" in used:
            n += 1
        return f"rId{n}"

    def add(self, rel_type: str, part: str, rid: str | None = None) -> str:
        rid = rid or self.new_id()
        target = relative_target(self.source_part, part)
        etree.SubElement(self.root, q("Relationship", NS_PKG_RELS),
                         {"Id": rid, "Type": rel_type, "Target": target})
        self.items.append(Relationship(rid, rel_type, target, part))
        return rid


# -- content types ---------------------------------------------------------------------------
class ContentTypes:
    def __init__(self, root: etree._Element):
        self.root = root
        self.defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                         for el in root.findall(q("Default", NS_CT))}
        self.overrides = {el.get("PartName", "").lstrip("/").lower(): el.get("ContentType", "")
                          for el in root.findall(q("Override", NS_CT))}

    def type_of(self, part: str) -> str | None:
        found = self.overrides.get(part.lower())
        if found is None:
            found = self.defaults.get(posixpath.splitext(part)[1].lstrip(".").lower())
        return found

    def remove_override(self, part: str) -> None:
        for el in self.root.findall(q("Override", NS_CT)):
            if el.get("PartName", "").lstrip("/").lower() == part.lower():
                self.root.remove(el)
        self.overrides.pop(part.lower(), None)

    def add_part(self, part: str, content_type: str) -> None:
        """Declare a new part's type: by its extension's Default when that fits, else an Override."""
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        if self.type_of(part) == content_type:
            return
        if ext and ext not in self.defaults and ext not in ("xml", "rels"):
            el = etree.Element(q("Default", NS_CT), {"Extension": ext, "ContentType": content_type})
            # Defaults come before Overrides in the schema.
            overrides = self.root.findall(q("Override", NS_CT))
            if overrides:
                overrides[0].addprevious(el)
            else:
                self.root.append(el)
            self.defaults[ext] = content_type
            return
        etree.SubElement(self.root, q("Override", NS_CT),
                         {"PartName": "/" + part, "ContentType": content_type})
        self.overrides[part.lower()] = content_type


def insert_in_order(parent: etree._Element, child: etree._Element, order: list[str]) -> None:
    """Insert `child` where the schema's sequence `order` (local names) puts it."""
    name = etree.QName(child).localname
    later = set(order[order.index(name) + 1:])
    for i, existing in enumerate(parent):
        if isinstance(existing.tag, str) and etree.QName(existing).localname in later:
            parent.insert(i, child)
            return
    parent.append(child)
