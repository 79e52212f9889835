"""The catalogue of bad inputs: each a tiny workbook made here, each checked at the stage that decides it.

Most cases are about a finding: the workbook is written, read and validated (`load_inputs`, what a
build does first), and the finding is asserted with its sheet and cell; where the case is about a figure
too, the report model is computed from the validated inputs (no layout, nothing written). An error
finding is what makes `salesreport build` exit 1; a build with only warnings goes on.

A few cases go through `salesreport build` itself, for what only the command shows: the exit code, the
finding printed, no traceback, the input file byte-for-byte what it was, exactly the report and its JSON
left in the folder (or nothing after a refusal), and — with `lo_check` — that LibreOffice opens the
written report (a clean one, Chinese, 15-digit numbers, every section empty, a protected input sheet).

The base workbook (every sheet valid, report month 2025-03):
  Sales rows 2-4 are March: 1200 + 800 + 500 = 2500; row 5 is February: 600.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from salesreport_xl.cli import main
from salesreport_xl.compute import compute_report
from salesreport_xl.errors import WorkbookError
from salesreport_xl.i18n.phrasing import word_report
from salesreport_xl.pipeline import load_inputs
from salesreport_xl.read import read_workbook
from salesreport_xl.schema import SHEETS

D = dt.date

SALES_HEADER = ["Order Date", "Order ID", "Customer ID", "Customer Name", "Product", "Category", "Channel",
                "Sales Rep", "Quantity", "Amount"]
MARCH_TOTAL = 2500.0   # 1200 + 800 + 500


def base_sheets() -> dict[str, list[list]]:
    """A small valid workbook's sheets, as rows (row 1 = header)."""
    return {
        "Settings": [["Setting", "Value"], ["report_month", "2025-03"], ["language", "en"],
                     ["company", "Acme"], ["team", "East"]],
        "Sales": [SALES_HEADER,
                  [D(2025, 3, 3), "O1", "C1", "Alpha Co", "Desk", "Furniture", "Online", "Li", 2, 1200.0],
                  [D(2025, 3, 4), "O2", "C2", "Beta Ltd", "Chair", "Furniture", "Offline", "Wang", 4, 800.0],
                  [D(2025, 3, 5), "O3", "C3", "Gamma", "Lamp", "Lighting", "Online", "Li", 1, 500.0],
                  [D(2025, 2, 10), "O0", "C1", "Alpha Co", "Desk", "Furniture", "Online", "Li", 1, 600.0]],
        "Customers": [["Customer ID", "Customer Name", "Segment", "Region", "Status", "Churn Date", "Churn Reason"],
                      ["C1", "Alpha Co", "Key Account", "East", "Active", None, None],
                      ["C2", "Beta Ltd", "SMB", "East", "Active", None, None],
                      ["C3", "Gamma", "SMB", "West", "Active", None, None]],
        "Targets": [["Month", "Sales Rep", "Segment", "Category", "Target Amount"],
                    ["2025-03", "Li", None, None, 2000.0],
                    ["2025-03", "Wang", None, None, 1000.0],
                    ["2025-04", None, None, None, 3000.0]],
        "Activities": [["Date", "Sales Rep", "Activity Type", "Customer ID", "Participants", "Outcome", "Feedback"],
                       [D(2025, 3, 2), "Li", "Visit", "C1", 2, "Won", "liked the demo"],
                       [D(2025, 3, 6), "Wang", "Call", "C2", 1, "Follow-up", None]],
        "Feedback": [["Date", "Customer ID", "Score", "Topic", "Comment"],
                     [D(2025, 3, 7), "C1", 5, "Service", "great service"],
                     [D(2025, 3, 8), "C2", 3, "Price", "a bit expensive"]],
        "Pipeline": [["Deal ID", "Customer ID", "Sales Rep", "Stage", "Entered On", "Left On", "Amount", "Status"],
                     ["D1", "C1", "Li", "Proposal", D(2025, 2, 1), D(2025, 3, 1), 5000.0, "Open"],
                     ["D1", "C1", "Li", "Negotiation", D(2025, 3, 1), None, 5000.0, "Open"]],
        "Plan": [["Section", "Text"], ["summary_note", "A steady month."],
                 ["next_month_plan", "Visit every key account."]],
    }


