"""Document modules in an existing VBA project (xl/vbaProject.bin): what Excel adds to the project
when a sheet is added to an .xlsm, so report sheets merged into a macro workbook have code names like
the sheets Excel made (MS-OVBA, [MS-OVBA] 2.3.4.2 dir stream, 2.3.1 PROJECT stream).

`edit_document_modules(data, add, remove)` returns the project with a document module per name in
`add` and without the (document) modules in `remove`. Everything else is kept as it was: every other
stream byte for byte (module sources, compiled caches, forms), the references, the project's
properties. The `_VBA_PROJECT` stream is replaced by its version-independent form (MS-OVBA 2.3.4.1:
Version 0xFFFF, no performance cache), which makes Excel compile the project from source on opening
instead of trusting caches that no longer list every module.

The compound file is read with olefile and written with ms-cfb, as vba.py writes a new project.
"""
from __future__ import annotations

import io
import struct
import tempfile
from pathlib import Path

from ..vba import _WORKSHEET_GUID, compress, decompress

_MODULES_COUNT = 0x000F
_CODE_PAGE = 0x0003
_MODULE_NAME = 0x0019
_MODULE_TERMINATOR = 0x002B
_DIR_TERMINATOR = 0x0010
_PROJECT_VERSION = 0x0009        # the one record whose Size field does not give its length

# MS-OVBA 2.3.4.1 with Version 0xFFFF: "the performance cache MUST be ignored" -> compile from source.
_VBA_PROJECT_UNCACHED = b"\xcc\x61\xff\xff\x00\x00\x00"


def _records(dir_stream: bytes) -> list[tuple[int, bytes]]:
    """The dir stream as (Id, raw record bytes) in order."""
    out, pos = [], 0
    while pos < len(dir_stream):
        rid, size = struct.unpack_from("<HI", dir_stream, pos)
        if rid == _PROJECT_VERSION:
            size = 6             # Reserved (=4), then VersionMajor u32 and VersionMinor u16
        end = pos + 6 + size
        out.append((rid, dir_stream[pos:end]))
        pos = end
    return out


def _record(rid: int, data: bytes) -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _module_blocks(records) -> list[tuple[int, int, str]]:
    """(first index, last index, name) of every module's records."""
    blocks, start, name = [], None, ""
    code_page = _code_page(records)
    for i, (rid, raw) in enumerate(records):
        if rid == _MODULE_NAME:
            start, name = i, raw[6:].decode(code_page, errors="replace")
        elif rid == _MODULE_TERMINATOR and start is not None:
            blocks.append((start, i, name))
            start = None
    return blocks


def _code_page(records) -> str:
    for rid, raw in records:
        if rid == _CODE_PAGE:
            return f"cp{struct.unpack_from('<H', raw, 6)[0]}"
    return "cp1252"


def _document_module_records(name: str, code_page: str) -> bytes:
    mbcs, utf16 = name.encode(code_page), name.encode("utf-16-le")
    return b"".join([
        _record(0x0019, mbcs), _record(0x0047, utf16),                 # MODULENAME (+ Unicode)
        _record(0x001A, mbcs), _record(0x0032, utf16),                 # MODULESTREAMNAME (+ Unicode)
        _record(0x001C, b""), _record(0x0048, b""),                    # MODULEDOCSTRING (+ Unicode)
        _record(0x0031, struct.pack("<I", 0)),                         # MODULEOFFSET: source at 0
        _record(0x001E, struct.pack("<I", 0)),                         # MODULEHELPCONTEXT
        _record(0x002C, struct.pack("<H", 0xFFFF)),                    # MODULECOOKIE
        _record(0x0022, b""),                                          # MODULETYPE: document
        _record(_MODULE_TERMINATOR, b""),
    ])


