"""五 Problems and challenges: what fell short, the likely reasons, and where the sales process stalls.

Underperformers
    A category is measured against its **target** for M when the Targets sheet has one — rows for M with
    that category and a blank sales_rep: the rows with a blank segment, summed; where a category has only
    rows per segment, the sum of those — else against its **baseline**. Products have no targets and are
    always measured against their baseline.
    The **baseline** is the mean of the item's sales in the baseline months: the 3 months before M and the
    same month a year earlier (4 values), using those of them that lie inside the sales history (from the
    first month with any sales; a month inside the history without sales of the item counts as 0). With no
    such month (the first month of history) there is no baseline and the item is not judged.
    gap = actual − expected, gap % = gap / expected; an item underperforms when expected > 0 and
    gap % ≤ `underperform` (e.g. −10 %). An item is judged only when its expectation is reliable (it
    has a target, or it sold in at least 3 of the 4 baseline months, in at least 3 order lines a month)
    and material (its expected value is at least `materiality` of the team's sales in M, or of the
    team's expected sales if that is larger; see compute/judge.py). Categories come first, then products (at most `top_n`), each by the
    size of the shortfall (largest first); a product is listed within a flagged category, or on its own
    when its own shortfall is material.

Likely reasons (per underperformer, parts that add up to its shortfall)
    change = A1 − A0, with A1 the sales in M and A0 the mean monthly sales over the baseline months.
    When the Sales sheet has quantities, with Q the quantity and P = A / Q the average price:
        volume effect = (Q1 − Q0) · P0
        price(-mix) effect = change − volume effect   (= (P1 − P0) · Q1 when Q1 ≠ 0)
    so the two parts add up to the change exactly. An item measured against its target has one part
    more, target vs usual = A0 − target, so that change + target vs usual = A1 − target: its parts add
    up to the shortfall against the target, the basis it was judged on. When Q0 ≤ 0 (nothing sold by quantity before, e.g. a
    new product) P0 does not exist and the whole change is volume (price effect 0).
    Customers: each customer's sales of the item in M minus their mean over the baseline months; the
    5 largest drops among those worth naming — bought the item in at least 3 of the baseline months,
    and the drop at least the floor or a tenth of the item's shortfall (compute/judge.py `worth_naming`). Channel shift: each channel's share of the item's sales in M and over the baseline
    months.

Pipeline stage durations
    A stage episode (one Pipeline row) counts for month M when it ended in M (left_on in M) or was still
    open at the end of M: entered on or before the last day of M and either left after it, or has no
    left_on and a status Open or blank (a Won / Lost row without left_on is a finished deal's last stage
    whose exit date was not recorded; it is not counted). Days in stage = (left_on, or the last day of M
    for an episode still open) − entered_on. Per stage: deals (distinct deal ids), median and mean days,
    and the same for M − 1. The slowest stage has the largest median this month (ties: the earlier
    stage). Stages are in the template's order (Lead … Contract), then unknown stages in order of first
    appearance.
    Stalled deals: episodes still open at the end of M with more than `stalled_days` days in stage
    (auto: compute/thresholds.py), longest first; a deal whose amount is not material (below the
    materiality floor, or not given) is left out.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..inputs import Inputs
from .common import clean_float, clean_text, ratio
from .model import (ChannelShift, CustomerDrop, Phrase, ProblemsSection, amount, percent, ReasonAnalysis, StageRow, StalledDeal,
                    UnderperformerRow)
from .profit import margin_drops
from .thresholds import day_rule_phrase
from .funnel import funnel
from .basis import MonthBasis, as_basis
from .judge import at_or_below, baseline_lines, lines_by, material, material_mask, reliable, worth_naming
from .sales_frame import NO_VALUE, customer_names, group_name, month_last_day
from .stages import open_at_end

TOP_CUSTOMER_DROPS = 5


# ------------------------------------------------------------------------------------ commentary
def plan_notes(inputs: Inputs, section: str) -> list[str]:
    """The Plan sheet's texts for one section, in sheet order (blank texts left out)."""
    plan = inputs.plan
    if plan.empty:
        return []
    rows = plan[(plan["section"] == section) & plan["text"].notna()].sort_values("_row")
    return [str(t).strip() for t in rows["text"] if str(t).strip()]


# ------------------------------------------------------------------------------------ underperformers
def _sum_by(frame: pd.DataFrame, key: str, value: str, codes: np.ndarray, wanted: list[int]) -> pd.DataFrame:
    """value summed per (frame[key], month code), one column per wanted code (0 where none)."""
    if frame.empty:
        return pd.DataFrame(columns=wanted, dtype="float64")
    table = frame[value].groupby([frame[key].to_numpy(), codes]).sum().unstack(fill_value=0.0)
    return table.reindex(columns=wanted, fill_value=0.0)


