"""六 Plan and improvements: next month's target, a forecast with its method, the open pipeline, the
follow-up list, the Plan sheet's commentary and suggestions that follow from the findings.

The forecast and its method: compute/forecast.py; the method chosen by its backtest:
compute/forecast_accuracy.py.
Gap = forecast − next month's target (n/a when either is).
Open pipeline: the latest row of each deal (by entered_on, then sheet row) among rows entered on or
before the end of M, whose status is Open or blank; value = the sum of their amounts.
Open deals by expected close month (with the Pipeline sheet's close dates): those open deals by the
month of their latest close date — overdue (before M + 1), M + 1 … M + 3, later, no date.
Suggestions (each a Sentence citing its figure), when the finding exists, those with money at stake
first, largest stake first: the largest material shortfall (promotion and product training; stake the
shortfall) with its price effect when prices explain most of the drop (pricing review), key accounts
at risk (visits; the revenue at risk), stalled deals (review; their value), a forecast short of the
target (more activities, push the pipeline; the gap); then the slowest stage (process fix) and the
feedback topic with the lowest mean below LOW_SATISFACTION (action).
"""
from __future__ import annotations

import math

import pandas as pd

from ..inputs import Inputs
from .common import clean_float, clean_text, month_key
from .customers import at_risk_accounts
from ..schema import DEAL_LOST as LOST, DEAL_WON as WON
from .model import (AtRiskRow, CloseMonthRow, FollowUp, ForecastAccuracy, ForecastRange, PipelineCoverage, Phrase, PlanSection, ProblemsSection, SatisfactionSection, Sentence,
                    StalledDeal, amount, change, choice, count, number, percent, word)
from .problems import largest_shortfall, plan_notes
from .stages import OPEN_STATUSES
from .basis import MonthBasis, as_basis
from .forecast import LAST_YEAR_X_TREND, NO_FORECAST, RUN_RATE, Forecast
from .forecast_accuracy import accuracy_phrase, choose_forecast
from .sales_frame import customer_names, month_last_day

LOW_SATISFACTION = 3.5   # a feedback topic averaging below this (of 5) gets a suggestion

def open_pipeline(inputs: Inputs, month: pd.Period) -> tuple[float | None, int | None]:
    """(value, deals) of the open pipeline at the end of M (see the module docstring); (None, None)
    without pipeline rows: no data is not an empty pipeline."""
    if inputs.pipeline.empty:
        return None, None
    _, latest = _deal_rows(inputs, month)
    is_open = _is_open(latest)
    return float(latest.loc[is_open, "amount"].sum()), int(is_open.sum())


