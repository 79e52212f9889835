"""The headline figures (`SR_*`): their definitions, word for word as in the specification, and the
values taken from the computed sections.

`FIGURE_DEFINITIONS` is the one place the definitions are written; the docs page lists it. Each value
is a full-precision amount in the currency, a ratio as a fraction, a count, or None where the figure is
not available (zero or missing base, no data for it) — never 0 in place of "not available".
"""
from __future__ import annotations

from typing import Any

from .model import FIGURE_NAMES, CustomersSection, SalesSection, TeamSection

# Month M = the report month.
FIGURE_DEFINITIONS: dict[str, str] = {
    "SR_SALES_MONTH": "sum of `amount` of Sales rows dated in M (returns, negative, included)",
    "SR_SALES_PREV_MONTH": "the same as SR_SALES_MONTH for the month before M",
    "SR_SALES_LAST_YEAR": "the same as SR_SALES_MONTH for M one year earlier",
    "SR_MOM": "SR_SALES_MONTH / SR_SALES_PREV_MONTH − 1; empty (not 0, not an error) where the base is "
              "0 or missing",
    "SR_YOY": "SR_SALES_MONTH / SR_SALES_LAST_YEAR − 1; empty (not 0, not an error) where the base is "
              "0 or missing",
    "SR_YTD": "sum from January of M's year through M",
    "SR_YTD_LAST_YEAR": "the same span as SR_YTD one year earlier",
    "SR_TARGET": "the team's target for M: the Targets rows for M with blank sales_rep, segment, "
                 "category and region; where there are none, the sum of the per-rep rows for M with blank "
                 "segment and category; where there are none either, the sum of the per-region rows for M "
                 "with blank sales_rep, segment and category (targets set by region only)",
    "SR_ATTAINMENT": "SR_SALES_MONTH / SR_TARGET",
    "SR_NEW_CUSTOMERS": "customers whose first order ever (in Sales) is dated in M",
    "SR_CHURNED_CUSTOMERS": "customers marked Churned with churn_date in M, plus customers not marked "
                            "churned (as of the end of M) whose last order (on or before the end of M) plus "
                            "their churn line falls in M — they crossed it this month; the line is "
                            "`churn_days`, for a customer that has reordered at least twice its own usual "
                            "gap and longer than its longest gap; each customer counted once",
    "SR_SATISFACTION": "mean `score` of Feedback rows dated in M",
    "SR_ACTIVITIES": "number of Activities rows dated in M",
    "SR_NEXT_TARGET": "the team's target for the month after M (same rule as SR_TARGET)",
    "SR_FORECAST": "the forecast of sales in the month after M",
}

# The figures this module fills; SR_NEXT_TARGET and SR_FORECAST come from the plan section.
SECTION_FIGURES = tuple(n for n in FIGURE_NAMES if n not in ("SR_NEXT_TARGET", "SR_FORECAST"))


def headline_figures(sales: SalesSection, team: TeamSection, customers: CustomersSection) -> dict[str, Any]:
    """The SR_* figures owned by the sales, team and customer sections, keyed by name in report order.

    - SR_SALES_MONTH: sum of `amount` of Sales rows dated in M (returns, negative, included)
    - SR_SALES_PREV_MONTH / SR_SALES_LAST_YEAR: the same for the month before M / for M one year earlier
    - SR_MOM / SR_YOY: SR_SALES_MONTH / that figure − 1; empty (None) where the base is 0 or missing
    - SR_YTD / SR_YTD_LAST_YEAR: sum from January of M's year through M / the same span one year earlier
    - SR_TARGET: the team's target for M: the Targets rows for M with blank sales_rep, segment, category
      and region; where there are none, the sum of the per-rep rows for M with blank segment and
      category; where there are none either, the sum of the per-region rows for M with blank sales_rep,
      segment and category (None when there are none of these)
    - SR_ATTAINMENT: SR_SALES_MONTH / SR_TARGET (None without a target, or with a zero target)
    - SR_NEW_CUSTOMERS: customers whose first order ever (in Sales) is dated in M
    - SR_CHURNED_CUSTOMERS: customers marked Churned with churn_date in M, plus customers not marked
      churned (as of the end of M) whose last order (on or before the end of M) plus their churn line
      falls in M — they crossed it this month; the line is `churn_days`, for a customer that has
      reordered at least twice its own usual gap and longer than its longest gap (compute/cadence.py);
      each customer counted once
    - SR_SATISFACTION: mean `score` of Feedback rows dated in M (None when there are none)
    - SR_ACTIVITIES: number of Activities rows dated in M (None when the workbook has no activities)
    """
    activities = team.activities
    return {
        "SR_SALES_MONTH": sales.month_total,
        "SR_SALES_PREV_MONTH": sales.prev_month_total,
        "SR_SALES_LAST_YEAR": sales.last_year_total,
        "SR_MOM": sales.mom,
        "SR_YOY": sales.yoy,
        "SR_YTD": sales.ytd,
        "SR_YTD_LAST_YEAR": sales.ytd_last_year,
        "SR_TARGET": team.target,
        "SR_ATTAINMENT": team.attainment,
        "SR_NEW_CUSTOMERS": len(customers.new_customers),
        "SR_CHURNED_CUSTOMERS": len(customers.churned),
        "SR_SATISFACTION": customers.satisfaction.mean,
        "SR_ACTIVITIES": activities.total if activities.available else None,
    }
