"""One exception hierarchy, and the finding: what is wrong with an input, and where.

Every error raised on purpose is a `SalesReportError` (the CLI turns it into one line and an exit
code); each is also the built-in kind a Python caller already catches: a wrong call is a `ValueError`,
a file that cannot be read or an output that cannot be written an `OSError`.
"""
from __future__ import annotations

from dataclasses import dataclass

from .a1 import column_index
from .i18n.numbers import counted
from .schema import in_lang

ERROR, WARNING, INFO = "error", "warning", "info"
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    """A problem (or a note) about the input, with the sheet and cell to look at.

    `cell` is an A1 address ("J12"), a column ("J:J"), a row ("5:5") or "" for the whole sheet/book.
    """

    severity: str
    sheet: str
    cell: str
    message: str       # English
    message_zh: str = ""
    code: str = ""     # stable kind, e.g. "not_a_number", for tests and machines

    @property
    def location(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    def text(self, lang: str = "en") -> str:
        msg = in_lang(lang, self.message, self.message_zh)
        return f"{self.location}: {msg}" if self.location else msg

    def to_dict(self) -> dict:
        return {"severity": self.severity, "sheet": self.sheet, "cell": self.cell,
                "message": self.message, "message_zh": self.message_zh, "code": self.code}

    def sort_key(self):
        """Errors first, then warnings, then notes; within them by sheet, row and column."""
        first = self.cell.split(":")[0]
        letters = first.rstrip("0123456789")
        digits = first[len(letters):]
        col = column_index(letters.upper()) if letters else 0
        return (_SEVERITY_ORDER.get(self.severity, 3), self.sheet, int(digits) if digits else 0, col)


def errors_in(findings) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def write_advice(exc: OSError) -> str:
    """What went wrong with writing an output, and what to do, in a few words (for OutputError)."""
    import errno

    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full: free some space, or choose another output folder (-o), and build again"
    if code == errno.EROFS:
        return "the folder is read-only: choose another output folder (-o)"
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return "permission denied: close the file if it is open in Excel, or choose another output (-o)"
    if code in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return "a file stands where the output folder should be (or a folder where the file should be): " \
               "choose another output (-o)"
    return f"{exc.strerror or exc}: check the output folder and the disk, and build again"


class SalesReportError(Exception):
    """Base of every error this package raises on purpose. The message says what to do."""


class WorkbookError(SalesReportError, OSError):
    """The file cannot be read as a workbook (not xlsx, truncated, encrypted, refused as unsafe)."""


class InputError(SalesReportError):
    """The inputs have errors; `findings` lists them all (errors first)."""

    def __init__(self, findings):
        self.findings = sorted(findings, key=Finding.sort_key)
        errs = errors_in(self.findings)
        first = "; ".join(f.text() for f in errs[:3])
        more = f" (and {len(errs) - 3} more)" if len(errs) > 3 else ""
        super().__init__(f"{counted(len(errs), 'input error')}: {first}{more}")


class OutputError(SalesReportError, OSError):
    """The output cannot be written (path, permissions, disk, a file open in another program)."""


class PdfError(OutputError):
    """The report workbook (and JSON) are written, its PDF is not; `result` is the build's result."""

    def __init__(self, message: str, result=None):
        super().__init__(message)
        self.result = result


class UsageError(SalesReportError, ValueError):
    """The call is wrong (bad option, bad month)."""
