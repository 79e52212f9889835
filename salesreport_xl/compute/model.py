"""The report model: everything the monthly report says, as plain data.

One part per section of the seed guide. Amounts are full-precision values in the currency; ratios are
fractions (0.125 = 12.5 %); a figure that is not available (zero or missing base, no data) is None —
never 0, never infinity. Dates are `datetime.date`, months "YYYY-MM" strings. `to_jsonable` turns the
model into JSON-ready data (dates ISO, None as null).

Canonical list values (segment "Key Account", channel "Online", …) are kept as such; the layout shows
them in the report language. Compute makes no words: a sentence (highlight, suggestion, conclusion,
follow-up detail, forecast method) is a `Phrase` — a catalogue key and the values it cites, each tagged
with how it is written — and `i18n.phrasing` writes the phrases in the report language after compute,
as words beside the model (the model holds no text made for a language). Each sentence keeps the
figure it cites beside it, so a test can check the two agree.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any

# The headline figures (docs/figures.md), in report order. Each is a key of ReportModel.figures and a defined name.
FIGURE_NAMES = (
    "SR_SALES_MONTH", "SR_SALES_PREV_MONTH", "SR_SALES_LAST_YEAR", "SR_MOM", "SR_YOY",
    "SR_YTD", "SR_YTD_LAST_YEAR", "SR_TARGET", "SR_ATTAINMENT", "SR_NEW_CUSTOMERS",
    "SR_CHURNED_CUSTOMERS", "SR_SATISFACTION", "SR_ACTIVITIES", "SR_NEXT_TARGET", "SR_FORECAST",
)


# ------------------------------------------------------------------------------------------ phrases
@dataclass(frozen=True)
class Arg:
    """A value cited in a phrase and how it is written (see i18n.phrasing):
    amount · signed_amount · percent · change (signed percent) · count (`extra` = its noun, or None) · number (`extra` = digits) · signed (a signed
    number, `extra` = digits) · word (a catalogue key) · choice (a list value; `extra` = its list kind) ·
    group (a group name as the data has it; None for the rows without a value)."""

    kind: str
    value: Any
    extra: Any = None


def amount(v) -> Arg:
    return Arg("amount", v)


def signed_amount(v) -> Arg:
    """An amount with its sign either way (+¥3.0万 / -¥3.0万): a part of a sum."""
    return Arg("signed_amount", v)


def percent(v) -> Arg:
    return Arg("percent", v)


def change(v) -> Arg:
    return Arg("change", v)


def count(v, noun: str | None = None) -> Arg:
    """A whole number; with `noun` ("customer"), written with that noun in the right number."""
    return Arg("count", v, noun)


def number(v, digits: int = 1) -> Arg:
    return Arg("number", v, digits)


def signed(v, digits: int = 1) -> Arg:
    return Arg("signed", v, digits)


def word(key: str) -> Arg:
    return Arg("word", key)


def choice(kind: str, value: str | None) -> Arg:
    return Arg("choice", value, kind)


def group(value: str | None) -> Arg:
    return Arg("group", value)


@dataclass(frozen=True)
class Phrase:
    """Words to be made after compute: the template `key` of i18n/sentences.py and its values
    (an `Arg`, a plain name written as is, another Phrase, or a list of phrases joined by "s_list_sep")."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    """A generated sentence and the figure it is built on (`figure_name` names where it comes from)."""

    key: str                 # stable id, e.g. "sales_month"
    phrase: Phrase | list[Phrase]
    figure: float | None = None
    figure_name: str = ""    # e.g. "SR_MOM" or "sales.by_category[Audio].mom"
    tone: str = "neutral"    # good / bad / neutral — for colour in the layout


@dataclass(frozen=True)
class DayRule:
    """A threshold in days (churn, stalled deals) and where it comes from (compute/thresholds.py)."""

    days: int
    auto: bool = False        # derived from the team's own data (Settings: auto)
    share: float = 0.8        # share of the observed durations it is longer than (auto only)
    observed: int = 0         # durations it was derived from (0 with auto: the default was used)
    median: float | None = None   # the median of those durations (reorder gaps, finished stages), if any


# ------------------------------------------------------------------------------------------ meta
@dataclass(frozen=True)
class Meta:
    month: str                # "2025-03"
    prev_month: str
    last_year_month: str
    next_month: str
    company: str
    team: str
    currency: str
    display_unit: int
    unit_label: str
    language: str
    version: str
    built_at: str             # ISO timestamp (volatile: stripped in golden dumps)
    data_from: _dt.date | None = None
    data_to: _dt.date | None = None
    # Sales has no order number: "orders" are lines, and the report says "lines" (layout/context.py).
    counts_lines: bool = False
    # Optional input sheets left out because required columns are missing: sheet key -> those
    # columns (English names). Their parts of the report say so instead of "no data".
    sheets_left_out: dict[str, list[str]] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ 二 sales
@dataclass(frozen=True)
class TrendPoint:
    month: str                # "YYYY-MM"
    sales: float
    last_year: float | None   # same month a year earlier (None before the data starts)


@dataclass(frozen=True)
class BreakdownRow:
    """Sales of one category / product / segment / channel / customer group."""

    name: str
    this_month: float
    last_month: float
    last_year: float | None   # None: last year's month is before the data
    mom: float | None
    yoy: float | None
    share: float | None       # of this month's total
    flagged: bool = False     # |mom| or |yoy| >= big_change
    group: str = ""           # e.g. the category of a product
    profit: float | None = None   # this month, when Sales has a profit column
    margin: float | None = None   # profit / this month's sales


@dataclass(frozen=True)
class RegionAttainment:
    """A region's target for M (Targets rows with that region) against its sales."""

    region: str
    target: float
    actual: float
    attainment: float | None


