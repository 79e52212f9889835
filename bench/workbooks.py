"""Benchmark input workbooks: the demo team scaled to N Sales rows, cached under bench/.cache/.

The demo (salesreport_xl.demo) has ~10k order lines for 340 customers. A bigger team is the demo
repeated: copy k of the Sales lines gets its own customers (ids shifted by k × the customer count, in
the Customers sheet too), its own order ids, and amounts jittered by a few percent, so text columns keep
a realistic number of distinct values (ids grow with the rows, products/reps/categories do not) and
amounts are not copies of each other. Targets grow with the number of copies so attainment stays
realistic; activities, surveys and the pipeline stay demo-sized, as a CRM export would have them.
Everything is vectorised and seeded: a size always gives the same workbook.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 7
END_MONTH = "2025-09"


def scaled_frames(rows: int, seed: int = SEED) -> tuple[dict[str, pd.DataFrame], dict]:
    """Demo frames with exactly `rows` Sales rows (see the module docstring for how they scale)."""
    from salesreport_xl.demo import FIRST_ID, demo_frames

    frames, settings = demo_frames(seed=seed, end_month=END_MONTH)
    sales, cust = frames["sales"], frames["customers"]
    copies = max(1, math.ceil(rows / len(sales)))
    if copies > 1:
        n_cust = len(cust)
        k_rows = np.repeat(np.arange(copies), len(sales))
        big = pd.concat([sales] * copies, ignore_index=True)
        # Customer "C1019" of copy k is C(1019 + k·n_cust): a new customer with the same habits.
        number = big["customer_id"].str.slice(1).astype("int64").to_numpy() + k_rows * n_cust
        big["customer_id"] = pd.Series("C" + pd.Series(number).astype(str), dtype=object)
        suffix = pd.Series(k_rows).map("{:03d}".format)
        big["order_id"] = (big["order_id"].astype(str) + "-" + suffix).astype(object)
        rng = np.random.default_rng(seed)
        jitter = rng.uniform(0.95, 1.05, len(big))
        big["amount"] = np.round(big["amount"].to_numpy() * jitter, 2)
        sales = big.iloc[:rows].reset_index(drop=True)

        k_cust = np.repeat(np.arange(copies), n_cust)
        many = pd.concat([cust] * copies, ignore_index=True)
        number = many["customer_id"].str.slice(1).astype("int64").to_numpy() + k_cust * n_cust
        many["customer_id"] = pd.Series("C" + pd.Series(number).astype(str), dtype=object)
        cust = many
        targets = frames["targets"].copy()
        targets["target_amount"] = targets["target_amount"] * (rows / len(frames["sales"]))
        frames["targets"] = targets
        assert number.min() >= FIRST_ID
    else:
        # Every month kept (the report month must be in the data): rows spread evenly over the demo's.
        pick = np.linspace(0, len(sales) - 1, rows).round().astype(int)
        sales = sales.iloc[pick].reset_index(drop=True)
    frames["sales"] = sales
    frames["customers"] = cust
    return frames, settings


def bench_workbook(rows: int, cache: Path = CACHE) -> Path:
    """Path of the cached input workbook with `rows` Sales rows, written first if missing."""
    from salesreport_xl.template import write_workbook

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"team_{rows}.xlsx"
    if not path.exists():
        frames, settings = scaled_frames(rows)
        write_workbook(path, lang="en", data=frames, settings=settings)
    return path


def wide_workbook(rows: int, width: int, cache: Path = CACHE) -> Path:
    """`bench_workbook(rows)` with its Sales sheet widened to `width` columns, cached: the columns past
    the contract's alternate numbers and short text ("Extra 13", …), as an export's own columns would.
    They are never read for the report, but the reader holds the sheet's whole width in memory."""
    import re
    import zipfile

    from salesreport_xl.a1 import column_letter

    path = cache / f"team_{rows}x{width}.xlsx"
    if path.exists():
        return path
    source = bench_workbook(rows, cache)
    with zipfile.ZipFile(source) as zin:
        book = zin.read("xl/workbook.xml").decode()
        rels = zin.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet [^>]*name="Sales"[^>]*r:id="(rId\d+)"', book).group(1)
        target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*>', rels).group(0)
        part = "xl/" + re.search(r'Target="/?(?:xl/)?([^"]+)"', target).group(1)
        xml = zin.read(part)
        first = xml.index(b"<row ")
        head, body_end = xml[:first], xml.rindex(b"</row>") + len(b"</row>")
        rows_xml = xml[first:body_end].split(b"</row>")[:-1]
        used = len(re.findall(rb"<c ", rows_xml[0]))          # header cells: the contract's columns
        letters = [column_letter(j) for j in range(used + 1, width + 1)]
        out = []
        for row in rows_xml:
            k = int(re.match(rb'<row r="(\d+)"', row).group(1))
            if k == 1:
                extra = "".join(f'<c r="{c}1" t="inlineStr"><is><t>Extra {c}</t></is></c>' for c in letters)
            else:
                extra = "".join(f'<c r="{c}{k}"><v>{(k * j) % 997}.5</v></c>' if j % 2 else
                                f'<c r="{c}{k}" t="inlineStr"><is><t>n{(k * j) % 50}</t></is></c>'
                                for j, c in enumerate(letters))
            out.append(row + extra.encode() + b"</row>")
        widened = re.sub(rb'<dimension ref="[^"]*"/>', b"", head) + b"".join(out) + xml[body_end:]
        widened = re.sub(rb' spans="[^"]*"', b"", widened)
        tmp = path.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                zout.writestr(info, widened if info.filename == part else zin.read(info))
    tmp.replace(path)
    return path