def _deal_rows(inputs: Inputs, month: pd.Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows entered on or before the end of M, the latest of them per deal — by entered_on, then
    sheet row)."""
    pipeline = inputs.pipeline
    known = pipeline[pipeline["entered_on"].notna() & (pipeline["entered_on"] <= month_last_day(month))]
    latest = known.sort_values(["entered_on", "_row"], kind="stable").drop_duplicates("deal_id", keep="last")
    return known, latest


def _is_open(latest: pd.DataFrame) -> pd.Series:
    return latest["status"].isna() | latest["status"].isin(OPEN_STATUSES)


def win_shares(inputs: Inputs, month: pd.Period) -> tuple[dict[str, float], float | None]:
    """({stage: share won}, share won overall) of the deals closed by the end of M (latest row Won or
    Lost): per stage, among the closed deals that were ever in it. ({}, None) without closed deals."""
    known, latest = _deal_rows(inputs, month)
    outcome = latest.set_index("deal_id")["status"]
    closed = outcome[outcome.isin((WON, LOST))]
    if closed.empty:
        return {}, None
    reached = known[known["deal_id"].isin(closed.index)][["deal_id", "stage"]].drop_duplicates()
    won = reached["deal_id"].map(closed).eq(WON)
    return ({str(stage): float(w.mean()) for stage, w in won.groupby(reached["stage"])},
            float(closed.eq(WON).mean()))


def _open_deals(inputs: Inputs, month: pd.Period) -> tuple[pd.DataFrame, pd.Series | None]:
    """(the latest row of each deal open at the end of M, each one's stage weight — the share won
    among the closed deals that were ever in its stage, the share won overall for a stage none went
    through; None without closed deals)."""
    _, latest = _deal_rows(inputs, month)
    open_rows = latest[_is_open(latest)]
    shares, overall = win_shares(inputs, month)
    if overall is None:
        return open_rows, None
    # float64 also when no deal is open (an empty map keeps the stages' text dtype)
    return open_rows, open_rows["stage"].astype(str).map(shares).fillna(overall).astype("float64")


def _weighted(amounts: pd.Series, weights: pd.Series | None) -> float | None:
    return None if weights is None else float((amounts.fillna(0.0) * weights.loc[amounts.index]).sum())


def close_months(inputs: Inputs, month: pd.Period) -> pd.Series | None:
    """Each open deal's expected close month (a Period, NaT without one), by the open rows' index;
    None without the Pipeline sheet's close dates. A deal's close date is that of its latest row
    (entered on or before the end of M) that has one: an update of the date wins over the first."""
    if inputs.pipeline.empty or not inputs.has("pipeline", "close_date"):
        return None
    known, latest = _deal_rows(inputs, month)
    dated = known[known["close_date"].notna()].sort_values(["entered_on", "_row"], kind="stable")
    by_deal = dated.drop_duplicates("deal_id", keep="last").set_index("deal_id")["close_date"]
    open_rows = latest[_is_open(latest)]
    # reindex, not map: an empty date lookup stays datetime64 (map then fails)
    dates = by_deal.reindex(open_rows["deal_id"].to_numpy()).to_numpy(dtype="datetime64[ns]")
    return pd.Series(dates, index=open_rows.index).dt.to_period("M")


CLOSE_MONTHS_AHEAD = 3   # the months after M shown one by one; later close dates are summed as "later"


def pipeline_by_close_month(inputs: Inputs, month: pd.Period) -> list[CloseMonthRow] | None:
    """The open deals at the end of M by expected close month (see CloseMonthRow): overdue (a close
    date before M + 1), M + 1 … M + 3 (always, 0 deals included), later, no date (those two and
    overdue only when there are such deals). The rows' amounts add up to the open pipeline."""
    when = close_months(inputs, month)
    if when is None:
        return None
    open_rows, weights = _open_deals(inputs, month)
    amounts = open_rows["amount"]
    ahead = [month + k for k in range(1, CLOSE_MONTHS_AHEAD + 1)]

    def row(kind: str, mask: pd.Series, at: str | None = None) -> CloseMonthRow:
        return CloseMonthRow(kind=kind, month=at, deals=int(mask.sum()), amount=float(amounts[mask].fillna(0.0).sum()),
                             weighted=_weighted(amounts[mask], weights))

    dated = when.notna()
    overdue = dated & (when < ahead[0])
    later = dated & (when > ahead[-1])
    rows = [row("overdue", overdue)] if overdue.any() else []
    rows += [row("month", when == m, month_key(m)) for m in ahead]
    rows += [row(kind, mask) for kind, mask in (("later", later), ("no_date", ~dated)) if mask.any()]
    return rows


def pipeline_coverage(inputs: Inputs, month: pd.Period, next_target: float | None,
                      by_close_month: list[CloseMonthRow] | None = None) -> PipelineCoverage | None:
    """The open pipeline at the end of M against next month's target (see PipelineCoverage); None
    without pipeline rows or a positive target. `by_close_month`: `pipeline_by_close_month` of M when
    the caller has it already."""
    value, _ = open_pipeline(inputs, month)
    if value is None or not next_target or next_target <= 0:
        return None
    open_rows, weights = _open_deals(inputs, month)
    weighted = _weighted(open_rows["amount"], weights)
    closing = closing_weighted = None
    by_month = by_close_month if by_close_month is not None else pipeline_by_close_month(inputs, month)
    if by_month is not None:
        nxt = next(r for r in by_month if r.month == month_key(month + 1))
        closing = nxt.amount / next_target
        closing_weighted = None if nxt.weighted is None else nxt.weighted / next_target
    return PipelineCoverage(open=value / next_target, weighted=None if weighted is None else weighted / next_target,
                            open_value=value, weighted_value=weighted, closing=closing,
                            closing_weighted=closing_weighted)


def closing_phrase(by_month: list[CloseMonthRow] | None, coverage: PipelineCoverage | None) -> Phrase | None:
    """"Deals expected to close in 2025-10: ¥X (N deals), 0.NN× next month's target." — without the
    multiple when there is no target; with the overdue deals when there are any."""
    if by_month is None:
        return None
    nxt = next(r for r in by_month if r.kind == "month")
    args = {"month": nxt.month, "amount": amount(nxt.amount), "deals": count(nxt.deals, "deal")}
    if coverage is not None and coverage.closing is not None:
        phrase = Phrase("s_pl_closing", {**args, "coverage": number(coverage.closing, 2)})
    else:
        phrase = Phrase("s_pl_closing_no_target", args)
    overdue = next((r for r in by_month if r.kind == "overdue"), None)
    if overdue is None:
        return phrase
    return Phrase("s_pl_closing_overdue", {"closing": phrase, "amount": amount(overdue.amount),
                                           "deals": count(overdue.deals, "deal")})


