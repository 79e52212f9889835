"""Summary (摘要), page 1 — the director's page, on one printed page: title, KPI cards (each with its
13-month trend as an in-cell sparkline and a comparison), then what happened, why (the three largest
movers, each on its basis), what to do (the three most valuable actions with their owners) and the team's
note when there is one (compute/director.py). The conclusion, 七、总结, is the report's last part, on the
Plan sheet."""
from __future__ import annotations

from ..compute.model import ReportModel
from ..i18n.numbers import multiple_text
from . import formats as F
from . import styles as S
from .builder import Col, SheetBuilder
from .context import Context
from .blocks import POSITIVE, Cell, ConditionalFormat, Kpi, col_letter

# Card grid: four cards a row, each one wide column (a sparkline fills one cell: LibreOffice draws it
# in the first cell of a merged range only), a narrow gap column between cards. B is the bullet column
# of the paragraphs; cards start at C.
CARD_COLS = (3, 5, 7, 9)
SPAN = 8                       # B..I
_WIDTHS = {2: 3.0, 3: 30.0, 4: 2.0, 5: 30.0, 6: 2.0, 7: 30.0, 8: 2.0, 9: 30.0}
# A card's rows: label, value, trend (sparkline), note, gap.
CARD_HEIGHTS = (18, 32, 24, 22, 6)
# A trend's values as its cells hold them (the cells only the sparklines read).
_TREND_KIND = {"SR_SALES_MONTH": "amount", "SR_YTD": "amount", "average_order": "amount", "SR_MOM": "pct",
               "SR_YOY": "pct", "SR_ATTAINMENT": "pct", "margin": "pct", "SR_NEW_CUSTOMERS": "int",
               "SR_ACTIVITIES": "int", "SR_SATISFACTION": "score"}


