"""The one output rule (write/output_rule.py) for every file the product writes: never the input,
never another output of the same run, only a regular file replaced, a name the file system can hold,
and in a batch never a file that was there before the run unless --overwrite says so (the report
takes the next free name).

Each case is a hand-made workbook (test_bad_inputs' base: report month 2025-03, team East), and each
checks the exit code, the usage-error text, that no traceback was printed and that every file kept
is byte-for-byte what it was (sha256 before and after).
"""
from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner

from salesreport_xl.cli import main
from test_bad_inputs import base_sheets, sha, write_book
from test_faults import book  # noqa: F401  (the fixture: the base workbook as in.xlsx)


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_json_onto_the_input_is_a_usage_error_and_the_input_is_kept(tmp_path, book):
    before = sha(book)
    r = invoke("build", book, "-o", tmp_path / "r.xlsx", "--json", book)
    assert r.exit_code == 2
    assert f"the JSON (--json) {book} is the input workbook; choose another file for --json" in r.output
    assert sha(book) == before
    assert sorted(os.listdir(tmp_path)) == ["in.xlsx"]


def test_json_onto_the_input_by_another_spelling(tmp_path, book, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.link(book, tmp_path / "same.xlsx")
    before = sha(book)
    for spelling in ("./in.xlsx", "same.xlsx"):
        r = invoke("build", "in.xlsx", "-o", "r.xlsx", "--json", spelling)
        assert r.exit_code == 2 and "is the input workbook" in r.output
    assert sha(book) == before and not (tmp_path / "r.xlsx").exists()


def test_json_equal_to_the_report_is_a_usage_error(tmp_path, book):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"an earlier report")
    before = sha(out)
    r = invoke("build", book, "-o", out, "--json", out)
    assert r.exit_code == 2
    assert f"the JSON (--json) and the report (-o) are one file, {out}; give each its own file" in r.output
    assert "report 2025-03 written" not in r.output
    assert sha(out) == before


def test_json_onto_a_fifo_is_a_usage_error_and_the_fifo_stays(tmp_path, book):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = invoke("build", book, "-o", tmp_path / "r.xlsx", "--json", fifo)
    assert r.exit_code == 2
    assert f"the JSON (--json) {fifo} is a pipe (FIFO), not a regular file; name a file (or '-' for " \
           "standard output)" in r.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not (tmp_path / "r.xlsx").exists()


