"""四 Customers: high-value customers, new vs repeat buying, new customers, churn (marked and inferred)
with reasons, key accounts at risk, and customer satisfaction.

`customer_first_orders`, `inferred_churn` and `at_risk_accounts` are public: the team section counts new
customers won with the first, and the plan's follow-up list uses the at-risk accounts.
"""
from __future__ import annotations

from dataclasses import replace


import numpy as np
import pandas as pd

from ..inputs import Inputs
from ..schema import SEGMENT_KEY_ACCOUNT, SEGMENTS, STATUS_CHURNED, choice_lookup, listed_values, normalize_name
from .common import change, ratio
from .concentration import customer_pareto, product_pareto
from .model import (AtRiskRow, ChurnRow, CommentRow, CustomerGroupRow, CustomersSection, NewCustomerRow,
                    Phrase, ReasonCount, SatisfactionSection, ScoreCount, TopCustomerRow, TopicRow)
from .basis import MonthBasis, as_basis
from .cadence import cycle_drop, rhythm
from .judge import at_or_below, material_mask
from .thresholds import churn_threshold, day_rule_phrase
from .sales_frame import (NEW, NO_VALUE, REPEAT, group_name, customer_first_orders,
                          customer_names,
                    edge_rows_per_customer, first_order_rows, lookup, memo_by_frame, month_code, month_codes,
                    month_last_day, order_keys, sales_by_customer, sales_month_codes)

__all__ = ["compute_customers", "compute_satisfaction", "customer_first_orders", "inferred_churn",
           "marked_churn", "at_risk_accounts", "first_order_rows", "last_order_rows",
           "COMMENTS_SHOWN"]



def key_account_segments(settings) -> frozenset[str]:
    """The segment values that are key accounts, normalised: Settings key_account_segments (comma- or
    、-separated; a standard spelling such as 大客户 stands for its canonical value), else Key Account."""
    given = listed_values(settings.key_account_segments)
    lookup = choice_lookup(SEGMENTS)
    names = [lookup.get(normalize_name(v), v) for v in given] or [SEGMENT_KEY_ACCOUNT]
    return frozenset(normalize_name(v) for v in names)


def is_key_account(segments: pd.Series, settings) -> np.ndarray:
    """Per segment value: is it a key-account segment? (Works on the distinct values.)"""
    keys = key_account_segments(settings)
    codes, uniques = pd.factorize(segments.astype(object), use_na_sentinel=True)
    hit = np.array([normalize_name(u) in keys for u in uniques] + [False], dtype=bool)
    return hit[codes]
COMMENTS_SHOWN = 3              # lowest and best satisfaction comments shown, each


def _text(value) -> str:
    """Text of a cell value; blank (None, NaN, NaT) is ""."""
    return "" if value is None or pd.isna(value) else str(value)


