"""Batch builds: many workbooks × months → one report workbook each, in a process pool.

    run_batch(workbooks, months=None, out_dir="out", pdf=False, jobs=None, lang=None, progress=None)

`months`: None — each workbook's own report month (Settings' report_month, else its latest month with
sales); a (from, to) pair — every month from..to inclusive; a list — exactly those months. Months are
"YYYY-MM" text or pandas Periods.

Each output is named from the team (Settings' team, else the file name) and month:
`<team>-<YYYY-MM>.xlsx` (.xlsm for a macro workbook), with "-2", "-3", … added in input order when two
items would get the same name (two workbooks of the same team). Names are given once every item has
finished. A file that is already in the output folder is never replaced — an input workbook never, an
earlier report only with `overwrite=True` (`--overwrite`): the report takes the next free name instead
(`East-2025-03-2.xlsx`), and the item says which file it kept (write/output_rule.py). Outputs are
full (lossless) builds.

One bad workbook never stops the others: a SalesReportError (and any unexpected failure) is recorded on
its items — with the first error finding and its Sheet!cell — and the batch goes on. A worker process
that dies (killed, out of memory) fails only its own items, with the reason: the workbooks it left are
built again one by one in fresh processes (`_run_pool`). With `jobs=1` too the builds run in one
worker, not in the batch's own process, so a killed build cannot take the batch and its summary with it.

A workbook is read and validated once per worker process, not once per month: items of the same
workbook that land in the same process share the loaded inputs (see `_load_once`). With at least as
many workbooks as workers, each task is one whole workbook, so every workbook is read exactly once.
"""
from __future__ import annotations

import os
import re
import signal
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pandas as pd

from .errors import SalesReportError, UsageError, errors_in
from .validate.month import month_of

BUILT, FAILED = "built", "failed"


@dataclass
class BatchItem:
    workbook: Path
    month: str | None            # as asked ("YYYY-MM"), or the report's month once built; None: own month
    status: str = FAILED         # BUILT | FAILED
    output: Path | None = None
    pdf: Path | None = None
    finding: str = ""            # failed: the first error finding ("Sales!J12: …") or the error
    seconds: float = 0.0
    team: str = ""
    finding_sheet: str = ""      # failed on an input error: where the first one is
    finding_cell: str = ""
    kept: Path | None = None     # a file that was there before, kept: this report took the next free name

    @property
    def ok(self) -> bool:
        return self.status == BUILT


@dataclass
class BatchResult:
    items: list[BatchItem] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1

    @property
    def built(self) -> list[BatchItem]:
        return [i for i in self.items if i.ok]

    @property
    def failed(self) -> list[BatchItem]:
        return [i for i in self.items if not i.ok]

    @property
    def ok(self) -> bool:
        return not self.failed


# ------------------------------------------------------------------------------------------ months
def _month(value) -> pd.Period:
    """A month as `build --month` takes it (validate.month.month_of: 2025-03, 2025/3, 2025年3月, Sep 2025, …)."""
    month = month_of(value)
    if month is None:
        raise UsageError(f'"{value}" is not a month; use YYYY-MM')
    return month


def expand_months(months) -> list[str | None]:
    """None → [None] (each workbook's own month); (from, to) → every month between; [m, …] → those."""
    if months is None:
        return [None]
    if isinstance(months, (str, pd.Period)):
        return [str(_month(months))]
    if isinstance(months, tuple) and len(months) == 2:
        first, last = _month(months[0]), _month(months[1])
        if last < first:
            raise UsageError(f"the month range {first}..{last} runs backwards")
        return [str(p) for p in pd.period_range(first, last, freq="M")]
    listed = [str(_month(m)) for m in months]
    if not listed:
        raise UsageError("no months given")
    return list(dict.fromkeys(listed))


def parse_month_range(text: str) -> tuple[str, str]:
    """"2025-07..2025-09" → ("2025-07", "2025-09"); a single month gives a one-month range."""
    first, sep, last = text.partition("..")
    first, last = first.strip(), (last.strip() if sep else first.strip())
    return str(_month(first)), str(_month(last))


