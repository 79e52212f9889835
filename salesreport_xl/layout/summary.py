"""Summary (摘要): title, KPI cards, highlights and the team's note — one page (the conclusion, 七、总结, is
the report's last part, on the Plan sheet)."""
from __future__ import annotations

from ..compute.model import ReportModel
from . import formats as F
from . import styles as S
from .builder import SheetBuilder
from .context import Context
from .blocks import POSITIVE, ConditionalFormat, Kpi, Style, col_letter

# Card grid: four cards a row, each two columns wide, a narrow gap column between cards.
# B is the bullet column of the highlights; cards start at C.
CARD_COLS = ((3, 4), (6, 7), (9, 10), (12, 13))
SPAN = 12                      # B..M
_WIDTHS = {2: 3.0, 3: 15.0, 4: 15.0, 5: 2.0, 6: 15.0, 7: 15.0, 8: 2.0, 9: 15.0, 10: 15.0, 11: 2.0,
           12: 15.0, 13: 15.0}


def layout_summary(model: ReportModel, ctx: Context):
    b = SheetBuilder(ctx, "summary", fit_height=1, span=SPAN, bullet_column=True)
    b.widths.update(_WIDTHS)
    m = model.meta
    title = ctx.t("summary.title", month=m.month)
    b.title(title, ctx.subtitle("summary"))
    b.no_freeze()

    for i, (name, label, value, fmt, note) in enumerate(_cards(model, ctx)):
        top = b.row + (i // 4) * 4
        c1, c2 = CARD_COLS[i % 4]
        a, z = col_letter(c1), col_letter(c2)
        kpi = Kpi(
            label_range=f"{a}{top}:{z}{top}", value_range=f"{a}{top + 1}:{z}{top + 1}",
            note_range=f"{a}{top + 2}:{z}{top + 2}",
            label=label, value=value, note=note if value is not None else " · ".join(x for x in (ctx.na, note) if x),
            label_style=S.KPI_LABEL, value_style=S.KPI_VALUE.with_format(fmt), note_style=S.KPI_NOTE,
            figure_name=name,
        )
        b.place(kpi, heights={top: 20, top + 1: 38, top + 2: 28, top + 3: 8})
        if name:
            b.define(name, kpi.value_cell)
        if name in ("SR_MOM", "SR_YOY"):
            b.sign_rule(kpi.value_cell)
        elif name == "SR_ATTAINMENT":
            cell = kpi.value_cell
            b.rule(ConditionalFormat(cell, "cell_value", "between", (1, POSITIVE[1]), S.GOOD_FONT))
            b.rule(ConditionalFormat(cell, "cell_value", "less_than", (1,), S.BAD_FONT))
    # A figure whose tile gave its place keeps its workbook name, on an empty cell (formulas on it see
    # a blank, as on any figure that is not available).
    shown = {c[0] for c in _cards(model, ctx)}
    b.blank_names([n for n in CARD_FIGURES if n not in shown])
    b.skip_rows(8)

    b.section(ctx.t("summary.highlights"))
    hl = model.summary.highlights
    if hl:
        b.paragraphs(list(ctx.words.highlights), tones=[s.tone for s in hl])
    else:
        b.empty(ctx.t("summary.no_highlights"))

    # The team's note only when there is one: a placeholder on the director's page says nothing. The
    # conclusion is the report's last part (七、总结, on the Plan sheet), as the seed orders it.
    if model.summary.summary_note:
        b.section(ctx.t("summary.note"))
        b.paragraphs(model.summary.summary_note, bullets=False)
    b.note(ctx.t("summary.footnote"))
    return b.build()


# The eight tiles of page 1, in order; a tile whose figure has no data gives its place to the first of
# the spare tiles that has one (year to date, margin, pipeline coverage, average order), so no tile reads n/a while a
# figure that exists is left out. Sales this month always stays.
CARD_FIGURES = ("SR_SALES_MONTH", "SR_MOM", "SR_YOY", "SR_ATTAINMENT", "SR_NEW_CUSTOMERS",
                "SR_CHURNED_CUSTOMERS", "SR_SATISFACTION", "SR_ACTIVITIES")


def _cards(model: ReportModel, ctx: Context) -> list[tuple[str, str, object, str, str]]:
    """(figure name or "", label, value, number format, note) of the eight tiles."""
    fig = model.figures
    sat = model.customers.satisfaction
    acts = model.team.activities
    s = model.sales
    prev = ctx.amount(fig.get("SR_SALES_PREV_MONTH"))
    notes = {
        "SR_SALES_MONTH": ctx.t("kpi.note.sales", prev=prev),
        "SR_MOM": ctx.t("kpi.note.mom", prev=prev) if fig.get("SR_MOM") is not None else ctx.t("kpi.note.no_base"),
        "SR_YOY": (ctx.t("kpi.note.yoy", ly=ctx.amount(fig.get("SR_SALES_LAST_YEAR")))
                   if fig.get("SR_YOY") is not None else ctx.t("kpi.note.no_base")),
        "SR_ATTAINMENT": (ctx.t("kpi.note.attainment", target=ctx.amount(fig.get("SR_TARGET")))
                          if fig.get("SR_ATTAINMENT") is not None else ctx.t("kpi.note.no_target")),
        "SR_NEW_CUSTOMERS": ctx.t("kpi.note.new"),
        "SR_CHURNED_CUSTOMERS": (ctx.t("kpi.note.churned_prev", prev=model.customers.churned_last_month)
                                 if model.customers.churned_last_month is not None else ctx.t("kpi.note.churned")),
        "SR_SATISFACTION": (ctx.t("kpi.note.satisfaction", n=sat.responses)
                            if fig.get("SR_SATISFACTION") is not None else ctx.t("kpi.note.no_feedback")),
        "SR_ACTIVITIES": (ctx.t("kpi.note.activities", prev=acts.total_last_month)
                          if acts.available and acts.total_last_month is not None else ""),
    }
    formats = {"SR_SALES_MONTH": ctx.kpi_amount_format, "SR_MOM": F.CHANGE_PCT, "SR_YOY": F.CHANGE_PCT,
               "SR_ATTAINMENT": F.PCT, "SR_NEW_CUSTOMERS": F.INT, "SR_CHURNED_CUSTOMERS": F.INT,
               "SR_SATISFACTION": F.SCORE, "SR_ACTIVITIES": F.INT}
    primary = [(n, ctx.t(f"kpi.{n}"), fig.get(n), formats[n], notes[n]) for n in CARD_FIGURES]
    spare = []
    if fig.get("SR_YTD") is not None:
        ly = fig.get("SR_YTD_LAST_YEAR")
        spare.append(("", ctx.t("kpi.SR_YTD"), fig.get("SR_YTD"), ctx.kpi_amount_format,
                      ctx.t("kpi.note.ytd", ly=ctx.amount(ly)) if ly is not None else ctx.t("kpi.note.ytd_no_base")))
    if s.margin is not None:
        spare.append(("", ctx.t("kpi.margin"), s.margin, F.PCT,
                      ctx.t("kpi.note.margin", prev=ctx.pct(s.prev_margin)) if s.prev_margin is not None
                      else ctx.t("kpi.note.no_base")))
    cov = model.plan.pipeline_coverage
    if cov is not None:
        spare.append(("", ctx.t("kpi.coverage"), cov.open, F.MULTIPLE,
                      ctx.t("kpi.note.coverage_weighted", weighted=f"{cov.weighted:.2f}×") if cov.weighted is not None
                      else ctx.t("kpi.note.coverage")))
    if s.orders:
        spare.append(("", ctx.t("kpi.average_order"), fig.get("SR_SALES_MONTH") / s.orders, ctx.kpi_amount_format,
                      ctx.t("kpi.note.average_order", n=s.orders)))
    out = []
    for card in primary:
        if card[2] is None and card[0] != "SR_SALES_MONTH" and spare:
            card = spare.pop(0)
        out.append(card)
    return out