@dataclass(frozen=True)
class BridgeStep:
    name: str                 # stable code: volume / price / returns / new_customers / not_ordering / rep / ...
    amount: float
    count: int | None = None  # customers in a customer step
    label: str | None = None  # the rep or category of a target bridge's step, as the data has it


@dataclass(frozen=True)
class Bridge:
    """A base to this month's sales in steps: from_ + the steps' amounts = to (compute/bridge.py)."""

    from_: float = field(metadata={"json": "from"})
    to: float
    steps: list[BridgeStep]
    kind: str = "month"       # month (from last month) / year (from last year's month) / target
    by_customer: list[BridgeStep] = field(default_factory=list)   # the same change by who bought
    reorder_days: float | None = None   # the team's usual days between a customer's orders (median)
    churned: list[BridgeChurn] = field(default_factory=list)   # of those not ordering: marked churned in M


@dataclass(frozen=True)
class BridgeChurn:
    """A customer of the bridge's `not_ordering` step that the Customers sheet marks Churned in M."""

    customer_id: str
    name: str
    reason: str               # the churn_reason given ("" when blank)
    amount: float             # minus its sales in the base month (its share of the step)


@dataclass(frozen=True)
class SalesSection:
    month_total: float
    prev_month_total: float
    last_year_total: float | None         # None: that month is before the data
    mom: float | None
    yoy: float | None
    ytd: float
    ytd_last_year: float | None           # None: last year's span is not wholly inside the data
    ytd_change: float | None
    orders: int
    trend: list[TrendPoint]
    by_category: list[BreakdownRow]
    top_products: list[BreakdownRow]
    by_segment: list[BreakdownRow]        # empty when there is no segment data
    by_channel: list[BreakdownRow]        # empty when there is no channel data
    new_vs_repeat: list[BreakdownRow]     # names "new" / "repeat"
    has_segments: bool = False
    has_channels: bool = False
    profit: float | None = None           # this month, when Sales has a profit column
    margin: float | None = None           # profit / sales this month
    prev_margin: float | None = None      # last month's
    comparison_phrases: list[Phrase] = field(default_factory=list)   # why a comparison is n/a
    by_region: list[BreakdownRow] = field(default_factory=list)   # empty without region data
    region_attainment: list[RegionAttainment] = field(default_factory=list)
    bridge: Bridge | None = None          # None when neither month has sales
    year_bridge: Bridge | None = None     # from the same month last year; None before the data
    target_bridge: Bridge | None = None   # from the team's target; None without one
    has_regions: bool = False
    seasonal: bool = False                # M moved with the season: rows flagged on last year only
    # Where a breakdown's group comes from: "sales" (the order line) or "customers" (the customer's
    # row in Customers); None without that breakdown (compute/regions.py region_basis).
    region_basis: str | None = None
    segment_basis: str | None = None
    channel_basis: str | None = None
    has_categories: bool = True
    has_products: bool = True             # False: Sales has no product column (a deal export)
    standard_segments: bool = True        # the segments are Key Account / SMB (titles say so)


