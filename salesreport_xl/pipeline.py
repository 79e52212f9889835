"""The one-way pipeline: read -> validate -> compute -> layout -> write.

Library entry points used by the CLI, batch builds and tests. Everything is read and computed before
anything is written; outputs go to a temporary file that is renamed into place.
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .date_system import package_date1904
from .errors import ERROR, Finding, InputError, OutputError, PdfError, UsageError, errors_in
from .inputs import Inputs
from .read import read_workbook
from .validate import validate
from .write.output_rule import check_name_length, check_run_outputs

Progress = Callable[[str], None]


def _noop(_: str) -> None:
    pass


def load_inputs(path, progress: Progress = _noop) -> tuple[Inputs, list[Finding]]:
    """Read and validate a workbook file: clean inputs and every finding (nothing raised for bad cells)."""
    progress("reading")
    raw = read_workbook(path)
    progress("validating")
    return validate(raw)


def sorted_findings(findings) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


@dataclass
class BuildResult:
    output: Path
    month: str
    language: str
    findings: list[Finding]
    model: object                       # compute.model.ReportModel
    pdf: Path | None = None
    pdf_warnings: list[str] = field(default_factory=list)   # fonts the PDF was printed without
    json: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    report_sheets: tuple[str, ...] = ()
    replaced_sheets: tuple[str, ...] = ()
    kept_copies: tuple[str, ...] = ()               # users' copies of report sheets: kept, now theirs
    named_apart: tuple[tuple[str, str], ...] = ()   # (user's sheet, the report sheet named apart from it)


# What `-o` may name: the workbook itself (a PDF is asked for with --pdf, not by the output's name).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def output_is_folder(output) -> bool:
    """`-o DIR/` (ending in a path separator) or an existing folder means a folder for the output."""
    text = os.fspath(output)
    separators = tuple(s for s in (os.sep, os.altsep, "/") if s)
    return text.endswith(separators) or Path(text).is_dir()


def check_output(output, lang: str = "en") -> None:
    """Refuse, before any work, an output file whose extension cannot be a workbook's."""
    from .i18n import t

    if output is None:
        return
    check_name_length(output, "output")
    if output_is_folder(output):
        return
    suffix = Path(output).suffix
    if suffix.lower() not in WORKBOOK_SUFFIXES:
        raise UsageError(t(lang, "cli.bad_output_suffix", path=os.fspath(output), suffix=suffix))


def default_output(workbook: Path, month: str, report_only: bool) -> Path:
    """`<input>-report-<month>.xlsx` beside the input (.xlsm kept for a full build of an .xlsm)."""
    suffix = ".xlsm" if (workbook.suffix.lower() == ".xlsm" and not report_only) else ".xlsx"
    return workbook.with_name(f"{workbook.stem}-report-{month}{suffix}")


def _outputs(report, json_path, pdf_path) -> list[tuple[str, str, object]]:
    """A build's outputs for the output rule (write/output_rule.py): (what, option, path)."""
    return [("report (-o)", "output (-o)", report), ("JSON (--json)", "file for --json", json_path),
            ("PDF (--pdf)", "file for --pdf", pdf_path)]


def remove_leftover_temp_files(path) -> list[Path]:
    """Remove the hidden temporary files an interrupted build left beside the output `path`.

    Every output is written to `.<name>.<8 random>.tmp` beside it and renamed into place
    (write/atomic.py); a build killed while writing cannot remove its own, so the next build of the
    same output does. Only names of exactly that shape are touched."""
    from .write.atomic import remove_leftovers

    return remove_leftovers(path)


