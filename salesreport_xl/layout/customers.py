"""Customers (客户管理与关系维护): top customers, new vs repeat, new and churned customers, key accounts at
risk, satisfaction."""
from __future__ import annotations

from ..compute.model import ReportModel
from . import formats as F
from . import styles as S
from .builder import Col, SheetBuilder
from .context import Context
from .blocks import ChartSpec, Series
from .concentration import layout_concentration


def layout_customers(model: ReportModel, ctx: Context):
    c = model.customers
    b = SheetBuilder(ctx, "customers")
    b.title(ctx.t("sheet_title.customers"), ctx.subtitle("customers"))
    seg = lambda v: ctx.choice("segment", v) if v else ""  # noqa: E731

    b.section(ctx.t("customers.top"))
    if c.top_customers:
        b.table("customers_top", [
            Col(ctx.t("col.customer_id")), Col(ctx.t("col.customer")), Col(ctx.t("col.segment")),
            Col(ctx.t("col.this_month"), "amount"), Col(ctx.t("col.last_month"), "amount"),
            Col(ctx.t("col.mom"), "change"), Col(ctx.t("col.share"), "pct"),
        ], [(r.customer_id, r.name, seg(r.segment), r.this_month, r.last_month,
             ctx.change(r.mom, r.this_month, r.last_month), r.share)
            for r in c.top_customers])
        if c.top_share is not None:
            b.note(ctx.t("customers.top_share", n=len(c.top_customers), share=ctx.pct(c.top_share)))
    else:
        b.empty(ctx.t("empty.sales"))

    layout_concentration(b, ctx, c.pareto, c.product_pareto)

    b.section(ctx.t("customers.groups"))
    if c.groups:
        b.table("customers_groups", [
            Col(ctx.t("col.customer_group")), Col(ctx.t("col.customers"), "int"), Col(ctx.t("col.orders"), "int"),
            Col(ctx.t("col.sales"), "amount"), Col(ctx.t("col.average_order"), "amount"),
        ], [(ctx.choice("group", g.group), g.customers, g.orders, g.sales, g.average_order) for g in c.groups])

    b.section(ctx.t("customers.new"))
    if c.new_customers:
        b.table("customers_new", [
            Col(ctx.t("col.customer_id")), Col(ctx.t("col.customer")), Col(ctx.t("col.segment")),
            Col(ctx.t("col.first_order"), "date"), Col(ctx.t("col.sales"), "amount"), Col(ctx.t("col.rep")),
        ], [(r.customer_id, r.name, seg(r.segment), r.first_order, r.sales, r.sales_rep)
            for r in b.capped(c.new_customers)])
        b.more_note(c.new_customers)
    else:
        b.empty(ctx.t("empty.new_customers"))

    b.section(ctx.t("customers.churned"))
    if c.churned:
        b.table("customers_churned", [
            Col(ctx.t("col.customer_id")), Col(ctx.t("col.customer")), Col(ctx.t("col.segment")),
            Col(ctx.t("col.how")), Col(ctx.t("col.churn_date"), "date"), Col(ctx.t("col.last_order"), "date"),
            Col(ctx.t("col.reason")), Col(ctx.t("col.sales_12m"), "amount"),
        ], [(r.customer_id, r.name, seg(r.segment), ctx.t(f"churn.{r.how}"), r.date, r.last_order,
             r.reason, r.sales_last_12m) for r in b.capped(c.churned)])
        b.more_note(c.churned)
    else:
        b.empty(ctx.t("empty.churned"))
    if ctx.words.churn_rule:
        b.note(ctx.words.churn_rule)
    if c.churn_reasons:
        b.subsection(ctx.t("customers.churn_reasons"))
        t = b.table("customers_churn_reasons", [Col(ctx.t("col.reason")), Col(ctx.t("col.count"), "int")],
                    [(_reason(ctx, r), r.count) for r in c.churn_reasons], advance=False)
        b.chart(ChartSpec(
            kind="bar", name="customers_churn_reasons", title=ctx.t("chart.churn_reasons"),
            categories=t.body_range(0), series=(Series(ctx.t("col.count"), t.body_range(1), S.RED),),
            anchor="A1", width_cm=12, height_cm=max(5.0, 1.5 + 0.8 * len(c.churn_reasons)),
            y_title=ctx.t("axis.customers"), y_number_format=F.INT, legend=None, data_labels=True,
            data_label_format=F.INT,
        ), beside=t)

    b.section(ctx.t("customers.at_risk"))
    if c.at_risk:
        b.table("customers_at_risk", [
            Col(ctx.t("col.customer_id")), Col(ctx.t("col.customer")), Col(ctx.t("col.rep")),
            Col(ctx.t("col.recent_3m"), "amount"), Col(ctx.t("col.prior_3m"), "amount"),
            Col(ctx.t("col.change"), "change"), Col(ctx.t("col.days_silent"), "int"),
            Col(ctx.t("col.usual_gap"), "days"),
            Col(ctx.t("col.revenue_at_risk"), "amount"), Col(ctx.t("col.why")),
        ], [(r.customer_id, r.name, r.sales_rep, r.recent_3m, r.prior_3m, r.change, r.days_silent,
             r.usual_gap, r.revenue_at_risk, ctx.t(f"risk.{r.why}")) for r in b.capped(c.at_risk)])
        b.more_note(c.at_risk)
    else:
        b.empty(ctx.t("empty.at_risk"))

    _satisfaction(model, ctx, b)
    return b.build()