def _steady(window: pd.DataFrame, key: str, codes: np.ndarray, base: list[int], names: pd.Index) -> pd.Series:
    """Items that are reliable by their baseline sales (compute/judge.py)."""
    return reliable(baseline_lines(window, key, codes, base, names))


def _judge(level: str, names: pd.Index, actual: pd.Series, expected: pd.Series, basis: pd.Series,
           category: pd.Series, threshold: float, judged: pd.Series) -> list[UnderperformerRow]:
    """Items where `judged` (reliable and material), expected > 0 and gap % ≤ threshold, by shortfall."""
    rows = []
    for name in names[judged.reindex(names, fill_value=False).to_numpy(dtype=bool)]:
        exp = float(expected[name])
        if not exp > 0:
            continue
        act = float(actual.get(name, 0.0))
        gap = act - exp
        gap_pct = ratio(gap, exp)
        if gap_pct is None or not at_or_below(gap_pct, threshold):
            continue
        rows.append(UnderperformerRow(level=level, name=str(name), category=clean_text(category.get(name)) or "",
                                      actual=act, basis=str(basis[name]), expected=exp, gap=gap,
                                      gap_pct=gap_pct))
    rows.sort(key=lambda r: (r.gap, r.name))
    return rows


def find_underperformers(inputs: Inputs, basis: MonthBasis | pd.Period) -> list[UnderperformerRow]:
    """Categories (vs target, else baseline) and products (vs baseline) at or below `underperform`,
    judged only when reliable and material (compute/judge.py). Categories first; a product is
    listed within a flagged category, or on its own when its own shortfall is material."""
    b = as_basis(inputs, basis)
    settings, m, floor, targets = inputs.settings, b.code, b.floor, b.targets.categories
    window, wcodes, base = b.sales_window

    cat = _sum_by(window, "category", "amount", wcodes, [m, *base])
    names = cat.index.union(pd.Index(list(targets), dtype=object))
    cat = cat.reindex(names, fill_value=0.0)
    baseline = cat[base].mean(axis=1) if base else pd.Series(np.nan, index=names)
    target = pd.Series(targets, dtype="float64").reindex(names)
    expected = target.where(target.notna(), baseline).fillna(0.0)
    basis = pd.Series(np.where(target.notna(), "target", "baseline"), index=names)
    trusted = target.notna() | _steady(window, "category", wcodes, base, names)
    categories = _judge("category", names, cat[m], expected, basis, pd.Series(names, index=names),
                        settings.underperform, trusted & material_mask(expected, floor))

    products: list[UnderperformerRow] = []
    if base and inputs.has("sales", "product"):
        prod = _sum_by(window, "product", "amount", wcodes, [m, *base])
        latest_category = b.product_categories
        prod_basis = pd.Series("baseline", index=prod.index)
        prod_expected = prod[base].mean(axis=1)
        trusted = _steady(window, "product", wcodes, base, prod.index)
        judged = _judge("product", prod.index, prod[m], prod_expected, prod_basis, latest_category,
                        settings.underperform, trusted & material_mask(prod_expected, floor))
        flagged = {r.name for r in categories}
        products = [r for r in judged if r.category in flagged or material(-r.gap, floor)][:max(int(settings.top_n), 0)]
    return categories + products


def largest_shortfall(rows: list[UnderperformerRow]) -> UnderperformerRow | None:
    """The underperformer with the most money short (a category before a product on a tie): the one the
    highlights, the conclusion and the suggestions name."""
    return min(rows, key=lambda r: (r.gap, r.level != "category", r.name)) if rows else None


# ------------------------------------------------------------------------------------ reasons
def volume_price_split(a0: float, q0: float, a1: float, q1: float) -> tuple[float, float]:
    """(volume effect, price effect) of the change a1 − a0; they add up to it exactly.

    volume = (q1 − q0) · p0 with p0 = a0 / q0; price = change − volume. With q0 ≤ 0 there is no p0 and
    the whole change is volume.
    """
    change = a1 - a0
    if not q0 > 0:
        return change, 0.0
    volume = (q1 - q0) * (a0 / q0)
    return volume, change - volume


def _now_before(values: pd.Series, keys: list, n: int) -> pd.DataFrame:
    """values summed per keys and period ("now" = M, "before" = the mean over the n baseline months)."""
    table = values.groupby(keys).sum().unstack(fill_value=0.0).reindex(columns=["now", "before"], fill_value=0.0)
    table["before"] = table["before"] / n
    return table


