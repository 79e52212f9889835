"""Writers: a ReportLayout -> a workbook (openpyxl headless; xlwings live), the lossless merge, PDF,
JSON and normalised dumps; every file through write/atomic.py. Import the writer module you need:
importing one never pulls in another's dependencies."""
