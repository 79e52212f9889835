"""Hostile input: formula-looking text stays text in every writer; bombs and unsafe zips are refused.

- Text that Excel would run as a formula (`=cmd|' /C calc'!A0`, `+1+1`, `-2+3`, `@SUM(1)`,
  `=HYPERLINK(...)`) typed into customer names, products, categories, reps, comments, activity
  feedback and plan text is written as text: in the headless report (openpyxl type "s"; in the sheet
  XML an inline or shared string, never an `<f>`), in the lossless full build, and on the xlwings
  path (recorded values carry Excel's text prefix "'").
- XML bombs (billion laughs in sharedStrings or in a sheet), an oversized shared-string table, zip
  members with absolute or `..` paths and zip bombs are refused with one clear sentence, exit 1, no
  output, no traceback.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from test_bad_inputs import base_sheets, build, write_book

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
BUILT_AT = "2025-04-01T09:00:00+08:00"

CALC = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://evil.example","click")'
HOSTILE = (CALC, "+1+1", "-2+3", "@SUM(1)", LINK)


def hostile_sheets() -> dict:
    """The base workbook with formula-looking text in every free-text field the report shows."""
    s = base_sheets()
    sales = s["Sales"]
    sales[1][3] = CALC            # customer name (C1), top customer
    sales[4][3] = CALC
    sales[2][4] = "+1+1"          # product
    sales[3][5] = "-2+3"          # category
    sales[3][7] = "@SUM(1)"       # sales rep
    s["Customers"][1][1] = CALC
    s["Feedback"][1][4] = LINK     # best comment
    s["Feedback"][2][4] = "@SUM(1)"  # lowest comment
    s["Activities"][1][6] = "+1+1 call back"
    s["Plan"][1][1] = CALC         # summary_note
    s["Plan"][2][1] = "-2+3"       # next_month_plan
    return s


# ------------------------------------------------------------------------------------------ XML
def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part, from workbook.xml and its rels."""
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    book = etree.fromstring(zf.read("xl/workbook.xml"))
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    out = {}
    for sh in book.iter(f"{NS}sheet"):
        t = target[sh.get(rid)]
        out[sh.get("name")] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    return out


def _cells(zf: zipfile.ZipFile, part: str, shared: list[str]):
    """(ref, type attribute, text, has <f>) of every cell of a worksheet part."""
    root = etree.fromstring(zf.read(part))
    for c in root.iter(f"{NS}c"):
        kind = c.get("t", "n")
        text = None
        if kind == "inlineStr":
            text = "".join(t.text or "" for t in c.iter(f"{NS}t"))
        elif kind == "s":
            text = shared[int(c.find(f"{NS}v").text)]
        elif c.find(f"{NS}v") is not None:
            text = c.find(f"{NS}v").text
        yield c.get("r"), kind, text, c.find(f"{NS}f") is not None


