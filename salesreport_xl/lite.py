"""xlwings Lite scripts: the same entry points as the Generate / Validate / Clear buttons, for Excel
with xlwings Lite (Python in the browser through Pyodide, Excel on the web included).

Paste this into the xlwings Lite editor's main.py (or keep the import below and paste only the
functions), and list `salesreport-xl` (its wheel URL or a package index name) in the Lite
requirements.txt; pandas, pyarrow, lxml, openpyxl and xlsxwriter come from Pyodide, and the fast
readers with no Pyodide build (fastexcel, python-calamine) are skipped there by their
`sys_platform != "emscripten"` markers. See macros/README.md.

Each script hands Lite's book to `salesreport_xl.excel`, so Lite builds exactly the report the
desktop button builds. Lite has no status bar; progress is not shown there, and what Lite's engine
cannot apply is listed on the Checks sheet.
"""
from __future__ import annotations

import xlwings as xw

from . import excel

try:  # `script` is a no-op marker outside Lite; older xlwings versions lack it.
    from xlwings import script
except ImportError:  # pragma: no cover
    def script(func=None, **_kw):
        return func if func is not None else (lambda f: f)


@script
def generate_report(book: xw.Book):
    """Build (or rebuild) the monthly report from the input sheets."""
    excel.generate(book)


@script
def validate_inputs(book: xw.Book):
    """Check the input sheets; every finding goes to the Checks sheet."""
    excel.validate_inputs(book)


@script
def clear_report(book: xw.Book):
    """Remove the report sheets and the SR_* names."""
    excel.clear_report(book)