def write_book(path: Path, sheets: dict[str, list[list]], edit=None) -> Path:
    """Write the sheets with openpyxl; `edit(wb)` may change the workbook before it is saved."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.data_type = "s"      # typed text, as a user's "=..." pasted as text is
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Built:
    """One `salesreport build` run: exit code, output text, the files left in the output folder."""

    def __init__(self, result, out_dir: Path):
        self.code = result.exit_code
        self.output = result.output
        self.exception = result.exception
        self.files = sorted(os.listdir(out_dir))
        self.report = out_dir / "report.xlsx"
        self.json = json.loads((out_dir / "report.json").read_text("utf-8")) if "report.json" in self.files else None

    def checks(self) -> list[tuple[str, str, str]]:
        """(severity, 'Sheet!Cell', message) of every finding on the report's Checks."""
        return [(f["severity"], f"{f['sheet']}!{f['cell']}", f["message"])
                for f in self.json["checks"]["findings"]]


def build(tmp_path: Path, sheets=None, edit=None, *, book: Path | None = None, lo_check=None,
          args=()) -> Built:
    """Build `book` (default: the sheets written to in.xlsx) into out/report.xlsx + out/report.json.

    Checks what every case must hold: no traceback, the input unchanged, and either exit 0 with exactly
    the report and its JSON in the folder or exit 1 with nothing in it (no partial or temporary file).
    """
    if book is None:
        book = write_book(tmp_path / "in.xlsx", sheets if sheets is not None else base_sheets(), edit)
    out = tmp_path / "out"
    out.mkdir()
    before = sha(book)
    result = CliRunner().invoke(main, ["build", str(book), "-o", str(out / "report.xlsx"),
                                       "--json", str(out / "report.json"), *args])
    b = Built(result, out)
    assert b.exception is None or isinstance(b.exception, SystemExit), b.output
    assert "Traceback" not in b.output
    assert sha(book) == before, "the input file was changed"
    if b.code == 0:
        assert b.files == ["report.json", "report.xlsx"], b.files
        if lo_check is not None:
            lo_check(b.report)
    else:
        assert b.code in (1, 2), b.output
        assert b.files == [], f"left behind after a failed build: {b.files}"
    return b


class Read:
    """A workbook read and validated as a build reads it first: its inputs and findings, nothing written."""

    def __init__(self, tmp_path: Path, sheets=None, edit=None):
        book = write_book(tmp_path / "in.xlsx", sheets if sheets is not None else base_sheets(), edit)
        self.inputs, self.findings = load_inputs(book)

    @property
    def errors(self) -> list[tuple[str, str]]:
        """('Sheet!Cell', message) of every error: any error is a build's exit 1."""
        return [(f"{f.sheet}!{f.cell}", f.message) for f in self.findings if f.severity == "error"]

    def checks(self) -> list[tuple[str, str, str]]:
        """(severity, 'Sheet!Cell', message) of every finding, as the report's Checks lists them."""
        return [(f.severity, f"{f.sheet}!{f.cell}", f.message) for f in self.findings]

    def model(self, month=None):
        """The report model computed from the validated inputs (a build with no errors goes on to this)."""
        assert self.errors == [], self.errors
        return compute_report(self.inputs, self.findings, month=month, built_at="2025-04-01T00:00:00")

    def figure(self, name: str):
        return self.model().figures[name]


def with_sheet(name: str, rows: list[list]) -> dict:
    sheets = base_sheets()
    sheets[name] = rows
    return sheets


def set_cell(sheet: str, row: int, col: int, value) -> dict:
    """The base sheets with one cell (1-based row and column of the sheet) replaced."""
    sheets = base_sheets()
    sheets[sheet][row - 1][col - 1] = value
    return sheets


def drop_column(rows: list[list], header: str) -> list[list]:
    j = rows[0].index(header)
    return [r[:j] + r[j + 1:] for r in rows]


