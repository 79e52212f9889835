"""一 Summary and 七 conclusion: highlight sentences built from figures already in the model.

Every highlight keeps the figure it cites (`figure`) and says where it lives in the model
(`figure_name`), so a test — or a reader — can check the sentence against the report:
- `SR_…`                      → `model.figures[...]`
- `section.list[name].field`  → the first row of that list whose name (name / stage / topic) is `name`
- `count(section.list)`       → the number of rows of that list

Highlights, in this order (3 always, at most 8):
 1. sales this month, with MoM / YoY where available            (SR_SALES_MONTH)
 2. target attainment, or that there is no target               (SR_ATTAINMENT, or SR_TARGET = None)
 3. new and churned customers                                    (SR_NEW_CUSTOMERS)
 4. the biggest mover among categories: the largest absolute change against last month among those
    with a MoM                                                   (sales.by_category[name].mom)
 5. the worst underperformer                                     (problems.underperformers[name].gap_pct)
 6. key accounts at risk                                         (count(customers.at_risk))
 7. the slowest pipeline stage                                   (problems.stages[stage].median_days)
 8. satisfaction, with the change on last month                 (SR_SATISFACTION)
"""
from __future__ import annotations

from typing import Any

from ..i18n import t
from ..i18n.numbers import format_amount, format_count, format_number, format_percent
from ..inputs import Inputs
from .model import (CustomersSection, PlanSection, ProblemsSection, SalesSection, Sentence, SummarySection,
                    TeamSection)
from .plan import stage_label
from .problems import plan_notes


def _tone(value: float | None, good_from: float = 0.0) -> str:
    if value is None:
        return "neutral"
    if value > good_from:
        return "good"
    return "bad" if value < good_from else "neutral"


def highlights(inputs: Inputs, figures: dict[str, Any], sales: SalesSection, customers: CustomersSection,
               problems: ProblemsSection, lang: str) -> list[Sentence]:
    s = inputs.settings
    amount = lambda v: format_amount(v, lang, currency=s.currency, display_unit=s.display_unit,  # noqa: E731
                                     label=s.unit_label)
    pct = lambda v: format_percent(v, lang, signed=True)  # noqa: E731
    out: list[Sentence] = []

    mom, yoy = figures["SR_MOM"], figures["SR_YOY"]
    key = "s_hl_sales" + ("_mom" if mom is not None else "") + ("_yoy" if yoy is not None else "")
    out.append(Sentence(key="sales_month", figure=figures["SR_SALES_MONTH"], figure_name="SR_SALES_MONTH",
                        tone=_tone(mom), text=t(lang, key, amount=amount(figures["SR_SALES_MONTH"]),
                                                mom=pct(mom), yoy=pct(yoy))))

    attainment = figures["SR_ATTAINMENT"]
    if attainment is not None:
        out.append(Sentence(key="attainment", figure=attainment, figure_name="SR_ATTAINMENT",
                            tone="good" if attainment >= 1 else "bad",
                            text=t(lang, "s_hl_attainment", pct=format_percent(attainment, lang),
                                   actual=amount(figures["SR_SALES_MONTH"]), target=amount(figures["SR_TARGET"]))))
    else:
        out.append(Sentence(key="no_target", figure=figures["SR_TARGET"], figure_name="SR_TARGET",
                            text=t(lang, "s_hl_no_target")))

    out.append(Sentence(key="customers", figure=figures["SR_NEW_CUSTOMERS"], figure_name="SR_NEW_CUSTOMERS",
                        tone="bad" if figures["SR_CHURNED_CUSTOMERS"] > figures["SR_NEW_CUSTOMERS"] else "neutral",
                        text=t(lang, "s_hl_customers", new=format_count(figures["SR_NEW_CUSTOMERS"], lang),
                               churned=format_count(figures["SR_CHURNED_CUSTOMERS"], lang))))

    movers = [r for r in sales.by_category if r.mom is not None and r.this_month != r.last_month]
    if movers:
        top = max(movers, key=lambda r: abs(r.this_month - r.last_month))  # first of equals wins
        out.append(Sentence(key="mover", figure=top.mom, figure_name=f"sales.by_category[{top.name}].mom",
                            tone=_tone(top.mom),
                            text=t(lang, "s_hl_mover", name=top.name, mom=pct(top.mom),
                                   amount=amount(top.this_month))))

    if problems.underperformers:
        u = problems.underperformers[0]
        out.append(Sentence(key="underperformer", figure=u.gap_pct,
                            figure_name=f"problems.underperformers[{u.name}].gap_pct", tone="bad",
                            text=t(lang, "s_hl_underperformer", name=u.name, basis=t(lang, f"s_basis_{u.basis}"),
                                   gap_pct=pct(u.gap_pct), actual=amount(u.actual), expected=amount(u.expected))))

    if customers.at_risk:
        out.append(Sentence(key="at_risk", figure=len(customers.at_risk), figure_name="count(customers.at_risk)",
                            tone="bad",
                            text=t(lang, "s_hl_at_risk", count=format_count(len(customers.at_risk), lang),
                                   amount=amount(sum(a.revenue_at_risk for a in customers.at_risk)))))

    if problems.slowest_stage is not None:
        row = next(r for r in problems.stages if r.stage == problems.slowest_stage)
        out.append(Sentence(key="slowest_stage", figure=row.median_days,
                            figure_name=f"problems.stages[{row.stage}].median_days", tone="bad",
                            text=t(lang, "s_hl_stage", stage=stage_label(row.stage, lang),
                                   days=format_number(row.median_days, lang), deals=format_count(row.deals, lang))))

    satisfaction = figures["SR_SATISFACTION"]
    if satisfaction is not None:
        sat = customers.satisfaction
        delta = "" if sat.change is None else t(lang, "s_hl_satisfaction_change",
                                                delta=format_number(sat.change, lang, signed=True))
        out.append(Sentence(key="satisfaction", figure=satisfaction, figure_name="SR_SATISFACTION",
                            tone=_tone(sat.change),
                            text=t(lang, "s_hl_satisfaction", score=format_number(satisfaction, lang),
                                   responses=format_count(sat.responses, lang), change=delta)))
    return out