# ------------------------------------------------------------------------------------------ names
_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


def output_stem(team: str, workbook: Path) -> str:
    """The team as a file-name part (characters Windows refuses and blanks become "_"); else the stem."""
    name = _UNSAFE.sub("_", (team or "").strip()).strip("._")
    return name[:80] or workbook.stem


def assign_names(items: Sequence[BatchItem], out_dir: Path, *, inputs: Sequence[Path] = (),
                 overwrite: bool = False, pdf: bool = False, reserved: Sequence[Path] = ()) -> list[Path]:
    """`<team>-<month><suffix>` per item, "-2", "-3", … on repeats, in item order (case-insensitive),
    and past any name the output rule keeps the batch from replacing (write/output_rule.free_name):
    an input, a file there before the run (unless `overwrite`), a `reserved` path (the summary)."""
    from .write.output_rule import free_name

    taken: set[str] = set()
    names = []
    for item in items:
        suffix = ".xlsm" if item.workbook.suffix.lower() == ".xlsm" else ".xlsx"
        base = f"{output_stem(item.team, item.workbook)}-{item.month}"
        path = free_name(out_dir / (base + suffix), inputs, overwrite, taken,
                         also=(".pdf",) if pdf else (), reserved=reserved, is_report=_is_report)
        taken.add(path.name.lower())
        names.append(path)
    return names


def _is_report(path: Path) -> bool:
    """A workbook holding an earlier report's sheets (its PDF counts with it): what --overwrite replaces."""
    from .write.package_merge import input_report_sheets

    if path.suffix.lower() == ".pdf":
        path = next((path.with_suffix(s) for s in (".xlsx", ".xlsm") if path.with_suffix(s).is_file()), path)
    try:
        return bool(input_report_sheets(path))
    except Exception:       # not a workbook at all: not a report either
        return False


# ------------------------------------------------------------------------------------------ inputs
LOCK_FILE, HIDDEN_FILE = "lock", "hidden"


def skipped_reason(path) -> str | None:
    """Why a file given to a batch is not a workbook to build: Excel's lock file of an open workbook
    (`~$east.xlsx`, a few bytes holding the user's name), or a hidden file (`.name`, or Windows' hidden
    attribute); None for a file to build."""
    path = Path(path)
    if path.name.startswith("~$"):
        return LOCK_FILE
    if path.name.startswith("."):
        return HIDDEN_FILE
    try:
        attributes = getattr(path.stat(), "st_file_attributes", 0)   # Windows only
    except OSError:
        return None
    return HIDDEN_FILE if attributes & 0x2 else None   # FILE_ATTRIBUTE_HIDDEN


def split_inputs(paths: Iterable) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The workbooks to build, and the skipped files with their reason (see `skipped_reason`)."""
    kept, skipped = [], []
    for p in map(Path, paths):
        reason = skipped_reason(p)
        if reason is None:
            kept.append(p)
        else:
            skipped.append((p, reason))
    return kept, skipped


# ------------------------------------------------------------------------------------------ one item
_LOADED: dict = {}   # per process: (path, mtime, size) → (inputs, findings) of the last workbook loaded


def _load_once(path) -> tuple:
    """The inputs of `path`, read and validated once per process (the months of one workbook share
    them; compute treats them as read-only). Only the last workbook is kept, to bound memory; the key
    holds the file's modification time and size so a changed file is read again."""
    from .pipeline import load_inputs

    p = Path(path).resolve()
    st = p.stat()
    key = (str(p), st.st_mtime_ns, st.st_size)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load_inputs(path)
    return _LOADED[key]


def _first_problem(exc: BaseException) -> tuple[str, str, str]:
    """(text, sheet, cell) of the first error finding, else the error's message and no place."""
    findings = getattr(exc, "findings", None)
    if findings:
        first = (errors_in(findings) or list(findings))[0]
        return first.text(), first.sheet, first.cell
    return str(exc) or type(exc).__name__, "", ""