def build_report(workbook, output=None, *, month=None, lang=None, report_only: bool = False,
                 pdf: bool | str | Path = False, json_path=None, progress: Progress = _noop,
                 built_at: str | None = None,
                 loaded: tuple[Inputs, list[Finding]] | None = None) -> BuildResult:
    """Build the report of one workbook and month into a new workbook (the input is only read).

    Full build: the input workbook's package, unchanged, plus the report sheets (lossless merge).
    `report_only`: a workbook with just the report. Raises InputError when the inputs have errors.
    `built_at` fixes the build timestamp (the only value that differs between two builds of the same input).
    `loaded` passes inputs already read and validated from `workbook` (batch builds of several months
    read each workbook once).
    """
    from .compute import compute_report
    from .layout import layout_report
    from .write.openpyxl_writer import save_report
    from .write.report_json import write_json

    workbook = Path(workbook)
    check_output(output, lang or "en")
    pdf_named = Path(pdf) if isinstance(pdf, (str, Path)) and not isinstance(pdf, bool) else None
    # Said before the read where the names are known already; again once the report's name is.
    check_run_outputs(_outputs(None if output is None or output_is_folder(output) else output,
                               json_path, pdf_named), [workbook])
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    inputs, findings = loaded if loaded is not None else load_inputs(workbook, progress)
    lap("read+validate")
    if errors_in(findings):
        raise InputError(findings)
    if month is not None:
        from .compute.report import parse_month
        from .validate.day_settings import for_month
        from .validate.month import month_outside_data

        outside = month_outside_data(inputs, parse_month(month))
        if outside is not None:
            raise InputError([*findings, outside])
        findings = for_month(findings, inputs, parse_month(month))
    progress("computing")
    model = compute_report(inputs, findings, month=month, lang=lang, built_at=built_at)
    lap("compute")
    # A full build keeps every sheet of the input: a report sheet whose name one of them has is named apart.
    # The lossless merge (package_merge, which needs lxml) is imported only for a full build, so a
    # report-only build runs where lxml is not installed (xlwings Lite loads it only on demand).
    user_sheets: list[str] = []
    if not report_only:
        from .write.package_merge import input_user_sheets, merge_report

        user_sheets = input_user_sheets(workbook)
    layout = layout_report(model, user_sheets=user_sheets)
    lap("layout")
    out = Path(output) if output else default_output(workbook, model.meta.month, report_only)
    if output and output_is_folder(output):     # created when missing, by the writers
        out = out / default_output(workbook, model.meta.month, report_only).name
    pdf_path = (pdf_named or out.with_suffix(".pdf")) if pdf else None
    check_run_outputs(_outputs(out, json_path, pdf_path), [workbook])
    progress("writing")
    replaced: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()
    if report_only:
        save_report(layout, out)
    else:
        with tempfile.TemporaryDirectory(prefix="salesreport-") as tmp:
            # Dates go into the merged workbook as serials of its own date system.
            report = save_report(layout, Path(tmp) / "report.xlsx", date1904=package_date1904(workbook))
            merged = merge_report(workbook, report, out, [s.name for s in layout.sheets])
            replaced, copies = merged.replaced_sheet_names, merged.kept_copies
    remove_leftover_temp_files(out)
    lap("write")
    from .layout.sections import report_sheet_names

    apart = tuple((want, got) for want, got in zip(report_sheet_names(layout.language), layout.sheet_names)
                  if want != got)
    result = BuildResult(out, model.meta.month, model.meta.language, findings, model,
                         report_sheets=tuple(s.name for s in layout.sheets), replaced_sheets=replaced,
                         kept_copies=copies,
                         named_apart=apart)
    if json_path:
        result.json = write_json(model, json_path)
        remove_leftover_temp_files(result.json)
        lap("json")
    if pdf:
        from .write.pdf import export_pdf, font_warnings

        progress("printing to PDF")
        result.pdf_warnings = font_warnings(layout.language)
        try:
            result.pdf = export_pdf(out, pdf_path, [s.name for s in layout.sheets])
        except OutputError as exc:      # the workbook is written: the caller must be able to say so
            result.seconds = timings
            raise PdfError(f"no PDF: {exc}", result) from None
        remove_leftover_temp_files(result.pdf)
        lap("pdf")
    result.seconds = timings
    return result