# ------------------------------------------------------------------------------------------ 三 team
@dataclass(frozen=True)
class SegmentAttainment:
    segment: str
    target: float
    actual: float
    attainment: float | None


@dataclass(frozen=True)
class RepRow:
    rep: str
    target: float | None
    actual: float
    attainment: float | None
    rank: int                 # by actual, 1 = best; ties share a rank
    last_month: float
    mom: float | None
    orders: int
    average_order: float | None
    new_customers: int
    margin: float | None = None   # profit / sales this month, when Sales has a profit column


@dataclass(frozen=True)
class ActivityTypeRow:
    activity_type: str
    this_month: int
    last_month: int
    change: float | None
    participants: int
    won: int


@dataclass(frozen=True)
class OutcomeRow:
    outcome: str
    count: int
    share: float | None


@dataclass(frozen=True)
class RepActivityRow:
    rep: str
    activities: int
    customers_reached: int
    won: int
    win_rate: float | None


@dataclass(frozen=True)
class FeedbackExcerpt:
    date: _dt.date
    sales_rep: str
    customer_id: str
    activity_type: str
    outcome: str
    text: str


@dataclass(frozen=True)
class ActivitySection:
    available: bool
    total: int
    total_last_month: int
    change: float | None
    by_type: list[ActivityTypeRow]
    customers_reached: int
    participants: int
    outcomes: list[OutcomeRow]
    win_rate: float | None            # Won / activities with an outcome
    per_rep: list[RepActivityRow]
    contacted_customers: int          # distinct customers with an activity in M
    contacted_who_ordered: int        # … of which ordered in M
    contacted_order_rate: float | None
    feedback_excerpts: list[FeedbackExcerpt]


@dataclass(frozen=True)
class TeamSection:
    target: float | None
    actual: float
    attainment: float | None
    gap: float | None                 # actual - target
    segment_attainment: list[SegmentAttainment]
    reps: list[RepRow]
    activities: ActivitySection
    has_targets: bool = False
    has_reps: bool = True                 # False: the sales data has no sales_rep column


# ------------------------------------------------------------------------------------------ 四 customers
@dataclass(frozen=True)
class TopCustomerRow:
    customer_id: str
    name: str
    segment: str
    this_month: float
    last_month: float
    mom: float | None
    share: float | None


@dataclass(frozen=True)
class CustomerGroupRow:
    group: str                # "new" / "repeat"
    customers: int
    orders: int
    sales: float
    average_order: float | None


@dataclass(frozen=True)
class NewCustomerRow:
    customer_id: str
    name: str
    segment: str
    first_order: _dt.date
    sales: float              # in M
    sales_rep: str


@dataclass(frozen=True)
class ChurnRow:
    customer_id: str
    name: str
    segment: str
    how: str                  # "marked" / "inferred"
    date: _dt.date | None     # churn date (marked) or the day the line was crossed (inferred)
    last_order: _dt.date | None
    reason: str
    sales_last_12m: float


@dataclass(frozen=True)
class ReasonCount:
    reason: str | None        # the churn_reason given; None where none was given or the churn is inferred
    count: int
    how: str = "marked"       # "marked" (Customers status) / "inferred" (no order for churn_days)


@dataclass(frozen=True)
class AtRiskRow:
    customer_id: str
    name: str
    recent_3m: float
    prior_3m: float
    change: float | None
    days_silent: int | None
    revenue_at_risk: float
    why: str                  # "drop" / "silent" / "drop+silent"
    sales_rep: str = ""
    usual_gap: float | None = None   # its own usual days between orders (compute/cadence.py); None: none yet
    orders: int | None = None        # judged over its last `orders` orders against as many before (their
                                     # mean orders per 3 months); None: over the calendar 3 months and the 3 before


@dataclass(frozen=True)
class ScoreCount:
    score: int
    count: int
    share: float | None


@dataclass(frozen=True)
class TopicRow:
    topic: str
    responses: int
    mean: float | None


