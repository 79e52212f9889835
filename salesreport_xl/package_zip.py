"""Safe reading of a workbook's zip package, and copying its members without re-compressing them.

Shared by the readers (safety.py, read/peek.py) and the lossless merge (write/), so that a user's
package is opened the same guarded way everywhere and read/ does not depend on write/.

Reading: every member name is checked before anything is used (no absolute paths, no `..`, no
drive letters, no duplicates), encrypted members are refused, and only small parts are ever
inflated — through a bounded read, so a member that lies about its size cannot blow up memory.

Copying: the big members of a workbook (the sheet XML of a million rows) are copied as their raw
compressed bytes with their CRC and sizes, so the output costs little more than the bytes and the
member comes out exactly as it went in. Python's zipfile has no public API for this; `RawZipWriter`
writes the local header itself and registers the entry so that `ZipFile.close()` writes a correct
central directory (zip64 included).
"""
from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from salesreport_xl.errors import WorkbookError

# Parts we inflate and parse (workbook.xml, styles.xml, rels, the report's sheets) are small;
# even a heavily styled workbook keeps styles.xml well under this.
MAX_PARSED_BYTES = 64 * 1024 * 1024
# A member is copied, not inflated, but a declared size or ratio like these is no spreadsheet.
MAX_MEMBER_BYTES = 4 * 1024 ** 3
MAX_RATIO = 1000           # uncompressed / compressed, checked for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 100_000

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIG = b"PK\x03\x04"
_DATA_DESCRIPTOR = 0x08
_UTF8_NAME = 0x800
_ENCRYPTED = 0x01
_DRIVE = re.compile(r"^[A-Za-z]:")
_COPY_CHUNK = 1024 * 1024
# What inflating a damaged member raises: a bad header, a short file, corrupt deflate data (zlib's
# own error, no OSError), a compression method zipfile lacks.
DAMAGED = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError)


def check_member_name(name: str, where: str) -> None:
    """Refuse a member name that could escape the package or be read two ways."""
    if (not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name
            or _DRIVE.match(name)):
        raise WorkbookError(f"{where}: refused unsafe zip member name {name!r} (absolute path).")
    parts = name.split("/")
    if any(p in ("..", ".") for p in parts):
        raise WorkbookError(f"{where}: refused unsafe zip member name {name!r} (path with '..').")


