"""The VBA project of the macro-enabled template, built from source at generation time.

A vbaProject.bin is assembled from
- every `macros/*.bas` of this repository (the SalesReport module with Generate / ValidateInputs /
  ClearReport), and
- xlwings' standalone VBA code as it ships inside the installed xlwings package: the `xlwings`
  module (RunPython and friends) and its `Dictionary` class (used instead of Scripting.Dictionary on
  macOS). Nothing of xlwings is copied into this repository; the version embedded is the installed one.

The container is written by the PyPI package ms-ovba (MS-OVBA: dir stream, PROJECT stream, compressed
module streams in a compound file). ms-ovba 0.0.1 knows standard and document modules only; a class
module is the same record as a document module in the dir stream (MODULETYPE 0x0022) and `Class=` in
the PROJECT stream, so `_ClassModule` below supplies that. The project carries no compiled
performance cache, so Excel compiles the modules from source the first time the workbook opens.

ms-ovba 0.0.1 assembles the records (dir stream, PROJECT stream, module sources as stored) and ms-cfb
the compound file; the streams are compressed by `compress` here, because ms-ovba-compression 1.0.1
corrupts modules with long repeats (see `_write_container`). Everything is written in a private
temporary directory: ms-ovba puts its intermediate files next to the sources.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

from .errors import SalesReportError
from .i18n import t

# The macros of this repository live next to the package in a source checkout (or an editable install);
# an installed wheel carries them as data files in <prefix>/share/salesreport-xl/macros (pyproject.toml).
MACROS_DIR = Path(__file__).resolve().parent.parent / "macros"
_DATA_SUBDIR = ("share", "salesreport-xl", "macros")


def installed_macros_dir() -> Path:
    """Where the VBA modules are: the checkout's macros/, else the installed data folder (the
    environment's prefix, or the user scheme of `pip install --user`)."""
    import sys
    import sysconfig

    candidates = [MACROS_DIR]
    prefixes = [sysconfig.get_path("data"), sys.prefix, sys.base_prefix]
    try:
        prefixes.append(sysconfig.get_path("data", f"{os.name}_user"))
    except KeyError:  # pragma: no cover - a platform without a user scheme
        pass
    candidates += [Path(p, *_DATA_SUBDIR) for p in prefixes if p]
    for folder in candidates:
        if any(folder.glob("*.bas")):
            return folder
    return MACROS_DIR

# The module whose Subs the buttons call, and the buttons: (caption key in i18n/excel.py, macro).
MACRO_MODULE = "SalesReport"
_BUTTON_MACROS = (("xl_button_generate", "Generate"), ("xl_button_validate", "ValidateInputs"),
                  ("xl_button_clear", "ClearReport"))


def buttons(lang: str = "en") -> tuple[tuple[str, str], ...]:
    """(caption in `lang`, macro) of each button on the About sheet."""
    return tuple((t(lang, key), f"{MACRO_MODULE}.{sub}") for key, sub in _BUTTON_MACROS)


BUTTONS = buttons("en")

# Type-library GUIDs Excel gives the document modules: the workbook and a worksheet.
_WORKBOOK_GUID = uuid.UUID("00020819-0000-0000-C000-000000000046")
_WORKSHEET_GUID = uuid.UUID("00020820-0000-0000-C000-000000000046")
# A fixed project id, so the same sources build the same file.
_PROJECT_ID = "{5A1E5E0C-7E2B-4C1D-9B0A-5A1E5E0C7E2B}"

class VbaBuildError(SalesReportError):
    """The VBA project cannot be built (sources missing, ms-ovba not installed)."""


def macro_sources(macros_dir: str | Path | None = None) -> list[Path]:
    """The repository's VBA modules, `macros/*.bas`, in name order."""
    folder = Path(macros_dir) if macros_dir else installed_macros_dir()
    found = sorted(folder.glob("*.bas"))
    if not found:
        raise VbaBuildError(
            f"no VBA modules (*.bas) in {folder}: reinstall salesreport-xl (its wheel carries them in "
            "share/salesreport-xl/macros), or pass macros_dir")
    return found


def xlwings_sources() -> list[Path]:
    """xlwings' standalone VBA code inside the installed xlwings package: the module and its class."""
    import xlwings

    root = Path(xlwings.__file__).resolve().parent
    paths = [root / "xlwings.bas", root / "addin" / "Dictionary.cls"]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise VbaBuildError(f"the installed xlwings {xlwings.__version__} does not ship {missing[0].name}")
    return paths


