"""The one rule for every file the product writes (report workbook, JSON, PDF, template, batch outputs
and the batch summary):

- never an input workbook of the run, whatever the spelling (`./in.xlsx`, a hard link, a symlink);
- never another output of the same run (`--json` equal to `-o` would turn the report into JSON);
- only a regular file is ever replaced: a device (`/dev/null`), a FIFO, a socket or a folder is a
  usage error (`-` for standard output is the CLI's, never a path here);
- a name the file system cannot hold (a part over 255 bytes) is a usage error, said before any work;
- in a batch, a file that was in the output folder before the run is never replaced unless the user
  says `--overwrite`, and then only an earlier report (a workbook holding report sheets): the report
  takes the next free name (`East-2025-03-2.xlsx`) instead (`free_name`).

Files the user named (`-o`, `--json`, `--pdf`) and the names derived from them by a documented rule
(the default `<input>-report-<month>.xlsx`, the PDF beside the report) are the user's to replace.
`check_target` also guards every write at the last step (write/atomic.py), so no writer can get round it.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..errors import UsageError

NAME_MAX = 255          # bytes in one path part, on every file system the product runs on


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in a word; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_name_length(path, what: str = "output") -> None:
    """A usage error when a part of `path` is longer than the file system allows."""
    for part in Path(path).parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            raise UsageError(f"the {what} name {part[:40]}… is {size} bytes long, more than the {NAME_MAX} "
                             "a file name may have; choose a shorter name")


def check_target(path, what: str = "output") -> None:
    """A usage error unless `path` may be written: absent, or a regular file (a symlink to one counts)."""
    path = Path(path)
    check_name_length(path, what)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return      # the writer says what is wrong with the folder (write_advice)
    kind = _kind(mode)
    if kind is not None:
        dash = " (or '-' for standard output)" if "--json" in what else ""
        raise UsageError(f"the {what} {path} is {kind}, not a regular file; name a file{dash} — only a "
                         "regular file is ever replaced")


def same_file(a, b) -> bool:
    """True when `a` and `b` name one file: the same path once resolved, or (existing) one inode."""
    a, b = Path(a), Path(b)
    try:
        if os.path.normcase(a.resolve()) == os.path.normcase(b.resolve()):
            return True
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def check_run_outputs(outputs: Sequence[tuple[str, str, object]], inputs: Iterable = ()) -> None:
    """Check every output of one run before anything is written.

    `outputs`: (what, option, path) per file, e.g. ("JSON (--json)", "file for --json", "out/r.json");
    a None path is left out. Each must pass `check_target`, be no input and differ from every other output."""
    given = [(what, option, Path(p)) for what, option, p in outputs if p is not None]
    inputs = [Path(i) for i in inputs]
    for k, (what, option, path) in enumerate(given):
        check_target(path, what)
        for source in inputs:
            if same_file(source, path):
                raise UsageError(f"the {what} {path} is the input workbook; choose another {option} — "
                                 "the input is never overwritten")
        for other_what, _, other in given[:k]:
            if same_file(other, path):
                raise UsageError(f"the {what} and the {other_what} are one file, {path}; give each its "
                                 "own file")


def replaceable(path: Path, inputs: Iterable[Path], overwrite: bool,
                is_report: Callable[[Path], bool] = lambda p: False) -> bool:
    """May a batch write `path`? Absent; or, with `--overwrite`, an earlier report (`is_report`): a
    regular file, no input of the run (a user's workbook or notes under that name stay)."""
    if not os.path.lexists(path):
        return True
    if not overwrite or any(same_file(i, path) for i in inputs):
        return False
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
    except OSError:
        return False
    return is_report(path)


def free_name(path: Path, inputs: Iterable[Path], overwrite: bool, taken: set[str],
              also: Sequence[str] = (), reserved: Iterable[Path] = (),
              is_report: Callable[[Path], bool] = lambda p: False) -> Path:
    """`path`, or `<stem>-2<suffix>`, `-3`, … : the first that no other output of the run took
    (`taken`, lower-cased names; `reserved`, paths such as the batch summary's) and that `replaceable`
    allows — with the same stem under each of the `also` suffixes (a report's PDF beside it)."""
    inputs, reserved = list(inputs), list(reserved)
    stem, suffix = path.stem, path.suffix
    n = 1
    while True:
        name = f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}"
        candidate = path.with_name(name)
        siblings = [candidate.with_suffix(s) for s in also]
        if (name.lower() not in taken and not any(same_file(r, c) for r in reserved
                                                    for c in [candidate, *siblings])
                and replaceable(candidate, inputs, overwrite, is_report)
                and all(replaceable(s, inputs, overwrite, is_report) for s in siblings)):
            return candidate
        n += 1