def explain_all(inputs: Inputs, basis: MonthBasis | pd.Period, rows: list[UnderperformerRow]) -> list[ReasonAnalysis]:
    """Why each underperformer moved against its baseline months (none without baseline months).

    All underperformers of a level are summed in one grouping per table (totals, quantities, customers,
    channels), so the cost does not grow with the number of underperformers times Sales rows.
    """
    b = as_basis(inputs, basis)
    sales, codes, base = b.sales_window
    if not base or not rows:
        return []
    n = len(base)
    period = np.where(codes == b.code, "now", "before")  # the window holds only M and base
    has_quantity, has_channel = inputs.has("sales", "quantity"), inputs.has("sales", "channel")
    names = customer_names(inputs)
    found: dict[tuple[str, str], ReasonAnalysis] = {}
    for level in ("category", "product"):
        wanted = [r.name for r in rows if r.level == level]
        if not wanted:
            continue
        mask = sales[level].isin(wanted).to_numpy()
        sub, when = sales.loc[mask], period[mask]
        item = sub[level].to_numpy()
        totals = _now_before(sub["amount"], [item, when], n)
        quantities = _now_before(sub["quantity"], [item, when], n) if has_quantity else None
        customer = sub["customer_id"].to_numpy()
        per_customer = _now_before(sub["amount"], [item, customer, when], n)
        per_customer["change"] = per_customer["now"] - per_customer["before"]
        # named only when the customer's own drop is material (to the team or to the item's shortfall)
        # and they bought the item regularly
        item_drop = totals["before"] - totals["now"]
        whole = item_drop.reindex(per_customer.index.get_level_values(0)).to_numpy()
        named = worth_naming(-per_customer["change"], lines_by([item, customer], codes[mask], base), b.floor,
                             whole=whole)
        drops = (per_customer[named]
                 .sort_values("change", kind="stable").groupby(level=0, sort=False).head(TOP_CUSTOMER_DROPS))
        channels = None
        if has_channel:
            channels = sub["amount"].groupby([item, sub["channel"].fillna(NO_VALUE).to_numpy(), when]).sum() \
                .unstack(fill_value=0.0).reindex(columns=["now", "before"], fill_value=0.0)

        # Plain dicts from here: a handful of rows per underperformer, no per-item pandas lookups.
        total = {k: (now, before) for k, now, before in zip(totals.index, totals["now"], totals["before"])}
        qty = ({k: (now, before) for k, now, before in
                zip(quantities.index, quantities["now"], quantities["before"])} if quantities is not None else None)
        stopped: dict[str, list[CustomerDrop]] = {}
        for (k, c), now, before, ch in zip(drops.index, drops["now"], drops["before"], drops["change"]):
            stopped.setdefault(k, []).append(CustomerDrop(customer_id=str(c), name=clean_text(names.get(c)) or "",
                                                          before=float(before), now=float(now), change=float(ch)))
        shares: dict[str, list[tuple[str, float, float]]] = {}
        if channels is not None:
            for (k, c), now, before in zip(channels.index, channels["now"], channels["before"]):
                shares.setdefault(k, []).append((str(c), float(now), float(before)))

        for name in wanted:
            a1, a0 = (float(v) for v in total.get(name, (0.0, 0.0)))
            volume = price = None
            if qty is not None:
                q1, q0 = (float(v) for v in qty.get(name, (0.0, 0.0)))
                volume, price = volume_price_split(a0, q0, a1, q1)
            mix = sorted(shares.get(name, []), key=lambda x: (-x[1], x[0]))
            total_now, total_before = sum(x[1] for x in mix), sum(x[2] for x in mix)
            shift = [ChannelShift(channel=group_name(c), share_now=ratio(now, total_now), share_before=ratio(before, total_before))
                     for c, now, before in mix]
            found[(level, name)] = ReasonAnalysis(name=name, level=level, change=a1 - a0, volume_effect=volume,
                                                  price_effect=price, customers_stopped=stopped.get(name, []),
                                                  channel_shift=shift)
    out = []
    for r in rows:
        reason = found.get((r.level, r.name))
        if reason is not None:
            if r.basis == "target":
                # the remainder, so change + target_vs_usual is the shortfall to the cent
                reason = replace(reason, target_vs_usual=r.gap - reason.change)
            out.append(reason)
    return out


# ------------------------------------------------------------------------------------ pipeline
def stage_episodes(pipeline: pd.DataFrame, month: pd.Period) -> pd.DataFrame:
    """The episodes counting for M (ended in M or open at its end), with `days` in stage."""
    end = month_last_day(month)
    start = month.start_time.normalize()
    ended = pipeline["left_on"].notna() & (pipeline["left_on"] >= start) & (pipeline["left_on"] <= end)
    still_open = open_at_end(pipeline, month)
    episodes = pipeline.loc[(ended | still_open) & pipeline["entered_on"].notna()]
    stop = episodes["left_on"].where(episodes["left_on"].notna() & (episodes["left_on"] <= end), end)
    return episodes.assign(days=(stop - episodes["entered_on"]).dt.days.astype("float64"))


