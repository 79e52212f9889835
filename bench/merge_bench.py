"""Time and memory of the lossless merge (salesreport_xl.write.package_merge) on a large input.

    .venv/bin/python bench/merge_bench.py [--rows 200000] [--repeat 3] [--openpyxl]

Makes (and caches under bench/.cache/) an input .xlsx with a Sales sheet of ROWS × 10 columns written
by xlsxwriter in constant_memory mode plus a small Targets sheet and a chart, and a report-only
workbook by openpyxl (two sheets, a chart, a table). Each measurement runs in a fresh child process
so peak memory (ru_maxrss) is that of the merge alone. With --openpyxl it also times what the merge
replaces: openpyxl's load of the input, adding the report sheets, and saving.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"


def make_input(path: Path, rows: int) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Sales")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "#,##0.00"})
    head = ["order_id", "date", "customer", "segment", "channel", "rep", "category", "product",
            "quantity", "amount"]
    ws.write_row(0, 0, head, wb.add_format({"bold": True}))
    segments, channels = ["Key account", "SMB"], ["Online", "Offline"]
    for r in range(1, rows + 1):   # setup only, not the measured path
        ws.write_number(r, 0, r)
        ws.write_number(r, 1, 45292 + r % 730, date_fmt)
        ws.write_string(r, 2, f"C{r % 5000:05d}")
        ws.write_string(r, 3, segments[r % 2])
        ws.write_string(r, 4, channels[(r // 3) % 2])
        ws.write_string(r, 5, f"Rep {r % 12}")
        ws.write_string(r, 6, f"Category {r % 8}")
        ws.write_string(r, 7, f"Product {r % 300}")
        ws.write_number(r, 8, 1 + r % 9)
        ws.write_number(r, 9, (r % 977) * 13.5, money)
    targets = wb.add_worksheet("Targets")
    targets.write_row(0, 0, ["month", "target"])
    for i in range(24):
        targets.write_row(i + 1, 0, [f"2024-{i % 12 + 1:02d}", 100000 + i * 1000])
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"values": "=Targets!$B$2:$B$25"})
    targets.insert_chart("D2", chart)
    wb.close()


def make_report(path: Path) -> None:
    import openpyxl
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font
    from openpyxl.worksheet.table import Table

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws["A1"] = "Sales this month"
    ws["A1"].font = Font(bold=True, size=14)
    ws["B3"] = 1234567.5
    ws["B3"].number_format = "#,##0"
    tr = wb.create_sheet("Trend")
    tr.append(["Month", "Amount"])
    for m in range(1, 14):
        tr.append([f"M{m:02d}", m * 1000])
    tr.add_table(Table(displayName="SR_Trend", ref="A1:B14"))
    chart = BarChart()
    chart.add_data(Reference(tr, min_col=2, min_row=1, max_row=14), titles_from_data=True)
    tr.add_chart(chart, "D2")
    wb.save(path)


def child(kind: str, input_path: str, report_path: str, out_path: str) -> None:
    """Run one measurement in this (fresh) process and print seconds and peak RSS as JSON."""
    start = time.perf_counter()
    if kind == "merge":
        from salesreport_xl.write.package_merge import merge_report
        merge_report(input_path, report_path, out_path, ["Summary", "Trend"])
    else:
        import openpyxl
        wb = openpyxl.load_workbook(input_path)
        report = openpyxl.load_workbook(report_path)
        for src in report.worksheets:   # what a load-add-save build does: copy the cells in
            dst = wb.create_sheet(src.title)
            for row in src.iter_rows():
                for c in row:
                    dst[c.coordinate] = c.value
        wb.save(out_path)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kib / 1024}))


def measure(kind: str, input_path: Path, report_path: Path, out_path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(input_path),
                           str(report_path), str(out_path)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--openpyxl", action="store_true", help="also time openpyxl load-add-save")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    CACHE.mkdir(exist_ok=True)
    input_path = CACHE / f"sales_{args.rows}.xlsx"
    report_path = CACHE / "report_only.xlsx"
    if not input_path.exists():
        t = time.perf_counter()
        make_input(input_path, args.rows)
        print(f"made {input_path.name} in {time.perf_counter() - t:.1f} s")
    make_report(report_path)
    out_path = CACHE / f"merged_{args.rows}.xlsx"
    size_mb = input_path.stat().st_size / 1e6
    print(f"input: {args.rows:,} Sales rows, {size_mb:.1f} MB zipped")

    runs = [measure("merge", input_path, report_path, out_path) for _ in range(args.repeat)]
    secs = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    print(f"lossless merge: median {secs:.3f} s of {args.repeat}, peak RSS {peak:.0f} MB "
          f"(process total, interpreter and imports included)")
    if args.openpyxl:
        r = measure("openpyxl", input_path, report_path, CACHE / f"openpyxl_{args.rows}.xlsx")
        print(f"openpyxl load-add-save: {r['seconds']:.1f} s, peak RSS {r['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
