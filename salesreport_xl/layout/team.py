"""Team (销售团队表现): target attainment, reps, activities and their outcomes."""
from __future__ import annotations

from ..compute.model import ReportModel
from . import formats as F
from . import styles as S
from .builder import Col, SheetBuilder
from .context import Context
from .plan import ChartSpec, Series


def layout_team(model: ReportModel, ctx: Context):
    tm = model.team
    b = SheetBuilder(ctx, "team")
    b.title(ctx.t("sheet_title.team"), ctx.subtitle("team"))

    b.section(ctx.t("team.attainment"))
    b.keyvalue("team_target", (ctx.t("col.measure"), ctx.t("col.value")), [
        (ctx.t("row.target"), tm.target, "amount", "SR_TARGET"),
        (ctx.t("row.actual"), tm.actual, "amount", ""),
        (ctx.t("row.attainment"), tm.attainment, "attain", ""),
        (ctx.t("row.gap"), tm.gap, "gap", ""),
    ])
    if not tm.has_targets:
        b.note(ctx.t("empty.targets"))
    if tm.segment_attainment:
        b.subsection(ctx.t("team.segment_attainment"))
        b.table("team_segments", [Col(ctx.t("col.segment")), Col(ctx.t("col.target"), "amount"),
                                  Col(ctx.t("col.actual"), "amount"), Col(ctx.t("col.attainment"), "attain")],
                [(ctx.choice("segment", r.segment), r.target, r.actual, r.attainment) for r in tm.segment_attainment])

    b.section(ctx.t("team.reps"))
    if tm.reps:
        # Actual before Target, as the chart's legend has them: Excel (xlwings) plots a chart's block
        # of adjacent columns in column order.
        t = b.table("team_reps", [
            Col(ctx.t("col.rep")), Col(ctx.t("col.actual"), "amount"), Col(ctx.t("col.target"), "amount"),
            Col(ctx.t("col.attainment"), "attain"), Col(ctx.t("col.rank"), "small_int"),
            Col(ctx.t("col.last_month"), "amount"), Col(ctx.t("col.mom"), "change"),
            Col(ctx.t("col.orders"), "int"), Col(ctx.t("col.average_order"), "amount"),
            Col(ctx.t("col.new_customers"), "int"),
        ], [(r.rep, r.actual, r.target, r.attainment, r.rank, r.last_month, r.mom, r.orders, r.average_order,
             r.new_customers) for r in tm.reps])
        b.chart(ChartSpec(
            kind="bar", name="team_reps", title=ctx.t("chart.rep_vs_target"), categories=t.body_range(0),
            series=(Series(ctx.t("col.actual"), t.body_range(1), S.THIS_YEAR),
                    Series(ctx.t("col.target"), t.body_range(2), S.TARGET)),
            anchor="A1", width_cm=16, height_cm=max(6.0, 1.2 + 0.9 * len(tm.reps)),
            y_title=ctx.t("axis.amount", unit=ctx.unit_text), y_number_format=F.amount_format(ctx.unit),
            gap_width=60,
        ))
    else:
        b.empty(ctx.t("empty.sales"))

    _activities(model, ctx, b)
    return b.build()


def _activities(model: ReportModel, ctx: Context, b: SheetBuilder) -> None:
    a = model.team.activities
    b.section(ctx.t("team.activities"))
    if not a.available:
        b.empty(ctx.t("empty.activities"))
        return
    b.keyvalue("team_activity_figures", (ctx.t("col.measure"), ctx.t("col.value")), [
        (ctx.t("row.activities"), a.total, "int", ""),
        (ctx.t("row.activities_last_month"), a.total_last_month, "int", ""),
        (ctx.t("row.change"), a.change, "change", ""),
        (ctx.t("row.customers_reached"), a.customers_reached, "int", ""),
        (ctx.t("row.participants"), a.participants, "int", ""),
        (ctx.t("row.win_rate"), a.win_rate, "pct", ""),
        (ctx.t("row.contacted_customers"), a.contacted_customers, "int", ""),
        (ctx.t("row.contacted_who_ordered"), a.contacted_who_ordered, "int", ""),
        (ctx.t("row.contacted_order_rate"), a.contacted_order_rate, "pct", ""),
    ])
    if a.by_type:
        b.subsection(ctx.t("team.by_type"))
        t = b.table("team_activity_types", [
            Col(ctx.t("col.activity_type")), Col(ctx.t("col.this_month"), "int"), Col(ctx.t("col.last_month"), "int"),
            Col(ctx.t("col.change"), "change"), Col(ctx.t("col.participants"), "int"), Col(ctx.t("col.won"), "int"),
        ], [(ctx.choice("activity_type", r.activity_type), r.this_month, r.last_month, r.change, r.participants, r.won)
            for r in a.by_type], advance=False)
        b.chart(ChartSpec(
            kind="column", name="team_activity_types", title=ctx.t("chart.activities_by_type"),
            categories=t.body_range(0),
            series=(Series(ctx.t("col.this_month"), t.body_range(1), S.THIS_YEAR),
                    Series(ctx.t("col.last_month"), t.body_range(2), S.TARGET)),
            anchor="A1", width_cm=13, height_cm=7, y_title=ctx.t("axis.count"), y_number_format=F.INT,
            data_labels=True, data_label_format=F.INT,
        ), beside=t)
    if a.outcomes:
        b.subsection(ctx.t("team.outcomes"))
        b.table("team_outcomes", [Col(ctx.t("col.outcome")), Col(ctx.t("col.count"), "int"),
                                  Col(ctx.t("col.share"), "pct")],
                [(ctx.choice("outcome", r.outcome), r.count, r.share) for r in a.outcomes])
    if a.per_rep:
        b.subsection(ctx.t("team.per_rep"))
        t = b.table("team_activity_reps", [
            Col(ctx.t("col.rep")), Col(ctx.t("col.activities"), "int"), Col(ctx.t("col.customers_reached"), "int"),
            Col(ctx.t("col.won"), "int"), Col(ctx.t("col.win_rate"), "pct"),
        ], [(r.rep, r.activities, r.customers_reached, r.won, r.win_rate) for r in a.per_rep])
    if a.feedback_excerpts:
        b.subsection(ctx.t("team.feedback"))
        b.table("team_feedback", [
            Col(ctx.t("col.date"), "date"), Col(ctx.t("col.rep")), Col(ctx.t("col.customer_id")),
            Col(ctx.t("col.activity_type")), Col(ctx.t("col.outcome")), Col(ctx.t("col.feedback"), "wrap"),
        ], [(f.date, f.sales_rep, f.customer_id, ctx.choice("activity_type", f.activity_type),
             ctx.choice("outcome", f.outcome), f.text) for f in a.feedback_excerpts])
