"""Page 1, the director's page: what happened, why, what to do — and the tiles' 13-month trends.

What happened (`happened`), every sentence with its figure:
 1. sales against the team's target (attainment and the gap) — and, when the drivers move on last
    month (no last year's month to compare with), the change on last month they explain —, else
    against last month (not in a month the season moves, `basis.against_last_year`: then the sales
    alone);
 2. against the same month last year;
 3. the key account lost in M (`lost_account`): the largest customer churned in M (marked Churned
    with a churn date in M, or inferred, compute/customers.py) whose share of the team's sales over the
    12 months to M is at least the materiality share and at least an average buyer's (1 ÷ the
    customers who bought in those months) — a key account, not one of many — named with that value,
    its share and its churn date and reason (or its last order);
 4. the season (compute/season.py), when it moves M: M's calendar month is seasonally high or low, or
    the month before is and so last month is no comparison for M;
 5. year to date against the same months last year.

Why (`drivers`): the three largest movers in money, each on one basis, at most one per breakdown —
rep, category, region, channel, segment. A row with a target for M is measured against it (rep,
category and region targets); any other row on the page's basis (`comparison_basis`): the same month
last year in a month the season moves (`basis.against_last_year`, compute/season.py — last month would
say the season, not the row) or when the page leads with the target and last year's month is known
(the movers then explain the gap and the change on last year, not order timing); else last month.
Of each breakdown the row furthest from its basis stands for it; the breakdowns' rows are then ranked
by that distance, and only material ones (compute/judge.py) are kept.

What to do (`actions`): the follow-ups (key accounts at risk, stalled deals; each with its owner, the
customer's or deal's rep) by value at stake, largest first; when fewer than three, the suggestions with
money at stake follow (a shortfall, a margin fall, a forecast short of next month's target), in their
own order, without an owner. In a month the season moves, a shortfall against the recent months is no
action: the page has just said those months are the wrong comparison.

Trends (`kpi_trends`): each tile's figure over the 13 months to M by the figure's own definition
(docs/figures.md), None where it is not available in a month (before the sales history, no target, no
feedback); churned customers and pipeline coverage have none (their rules look back further than one
month, and the tile compares with last month instead).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .basis import TREND_MONTHS, MonthBasis
from .common import change, ratio
from .judge import floor_of, material
from .future_plans import follow_up_subject
from .model import (Action, AtRiskRow, CustomersSection, Driver, FollowUp, KpiTrend, Phrase, PlanSection,
                    ProblemsSection, SalesSection, Season, Sentence,
                    TeamSection, UnderperformerRow, amount, change as change_arg, choice, group, number,
                    percent, signed_amount, word)
from .problems import largest_shortfall
from .profit import has_profit
from .summary import headline
from .sales_frame import code_month_key, month_codes, order_keys, sales_month_codes

DRIVERS_SHOWN = ACTIONS_SHOWN = 3
# Suggestions that are themselves a sum of follow-ups (the at-risk accounts, the stalled deals) never
# stand beside those follow-ups as a second action.
_FOLLOW_UP_SUGGESTIONS = ("suggest_at_risk", "suggest_stalled")


def _tone(value: float | None) -> str:
    if value is None or value == 0:
        return "neutral"
    return "good" if value > 0 else "bad"


# ------------------------------------------------------------------------------------ what happened
def happened(figures: dict, sales: SalesSection, found: Season | None, yearly: bool,
             data_range: tuple[str, str] | None = None, lost: Sentence | None = None) -> list[Sentence]:
    """`found`: the season the page says, `yearly`: whether it moves M (compute/season.py); `lost`:
    the key account lost in M (`lost_account`)."""
    out = []
    total, target = figures["SR_SALES_MONTH"], figures["SR_TARGET"]
    if data_range is not None and sales.orders == 0 and total == 0:
        # a month without sales says so, and where the data is (the highlights' own sentence)
        out.append(headline(figures, data_range, had_sales=False))
    elif figures["SR_ATTAINMENT"] is not None:
        gap = total - target
        out.append(Sentence(key="vs_target", figure=figures["SR_ATTAINMENT"], figure_name="SR_ATTAINMENT",
                            tone="good" if gap >= 0 else "bad",
                            phrase=Phrase("s_wh_target_above" if gap >= 0 else "s_wh_target_below", {
                                "amount": amount(total), "pct": percent(figures["SR_ATTAINMENT"]),
                                "target": amount(target), "gap": amount(abs(gap))})))
        if comparison_basis(figures, yearly) == "last_month" and figures["SR_MOM"] is not None:
            # the drivers without a target move on last month: the page states the change they explain
            out.append(Sentence(key="vs_last_month", figure=figures["SR_MOM"], figure_name="SR_MOM",
                                tone=_tone(figures["SR_MOM"]),
                                phrase=Phrase("s_wh_mom", {"mom": change_arg(figures["SR_MOM"]),
                                                           "prev": amount(figures["SR_SALES_PREV_MONTH"])})))
    elif figures["SR_MOM"] is not None and not yearly:
        # (in a month the season lifts or lowers, last month is not the comparison to lead with)
        out.append(Sentence(key="vs_last_month", figure=figures["SR_MOM"], figure_name="SR_MOM",
                            tone=_tone(figures["SR_MOM"]),
                            phrase=Phrase("s_wh_last_month", {"amount": amount(total), "mom": change_arg(figures["SR_MOM"]),
                                                              "prev": amount(figures["SR_SALES_PREV_MONTH"])})))
    else:
        out.append(Sentence(key="sales", figure=total, figure_name="SR_SALES_MONTH",
                            phrase=Phrase("s_wh_sales", {"amount": amount(total)})))
    if figures["SR_YOY"] is not None:
        out.append(Sentence(key="vs_last_year", figure=figures["SR_YOY"], figure_name="SR_YOY",
                            tone=_tone(figures["SR_YOY"]),
                            phrase=Phrase("s_wh_last_year", {"yoy": change_arg(figures["SR_YOY"]),
                                                             "ly": amount(figures["SR_SALES_LAST_YEAR"])})))
    if lost is not None:
        out.append(lost)
    if yearly and found is not None and found.level is not None:
        years = found.years
        span = str(years[0]) if len(years) == 1 else Phrase("s_span", {"first": str(years[0]), "last": str(years[-1])})
        # the month before's season moves M too: say that one, and that M compares with last year
        key = f"s_wh_season_{found.level}" if found.month == sales_month(sales) else f"s_wh_season_after_{found.level}"
        out.append(Sentence(key="season", figure=found.index, figure_name="summary.season.index",
                            phrase=Phrase(key, {
                                "month": word(f"s_month_{found.month}"), "index": number(found.index, 2),
                                "years": span, "next": word(f"s_month_{sales_month(sales)}")})))
    if figures["SR_YTD_LAST_YEAR"] is not None and sales.ytd_change is not None:
        out.append(Sentence(key="ytd", figure=figures["SR_YTD"], figure_name="SR_YTD", tone=_tone(sales.ytd_change),
                            phrase=Phrase("s_wh_ytd", {"ytd": amount(figures["SR_YTD"]),
                                                       "change": change_arg(sales.ytd_change),
                                                       "ly": amount(figures["SR_YTD_LAST_YEAR"])})))
    return out


def lost_account(inputs: Inputs, customers: CustomersSection, monthly: pd.Series, basis: MonthBasis) -> Sentence | None:
    """The key account lost in M, said with its 12-month sales (see the module docstring)."""
    m = basis.code
    year = float(sum(monthly.get(c, 0.0) for c in range(m - 11, m + 1)))
    codes = sales_month_codes(inputs)
    buyers = inputs.sales.loc[(codes >= m - 11) & (codes <= m), "customer_id"].nunique()
    share = max(float(inputs.settings.materiality), 1.0 / buyers if buyers else 1.0)
    key = [c for c in customers.churned if material(c.sales_last_12m, floor_of(share, year, None))]
    if not key:
        return None
    c = max(key, key=lambda r: r.sales_last_12m)                 # first of equals wins
    subject = (Phrase("s_customer_with_id", {"name": c.name, "id": c.customer_id})
               if c.name and c.name != c.customer_id else c.customer_id)
    args = {"customer": subject, "amount": amount(c.sales_last_12m), "share": percent(ratio(c.sales_last_12m, year)),
            "date": c.date.isoformat() if c.date else "", "reason": c.reason,
            "last_order": c.last_order.isoformat() if c.last_order else ""}
    key_name = ("s_wh_lost_inferred" if c.how == "inferred" or not c.date
                else "s_wh_lost_marked_reason" if c.reason else "s_wh_lost_marked")
    return Sentence(key="lost_account", figure=c.sales_last_12m,
                    figure_name=f"customers.churned[{c.name or c.customer_id}].sales_last_12m", tone="bad",
                    phrase=Phrase(key_name, args))


# ------------------------------------------------------------------------------------ why
def sales_month(sales: SalesSection) -> int:
    """M's calendar month (1..12), from the section's trend (its last point is M)."""
    return int(sales.trend[-1].month[5:7])


def comparison_basis(figures: dict, yearly: bool) -> str:
    """The page's basis for a row without a target: "last_year" in a month the season moves, or when
    the page leads with the target and last year's month is known (the headline is the gap to target
    and the change on last year: last month would explain order timing, not the headline); else
    "last_month" (the page then states the change on last month)."""
    if yearly or (figures["SR_ATTAINMENT"] is not None and figures["SR_YOY"] is not None):
        return "last_year"
    return "last_month"


def _candidates(basis: MonthBasis, sales: SalesSection, team: TeamSection, usual: str) -> list[list[Driver]]:
    """Per breakdown, its rows measured on their basis (see the module docstring)."""

    def against_usual(dimension: str, rows) -> list[Driver]:
        out = []
        for r in rows:
            base = r.last_year if usual == "last_year" else r.last_month
            if base is not None:
                out.append(Driver(dimension, r.name, usual, r.this_month, base, r.this_month - base))
        return out

    reps = [Driver("rep", r.rep, "target", r.actual, r.target, r.actual - r.target)
            for r in team.reps if r.target is not None]
    if usual == "last_month":   # a rep's row has no last-year figure: without a target, last month
        reps += [Driver("rep", r.rep, "last_month", r.actual, r.last_month, r.actual - r.last_month)
                 for r in team.reps if r.target is None]
    targets = basis.targets.categories
    categories = [Driver("category", r.name, "target", r.this_month, float(targets[r.name]),
                         r.this_month - float(targets[r.name]))
                  for r in sales.by_category if r.name in targets]
    categories += against_usual("category", [r for r in sales.by_category if r.name not in targets])
    with_target = {r.region for r in sales.region_attainment}
    regions = [Driver("region", r.region, "target", r.actual, r.target, r.actual - r.target)
               for r in sales.region_attainment]
    regions += against_usual("region", [r for r in sales.by_region if r.name not in with_target])
    return [reps, categories, regions, against_usual("channel", sales.by_channel),
            against_usual("segment", sales.by_segment)]


def drivers(basis: MonthBasis, sales: SalesSection, team: TeamSection, usual: str) -> list[Driver]:
    """`usual`: the basis of the rows without a target (`comparison_basis`)."""
    leaders = []
    for rows in _candidates(basis, sales, team, usual):
        rows = [d for d in rows if material(abs(d.amount), basis.floor)]
        if rows:
            leaders.append(max(rows, key=lambda d: abs(d.amount)))     # first of equals wins
    leaders.sort(key=lambda d: -abs(d.amount))                          # stable: breakdown order on ties
    return [_with_phrase(d) for d in leaders[:DRIVERS_SHOWN]]


def _with_phrase(d: Driver) -> Driver:
    name = choice(d.dimension, d.name) if d.dimension in ("channel", "segment") else group(d.name)
    phrase = Phrase(f"s_dr_{d.basis}", {"name": name, "dimension": word(f"s_dim_{d.dimension}"),
                                        "amount": signed_amount(d.amount), "actual": amount(d.actual),
                                        "base": amount(d.base)})
    return Driver(d.dimension, d.name, d.basis, d.actual, d.base, d.amount, phrase)


# ------------------------------------------------------------------------------------ what to do
def _follow_up_action(f: FollowUp, customers: dict[str, AtRiskRow]) -> Action:
    parts = f.detail_phrase if isinstance(f.detail_phrase, list) else [f.detail_phrase]
    key = "s_act_at_risk" if f.kind == "at_risk" else "s_act_stalled"
    a = customers.get(f.subject) if f.kind == "at_risk" else None
    # In a sentence the customer's id stands in the language's brackets (（C1042） in Chinese).
    subject = (Phrase("s_customer_with_id", {"name": a.name, "id": a.customer_id})
               if a is not None and f.subject != a.customer_id else f.subject)
    act = Phrase(key, {"subject": subject, "amount": amount(f.amount), "detail": parts})
    phrase = Phrase("s_act_owner", {"owner": f.owner, "action": act}) if f.owner else act
    return Action(kind=f.kind, subject=f.subject, owner=f.owner, amount=f.amount, phrase=phrase)


def actions(plan: PlanSection, at_risk: list[AtRiskRow], left_out: frozenset[str] = frozenset()) -> list[Action]:
    """`left_out`: the suggestions that are no action this month (`recent_shortfall`)."""
    ranked = sorted(plan.follow_ups, key=lambda f: -(f.amount if f.amount is not None else -np.inf))
    customers = {follow_up_subject(a): a for a in at_risk}
    out = [_follow_up_action(f, customers) for f in ranked[:ACTIONS_SHOWN]]
    for s in plan.suggestions:
        if len(out) >= ACTIONS_SHOWN:
            break
        stake = _suggestion_stake(s)
        if stake is not None and s.key not in _FOLLOW_UP_SUGGESTIONS and s.key not in left_out:
            out.append(Action(kind=s.key, subject="", owner="", amount=stake, phrase=s.phrase))
    return out


def recent_shortfall(problems: ProblemsSection, sales: SalesSection, page_basis: str,
                     yearly: bool) -> frozenset[str]:
    """The suggestions that judge against the recent months (the largest shortfall is against its
    baseline months, and its pricing reason) that are no action on this page: in a month the season
    moves (those months are the wrong comparison), and on a page that compares with last year
    (`page_basis`, see `comparison_basis`) unless the item is below its own month last year too — else
    the page would ask to act on a "shortfall" its own basis calls no fall (recent months raised by a
    season of their own, a New Year peak)."""
    u = largest_shortfall(problems.underperformers)
    if u is None or u.basis == "target":
        return frozenset()
    if yearly or (page_basis == "last_year" and not _below_last_year(u, sales)):
        return frozenset({"suggest_underperformer", "suggest_pricing"})
    return frozenset()


def _below_last_year(u: UnderperformerRow, sales: SalesSection) -> bool:
    """Whether the underperformer sold less this month than in its month last year (False when that is
    not known: a product outside the top products, a year without data)."""
    rows = sales.by_category if u.level == "category" else sales.top_products
    row = next((r for r in rows if r.name == u.name), None)
    return row is not None and row.last_year is not None and row.this_month < row.last_year


def _suggestion_stake(s: Sentence) -> float | None:
    """The money a suggestion rests on, for those that have one (a shortfall, a forecast gap)."""
    if s.key in ("suggest_underperformer", "suggest_forecast_gap") and s.figure is not None:
        return -float(s.figure)
    return None


# ------------------------------------------------------------------------------------ trends
def kpi_trends(inputs: Inputs, basis: MonthBasis, monthly: pd.Series) -> tuple[list[str], list[KpiTrend]]:
    """(months "YYYY-MM", the tiles' series), each over the 13 months to M. `monthly`: sales by month
    code."""
    m, first = basis.code, basis.first_code
    months = list(range(m - TREND_MONTHS + 1, m + 1))
    codes = sales_month_codes(inputs)
    in_window = (codes >= months[0]) & (codes <= m)      # orders and profit: only the 13 months' rows
    sales, codes = inputs.sales.loc[in_window], codes[in_window]

    def inside(c: int) -> bool:
        return first is not None and c >= first

    def total(c: int) -> float | None:
        return float(monthly.get(c, 0.0)) if inside(c) else None

    series: dict[str, list] = {
        "SR_SALES_MONTH": [total(c) for c in months],
        "SR_MOM": [change(total(c), total(c - 1)) for c in months],
        "SR_YOY": [change(total(c), total(c - 12)) for c in months],
        "SR_YTD": [float(sum(monthly.get(k, 0.0) for k in range(c - (c % 12), c + 1))) if inside(c) else None
                   for c in months],
    }
    series["SR_ATTAINMENT"] = [ratio(total(c), t) if t else None for c, t in zip(months, basis.team_target_trend)]
    first_codes = month_codes(basis.first_orders["order_date"])
    series["SR_NEW_CUSTOMERS"] = [int((first_codes == c).sum()) if inside(c) else None for c in months]
    if inputs.has("feedback"):
        fb = inputs.feedback[inputs.feedback["score"].notna()]
        means = fb["score"].groupby(month_codes(fb["date"])).mean()
        series["SR_SATISFACTION"] = [float(means[c]) if c in means.index else None for c in months]
    if inputs.has("activities"):
        per = pd.Series(1, index=inputs.activities.index).groupby(month_codes(inputs.activities["date"])).sum()
        series["SR_ACTIVITIES"] = [int(per.get(c, 0)) for c in months]
    if has_profit(inputs):
        profit = sales["profit"].fillna(0.0).groupby(codes).sum()
        series["margin"] = [ratio(float(profit.get(c, 0.0)), total(c)) if inside(c) else None for c in months]
    if len(sales):
        orders = order_keys(sales).groupby(codes).nunique()
        series["average_order"] = [ratio(total(c), int(orders.get(c, 0))) if inside(c) else None for c in months]
    return ([code_month_key(c) for c in months],
            [KpiTrend(name, [None if v is None else float(v) for v in values]) for name, values in series.items()])


# ------------------------------------------------------------------------------------ page 1
def director_page(inputs: Inputs, basis: MonthBasis, figures: dict, sales: SalesSection, team: TeamSection,
                  plan: PlanSection, customers: CustomersSection, problems: ProblemsSection,
                  data_range: tuple[str, str] | None = None) -> dict:
    """The SummarySection fields of page 1 (see the module docstring)."""
    codes = sales_month_codes(inputs)
    monthly = inputs.sales["amount"].groupby(codes).sum() if len(inputs.sales) else pd.Series(dtype="float64")
    found, yearly = basis.season, basis.against_last_year
    months, trends = kpi_trends(inputs, basis, monthly)
    lost = lost_account(inputs, customers, monthly, basis)
    return {"happened": happened(figures, sales, found, yearly, data_range, lost), "season": found,
            "drivers": drivers(basis, sales, team, comparison_basis(figures, yearly)),
            "actions": actions(plan, customers.at_risk, recent_shortfall(
                problems, sales, comparison_basis(figures, yearly), yearly)),
            "trend_months": months, "kpi_trends": trends}
