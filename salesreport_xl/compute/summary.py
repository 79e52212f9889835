"""一 Summary and 七 conclusion: the month's story, chosen by impact from figures already in the model.

Every highlight keeps the figure it cites (`figure`) and says where it lives in the model
(`figure_name`), so a test — or a reader — can check the sentence against the report:
- `SR_…`                      → `model.figures[...]`
- `section.list[name].field`  → the first row of that list whose name (name / stage / topic / rep) is `name`
- `count(section.list)`       → the number of rows of that list

Highlights (3 to 8), chosen by impact:
 1. the headline: sales this month with MoM / YoY where available (good news when it grew), with profit
    and margin when Sales has profit, or that there were no sales this month    (SR_SALES_MONTH)
 2. target attainment where there is a team target                 (SR_ATTAINMENT)
 then, ranked by the money at stake (largest first), only items that pass the materiality rule
 (compute/judge.py):
    - the largest material movers up and down among categories: the category with the largest rise and
      the one with the largest fall against last month, last month's sales being material
      (stake: the change)                                          (sales.by_category[name].mom)
    - the reps furthest below their targets (up to 2, target material, attainment ≤ 1 + `underperform`;
      stake: the shortfall)                                        (team.reps[rep].attainment)
    - the largest material shortfall, with its likely reason — volume, price or the customer who
      bought the most less, whichever explains most of it (stake: the shortfall)
                                                                   (problems.underperformers[name].gap)
    - the category whose margin fell the most (compute/profit.py; stake: the profit lost)
                                                                   (problems.margin_drops[name].margin)
    - key accounts at risk (stake: the revenue at risk)            (count(customers.at_risk))
 then, without a money stake, in this order: the slowest pipeline stage, satisfaction when it moved
 by at least `SATISFACTION_MOVE` points, new and churned customers; and when there is no team target,
 that attainment is not available (so there are always at least 3).

The conclusion names the same flagged items in the same order ("areas to watch").
"""
from __future__ import annotations

from typing import Any

from ..inputs import Inputs
from .judge import at_or_above, at_or_below, material
from .model import (CustomersSection, Phrase, PlanSection, ProblemsSection, ReasonAnalysis, SalesSection,
                    Sentence, SummarySection, TeamSection, UnderperformerRow, amount, change, choice, count, group,
                    number, percent, signed, word)
from .problems import largest_shortfall, plan_notes

MIN_HIGHLIGHTS, MAX_HIGHLIGHTS = 3, 8
SATISFACTION_MOVE = 0.2      # points of 5: a smaller move is noise on a monthly survey
REPS_SHOWN = 2


def _tone(value: float | None, good_from: float = 0.0) -> str:
    if value is None:
        return "neutral"
    if value > good_from:
        return "good"
    return "bad" if value < good_from else "neutral"


# ------------------------------------------------------------------------------------ candidates
def headline(figures: dict[str, Any], data_range: tuple[str, str] | None, had_sales: bool,
             profit: float | None = None, margin: float | None = None) -> Sentence:
    if not had_sales and data_range is not None:
        return Sentence(key="no_sales", figure=figures["SR_SALES_MONTH"], figure_name="SR_SALES_MONTH",
                        phrase=Phrase("s_hl_no_sales", {"first": data_range[0], "last": data_range[1]}))
    mom, yoy = figures["SR_MOM"], figures["SR_YOY"]
    key = "s_hl_sales" + ("_mom" if mom is not None else "") + ("_yoy" if yoy is not None else "")
    phrase = [Phrase(key, {"amount": amount(figures["SR_SALES_MONTH"]), "mom": change(mom), "yoy": change(yoy)})]
    if margin is not None:  # the margin next to sales, when the export has profit
        phrase.append(Phrase("s_hl_profit", {"profit": amount(profit), "margin": percent(margin)}))
    return Sentence(key="sales_month", figure=figures["SR_SALES_MONTH"], figure_name="SR_SALES_MONTH",
                    tone=_tone(mom if mom is not None else yoy), phrase=phrase)


def movers(sales: SalesSection, floor: float) -> list[tuple[float, Sentence]]:
    """The largest material rise and the largest material fall among categories, with their stakes."""
    out = []
    judged = [r for r in sales.by_category if r.mom is not None and material(r.last_month, floor)
              and material(abs(r.this_month - r.last_month), floor)]
    up = [r for r in judged if r.this_month > r.last_month]
    down = [r for r in judged if r.this_month < r.last_month]
    for rows, key in ((up, "s_hl_mover_up"), (down, "s_hl_mover_down")):
        if rows:
            top = max(rows, key=lambda r: abs(r.this_month - r.last_month))  # first of equals wins
            delta = abs(top.this_month - top.last_month)
            out.append((delta, Sentence(
                key="mover_up" if key.endswith("up") else "mover_down", figure=top.mom,
                figure_name=f"sales.by_category[{top.name or ''}].mom", tone=_tone(top.mom),
                phrase=Phrase(key, {"name": group(top.name), "delta": amount(delta), "amount": amount(top.this_month),
                                    "mom": change(top.mom)}))))
    return out


