"""Team (销售团队表现): target attainment, reps, activities and their outcomes."""
from __future__ import annotations

from ..compute.model import ReportModel
from . import formats as F
from . import styles as S
from .builder import Col, SheetBuilder
from .context import Context
from .blocks import Cell, ChartSpec, Series, cell_ref


def layout_team(model: ReportModel, ctx: Context):
    tm = model.team
    b = SheetBuilder(ctx, "team")
    b.title(ctx.t("sheet_title.team"), ctx.subtitle("team"))

    b.section(ctx.t("team.attainment"))
    chart_top = b.row
    if tm.target is None:
        # No target: one line, not a table of n/a (actual sales are on the Sales sheet).
        b.blank_names(["SR_TARGET"])
        b.empty(ctx.empty("targets", "empty.targets"))
        right = 3
    else:
        figures = b.keyvalue("team_target", (ctx.t("col.measure"), ctx.t("col.value")), [
            (ctx.t("row.target"), tm.target, "amount", "SR_TARGET"),
            (ctx.t("row.actual"), tm.actual, "amount", ""),
            (ctx.t("row.attainment"), tm.attainment, "attain", ""),
            (ctx.t("row.gap"), tm.gap, "gap", ""),
        ])
        right = figures.right
    if tm.segment_attainment:
        b.subsection(ctx.t("team.segment_attainment"))
        seg = b.table("team_segments", [Col(ctx.t("col.segment")), Col(ctx.t("col.target"), "amount"),
                                        Col(ctx.t("col.actual"), "amount"), Col(ctx.t("col.attainment"), "attain")],
                      [(ctx.choice("segment", r.segment), r.target, r.actual, r.attainment)
                       for r in tm.segment_attainment])
        right = max(right, seg.right)
    # The rep chart sits beside the team's figures: the rep table below is too wide to have it beside.
    chart_height = max(6.0, 1.4 + 0.65 * len(tm.reps))
    if tm.reps:
        b.keep_free(chart_top, chart_height)

    b.section(ctx.t("team.reps"))
    if not tm.has_reps:
        b.empty(ctx.t("empty.reps"))
    elif tm.reps:
        # Actual before Target, as the chart's legend has them: Excel (xlwings) plots a chart's block
        # of adjacent columns in column order.
        t = b.table("team_reps", [
            Col(ctx.t("col.rep")), Col(ctx.t("col.actual"), "amount"), Col(ctx.t("col.target"), "amount"),
            Col(ctx.t("col.attainment"), "lights"), Col(ctx.t("col.rank"), "small_int"),
            Col(ctx.t("col.last_month"), "amount"), Col(ctx.t("col.mom"), "change"),
            Col(ctx.t("col.orders"), "int"), Col(ctx.t("col.average_order"), "amount"),
            Col(ctx.t("col.new_customers"), "int"),
            *([Col(ctx.t("col.margin"), "pct")] if model.sales.margin is not None else []),
        ], [(ctx.group(r.rep), r.actual, r.target, r.attainment, r.rank, r.last_month,
             ctx.change(r.mom, r.actual, r.last_month), r.orders, r.average_order,
             r.new_customers, *([r.margin] if model.sales.margin is not None else [])) for r in tm.reps])
        b.chart(ChartSpec(
            kind="bar", name="team_reps", title=ctx.t("chart.rep_vs_target"), categories=t.body_range(0),
            series=(Series(ctx.t("col.actual"), t.body_range(1), S.THIS_YEAR),
                    Series(ctx.t("col.target"), t.body_range(2), S.TARGET)),
            anchor="A1", width_cm=15, height_cm=chart_height,
            y_title=ctx.t("axis.amount", unit=ctx.unit_text), y_number_format=ctx.amount_format,
            gap_width=60, legend="right",
        ), at=(chart_top, right))
        if any(r.target is not None for r in tm.reps):
            b.note(ctx.t("team.lights_note"))
    else:
        b.empty(ctx.t("empty.sales"))

    _activities(model, ctx, b)
    return b.build()


