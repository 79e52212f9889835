"""三 Team performance: the team's target and attainment (and per segment where segment targets exist),
each rep's target, actual, rank, MoM, orders and new customers won, and the sales activities of the
month (by type against last month, reach, outcomes and win rate, per rep, feedback excerpts, and how
many contacted customers ordered).
"""
from __future__ import annotations

import pandas as pd

from ..inputs import Inputs
from .common import change, ratio
from .profit import has_profit
from .model import (ActivitySection, ActivityTypeRow, FeedbackExcerpt, OutcomeRow, RepActivityRow, RepRow,
                    SegmentAttainment, TeamSection)
from .targets import rep_targets, segment_targets, team_target
from .sales_frame import (NO_VALUE, customer_segments, first_order_rows, group_name, lookup, month_code, month_codes, order_keys,
                    sales_month_codes)

__all__ = ["compute_team", "compute_activities", "WON", "NO_INTEREST", "EXCERPTS_PER_OUTCOME", "EXCERPTS_SHOWN"]

WON, NO_INTEREST = "Won", "No interest"   # canonical outcomes (成交 / 无意向)
EXCERPTS_PER_OUTCOME = 3                  # Won and No interest feedback shown, each
EXCERPTS_SHOWN = 6                        # feedback excerpts in all


def _text(value) -> str:
    """Text of a cell value; blank (None, NaN, NaT) is ""."""
    return "" if value is None or pd.isna(value) else str(value)


# ------------------------------------------------------------------------------------ activities
def _excerpts(rows: pd.DataFrame) -> list[FeedbackExcerpt]:
    """The most telling feedback: up to EXCERPTS_PER_OUTCOME of Won and of No interest (longest text
    first), then the longest of the rest, EXCERPTS_SHOWN in all; ties by date, then sheet row. The same
    text is shown once. A month holds few activities, so plain Python sorts them."""
    with_text = rows.loc[rows["feedback"].notna(),
                         ["date", "sales_rep", "customer_id", "activity_type", "outcome", "feedback", "_row"]]
    candidates = []
    for r in with_text.rename(columns={"_row": "row"}).itertuples(index=False):
        text = _text(r.feedback).strip()
        if text:
            rank = 0 if r.outcome == WON else 1 if r.outcome == NO_INTEREST else 2
            candidates.append((rank, -len(text), r.date, r.row, r, text))
    candidates.sort(key=lambda c: c[:4])
    picked, seen, per_outcome = [], set(), {0: 0, 1: 0}
    for rank, _, _, _, r, text in candidates:
        if text in seen or per_outcome.get(rank, 0) >= EXCERPTS_PER_OUTCOME:
            continue
        seen.add(text)
        if rank in per_outcome:
            per_outcome[rank] += 1
        picked.append(FeedbackExcerpt(date=r.date.date(), sales_rep=_text(r.sales_rep),
                                      customer_id=_text(r.customer_id), activity_type=_text(r.activity_type),
                                      outcome=_text(r.outcome), text=text))
        if len(picked) == EXCERPTS_SHOWN:
            break
    return picked