def reps_below(inputs: Inputs, team: TeamSection, floor: float) -> list[tuple[float, Sentence]]:
    """The reps furthest below their targets (material targets, at or below `underperform`)."""
    threshold = 1.0 + inputs.settings.underperform
    below = [r for r in team.reps if r.target is not None and r.attainment is not None
             and material(r.target, floor) and at_or_below(r.attainment, threshold)]
    below.sort(key=lambda r: (r.actual - r.target, r.rep))
    if not below:
        return []
    shown = below[:REPS_SHOWN]
    stake = sum(r.target - r.actual for r in shown)
    parts = [Phrase("s_rep_below", {"rep": group(r.rep), "pct": percent(r.attainment), "target": amount(r.target),
                                    "gap": amount(r.target - r.actual)}) for r in shown]
    return [(stake, Sentence(key="reps_below", figure=shown[0].attainment,
                             figure_name=f"team.reps[{shown[0].rep}].attainment", tone="bad",
                             phrase=Phrase("s_hl_reps_below", {"reps": parts})))]


def likely_reason(u: UnderperformerRow, reasons: list[ReasonAnalysis]) -> Phrase | str:
    """Volume, price or the customer who bought the most less: whichever explains most of the drop."""
    r = next((x for x in reasons if x.name == u.name and x.level == u.level), None)
    if r is None or r.change >= 0:
        return ""
    options = []
    if r.volume_effect is not None and r.volume_effect < 0:
        options.append((-r.volume_effect, Phrase("s_why_volume", {"amount": amount(r.volume_effect)})))
    if r.price_effect is not None and r.price_effect < 0:
        options.append((-r.price_effect, Phrase("s_why_price", {"amount": amount(r.price_effect)})))
    if r.customers_stopped:
        c = r.customers_stopped[0]
        options.append((-c.change, Phrase("s_why_customer", {"customer": c.name or c.customer_id,
                                                             "amount": amount(-c.change)})))
    # Only a part that explains at least half of the drop is "mostly" the reason.
    options = [o for o in options if o[0] >= -r.change / 2]
    return max(options, key=lambda o: o[0])[1] if options else ""


def shortfall(problems: ProblemsSection) -> list[tuple[float, Sentence]]:
    """The largest material shortfall (underperformers are already judged material and reliable)."""
    u = largest_shortfall(problems.underperformers)
    if u is None:
        return []
    return [(-u.gap, Sentence(
        key="shortfall", figure=u.gap, figure_name=f"problems.underperformers[{u.name}].gap", tone="bad",
        phrase=Phrase("s_hl_shortfall", {
            "name": u.name, "basis": word(f"s_basis_{u.basis}"), "gap": amount(-u.gap),
            "actual": amount(u.actual), "expected": amount(u.expected), "gap_pct": change(u.gap_pct),
            "why": likely_reason(u, problems.reasons)})))]


def margin_fall(problems: ProblemsSection) -> list[tuple[float, Sentence]]:
    """The category whose margin fell the most in money (profit lost), even when its sales rose."""
    if not problems.margin_drops:
        return []
    d = problems.margin_drops[0]
    return [(d.profit_lost, Sentence(
        key="margin", figure=d.margin, figure_name=f"problems.margin_drops[{d.category}].margin", tone="bad",
        phrase=Phrase("s_hl_margin", {"name": d.category, "margin": percent(d.margin),
                                      "before": percent(d.baseline_margin), "points": signed(d.points),
                                      "profit": amount(d.profit)})))]


def at_risk(customers: CustomersSection) -> list[tuple[float, Sentence]]:
    if not customers.at_risk:
        return []
    total = sum(a.revenue_at_risk for a in customers.at_risk)
    top = customers.at_risk[0]
    return [(total, Sentence(
        key="at_risk", figure=len(customers.at_risk), figure_name="count(customers.at_risk)", tone="bad",
        phrase=Phrase("s_hl_at_risk", {"count": count(len(customers.at_risk), "key_account"),
                                       "amount": amount(total), "name": top.name or top.customer_id,
                                       "top": amount(top.revenue_at_risk)})))]


def unranked(figures: dict[str, Any], customers: CustomersSection, problems: ProblemsSection) -> list[Sentence]:
    """Highlights without a money stake, in their fixed order."""
    out = []
    if problems.slowest_stage is not None:
        row = next(r for r in problems.stages if r.stage == problems.slowest_stage)
        out.append(Sentence(key="slowest_stage", figure=row.median_days,
                            figure_name=f"problems.stages[{row.stage}].median_days", tone="bad",
                            phrase=Phrase("s_hl_stage", {"stage": choice("stage", row.stage),
                                                         "days": number(row.median_days),
                                                         "deals": count(row.deals, "deal")})))
    sat = customers.satisfaction
    if figures["SR_SATISFACTION"] is not None and sat.change is not None and at_or_above(abs(sat.change), SATISFACTION_MOVE):
        out.append(Sentence(key="satisfaction", figure=figures["SR_SATISFACTION"], figure_name="SR_SATISFACTION",
                            tone=_tone(sat.change),
                            phrase=Phrase("s_hl_satisfaction", {
                                "score": number(figures["SR_SATISFACTION"], 2),
                                "responses": count(sat.responses, "response"),
                                "change": Phrase("s_hl_satisfaction_change", {"delta": signed(sat.change, 2)})})))
    if figures["SR_NEW_CUSTOMERS"] or figures["SR_CHURNED_CUSTOMERS"]:
        out.append(customers_sentence(figures))
    return out