def _activities(model: ReportModel, ctx: Context, b: SheetBuilder) -> None:
    a = model.team.activities
    b.section(ctx.t("team.activities"))
    if not a.available:
        b.empty(ctx.empty("activities", "empty.activities"))
        return
    figures = b.keyvalue("team_activity_figures", (ctx.t("col.measure"), ctx.t("col.value")), [
        (ctx.t("row.activities"), a.total, "int", ""),
        (ctx.t("row.activities_last_month"), a.total_last_month, "int", ""),
        (ctx.t("row.change"), a.change, "change", ""),
        (ctx.t("row.customers_reached"), a.customers_reached, "int", ""),
        (ctx.t("row.participants"), a.participants, "int", ""),
        (ctx.t("row.won_share"), a.win_rate, "pct", ""),
        (ctx.t("row.contacted_customers"), a.contacted_customers, "int", ""),
        (ctx.t("row.contacted_who_ordered"), a.contacted_who_ordered, "int", ""),
        (ctx.t("row.contacted_order_rate"), a.contacted_order_rate, "pct", ""),
    ])
    if a.by_type:
        # The chart sits beside the activity figures (the type table below is what it plots).
        chart_height = 6.5
        b.keep_free(figures.top, chart_height)
        b.subsection(ctx.t("team.by_type"))
        t = b.table("team_activity_types", [
            Col(ctx.t("col.activity_type")), Col(ctx.t("col.this_month"), "int"), Col(ctx.t("col.last_month"), "int"),
            Col(ctx.t("col.change"), "change"), Col(ctx.t("col.participants"), "int"), Col(ctx.t("col.won"), "int"),
        ], [(ctx.choice("activity_type", r.activity_type), r.this_month, r.last_month,
             ctx.change(r.change, r.this_month, r.last_month), r.participants, r.won)
            for r in a.by_type])
        b.chart(ChartSpec(
            kind="column", name="team_activity_types", title=ctx.t("chart.activities_by_type"),
            categories=t.body_range(0),
            series=(Series(ctx.t("col.this_month"), t.body_range(1), S.THIS_YEAR),
                    Series(ctx.t("col.last_month"), t.body_range(2), S.TARGET)),
            anchor="A1", width_cm=14, height_cm=chart_height, y_title=ctx.t("axis.count"), y_number_format=F.INT,
            data_labels=True, data_label_format=F.INT,
        ), at=(figures.top, figures.right))
    per_rep = None
    if a.per_rep:
        b.subsection(ctx.t("team.per_rep"))
        per_rep = b.table("team_activity_reps", [
            Col(ctx.t("col.rep")), Col(ctx.t("col.activities"), "int"), Col(ctx.t("col.customers_reached"), "int"),
            Col(ctx.t("col.won"), "int"), Col(ctx.t("col.won_share"), "pct"),
        ], [(ctx.group(r.rep), r.activities, r.customers_reached, r.won, r.win_rate) for r in a.per_rep],
            advance=False)
    if a.outcomes:
        # Outcomes are three rows: beside the per-rep table, under a header of their own.
        outcome_cols = [Col(ctx.t("col.outcome")), Col(ctx.t("col.count"), "int"), Col(ctx.t("col.share"), "pct")]
        outcome_rows = [(ctx.choice("outcome", r.outcome), r.count, r.share) for r in a.outcomes]
        if per_rep is not None:
            b.table("team_outcomes", outcome_cols, outcome_rows, beside=per_rep)
            b.place(Cell(cell_ref(per_rep.top - 1, per_rep.right + 2), ctx.t("team.outcomes"), S.SUBSECTION))
        else:
            b.subsection(ctx.t("team.outcomes"))
            b.table("team_outcomes", outcome_cols, outcome_rows)
    elif per_rep is not None:
        b.continue_below(per_rep.bottom)
    if a.feedback_excerpts:
        b.subsection(ctx.t("team.feedback"))
        b.table("team_feedback", [
            Col(ctx.t("col.date"), "date"), Col(ctx.t("col.rep")), Col(ctx.t("col.customer_id")),
            Col(ctx.t("col.activity_type")), Col(ctx.t("col.outcome")), Col(ctx.t("col.feedback"), "wrap"),
        ], [(f.date, f.sales_rep, f.customer_id, ctx.choice("activity_type", f.activity_type),
             ctx.choice("outcome", f.outcome), f.text) for f in a.feedback_excerpts], wrap_span=5)
