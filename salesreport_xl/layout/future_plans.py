"""Future Plans (未来计划与改进措施): next month's target and forecast, pipeline, follow-ups, plans, suggestions."""
from __future__ import annotations

from ..compute.model import ReportModel
from .builder import Col, SheetBuilder
from .context import Context


def layout_future_plans(model: ReportModel, ctx: Context):
    p = model.plan
    b = SheetBuilder(ctx, "plan")
    b.title(ctx.t("sheet_title.plan"), ctx.subtitle("plan"))

    b.section(ctx.t("plan.next_month", month=p.next_month))
    b.keyvalue("plan_figures", (ctx.t("col.measure"), ctx.t("col.value")), [
        (ctx.t("row.next_target"), p.next_target, "amount", "SR_NEXT_TARGET"),
        (ctx.t("row.forecast"), p.forecast, "amount", "SR_FORECAST"),
        (ctx.t("row.forecast_gap"), p.gap, "gap", ""),
        (ctx.t("row.open_pipeline"), p.open_pipeline_value, "amount", ""),
        (ctx.t("row.open_deals"), p.open_deals, "int", ""),
    ])
    b.note(ctx.t("plan.method", method=p.forecast_method_text or ctx.na))

    b.section(ctx.t("plan.follow_ups"))
    if p.follow_ups:
        b.table("plan_follow_ups", [
            Col(ctx.t("col.kind")), Col(ctx.t("col.subject")), Col(ctx.t("col.amount"), "amount"),
            Col(ctx.t("col.owner")), Col(ctx.t("col.detail"), "wrap"),
        ], [(ctx.t(f"follow.{f.kind}"), f.subject, f.amount, f.owner, f.detail) for f in b.capped(p.follow_ups)],
            wrap_span=5)
        b.more_note(p.follow_ups)
    else:
        b.empty(ctx.t("empty.follow_ups"))

    for key, lines in (("next_month_plan", p.next_month_plan_note), ("strategy", p.strategy_note),
                       ("training", p.training_note)):
        b.section(ctx.t(f"plan.{key}"))
        if lines:
            b.paragraphs(lines)
        else:
            b.empty(ctx.t("empty.note"))

    b.section(ctx.t("plan.suggestions"))
    if p.suggestions:
        b.paragraphs([s.text for s in p.suggestions], tones=[s.tone for s in p.suggestions])
    else:
        b.empty(ctx.t("empty.suggestions"))
    return b.build()