def customers_sentence(figures: dict[str, Any]) -> Sentence:
    return Sentence(key="customers", figure=figures["SR_NEW_CUSTOMERS"], figure_name="SR_NEW_CUSTOMERS",
                    tone="bad" if figures["SR_CHURNED_CUSTOMERS"] > figures["SR_NEW_CUSTOMERS"] else "neutral",
                    phrase=Phrase("s_hl_customers", {
                        "new": count(figures["SR_NEW_CUSTOMERS"], "new_customer"),
                        "churned": count(figures["SR_CHURNED_CUSTOMERS"], "customer")}))


def highlights(inputs: Inputs, figures: dict[str, Any], sales: SalesSection, team: TeamSection,
               customers: CustomersSection, problems: ProblemsSection,
               data_range: tuple[str, str] | None = None) -> list[Sentence]:
    floor = problems.materiality_floor
    out = [headline(figures, data_range, had_sales=sales.orders > 0 or sales.month_total != 0,
                    profit=sales.profit, margin=sales.margin)]
    attainment = figures["SR_ATTAINMENT"]
    if attainment is not None:
        out.append(Sentence(key="attainment", figure=attainment, figure_name="SR_ATTAINMENT",
                            tone="good" if attainment >= 1 else "bad",
                            phrase=Phrase("s_hl_attainment", {"pct": percent(attainment),
                                                              "actual": amount(figures["SR_SALES_MONTH"]),
                                                              "target": amount(figures["SR_TARGET"])})))
    short = shortfall(problems)
    # A category that fell most and is also the largest shortfall is said once, with its reason.
    named_short = {largest_shortfall(problems.underperformers).name} if short else set()
    moved = [(st, s) for st, s in movers(sales, floor)
             if not (s.key == "mover_down" and s.figure_name[len("sales.by_category["):-len("].mom")] in named_short)]
    ranked = moved + reps_below(inputs, team, floor) + short + margin_fall(problems) + at_risk(customers)
    ranked.sort(key=lambda x: -x[0])  # stable: equal stakes keep the order above
    out += [s for _, s in ranked]
    out += unranked(figures, customers, problems)
    if attainment is None and len(out) < MIN_HIGHLIGHTS:
        out.insert(1, Sentence(key="no_target", figure=figures["SR_TARGET"], figure_name="SR_TARGET",
                               phrase=Phrase("s_hl_no_target")))
    if len(out) < MIN_HIGHLIGHTS and not any(x.key == "customers" for x in out):
        out.append(customers_sentence(figures))
    return out[:MAX_HIGHLIGHTS]


# ------------------------------------------------------------------------------------ conclusion
def watch_items(customers: CustomersSection, problems: ProblemsSection) -> list[Phrase]:
    """The flagged items the conclusion names, by money at stake, then the process ones."""
    ranked: list[tuple[float, Phrase]] = []
    u = largest_shortfall(problems.underperformers)
    if u is not None:
        ranked.append((-u.gap, Phrase("s_focus_underperformer", {"name": u.name, "gap": amount(-u.gap)})))
    if problems.margin_drops:
        d = problems.margin_drops[0]
        ranked.append((d.profit_lost, Phrase("s_focus_margin", {"name": d.category})))
    if customers.at_risk:
        total = sum(a.revenue_at_risk for a in customers.at_risk)
        ranked.append((total, Phrase("s_focus_at_risk", {"count": count(len(customers.at_risk), "key_account"),
                                                         "amount": amount(total)})))
    ranked.sort(key=lambda x: -x[0])
    out = [p for _, p in ranked]
    if problems.slowest_stage is not None:
        out.append(Phrase("s_focus_stage", {"stage": choice("stage", problems.slowest_stage)}))
    if problems.stalled:
        out.append(Phrase("s_focus_stalled", {"count": count(len(problems.stalled), "stalled_deal")}))
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

    focus = watch_items(customers, problems)
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
                    customers: CustomersSection, problems: ProblemsSection, plan: PlanSection,
                    data_range: tuple[str, str] | None = None) -> SummarySection:
    """Sections 一 and 七: highlights citing model figures, the summary_note commentary, a conclusion.

    `figures` must hold every SR_* name (the headline figures, SR_NEXT_TARGET and SR_FORECAST);
    `data_range` is the first and last month of the Sales data ("YYYY-MM"), for a month without sales.
    """
    return SummarySection(
        highlights=highlights(inputs, figures, sales, team, customers, problems, data_range),
        summary_note=plan_notes(inputs, "summary_note"),
        conclusion_phrases=conclusion(figures, customers, problems, plan),
    )