def _build_items(specs: list[tuple[int, str, str | None, str, bool, str | None]]) -> list[tuple[int, BatchItem]]:
    """Build the given (index, workbook, month, temporary output, pdf, lang) items; never raises."""
    from .pipeline import build_report

    done = []
    for index, workbook, month, tmp_out, pdf, lang in specs:
        item = BatchItem(Path(workbook), month)
        start = time.perf_counter()
        try:
            result = build_report(workbook, tmp_out, month=month, lang=lang, pdf=pdf,
                                  loaded=_load_once(workbook))
            item.status, item.output, item.pdf = BUILT, result.output, result.pdf
            item.month, item.team = result.month, result.model.meta.team
        except SalesReportError as exc:
            item.finding, item.finding_sheet, item.finding_cell = _first_problem(exc)
        except Exception as exc:  # a bug must not stop the other workbooks either; say what it was
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            item.finding = (f"internal error {type(exc).__name__}: {exc} "
                            f"({Path(tb.filename).name}:{tb.lineno}) — please report it")
        item.seconds = time.perf_counter() - start
        done.append((index, item))
    return done


# ------------------------------------------------------------------------------------------ the batch
def run_batch(workbooks: Iterable, months=None, out_dir="out", pdf: bool = False, jobs: int | None = None,
              lang: str | None = None, progress: Callable[[BatchItem], None] | None = None, *,
              overwrite: bool = False, reserved: Sequence = ()) -> BatchResult:
    """Build every workbook × month into `out_dir`; see the module docstring. Never raises for one item.

    A file already in `out_dir` is replaced only with `overwrite` (and never an input, nor a
    `reserved` path such as the summary's): the report takes the next free name instead."""
    start = time.perf_counter()
    books = [Path(w) for w in workbooks]
    if not books:
        raise UsageError("no workbooks given")
    month_list = expand_months(months)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    token = f"{os.getpid()}-{time.time_ns()}"
    specs = []
    for b, book in enumerate(books):
        for month in month_list:
            i = len(specs)
            tmp = out / f".~batch-{token}-{i}{'.xlsm' if book.suffix.lower() == '.xlsm' else '.xlsx'}"
            specs.append((i, str(book), month, str(tmp), pdf, lang))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(specs)))
    # Whole workbooks per task when there are enough of them (each read once); else one item per task.
    if len(books) >= jobs:
        tasks = [[s for s in specs if s[1] == str(book)] for book in dict.fromkeys(books)]
    else:
        tasks = [[s] for s in specs]

    items: dict[int, BatchItem] = {}

    def collect(done):
        for index, item in done:
            items[index] = item
            if progress is not None:
                progress(item)

    try:
        # Even with one job the builds run in a worker process: `-j 1` is what a server short of
        # memory runs, and a build the kernel kills there must fail alone, not end the batch.
        left, _ = _run_pool(tasks, jobs, collect)
        # A worker died (killed, out of memory) and broke the pool: the tasks it left are built
        # again one by one, each in a fresh process, so the one that kills its process fails alone.
        for task in left:
            again, code = _run_pool([task], 1, collect)
            if again:
                collect(_died(task, code))
        ordered = [items[i] for i in range(len(specs))]
        _move_into_place([i for i in ordered if i.ok], out, books, overwrite, pdf, [Path(r) for r in reserved])
    finally:
        for s in specs:    # anything a failed or interrupted item left behind
            Path(s[3]).unlink(missing_ok=True)
            Path(s[3]).with_suffix(".pdf").unlink(missing_ok=True)
    return BatchResult(ordered, time.perf_counter() - start, jobs)


