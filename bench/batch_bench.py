"""Batch builds with 1 and 2 worker processes: 4 demo-size workbooks × 2 months (8 full builds).

    .venv/bin/python bench/batch_bench.py [--books 4] [--repeat 3]      (make bench runs it after run.py)
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from workbooks import bench_workbook  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from salesreport_xl.batch import run_batch

    source = bench_workbook(10_000)
    with tempfile.TemporaryDirectory(prefix="salesreport-batch-") as tmp:
        books = []
        for i in range(args.books):
            books.append(Path(tmp) / f"team{i}.xlsx")
            shutil.copyfile(source, books[-1])
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        times: dict[int, list[float]] = {1: [], 2: []}
        for r in range(args.repeat):          # interleaved, so a change in the machine's load touches both
            for jobs in (1, 2):
                result = run_batch(books, months=("2025-08", "2025-09"), out_dir=Path(tmp) / f"out{jobs}-{r}",
                                   jobs=jobs)
                assert result.ok, [i.finding for i in result.failed]
                times[jobs].append(result.seconds)
                print(f"  -j {jobs}: {result.seconds:.1f} s for {len(result.items)} builds "
                      f"(load {os.getloadavg()[0]:.1f})", flush=True)
        one, two = (statistics.median(times[j]) for j in (1, 2))
        print(f"\n| batch, {len(result.items)} builds | -j 1 s | -j 2 s | speed-up |\n|---|---|---|---|\n"
              f"| median of {args.repeat} | {one:.1f} | {two:.1f} | {one / two:.2f}× |")


if __name__ == "__main__":
    main()
