"""Build benchmark: the bare read of the Sales sheet against `build --report-only` and the full build.

    make bench                      # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py [--sizes 10000,100000,1000000,1000000x30] [--repeat 3] [--openpyxl-max 100000]

Input workbooks (the demo team scaled to N Sales rows, see bench/workbooks.py) are made once and cached
under bench/.cache/. Every measurement runs in a fresh child process, so its peak memory (ru_maxrss) is
that of one build, and the kinds are interleaved (bare, report-only, full, then report-only, full,
bare, …: rotated each round) so that a change in the machine's load touches all of them alike.
Timings are of the call itself — the child imports the libraries before the clock starts — and are
medians of --repeat runs; CPU seconds (user + system) are shown too, because they vary far less than
wall time on a shared machine.

Columns: the bare read (fastexcel's read of the Sales sheet to pandas, all columns, its own type
inference — the floor of any build), the report-only build and its ratio to the bare read, the full
(lossless) build and its difference to the report-only build, the peak memory of a build, and
openpyxl's load → add the report → save of the same input (what a build would cost without the
lossless merge; once, up to --openpyxl-max rows).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from workbooks import CACHE, bench_workbook, wide_workbook  # noqa: E402

KINDS = ("bare", "report_only", "full")


# ------------------------------------------------------------------------------------------ child side
def _prepare(kind: str):
    """Import what the measured call needs, so the clock sees the work and not the imports."""
    if kind == "bare":
        import fastexcel
        return fastexcel
    if kind == "openpyxl":
        import openpyxl
        return openpyxl
    from salesreport_xl import compute, layout, pipeline  # noqa: F401
    from salesreport_xl.write import openpyxl_writer, package_merge  # noqa: F401
    return pipeline


def _run(kind: str, mod, path: str, out: str, report: str) -> dict:
    if kind == "bare":
        mod.read_excel(path).load_sheet("Sales").to_pandas()
        return {}
    if kind == "openpyxl":
        wb = mod.load_workbook(path)
        rep = mod.load_workbook(report)
        for src in rep.worksheets:      # what a load-add-save build does: the report's cells copied in
            dst = wb.create_sheet(src.title + " ")
            for row in src.iter_rows():
                for c in row:
                    if c.value is not None:
                        dst.cell(row=c.row, column=c.column, value=c.value)
        wb.save(out)
        return {}
    result = mod.build_report(path, out, report_only=(kind == "report_only"))
    return {"stages": result.seconds}


def child(kind: str, path: str, out: str, report: str) -> None:
    mod = _prepare(kind)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    extra = _run(kind, mod, path, out, report)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": after.ru_maxrss / 1024, **extra}))


# ------------------------------------------------------------------------------------------ parent side
def measure(kind: str, path: Path, out: Path, report: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(out), str(report)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{kind} on {path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _med(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _size(text: str) -> tuple[int, int | None]:
    """"1000000" → (1000000, None); "1000000x30" → (1000000, 30): Sales widened to 30 columns."""
    rows, _, width = text.strip().lower().partition("x")
    return int(rows), (int(width) if width else None)


def _workbook(rows: int, width: int | None) -> Path:
    return wide_workbook(rows, width) if width else bench_workbook(rows)


def bench_size(rows: int, repeat: int, openpyxl: bool, work: Path, width: int | None = None) -> dict:
    path = _workbook(rows, width)
    report = work / f"report_{rows}.xlsx"
    outs = {"bare": work / "unused.xlsx", "report_only": report, "full": work / f"full_{rows}.xlsx"}
    runs: dict[str, list[dict]] = {k: [] for k in KINDS}
    for i in range(repeat):
        # Rotated each round: no kind always runs right after the same other one.
        for kind in KINDS[i % len(KINDS):] + KINDS[:i % len(KINDS)]:
            r = measure(kind, path, outs[kind], report)
            runs[kind].append(r)
            print(f"  {rows:>9,}{'' if not width else f' x {width}'} {kind:<12} {r['seconds']:7.2f} s  "
                  f"cpu {r['cpu']:7.2f} s  peak {r['peak_mb']:6.0f} MB  load {os.getloadavg()[0]:.1f}", flush=True)
    row = {"rows": rows, "width": width, "mb": path.stat().st_size / 1e6, "repeat": repeat}
    for kind in KINDS:
        row[kind] = _med(runs[kind], "seconds")
        row[kind + "_cpu"] = _med(runs[kind], "cpu")
        row[kind + "_peak"] = max(r["peak_mb"] for r in runs[kind])
    row["stages_full"] = {k: statistics.median(r["stages"][k] for r in runs["full"])
                          for k in runs["full"][0]["stages"]}
    row["stages_report_only"] = {k: statistics.median(r["stages"][k] for r in runs["report_only"])
                                 for k in runs["report_only"][0]["stages"]}
    if openpyxl:
        r = measure("openpyxl", path, work / f"openpyxl_{rows}.xlsx", report)
        print(f"  {rows:>9,} openpyxl     {r['seconds']:7.2f} s  cpu {r['cpu']:7.2f} s  "
              f"peak {r['peak_mb']:6.0f} MB", flush=True)
        row["openpyxl"], row["openpyxl_peak"] = r["seconds"], r["peak_mb"]
    return row


def _label(r: dict) -> str:
    return f"{r['rows']:,}" + (f" × {r['width']} columns" if r.get("width") else "")


def table(rows: list[dict]) -> str:
    head = ("| Sales rows | file MB | bare read s | report-only s (× bare) | full build s (Δ report-only) "
            "| peak MB | openpyxl load-add-save s |")
    lines = [head, "|" + "---|" * 7]
    for r in rows:
        ratio = r["report_only"] / r["bare"]
        delta = r["full"] - r["report_only"]
        peak = max(r["report_only_peak"], r["full_peak"])
        opx = (f"{r['openpyxl']:.1f} ({r['openpyxl_peak']:,.0f} MB)" if "openpyxl" in r else "not run")
        lines.append(f"| {_label(r)} | {r['mb']:.1f} | {r['bare']:.2f} | {r['report_only']:.2f} ({ratio:.2f}×) "
                     f"| {r['full']:.2f} ({delta:+.2f}) | {peak:,.0f} | {opx} |")
    lines += ["", "CPU seconds (user + system), same runs:", "",
              "| Sales rows | bare read | report-only (× bare) | full build (Δ report-only) |", "|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {_label(r)} | {r['bare_cpu']:.2f} | {r['report_only_cpu']:.2f} "
                     f"({r['report_only_cpu'] / r['bare_cpu']:.2f}×) | {r['full_cpu']:.2f} "
                     f"({r['full_cpu'] - r['report_only_cpu']:+.2f}) |")
    lines += ["", "Where the time goes (median seconds per stage):", ""]
    for r in rows:
        for label, key in (("report-only", "stages_report_only"), ("full", "stages_full")):
            stages = ", ".join(f"{k} {v:.2f}" for k, v in r[key].items())
            lines.append(f"- {_label(r)} rows, {label}: {stages}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000,1000000x30",
                        help="comma-separated Sales row counts; NxW widens Sales to W columns "
                             "(default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--openpyxl-max", type=int, default=100_000,
                        help="run openpyxl load-add-save up to this many rows (it takes minutes and GBs at 1M)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    sizes = [_size(s) for s in args.sizes.split(",")]
    CACHE.mkdir(parents=True, exist_ok=True)
    for n, width in sizes:
        name = f"team_{n}x{width}.xlsx" if width else f"team_{n}.xlsx"
        if not (CACHE / name).exists():
            t = time.perf_counter()
            print(f"making the input workbook {name} (cached in {CACHE}) …", flush=True)
            _workbook(n, width)
            print(f"  done in {time.perf_counter() - t:.0f} s", flush=True)
    load0 = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, load average {load0[0]:.1f} / {load0[1]:.1f} / {load0[2]:.1f}", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="salesreport-bench-") as tmp:
        for n, width in sizes:
            results.append(bench_size(n, args.repeat, n <= args.openpyxl_max and not width, Path(tmp), width))
    load1 = os.getloadavg()
    print()
    print(table(results))
    print(f"\nmedian of {args.repeat} runs; load average {load0[0]:.1f} at start, {load1[0]:.1f} at end "
          f"({os.cpu_count()} CPUs)")
    (CACHE / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