def _shared(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    root = etree.fromstring(zf.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in root.iter(f"{NS}si")]


def assert_report_text_is_text(path: Path, report_sheets) -> set[str]:
    """Every hostile string in the report sheets is a string cell; no cell holds a formula with one.
    Returns the hostile strings found (so a test can check that they are all shown somewhere)."""
    found = set()
    with zipfile.ZipFile(path) as zf:
        parts, shared = _sheet_parts(zf), _shared(zf)
        for name in report_sheets:
            for ref, kind, text, has_formula in _cells(zf, parts[name], shared):
                hits = {h for h in HOSTILE if text and h in text}
                if has_formula:
                    assert not hits, f"{name}!{ref} is a formula holding {hits}"
                if text in HOSTILE:
                    assert kind in ("inlineStr", "s"), f"{name}!{ref} {text!r} written as t={kind!r}"
                found |= hits
    return found


# ------------------------------------------------------------------------------------------ headless
def test_formula_text_is_text_in_the_full_build(tmp_path, lo_check):
    b = build(tmp_path, hostile_sheets(), lo_check=lo_check)
    assert b.code == 0, b.output
    wb = openpyxl.load_workbook(b.report)
    from salesreport_xl.layout.sections import report_sheet_names

    report = report_sheet_names("en")
    found = assert_report_text_is_text(b.report, report)
    # Each one is shown somewhere in the report (else this test would prove nothing).
    assert found == set(HOSTILE), set(HOSTILE) - found
    # openpyxl reads them back as text ("s"), never as formulas ("f").
    typed = {c.value: c.data_type for n in report for row in wb[n].iter_rows() for c in row
             if c.value in HOSTILE}
    assert set(typed) == set(HOSTILE) and set(typed.values()) == {"s"}, typed


def test_formula_text_is_text_in_the_report_only_build(tmp_path, lo_check):
    from salesreport_xl.pipeline import build_report

    book = write_book(tmp_path / "in.xlsx", hostile_sheets())
    result = build_report(book, tmp_path / "r.xlsx", report_only=True, built_at=BUILT_AT)
    lo_check(result.output)
    assert assert_report_text_is_text(result.output, result.report_sheets) == set(HOSTILE)


def test_input_sheets_keep_their_formula_text_as_typed(tmp_path):
    # The lossless merge copies input sheets byte for byte: what was text stays text.
    b = build(tmp_path, hostile_sheets())
    wb = openpyxl.load_workbook(b.report)
    assert wb["Sales"]["D2"].value == CALC and wb["Sales"]["D2"].data_type == "s"
    assert wb["Plan"]["B3"].value == "-2+3" and wb["Plan"]["B3"].data_type == "s"


# ------------------------------------------------------------------------------------------ xlwings
xw = pytest.importorskip("xlwings")


def _payload(sheets: dict) -> dict:
    """A workbook as xlwings' Office.js client sends it (dates as ISO text, blanks as "")."""
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, dt.date):
            return v.strftime("%Y-%m-%dT00:00:00.000Z")
        return v

    out = []
    for name, rows in sheets.items():
        width = max(len(r) for r in rows)
        values = [[cell(v) for v in r] + [""] * (width - len(r)) for r in rows]
        out.append({"name": name, "values": values, "pictures": [], "tables": [], "charts": [], "shapes": [],
                    "used_range_address": f"A1:{openpyxl.utils.get_column_letter(width)}{len(rows)}"})
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": "book.xlsx", "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": out}


@pytest.mark.skipif(not os.environ.get("XLWINGS_LICENSE_KEY"),
                    reason="xlwings' remote engine needs XLWINGS_LICENSE_KEY (make test sets it)")
def test_formula_text_is_prefixed_as_text_on_the_xlwings_path():
    from salesreport_xl import excel

    book = xw.Book(json=_payload(hostile_sheets()))
    result = excel.generate(book, built_at=BUILT_AT)
    assert result is not None
    written = [v for a in book.json()["actions"] if a["func"] == "setValues"
               for row in a["values"] for v in row if isinstance(v, str)]
    # Nothing Excel would read as a formula goes out without the text prefix "'" ...
    assert [v for v in written if v[:1] in ("=", "+", "-", "@")] == []
    # ... and every hostile string did go out, prefixed.
    shown = {v[1:] for v in written if v.startswith("'")}
    assert set(HOSTILE) <= shown, set(HOSTILE) - shown


# ------------------------------------------------------------------------------------------ bombs
LOL = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
       + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                  for i in range(1, 10)) + b"]>")
SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
SS_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
           b'officedocument.spreadsheetml.sharedStrings+xml"/>')
SS_REL = (b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
          b'relationships/sharedStrings" Target="sharedStrings.xml"/>')


def rewrite(src: Path, dst: Path, replace=None, extra=None, compression=zipfile.ZIP_DEFLATED) -> Path:
    """Copy a package, replacing members (name -> f(bytes)) and adding others (name -> bytes)."""
    replace, extra = replace or {}, extra or {}
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", compression) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            zo.writestr(info.filename, replace[info.filename](data) if info.filename in replace else data)
        for name, data in extra.items():
            zo.writestr(name, data)
    return dst


def with_shared_strings(tmp_path: Path, sst: bytes) -> Path:
    """The base workbook with Sales!D2 (a customer name) moved into a shared-string table `sst`."""
    base = write_book(tmp_path / "base.xlsx", base_sheets())
    with zipfile.ZipFile(base) as zf:
        parts = _sheet_parts(zf)

    def sheet(data):
        new = re.sub(rb'<c r="D2"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>', rb'<c r="D2"\1 t="s"><v>0</v></c>', data)
        assert new != data
        return new
    return rewrite(base, tmp_path / "in.xlsx", {
        parts["Sales"]: sheet,
        "[Content_Types].xml": lambda d: d.replace(b"</Types>", SS_TYPE + b"</Types>"),
        "xl/_rels/workbook.xml.rels": lambda d: d.replace(b"</Relationships>", SS_REL + b"</Relationships>"),
    }, {"xl/sharedStrings.xml": sst})