def forecast_range(forecast: float | None, accuracy: ForecastAccuracy | None) -> ForecastRange | None:
    """See ForecastRange; None without a forecast or backtest errors."""
    errors = [m.error for m in (accuracy.months if accuracy else []) if m.error is not None and m.error > -1]
    if forecast is None or not errors:
        return None
    return ForecastRange(low=forecast / (1 + max(errors)), high=forecast / (1 + min(errors)))


# ------------------------------------------------------------------------------------ phrases
def _span(months: tuple[str, ...]):
    if len(months) <= 1:
        return months[0] if months else ""
    return Phrase("s_span", {"first": months[0], "last": months[-1]})


def forecast_method_phrase(fc: Forecast) -> Phrase:
    """The forecast method with its parameters (words made by i18n.phrasing)."""
    if fc.method == NO_FORECAST:
        return Phrase("s_fc_none")
    run = {"run_rate": amount(fc.run_rate), "n": count(len(fc.run_rate_months)),
           "months": _span(fc.run_rate_months)}
    if fc.method == RUN_RATE:
        return Phrase("s_fc_run_rate", run)
    if fc.method == LAST_YEAR_X_TREND:
        return Phrase("s_fc_last_year_trend", {"ly_month": fc.seasonal_month, "trend": number(fc.seasonal_index, 2),
                                                "months": _span(fc.run_rate_months),
                                                "ly_months": _span(fc.seasonal_base_months)})
    return Phrase("s_fc_seasonal", {**run, "index": number(fc.seasonal_index, 2), "ly_month": fc.seasonal_month,
                                    "ly_months": _span(fc.seasonal_base_months)})


def follow_up_subject(a: AtRiskRow) -> str:
    """An at-risk account as the follow-up list names it: its name and id, or its id alone."""
    return f"{a.name} ({a.customer_id})" if a.name and a.name != a.customer_id else a.customer_id


def follow_ups(inputs: Inputs, at_risk: list[AtRiskRow], stalled: list[StalledDeal]) -> list[FollowUp]:
    """At-risk key accounts (by revenue at risk), then stalled deals (longest first)."""
    out = []
    for a in at_risk:
        parts = []
        if "drop" in a.why:     # over the calendar 3 months, or over its last order(s)
            drop = {"change": change(a.change)}
            parts.append(Phrase("s_fu_drop", drop) if a.orders is None else Phrase("s_fu_drop_order", drop)
                         if a.orders == 1 else Phrase("s_fu_drop_orders", {**drop, "orders": count(a.orders, "order")}))
        if "silent" in a.why:
            days = {"days": count(a.days_silent, "day")}
            parts.append(Phrase("s_fu_silent", days) if a.usual_gap is None else
                         Phrase("s_fu_silent_usual", {**days, "usual": count(math.floor(a.usual_gap + 0.5), "day")}))
        out.append(FollowUp(kind="at_risk", subject=follow_up_subject(a), detail_phrase=parts,
                            amount=a.revenue_at_risk, owner=a.sales_rep or None))
    names = customer_names(inputs) if stalled else None
    for d in stalled:
        name = clean_text(names.get(d.customer_id)) if d.customer_id else None
        customer = name or d.customer_id
        out.append(FollowUp(kind="stalled", subject=d.deal_id,
                            detail_phrase=Phrase("s_fu_stalled" if customer else "s_fu_stalled_no_customer",
                                                 {"stage": choice("stage", d.stage), "days": count(d.days, "day"),
                                                  "customer": customer}),
                            amount=d.amount, owner=d.sales_rep))
    return out