@dataclass(frozen=True)
class CommentRow:
    date: _dt.date
    customer_id: str
    score: int
    topic: str
    comment: str


@dataclass(frozen=True)
class SatisfactionSection:
    available: bool
    mean: float | None
    responses: int
    distribution: list[ScoreCount]    # always scores 1..5
    prev_mean: float | None
    change: float | None              # mean - prev_mean, in points
    by_topic: list[TopicRow]
    lowest: list[CommentRow]
    best: list[CommentRow]


@dataclass(frozen=True)
class ParetoClass:
    name: str                 # "A" / "B" / "C"
    items: int
    items_share: float | None   # of the buying customers (products)
    sales: float
    share: float | None         # of their sales in M


@dataclass(frozen=True)
class BelowUsualRow:
    """An A-class customer whose sales in M are below their usual (mean over the baseline months)."""

    customer_id: str
    name: str
    this_month: float
    usual: float
    change: float | None


@dataclass(frozen=True)
class Pareto:
    """Concentration of M's sales over the customers (or products) with positive sales in M."""

    top20_share: float | None
    items: int                # n: customers (products) with positive sales in M
    top_items: int            # ⌈20 % × n⌉
    classes: list[ParetoClass]
    a_below_usual: int = 0
    a_below_usual_rows: list[BelowUsualRow] = field(default_factory=list)


@dataclass(frozen=True)
class CustomersSection:
    top_customers: list[TopCustomerRow]
    top_share: float | None           # share of M's sales held by the top customers
    groups: list[CustomerGroupRow]    # new vs repeat buying
    new_customers: list[NewCustomerRow]
    churned: list[ChurnRow]
    churn_reasons: list[ReasonCount]
    at_risk: list[AtRiskRow]
    satisfaction: SatisfactionSection
    has_customers_sheet: bool = False
    churn_rule: DayRule = field(default_factory=lambda: DayRule(90))
    churned_last_month: int | None = None      # churned in M − 1 by the same rule (the tile compares)
    churn_rule_phrase: Phrase | None = None   # how churn_days was set, and why (i18n.phrasing)
    pareto: Pareto | None = None              # None without sales in M
    product_pareto: Pareto | None = None


# ------------------------------------------------------------------------------------------ 五 problems
@dataclass(frozen=True)
class UnderperformerRow:
    level: str                # "category" / "product"
    name: str
    category: str
    actual: float
    basis: str                # "target" / "baseline"
    expected: float
    gap: float                # actual - expected
    gap_pct: float | None


@dataclass(frozen=True)
class MarginDrop:
    """A category whose margin fell materially against its baseline months, whatever its sales did."""

    category: str
    sales: float
    profit: float
    margin: float | None
    baseline_margin: float | None
    points: float             # (margin − baseline margin) × 100
    profit_lost: float        # (baseline margin − margin) × sales this month: the money at stake


@dataclass(frozen=True)
class CustomerDrop:
    customer_id: str
    name: str
    before: float
    now: float
    change: float


@dataclass(frozen=True)
class ChannelShift:
    channel: str
    share_now: float | None
    share_before: float | None


@dataclass(frozen=True)
class ReasonAnalysis:
    """Why one underperformer moved, against its basis period(s)."""

    name: str
    level: str
    change: float                     # actual - basis sales (same basis as the split below)
    volume_effect: float | None       # parts add up to `change` exactly when quantity is present
    price_effect: float | None
    customers_stopped: list[CustomerDrop]
    channel_shift: list[ChannelShift]
    # Measured against a target: the usual months' sales − the target, so that change + this = the
    # shortfall against the target (actual − target); 0.0 for an item measured against its usual months.
    target_vs_usual: float = 0.0


@dataclass(frozen=True)
class StageRow:
    stage: str
    deals: int
    median_days: float | None
    mean_days: float | None
    prev_deals: int
    prev_median_days: float | None
    prev_mean_days: float | None
    slowest: bool = False


@dataclass(frozen=True)
class StalledDeal:
    deal_id: str
    customer_id: str | None   # None: not given (blank or no column)
    sales_rep: str | None
    stage: str
    entered_on: _dt.date
    days: int
    amount: float | None