def test_shared_strings_table_is_read(tmp_path):
    # The control: the same construction with a harmless table builds, with D2's name read from it.
    book = with_shared_strings(tmp_path, b'<?xml version="1.0"?>' + SST + b"<si><t>Alpha Co</t></si></sst>")
    b = build(tmp_path, book=book)
    assert b.code == 0, b.output


def test_billion_laughs_in_shared_strings_is_refused(tmp_path):
    book = with_shared_strings(tmp_path, LOL + SST + b"<si><t>&lol9;</t></si></sst>")
    b = build(tmp_path, book=book)
    assert b.code == 1
    assert ("error: in.xlsx: refused: the part xl/sharedStrings.xml declares a DTD or entities, which no "
            "Excel workbook has (an XML bomb?); open the file in Excel and save it again") in b.output


def test_billion_laughs_in_a_sheet_is_refused(tmp_path):
    base = write_book(tmp_path / "base.xlsx", base_sheets())
    with zipfile.ZipFile(base) as zf:
        part = _sheet_parts(zf)["Sales"]
    book = rewrite(base, tmp_path / "in.xlsx", {part: lambda d: LOL + d.replace(b"<t>Alpha Co</t>", b"<t>&lol9;</t>", 1)})
    b = build(tmp_path, book=book)
    assert b.code == 1
    assert f"refused: the part {part} declares a DTD or entities" in b.output


def test_entity_bomb_hidden_after_the_first_bytes_is_still_refused(tmp_path):
    # Padding pushes the DTD past the cheap pre-check; the parsers themselves then refuse to expand
    # it (expat's amplification limit, calamine's unknown entity): still exit 1, one line, no output.
    padded = b'<?xml version="1.0"?>' + b"<!--" + b" " * 8192 + b"-->" + LOL[len(b'<?xml version="1.0"?>'):]
    book = with_shared_strings(tmp_path, padded + SST + b"<si><t>&lol9;</t></si></sst>")
    b = build(tmp_path, book=book)
    assert b.code == 1
    assert "error: in.xlsx: cannot be read as a workbook" in b.output


def test_oversized_shared_string_table_is_refused(tmp_path, monkeypatch):
    import salesreport_xl.safety as safety

    # The limit scaled down (128 MB in use) so the test stays small: a 2 MB table over a 1 MB limit.
    monkeypatch.setattr(safety, "MAX_SHARED_STRINGS_BYTES", 1024 * 1024)
    table = SST + b"<si><t>Alpha Co</t></si>" + (b"<si><t>" + b"x" * 100 + b"</t></si>") * 20_000 + b"</sst>"
    book = with_shared_strings(tmp_path, b'<?xml version="1.0"?>' + table)
    b = build(tmp_path, book=book)
    assert b.code == 1
    assert "refused: its shared-string table (xl/sharedStrings.xml) is 2 MB, more than the 1 MB" in b.output


@pytest.mark.parametrize("member,why", [("../evil.txt", "path with '..'"), ("/etc/evil.txt", "absolute path"),
                                        ("xl/../../evil.txt", "path with '..'"), ("C:/evil.txt", "absolute path")])
def test_zip_member_outside_the_package_is_refused(tmp_path, member, why):
    base = write_book(tmp_path / "base.xlsx", base_sheets())
    book = rewrite(base, tmp_path / "in.xlsx", extra={member: b"x"})
    b = build(tmp_path, book=book)
    assert b.code == 1
    assert f"error: in.xlsx: refused unsafe zip member name {member!r} ({why})." in b.output
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_zip_bomb_member_is_refused(tmp_path):
    # 64 MB of zeros deflate to ~64 KB: a ratio of ~1000:1 no spreadsheet part has.
    base = write_book(tmp_path / "base.xlsx", base_sheets())
    book = rewrite(base, tmp_path / "in.xlsx", extra={"xl/media/zeros.bin": b"\0" * (64 * 1024 * 1024)})
    b = build(tmp_path, book=book)
    assert b.code == 1
    assert "refused zip member 'xl/media/zeros.bin': compression ratio too high (a zip bomb?)" in b.output
