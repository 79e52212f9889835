"""PDF of the report sheets through LibreOffice (`soffice --headless --convert-to pdf`).

The workbook is not loaded and re-saved (openpyxl would drop the charts): a temporary copy of the .xlsx
has every sheet but the report's marked hidden in xl/workbook.xml, and LibreOffice prints only visible
sheets — so the PDF starts with Summary. LibreOffice runs with its own throw-away profile, so it works
next to a running LibreOffice and in parallel batch builds.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..errors import OutputError
from .atomic import copy_file

TIMEOUT_S = 180
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b[^>]*?/>")
_NAME_ATTR = re.compile(r'\bname="([^"]*)"')
_STATE_ATTR = re.compile(r'\sstate="[^"]*"')
_PRINT_AREA = re.compile(r'<(?:\w+:)?definedName\b(?=[^>]*\bname="_xlnm\.Print_Area")[^>]*?\blocalSheetId="(\d+)"[^>]*>'
                         r'[^<]*</(?:\w+:)?definedName>')


def find_soffice() -> str | None:
    """The LibreOffice executable: $SALESREPORT_SOFFICE, else soffice / libreoffice on PATH."""
    env = os.environ.get("SALESREPORT_SOFFICE")
    if env:
        return env if (os.path.exists(env) or shutil.which(env)) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in ("/Applications/LibreOffice.app/Contents/MacOS/soffice",
                 r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if os.path.exists(path):
            return path
    return None


# The report's fonts and the ones that print with the same metrics (so a text fits the cell it was
# measured for): Calibri or Carlito for Latin text; a Noto / Source Han CJK font (or Windows' own
# Chinese fonts) for Chinese.
LATIN_FONTS = ("calibri", "carlito")
CJK_FONTS = ("noto sans cjk", "noto serif cjk", "source han", "microsoft yahei", "dengxian", "simsun", "simhei")


def font_warnings(lang: str) -> list[str]:
    """What the PDF converter would print in another font than the report's, asked of fontconfig
    (`fc-match`, `fc-list`; where fontconfig is not installed, as on Windows, nothing is said). Each
    warning names the font to install."""
    fc_match, fc_list = shutil.which("fc-match"), shutil.which("fc-list")
    if not fc_match or not fc_list:
        return []
    out = []
    try:
        latin = subprocess.run([fc_match, "-f", "%{family}", "Calibri"], capture_output=True, text=True,
                               timeout=20).stdout
        if not any(f in latin.lower() for f in LATIN_FONTS):
            out.append(f"the PDF prints Calibri text in {latin.split(',')[0] or 'another font'}: lines may "
                       "overprint; install Carlito (Debian/Ubuntu: fonts-crosextra-carlito)")
        if lang == "zh":
            cjk = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=20).stdout
            if not any(f in cjk.lower() for f in CJK_FONTS):
                out.append("no Chinese font for the PDF (Noto Sans CJK): install it (Debian/Ubuntu: fonts-noto-cjk)")
    except (OSError, subprocess.SubprocessError):
        return out
    return out


def export_pdf(xlsx_path, pdf_path, sheets=None, *, timeout: float = TIMEOUT_S) -> Path:
    """Print `sheets` (default: the report sheets found in the workbook, else all) of `xlsx_path` to
    `pdf_path`. Sheets print in workbook order; the report's is Summary first. Raises OutputError when
    LibreOffice is missing, fails or times out."""
    xlsx_path, pdf_path = Path(xlsx_path), Path(pdf_path)
    soffice = find_soffice()
    if soffice is None:
        raise OutputError("LibreOffice is not installed (no 'soffice' on PATH): install LibreOffice to get "
                          "a PDF, or build without --pdf")
    if not xlsx_path.exists():
        raise OutputError(f"no such workbook: {xlsx_path}")
    if sheets is None:
        from .package_merge import input_report_sheets

        sheets = input_report_sheets(xlsx_path)
    with tempfile.TemporaryDirectory(prefix="salesreport-pdf-") as tmp:
        tmp = Path(tmp)
        src = tmp / "report.xlsx"
        _copy_with_only(xlsx_path, src, set(sheets))
        profile = (tmp / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(tmp / "out"), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise OutputError(f"LibreOffice did not finish the PDF within {timeout:.0f} s") from exc
        except OSError as exc:
            raise OutputError(f"cannot run LibreOffice ({soffice}): {exc}") from exc
        out = tmp / "out" / "report.pdf"
        if not out.exists():
            detail = (proc.stderr or proc.stdout or "").strip().splitlines()
            raise OutputError("LibreOffice could not convert the workbook to PDF"
                              + (f": {detail[-1]}" if detail else ""))
        copy_file(out, pdf_path)
    return pdf_path


def _copy_with_only(src: Path, dst: Path, visible: set[str]) -> None:
    """Copy the package, hiding every sheet not in `visible` (when at least one of them is there)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = _hide_sheets(data.decode("utf-8"), visible).encode("utf-8")
            zout.writestr(item, data)


def _hide_sheets(xml: str, visible: set[str]) -> str:
    tags = _SHEET_TAG.findall(xml)
    names = [html.unescape(_NAME_ATTR.search(t).group(1)) if _NAME_ATTR.search(t) else "" for t in tags]
    shown = [i for i, n in enumerate(names) if n in visible]
    if not shown:
        return xml
    out = xml
    for i, tag in enumerate(tags):
        new = _STATE_ATTR.sub("", tag)
        if i not in shown:
            new = new[:-2].rstrip() + ' state="hidden"/>'
        out = out.replace(tag, new, 1)
    # LibreOffice prints a hidden sheet that has a print area: the print areas of hidden sheets go.
    hidden = {str(i) for i in range(len(tags)) if i not in shown}
    out = _PRINT_AREA.sub(lambda m: "" if m.group(1) in hidden else m.group(0), out)
    # The active and first visible tab must be a shown sheet, or Excel/LibreOffice complain.
    # A hidden active sheet is shown again by LibreOffice (and printed), so set both explicitly.
    out = re.sub(r'\s(?:activeTab|firstSheet)="\d+"', "", out)
    out = re.sub(r"<((?:\w+:)?workbookView)\b", rf'<\1 activeTab="{shown[0]}" firstSheet="{shown[0]}"', out)
    return out