def layout_summary(model: ReportModel, ctx: Context):
    b = SheetBuilder(ctx, "summary", fit_height=1, span=SPAN, bullet_column=True)
    b.widths.update(_WIDTHS)
    m = model.meta
    title = ctx.t("summary.title", month=m.month)
    b.title(title, ctx.subtitle("summary"))
    b.no_freeze()

    cards = _cards(model, ctx)
    trends = _trend_data(b, model, ctx, cards)
    rows = len(CARD_HEIGHTS)
    for i, (name, label, value, fmt, note, trend) in enumerate(cards):
        top = b.row + (i // 4) * rows
        a = col_letter(CARD_COLS[i % 4])
        kpi = Kpi(
            label_range=f"{a}{top}", value_range=f"{a}{top + 1}", note_range=f"{a}{top + 3}",
            label=label, value=value, note=note,
            label_style=S.KPI_LABEL, value_style=S.KPI_VALUE.with_format(ctx.cell_format(fmt, value)),
            note_style=S.KPI_NOTE,
            figure_name=name,
        )
        b.place(kpi, heights={top + k: h for k, h in enumerate(CARD_HEIGHTS)})
        b.place(Cell(f"{a}{top + 2}", None, S.KPI_TREND))
        if trend in trends:
            b.sparkline(f"{a}{top + 2}", trends[trend], from_zero=trend not in ("SR_MOM", "SR_YOY"))
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
    shown = {c[0] for c in cards}
    b.blank_names([n for n in CARD_FIGURES if n not in shown])
    b.skip_rows(rows * 2)

    s, words = model.summary, ctx.words
    b.section(ctx.t("summary.happened"))
    b.paragraphs(list(words.happened), tones=[x.tone for x in s.happened])
    # Why and what to do only when there is something to say: a placeholder on the director's page
    # says nothing.
    if s.drivers:
        b.section(ctx.t("summary.why"))
        b.paragraphs(list(words.drivers), tones=[_sign_tone(d.amount) for d in s.drivers])
    if s.actions:
        b.section(ctx.t("summary.actions"))
        b.paragraphs(list(words.actions))

    # The team's note only when there is one. The conclusion is the report's last part (七、总结, on
    # the Plan sheet), as the seed orders it.
    if s.summary_note:
        b.section(ctx.t("summary.note"))
        b.paragraphs(s.summary_note, bullets=False)
    b.note(ctx.t("summary.footnote"))
    return b.build()


def _sign_tone(value: float) -> str:
    return "good" if value > 0 else "bad" if value < 0 else "neutral"


def _trend_data(b: SheetBuilder, model: ReportModel, ctx: Context, cards) -> dict[str, str]:
    """The 13-month series of the cards that have one, as cells only the sparklines read (beside the
    page, outside its print area): {trend key: its range}. A series with fewer than two values draws
    no trend."""
    series = {t.name: t.values for t in model.summary.kpi_trends}
    keys = [c[5] for c in cards if c[5] in series and sum(v is not None for v in series[c[5]]) >= 2]
    if not keys:
        return {}
    months = model.summary.trend_months
    cols = [Col(ctx.t("col.month"), "text")] + [Col(next(c[1] for c in cards if c[5] == k), _TREND_KIND[k])
                                                  for k in keys]
    rows = [[month] + [series[k][i] for k in keys] for i, month in enumerate(months)]
    table = b.chart_data(cols, rows, top=1)
    return {k: table.body_range(j + 1) for j, k in enumerate(keys)}


# The eight tiles of page 1, in order; a tile whose figure has no data gives its place to the first of
# the spare tiles that has one (year to date, margin, pipeline coverage, average order), so no tile reads n/a while a
# figure that exists is left out; when the spares run out it is left out (the tiles after it close up).
# Page 1 never shows an n/a card. Sales this month always stays.
CARD_FIGURES = ("SR_SALES_MONTH", "SR_MOM", "SR_YOY", "SR_ATTAINMENT", "SR_NEW_CUSTOMERS",
                "SR_CHURNED_CUSTOMERS", "SR_SATISFACTION", "SR_ACTIVITIES")


def _cards(model: ReportModel, ctx: Context) -> list[tuple[str, str, object, str, str, str]]:
    """(figure name or "", label, value, number format, note, trend key) of the tiles (at most eight,
    each with a figure). Each note
    compares: with last month, last year or the target (model.summary.kpi_trends gives last month
    where the section does not)."""
    fig = model.figures
    sat = model.customers.satisfaction
    acts = model.team.activities
    s = model.sales
    before = {t.name: t.values[-2] for t in model.summary.kpi_trends if len(t.values) >= 2}
    prev = ctx.amount(fig.get("SR_SALES_PREV_MONTH"))
    new_prev = before.get("SR_NEW_CUSTOMERS")
    sat_prev = sat.prev_mean
    notes = {
        "SR_SALES_MONTH": ctx.t("kpi.note.sales", prev=prev),
        "SR_MOM": ctx.t("kpi.note.mom", prev=prev) if fig.get("SR_MOM") is not None else ctx.t("kpi.note.no_base"),
        "SR_YOY": (ctx.t("kpi.note.yoy", ly=ctx.amount(fig.get("SR_SALES_LAST_YEAR")))
                   if fig.get("SR_YOY") is not None else ctx.t("kpi.note.no_base")),
        "SR_ATTAINMENT": (ctx.t("kpi.note.attainment", target=ctx.amount(fig.get("SR_TARGET")))
                          if fig.get("SR_ATTAINMENT") is not None else ctx.t("kpi.note.no_target")),
        "SR_NEW_CUSTOMERS": (ctx.t("kpi.note.new_prev", prev=f"{new_prev:,.0f}") if new_prev is not None
                             else ctx.t("kpi.note.new")),
        "SR_CHURNED_CUSTOMERS": (ctx.t("kpi.note.churned_prev", prev=model.customers.churned_last_month)
                                 if model.customers.churned_last_month is not None else ctx.t("kpi.note.churned")),
        "SR_SATISFACTION": ((ctx.t("kpi.note.satisfaction_prev", n=sat.responses, prev=f"{sat_prev:.2f}")
                             if sat_prev is not None else ctx.t("kpi.note.satisfaction", n=sat.responses))
                            if fig.get("SR_SATISFACTION") is not None else ctx.t("kpi.note.no_feedback")),
        "SR_ACTIVITIES": (ctx.t("kpi.note.activities", prev=acts.total_last_month)
                          if acts.available and acts.total_last_month is not None else ""),
    }
    formats = {"SR_SALES_MONTH": ctx.kpi_amount_format, "SR_MOM": F.CHANGE_PCT, "SR_YOY": F.CHANGE_PCT,
               "SR_ATTAINMENT": F.PCT, "SR_NEW_CUSTOMERS": F.INT, "SR_CHURNED_CUSTOMERS": F.INT,
               "SR_SATISFACTION": F.SCORE, "SR_ACTIVITIES": F.INT}
    primary = [(n, ctx.t(f"kpi.{n}"), fig.get(n), formats[n], notes[n], n) for n in CARD_FIGURES]
    spare = []
    if fig.get("SR_YTD") is not None:
        ly = fig.get("SR_YTD_LAST_YEAR")
        spare.append(("", ctx.t("kpi.SR_YTD"), fig.get("SR_YTD"), ctx.kpi_amount_format,
                      ctx.t("kpi.note.ytd", ly=ctx.amount(ly)) if ly is not None else ctx.t("kpi.note.ytd_no_base"),
                      "SR_YTD"))
    if s.margin is not None:
        spare.append(("", ctx.t("kpi.margin"), s.margin, F.PCT,
                      ctx.t("kpi.note.margin", prev=ctx.pct(s.prev_margin)) if s.prev_margin is not None
                      else ctx.t("kpi.note.no_base"), "margin"))
    cov = model.plan.pipeline_coverage
    if cov is not None:
        spare.append(("", ctx.t("kpi.coverage"), cov.open, F.MULTIPLE,
                      ctx.t("kpi.note.coverage_weighted", weighted=multiple_text(cov.weighted)) if cov.weighted is not None
                      else ctx.t("kpi.note.coverage"), ""))
    if s.orders:
        avg_prev = before.get("average_order")
        spare.append(("", ctx.t("kpi.average_order"), fig.get("SR_SALES_MONTH") / s.orders, ctx.kpi_amount_format,
                      ctx.t("kpi.note.average_order_prev", n=s.orders, prev=ctx.amount(avg_prev)) if avg_prev is not None
                      else ctx.t("kpi.note.average_order", n=s.orders), "average_order"))
    out = []
    for card in primary:
        if card[2] is None and card[0] != "SR_SALES_MONTH":
            if not spare:
                continue          # no figure and no spare: the tile is left out, never an n/a card
            card = spare.pop(0)
        out.append(card)
    return out
