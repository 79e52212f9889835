"""Batch builds: workbooks × months → one output each, named from team and month; bad items never stop
the others. Small workbooks are written here with the template writer (a dozen Sales rows each)."""
from __future__ import annotations

import multiprocessing

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from salesreport_xl import pipeline
from salesreport_xl.batch import BUILT, FAILED, assign_names, BatchItem, expand_months, parse_month_range, run_batch
from salesreport_xl.cli import main
from salesreport_xl.errors import UsageError
from salesreport_xl.template import write_workbook

MONTHS = ("2025-07", "2025-08", "2025-09")


def sales_frame(scale: float) -> pd.DataFrame:
    """4 lines a month in Jul–Sep 2025: amounts 100, 200, 300, 400 (× scale) in each month.

    Month total = (100 + 200 + 300 + 400) × scale = 1000 × scale.
    """
    dates = [f"{m}-{d:02d}" for m in MONTHS for d in (3, 10, 17, 24)]
    n = len(dates)
    return pd.DataFrame({
        "order_date": pd.to_datetime(dates),
        "order_id": [f"O{i}" for i in range(n)],
        "customer_id": [f"C{i % 3}" for i in range(n)],
        "product": ["Chair", "Desk", "Lamp", "Shelf"] * 3,
        "category": ["Furniture", "Furniture", "Lighting", "Furniture"] * 3,
        "sales_rep": ["Ann", "Bob"] * 6,
        "amount": [a * scale for a in (100.0, 200.0, 300.0, 400.0)] * 3,
    })


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    a = write_workbook(folder / "north_a.xlsx", data={"sales": sales_frame(1.0)},
                       settings={"team": "North", "report_month": "2025-09"})
    b = write_workbook(folder / "north_b.xlsx", data={"sales": sales_frame(2.0)},
                       settings={"team": "North", "report_month": "2025-09"})
    bad_sales = sales_frame(1.0).astype({"amount": object})
    bad_sales.loc[10, "amount"] = "abc"     # data row 11 → Excel row 12 (header on row 1), Amount is J
    bad = write_workbook(folder / "south_bad.xlsx", data={"sales": bad_sales},
                         settings={"team": "South", "report_month": "2025-09"})
    return a, b, bad


def sales_month(path) -> float:
    wb = openpyxl.load_workbook(path)
    (sheet, ref), = list(wb.defined_names["SR_SALES_MONTH"].destinations)
    return wb[sheet][ref.replace("$", "")].value


def test_api_three_books_three_months_one_invalid(books, tmp_path, monkeypatch):
    a, b, bad = books
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the worker must inherit the patched reader (fork start method)")
    log = tmp_path / "reads.log"            # the builds run in a worker process: it counts in a file
    real_read = pipeline.read_workbook

    def counted_read(path):
        with open(log, "a") as fh:
            fh.write(f"{path}\n")
        return real_read(path)

    monkeypatch.setattr(pipeline, "read_workbook", counted_read)
    seen = []
    result = run_batch([a, b, bad], months=("2025-07", "2025-09"), out_dir=tmp_path / "out", jobs=1,
                       progress=seen.append)

    assert len(result.items) == 9 and len(seen) == 9
    assert [i.status for i in result.items] == [BUILT] * 6 + [FAILED] * 3
    # Same team twice: the first workbook gets the plain names, the second "-2", in input order.
    assert [i.output.name for i in result.built] == [
        "North-2025-07.xlsx", "North-2025-08.xlsx", "North-2025-09.xlsx",
        "North-2025-07-2.xlsx", "North-2025-08-2.xlsx", "North-2025-09-2.xlsx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(i.output.name for i in result.built)
    for item in result.failed:
        assert item.workbook == bad and item.output is None
        assert item.finding.startswith("Sales!J12:") and '"abc"' in item.finding
    assert [i.month for i in result.failed] == list(MONTHS)
    # Each workbook read once although three months were built from it (jobs=1: one worker).
    assert len(log.read_text().splitlines()) == 3
    # The shared inputs give each month its own figures: 1000 × scale a month (see sales_frame).
    assert sales_month(tmp_path / "out" / "North-2025-08.xlsx") == pytest.approx(1000.0)
    assert sales_month(tmp_path / "out" / "North-2025-08-2.xlsx") == pytest.approx(2000.0)
    assert all(i.seconds > 0 for i in result.items)
    assert not result.ok


def test_cli_three_books_three_months_two_jobs(books, tmp_path):
    a, b, bad = books
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["batch", str(a), str(bad), str(b), "--months", "2025-07..2025-09",
                                    "-o", str(out), "-j", "2"])
    assert res.exit_code == 1, res.output
    assert len(list(out.iterdir())) == 6
    failed = [line for line in res.output.splitlines() if "  failed  " in line]
    assert len(failed) == 3
    for line in failed:
        assert line.startswith("south_bad.xlsx") and "Sales!J12" in line
    assert "6 built, 3 failed" in res.output


def test_cli_one_month_all_good_exit_0_and_own_month_default(books, tmp_path):
    a, b, _ = books
    res = CliRunner().invoke(main, ["batch", str(a), str(b), "--month", "2025-08", "-o", str(tmp_path), "-j", "1"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["North-2025-08-2.xlsx", "North-2025-08.xlsx"]
    # No month given: each workbook's Settings month (2025-09).
    result = run_batch([a], out_dir=tmp_path / "own", jobs=1)
    assert [i.output.name for i in result.items] == ["North-2025-09.xlsx"]


def test_cli_months_and_month_together_is_a_usage_error(books, tmp_path):
    a, _, _ = books
    res = CliRunner().invoke(main, ["batch", str(a), "--month", "2025-08", "--months", "2025-07..2025-08",
                                    "-o", str(tmp_path)])
    assert res.exit_code == 2


def test_month_forms():
    assert expand_months(None) == [None]
    assert expand_months(("2024-11", "2025-02")) == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert expand_months(["2025-03", "2025-01", "2025-03"]) == ["2025-03", "2025-01"]
    assert parse_month_range("2025-01..2025-03") == ("2025-01", "2025-03")
    assert parse_month_range("2025-05") == ("2025-05", "2025-05")
    with pytest.raises(UsageError):
        expand_months(("2025-03", "2025-01"))
    with pytest.raises(UsageError):
        parse_month_range("March..2025-04")


def test_names_from_team_or_file_stem_collision_free(tmp_path):
    items = [BatchItem(tmp_path / "x.xlsx", "2025-01", team="East / West: A*"),
             BatchItem(tmp_path / "y.xlsx", "2025-01", team="east / west: a*"),
             BatchItem(tmp_path / "book.xlsm", "2025-01", team=""),
             BatchItem(tmp_path / "book.xlsx", "2025-01", team="")]
    names = [p.name for p in assign_names(items, tmp_path)]
    # Unsafe characters and blanks become "_"; names differing only in case collide on Windows/macOS.
    # "East / West: A*": " / " → "_", ": " → "_", "*" → "_" (trailing "_" trimmed) → "East_West_A".
    assert names == ["East_West_A-2025-01.xlsx", "east_west_a-2025-01-2.xlsx", "book-2025-01.xlsm", "book-2025-01.xlsx"]
