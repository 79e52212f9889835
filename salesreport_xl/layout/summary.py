"""Summary (摘要 / 总结): title, KPI cards, highlights, the summary note and the conclusion — one page."""
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

    fig = model.figures
    sat = model.customers.satisfaction
    acts = model.team.activities
    cards = [
        ("SR_SALES_MONTH", ctx.kpi_amount_format,
         ctx.t("kpi.note.sales", prev=ctx.amount(fig.get("SR_SALES_PREV_MONTH")))),
        ("SR_MOM", F.CHANGE_PCT,
         ctx.t("kpi.note.mom", prev=ctx.amount(fig.get("SR_SALES_PREV_MONTH"))) if fig.get("SR_MOM") is not None
         else ctx.t("kpi.note.no_base")),
        ("SR_YOY", F.CHANGE_PCT,
         ctx.t("kpi.note.yoy", ly=ctx.amount(fig.get("SR_SALES_LAST_YEAR"))) if fig.get("SR_YOY") is not None
         else ctx.t("kpi.note.no_base")),
        ("SR_ATTAINMENT", F.PCT,
         ctx.t("kpi.note.attainment", target=ctx.amount(fig.get("SR_TARGET"))) if fig.get("SR_ATTAINMENT") is not None
         else ctx.t("kpi.note.no_target")),
        ("SR_NEW_CUSTOMERS", F.INT, ctx.t("kpi.note.new")),
        ("SR_CHURNED_CUSTOMERS", F.INT, ctx.t("kpi.note.churned")),
        ("SR_SATISFACTION", F.SCORE,
         ctx.t("kpi.note.satisfaction", n=sat.responses) if fig.get("SR_SATISFACTION") is not None
         else ctx.t("kpi.note.no_feedback")),
        ("SR_ACTIVITIES", F.INT, ctx.t("kpi.note.activities", prev=acts.total_last_month)),
    ]
    for i, (name, fmt, note) in enumerate(cards):
        top = b.row + (i // 4) * 4
        c1, c2 = CARD_COLS[i % 4]
        a, z = col_letter(c1), col_letter(c2)
        value = fig.get(name)
        kpi = Kpi(
            label_range=f"{a}{top}:{z}{top}", value_range=f"{a}{top + 1}:{z}{top + 1}",
            note_range=f"{a}{top + 2}:{z}{top + 2}",
            label=ctx.t(f"kpi.{name}"), value=value, note=note if value is not None else f"{ctx.na} · {note}",
            label_style=S.KPI_LABEL, value_style=S.KPI_VALUE.with_format(fmt), note_style=S.KPI_NOTE,
            figure_name=name,
        )
        b.place(kpi, heights={top: 20, top + 1: 38, top + 2: 28, top + 3: 8})
        b.define(name, kpi.value_cell)
        if name in ("SR_MOM", "SR_YOY"):
            b.sign_rule(kpi.value_cell)
        elif name == "SR_ATTAINMENT":
            cell = kpi.value_cell
            b.rule(ConditionalFormat(cell, "cell_value", "between", (1, POSITIVE[1]), S.GOOD_FONT))
            b.rule(ConditionalFormat(cell, "cell_value", "less_than", (1,), S.BAD_FONT))
    b.skip_rows(8)

    b.section(ctx.t("summary.highlights"))
    hl = model.summary.highlights
    if hl:
        b.paragraphs(list(ctx.words.highlights), tones=[s.tone for s in hl])
    else:
        b.empty(ctx.t("summary.no_highlights"))

    b.section(ctx.t("summary.note"))
    if model.summary.summary_note:
        b.paragraphs(model.summary.summary_note, bullets=False)
    else:
        b.empty(ctx.t("summary.no_note"))

    b.section(ctx.t("summary.conclusion"))
    b.paragraphs([ctx.words.conclusion or ctx.na], bullets=False, gap=False)
    b.note(ctx.t("summary.footnote"))
    return b.build()
