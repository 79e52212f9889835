"""Writers: a ReportLayout -> a workbook (openpyxl headless; xlwings live), PDF, normalised dumps.

Imports are lazy so that importing one writer never pulls in another's dependencies.
"""
from __future__ import annotations


def render_workbook(layout, wb=None):
    from .openpyxl_writer import render_workbook as _render

    return _render(layout, wb)


def save_report(layout, path, wb=None):
    from .openpyxl_writer import save_report as _save

    return _save(layout, path, wb)


def export_pdf(xlsx_path, pdf_path, sheets=None, **kw):
    from .pdf import export_pdf as _export

    return _export(xlsx_path, pdf_path, sheets, **kw)


def dump_workbook(path_or_wb, sheets=None):
    from .dump import dump_workbook as _dump

    return _dump(path_or_wb, sheets)


__all__ = ["render_workbook", "save_report", "export_pdf", "dump_workbook"]