# ------------------------------------------------------------------------------------------ through the command
def test_the_base_workbook_builds_clean(tmp_path, lo_check):
    b = build(tmp_path, lo_check=lo_check)
    assert b.code == 0, b.output
    assert b.json["figures"]["SR_SALES_MONTH"] == MARCH_TOTAL
    assert [c for c in b.checks() if c[0] != "info"] == []


def test_an_error_stops_the_build_naming_the_cell_and_writes_nothing(tmp_path):
    # build() checks the rest: no traceback, the input unchanged, nothing left in the output folder.
    b = build(tmp_path, set_cell("Sales", 3, 10, "abc"))
    assert b.code == 1
    assert 'Sales!J3' in b.output and 'amount "abc" is not a number' in b.output


def test_a_warning_is_printed_and_the_report_built_with_it_on_checks(tmp_path):
    b = build(tmp_path, set_cell("Sales", 2, 9, "two"))
    assert b.code == 0, b.output
    assert "Sales!I2" in b.output and 'quantity "two" is not a number' in b.output
    assert ("warning", "Sales!I2", 'quantity "two" is not a number') in b.checks()


def test_month_outside_the_data_is_an_error_naming_the_range(tmp_path):
    # --month is the command's: the Sales rows of base_sheets are dated 2025-02 and 2025-03.
    b = build(tmp_path, args=("--month", "2025-06"))
    assert b.code == 1, b.output
    assert "report month 2025-06 is outside the data: the Sales data covers 2025-02 … 2025-03" in b.output


def test_settings_without_a_header_row_build_a_chinese_report(tmp_path, lo_check):
    # Settings is key/value rows: the header row is optional. (A Chinese report: LibreOffice checks it.)
    b = build(tmp_path, with_sheet("Settings", [["report_month", "2025-02"], ["language", "zh"]]),
              lo_check=lo_check)
    assert b.code == 0, b.output
    assert b.json["meta"]["month"] == "2025-02" and b.json["meta"]["language"] == "zh"
    assert b.json["figures"]["SR_SALES_MONTH"] == 600.0     # February: row 5 only


def test_huge_amounts_build_with_full_precision(tmp_path, lo_check):
    # The largest kind accepted (below 1e15): 123456789012345 + 800 + 500 = 123456789013645, exact in
    # a double (below 2**53 ~ 9.007e15) — in the JSON and in a report LibreOffice opens.
    b = build(tmp_path, set_cell("Sales", 2, 10, 123456789012345.0), lo_check=lo_check)
    assert b.code == 0, b.output
    assert b.json["figures"]["SR_SALES_MONTH"] == 123456789013645.0


def test_sales_with_headers_only_builds_an_empty_report(tmp_path, lo_check):
    # Every section says it has no data: LibreOffice checks such a report.
    b = build(tmp_path, with_sheet("Sales", [SALES_HEADER]), lo_check=lo_check)
    assert b.code == 0, b.output
    assert b.json["figures"]["SR_SALES_MONTH"] == 0
    assert b.json["checks"]["rows_read"]["sales"] == 0


def test_input_sheet_named_like_the_report_summary_is_kept_and_the_report_named_apart(tmp_path):
    # The user's own "Summary" (no marker, no SR_* names point at it: not an earlier report) has the
    # English report Summary's name: it is kept as it is and the report's sheet is named apart.
    sheets = base_sheets()
    sheets["Summary"] = [["my own notes"], [42]]
    b = build(tmp_path, sheets)
    assert b.code == 0, b.output
    assert "the workbook has its own sheet 'Summary' (kept as it is): the report's is named " \
           "'Summary (report)'" in b.output
    wb = openpyxl.load_workbook(b.report)
    assert wb["Summary"]["A1"].value == "my own notes" and wb["Summary"]["A2"].value == 42
    assert wb.defined_names["SR_SALES_MONTH"].attr_text.startswith("'Summary (report)'!")
    again = tmp_path / "again"
    again.mkdir()
    b2 = build(again, book=b.report)    # a rebuild replaces the report, never the user's sheet
    assert b2.code == 0, b2.output
    wb = openpyxl.load_workbook(b2.report)
    assert [n for n in wb.sheetnames if n.startswith("Summary")] == ["Summary", "Summary (report)"]
    assert wb["Summary"]["A1"].value == "my own notes" and wb["Summary"]["A2"].value == 42