def compute_activities(inputs: Inputs, month: pd.Period) -> ActivitySection:
    """Sales activities in M (the number of Activities rows dated in M) against the month before.

    By type: this month, last month, change, participants and Won in M. Customers reached: distinct
    customer_id in M. Participants: their sum. Outcomes: count and share of activities with an outcome;
    win rate = Won / activities with an outcome (overall and per rep). Contacted customers: distinct
    customers with an activity in M; of them, how many have a Sales row in M with a positive amount.
    """
    acts = inputs.activities
    available = bool(inputs.has("activities"))
    m = month_code(month)
    codes = month_codes(acts["date"])
    now, before = acts[codes == m], acts[codes == m - 1]
    total, total_before = len(now), len(before)

    type_now = now["activity_type"].fillna(NO_VALUE)
    type_before = before["activity_type"].fillna(NO_VALUE)
    flags = pd.DataFrame({"participants": now["participants"].fillna(0.0),
                          "won": (now["outcome"] == WON).astype("int64")}, index=now.index)
    per_type = flags.groupby(type_now.to_numpy()).sum()
    counts, participants, won = type_now.value_counts(), per_type["participants"], per_type["won"]
    counts_before = type_before.value_counts()
    types = sorted(set(counts.index) | set(counts_before.index), key=lambda k: (-int(counts.get(k, 0)), str(k)))
    by_type = [ActivityTypeRow(activity_type=group_name(k), this_month=int(counts.get(k, 0)),
                               last_month=int(counts_before.get(k, 0)),
                               change=change(counts.get(k, 0), counts_before.get(k, 0)),
                               participants=int(participants.get(k, 0)), won=int(won.get(k, 0)))
               for k in types]

    with_outcome = now[now["outcome"].notna()]
    outcome_counts = with_outcome["outcome"].value_counts()
    outcomes = [OutcomeRow(outcome=str(k), count=int(v), share=ratio(v, len(with_outcome)))
                for k, v in sorted(outcome_counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    won_total = int((with_outcome["outcome"] == WON).sum())

    rep_of = now["sales_rep"].fillna(NO_VALUE).to_numpy()
    per_rep_table = pd.DataFrame({"activities": 1, "won": (now["outcome"] == WON).astype("int64"),
                                  "decided": now["outcome"].notna().astype("int64")},
                                 index=now.index).groupby(rep_of).sum()
    pairs = pd.DataFrame({"rep": rep_of, "customer": now["customer_id"].to_numpy()}).dropna().drop_duplicates()
    reached = pairs["rep"].value_counts()
    per_rep = [RepActivityRow(rep=group_name(rep), activities=int(r["activities"]), customers_reached=int(reached.get(rep, 0)),
                              won=int(r["won"]), win_rate=ratio(r["won"], r["decided"]))
               for rep, r in per_rep_table.assign(_name=per_rep_table.index.astype(str))
               .sort_values(["activities", "_name"], ascending=[False, True]).iterrows()]

    # object dtype: pandas would make it an Arrow string index, whose isin walks the values in Python.
    contacted = pd.Index(now["customer_id"].dropna().unique(), dtype=object)
    sales = inputs.sales
    bought = sales.loc[(sales_month_codes(inputs) == m) & (sales["amount"] > 0).to_numpy(), "customer_id"]
    ordered = int(contacted.isin(bought.unique()).sum())

    return ActivitySection(
        available=available, total=total, total_last_month=total_before, change=change(total, total_before),
        by_type=by_type, customers_reached=len(contacted), participants=int(now["participants"].sum()),
        outcomes=outcomes, win_rate=ratio(won_total, len(with_outcome)), per_rep=per_rep,
        contacted_customers=len(contacted), contacted_who_ordered=ordered,
        contacted_order_rate=ratio(ordered, len(contacted)), feedback_excerpts=_excerpts(now),
    )


# ------------------------------------------------------------------------------------ the section
def compute_team(inputs: Inputs, month: pd.Period) -> TeamSection:
    """Section 三: the team against its target, each rep, and the month's activities.

    - team: target (see `team_target`), actual (M's sales), attainment = actual / target (None without
      a target or with a zero target), gap = actual − target.
    - per segment where segment targets exist (rows with blank sales_rep, a segment, blank category):
      target, actual (M's sales to customers of that segment in Customers), attainment.
    - per rep (everyone with sales in M or M-1, or a target in M): target (the rep's rows for M with
      blank segment and category, None without), actual, attainment, rank by actual (largest = 1, ties
      share the best rank), last month and MoM, orders (distinct order_id, else rows), average order,
      new customers won (customers whose first order ever is in M, credited to the rep of that order).
    """
    sales = inputs.sales
    m = month_code(month)
    codes = sales_month_codes(inputs)
    now, before = sales.loc[codes == m], sales.loc[codes == m - 1]
    actual = float(now["amount"].sum())
    target = team_target(inputs, month)
    attainment = ratio(actual, target)

    seg_targets = segment_targets(inputs, month)
    segment_attainment = []
    if len(seg_targets):
        seg_actual = now["amount"].groupby(lookup(now["customer_id"], customer_segments(inputs))
                                           .fillna(NO_VALUE)).sum()
        for seg in sorted(seg_targets.index, key=str):
            seg_sales = float(seg_actual.get(seg, 0.0))
            segment_attainment.append(SegmentAttainment(segment=str(seg), target=float(seg_targets[seg]),
                                                        actual=seg_sales,
                                                        attainment=ratio(seg_sales, seg_targets[seg])))

    targets = rep_targets(inputs, month)
    rep_now = now["amount"].groupby(now["sales_rep"].fillna(NO_VALUE)).sum()
    rep_before = before["amount"].groupby(before["sales_rep"].fillna(NO_VALUE)).sum()
    orders = (order_keys(now).groupby(now["sales_rep"].fillna(NO_VALUE)).nunique()
              if len(now) else pd.Series(dtype="int64"))
    firsts = first_order_rows(inputs)
    new_firsts = firsts[month_codes(firsts["order_date"]) == m]
    new_won = new_firsts["sales_rep"].fillna(NO_VALUE).value_counts()

    rep_profit = (now["profit"].fillna(0.0).groupby(now["sales_rep"].fillna(NO_VALUE)).sum()
                  if has_profit(inputs) else None)
    has_reps = bool(inputs.has("sales", "sales_rep"))
    names = sorted(set(rep_now.index) | set(rep_before.index) | set(targets.index), key=str) if has_reps else []
    table = pd.DataFrame({"actual": rep_now.reindex(names, fill_value=0.0)}, index=pd.Index(names))
    table["rank"] = table["actual"].rank(method="min", ascending=False)
    reps = []
    for rep, r in table.sort_values(["rank"], kind="stable").iterrows():
        rep_actual = float(r["actual"])
        rep_target = float(targets[rep]) if rep in targets.index else None
        last = float(rep_before.get(rep, 0.0))
        n_orders = int(orders.get(rep, 0))
        reps.append(RepRow(rep=group_name(rep), target=rep_target, actual=rep_actual,
                           attainment=ratio(rep_actual, rep_target), rank=int(r["rank"]),
                           last_month=last, mom=change(rep_actual, last), orders=n_orders,
                           average_order=ratio(rep_actual, n_orders), new_customers=int(new_won.get(rep, 0)),
                           margin=None if rep_profit is None else ratio(rep_profit.get(rep, 0.0), rep_actual)))

    return TeamSection(
        target=target, actual=actual, attainment=attainment,
        gap=None if target is None else actual - target,
        segment_attainment=segment_attainment, reps=reps, activities=compute_activities(inputs, month),
        has_targets=bool(inputs.has("targets")), has_reps=has_reps,
    )
