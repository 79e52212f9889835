"""Read: a workbook (file or in-memory values) -> raw positioned sheets, before interpretation."""
from .file import read_workbook
from .raw import RawSheet, RawWorkbook
from .values import sheet_from_values, workbook_from_values

__all__ = ["read_workbook", "workbook_from_values", "sheet_from_values", "RawSheet", "RawWorkbook"]