def _date(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


# ------------------------------------------------------------------------------------ order history
def last_order_rows(inputs: Inputs, month: pd.Period) -> pd.DataFrame:
    """Each customer's last Sales row on or before the end of M (the first such row in the sheet on a
    tie): order_date, sales_rep, indexed by customer_id (sorted)."""
    return memo_by_frame(f"last_orders:{month}", inputs.sales, lambda: edge_rows_per_customer(
        inputs, sales_month_codes(inputs) <= month_code(month), latest=True))


_sales_by_customer = sales_by_customer


# ------------------------------------------------------------------------------------ churn
def marked_churn(inputs: Inputs, basis: MonthBasis | pd.Period) -> pd.DataFrame:
    """Customers marked Churned in the Customers sheet with churn_date in M (columns churn_date,
    churn_reason; indexed by customer_id)."""
    b = as_basis(inputs, basis)
    month = b.month
    attrs = b.customers
    start, end = month.start_time, (month + 1).start_time
    hit = (attrs["status"] == STATUS_CHURNED) & (attrs["churn_date"] >= start) & (attrs["churn_date"] < end)
    return attrs.loc[hit, ["churn_date", "churn_reason"]]


def churned_by(attrs: pd.DataFrame, month: pd.Period) -> pd.Series:
    """Per customer of the Customers attributes: marked Churned as of the end of M — its churn date on
    or before the end of M, or none given. A status applies from its date: rebuilding an earlier month
    after a customer was marked does not change that month."""
    dated = attrs["churn_date"]
    return (attrs["status"] == STATUS_CHURNED) & (dated.isna() | (dated < (month + 1).start_time))


def churn_lines(inputs: Inputs, b: MonthBasis) -> pd.DataFrame:
    """Each customer's churn and silence lines in days for M (compute/cadence.py): the team's churn line,
    raised for a customer with its own slower rhythm."""
    return rhythm(inputs, b.month, b.churn_rule.days)


def inferred_churn(inputs: Inputs, basis: MonthBasis | pd.Period) -> pd.DataFrame:
    """Customers not marked churned (as of the end of M: `churned_by`) whose last order (on or before
    the end of M) plus their churn line falls in M — they crossed it this month. The line is the team's
    `churn_days`, raised for a customer that has reordered to twice its own usual gap and one day past
    its longest gap (compute/cadence.py). Columns last_order, crossed_on, sales_rep (of the last
    order), indexed by customer_id, sorted by customer_id."""
    b = as_basis(inputs, basis)
    month = b.month
    last = last_order_rows(inputs, month)
    line = churn_lines(inputs, b)["churn_line"].reindex(last.index).fillna(float(b.churn_rule.days))
    crossed = last["order_date"] + pd.to_timedelta(line.to_numpy(), unit="D")
    hit = (crossed >= month.start_time) & (crossed < (month + 1).start_time)
    marked = churned_by(b.customers, month).reindex(last.index, fill_value=False)
    hit &= ~marked.to_numpy(dtype=bool)
    out = pd.DataFrame({"last_order": last["order_date"], "crossed_on": crossed,
                        "sales_rep": last["sales_rep"]})[hit]
    return out.sort_index()


def _churned(inputs: Inputs, basis: MonthBasis | pd.Period) -> list[ChurnRow]:
    b = as_basis(inputs, basis)
    month = b.month
    attrs = b.customers
    m = month_code(month)
    marked = marked_churn(inputs, b)
    inferred = inferred_churn(inputs, b)
    inferred = inferred[~inferred.index.isin(marked.index)]
    ids = marked.index.append(inferred.index)
    if len(ids) == 0:
        return []
    # Look every column up once for all listed customers, then build the rows from plain arrays.
    names = customer_names(inputs, ids).reindex(ids).to_numpy()
    last12 = _sales_by_customer(inputs, m - 11, m).reindex(ids, fill_value=0.0).to_numpy()
    last = last_order_rows(inputs, month)["order_date"].reindex(ids).to_numpy()
    segments = attrs["segment"].reindex(ids).to_numpy()
    n = len(marked)
    rows = [ChurnRow(customer_id=str(cid), name=_text(names[i]), segment=_text(segments[i]),
                     how="marked", date=_date(when), last_order=_date(last[i]), reason=_text(reason),
                     sales_last_12m=float(last12[i]))
            for i, (cid, when, reason) in enumerate(zip(marked.index, marked["churn_date"], marked["churn_reason"]))]
    rows += [ChurnRow(customer_id=str(cid), name=_text(names[n + i]), segment=_text(segments[n + i]),
                      how="inferred", date=_date(when), last_order=_date(before), reason="",
                      sales_last_12m=float(last12[n + i]))
             for i, (cid, when, before) in enumerate(zip(inferred.index, inferred["crossed_on"],
                                                         inferred["last_order"]))]
    rows.sort(key=lambda c: (-c.sales_last_12m, c.customer_id))
    return rows


def _churn_reasons(churned: list[ChurnRow]) -> list[ReasonCount]:
    """Churned customers per reason, most first: inferred churn (no order) and marked churn without a
    reason are groups of their own, ahead of the given reasons on a tie."""
    counts: dict[tuple[int, str], int] = {}
    for c in churned:
        key = (0, "") if c.how == "inferred" else (1, "") if not c.reason.strip() else (2, c.reason.strip())
        counts[key] = counts.get(key, 0) + 1
    return [ReasonCount(reason=k[1] or None, count=v, how="inferred" if k[0] == 0 else "marked")
            for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


# ------------------------------------------------------------------------------------ at risk
def at_risk_accounts(inputs: Inputs, basis: MonthBasis | pd.Period) -> list[AtRiskRow]:
    """Key accounts (segment Key Account, or the segments Settings key_account_segments names) at risk
    at the end of M, ranked by revenue at risk.

    An account is at risk when it is not marked churned as of the end of M (`churned_by`), has ordered
    on or before the end of M, has not yet crossed its churn line (`churn_lines`), and
    - drop: its sales are down by `at_risk_drop` or more. A customer that has reordered and orders at
      most 3 times in 3 months at its usual gap is judged over whole order cycles: its last k orders
      against the k before (compute/cadence.py; k: the orders its usual gap puts into 3 months); any
      other, over the calendar: the recent 3 months (M-2..M) against the 3 months before (M-5..M-3);
    - silent: it has placed no order, at the end of M (days from its last order to the last day of M),
      for half the team's churn line or more and, for a customer that has reordered, for 1.25 × its own
      usual gap or more — a customer ordering every 90 days is not silent at 50 days.

    recent_3m / prior_3m are amounts per 3 months: the calendar totals, or the order cycles' mean order
    at its usual rhythm (mean × 91.3 days / usual gap). Only material accounts are listed: the monthly
    sales the account stands for (the larger of the two, / 3) are at least the materiality floor
    (compute/judge.py).

    Revenue at risk, an amount per 3 months: for a drop, the sales lost (prior − recent); for a silent
    account, its whole 3-month revenue — the larger of prior and recent, which may be the 3 months
    BEFORE: the words say "per 3 months", never "the last 3 months" — since all of it is at stake if
    the account has gone quiet. Sorted by revenue at risk (largest first), then customer_id.
    """
    b = as_basis(inputs, basis)
    month = b.month
    attrs = b.customers
    keys = attrs.index[is_key_account(attrs["segment"], inputs.settings)
                       & ~churned_by(attrs, month).to_numpy(dtype=bool)]
    if len(keys) == 0 or inputs.sales.empty:
        return []
    settings = inputs.settings
    m = month_code(month)
    recent = _sales_by_customer(inputs, m - 2, m).reindex(keys, fill_value=0.0)
    prior = _sales_by_customer(inputs, m - 5, m - 3).reindex(keys, fill_value=0.0)
    # A slow customer with an order rhythm of its own is judged over its order cycles, not the calendar.
    cycles = cycle_drop(inputs, month, keys).reindex(keys)
    by_cycle = cycles["orders"].notna()
    recent = recent.where(~by_cycle, cycles["recent"])
    prior = prior.where(~by_cycle, cycles["prior"])
    last = last_order_rows(inputs, month).reindex(keys)
    silent_days = (month_last_day(month) - last["order_date"]).dt.days  # NaN: never ordered
    has_ordered = silent_days.notna()
    lines = churn_lines(inputs, b).reindex(keys)
    not_churned = silent_days < lines["churn_line"]
    falls = prior.gt(0) & at_or_below(recent, prior * (1.0 - settings.at_risk_drop))
    quiet = silent_days >= lines["silent_line"]
    # Material only: the monthly sales the account stands for (the larger 3-month amount / 3) reach the floor.
    material = material_mask(prior.combine(recent, max) / 3.0, b.floor)
    hit = has_ordered & not_churned & (falls | quiet) & material
    if not hit.any():
        return []
    ids = keys[hit.to_numpy()]
    names = customer_names(inputs, ids).reindex(ids)
    pick = hit.to_numpy()
    rows = []
    # One Python step per account at risk (not per sales row), over plain arrays.
    for cid, name, drop, silent, before, now, days, rep, usual, orders in zip(
            ids, names.to_numpy(), falls.to_numpy()[pick], quiet.to_numpy()[pick], prior.to_numpy()[pick],
            recent.to_numpy()[pick], silent_days.to_numpy()[pick], last["sales_rep"].to_numpy()[pick],
            lines["usual_gap"].to_numpy()[pick], cycles["orders"].to_numpy()[pick]):
        before, now = float(before), float(now)
        at_stake = max(before, now) if silent else before - now
        rows.append(AtRiskRow(
            customer_id=str(cid), name=_text(name), recent_3m=now, prior_3m=before,
            change=change(now, before), days_silent=int(days), revenue_at_risk=at_stake,
            why="drop+silent" if drop and silent else ("drop" if drop else "silent"),
            sales_rep=_text(rep), usual_gap=None if pd.isna(usual) else float(usual),
            orders=None if pd.isna(orders) else int(orders)))
    rows.sort(key=lambda r: (-r.revenue_at_risk, r.customer_id))
    return rows


# ------------------------------------------------------------------------------------ satisfaction
def _comments(rows: pd.DataFrame, lowest: bool) -> list[CommentRow]:
    """Up to COMMENTS_SHOWN commented responses: lowest (score ≤ 2, lowest first) or best (score ≥ 4,
    best first); then the longest comment, the earliest date, the sheet row. A month holds few
    responses, so plain Python sorts them."""
    picked = []
    for r in rows.rename(columns={"_row": "row"}).itertuples(index=False):
        text = _text(r.comment).strip()
        if text and (r.score <= 2 if lowest else r.score >= 4):
            picked.append(((r.score if lowest else -r.score), -len(text), r.date, r.row, r, text))
    picked.sort(key=lambda p: p[:4])
    return [CommentRow(date=_date(r.date), customer_id=_text(r.customer_id), score=int(r.score),
                       topic=_text(r.topic), comment=text) for *_, r, text in picked[:COMMENTS_SHOWN]]


def compute_satisfaction(inputs: Inputs, month: pd.Period) -> SatisfactionSection:
    """Satisfaction in M: mean score of Feedback rows dated in M (of 5), responses, the distribution of
    scores 1..5 (all five, with share of responses), the previous month's mean and the change in points,
    by topic (blank topic: None), and up to `COMMENTS_SHOWN` lowest (score ≤ 2) and best (score ≥ 4)
    comments — lowest score first / best first, then the longest comment, then date and sheet row."""
    fb = inputs.feedback
    available = bool(inputs.has("feedback"))
    codes = month_codes(fb["date"])
    m = month_code(month)
    now = fb[(codes == m) & fb["score"].notna().to_numpy()]
    before = fb[(codes == m - 1) & fb["score"].notna().to_numpy()]
    responses = len(now)
    mean = float(now["score"].mean()) if responses else None
    prev_mean = float(before["score"].mean()) if len(before) else None
    counts = now["score"].round().astype("int64").value_counts()
    distribution = [ScoreCount(score=s, count=int(counts.get(s, 0)), share=ratio(counts.get(s, 0), responses))
                    for s in range(1, 6)]
    by = now["score"].groupby(now["topic"].fillna(NO_VALUE).to_numpy())
    topics = pd.DataFrame({"count": by.count(), "mean": by.mean()})
    by_topic = [TopicRow(topic=group_name(t), responses=int(r["count"]), mean=float(r["mean"]))
                for t, r in topics.sort_index().sort_values("count", ascending=False, kind="stable").iterrows()]
    commented = now.loc[now["comment"].notna(), ["date", "customer_id", "score", "topic", "comment", "_row"]]
    return SatisfactionSection(
        available=available, mean=mean, responses=responses, distribution=distribution,
        prev_mean=prev_mean, change=None if mean is None or prev_mean is None else mean - prev_mean,
        by_topic=by_topic, lowest=_comments(commented, lowest=True), best=_comments(commented, lowest=False))


# ------------------------------------------------------------------------------------ the section
def compute_customers(inputs: Inputs, basis: MonthBasis | pd.Period) -> CustomersSection:
    """Section 四: customer management and relationships in M.

    - top customers: the `top_n` customers with the largest sales in M (positive), with last month,
      MoM and share of M's total sales; `top_share` is their combined share.
    - new vs repeat buying in M: customers, orders (distinct order_id, else rows), sales, average order;
      new = first order ever in M.
    - new customers: first order ever (in Sales) dated in M, with their sales in M and the rep of the
      first order.
    - churned: marked Churned with churn_date in M, plus customers not marked churned (as of the end of
      M) whose last order (on or before the end of M) plus their churn line falls in M — `churn_days`,
      raised for a customer with its own slower rhythm (`inferred_churn`); each customer once. Reasons:
      churn_reason for marked ones (a blank one: None); inferred ones count apart (how "inferred").
    - key accounts at risk: see `at_risk_accounts`.
    - satisfaction: see `compute_satisfaction`.
    """
    b = as_basis(inputs, basis)
    month = b.month
    settings = inputs.settings
    sales = inputs.sales
    m = month_code(month)
    codes = sales_month_codes(inputs)
    in_m = codes == m
    now_rows = sales.loc[in_m]
    total = float(now_rows["amount"].sum())
    segments = b.customers["segment"]

    # High-value customers.
    this = now_rows.groupby("customer_id")["amount"].sum()
    last = sales.loc[codes == m - 1].groupby("customer_id")["amount"].sum()
    ranked = this[this > 0].to_frame("amount").assign(_id=lambda f: f.index.astype(str))
    ranked = ranked.sort_values(["amount", "_id"], ascending=[False, True]).head(max(int(settings.top_n), 0))
    firsts = b.first_orders
    new_first = firsts[month_codes(firsts["order_date"]) == m]
    names = customer_names(inputs, ranked.index.append(new_first.index))
    top = [TopCustomerRow(customer_id=str(cid), name=_text(names.get(cid)), segment=_text(segments.get(cid)),
                          this_month=float(a), last_month=float(last.get(cid, 0.0)),
                          mom=change(a, last.get(cid, 0.0)), share=ratio(a, total))
           for cid, a in ranked["amount"].items()]
    top_share = ratio(float(ranked["amount"].sum()), total) if len(ranked) else None

    # New vs repeat buying.
    is_new = month_codes(lookup(now_rows["customer_id"], firsts["order_date"])) == m
    keys = order_keys(now_rows) if len(now_rows) else pd.Series([], dtype=object)
    groups = []
    for label, mask in ((NEW, is_new), (REPEAT, ~is_new)):
        part = now_rows.loc[mask]
        orders = int(keys[mask].nunique()) if len(part) else 0
        amount = float(part["amount"].sum())
        groups.append(CustomerGroupRow(group=label, customers=int(part["customer_id"].nunique()),
                                       orders=orders, sales=amount, average_order=ratio(amount, orders)))

    # New customers list.
    new_customers = [NewCustomerRow(customer_id=str(cid), name=_text(names.get(cid)),
                                    segment=_text(segments.get(cid)), first_order=_date(r["order_date"]),
                                    sales=float(this.get(cid, 0.0)), sales_rep=_text(r["sales_rep"]))
                     for cid, r in zip(new_first.index, new_first.to_dict("records"))]
    new_customers.sort(key=lambda c: (-c.sales, c.customer_id))

    churned = _churned(inputs, b)
    rule = b.churn_rule
    return CustomersSection(
        top_customers=top, top_share=top_share, groups=groups, new_customers=new_customers,
        churned=churned, churn_reasons=_churn_reasons(churned), at_risk=at_risk_accounts(inputs, b),
        satisfaction=compute_satisfaction(inputs, month),
        has_customers_sheet=bool(inputs.has("customers")),
        churn_rule=rule, churn_rule_phrase=_churn_rule_phrase(inputs, b),
        churned_last_month=len(_churned(inputs, _month_before(inputs, b))) if inputs.has("sales") else None,
        pareto=customer_pareto(inputs, b), product_pareto=product_pareto(inputs, b),
    )


def _churn_rule_phrase(inputs: Inputs, b: MonthBasis) -> Phrase:
    """The note beside the churned customers: the team's line and how it was set; and, where some
    customer's own slower rhythm raised its line above the team's this month, that rule too."""
    team = day_rule_phrase("churn", b.churn_rule, "gap")
    raised = (churn_lines(inputs, b)["churn_line"] > b.churn_rule.days).any()
    return Phrase("s_rule_churn_own", {"rule": team}) if raised else team


def _month_before(inputs: Inputs, b: MonthBasis) -> MonthBasis:
    """The basis with M − 1 and its churn rule, for counting last month's churn (the churn rules read
    only the month, its churn_days and the Customers attributes of the basis)."""
    return replace(b, month=b.month - 1, code=b.code - 1, churn_rule=churn_threshold(inputs, b.month - 1))