def document_module_source(name: str) -> bytes:
    """A worksheet's document module as Excel stores a new, empty one."""
    lines = [f'Attribute VB_Name = "{name}"',
             f'Attribute VB_Base = "0{{{str(_WORKSHEET_GUID).upper()}}}"',
             "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
             "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
             "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def module_names(data: bytes) -> list[str]:
    """Names of the project's modules, in the order of its dir stream."""
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        records = _records(decompress(ole.openstream("VBA/dir").read()))
    return [name for _, _, name in _module_blocks(records)]


def edit_document_modules(data: bytes, add: list[str], remove: list[str] = ()) -> bytes:
    """The VBA project `data` with a document module per name of `add`, and without the modules named
    in `remove` (an earlier report's sheets)."""
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        entries = [(path, ole.openstream(path).read() if ole.get_type(path) == olefile.STGTY_STREAM else None,
                    ole.getclsid(path)) for path in ole.listdir(streams=True, storages=True)]
        root_clsid = ole.root.clsid
    streams = {"/".join(p).lower(): (p, d) for p, d, _ in entries if d is not None}
    dir_key = next(k for k in streams if k == "vba/dir")
    records = _records(decompress(streams[dir_key][1]))
    code_page = _code_page(records)
    existing = {name.lower() for _, _, name in _module_blocks(records)}
    gone = {n.lower() for n in remove} & existing
    add = [n for n in add if n.lower() not in existing - gone]

    skip = set()
    for first, last, name in _module_blocks(records):
        if name.lower() in gone:
            skip.update(range(first, last + 1))
    out = bytearray()
    for i, (rid, raw) in enumerate(records):
        if i in skip:
            continue
        if rid == _MODULES_COUNT:
            count = struct.unpack_from("<H", raw, 6)[0] - len(gone) + len(add)
            raw = _record(_MODULES_COUNT, struct.pack("<H", count))
        if rid == _DIR_TERMINATOR:
            for name in add:
                out += _document_module_records(name, code_page)
        out += raw

    # The streams: dir and _VBA_PROJECT rewritten, modules added or left out, the rest unchanged.
    new_streams = {("VBA", name): compress(document_module_source(name)) for name in add}
    files = []
    for path, payload, clsid in entries:
        low = "/".join(path).lower()
        if payload is not None and len(path) == 2 and path[0].lower() == "vba" and path[1].lower() in gone:
            continue
        if low == "vba/dir":
            payload = compress(bytes(out))
        elif low == "vba/_vba_project":
            payload = _VBA_PROJECT_UNCACHED
        elif low == "project":
            payload = _edit_project_stream(payload, add, gone, code_page)
        files.append((path, payload, clsid))
    vba_storage = next(p[0] for p, _, _ in entries if p[0].lower() == "vba")
    files += [((vba_storage, name[1]), payload, "") for name, payload in new_streams.items()]
    return _write_compound_file(files, root_clsid)


def _edit_project_stream(data: bytes, add: list[str], gone: set[str], code_page: str) -> bytes:
    """PROJECT (2.3.1): a `Document=<name>/&H00000000` line per new module, none for removed ones;
    the [Workspace] window positions of removed modules dropped."""
    lines = data.decode(code_page).split("\r\n")

    def named(line: str) -> str:
        key, _, value = line.partition("=")
        if key in ("Document", "Module", "Class", "BaseClass"):
            return value.split("/")[0].lower()
        return key.lower() if line and not line.startswith("[") else ""

    lines = [ln for ln in lines if named(ln) not in gone]
    last_doc = max((i for i, ln in enumerate(lines) if ln.startswith("Document=")), default=None)
    if last_doc is None:
        last_doc = next((i for i, ln in enumerate(lines) if ln.startswith("ID=")), -1)
    lines[last_doc + 1:last_doc + 1] = [f"Document={name}/&H00000000" for name in add]
    return "\r\n".join(lines).encode(code_page)


def _write_compound_file(files, root_clsid: str) -> bytes:
    import os
    import uuid

    from ms_cfb.Models.Directories.root_directory import RootDirectory
    from ms_cfb.Models.Directories.storage_directory import StorageDirectory
    from ms_cfb.Models.Directories.stream_directory import StreamDirectory
    from ms_cfb.ole_file import OleFile

    with tempfile.TemporaryDirectory(prefix="salesreport-vba-edit-") as tmp:
        work = Path(tmp)
        root = RootDirectory()
        if root_clsid:
            root.set_clsid(uuid.UUID(root_clsid))
        storages: dict[tuple, object] = {(): root}
        for n, (path, payload, clsid) in enumerate(sorted(files, key=lambda f: len(f[0]))):
            parent = storages[tuple(path[:-1])]
            if payload is None:
                entry = StorageDirectory(path[-1])
                storages[tuple(path)] = entry
            else:
                stream_file = work / f"{n}.stream"
                stream_file.write_bytes(payload)
                entry = StreamDirectory(path[-1], str(stream_file))
            if clsid:
                entry.set_clsid(uuid.UUID(clsid))
            parent.add_directory(entry)
        ole = OleFile()
        ole.root_directory = root
        out = work / "vbaProject.bin"
        here = os.getcwd()
        os.chdir(work)      # ms-cfb leaves a scratch file in the current directory
        try:
            ole.create_file(str(out))
        finally:
            os.chdir(here)
        return out.read_bytes()
