"""A figure that is not zero never reads as zero (i18n.numbers.Shown).

Hand-made month (2025-03), worked by hand:
  C1 buys P1 for ¥74,570 and P3 for ¥30; C2 buys P2 for ¥400 -> the month's sales are ¥75,000.
  P3 is the only product of category B: B's share, 0.04 %, is "<0.1%" on the category pie's label too.
  In 万 with one decimal a cell shows tenths of 万 (¥1,000): ¥400 = 0.04万 and ¥30 = 0.003万 both round
  to "0.0", so they read "<0.1"; P3's share 30 / 75,000 = 0.04 % rounds to "0.0%" and reads "<0.1%";
  P2's share 400 / 75,000 = 0.533 % reads "0.5%" as before. P4 sold ¥5,000 in February only: its 0 this
  month still reads "0.0" — zero is not a small figure.
"""
from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from compute_fixtures import compute_report, make_inputs, sale
from ooxml_check import assert_ooxml_clean
from salesreport_xl.i18n.numbers import CHANGE, DAYS, MULTIPLE, PERCENT, Money, multiple_text, number_text, percent_text
from salesreport_xl.compute.model import Arg
from salesreport_xl.i18n.phrasing import Phraser
from salesreport_xl.layout import layout_report
from salesreport_xl.write import xlwings_writer as X
from salesreport_xl.write.openpyxl_writer import render_workbook, save_atomic
from salesreport_xl.write.pdf import export_pdf, find_soffice

# The formats, written out by hand: under 500 yuan (half of 0.1万) and above 0 the cell shows "<0.1"; a
# negative one is only ever formatted under [<0] with its "-" written (see i18n.numbers).
SMALL_WAN = '[>=500]0"."0,;[>0]"<0.1";0"."0,'
SMALL_NEGATIVE_WAN = '[<0]"-<0.1";[=0]0"."0,;0"."0,'
SMALL_SHARE = '[>=0.0005]0.0%;[>0]"<0.1%";0.0%'


@pytest.mark.parametrize("money, value, text", [
    (Money("en", "¥", 10000), 400, "<¥0.1万"),            # 0.04万
    (Money("en", "¥", 10000), 30, "<¥0.1万"),             # 0.003万
    (Money("en", "¥", 10000), 499.99, "<¥0.1万"),
    (Money("en", "¥", 10000), 500, "¥0.1万"),             # 0.05万 rounds up to 0.1 (Excel does too)
    (Money("en", "¥", 10000), -365.39, "-<¥0.1万"),       # a shortfall of ¥365: not "-¥0.0万"
    (Money("en", "¥", 10000), 0, "¥0.0万"),               # zero stays zero
    (Money("zh", "¥", 10000), 400, "<0.1万元"),
    (Money("en", "$", 1000), 30, "<$0.1k"),               # 0.03k; half a step is $50
    (Money("en", "$", 1000), 50, "$0.1k"),
    (Money("en", "$", 1), 0.3, "<$1"),                    # whole yuan/dollars: 30 cents
    (Money("zh", "$", 10000), 400, "<0.1万美元"),
])
def test_an_amount_that_rounds_to_nothing_says_it_is_small(money, value, text):
    assert money.text(value) == text


def test_percentages_and_changes_that_round_to_nothing():
    assert percent_text(0.0004) == "<0.1%"                # a 0.04 % share
    assert percent_text(0.0005) == "0.1%"
    assert percent_text(0.0004, signed=True) == "+<0.1%"  # a change of +0.04 %
    assert percent_text(-0.0004, signed=True) == "-<0.1%"
    assert percent_text(0.0) == "0.0%" and percent_text(-0.0, signed=True) == "0.0%"
    assert number_text(-0.004, digits=2, signed=True) == "-<0.01"      # a score 0.004 points lower
    assert number_text(0.0, digits=2, signed=True) == "0.00"


def test_days_and_multiples_that_round_to_nothing():
    # a mean of 1 day over 30 deals: 0.033 days reads "<0.1", not "0.0"; a coverage of 0.004×
    assert DAYS.cell_format(1 / 30) == '[>=0.05]0.0;[>0]"<0.1";0.0'
    assert DAYS.cell_format(0.0) == "0.0"
    assert MULTIPLE.cell_format(0.004) == '[>=0.005]0.00"×";[>0]"<0.01×";0.00"×"'
    assert multiple_text(0.004) == "<0.01×" and multiple_text(0.874) == "0.87×"


def test_sentences_say_small_figures_the_same_way():
    say = Phraser(Money("zh", "¥", 10000))
    assert say.say(Arg("amount", 400)) == "<0.1万元"
    assert say.say(Arg("signed_amount", 400)) == "+<0.1万元"
    assert say.say(Arg("percent", 0.0004)) == "<0.1%"


