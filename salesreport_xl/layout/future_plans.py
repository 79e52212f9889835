"""Future Plans (未来计划与改进措施): next month's target and forecast, pipeline, follow-ups, plans, suggestions."""
from __future__ import annotations

from ..compute.model import ReportModel
from . import styles as S
from .blocks import ChartSpec, Series
from .builder import Col, SheetBuilder
from .context import Context


def layout_future_plans(model: ReportModel, ctx: Context):
    p = model.plan
    cov = p.pipeline_coverage
    b = SheetBuilder(ctx, "plan")
    b.title(ctx.t("sheet_title.plan"), ctx.subtitle("plan"))

    b.section(ctx.t("plan.next_month", month=p.next_month))
    b.keyvalue("plan_figures", (ctx.t("col.measure"), ctx.t("col.value")), [
        (ctx.t("row.next_target"), p.next_target, "amount", "SR_NEXT_TARGET"),
        (ctx.t("row.forecast"), p.forecast, "amount", "SR_FORECAST"),
        (ctx.t("row.forecast_gap"), p.gap, "gap", ""),
        (ctx.t("row.forecast_range"), ctx.t("label.range", low=ctx.amount(p.forecast_range.low),
                                            high=ctx.amount(p.forecast_range.high)) if p.forecast_range else None,
         "text", ""),
        (ctx.t("row.open_pipeline"), p.open_pipeline_value, "amount", ""),
        (ctx.t("row.open_deals"), p.open_deals, "int", ""),
        (ctx.t("row.coverage_open"), cov.open if cov else None, "multiple", ""),
        (ctx.t("row.coverage_weighted"), cov.weighted if cov else None, "multiple", ""),
    ])
    if cov is not None:
        b.note(ctx.t("plan.coverage_note"))
    w = ctx.words
    b.note(ctx.t("plan.method", method=w.forecast_method or ctx.na))
    if w.forecast_accuracy:
        b.note(w.forecast_accuracy)
    _close_months(b, ctx, p)
    _accuracy(b, ctx, p)

    b.section(ctx.t("plan.follow_ups"))
    if p.follow_ups:
        b.table("plan_follow_ups", [
            Col(ctx.t("col.kind")), Col(ctx.t("col.subject")), Col(ctx.t("col.amount"), "amount"),
            Col(ctx.t("col.owner")), Col(ctx.t("col.detail"), "wrap"),
        ], [(ctx.t(f"follow.{f.kind}"), f.subject, f.amount, f.owner, detail)
            for f, detail in zip(b.capped(p.follow_ups), w.follow_ups)],
            wrap_span=5)
        b.more_note(p.follow_ups)
    else:
        b.empty(ctx.t("empty.follow_ups"))

    for key, lines in (("next_month_plan", p.next_month_plan_note), ("strategy", p.strategy_note),
                       ("training", p.training_note)):
        if lines:                    # a placeholder for what the Plan sheet leaves empty is not printed
            b.section(ctx.t(f"plan.{key}"))
            b.paragraphs(lines)

    b.section(ctx.t("plan.suggestions"))
    if p.suggestions:
        b.paragraphs(list(w.suggestions), tones=[s.tone for s in p.suggestions])
    else:
        b.empty(ctx.t("empty.suggestions"))

    # 七、总结: the report's last part, as the seed orders it (page 1 tells the month in its highlights).
    if ctx.words.conclusion:
        b.part(ctx.t("summary.conclusion"))
        b.paragraphs([ctx.words.conclusion], bullets=False, gap=False)
    return b.build()


def _close_months(b: SheetBuilder, ctx: Context, p) -> None:
    """The open deals by expected close month with the sentence on next month's; nothing without the
    Pipeline sheet's close dates (a part without data is not a table of n/a)."""
    rows = p.pipeline_by_close_month
    if rows is None:
        return
    weighted = any(r.weighted is not None for r in rows)    # no closed deals to weigh with: no column of n/a
    b.subsection(ctx.t("plan.close_months"))
    b.table("plan_close_months", [
        Col(ctx.t("col.close_month")), Col(ctx.t("col.deals"), "int"), Col(ctx.t("col.amount"), "amount"),
        *([Col(ctx.t("col.weighted"), "amount")] if weighted else []),
    ], [(r.month if r.kind == "month" else ctx.t(f"close.{r.kind}"), r.deals, r.amount, r.weighted)[:4 if weighted else 3]
        for r in rows],
        flagged=[i for i, r in enumerate(rows) if r.kind == "overdue"])
    if ctx.words.closing:
        b.note(ctx.words.closing)


def _accuracy(b: SheetBuilder, ctx: Context, p) -> None:
    """The forecast method's backtest (month, forecast, actual, error) with a chart of forecast against
    actual, and the methods compared."""
    b.section(ctx.t("plan.accuracy"))
    acc = p.forecast_accuracy
    if acc is None:
        b.empty(ctx.t("empty.backtest"))
        return
    t = b.table("plan_backtest", [
        Col(ctx.t("col.month")), Col(ctx.t("col.actual"), "amount"), Col(ctx.t("col.forecast"), "amount"),
        Col(ctx.t("col.error"), "change"),
    ], [(x.month, x.actual, x.forecast, x.error) for x in acc.months])
    width = 14.0
    b.chart(ChartSpec(
        kind="combo", name="plan_backtest", title=ctx.t("chart.backtest"), categories=t.body_range(0),
        series=(Series(ctx.t("col.actual"), t.body_range(1), S.THIS_YEAR, kind="column"),
                Series(ctx.t("col.forecast"), t.body_range(2), S.LAST_YEAR, kind="line")),
        anchor="A1", width_cm=width, height_cm=7.0, x_title=ctx.t("axis.month"),
        y_title=ctx.t("axis.amount", unit=ctx.unit_text), y_number_format=ctx.amount_format,
    ), beside=t if b.room_beside(t, width) else None)
    if p.forecast_alternatives:
        b.subsection(ctx.t("plan.methods"))
        b.table("plan_methods", [Col(ctx.t("col.method")), Col(ctx.t("col.mape"), "pct"), Col(ctx.t("col.chosen"), "flag")],
                [(ctx.t(f"s_fc_name_{a.method}"), a.mape, a.method == acc.method) for a in p.forecast_alternatives],
                flagged=[i for i, a in enumerate(p.forecast_alternatives) if a.method == acc.method])