def module_name(path: Path) -> str:
    """The VBA name of a module file: its `Attribute VB_Name`, else the file stem."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:12]:
        if line.startswith("Attribute VB_Name"):
            return line.split("=", 1)[1].strip().strip('"')
    return path.stem


def build_vba_project(out_path: str | Path, *, sheet_count: int = 1,
                      macros_dir: str | Path | None = None, include_xlwings: bool = True) -> Path:
    """Write a vbaProject.bin holding macros/*.bas (and xlwings' standalone VBA) to `out_path`.

    `sheet_count` document modules Sheet1..SheetN are declared besides ThisWorkbook: they are the code
    names xlsxwriter gives the worksheets of a workbook that has a VBA project.
    """
    try:
        from ms_ovba.Models.Entities.doc_module import DocModule
        from ms_ovba.Models.Entities.reference import Reference
        from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
        from ms_ovba.Models.Entities.std_module import StdModule
        from ms_ovba.Models.Fields.libid_reference import LibidReference
        from ms_ovba.vbaProject import VbaProject
        from ms_ovba.Views.project_ole_file import ProjectOleFile
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise VbaBuildError("building the VBA project needs the package ms-ovba "
                            "(pip install ms-ovba)") from exc

    class _ClassModule(StdModule):
        """A class module: `Class=` in the PROJECT stream, MODULETYPE 0x0022 in the dir stream."""

        def __init__(self, name: str) -> None:
            super().__init__(name)
            self.type = "Class"

        def pack(self, endien, cp_name):
            # ModuleBase.pack writes 0x0022 only for type "Document"; a class module takes the same.
            self.type = "Document"
            try:
                return super().pack(endien, cp_name)
            finally:
                self.type = "Class"

        def normalize_file(self) -> None:
            # The stored source starts at the attributes: drop the VERSION/BEGIN/END header an
            # exported .cls carries, keep the rest with CRLF line ends.
            lines = Path(self._file_path).read_text(encoding="utf-8").splitlines()
            while lines and not lines[0].startswith("Attribute "):
                lines.pop(0)
            Path(self._file_path + ".new").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))

    out_path = Path(out_path).resolve()
    sources = macro_sources(macros_dir)
    extra = xlwings_sources() if include_xlwings else []

    with tempfile.TemporaryDirectory(prefix="salesreport-vba-") as tmp:
        work = Path(tmp)
        project = VbaProject()
        project.project_id = _PROJECT_ID

        def doc_module(name: str, guid: uuid.UUID):
            src = work / f"{name}.cls"
            src.write_text(_DOC_MODULE_SOURCE.format(name=name), encoding="ascii")
            mod = DocModule(name)
            mod.add_file(str(src))
            mod.add_guid(guid)
            mod.normalize_file()  # writes <src>.new: the source as stored, CRLF line ends
            return mod

        project.add_module(doc_module("ThisWorkbook", _WORKBOOK_GUID))
        for i in range(1, sheet_count + 1):
            project.add_module(doc_module(f"Sheet{i}", _WORKSHEET_GUID))

        for path in [*sources, *extra]:
            name = module_name(path)
            src = work / f"{name}{path.suffix}"
            shutil.copyfile(path, src)
            mod = _ClassModule(name) if path.suffix.lower() == ".cls" else StdModule(name)
            mod.add_file(str(src))
            mod.normalize_file()
            project.add_module(mod)

        stdole = LibidReference(uuid.UUID("00020430-0000-0000-C000-000000000046"), "2.0", "0",
                                "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")
        office = LibidReference(uuid.UUID("2DF8D04C-5BFA-101B-BDE5-00AA0044DE52"), "2.0", "0",
                                r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
                                "Microsoft Office 16.0 Object Library")
        project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
        project.add_reference(Reference(ReferenceRegistered(office), "Office"))

        _write_container(project, work, out_path)
    return out_path


def _write_container(project, work: Path, out_path: Path) -> None:
    """The compound file: VBA/<module>, VBA/dir, VBA/_VBA_PROJECT and PROJECT.

    This is ms-ovba's ProjectOleFile with two changes: the streams are compressed by `compress` below
    (ms-ovba-compression 1.0.1 computes the longest allowed copy token as `0xFFFF << bit_count + 3`
    instead of `(0xFFFF >> bit_count) + 3`, so any repeat longer than the token can hold -- from 18
    bytes at the end of a 4 KiB chunk -- spills into the offset bits and the module decompresses to
    garbage; xlwings.bas hits that in its first chunk), and files are written into `work`, not the
    current directory.
    """
    from ms_cfb.Models.Directories.root_directory import RootDirectory
    from ms_cfb.Models.Directories.storage_directory import StorageDirectory
    from ms_cfb.Models.Directories.stream_directory import StreamDirectory
    from ms_cfb.ole_file import OleFile
    from ms_ovba.Views.dirStream import DirStream
    from ms_ovba.Views.project import Project
    from ms_ovba.Views.project_view import ProjectView

    def stream(name: str, data: bytes) -> StreamDirectory:
        path = work / f"{name}.stream"
        path.write_bytes(data)
        return StreamDirectory(name, str(path))

    root = RootDirectory()
    root.set_modified(project.default_date)
    storage = StorageDirectory("VBA")
    storage.set_created(project.default_date)
    storage.set_modified(project.default_date)
    for module in project.get_modules():
        source = Path(module._file_path + ".new").read_bytes()
        storage.add_directory(stream(module.name, module.cache + compress(source)))
    storage.add_directory(stream("dir", compress(DirStream(project).to_bytes())))
    storage.add_directory(stream("_VBA_PROJECT", ProjectView(project).to_bytes()))
    root.add_directory(storage)
    root.add_directory(stream("PROJECT", Project(project).to_bytes()))

    ole = OleFile()
    ole.root_directory = root
    tmp_out = work / "vbaProject.bin"
    # ms-cfb writes a scratch file "./fatChain.bin" into the current directory and leaves it there:
    # run it inside the scratch folder so nothing lands where the user works.
    here = os.getcwd()
    os.chdir(work)
    try:
        ole.create_file(str(tmp_out))
    finally:
        os.chdir(here)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tmp_out, out_path)


# ---------------------------------------------------------------------------------------------------
# MS-OVBA 2.4.1 compression: a container is 0x01 and chunks of up to 4096 source bytes; a chunk is a
# 2-byte header and token sequences (a flag byte, then 8 tokens: a literal byte or a 2-byte copy token
# pointing back into the chunk).

_CHUNK = 4096


def compress(data: bytes) -> bytes:
    """Compress `data` as an MS-OVBA CompressedContainer."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        out += _compress_chunk(data[start:start + _CHUNK])
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    body = bytearray()
    pos, n = 0, len(chunk)
    while pos < n:
        flag_at = len(body)
        body.append(0)
        for bit in range(8):
            if pos >= n:
                break
            bit_count = _bit_count(pos)
            max_length = (0xFFFF >> bit_count) + 3
            start, length = _longest_match(chunk, pos, min(max_length, n - pos))
            if length >= 3:
                token = ((pos - start - 1) << (16 - bit_count)) | (length - 3)
                body += token.to_bytes(2, "little")
                body[flag_at] |= 1 << bit
                pos += length
            else:
                body.append(chunk[pos])
                pos += 1
    if len(body) > _CHUNK:
        # Incompressible: a raw chunk always holds 4096 bytes.
        return (0x3000 | 0x0FFF).to_bytes(2, "little") + chunk.ljust(_CHUNK, b"\x00")
    return (0xB000 | (len(body) - 1)).to_bytes(2, "little") + bytes(body)


def decompress(data: bytes) -> bytes:
    """Decompress an MS-OVBA CompressedContainer (2.4.1.3.1), e.g. a project's dir stream."""
    if not data or data[0] != 1:
        raise VbaBuildError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos + 2 <= len(data):
        header = int.from_bytes(data[pos:pos + 2], "little")
        end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:                      # a raw chunk: 4096 bytes as they are
            out += data[pos:pos + _CHUNK]
            pos += _CHUNK
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                token = int.from_bytes(data[pos:pos + 2], "little")
                pos += 2
                bit_count = _bit_count(len(out) - chunk_start)
                offset = (token >> (16 - bit_count)) + 1
                for _ in range((token & (0xFFFF >> bit_count)) + 3):
                    out.append(out[-offset])
    return bytes(out)


def _bit_count(pos: int) -> int:
    """Bits of a copy token given to the offset at position `pos` of the chunk (at least 4)."""
    bits = 4
    while (1 << bits) < pos:
        bits += 1
    return bits


def _longest_match(chunk: bytes, pos: int, limit: int) -> tuple[int, int]:
    """Start and length of the longest earlier repeat of chunk[pos:] (overlap allowed, at most `limit`
    long), the nearest one among equals as MS-OVBA 2.4.1.3.19.4 picks it."""
    best_start, best_len = -1, 0
    length = 3
    while length <= limit:
        # An occurrence of chunk[pos:pos+length] starting before pos (it may run into pos).
        found = chunk.rfind(chunk[pos:pos + length], 0, pos + length - 1)
        if found < 0:
            break
        extended = length
        while extended < limit and chunk[found + extended] == chunk[pos + extended]:
            extended += 1
        best_start, best_len = found, extended
        length = extended + 1
    return best_start, best_len


# An exported document module as Excel writes it; ms-ovba's DocModule.normalize_file skips the first
# four lines, adds VB_Base from the GUID and the trailing attributes.
_DOC_MODULE_SOURCE = """VERSION 1.0 CLASS
BEGIN
  MultiUse = -1  'True
END
Attribute VB_Name = "{name}"
Attribute VB_GlobalNameSpace = False
Attribute VB_Creatable = False
Attribute VB_PredeclaredId = True
Attribute VB_Exposed = True
"""


def write_macro_template(path: str | Path, lang: str = "en") -> Path:
    """Write the macro-enabled template (.xlsm): the standard template plus the VBA project and the
    Generate / Validate / Clear buttons on the About sheet. Returns its path.

    The VBA project is built now, from macros/*.bas and the installed xlwings' VBA, so the file always
    matches the installed xlwings version (RunPython checks it against the Python package's).
    """
    from . import schema
    from .template import write_workbook

    with tempfile.TemporaryDirectory(prefix="salesreport-xlsm-") as tmp:
        # Code names: xlsxwriter names the worksheets Sheet1..SheetN in order (About and the inputs).
        project = build_vba_project(Path(tmp) / "vbaProject.bin", sheet_count=1 + len(schema.SHEETS))
        return write_workbook(path, lang, vba_project=project, buttons=list(buttons(lang)))
