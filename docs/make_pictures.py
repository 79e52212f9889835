"""Regenerate the README pictures: the Summary page of the demo report, as LibreOffice prints it.

    python docs/make_pictures.py            # docs/summary.png and docs/summary_zh.png
    python docs/make_pictures.py --lang en  # only the English one

Needs LibreOffice (soffice) and poppler's pdftoppm. Builds the demo workbook in a temporary folder,
builds its report (report sheets only), prints the Summary sheet to PDF through the project's own
`salesreport_xl.write.pdf.export_pdf`, and renders page 1 about 1100 pixels wide.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from salesreport_xl.demo import write_demo  # noqa: E402
from salesreport_xl.layout.sections import report_sheet_names  # noqa: E402
from salesreport_xl.pipeline import build_report  # noqa: E402
from salesreport_xl.write.pdf import export_pdf  # noqa: E402

WIDTH_PX = 1100
BUILT_AT = "2025-10-01T09:00:00+08:00"     # a fixed build time: the picture only changes with the report
PICTURE = {"en": "summary.png", "zh": "summary_zh.png"}


def summary_picture(lang: str, out: Path) -> Path:
    """Render the Summary page of the `lang` demo report to the PNG `out`."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="salesreport-pictures-") as tmp:
        tmp = Path(tmp)
        workbook = write_demo(tmp, lang)
        report = tmp / f"report_{lang}.xlsx"
        build_report(workbook, report, lang=lang, report_only=True, built_at=BUILT_AT)
        pdf = export_pdf(report, tmp / "summary.pdf", sheets=[report_sheet_names(lang)[0]])
        # -r 80 renders A4 landscape 935 px wide; -scale-to-x brings it to the README's width.
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        "-scale-to-x", str(WIDTH_PX), "-scale-to-y", "-1", str(pdf), str(tmp / "page")],
                       check=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp / "page.png", out)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(PICTURE), action="append",
                        help="language(s) to render (default: all)")
    args = parser.parse_args(argv)
    for lang in args.lang or sorted(PICTURE):
        print(summary_picture(lang, DOCS / PICTURE[lang]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
