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

from ..inputs import Inputs
from .model import (CustomersSection, Phrase, PlanSection, ProblemsSection, SalesSection, Sentence,
                    SummarySection, TeamSection, amount, change, choice, count, number, percent, signed,
                    word)
from .problems import plan_notes
from .rep_lights import add_reps_below


def _tone(value: float | None, good_from: float = 0.0) -> str:
    if value is None:
        return "neutral"
    if value > good_from:
        return "good"
    return "bad" if value < good_from else "neutral"


def highlights(inputs: Inputs, figures: dict[str, Any], sales: SalesSection, customers: CustomersSection,
               problems: ProblemsSection) -> list[Sentence]:
    out: list[Sentence] = []

    mom, yoy = figures["SR_MOM"], figures["SR_YOY"]
    key = "s_hl_sales" + ("_mom" if mom is not None else "") + ("_yoy" if yoy is not None else "")
    out.append(Sentence(key="sales_month", figure=figures["SR_SALES_MONTH"], figure_name="SR_SALES_MONTH",
                        tone=_tone(mom), phrase=Phrase(key, {"amount": amount(figures["SR_SALES_MONTH"]),
                                                             "mom": change(mom), "yoy": change(yoy)})))

    attainment = figures["SR_ATTAINMENT"]
    if attainment is not None:
        out.append(Sentence(key="attainment", figure=attainment, figure_name="SR_ATTAINMENT",
                            tone="good" if attainment >= 1 else "bad",
                            phrase=Phrase("s_hl_attainment", {"pct": percent(attainment),
                                                              "actual": amount(figures["SR_SALES_MONTH"]),
                                                              "target": amount(figures["SR_TARGET"])})))
    else:
        out.append(Sentence(key="no_target", figure=figures["SR_TARGET"], figure_name="SR_TARGET",
                            phrase=Phrase("s_hl_no_target")))

    out.append(Sentence(key="customers", figure=figures["SR_NEW_CUSTOMERS"], figure_name="SR_NEW_CUSTOMERS",
                        tone="bad" if figures["SR_CHURNED_CUSTOMERS"] > figures["SR_NEW_CUSTOMERS"] else "neutral",
                        phrase=Phrase("s_hl_customers", {"new": count(figures["SR_NEW_CUSTOMERS"]),
                                                         "churned": count(figures["SR_CHURNED_CUSTOMERS"])})))

    movers = [r for r in sales.by_category if r.mom is not None and r.this_month != r.last_month]
    if movers:
        top = max(movers, key=lambda r: abs(r.this_month - r.last_month))  # first of equals wins
        out.append(Sentence(key="mover", figure=top.mom, figure_name=f"sales.by_category[{top.name}].mom",
                            tone=_tone(top.mom),
                            phrase=Phrase("s_hl_mover", {"name": top.name, "mom": change(top.mom),
                                                         "amount": amount(top.this_month)})))

    if problems.underperformers:
        u = problems.underperformers[0]
        out.append(Sentence(key="underperformer", figure=u.gap_pct,
                            figure_name=f"problems.underperformers[{u.name}].gap_pct", tone="bad",
                            phrase=Phrase("s_hl_underperformer", {
                                "name": u.name, "basis": word(f"s_basis_{u.basis}"), "gap_pct": change(u.gap_pct),
                                "actual": amount(u.actual), "expected": amount(u.expected)})))

    if customers.at_risk:
        out.append(Sentence(key="at_risk", figure=len(customers.at_risk), figure_name="count(customers.at_risk)",
                            tone="bad",
                            phrase=Phrase("s_hl_at_risk", {
                                "count": count(len(customers.at_risk)),
                                "amount": amount(sum(a.revenue_at_risk for a in customers.at_risk))})))

    if problems.slowest_stage is not None:
        row = next(r for r in problems.stages if r.stage == problems.slowest_stage)
        out.append(Sentence(key="slowest_stage", figure=row.median_days,
                            figure_name=f"problems.stages[{row.stage}].median_days", tone="bad",
                            phrase=Phrase("s_hl_stage", {"stage": choice("stage", row.stage),
                                                         "days": number(row.median_days),
                                                         "deals": count(row.deals)})))

    satisfaction = figures["SR_SATISFACTION"]
    if satisfaction is not None:
        sat = customers.satisfaction
        delta = "" if sat.change is None else Phrase("s_hl_satisfaction_change", {"delta": signed(sat.change, 2)})
        out.append(Sentence(key="satisfaction", figure=satisfaction, figure_name="SR_SATISFACTION",
                            tone=_tone(sat.change),
                            phrase=Phrase("s_hl_satisfaction", {"score": number(satisfaction, 2),
                                                                "responses": count(sat.responses),
                                                                "change": delta})))
    return out


def conclusion(figures: dict[str, Any], customers: CustomersSection, problems: ProblemsSection,
               plan: PlanSection) -> list[Phrase]:
    """One paragraph: where sales ended up, what to watch, and what next month asks for."""
    parts: list[Phrase] = []
    if figures["SR_SALES_MONTH"] == 0 and figures["SR_SALES_PREV_MONTH"] == 0:
        parts.append(Phrase("s_concl_no_sales"))
    else:
        parts.append(Phrase("s_concl_open", {"amount": amount(figures["SR_SALES_MONTH"])}))
        if figures["SR_MOM"] is not None:
            parts.append(Phrase("s_concl_mom", {"mom": change(figures["SR_MOM"])}))
        if figures["SR_ATTAINMENT"] is not None:
            parts.append(Phrase("s_concl_att", {"pct": percent(figures["SR_ATTAINMENT"])}))
        parts.append(Phrase("s_concl_end"))

    focus = []
    if problems.underperformers:
        focus.append(Phrase("s_focus_underperformer", {"name": problems.underperformers[0].name}))
    if problems.slowest_stage is not None:
        focus.append(Phrase("s_focus_stage", {"stage": choice("stage", problems.slowest_stage)}))
    if customers.at_risk:
        focus.append(Phrase("s_focus_at_risk", {"count": count(len(customers.at_risk))}))
    if problems.stalled:
        focus.append(Phrase("s_focus_stalled", {"count": count(len(problems.stalled))}))
    if focus:
        parts.append(Phrase("s_concl_focus", {"items": focus}))

    if plan.forecast is not None:
        if plan.next_target is not None:
            parts.append(Phrase("s_concl_next", {"target": amount(plan.next_target), "forecast": amount(plan.forecast)}))
        else:
            parts.append(Phrase("s_concl_next_no_target", {"forecast": amount(plan.forecast)}))
    parts.append(Phrase("s_concl_close"))
    return parts


def compute_summary(inputs: Inputs, figures: dict[str, Any], sales: SalesSection, team: TeamSection,
                    customers: CustomersSection, problems: ProblemsSection, plan: PlanSection) -> SummarySection:
    """Sections 一 and 七: highlights citing model figures, the summary_note commentary, a conclusion.

    `figures` must hold every SR_* name (the headline figures, SR_NEXT_TARGET and SR_FORECAST).
    `team` is accepted so every section is at hand; attainment is read from `figures`.
    """
    # The reps below 90 % of target are named with attainment (compute/rep_lights.py).
    found = add_reps_below(highlights(inputs, figures, sales, customers, problems), team)
    return SummarySection(
        highlights=found,
        summary_note=plan_notes(inputs, "summary_note"),
        conclusion_phrases=conclusion(figures, customers, problems, plan),
    )
