"""What a server user expects of the command line: lock and hidden files skipped by batch, `-o DIR/`
as a folder, a wrong output extension refused naming --pdf, `--json -` on standard output, `-q` printing
errors only, and `batch --json FILE` as a machine-readable summary. Workbooks are written here: a few
Sales rows each, with the amounts chosen so the month total is known (100 + 200 = 300)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from salesreport_xl.cli import main
from salesreport_xl.template import write_workbook


def _sales(amounts, channel_blank=False) -> pd.DataFrame:
    n = len(amounts)
    frame = pd.DataFrame({
        "order_date": pd.to_datetime(["2025-09-05"] * n),
        "order_id": [f"O{i}" for i in range(n)],
        "customer_id": ["C1"] * n,
        "product": ["Chair"] * n,
        "category": ["Furniture"] * n,
        "sales_rep": ["Ann"] * n,
        "amount": list(amounts),
    })
    if channel_blank:
        frame["channel"] = [None] * n     # a whole empty column: fastexcel cannot type it
    return frame


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("books")
    write_workbook(d / "east.xlsx", data={"sales": _sales([100.0, 200.0], channel_blank=True)},
                   settings={"team": "East", "report_month": "2025-09"})
    bad = _sales([100.0, 200.0]).astype({"amount": object})
    bad.loc[1, "amount"] = "abc"           # data row 2 → Excel row 3 (header on row 1), Amount in J
    write_workbook(d / "west.xlsx", data={"sales": bad}, settings={"team": "West", "report_month": "2025-09"})
    # What Excel leaves beside a workbook open in it: ~$name, a few bytes (not a zip).
    (d / "~$east.xlsx").write_bytes(b"\x04alice" + b"\x00" * 50)
    (d / ".east.xlsx").write_bytes((d / "east.xlsx").read_bytes())
    return d


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_batch_skips_excel_lock_files_and_hidden_files_with_a_note(folder, tmp_path):
    res = invoke("batch", *sorted(folder.iterdir()), "-o", tmp_path, "-j", "1")
    assert "skipped ~$east.xlsx: Excel's lock file" in res.stderr
    assert "skipped .east.xlsx: a hidden file" in res.stderr
    assert "is not an Excel workbook" not in res.output
    # east built, west failed on its input error; nothing built from the lock or hidden file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["East-2025-09.xlsx"]
    assert res.exit_code == 1 and "1 built, 1 failed" in res.stdout


def test_only_lock_files_is_a_usage_error(folder, tmp_path):
    res = invoke("batch", folder / "~$east.xlsx", "-o", tmp_path)
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines()[-1].startswith("error: no workbooks left")


@pytest.mark.parametrize("how", ["trailing separator", "existing folder"])
def test_output_folder_with_a_trailing_separator_or_existing_is_a_folder(folder, tmp_path, how):
    target = tmp_path / "newdir" / "deeper"
    if how == "existing folder":
        target.mkdir(parents=True)
        arg = str(target)
    else:
        arg = str(target) + os.sep
    res = invoke("build", folder / "east.xlsx", "-o", arg)
    assert res.exit_code == 0, res.output
    assert target.is_dir()
    assert [p.name for p in target.iterdir()] == ["east-report-2025-09.xlsx"]


@pytest.mark.parametrize("name", ["report.pdf", "report.csv", "report"])
def test_an_output_that_cannot_be_the_workbook_is_a_usage_error_naming_pdf(folder, tmp_path, name):
    res = invoke("build", folder / "east.xlsx", "-o", tmp_path / name)
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: -o ") and "--pdf" in lines[0]
    assert "Traceback" not in res.output
    assert list(tmp_path.iterdir()) == []


def test_json_dash_writes_the_model_to_standard_output(folder, tmp_path):
    os.chdir(tmp_path)
    res = invoke("build", folder / "east.xlsx", "-o", tmp_path / "r.xlsx", "--json", "-")
    assert res.exit_code == 0, res.output
    model = json.loads(res.stdout)                     # standard output is the JSON alone
    assert model["figures"]["SR_SALES_MONTH"] == 300.0
    assert not (tmp_path / "-").exists()
    assert "report 2025-09 written" in res.stderr


def test_quiet_prints_errors_only(folder, tmp_path):
    # A real process: fastexcel's notes ("Could not determine dtype for column 3", for the empty
    # Customer Name, Channel and Quantity columns) go through logging to the process's stderr.
    def run(*args):
        return subprocess.run([sys.executable, "-m", "salesreport_xl", *map(str, args)],
                              capture_output=True, text=True, timeout=300)

    ok = run("build", folder / "east.xlsx", "-o", tmp_path / "r.xlsx", "-q")
    assert ok.returncode == 0, ok.stderr
    assert (ok.stdout, ok.stderr) == ("", "")
    bad = run("build", folder / "west.xlsx", "-o", tmp_path / "w.xlsx", "-q")
    assert bad.returncode == 1
    lines = (bad.stdout + bad.stderr).strip().splitlines()
    assert lines and all(ln.startswith("error") for ln in lines), lines
    assert "Sales!J3" in bad.stdout + bad.stderr


def test_quiet_batch_prints_only_the_failed_items(folder, tmp_path):
    res = invoke("batch", folder / "east.xlsx", folder / "west.xlsx", "-o", tmp_path, "-j", "1", "-q")
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.strip().splitlines() == [
        f"error: west.xlsx -: Sales!J3: {_first_message(res.stderr)}"]


def _first_message(stderr: str) -> str:
    return stderr.strip().split("Sales!J3: ", 1)[1]


def test_batch_json_is_a_machine_readable_summary(folder, tmp_path):
    summary = tmp_path / "summary.json"
    res = invoke("batch", folder / "east.xlsx", folder / "west.xlsx", folder / "~$east.xlsx",
                 "-o", tmp_path / "out", "-j", "1", "--json", summary)
    assert res.exit_code == 1
    data = json.loads(summary.read_text(encoding="utf-8"))
    by_book = {os.path.basename(i["workbook"]): i for i in data["items"]}
    assert set(by_book) == {"east.xlsx", "west.xlsx"}
    east, west = by_book["east.xlsx"], by_book["west.xlsx"]
    assert (east["status"], east["month"], east["first_finding"]) == ("built", "2025-09", None)
    assert os.path.basename(east["output"]) == "East-2025-09.xlsx" and os.path.isfile(east["output"])
    assert west["status"] == "failed" and west["output"] is None
    assert (west["first_finding"]["sheet"], west["first_finding"]["cell"]) == ("Sales", "J3")
    assert "abc" in west["first_finding"]["text"]
    assert (data["built"], data["failed"]) == (1, 1)
    assert [os.path.basename(s["file"]) for s in data["skipped"]] == ["~$east.xlsx"]


def test_nothing_the_cli_prints_counts_in_brackets(folder, tmp_path):
    """English says "1 input error", "2 warnings" — never "error(s)" — in everything the CLI prints:
    validate's summary line, build's refusal, batch's closing line."""
    said = [invoke("validate", folder / "west.xlsx").output,
            invoke("validate", folder / "east.xlsx").output,
            invoke("build", folder / "west.xlsx", "-o", tmp_path / "w.xlsx").output,
            invoke("batch", folder / "east.xlsx", "-o", tmp_path / "out", "-j", 1).output]
    assert "1 error," in said[0] and "1 input error:" in said[2] and "(1 job)" in said[3]
    assert [s for s in said if "(s)" in s] == []