class SafePackage:
    """A workbook package opened for reading: checked names, bounded reads, raw access."""

    def __init__(self, path: str | Path, label: str | None = None):
        self.path = Path(path)
        self.label = label or self.path.name
        try:
            self.zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise WorkbookError(f"{self.label}: file not found.") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise WorkbookError(f"{self.label}: not an .xlsx/.xlsm workbook ({exc}).") from None
        try:
            self.infos = self.zip.infolist()
            self._by_lower: dict[str, zipfile.ZipInfo] = {}
            self._check_members()
        except BaseException:
            self.zip.close()
            raise
        self._raw: BinaryIO | None = None

    def _check_members(self) -> None:
        if len(self.infos) > MAX_MEMBERS:
            raise WorkbookError(f"{self.label}: refused: {len(self.infos)} zip members.")
        for info in self.infos:
            name = info.filename
            check_member_name(name, self.label)
            if name.endswith("/"):
                continue          # a folder entry carries no part
            key = name.lower()    # part names are case-insensitive in a package
            if key in self._by_lower:
                raise WorkbookError(f"{self.label}: refused: zip member {name!r} appears twice.")
            if info.flag_bits & _ENCRYPTED:
                raise WorkbookError(f"{self.label}: the workbook is encrypted (password-protected); "
                                    "remove the password and try again.")
            if info.file_size > MAX_MEMBER_BYTES:
                raise WorkbookError(f"{self.label}: refused oversized zip member {name!r} "
                                    f"({info.file_size} bytes).")
            if (info.file_size > RATIO_FLOOR
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise WorkbookError(f"{self.label}: refused zip member {name!r}: compression ratio "
                                    "too high (a zip bomb?).")
            self._by_lower[key] = info

    # -- lookup -------------------------------------------------------------------------------
    def names(self) -> list[str]:
        return [i.filename for i in self.infos if not i.filename.endswith("/")]

    def has(self, name: str) -> bool:
        return name.lower() in self._by_lower

    def info(self, name: str) -> zipfile.ZipInfo:
        try:
            return self._by_lower[name.lower()]
        except KeyError:
            raise WorkbookError(f"{self.label}: the package has no part {name!r}.") from None

    def actual_name(self, name: str) -> str:
        return self.info(name).filename

    # -- reading ------------------------------------------------------------------------------
    def read_small(self, name: str, limit: int | None = None) -> bytes:
        """Inflate a part we need to parse, refusing it past `limit` whatever its header says."""
        limit = MAX_PARSED_BYTES if limit is None else limit
        info = self.info(name)
        if info.file_size > limit:
            raise WorkbookError(f"{self.label}: refused oversized part {name!r} "
                                f"({info.file_size} bytes, limit {limit}).")
        try:
            with self.zip.open(info) as fh:
                data = fh.read(limit + 1)
        except DAMAGED as exc:
            raise WorkbookError(f"{self.label}: part {name!r} is damaged ({exc}); the file is incomplete "
                                "or corrupted — save it again from Excel.") from None
        if len(data) > limit:
            raise WorkbookError(f"{self.label}: refused oversized part {name!r}.")
        return data

    def raw_data_offset(self, info: zipfile.ZipInfo) -> int:
        """Where the compressed bytes of a member start (after its local header)."""
        fh = self._raw_handle()
        fh.seek(info.header_offset)
        header = fh.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_SIG:
            raise WorkbookError(f"{self.label}: damaged zip entry {info.filename!r}.")
        fields = _LOCAL_HEADER.unpack(header)
        name_len, extra_len = fields[10], fields[11]
        return info.header_offset + _LOCAL_HEADER.size + name_len + extra_len

    def _raw_handle(self) -> BinaryIO:
        if self._raw is None:
            self._raw = open(self.path, "rb")
        return self._raw

    def close(self) -> None:
        self.zip.close()
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    def __enter__(self) -> "SafePackage":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class RawZipWriter:
    """A zipfile.ZipFile for writing, plus `copy_raw` to move a member across without inflating it."""

    def __init__(self, fileobj: BinaryIO):
        self.zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)

    def write_bytes(self, name: str, data: bytes, date_time=(1980, 1, 1, 0, 0, 0)) -> None:
        info = zipfile.ZipInfo(name, date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self.zip.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)

    def copy_raw(self, source: SafePackage, info: zipfile.ZipInfo, name: str | None = None) -> None:
        """Copy `info`'s compressed bytes as they are; CRC and sizes come from the central directory."""
        zf = self.zip
        out = zipfile.ZipInfo(name or info.filename, info.date_time)
        out.compress_type = info.compress_type
        out.CRC = info.CRC
        out.compress_size = info.compress_size
        out.file_size = info.file_size
        # No data descriptor: the sizes go in the local header. The name flag is set by zipfile.
        out.flag_bits = info.flag_bits & ~(_DATA_DESCRIPTOR | _UTF8_NAME)
        out.external_attr = info.external_attr
        out.internal_attr = info.internal_attr
        out.create_system = info.create_system
        out.comment = info.comment
        out.extra = b""   # old zip64/timestamp extras would be stale; FileHeader adds zip64 itself
        if out.filename in zf.NameToInfo:
            raise WorkbookError(f"duplicate member {out.filename!r} in the output package.")
        zip64 = out.file_size > zipfile.ZIP64_LIMIT or out.compress_size > zipfile.ZIP64_LIMIT
        fp = zf.fp
        fp.seek(zf.start_dir)
        out.header_offset = fp.tell()
        fp.write(out.FileHeader(zip64))
        src = source._raw_handle()
        src.seek(source.raw_data_offset(info))
        remaining = info.compress_size
        while remaining:
            chunk = src.read(min(_COPY_CHUNK, remaining))
            if not chunk:
                raise WorkbookError(f"{source.label}: zip member {info.filename!r} is truncated.")
            fp.write(chunk)
            remaining -= len(chunk)
        zf.start_dir = fp.tell()
        zf.filelist.append(out)
        zf.NameToInfo[out.filename] = out
        zf._didModify = True   # makes close() write the central directory

    def close(self) -> None:
        self.zip.close()

    def abandon(self) -> None:
        """Give up a package that failed half-way: its file is removed by the caller, and the zip must
        not write its directory into it later (from its finaliser, onto a closed file: "Exception
        ignored … seek of closed file")."""
        self.zip.fp = None


def rels_path_for(part: str) -> str:
    """The relationships part of `part`: xl/workbook.xml -> xl/_rels/workbook.xml.rels."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def part_relationships(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """{relationship id: (type, target part)} of `part`, read from its relationships part ({} when it
    has none): a target resolved against the part's folder, one starting with "/" from the package's
    root. The readers' one way to follow a package's links (the writers edit them in write/package_xml.py)."""
    from xml.etree.ElementTree import fromstring

    rels = rels_path_for(part)
    if rels not in zf.NameToInfo:
        return {}
    folder = posixpath.dirname(part)
    out = {}
    for rel in fromstring(zf.read(rels)).iter():
        if rel.tag.rsplit("}", 1)[-1] != "Relationship":
            continue
        target = rel.get("Target", "")
        out[rel.get("Id", "")] = (rel.get("Type", ""), target.lstrip("/") if target.startswith("/")
                                  else posixpath.normpath(posixpath.join(folder, target)))
    return out