def suggestions(inputs: Inputs, problems: ProblemsSection, at_risk: list[AtRiskRow],
                satisfaction: SatisfactionSection | None, gap: float | None,
                pipeline_value: float | None) -> list[Sentence]:
    """Actions that follow from the findings, each citing the figure it rests on: those with money at
    stake first, largest first (the same ranking as the highlights), then the process ones."""
    ranked: list[tuple[float, list[Sentence]]] = []
    u = largest_shortfall(problems.underperformers)
    if u is not None:
        found = [Sentence(
            key="suggest_underperformer", tone="bad", figure=u.gap,
            figure_name=f"problems.underperformers[{u.name}].gap",
            phrase=Phrase("s_sg_underperformer", {"name": u.name, "basis": word(f"s_basis_{u.basis}"),
                                                  "gap": amount(-u.gap), "gap_pct": change(u.gap_pct)}))]
        reason = next((r for r in problems.reasons if r.name == u.name and r.level == u.level), None)
        if (reason is not None and reason.price_effect is not None and reason.volume_effect is not None
                and reason.price_effect < 0 and reason.price_effect < reason.volume_effect):
            found.append(Sentence(
                key="suggest_pricing", tone="bad", figure=reason.price_effect,
                figure_name=f"problems.reasons[{u.name}].price_effect",
                phrase=Phrase("s_sg_pricing", {"name": u.name, "amount": amount(reason.price_effect)})))
        ranked.append((-u.gap, found))
    if problems.margin_drops:
        d = problems.margin_drops[0]
        ranked.append((d.profit_lost, [Sentence(
            key="suggest_margin", tone="bad", figure=d.margin,
            figure_name=f"problems.margin_drops[{d.category}].margin",
            phrase=Phrase("s_sg_margin", {"name": d.category, "margin": percent(d.margin),
                                          "before": percent(d.baseline_margin)}))]))
    if at_risk:
        total = sum(a.revenue_at_risk for a in at_risk)
        ranked.append((total, [Sentence(
            key="suggest_at_risk", tone="bad", figure=len(at_risk),
            figure_name="count(customers.at_risk)",
            phrase=Phrase("s_sg_at_risk", {"count": count(len(at_risk), "key_account"),
                                           "amount": amount(total)}))]))
    if problems.stalled:
        value = sum(d.amount or 0.0 for d in problems.stalled)
        ranked.append((value, [Sentence(
            key="suggest_stalled", tone="bad", figure=len(problems.stalled),
            figure_name="count(problems.stalled)",
            phrase=Phrase("s_sg_stalled", {"count": count(len(problems.stalled), "deal"),
                                           "limit": count(problems.stalled_rule.days, "day"),
                                           "amount": amount(value)}))]))
    if gap is not None and gap < 0:
        ranked.append((-gap, [Sentence(
            key="suggest_forecast_gap", tone="bad", figure=gap, figure_name="plan.gap",
            phrase=Phrase("s_sg_forecast_gap", {"gap": amount(-gap), "pipeline": amount(pipeline_value)})
            if pipeline_value is not None else Phrase("s_sg_forecast_gap_no_pipeline", {"gap": amount(-gap)}))]))
    ranked.sort(key=lambda x: -x[0])  # stable: equal stakes keep the order above
    out = [s for _, group in ranked for s in group]
    if problems.slowest_stage is not None:
        row = next(r for r in problems.stages if r.stage == problems.slowest_stage)
        out.append(Sentence(
            key="suggest_stage", tone="bad", figure=row.median_days,
            figure_name=f"problems.stages[{row.stage}].median_days",
            phrase=Phrase("s_sg_stage", {"stage": choice("stage", row.stage), "days": number(row.median_days)})))
    if satisfaction is not None and satisfaction.available:
        scored = [r for r in satisfaction.by_topic if r.mean is not None and r.responses > 0]
        if scored:
            low = min(scored, key=lambda r: (r.mean, r.topic))
            if low.mean < LOW_SATISFACTION:
                out.append(Sentence(
                    key="suggest_satisfaction", tone="bad", figure=low.mean,
                    figure_name=f"customers.satisfaction.by_topic[{low.topic}].mean",
                    phrase=Phrase("s_sg_satisfaction", {"topic": choice("topic", low.topic),
                                                        "score": number(low.mean)})))
    return out


# ------------------------------------------------------------------------------------ the section
def compute_plan(inputs: Inputs, basis: MonthBasis | pd.Period, problems: ProblemsSection,
                 at_risk: list[AtRiskRow] | None = None,
                 satisfaction: SatisfactionSection | None = None) -> PlanSection:
    """Section 六. `at_risk` defaults to `customers.at_risk_accounts`; next month's target is the
    basis' `next_team_target`."""
    b = as_basis(inputs, basis)
    month, next_target = b.month, b.next_team_target
    if at_risk is None:
        at_risk = at_risk_accounts(inputs, b)
    fc, accuracy, alternatives = choose_forecast(inputs, month)
    gap = None if fc.value is None or next_target is None else fc.value - next_target
    value, deals = open_pipeline(inputs, month)
    by_close_month = pipeline_by_close_month(inputs, month)
    coverage = pipeline_coverage(inputs, month, next_target, by_close_month)
    return PlanSection(
        next_month=month_key(month + 1),
        next_target=clean_float(next_target),
        forecast=fc.value,
        forecast_method=fc.method,
        forecast_method_phrase=forecast_method_phrase(fc),
        gap=gap,
        open_pipeline_value=value,
        open_deals=deals,
        follow_ups=follow_ups(inputs, at_risk, problems.stalled),
        next_month_plan_note=plan_notes(inputs, "next_month_plan"),
        strategy_note=plan_notes(inputs, "strategy"),
        training_note=plan_notes(inputs, "training"),
        suggestions=suggestions(inputs, problems, at_risk, satisfaction, gap, value),
        forecast_accuracy=accuracy,
        forecast_alternatives=alternatives,
        forecast_accuracy_phrase=accuracy_phrase(accuracy),
        forecast_range=forecast_range(fc.value, accuracy),
        pipeline_coverage=coverage,
        pipeline_by_close_month=by_close_month,
        closing_phrase=closing_phrase(by_close_month, coverage),
    )