def conclusion(inputs: Inputs, figures: dict[str, Any], customers: CustomersSection, problems: ProblemsSection,
               plan: PlanSection, lang: str) -> str:
    """One paragraph: where sales ended up, what to watch, and what next month asks for."""
    s = inputs.settings
    amount = lambda v: format_amount(v, lang, currency=s.currency, display_unit=s.display_unit,  # noqa: E731
                                     label=s.unit_label)
    parts = []
    if figures["SR_SALES_MONTH"] == 0 and figures["SR_SALES_PREV_MONTH"] == 0:
        parts.append(t(lang, "s_concl_no_sales"))
    else:
        parts.append(t(lang, "s_concl_open", amount=amount(figures["SR_SALES_MONTH"])))
        if figures["SR_MOM"] is not None:
            parts.append(t(lang, "s_concl_mom", mom=format_percent(figures["SR_MOM"], lang, signed=True)))
        if figures["SR_ATTAINMENT"] is not None:
            parts.append(t(lang, "s_concl_att", pct=format_percent(figures["SR_ATTAINMENT"], lang)))
        parts.append(t(lang, "s_concl_end"))

    focus = []
    if problems.underperformers:
        focus.append(t(lang, "s_focus_underperformer", name=problems.underperformers[0].name))
    if problems.slowest_stage is not None:
        focus.append(t(lang, "s_focus_stage", stage=stage_label(problems.slowest_stage, lang)))
    if customers.at_risk:
        focus.append(t(lang, "s_focus_at_risk", count=len(customers.at_risk)))
    if problems.stalled:
        focus.append(t(lang, "s_focus_stalled", count=len(problems.stalled)))
    if focus:
        parts.append(t(lang, "s_concl_focus", items=t(lang, "s_items_sep").join(focus)))

    if plan.forecast is not None:
        if plan.next_target is not None:
            parts.append(t(lang, "s_concl_next", target=amount(plan.next_target), forecast=amount(plan.forecast)))
        else:
            parts.append(t(lang, "s_concl_next_no_target", forecast=amount(plan.forecast)))
    parts.append(t(lang, "s_concl_close"))
    return "".join(parts)


def compute_summary(inputs: Inputs, figures: dict[str, Any], sales: SalesSection, team: TeamSection,
                    customers: CustomersSection, problems: ProblemsSection, plan: PlanSection,
                    lang: str | None = None) -> SummarySection:
    """Sections 一 and 七: highlights citing model figures, the summary_note commentary, a conclusion.

    `figures` must hold every SR_* name (the headline figures, SR_NEXT_TARGET and SR_FORECAST).
    `team` is accepted so every section is at hand; attainment is read from `figures`.
    """
    lang = lang or inputs.settings.language
    return SummarySection(
        highlights=highlights(inputs, figures, sales, customers, problems, lang),
        summary_note=plan_notes(inputs, "summary_note"),
        conclusion=conclusion(inputs, figures, customers, problems, plan, lang),
    )
