"""The Excel edge: the functions the workbook's buttons run (through xlwings' RunPython, or as xlwings
Lite scripts, see `lite`).

    RunPython "import salesreport_xl.excel as sr; sr.generate()"

Each takes an xlwings Book (default: the workbook that called, `xw.Book.caller()`). Generate reads
the workbook once (write/book_state.py: on Excel for Windows from one copy Excel saves of it, elsewhere
each input sheet in one bulk read of its used range, the sheets, names and tables listed once),
validates, computes and lays out the whole report *before* it touches the workbook: when the inputs have errors the previous report sheets stay
as they are, only the Checks sheet is rewritten (it lists every finding with its cell), and a message
box names the first problems. Progress shows in Excel's status bar where the engine has one.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from .errors import Finding, SalesReportError, errors_in
from .i18n import normalize_lang, t

# How many problems the message box names (all of them are on the Checks sheet).
ALERT_PROBLEMS = 5

# --------------------------------------------------------------------------------------- entry points
def generate(book=None, *, month: str | None = None, built_at: str | None = None):
    """Build (or rebuild) the report in `book`. Returns the writer's result, or None when the inputs
    have errors (then only the Checks sheet is written and an alert is shown)."""
    from .compute import compute_report
    from .layout import layout_report
    from .write.book_read import read_book_state
    from .write.xlwings_writer import write_report

    book = _book(book)
    status = _Status(book)
    try:
        status("reading")
        state = read_book_state(book)          # the one read of the workbook (write/book_read.py)
        inputs, findings = read_inputs(book, state)
        lang = _lang(inputs)
        status.lang = lang
        if errors_in(findings):
            _write_checks_only(book, inputs, findings, lang, built_at, state)
            _alert_errors(book, findings, lang)
            return None
        status("computing")
        if month is not None:
            from .compute.report import parse_month
            from .validate.day_settings import for_month

            findings = for_month(findings, inputs, parse_month(month))
        model = compute_report(inputs, findings, month=month, built_at=built_at)
        layout = layout_report(model, user_sheets=state.user_sheets())
        lang = layout.language
        status.lang = lang
        result = _with_screen_off(book, lambda: write_report(
            book, layout, progress=lambda step: status("writing", step=step), state=state))
        if result.skipped:
            try:
                _note_skipped(book, layout.sheets[-1], result.skipped, lang)
            except Exception:  # the report is in; only the note of what the engine left out is missing
                pass
        if result.leftover:
            _alert(book, t(lang, "xl_leftover", sheets=", ".join(result.leftover)), t(lang, "xl_failed_title"),
                   mode="warning")
        return result
    except SalesReportError as exc:
        # A problem the user can act on (a bad month, a protected workbook, a sheet name taken): one
        # clear message, not a Python traceback in a message box.
        _alert(book, str(exc), t(status.lang, "xl_failed_title"), mode="critical")
        return None
    except Exception as exc:  # Excel or the engine refused a step: the swap has put the old report back
        _alert(book, t(status.lang, "xl_stopped", error=f"{type(exc).__name__}: {exc}"),
               t(status.lang, "xl_failed_title"), mode="critical")
        return None
    finally:
        status.clear()


def validate_inputs(book=None, *, built_at: str | None = None) -> list[Finding]:
    """Check the input sheets: rewrite the Checks sheet with every finding and show a message box
    (the first errors, or that there are none). The report sheets are left as they are."""
    from .write.book_read import read_book_state

    book = _book(book)
    status = _Status(book)
    try:
        status("reading")
        state = read_book_state(book)
        inputs, findings = read_inputs(book, state)
        lang = _lang(inputs)
        _write_checks_only(book, inputs, findings, lang, built_at, state)
        if errors_in(findings):
            _alert_errors(book, findings, lang)
        else:
            warnings = sum(1 for f in findings if f.severity == "warning")
            _alert(book, t(lang, "xl_valid", w=warnings, i=len(findings) - warnings), t(lang, "xl_valid_title"),
                   mode="info")
        return findings
    except Exception as exc:  # as in generate: the Checks sheet was swapped back, a message says why
        _alert(book, t(status.lang, "xl_stopped", error=f"{type(exc).__name__}: {exc}"),
               t(status.lang, "xl_failed_title"), mode="critical")
        return []
    finally:
        status.clear()


def clear_report(book=None):
    """Remove the report's sheets (write.report_sheets' rule) and the SR_* names; input sheets and any
    other sheet or name stay as they are."""
    from .compute.model import FIGURE_NAMES
    from .write.xlwings_writer import remove_report

    book = _book(book)
    result = remove_report(book, FIGURE_NAMES)
    _set_status(book, t("en", "xl_cleared", n=len(result.removed_sheets)))
    _set_status(book, False)
    return result


# --------------------------------------------------------------------------------------- reading
def read_values(book, state=None) -> dict[str, tuple[list[list[Any]], int, int]]:
    """{sheet name: (values, top row, left column)}: one bulk read of each input sheet's used range,
    taken with the rest of the workbook's snapshot (write/book_state.py) unless `state` has it (Generate
    on Windows reads a saved copy instead: `read_inputs`).

    Report sheets of a previous Generate are not read. Excel error cells come back as their text
    ("#N/A"), so validation can name them.
    """
    from .write.book_read import read_book_state

    if state is None or state.raw is not None:       # the values as the engine gives them, not a copy's
        state = read_book_state(book, copy=False)
    return state.inputs


def read_table_totals(book, names) -> dict[str, tuple[int, ...]]:
    """{sheet name: the Excel rows of its tables' totals rows} for the sheets `names`: a table showing
    its Total row (ShowTotals) holds there what its totals say (a sum, an average, a count, any label),
    never order lines. One look per table (the remote engine has them in its payload already)."""
    out = {}
    for name in names:
        rows = []
        for table in book.sheets[name].tables:
            totals = table.totals_row_range if table.show_totals else None
            if totals is not None:
                rows.append(totals.row)
        if rows:
            out[name] = tuple(rows)
    return out


def read_inputs(book, state=None):
    """The book's inputs, validated: (Inputs, findings)."""
    from .read import workbook_from_values
    from .validate import validate

    source = getattr(book, "name", "") or "<excel>"
    if state is not None and state.raw is not None:        # read from a saved copy (write/book_copy.py):
        raw = state.raw                                     # its tables' totals rows are read with it
        raw.source = source
    else:
        values = read_values(book, state)
        raw = workbook_from_values(values, source=source, table_totals=read_table_totals(book, values))
    return validate(raw)


# --------------------------------------------------------------------------------------- helpers
def _book(book):
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _lang(inputs) -> str:
    return normalize_lang(getattr(inputs.settings, "language", ""))


def checks_only_layout(inputs, findings, lang: str, built_at: str | None = None, user_sheets=()):
    """The Checks sheet plan alone, for inputs too broken to build a report from."""
    from .compute.checks import compute_checks
    from .compute.report import compute_meta, resolve_month
    from .layout.checks import layout_checks
    from .layout.context import Context
    from .layout.sections import sheet_names_apart

    try:
        month = resolve_month(inputs)
    except Exception:  # an unusable report_month is itself one of the findings
        import pandas as pd

        month = pd.Timestamp.now().to_period("M")
    meta = compute_meta(inputs, month, lang, built_at)
    # layout_checks reads only the model's meta and checks section.
    model = SimpleNamespace(meta=meta, checks=compute_checks(inputs, findings))
    plan, _names = layout_checks(model, Context(meta, lang, sheet_names_apart(lang, user_sheets)))
    return plan


def _write_checks_only(book, inputs, findings, lang, built_at, state) -> None:
    from .write.report_sheets import section_sheets
    from .write.xlwings_writer import replace_sheets

    old = section_sheets(state.report_sheets(), "checks")
    plan = checks_only_layout(inputs, findings, lang, built_at, user_sheets=state.user_sheets())
    result = replace_sheets(book, [plan], (), old, state=state)
    if result.skipped:
        _note_skipped(book, plan, result.skipped, lang)


def _note_skipped(book, checks_plan, skipped: list[str], lang: str) -> None:
    """List what the engine could not apply below the Checks sheet's content (one block write)."""
    from .layout.blocks import split_cell, split_range

    last = 0
    for block in checks_plan.blocks:
        for anchor, grid in block.writes():
            last = max(last, split_cell(anchor)[0] + len(grid) - 1)
        for rng, _ in block.formats():
            last = max(last, split_range(rng)[2])
    rows = [[t(lang, "xl_skipped")]] + [[f"• {s}"] for s in skipped]
    book.sheets[checks_plan.name][f"B{last + 2}"].value = rows


def _alert_errors(book, findings, lang: str) -> None:
    errs = errors_in(sorted(findings, key=Finding.sort_key))
    lines = [t(lang, "xl_errors_one") if len(errs) == 1 else t(lang, "xl_errors", n=len(errs))]
    lines += [f"• {f.text(lang)}" for f in errs[:ALERT_PROBLEMS]]
    if len(errs) > ALERT_PROBLEMS:
        lines.append(t(lang, "xl_more", n=len(errs) - ALERT_PROBLEMS))
    _alert(book, "\n".join(lines), t(lang, "xl_errors_title"), mode="critical")


def _alert(book, prompt: str, title: str, mode: str) -> None:
    try:
        book.app.alert(prompt, title=title, mode=mode)
    except Exception:  # an engine without message boxes: the Checks sheet still says it all
        pass


class _Status:
    """Messages in Excel's status bar, where the engine has one."""

    def __init__(self, book):
        self.book = book
        self.lang = "en"

    def __call__(self, key: str, **kw) -> None:
        _set_status(self.book, t(self.lang, f"xl_{key}", **kw))

    def clear(self) -> None:
        _set_status(self.book, False)


def _set_status(book, text) -> None:
    try:
        book.app.status_bar = text
    except Exception:  # the remote engine and xlwings Lite have no status bar
        pass


def _with_screen_off(book, action):
    """Run `action` with screen updating off (desktop Excel repaints after every write otherwise)."""
    try:
        book.app.screen_updating = False
        switched = True
    except Exception:
        switched = False
    try:
        return action()
    finally:
        if switched:
            try:
                book.app.screen_updating = True
            except Exception:
                pass