def test_input_sheet_named_like_a_chinese_report_sheet_is_kept(tmp_path):
    # "摘要" is the Chinese report's Summary; an English build leaves the user's sheet as it is.
    sheets = base_sheets()
    sheets["摘要"] = [["my own notes"], [42]]
    b = build(tmp_path, sheets)
    assert b.code == 0, b.output
    wb = openpyxl.load_workbook(b.report)
    assert wb["摘要"]["A1"].value == "my own notes" and wb["摘要"]["A2"].value == 42
    assert "Summary" in wb.sheetnames


def test_password_protected_sheet_builds_and_stays_protected(tmp_path, lo_check):
    def protect(wb):
        wb["Sales"].protection.sheet = True
        wb["Sales"].protection.password = "secret"
    b = build(tmp_path, edit=protect, lo_check=lo_check)
    assert b.code == 0, b.output
    assert b.json["figures"]["SR_SALES_MONTH"] == MARCH_TOTAL
    assert openpyxl.load_workbook(b.report)["Sales"].protection.sheet is True


def test_csv_renamed_xlsx_is_refused(tmp_path):
    book = tmp_path / "export.xlsx"
    book.write_text("Order Date,Amount\n2025-03-01,100\n", encoding="utf-8")
    b = build(tmp_path, book=book)
    assert b.code == 1
    assert "is not an Excel workbook (.xlsx); if it is a CSV, open it in Excel and save it as .xlsx" in b.output


# ------------------------------------------------------------------------------------------ sheets missing
def test_missing_settings_sheet_is_an_error(tmp_path):
    sheets = base_sheets()
    del sheets["Settings"]
    r = Read(tmp_path, sheets)
    assert any(loc.startswith("Settings!") and "required sheet Settings" in m for loc, m in r.errors), r.errors


def test_missing_sales_sheet_is_an_error(tmp_path):
    sheets = base_sheets()
    del sheets["Sales"]
    r = Read(tmp_path, sheets)
    assert any("required sheet Sales (销售明细) is missing" in m for _, m in r.errors), r.errors


# The Mapping sheet is no data sheet: nothing in the report depends on it.
OPTIONAL_SHEETS = [s.en for s in SHEETS if not s.required and s.key != "mapping"]


@pytest.mark.parametrize("sheet", OPTIONAL_SHEETS)
def test_missing_optional_sheet_still_builds(tmp_path, sheet):
    sheets = base_sheets()
    del sheets[sheet]
    r = Read(tmp_path, sheets)
    assert r.errors == []
    assert any((sev, loc) == ("info", f"{sheet}!") and "is missing" in m for sev, loc, m in r.checks()), r.checks()
    assert r.figure("SR_SALES_MONTH") == MARCH_TOTAL


# ------------------------------------------------------------------------------------------ columns missing
# Columns with a fallback (Customer ID: Customer Name stands in) have their own tests.
# Sales without Product builds (a deal export: tests/test_export_readings.py), so it is not among these.
REQUIRED_COLUMNS = [(s.en, c.en) for s in SHEETS if s.key not in ("settings", "mapping")
                    for c in s.columns if c.required and not c.fallback and (s.key, c.key) != ("sales", "product")]