def test_json_onto_a_device_is_a_usage_error_and_the_device_stays(tmp_path, book):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    null = tmp_path / "null"          # a character device like /dev/null (1, 3), made here
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    r = invoke("build", book, "-o", tmp_path / "r.xlsx", "--json", null)
    assert r.exit_code == 2 and "is a device, not a regular file" in r.output
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_template_onto_a_fifo_is_a_usage_error(tmp_path):
    fifo = tmp_path / "t.xlsx"
    os.mkfifo(fifo)
    r = invoke("template", "-o", fifo)
    assert r.exit_code == 2 and "is a pipe (FIFO), not a regular file" in r.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_template_without_o_never_replaces_a_file_already_there(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("template").exit_code == 0          # the first time: written under its default name
    filled = tmp_path / "workbook_template.xlsx"       # as a user would have filled it in
    before = sha(filled)
    r = invoke("template")
    assert r.exit_code == 2
    assert "workbook_template.xlsx is already there (it may hold your data); give -o " \
           "workbook_template.xlsx to replace it, or another name" in r.output
    assert sha(filled) == before
    assert invoke("template", "-o", "workbook_template.xlsx").exit_code == 0     # named: replaced


def test_output_name_over_255_bytes_is_a_usage_error(tmp_path, book):
    before = sha(book)
    name = "x" * 300 + ".xlsx"
    r = invoke("build", book, "-o", tmp_path / name)
    assert r.exit_code == 2
    assert "is 305 bytes long, more than the 255 a file name may have; choose a shorter name" in r.output
    assert sha(book) == before and sorted(os.listdir(tmp_path)) == ["in.xlsx"]


def test_output_name_of_250_bytes_is_written(tmp_path, book):
    # Its temporary file `.<name>.<8 random>.tmp` would be over 255 bytes: the name in it is cut.
    name = "y" * 245 + ".xlsx"
    r = invoke("build", book, "-o", tmp_path / name, "-q")
    assert r.exit_code == 0, r.output
    assert sorted(os.listdir(tmp_path)) == ["in.xlsx", name]


# ------------------------------------------------------------------------------------------ batch
@pytest.fixture
def folder(tmp_path):
    """east.xlsx (team East, good) beside West's workbook saved as East-2025-03.xlsx (with a bad
    amount at Sales!J3), and a user's file named like the next free name."""
    f = tmp_path / "books"
    f.mkdir()
    write_book(f / "east.xlsx", base_sheets())
    west = base_sheets()
    west["Settings"][4][1] = "West"
    west["Sales"][2][9] = "abc"
    write_book(f / "East-2025-03.xlsx", west)
    (f / "East-2025-03-2.xlsx").write_text("the user's own notes")
    return f


def test_batch_never_replaces_an_input_or_a_file_that_was_there(folder):
    before = {p.name: sha(p) for p in folder.iterdir()}
    r = invoke("batch", folder / "east.xlsx", folder / "East-2025-03.xlsx", "-o", folder, "-j", "1",
               "--json", folder / "summary.json")
    assert r.exit_code == 1                   # West's workbook fails on its bad amount
    assert {p.name: sha(p) for p in folder.iterdir() if p.name in before} == before
    assert "East-2025-03.xlsx was already there: kept; this report is East-2025-03-3.xlsx" in r.output
    summary = json.loads((folder / "summary.json").read_text("utf-8"))
    east, west = sorted(summary["items"], key=lambda i: i["workbook"])[::-1]
    assert east["output"] == str(folder / "East-2025-03-3.xlsx")
    assert east["kept_existing"] == str(folder / "East-2025-03.xlsx")
    # The failed team's data is still where the summary says to fix it.
    assert west["first_finding"]["text"].startswith("Sales!J3") and west["workbook"] == str(folder / "East-2025-03.xlsx")
    assert sorted(os.listdir(folder)) == sorted([*before, "East-2025-03-3.xlsx", "summary.json"])


def test_batch_overwrite_replaces_an_earlier_report_but_never_an_input(folder):
    inputs = {n: sha(folder / n) for n in ("east.xlsx", "East-2025-03.xlsx")}
    first = invoke("batch", folder / "east.xlsx", "-o", folder / "out", "-j", "1", "-q")
    assert first.exit_code == 0
    again = invoke("batch", folder / "east.xlsx", "-o", folder / "out", "-j", "1", "-q")
    assert sorted(os.listdir(folder / "out")) == ["East-2025-03-2.xlsx", "East-2025-03.xlsx"]
    earlier = os.stat(folder / "out" / "East-2025-03.xlsx").st_ino
    again = invoke("batch", folder / "east.xlsx", "-o", folder / "out", "-j", "1", "-q", "--overwrite")
    assert again.exit_code == 0
    # The earlier report was replaced (a new file renamed over it), no third name taken.
    assert sorted(os.listdir(folder / "out")) == ["East-2025-03-2.xlsx", "East-2025-03.xlsx"]
    assert os.stat(folder / "out" / "East-2025-03.xlsx").st_ino != earlier
    # Into the inputs' own folder, --overwrite replaces no input, nor what is not a report: West's
    # workbook (an input of no run here) and the user's notes under the next name both stay.
    notes = sha(folder / "East-2025-03-2.xlsx")
    r = invoke("batch", folder / "east.xlsx", "-o", folder, "-j", "1", "--overwrite")
    assert r.exit_code == 0
    assert {n: sha(folder / n) for n in inputs} == inputs and sha(folder / "East-2025-03-2.xlsx") == notes
    assert "East-2025-03.xlsx was already there: kept; this report is East-2025-03-3.xlsx" in r.output


def test_batch_summary_onto_an_input_is_a_usage_error(folder):
    before = sha(folder / "east.xlsx")
    r = invoke("batch", folder / "east.xlsx", "-o", folder / "out", "--json", folder / "east.xlsx")
    assert r.exit_code == 2
    assert "the batch summary (--json)" in r.output and "is the input workbook" in r.output
    assert sha(folder / "east.xlsx") == before and not (folder / "out").exists()


def test_batch_report_never_takes_the_summary_name(folder):
    out = folder / "out"
    r = invoke("batch", folder / "east.xlsx", "-o", out, "-j", "1", "--json", out / "East-2025-03.xlsx")
    assert r.exit_code == 0, r.output
    assert sorted(os.listdir(out)) == ["East-2025-03-2.xlsx", "East-2025-03.xlsx"]
    assert json.loads((out / "East-2025-03.xlsx").read_text("utf-8"))["built"] == 1
