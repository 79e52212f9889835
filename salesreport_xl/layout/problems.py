"""Problems (问题与挑战): underperformers and their likely reasons, commentary, pipeline bottlenecks."""
from __future__ import annotations

from ..compute.model import ReasonAnalysis, ReportModel
from . import formats as F
from . import styles as S
from .builder import Col, SheetBuilder
from .context import Context
from .blocks import ChartSpec, Series


def layout_problems(model: ReportModel, ctx: Context):
    p = model.problems
    b = SheetBuilder(ctx, "problems")
    b.title(ctx.t("sheet_title.problems"), ctx.subtitle("problems"))

    b.section(ctx.t("problems.underperformers"))
    if p.underperformers:
        # Name first (it lines up with the reasons table's name column below), the basis last.
        b.table("problems_underperformers", [
            Col(ctx.t("col.name")), Col(ctx.t("col.category")), Col(ctx.t("col.level")),
            Col(ctx.t("col.actual"), "amount"), Col(ctx.t("col.expected"), "amount"),
            Col(ctx.t("col.gap"), "gap"), Col(ctx.t("col.gap_pct"), "change"), Col(ctx.t("col.basis")),
        ], [(r.name, r.category, ctx.t(f"level.{r.level}"), r.actual, r.expected, r.gap, r.gap_pct,
             ctx.t(f"basis.{r.basis}")) for r in p.underperformers])
        b.note(ctx.t("problems.basis_note"))
    else:
        b.empty(ctx.t("empty.underperformers"))
    if ctx.words.judged:
        b.note(ctx.words.judged)
    if p.margin_drops:
        b.subsection(ctx.t("problems.margin_drops"))
        b.table("problems_margin", [
            Col(ctx.t("col.category")), Col(ctx.t("col.sales"), "amount"), Col(ctx.t("col.profit"), "amount"),
            Col(ctx.t("col.margin"), "pct"), Col(ctx.t("col.baseline_margin"), "pct"),
            Col(ctx.t("col.profit_lost"), "amount"),
        ], [(d.category, d.sales, d.profit, d.margin, d.baseline_margin, d.profit_lost) for d in p.margin_drops])

    if p.reasons:
        b.subsection(ctx.t("problems.reasons"))
        # Against a target the parts of a shortfall include how far the target stood from the usual
        # months, so that each row's parts add up to the shortfall on its own basis. The column is there
        # whenever categories have targets (0 for an item judged on its usual months), so the table's
        # shape follows the Targets sheet, not this month's figures.
        targets = p.has_category_targets or any(r.target_vs_usual for r in p.reasons)
        b.table("problems_reasons", [
            Col(ctx.t("col.name")), Col(ctx.t("col.change_amount"), "gap"),
            Col(ctx.t("col.volume_effect"), "gap"), Col(ctx.t("col.price_effect"), "gap"),
            *([Col(ctx.t("col.target_vs_usual"), "gap")] if targets else []),
            Col(ctx.t("col.channel_shift"), "text"), Col(ctx.t("col.customers_stopped"), "wrap"),
        ], [(r.name, r.change, r.volume_effect, r.price_effect, *([r.target_vs_usual] if targets else []),
             _shift(ctx, r), _stopped(ctx, r)) for r in p.reasons],
            wrap_span=5)
        if targets:
            b.note(ctx.t("problems.reasons_target_note"))

    # The team's own words, only where the Plan sheet has them (a placeholder is not printed).
    notes = [(ctx.t("problems.problems_note"), p.problems_note), (ctx.t("problems.root_causes_note"), p.root_causes_note)]
    if any(lines for _, lines in notes):
        b.section(ctx.t("problems.commentary"))
    for title, lines in notes:
        if lines:
            b.subsection(title)
            b.paragraphs(lines)

    b.section(ctx.t("problems.bottlenecks"))
    if p.has_pipeline and p.stages:
        # The two plotted columns (median days this month and last month) sit side by side: Excel
        # (xlwings) takes a chart's series as one block of adjacent columns, in column order.
        t = b.table("problems_stages", [
            Col(ctx.t("col.stage")), Col(ctx.t("col.deals"), "int"), Col(ctx.t("col.median_days"), "days"),
            Col(ctx.t("col.prev_median_days"), "days"), Col(ctx.t("col.mean_days"), "days"),
            Col(ctx.t("col.prev_mean_days"), "days"), Col(ctx.t("col.prev_deals"), "int"),
            Col(ctx.t("col.slowest"), "flag"),
        ], [(ctx.choice("stage", r.stage), r.deals, r.median_days, r.prev_median_days, r.mean_days,
             r.prev_mean_days, r.prev_deals, r.slowest) for r in p.stages],
            flagged=[i for i, r in enumerate(p.stages) if r.slowest])
        chart_width = 13.0
        beside = t if b.room_beside(t, chart_width) else None
        b.chart(ChartSpec(
            kind="bar", name="problems_stages", title=ctx.t("chart.stage_days"), categories=t.body_range(0),
            series=(Series(ctx.t("col.median_days"), t.body_range(2), S.THIS_YEAR),
                    Series(ctx.t("col.prev_median_days"), t.body_range(3), S.TARGET)),
            anchor="A1", width_cm=chart_width, height_cm=max(6.0, 2.0 + 1.2 * len(p.stages)),
            y_title=ctx.t("axis.days"), y_number_format="0", data_labels=True, data_label_format=ctx.positive_format(F.DAYS),
        ), beside=beside)
        if p.slowest_stage:
            b.note(ctx.t("problems.slowest", stage=ctx.choice("stage", p.slowest_stage)))
        _funnel(b, ctx, p)
        b.subsection(ctx.t("problems.stalled"))
        if p.stalled:
            b.table("problems_stalled", [
                Col(ctx.t("col.deal")), Col(ctx.t("col.customer_id")), Col(ctx.t("col.rep")), Col(ctx.t("col.stage")),
                Col(ctx.t("col.entered_on"), "date"), Col(ctx.t("col.days"), "int"), Col(ctx.t("col.amount"), "amount"),
            ], [(d.deal_id, d.customer_id, d.sales_rep, ctx.choice("stage", d.stage), d.entered_on, d.days, d.amount)
                for d in b.capped(p.stalled)])
            b.more_note(p.stalled)
        else:
            b.empty(ctx.t("empty.stalled"))
        if ctx.words.stalled_rule:
            b.note(ctx.words.stalled_rule)
    else:
        b.empty(ctx.empty("pipeline", "empty.pipeline"))
    if p.bottlenecks_note:
        b.subsection(ctx.t("problems.bottlenecks_note"))
        b.paragraphs(p.bottlenecks_note)
    return b.build()