@pytest.mark.parametrize("sheet,column", REQUIRED_COLUMNS, ids=[f"{s}.{c}" for s, c in REQUIRED_COLUMNS])
def test_missing_required_column_names_the_header_row(tmp_path, sheet, column):
    rows = drop_column(base_sheets()[sheet], column)
    r = Read(tmp_path, with_sheet(sheet, rows))
    if sheet == "Plan":
        # Plan has two columns, both required: with one left no header row is recognised (two known
        # headers are needed), and an optional sheet without a header is a warning, not an error.
        assert r.errors == []
        assert ("warning", "Plan!A1",
                "no header row found in the first 30 rows (expected headers such as Section, Text)") in r.checks()
        return
    last = openpyxl.utils.get_column_letter(len(rows[0]))
    if sheet == "Sales":
        # The finding points at the header row the column is missing from.
        assert any(loc == f"{sheet}!A1:{last}1" and f"required column {column} (" in m for loc, m in r.errors), r.errors
        return
    # An optional sheet that cannot be read never stops the report: a warning at its header row names the
    # column, another says the sheet is left out; the rest of the report is built, the sales as ever.
    assert r.errors == []
    warnings = [(loc, m) for sev, loc, m in r.checks() if sev == "warning" and loc == f"{sheet}!A1:{last}1"]
    assert any(f"required column {column} (" in m for _, m in warnings), warnings
    assert any(m.startswith(f"the {sheet} sheet is left out of the report: its required column {column} is missing")
               for _, m in warnings), warnings
    model = r.model()
    assert model.figures["SR_SALES_MONTH"] == MARCH_TOTAL
    key = next(s.key for s in SHEETS if s.en == sheet)
    assert model.meta.sheets_left_out == {key: [column]}
    assert getattr(r.inputs, key).empty


def test_blank_settings_sheet_uses_the_defaults(tmp_path):
    # No report_month: the latest month with sales (2025-03); no language: English.
    meta = Read(tmp_path, with_sheet("Settings", [])).model().meta
    assert (meta.month, meta.language) == ("2025-03", "en")


# ------------------------------------------------------------------------------------------ typed values
@pytest.mark.parametrize("error", ["#N/A", "#VALUE!"])
def test_amount_excel_error_cell_names_the_cell(tmp_path, error):
    def as_error(wb):
        wb["Sales"]["J4"].value = error
        wb["Sales"]["J4"].data_type = "e"
    r = Read(tmp_path, edit=as_error)
    assert any(loc == "Sales!J4" and f"holds the Excel error {error}" in m for loc, m in r.errors), r.errors


@pytest.mark.parametrize("error", ["#N/A", "#VALUE!"])
def test_order_date_excel_error_names_the_cell(tmp_path, error):
    def as_error(wb):
        wb["Sales"]["A2"].value = error
        wb["Sales"]["A2"].data_type = "e"
    r = Read(tmp_path, edit=as_error)
    assert any(loc == "Sales!A2" and error in m for loc, m in r.errors), r.errors


@pytest.mark.xfail(strict=True, reason="the fast reader (fastexcel, dtype_coercion='coerce') reads TRUE in a "
                   "column of numbers as 1.0, so validation never sees the boolean; see "
                   "test_amount_boolean_from_values_names_the_cell for the in-memory path")
def test_amount_boolean_names_the_cell(tmp_path):
    r = Read(tmp_path, set_cell("Sales", 2, 10, True))
    assert any(loc == "Sales!J2" and "not a number" in m for loc, m in r.errors)


def test_amount_boolean_from_values_names_the_cell():
    from salesreport_xl.read import workbook_from_values
    from salesreport_xl.validate import validate

    _, findings = validate(workbook_from_values(set_cell("Sales", 2, 10, True)))
    assert [f.text() for f in findings if f.severity == "error"] == ["Sales!J2: amount is True, not a number"]


def test_amounts_that_overflow_when_added_are_refused(tmp_path):
    # 1e308 + 1e308 is inf in a double: a total that cannot be shown; both cells are named.
    sheets = set_cell("Sales", 2, 10, 1e308)
    sheets["Sales"][2][9] = 1e308
    r = Read(tmp_path, sheets)
    assert ("Sales!J2", "amount 1e+308 is too large (15 digits or more); check the cell") in r.errors
    assert ("Sales!J3", "amount 1e+308 is too large (15 digits or more); check the cell") in r.errors


def test_huge_optional_quantity_is_a_warning(tmp_path):
    r = Read(tmp_path, set_cell("Sales", 2, 9, 1e20))
    assert r.errors == []
    assert ("warning", "Sales!I2", "quantity 1e+20 is too large (15 digits or more); check the cell") in r.checks()