@dataclass(frozen=True)
class FunnelRow:
    """One pipeline stage in M (and over the 3 months before M, as one span)."""

    stage: str
    deals: int                # deals in the stage at some time in M
    advanced: int             # … that left it in M for a later stage
    won: int                  # … that left it in M, won (their last stage)
    lost: int                 # … that left it in M, lost (their last stage)
    conversion: float | None  # (advanced + won) / deals
    prev_deals: int = 0
    prev_conversion: float | None = None


@dataclass(frozen=True)
class ProblemsSection:
    underperformers: list[UnderperformerRow]
    reasons: list[ReasonAnalysis]
    problems_note: list[str]
    root_causes_note: list[str]
    bottlenecks_note: list[str]
    stages: list[StageRow]
    slowest_stage: str | None
    stalled: list[StalledDeal]
    has_pipeline: bool = False
    margin_drops: list[MarginDrop] = field(default_factory=list)
    materiality_floor: float = 0.0           # expected value an item needs to be judged (compute/materiality.py)
    stalled_rule: DayRule = field(default_factory=lambda: DayRule(30))
    judged_phrase: Phrase | None = None       # the footnote: which items are judged and how they are ranked
    stalled_rule_phrase: Phrase | None = None
    funnel: list[FunnelRow] = field(default_factory=list)
    win_rate: float | None = None         # deals won in M / deals won or lost in M
    prev_win_rate: float | None = None    # the same over the 3 months before M
    has_category_targets: bool = False    # categories have targets for M: reasons carry target_vs_usual


# ------------------------------------------------------------------------------------------ 六 plan
@dataclass(frozen=True)
class FollowUp:
    kind: str                 # "at_risk" / "stalled"
    subject: str              # customer or deal
    detail_phrase: Phrase | list[Phrase]
    amount: float | None
    owner: str | None         # None: no owner given


@dataclass(frozen=True)
class BacktestMonth:
    month: str                # "YYYY-MM": the month forecast, from the data before it
    forecast: float
    actual: float
    error: float | None       # forecast / actual − 1


@dataclass(frozen=True)
class ForecastAccuracy:
    """The forecast method backtested over the last months: mape = mean |forecast − actual| / |actual|."""

    method: str
    months: list[BacktestMonth]
    mape: float | None


@dataclass(frozen=True)
class ForecastRange:
    """Where next month's sales may land, from the forecast method's own backtest: had it erred by its
    largest over- and under-forecast (error = forecast / actual − 1), the actual would be
    forecast / (1 + error)."""

    low: float
    high: float


@dataclass(frozen=True)
class PipelineCoverage:
    """The open pipeline against next month's target: `open` = open value / target; `weighted` = the
    open deals' amounts, each times the share of closed deals that reached its stage and were won,
    over the target (None without closed deals to learn that from)."""

    open: float
    weighted: float | None
    open_value: float
    weighted_value: float | None
    # the open deals expected to close in M + 1 over next month's target (and stage-weighted); None
    # without the Pipeline sheet's close dates
    closing: float | None = None
    closing_weighted: float | None = None


@dataclass(frozen=True)
class CloseMonthRow:
    """The open deals at the end of M by the month they are expected to close: `kind` "overdue" (a
    close date before M + 1 on a deal still open), "month" (M + 1, M + 2, M + 3: `month` says which),
    "later" (after M + 3) or "no_date" (no close date written)."""

    kind: str
    month: str | None         # "YYYY-MM" for kind "month", else None
    deals: int
    amount: float
    weighted: float | None    # stage-weighted as PipelineCoverage; None without closed deals


@dataclass(frozen=True)
class PlanSection:
    next_month: str
    next_target: float | None
    forecast: float | None
    forecast_method: str      # stable code, e.g. "run_rate_x_seasonal", "run_rate", "none"
    forecast_method_phrase: Phrase
    gap: float | None         # forecast - next_target
    open_pipeline_value: float | None     # None without pipeline data (never 0 for "not known")
    open_deals: int | None
    follow_ups: list[FollowUp]
    next_month_plan_note: list[str]
    strategy_note: list[str]
    training_note: list[str]
    suggestions: list[Sentence]
    forecast_accuracy: ForecastAccuracy | None = None
    forecast_alternatives: list[ForecastAccuracy] = field(default_factory=list)   # every method backtested
    forecast_accuracy_phrase: Phrase | None = None
    forecast_range: ForecastRange | None = None        # None without a forecast or a backtest
    pipeline_coverage: PipelineCoverage | None = None  # None without pipeline data or a next target
    # None without pipeline data or the Pipeline sheet's close dates
    pipeline_by_close_month: list[CloseMonthRow] | None = None
    closing_phrase: Phrase | None = None               # the deals expected to close in M + 1, said