def _stopped(ctx: Context, r: ReasonAnalysis) -> str:
    """The three customers who cut back most, with how much."""
    parts = [ctx.t("label.with_amount", name=d.name or d.customer_id, amount=ctx.amount(d.change))
             for d in r.customers_stopped[:3]]
    return ctx.t("s_list_sep").join(parts) if parts else "—"


def _shift(ctx: Context, r: ReasonAnalysis) -> str:
    """The channel whose share moved most (with two channels the other one is its mirror image)."""
    moved = [s for s in r.channel_shift if s.share_now is not None and s.share_before is not None]
    if not moved:
        return "—"
    s = max(moved, key=lambda x: abs(x.share_now - x.share_before))
    return f"{ctx.choice('channel', s.channel)} {ctx.pct(s.share_before)} → {ctx.pct(s.share_now)}"


def _funnel(b: SheetBuilder, ctx: Context, p) -> None:
    """The funnel of the month: per stage, deals in it, moved on, won, lost, conversion (and the 3
    months before), with a bar chart of deals and those that moved on."""
    b.subsection(ctx.t("problems.funnel"))
    if not any(r.deals for r in p.funnel):
        b.empty(ctx.t("empty.funnel"))
        return
    t = b.table("problems_funnel", [
        Col(ctx.t("col.stage")), Col(ctx.t("col.deals"), "int"), Col(ctx.t("col.advanced"), "int"),
        Col(ctx.t("col.won_deals"), "int"), Col(ctx.t("col.lost_deals"), "int"),
        Col(ctx.t("col.conversion"), "pct"), Col(ctx.t("col.prev_conversion"), "pct"),
        Col(ctx.t("col.prev_deals_3m"), "int"),
    ], [(ctx.choice("stage", r.stage), r.deals, r.advanced, r.won, r.lost, r.conversion, r.prev_conversion,
         r.prev_deals) for r in p.funnel])
    width = 13.0
    b.chart(ChartSpec(
        kind="bar", name="problems_funnel", title=ctx.t("chart.funnel"), categories=t.body_range(0),
        series=(Series(ctx.t("col.deals"), t.body_range(1), S.THIS_YEAR),
                Series(ctx.t("col.advanced"), t.body_range(2), S.GREEN)),
        anchor="A1", width_cm=width, height_cm=max(7.0, 2.0 + 1.3 * len(p.funnel)),
        y_title=ctx.t("axis.deals"), y_number_format=F.INT, data_labels=True, data_label_format=F.INT,
        gap_width=50,
    ), beside=t if b.room_beside(t, width) else None)
    b.note(ctx.t("problems.win_rate", now=ctx.pct(p.win_rate), before=ctx.pct(p.prev_win_rate)))