def test_negative_quantity_is_a_return_and_builds(tmp_path):
    # Row 3 becomes a return: -4 chairs, -800. March: 1200 - 800 + 500 = 900.
    sheets = set_cell("Sales", 3, 9, -4)
    sheets["Sales"][2][9] = -800.0
    assert Read(tmp_path, sheets).figure("SR_SALES_MONTH") == 900.0


@pytest.mark.parametrize("value,shown", [
    # Excel has no dates before 1900: such a cell holds a negative serial, read back a day off
    # (1899-12-02) by the file reader, so the day is not asserted.
    (dt.datetime(1899, 12, 1), "order_date 1899-12-0"),
    ("1899-12-31", "order_date 1899-12-31"),     # typed as text
    (dt.datetime(2999, 1, 1), "order_date 2999-01-01"),   # beyond what a nanosecond timestamp holds
    ("9999-12-31", "order_date 9999-12-31"),
    ("0025-03-05", "order_date 0025-03-05"),     # 0025 for 2025
])
def test_order_date_out_of_range_names_the_cell(tmp_path, value, shown):
    r = Read(tmp_path, set_cell("Sales", 4, 1, value))
    assert any(loc == "Sales!A4" and shown in m and "is outside the years 1900–2100" in m for loc, m in r.errors), \
        r.errors


def test_impossible_date_text_names_the_cell(tmp_path):
    r = Read(tmp_path, set_cell("Sales", 3, 1, "2025-02-30"))
    assert any(loc == "Sales!A3" and 'order_date "2025-02-30" is not a date' in m for loc, m in r.errors), r.errors


def test_target_month_text_names_the_cell(tmp_path):
    r = Read(tmp_path, set_cell("Targets", 2, 1, "March"))
    assert any(loc == "Targets!A2" and 'month "March" is not a month' in m for loc, m in r.errors), r.errors


def test_feedback_score_text_names_the_cell(tmp_path):
    r = Read(tmp_path, set_cell("Feedback", 3, 3, "good"))
    assert any(loc == "Feedback!C3" and 'score "good" is not a number' in m for loc, m in r.errors), r.errors


@pytest.mark.parametrize("score", [0, 6])
def test_score_outside_1_to_5_is_left_out_with_a_warning(tmp_path, score):
    # Row 3's score 3 replaced: only row 2's 5 is left, so satisfaction = 5 / 1 = 5.0.
    r = Read(tmp_path, set_cell("Feedback", 3, 3, score))
    assert ("warning", "Feedback!C3", f"score {score} is outside 1–5; this response is left out") in r.checks()
    assert r.figure("SR_SATISFACTION") == 5.0


def test_negative_participants_is_a_warning(tmp_path):
    r = Read(tmp_path, set_cell("Activities", 2, 5, -3))
    assert r.errors == []
    assert ("warning", "Activities!E2", "participants -3 is negative; treated as blank") in r.checks()


# ------------------------------------------------------------------------------------------ shapes
def test_duplicate_header_uses_the_first_column(tmp_path):
    # A second "Amount" column (K) of zeros: ignored with a warning, the first one (J) counts.
    sheets = base_sheets()
    sheets["Sales"] = [r + (["Amount"] if i == 0 else [0.0]) for i, r in enumerate(sheets["Sales"])]
    r = Read(tmp_path, sheets)
    assert ("warning", "Sales!K1", 'column "Amount" appears again; the first one is used') in r.checks()
    assert r.figure("SR_SALES_MONTH") == MARCH_TOTAL


def test_blank_sales_sheet_is_an_error(tmp_path):
    r = Read(tmp_path, with_sheet("Sales", []))
    assert any(loc.startswith("Sales!") and "the sheet has no data rows" in m for loc, m in r.errors), r.errors


def test_blank_optional_sheet_builds(tmp_path):
    r = Read(tmp_path, with_sheet("Customers", []))
    assert r.errors == []
    assert ("info", "Customers!", "the sheet has no data rows") in r.checks()


