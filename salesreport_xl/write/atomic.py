"""Writing an output file atomically: the one way every output (report-only and full builds, JSON,
PDF, templates) reaches the disk.

The bytes go to a hidden temporary file beside the output, `.<name>.<8 random>.tmp` (same folder, so
the rename is atomic on the same disk), which is renamed over the output only once it is complete:
a failure or a kill never leaves a half-written output, and an earlier output stays whole until the
new one replaces it. A killed process cannot remove its temporary file; `remove_leftovers` (run by the
next build of the same output) removes exactly the names of that one shape whose lock is free: a
writer holds an exclusive lock on its temporary file until it is renamed or removed, so two builds of
the same output never remove each other's (they write distinct files; the last to finish wins whole).

The temporary file is created with mode 0666 and the process umask applied by the OS — the mode any
program's new file gets (0644 under umask 022) — not the private 0600 of `tempfile.mkstemp`, so a
report on a shared server is readable by colleagues exactly when the user's other files are.
"""
from __future__ import annotations

import errno
import os

try:  # the lock that tells a live temporary file from a killed build's leftover (POSIX)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
import re
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import OutputError, SalesReportError, write_advice
from .output_rule import NAME_MAX, check_target

_RANDOM = "[a-z0-9_]{8}"     # what `_temp_name` puts in the middle (hex digits; older builds: mkstemp's)
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _temp_stem(path) -> str:
    """The output's name as its temporary files carry it: cut (at a character) so that
    `.<name>.<8 random>.tmp` stays within the file system's 255 bytes for a name near that size."""
    name = Path(path).name
    room = NAME_MAX - len(".") - len(".12345678.tmp")
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return name


def temp_pattern(path) -> re.Pattern:
    """The names of the temporary files written for the output `path` (and of nothing else)."""
    return re.compile(rf"^\.{re.escape(_temp_stem(path))}\.{_RANDOM}\.tmp$")


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{_temp_stem(path)}.{secrets.token_hex(4)}.tmp")


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _lock(fd: int) -> bool:
    """Take the exclusive lock that marks a temporary file as being written (False: held elsewhere,
    or locks unsupported here)."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _create_temp(path: Path) -> tuple[Path, int]:
    """A new temporary file beside `path`, and a descriptor holding its lock until the write ends: a
    concurrent build of the same output sees it is alive and leaves it (`remove_leftovers`)."""
    folder = _folder(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            tmp = _temp_name(path)
            try:
                fd = os.open(tmp, _FLAGS, 0o666)   # 0o666 minus the umask, as for any new file
            except FileExistsError:
                continue
            if fcntl is None:       # Windows: no lock, and an open handle would stop the rename
                os.close(fd)
                return tmp, -1
            _lock(fd)
            return tmp, fd
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
    check_target(path)      # only a regular file is ever replaced (output_rule)
    tmp, fd = _create_temp(path)
    try:
        yield tmp
        os.replace(tmp, path)
        record_written(path)
    except SalesReportError:   # an OSError too, already saying what to do
        _unlink_quietly(tmp)
        raise
    except OSError as exc:
        _unlink_quietly(tmp)
        raise OutputError(f"Cannot write {path}: {write_advice(exc)}.") from None
    except BaseException:
        _unlink_quietly(tmp)
        raise
    finally:
        if fd >= 0:
            os.close(fd)


_WRITTEN: list[Path] = []     # every output this process put in place, in order


def record_written(path) -> None:
    """Note an output put in place (an interrupted command says which files it had written)."""
    _WRITTEN.append(Path(path))


def written_count() -> int:
    return len(_WRITTEN)


def written_since(count: int) -> list[Path]:
    """The outputs put in place since `written_count()` was `count`."""
    return list(_WRITTEN[count:])


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
        if pattern.match(entry) and _abandoned(folder / entry):
            try:
                os.unlink(folder / entry)
                removed.append(folder / entry)
            except OSError:
                pass
    return removed


def _abandoned(tmp: Path) -> bool:
    """True for a temporary file no live write holds (its writer was killed): its lock is free. Where
    locks are not to be had (no fcntl: Windows, where an open file cannot be removed anyway), True."""
    if fcntl is None:
        return True
    try:
        fd = os.open(tmp, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _lock(fd)        # released by the close below; the removal follows at once
    finally:
        os.close(fd)
