"""The Excel edge: the functions the workbook's buttons run (through xlwings' RunPython, or as xlwings
Lite scripts, see `lite`).

    RunPython "import salesreport_xl.excel as sr; sr.generate()"

Each takes an xlwings Book (default: the workbook that called, `xw.Book.caller()`). Generate reads
every input sheet with one bulk read of its used range, validates, computes and lays out the whole
report *before* it touches the workbook: when the inputs have errors the previous report sheets stay
as they are, only the Checks sheet is rewritten (it lists every finding with its cell), and a message
box names the first problems. Progress shows in Excel's status bar where the engine has one.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from .errors import Finding, SalesReportError, errors_in

# How many problems the message box names (all of them are on the Checks sheet).
ALERT_PROBLEMS = 5

# Sheets never read as inputs: xlwings' own configuration sheet.
_NOT_INPUT = {"xlwings.conf"}

_WORDS = {
    "en": {
        "reading": "Sales report: reading the input sheets…",
        "computing": "Sales report: computing…",
        "writing": "Sales report: writing {step}…",
        "done": "Sales report: done.",
        "errors_title": "Sales report: input errors",
        "failed_title": "Sales report: not generated",
        "errors": "{n} input error(s) — the report was not rebuilt. Fix these cells and run Generate again "
                  "(every finding is on the Checks sheet):",
        "more": "…and {n} more.",
        "valid_title": "Sales report: inputs checked",
        "valid": "No errors. {w} warning(s) and {i} note(s) are on the Checks sheet.",
        "cleared": "Sales report: removed {n} report sheet(s).",
        "skipped": "Not applied by this Excel engine (set by hand if needed):",
    },
    "zh": {
        "reading": "销售月报:正在读取输入表…",
        "computing": "销售月报:正在计算…",
        "writing": "销售月报:正在写入 {step}…",
        "done": "销售月报:完成。",
        "errors_title": "销售月报:输入有错误",
        "failed_title": "销售月报:未生成",
        "errors": "共 {n} 个输入错误,报告未重新生成。请修改以下单元格后再次点击“生成报告”(所有问题见“数据检查”表):",
        "more": "……另有 {n} 个。",
        "valid_title": "销售月报:输入检查",
        "valid": "没有错误。{w} 个警告和 {i} 条提示见“数据检查”表。",
        "cleared": "销售月报:已删除 {n} 张报告表。",
        "skipped": "当前 Excel 引擎未能应用(如需要请手动设置):",
    },
}


# --------------------------------------------------------------------------------------- entry points
def generate(book=None, *, month: str | None = None, built_at: str | None = None):
    """Build (or rebuild) the report in `book`. Returns the writer's result, or None when the inputs
    have errors (then only the Checks sheet is written and an alert is shown)."""
    from .compute import compute_report
    from .layout import layout_report
    from .write.xlwings_writer import write_report

    book = _book(book)
    status = _Status(book)
    try:
        status("reading")
        inputs, findings = read_inputs(book)
        lang = _lang(inputs)
        status.lang = lang
        if errors_in(findings):
            _write_checks_only(book, inputs, findings, lang, built_at)
            _alert_errors(book, findings, lang)
            return None
        status("computing")
        model = compute_report(inputs, findings, month=month, built_at=built_at)
        layout = layout_report(model)
        lang = layout.language
        status.lang = lang
        result = _with_screen_off(book, lambda: write_report(
            book, layout, progress=lambda step: status("writing", step=step)))
        if result.skipped:
            _note_skipped(book, layout.sheets[-1], result.skipped, lang)
        status("done")
        return result
    except SalesReportError as exc:
        # A problem the user can act on (a bad month, an output the engine refuses): one clear message,
        # not a Python traceback in a message box.
        _alert(book, str(exc), _WORDS[status.lang]["failed_title"], mode="critical")
        return None
    finally:
        status.clear()


def validate_inputs(book=None, *, built_at: str | None = None) -> list[Finding]:
    """Check the input sheets: rewrite the Checks sheet with every finding and show a message box
    (the first errors, or that there are none). The report sheets are left as they are."""
    book = _book(book)
    status = _Status(book)
    try:
        status("reading")
        inputs, findings = read_inputs(book)
        lang = _lang(inputs)
        _write_checks_only(book, inputs, findings, lang, built_at)
        if errors_in(findings):
            _alert_errors(book, findings, lang)
        else:
            words = _WORDS[lang]
            warnings = sum(1 for f in findings if f.severity == "warning")
            _alert(book, words["valid"].format(w=warnings, i=len(findings) - warnings), words["valid_title"],
                   mode="info")
        return findings
    finally:
        status.clear()


def clear_report(book=None):
    """Remove the report sheets (every language's names) and the SR_* names; input sheets and any
    other sheet or name stay as they are."""
    from .compute.model import FIGURE_NAMES
    from .layout.context import report_sheet_names
    from .write.xlwings_writer import remove_report

    book = _book(book)
    result = remove_report(book, set(report_sheet_names("en")) | set(report_sheet_names("zh")), FIGURE_NAMES)
    _set_status(book, _WORDS["en"]["cleared"].format(n=len(result.removed_sheets)))
    _set_status(book, False)
    return result


# --------------------------------------------------------------------------------------- reading
def read_values(book) -> dict[str, tuple[list[list[Any]], int, int]]:
    """{sheet name: (values, top row, left column)}: one bulk read of each input sheet's used range.

    Report sheets of a previous Generate are not read. Excel error cells come back as their text
    ("#N/A"), so validation can name them.
    """
    from .layout.context import report_sheet_names

    skip = set(report_sheet_names("en")) | set(report_sheet_names("zh")) | _NOT_INPUT
    out = {}
    for sheet in book.sheets:
        if sheet.name in skip:
            continue
        used = sheet.used_range
        values = used.options(ndim=2, err_to_str=True).value
        out[sheet.name] = (values, used.row, used.column)
    return out


def read_inputs(book):
    """The book's inputs, validated: (Inputs, findings)."""
    from .read import workbook_from_values
    from .validate import validate

    raw = workbook_from_values(read_values(book), source=getattr(book, "name", "") or "<excel>")
    return validate(raw)


# --------------------------------------------------------------------------------------- helpers
def _book(book):
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _lang(inputs) -> str:
    lang = (getattr(inputs.settings, "language", "") or "en").strip().lower()
    return "zh" if lang.startswith("zh") else "en"


def checks_only_layout(inputs, findings, lang: str, built_at: str | None = None):
    """The Checks sheet plan alone, for inputs too broken to build a report from."""
    from .compute.checks import compute_checks
    from .compute.report import compute_meta, resolve_month
    from .layout.checks import layout_checks
    from .layout.context import Context

    try:
        month = resolve_month(inputs)
    except Exception:  # an unusable report_month is itself one of the findings
        import pandas as pd

        month = pd.Timestamp.now().to_period("M")
    meta = compute_meta(inputs, month, lang, built_at)
    # layout_checks reads only the model's meta and checks section.
    model = SimpleNamespace(meta=meta, checks=compute_checks(inputs, findings, lang))
    plan, _names = layout_checks(model, Context(meta, lang))
    return plan


def _write_checks_only(book, inputs, findings, lang, built_at) -> None:
    from .i18n import t
    from .write.xlwings_writer import WriteResult, remove_report, write_sheet

    plan = checks_only_layout(inputs, findings, lang, built_at)
    checks_names = {t("en", "sheet.checks"), t("zh", "sheet.checks")}
    result = WriteResult()
    remove_report(book, checks_names, (), result)
    write_sheet(book, plan, result)
    if result.skipped:
        _note_skipped(book, plan, result.skipped, lang)


def _note_skipped(book, checks_plan, skipped: list[str], lang: str) -> None:
    """List what the engine could not apply below the Checks sheet's content (one block write)."""
    from .layout.plan import split_cell, split_range

    last = 0
    for block in checks_plan.blocks:
        for anchor, grid in block.writes():
            last = max(last, split_cell(anchor)[0] + len(grid) - 1)
        for rng, _ in block.formats():
            last = max(last, split_range(rng)[2])
    rows = [[_WORDS[lang]["skipped"]]] + [[f"• {s}"] for s in skipped]
    book.sheets[checks_plan.name][f"B{last + 2}"].value = rows


def _alert_errors(book, findings, lang: str) -> None:
    words = _WORDS[lang]
    errs = errors_in(sorted(findings, key=Finding.sort_key))
    lines = [words["errors"].format(n=len(errs))]
    lines += [f"• {f.text(lang)}" for f in errs[:ALERT_PROBLEMS]]
    if len(errs) > ALERT_PROBLEMS:
        lines.append(words["more"].format(n=len(errs) - ALERT_PROBLEMS))
    _alert(book, "\n".join(lines), words["errors_title"], mode="critical")


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
        _set_status(self.book, _WORDS[self.lang][key].format(**kw))

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