def _stage_stats(episodes: pd.DataFrame) -> pd.DataFrame:
    grouped = episodes.groupby("stage")
    return pd.DataFrame({"deals": grouped["deal_id"].nunique(), "median": grouped["days"].median(),
                         "mean": grouped["days"].mean()})


def stage_durations(inputs: Inputs, basis: MonthBasis | pd.Period) -> tuple[list[StageRow], str | None]:
    """Per stage: deals, median and mean days this month and last month; and the slowest stage."""
    pipeline = inputs.pipeline
    if pipeline.empty:
        return [], None
    b = as_basis(inputs, basis)
    month = b.month
    now = _stage_stats(stage_episodes(pipeline, month))
    prev = _stage_stats(stage_episodes(pipeline, month - 1))
    rows = []
    for stage in b.stage_order:
        n = now.loc[stage] if stage in now.index else None
        p = prev.loc[stage] if stage in prev.index else None
        rows.append(StageRow(
            stage=stage,
            deals=int(n["deals"]) if n is not None else 0,
            median_days=clean_float(n["median"]) if n is not None else None,
            mean_days=clean_float(n["mean"]) if n is not None else None,
            prev_deals=int(p["deals"]) if p is not None else 0,
            prev_median_days=clean_float(p["median"]) if p is not None else None,
            prev_mean_days=clean_float(p["mean"]) if p is not None else None,
        ))
    slowest = None
    best = None
    for row in rows:  # first of the largest medians wins ties, in stage order
        if row.deals and row.median_days is not None and (best is None or row.median_days > best):
            best, slowest = row.median_days, row.stage
    return [replace(row, slowest=row.stage == slowest) for row in rows], slowest


def stalled_deals(inputs: Inputs, basis: MonthBasis | pd.Period) -> list[StalledDeal]:
    """Episodes open at the end of M for more than `limit` days (default: `stalled_threshold`), longest
    first; a deal whose amount is not material (compute/judge.py: below `floor`, or not given — money
    not known cannot be ranked by the money at stake) is left out."""
    pipeline = inputs.pipeline
    if pipeline.empty:
        return []
    b = as_basis(inputs, basis)
    month, limit, floor = b.month, b.stalled_rule.days, b.floor
    end = month_last_day(month)
    still = pipeline.loc[open_at_end(pipeline, month) & pipeline["entered_on"].notna()]
    days = (end - still["entered_on"]).dt.days
    stalled = still.assign(days=days)[(days > limit).to_numpy() & material_mask(still["amount"], floor)]
    stalled = stalled.sort_values(["days", "deal_id"], ascending=[False, True], kind="stable")
    return [StalledDeal(deal_id=str(r.deal_id), customer_id=clean_text(r.customer_id),
                        sales_rep=clean_text(r.sales_rep), stage=str(r.stage),
                        entered_on=r.entered_on.date(), days=int(r.days), amount=clean_float(r.amount))
            for r in stalled.itertuples(index=False)]


# ------------------------------------------------------------------------------------ the section
def compute_problems(inputs: Inputs, basis: MonthBasis | pd.Period) -> ProblemsSection:
    """Section 五: underperformers with their likely reasons, the commentary, pipeline bottlenecks."""
    b = as_basis(inputs, basis)
    underperformers = find_underperformers(inputs, b)
    reasons = explain_all(inputs, b, underperformers)
    stages, slowest = stage_durations(inputs, b)
    floor, stalled_rule = b.floor, b.stalled_rule
    rows, win_rate, prev_win_rate = funnel(inputs, b.month, b.stage_order)
    return ProblemsSection(
        underperformers=underperformers,
        reasons=reasons,
        problems_note=plan_notes(inputs, "problems"),
        root_causes_note=plan_notes(inputs, "root_causes"),
        bottlenecks_note=plan_notes(inputs, "bottlenecks"),
        stages=stages,
        slowest_stage=slowest,
        stalled=stalled_deals(inputs, b),
        margin_drops=margin_drops(inputs, b),
        has_pipeline=inputs.has("pipeline"),
        has_category_targets=bool(b.targets.categories),
        materiality_floor=floor,
        stalled_rule=stalled_rule,
        judged_phrase=Phrase("s_rule_judged", {"floor": amount(floor),
                                               "share": percent(inputs.settings.materiality)}),
        stalled_rule_phrase=day_rule_phrase("stalled", stalled_rule, "stage"),
        funnel=rows, win_rate=win_rate, prev_win_rate=prev_win_rate,
    )