def test_cell_formats_by_value():
    wan = Money("en", "¥", 10000).table_shown
    assert wan.cell_format(400) == SMALL_WAN
    assert wan.cell_format(-365.39) == SMALL_NEGATIVE_WAN
    assert wan.cell_format(0) == '0"."0,' and wan.cell_format(500) == '0"."0,'
    assert PERCENT.cell_format(0.0004) == SMALL_SHARE and PERCENT.cell_format(0.0) == "0.0%"
    assert CHANGE.cell_format(-0.0004) == '[<0]"-<0.1%";[=0]0.0%;+0.0%'
    kpi = Money("zh", "¥", 10000).kpi_shown
    assert kpi.cell_format(400) == '[>=500]0"."0,"万元";[>0]"<0.1万元";0"."0,"万元"'


def _month():
    return make_inputs(sales=[
        sale("2025-02-10", "C1", 5000.0, product="P4"),
        sale("2025-03-05", "C1", 74570.0, product="P1"),
        sale("2025-03-12", "C1", 30.0, product="P3", category="B"),
        sale("2025-03-10", "C2", 400.0, product="P2"),
    ], report_month="2025-03", display_unit=10000, currency="¥")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    model = compute_report(_month(), month="2025-03", lang="en", built_at="2025-04-02T09:00:00")
    layout = layout_report(model)
    xlsx = folder / "report.xlsx"
    save_atomic(render_workbook(layout), xlsx)
    return layout, xlsx


def _cells(xlsx, value):
    wb = openpyxl.load_workbook(xlsx)
    return [(ws.title, c.coordinate, c.number_format) for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
            and abs(c.value - value) < 1e-9 and "%" not in c.number_format
            and c.column < 40]                         # not the charts' helper data


def test_small_customer_and_product_cells_get_the_small_format(built):
    _, xlsx = built
    for value in (400.0, 30.0):
        cells = [c for c in _cells(xlsx, value) if '0"."0,' in c[2]]
        assert cells, f"no amount cell holds {value}"
        assert all(fmt == SMALL_WAN for _, _, fmt in cells), cells
    shares = [c for ws in openpyxl.load_workbook(xlsx).worksheets for row in ws.iter_rows() for c in row
              if isinstance(c.value, float) and abs(c.value - 30 / 75000) < 1e-12]
    assert shares and all(c.number_format == SMALL_SHARE for c in shares)
    # P4's zero this month keeps the column's own format: it reads "0.0"
    zeros = [c for c in _cells(xlsx, 0.0) if '0"."0,' in c[2]]
    assert zeros and all(fmt == '0"."0,' for _, _, fmt in zeros)


def test_the_excel_writer_gets_the_same_format_string(built):
    layout, xlsx = built
    wb = openpyxl.load_workbook(xlsx)
    checked = 0
    for plan in layout.sheets:
        styles = X.resolved_styles(plan)
        ws = wb[plan.name]
        for (r, c), st in styles.items():
            if st.number_format in (SMALL_WAN, SMALL_SHARE):
                assert ws.cell(r, c).number_format == st.number_format
                checked += 1
    assert checked >= 3


def test_the_category_pie_is_labelled_with_the_share_column(built):
    layout, _ = built
    (pie,) = [c for p in layout.sheets for c in p.charts if c.name == "sales_category"]
    assert pie.data_label_format == SMALL_SHARE and not pie.show_percent


def test_the_workbook_passes_the_ooxml_checks(built):
    assert_ooxml_clean(built[1])


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext not installed")
def test_libreoffice_prints_small_figures_as_small(built, tmp_path):
    pdf = export_pdf(built[1], tmp_path / "report.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = text.splitlines()
    p3 = [ln for ln in lines if ln.split()[:1] == ["P3"]]
    p2 = [ln for ln in lines if ln.split()[:1] == ["P2"]]
    assert p3 and all("<0.1" in ln and "<0.1%" in ln for ln in p3), p3
    assert p2 and all("<0.1" in ln and "0.5%" in ln for ln in p2), p2
    p4 = [ln for ln in lines if ln.split()[:1] == ["P4"]]
    # product, category, this month ... share: nothing this month reads 0.0 and 0.0%
    assert p4 and all(ln.split()[2] == "0.0" and ln.split()[-1] == "0.0%" for ln in p4), p4
    # the pie's labels stand alone on their lines (as do the ABC chart's axis ticks, 0% .. 40%):
    # category B's slice reads <0.1%
    labels = {ln.strip() for ln in lines if ln.strip().endswith("%") and len(ln.split()) == 1}
    assert "<0.1%" in labels and "0.0%" not in labels, labels
