"""Writing an output file atomically: the one way every output (report-only and full builds, JSON,
PDF, templates) reaches the disk.

The bytes go to a hidden temporary file beside the output, `.<name>.<8 random>.tmp` (same folder, so
the rename is atomic on the same disk), which is renamed over the output only once it is complete:
a failure or a kill never leaves a half-written output, and an earlier output stays whole until the
new one replaces it. A killed process cannot remove its temporary file; `remove_leftovers` (run by the
next build of the same output) removes exactly the names of that one shape.

The temporary file is created with mode 0666 and the process umask applied by the OS — the mode any
program's new file gets (0644 under umask 022) — not the private 0600 of `tempfile.mkstemp`, so a
report on a shared server is readable by colleagues exactly when the user's other files are.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import OutputError, SalesReportError, write_advice

_RANDOM = "[a-z0-9_]{8}"     # what `_temp_name` puts in the middle (hex digits; older builds: mkstemp's)
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def temp_pattern(path) -> re.Pattern:
    """The names of the temporary files written for the output `path` (and of nothing else)."""
    return re.compile(rf"^\.{re.escape(Path(path).name)}\.{_RANDOM}\.tmp$")


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _create_temp(path: Path) -> Path:
    folder = _folder(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            tmp = _temp_name(path)
            try:
                os.close(os.open(tmp, _FLAGS, 0o666))   # 0o666 minus the umask, as for any new file
                return tmp
            except FileExistsError:
                continue
        raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))
    except OSError as exc:
        raise OutputError(f"Cannot write in {folder}: {write_advice(exc)}.") from None


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextmanager
def atomic_path(path) -> Iterator[Path]:
    """Yield the path of an empty temporary file beside `path`; write it (by name) in the block.

    When the block ends normally the temporary file replaces `path`; when it raises, the temporary
    file is removed and `path` is left as it was. An OSError becomes an OutputError that says what
    to do. Writers that open the file by name must keep its mode (xlsxwriter and zipfile do).
    """
    path = Path(path)
    tmp = _create_temp(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except SalesReportError:   # an OSError too, already saying what to do
        _unlink_quietly(tmp)
        raise
    except OSError as exc:
        _unlink_quietly(tmp)
        raise OutputError(f"Cannot write {path}: {write_advice(exc)}.") from None
    except BaseException:
        _unlink_quietly(tmp)
        raise


@contextmanager
def atomic_file(path) -> Iterator[BinaryIO]:
    """`atomic_path`, with the temporary file opened for binary writing (flushed to disk before the
    rename, so a power cut after it cannot leave an empty output)."""
    with atomic_path(path) as tmp:
        # Closed even when the writer fails half-way (openpyxl leaves its zip open then, which would
        # keep the file busy on Windows and stop its removal).
        with open(tmp, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())


def write_bytes(path, data: bytes) -> Path:
    with atomic_file(path) as fh:
        fh.write(data)
    return Path(path)


def copy_file(source, path) -> Path:
    """Copy the file at `source` to `path` atomically."""
    with atomic_file(path) as fh, open(source, "rb") as src:
        shutil.copyfileobj(src, fh)
    return Path(path)


def remove_leftovers(path) -> list[Path]:
    """Remove the temporary files an interrupted write of `path` left beside it; only names of
    exactly `temp_pattern(path)`'s shape are touched."""
    path = Path(path)
    pattern = temp_pattern(path)
    folder = _folder(path)
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for entry in names:
        if pattern.match(entry):
            try:
                os.unlink(folder / entry)
                removed.append(folder / entry)
            except OSError:
                pass
    return removed