def test_merged_cells_over_data_name_the_hidden_cell(tmp_path):
    # Product E2:E3 merged: Excel keeps only E2's value, so E3 (a required product) is empty.
    r = Read(tmp_path, edit=lambda wb: wb["Sales"].merge_cells("E2:E3"))
    assert any(loc == "Sales!E3" and "product is empty (required)" in m for loc, m in r.errors), r.errors


def test_merged_title_above_the_header_is_fine(tmp_path):
    sheets = base_sheets()
    sheets["Sales"] = [["March sales export"]] + sheets["Sales"]
    r = Read(tmp_path, sheets, edit=lambda wb: wb["Sales"].merge_cells("A1:J1"))
    assert r.figure("SR_SALES_MONTH") == MARCH_TOTAL


def test_hidden_rows_and_columns_are_still_data(tmp_path):
    # Hiding is a view, not a deletion: the hidden row 3 (800) and hidden column J still count.
    def hide(wb):
        ws = wb["Sales"]
        ws.row_dimensions[3].hidden = True
        ws.column_dimensions["J"].hidden = True
    assert Read(tmp_path, edit=hide).figure("SR_SALES_MONTH") == MARCH_TOTAL


# ------------------------------------------------------------------------------------------ settings
def test_unknown_language_falls_back_to_english(tmp_path):
    r = Read(tmp_path, set_cell("Settings", 3, 2, "fr"))
    assert ("warning", "Settings!B3", 'setting language "fr" is not valid (en / zh); en is used') in r.checks()
    assert r.model().meta.language == "en"


@pytest.mark.parametrize("value", ["2025-13", "next month"])
def test_bad_report_month_is_an_error_at_its_cell(tmp_path, value):
    # A report of a month nobody asked for is worse than none: an error (exit 1, no output), the cell named.
    r = Read(tmp_path, set_cell("Settings", 2, 2, value))
    assert any(loc == "Settings!B2" and m.startswith(f'report month "{value}" is not a month') for loc, m in r.errors), \
        r.errors


def test_settings_month_outside_the_data_is_an_error_at_its_cell(tmp_path):
    r = Read(tmp_path, set_cell("Settings", 2, 2, "2024-12"))
    assert ("Settings!B2", "report month 2024-12 is outside the data: the Sales data covers 2025-02 … 2025-03") \
        in r.errors


def test_month_inside_the_data_without_sales_builds_and_says_so(tmp_path):
    sheets = base_sheets()
    sheets["Sales"][4][0] = D(2025, 1, 10)           # the February order moves to January: February is empty
    model = Read(tmp_path, sheets).model(month="2025-02")
    first = word_report(model).highlights[0]
    assert first == "No sales are recorded this month; the Sales data covers 2025-01 to 2025-03."


def test_negative_threshold_falls_back_to_default(tmp_path):
    sheets = base_sheets()
    sheets["Settings"].append(["churn_days", -5])
    sheets["Settings"].append(["big_change", "-20%"])
    r = Read(tmp_path, sheets)
    assert r.errors == []
    found = {c: m for s, c, m in r.checks() if s == "warning"}
    assert found["Settings!B6"] == 'setting churn_days "-5" is not valid (a whole number above 0 or auto); auto is used'
    assert found["Settings!B7"].startswith('setting big_change "-20%" is not valid')


def _reordering_every_100_days(churn_days, stalled_days=None) -> dict:
    """The base sheets with C9 ordering on days 0, 100, 200 and 300 (2024-06-03 … 2025-03-30) and the
    day settings typed: reorder gaps C9 100, 100, 100 and C1 21 (2025-02-10 -> 03-03) -> median 100 of 4;
    the one finished stage, D1's Proposal 2025-02-01 -> 03-01, 28 days."""
    sheets = base_sheets()
    for day in (D(2024, 6, 3), D(2024, 9, 11), D(2024, 12, 20), D(2025, 3, 30)):
        sheets["Sales"].append([day, f"O9{day.month}", "C9", "Delta", "Desk", "Furniture", "Online", "Li", 1, 100.0])
    sheets["Settings"].append(["churn_days", churn_days])
    if stalled_days is not None:
        sheets["Settings"].append(["stalled_days", stalled_days])
    return sheets