def _satisfaction(model: ReportModel, ctx: Context, b: SheetBuilder) -> None:
    sat = model.customers.satisfaction
    b.section(ctx.t("customers.satisfaction"))
    if not sat.available:
        b.empty(ctx.empty("feedback", "empty.feedback"))
        return
    b.keyvalue("customers_satisfaction", (ctx.t("col.measure"), ctx.t("col.value")), [
        (ctx.t("row.satisfaction"), sat.mean, "score", ""),
        (ctx.t("row.responses"), sat.responses, "int", ""),
        (ctx.t("row.satisfaction_prev"), sat.prev_mean, "score", ""),
        (ctx.t("row.satisfaction_change"), sat.change, "points", ""),
    ])
    if sat.distribution:
        b.subsection(ctx.t("customers.distribution"))
        t = b.table("customers_scores", [Col(ctx.t("col.score")), Col(ctx.t("col.responses"), "int"),
                                         Col(ctx.t("col.share"), "pct")],
                    [(ctx.t("score.label", score=d.score), d.count, d.share) for d in sat.distribution],
                    advance=False)
        b.chart(ChartSpec(
            kind="column", name="customers_scores", title=ctx.t("chart.satisfaction"),
            categories=t.body_range(0), series=(Series(ctx.t("col.responses"), t.body_range(1), S.MID_BLUE),),
            anchor="A1", width_cm=12, height_cm=6.5, x_title=ctx.t("axis.score"), y_title=ctx.t("axis.responses"),
            y_number_format=F.INT, legend=None, data_labels=True, data_label_format=F.INT,
        ), beside=t)
    if sat.by_topic:
        b.subsection(ctx.t("customers.by_topic"))
        b.table("customers_topics", [Col(ctx.t("col.topic")), Col(ctx.t("col.responses"), "int"),
                                     Col(ctx.t("col.average"), "score")],
                [(ctx.choice("topic", r.topic), r.responses, r.mean) for r in sat.by_topic])
    for key, rows in (("lowest", sat.lowest), ("best", sat.best)):
        if rows:
            b.subsection(ctx.t(f"customers.{key}_comments"))
            b.table(f"customers_{key}_comments", [
                Col(ctx.t("col.date"), "date"), Col(ctx.t("col.customer_id")), Col(ctx.t("col.score"), "small_int"),
                Col(ctx.t("col.topic")), Col(ctx.t("col.comment"), "wrap"),
            ], [(r.date, r.customer_id, r.score, ctx.choice("topic", r.topic), r.comment) for r in rows])


def _reason(ctx: Context, r) -> str:
    """A churn reason in the report language: the reason given, "no orders" for inferred churn, or that
    none was given."""
    if r.how == "inferred":
        return ctx.t("churn.inferred")
    return r.reason if r.reason is not None else ctx.t("churn.no_reason")