def _failing_soffice(tmp_path, monkeypatch):
    """A LibreOffice that fails to convert (as a broken install or a locked profile does)."""
    fake = tmp_path / "soffice"
    fake.write_text('#!/bin/sh\necho "conversion failed" >&2\nexit 1\n')
    fake.chmod(0o755)
    monkeypatch.setenv("SALESREPORT_SOFFICE", str(fake))


@pytest.mark.skipif(sys.platform == "win32", reason="a shell-script stand-in for LibreOffice")
def test_a_pdf_that_fails_after_the_report_says_both_and_exits_1(folder, tmp_path, monkeypatch):
    _failing_soffice(tmp_path, monkeypatch)
    out = tmp_path / "r.xlsx"
    res = invoke("build", str(folder / "east.xlsx"), "-o", str(out), "--pdf")
    assert res.exit_code == 1
    assert f"written: {out}" in res.stdout                       # the workbook is there, and said
    assert "error: no PDF: LibreOffice could not convert the workbook to PDF: conversion failed" in res.stderr
    assert out.exists() and not out.with_suffix(".pdf").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a shell-script stand-in for LibreOffice")
def test_demo_without_a_pdf_asked_for_warns_and_exits_0_with_pdf_asked_exits_1(tmp_path, monkeypatch):
    _failing_soffice(tmp_path, monkeypatch)
    res = invoke("demo", "-o", str(tmp_path / "auto"))
    assert res.exit_code == 0
    assert "warning: no PDF: LibreOffice could not convert" in res.stderr and "error:" not in res.stderr
    assert "macro-enabled template written" in res.stdout
    res = invoke("demo", "-o", str(tmp_path / "asked"), "--pdf")
    assert res.exit_code == 1
    assert "error: no PDF: LibreOffice could not convert" in res.stderr
    assert (tmp_path / "asked" / "demo_report_en.xlsx").exists()