# ------------------------------------------------------------------------------------------ 一/七 summary
@dataclass(frozen=True)
class Season:
    """How a calendar month stands against the team's usual month (compute/season.py): each of its
    occurrences' sales ÷ the median of the months around it, averaged (1.0 = a usual month)."""

    month: int                # 1..12
    index: float
    years: list[int]          # the years of the occurrences it is judged on
    level: str | None         # "high" / "low" when a season, not one year's noise; else None


@dataclass(frozen=True)
class Driver:
    """One of the month's largest movers, on one basis: `amount` = `actual` − `base`."""

    dimension: str            # rep / category / region / channel / segment
    name: str | None          # as the data has it (None: the rows without a value)
    basis: str                # target / last_month / last_year
    actual: float
    base: float
    amount: float
    phrase: Phrase | None = None


@dataclass(frozen=True)
class Action:
    """One of the month's most valuable actions: a follow-up (its owner, the value at stake) or, when
    the follow-up list is short, a suggestion with money at stake (no owner)."""

    kind: str                 # at_risk / stalled (a follow-up) or a suggestion's key
    subject: str
    owner: str
    amount: float | None
    phrase: Phrase | list[Phrase] | None = None


@dataclass(frozen=True)
class KpiTrend:
    """A page-1 tile's figure over the 13 months to M (oldest first; None where it is not available)."""

    name: str                 # a figure name (SR_…) or "margin" / "average_order"
    values: list[float | None]


@dataclass(frozen=True)
class SummarySection:
    highlights: list[Sentence]        # 3..8
    summary_note: list[str]
    conclusion_phrases: list[Phrase]
    # Page 1, the director's page (compute/director.py): what happened, why, what to do, the tiles' trends.
    happened: list[Sentence] = field(default_factory=list)
    season: Season | None = None
    drivers: list[Driver] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    trend_months: list[str] = field(default_factory=list)
    kpi_trends: list[KpiTrend] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ checks
@dataclass(frozen=True)
class CheckRow:
    severity: str
    sheet: str
    cell: str
    message_en: str
    message_zh: str


@dataclass(frozen=True)
class ColumnReadRow:
    sheet: str                # the sheet's name in the workbook
    sheet_key: str
    field: str                # column key
    header: str               # the header it was read from, as written
    column: str               # its column letter
    how: str                  # recognised / mapped / fallback / left (inputs.ColumnUse)
    factor: float = 1.0       # the header's unit scaled the values by this (inputs.ColumnUse)
    unit: str = ""
    note: str = ""            # "gross" / "price_x_quantity" (inputs.ColumnUse)


@dataclass
class SettingReadRow:
    key: str                  # the setting's key
    written: str              # its value as written in the sheet
    cell: str                 # where ("Settings!B3")
    value: str                # its value as read


@dataclass(frozen=True)
class ChecksSection:
    findings: list[CheckRow]
    rows_read: dict[str, int]
    errors: int
    warnings: int
    infos: int
    columns_read: list[ColumnReadRow] = field(default_factory=list)
    settings_read: list[SettingReadRow] = field(default_factory=list)


@dataclass(frozen=True)
class ReportModel:
    meta: Meta
    figures: dict[str, Any]
    summary: SummarySection
    sales: SalesSection
    team: TeamSection
    customers: CustomersSection
    problems: ProblemsSection
    plan: PlanSection
    checks: ChecksSection


def to_jsonable(obj: Any) -> Any:
    """Plain JSON data: dataclasses to dicts, dates ISO, NaN/inf to null, numpy scalars to Python."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        # A field may name itself in JSON (metadata "json"): `from` is a Python keyword.
        return {f.metadata.get("json", f.name): to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, (_dt.datetime, _dt.date)):
        return obj.isoformat()
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):  # numpy scalar
        obj = obj.item()
    if isinstance(obj, float) and (math.isnan(obj) or math.isinf(obj)):
        return None
    return obj