def _run_pool(tasks: list, jobs: int, collect) -> tuple[list, int | None]:
    """Build `tasks` in a pool of `jobs` processes: the tasks left unbuilt when a worker died, and
    that worker's exit code (negative: the signal that ended it)."""
    done: set[int] = set()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_leave_ctrl_c_to_the_batch)
    try:
        futures = {pool.submit(_build_items, task): k for k, task in enumerate(tasks)}
        for future in as_completed(futures):
            try:
                result = future.result()
            except BrokenProcessPool:
                continue
            collect(result)
            done.add(futures[future])
    except KeyboardInterrupt:       # stop the builds under way now, not when they end
        for process in (getattr(pool, "_processes", None) or {}).values():
            process.terminate()
        raise
    finally:
        # The exit codes are read after the shutdown has joined every worker: read before, a worker
        # the pool's own thread is reaping at that moment shows no exit code at all.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=True, cancel_futures=True)
    codes = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
    # The pool ends the other workers with SIGTERM once one has died: the first death is the other code.
    codes.sort(key=lambda code: code == -signal.SIGTERM)
    return [task for k, task in enumerate(tasks) if k not in done], (codes[0] if codes else None)


def _leave_ctrl_c_to_the_batch() -> None:
    """In a worker: Ctrl-C is the batch's to handle (it stops the workers), not each worker's to print."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _died(task: list, code) -> list[tuple[int, BatchItem]]:
    """The items of a task whose process died, failed with what is known of why."""
    if isinstance(code, int) and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = f"killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
    elif code is not None:
        why = f"exit code {code}" + (" (the reader aborted)" if code == 134 else "")
    else:
        why = "it ended abruptly"
    text = (f"the process building this workbook died ({why}); the other workbooks were built — build "
            "this one alone (salesreport build) to see why")
    return [(index, BatchItem(Path(workbook), month, finding=text)) for index, workbook, month, *_ in task]


def _move_into_place(built: list[BatchItem], out: Path, inputs: list[Path], overwrite: bool, pdf: bool,
                     reserved: list[Path]) -> None:
    names = assign_names(built, out, inputs=inputs, overwrite=overwrite, pdf=pdf, reserved=reserved)
    for item, final in zip(built, names):
        plain = out / f"{output_stem(item.team, item.workbook)}-{item.month}{final.suffix}"
        if final.name.lower() != plain.name.lower() and os.path.lexists(plain):
            item.kept = plain       # there before the run (the moves below come after this look)
    from .write.atomic import record_written

    for item, final in zip(built, names):
        os.replace(item.output, final)
        record_written(final)
        item.output = final
        if item.pdf is not None:
            pdf_path = final.with_suffix(".pdf")
            os.replace(item.pdf, pdf_path)
            item.pdf = pdf_path


def summary_rows(result: BatchResult) -> list[tuple[str, str, str, str, str]]:
    """(file, month, status, first finding or output, seconds) per item, for a closing table."""
    rows = []
    for item in result.items:
        detail = item.finding if not item.ok else str(item.output) + (f" + {item.pdf.name}" if item.pdf else "")
        rows.append((item.workbook.name, item.month or "-", item.status, detail, f"{item.seconds:.1f}"))
    return rows


def summary_json(result: BatchResult, skipped: Sequence[tuple[Path, str]] = ()) -> dict:
    """The batch as data for machines: per workbook × month its output, status and first finding."""
    items = []
    for item in result.items:
        finding = None
        if not item.ok:
            finding = {"sheet": item.finding_sheet, "cell": item.finding_cell, "text": item.finding}
        items.append({"workbook": str(item.workbook), "month": item.month, "status": item.status,
                      "output": str(item.output) if item.ok and item.output else None,
                      "pdf": str(item.pdf) if item.pdf else None, "first_finding": finding,
                      "kept_existing": str(item.kept) if item.kept else None,
                      "seconds": round(item.seconds, 3)})
    return {"built": len(result.built), "failed": len(result.failed), "jobs": result.jobs,
            "seconds": round(result.seconds, 3), "items": items,
            "skipped": [{"file": str(p), "reason": reason} for p, reason in skipped]}