def test_churn_days_below_the_median_reorder_gap_is_a_warning_at_its_cell(tmp_path):
    b = build(tmp_path, _reordering_every_100_days(90, stalled_days=20))
    assert b.code == 0, b.output
    found = {c: m for s, c, m in b.checks() if s == "warning"}
    assert found["Settings!B6"] == (
        "churn_days 90 is shorter than this team's usual gap between two orders of one customer (median 100 "
        "days of 4 gaps): most customers it calls churned are only between orders; set it above the median, or auto")
    assert found["Settings!B7"].startswith(
        "stalled_days 20 is shorter than the usual time a deal spends in a stage (median 28 days of 1 finished")


def _day_warnings(b) -> list[str]:
    return [m for _s, _c, m in b.checks() if m.startswith(("churn_days ", "stalled_days "))]


@pytest.mark.parametrize("churn_days, stalled_days", [(120, 30), (100, 28), ("auto", "auto")])
def test_day_settings_at_or_above_the_median_or_auto_give_no_warning(tmp_path, churn_days, stalled_days):
    b = build(tmp_path, _reordering_every_100_days(churn_days, stalled_days))
    assert b.code == 0, b.output
    assert _day_warnings(b) == []


def test_a_month_asked_for_judges_the_day_settings_on_its_own_data(tmp_path):
    # Up to the end of 2024-12 C9's gaps are 100, 100 and C1 has none yet: median 100 of 2; churn_days 90
    # still contradicts them, said once (the report month's warning replaced by the month asked for's).
    b = build(tmp_path, _reordering_every_100_days(90), args=("--month", "2024-12"))
    assert b.code == 0, b.output
    said = _day_warnings(b)
    assert len(said) == 1 and "(median 100 days of 2 gaps)" in said[0]


# ------------------------------------------------------------------------------------------ cross-sheet
def test_target_for_an_unknown_rep_is_shown_against_zero_sales(tmp_path):
    # Zed has a 700 target and no sales: listed with actual 0 and attainment 0, team target 2000+1000+700.
    sheets = base_sheets()
    sheets["Targets"].append(["2025-03", "Zed", None, None, 700.0])
    model = Read(tmp_path, sheets).model()
    zed = next(r for r in model.team.reps if r.rep == "Zed")
    assert (zed.actual, zed.target, zed.attainment) == (0, 700.0, 0)
    assert model.figures["SR_TARGET"] == 3700.0


def test_pipeline_left_before_entered_is_left_out_with_a_warning(tmp_path):
    r = Read(tmp_path, set_cell("Pipeline", 2, 6, D(2025, 1, 15)))
    assert r.errors == []
    assert ("warning", "Pipeline!F2",
            "left_on 2025-01-15 is before entered_on 2025-02-01; the row is left out") in r.checks()


# ------------------------------------------------------------------------------------------ not workbooks
# The reader refuses these before anything else runs (the command's message: the CSV case above).
def _refused(book: Path) -> str:
    with pytest.raises(WorkbookError) as refused:
        read_workbook(book)
    return str(refused.value)


def test_truncated_workbook_is_refused(tmp_path):
    good = write_book(tmp_path / "good.xlsx", base_sheets())
    book = tmp_path / "cut.xlsx"
    book.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "damaged or incomplete" in _refused(book)


def test_empty_file_is_refused(tmp_path):
    book = tmp_path / "empty.xlsx"
    book.write_bytes(b"")
    assert "is not an Excel workbook" in _refused(book)


# An encrypted .xlsx (and any .xls) is an OLE compound file: its 8-byte signature, then sectors.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("name", ["locked.xlsx", "old.xls"])
def test_encrypted_or_old_format_is_refused(tmp_path, name):
    book = tmp_path / name
    book.write_bytes(_OLE)
    assert "save it as .xlsx without a password" in _refused(book)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    import zipfile

    book = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(book, "w") as zf:
        zf.writestr("photo.txt", "not a workbook")
    assert "no xl/workbook.xml" in _refused(book)
