"""A hand-built ReportModel for layout and writer tests (no compute involved).

Figures are small round numbers so expected cells can be worked out by hand:
  sales this month 123 456, last month 100 000, same month last year 150 000
  MoM = 123456/100000 - 1 = 0.23456 ; YoY = 123456/150000 - 1 = -0.17696
  target 120 000 -> attainment 123456/120000 = 1.0288
  bridge 100 000 -> 123 456: volume 15 000 + price 3 456 + new 20 000 + returning 0 - lost 10 000
                             - returns 5 000 = 23 456
  backtest: 2025-02 forecast 110 000 / actual 100 000 - 1 = +0.1, 2025-03 111 110.4 / 123 456 - 1 = -0.1;
            MAPE (0.1 + 0.1) / 2 = 0.1
"""
from __future__ import annotations

import datetime as dt

from salesreport_xl.compute.model import (
    ActivitySection, ActivityTypeRow, AtRiskRow, BreakdownRow, ChecksSection, CheckRow, ChurnRow,
    CommentRow, CustomerDrop, CustomerGroupRow, CustomersSection, FeedbackExcerpt, FollowUp, Meta,
    NewCustomerRow, OutcomeRow, PlanSection, ProblemsSection, ReasonAnalysis, ReasonCount, RepActivityRow,
    RepRow, ReportModel, SalesSection, SatisfactionSection, ScoreCount, SegmentAttainment, Sentence,
    StageRow, StalledDeal, SummarySection, TeamSection, TopCustomerRow, TopicRow, TrendPoint,
    UnderperformerRow, ChannelShift, ColumnReadRow, Phrase, amount, change, choice, count, percent,
    BacktestMonth, BelowUsualRow, CloseMonthRow, number, Bridge, BridgeChurn, BridgeStep, ForecastAccuracy, FunnelRow, Pareto, ParetoClass,
    RegionAttainment, Action, Driver, KpiTrend, group, signed_amount, word,
)

MONTH_SALES = 123456.0
PREV_SALES = 100000.0
LY_SALES = 150000.0


def _months():
    out = []
    y, m = 2024, 3
    for _ in range(13):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def make_model(lang: str = "en", *, company: str = "Acme & Co", team: str = "East Team",
               display_unit: int = 10000, currency: str = "¥", mom=0.23456,
               evil_name: str = "=1+1") -> ReportModel:
    zh = lang == "zh"
    months = _months()                              # 2024-03 .. 2025-03
    trend = [TrendPoint(m, 90000.0 + 2000 * i, 80000.0 + 1500 * i) for i, m in enumerate(months)]
    trend[-1] = TrendPoint("2025-03", MONTH_SALES, LY_SALES)
    trend[-2] = TrendPoint("2025-02", PREV_SALES, 95000.0)
    meta = Meta(month="2025-03", prev_month="2025-02", last_year_month="2024-03", next_month="2025-04",
                company=company, team=team, currency=currency, display_unit=display_unit,
                unit_label="", language=lang, version="0.1.0", built_at="2025-04-02T09:00:00",
                data_from=dt.date(2023, 1, 2), data_to=dt.date(2025, 3, 31))
    figures = {
        "SR_SALES_MONTH": MONTH_SALES, "SR_SALES_PREV_MONTH": PREV_SALES, "SR_SALES_LAST_YEAR": LY_SALES,
        "SR_MOM": mom, "SR_YOY": -0.17696, "SR_YTD": 330000.0, "SR_YTD_LAST_YEAR": 300000.0,
        "SR_TARGET": 120000.0, "SR_ATTAINMENT": 1.0288, "SR_NEW_CUSTOMERS": 2, "SR_CHURNED_CUSTOMERS": 1,
        "SR_SATISFACTION": 4.25, "SR_ACTIVITIES": 12, "SR_NEXT_TARGET": 130000.0, "SR_FORECAST": 125000.0,
    }
    cats = [
        BreakdownRow("Audio", 80000.0, 60000.0, 100000.0, 1 / 3, -0.2, 80000 / MONTH_SALES, True),
        BreakdownRow("Video", 43456.0, 40000.0, 50000.0, 0.0864, -0.13088, 43456 / MONTH_SALES, False),
    ]
    products = [
        BreakdownRow(evil_name, 50000.0, 30000.0, 0.0, 2 / 3, None, 50000 / MONTH_SALES, True, "Audio"),
        BreakdownRow("Speaker S", 30000.0, 30000.0, 100000.0, 0.0, -0.7, 30000 / MONTH_SALES, True, "Audio"),
        BreakdownRow("Camera C", 43456.0, 40000.0, 50000.0, 0.0864, -0.13088, 43456 / MONTH_SALES, False, "Video"),
    ]
    segs = [
        BreakdownRow("Key Account", 90000.0, 70000.0, 110000.0, 2 / 7, -2 / 11, 90000 / MONTH_SALES),
        BreakdownRow("SMB", 33456.0, 30000.0, 40000.0, 0.1152, -0.1636, 33456 / MONTH_SALES),
    ]
    chans = [
        BreakdownRow("Online", 60000.0, 50000.0, 70000.0, 0.2, -1 / 7, 60000 / MONTH_SALES),
        BreakdownRow("Offline", 63456.0, 50000.0, 80000.0, 0.26912, -0.2068, 63456 / MONTH_SALES),
    ]
    nvr = [
        BreakdownRow("new", 20000.0, 10000.0, 15000.0, 1.0, 1 / 3, 20000 / MONTH_SALES),
        BreakdownRow("repeat", 103456.0, 90000.0, 135000.0, 0.14951, -0.23366, 103456 / MONTH_SALES),
    ]
    sales = SalesSection(MONTH_SALES, PREV_SALES, LY_SALES, mom, -0.17696, 330000.0, 300000.0, 0.1, 42,
                         trend, cats, products, segs, chans, nvr, True, True,
                         by_region=[BreakdownRow("North", 70000.0, 60000.0, 90000.0, 1 / 6, -2 / 9,
                                                 70000 / MONTH_SALES, False),
                                    BreakdownRow("South", 53456.0, 40000.0, 60000.0, 0.3364, -0.10907,
                                                 53456 / MONTH_SALES, True)],
                         region_attainment=[RegionAttainment("North", 60000.0, 70000.0, 70000 / 60000),
                                            RegionAttainment("South", 60000.0, 53456.0, 53456 / 60000)],
                         # volume + price + returns = 15 000 + 8 456 - 5 000 = 18 456;
                         # by customer 20 000 + 0 - 10 000 + 8 456 = 18 456
                         bridge=Bridge(PREV_SALES, MONTH_SALES, [
                             BridgeStep("volume", 15000.0), BridgeStep("price", 8456.0),
                             BridgeStep("returns", -5000.0)],
                             by_customer=[BridgeStep("new_customers", 20000.0, 3),
                                          BridgeStep("returning_customers", 0.0, 0),
                                          BridgeStep("not_ordering", -10000.0, 4),
                                          BridgeStep("both_months", 8456.0, 30)],
                             reorder_days=45.0,
                             churned=[BridgeChurn("C9", "Gamma Ltd", "Price", -6000.0)]),
                         has_regions=True, region_basis="customers", segment_basis="customers",
                         channel_basis="sales")
    reps = [
        RepRow("Li Lei", 60000.0, 70000.0, 70000 / 60000, 1, 50000.0, 0.4, 20, 3500.0, 1),
        RepRow("Han Mei", 60000.0, 53456.0, 53456 / 60000, 2, 50000.0, 0.06912, 22, 2429.818, 1),
    ]
    acts = ActivitySection(
        True, 12, 10, 0.2,
        [ActivityTypeRow("Meeting", 5, 4, 0.25, 20, 2), ActivityTypeRow("Call", 7, 6, 1 / 6, 7, 1)],
        9, 27, [OutcomeRow("Won", 3, 0.25), OutcomeRow("Follow-up", 9, 0.75)], 0.25,
        [RepActivityRow("Li Lei", 7, 5, 2, 2 / 7), RepActivityRow("Han Mei", 5, 4, 1, 0.2)],
        9, 6, 6 / 9,
        [FeedbackExcerpt(dt.date(2025, 3, 5), "Li Lei", "C001", "Meeting", "Won", "Wants a bulk discount")],
    )
    team_sec = TeamSection(120000.0, MONTH_SALES, 1.0288, 3456.0,
                           [SegmentAttainment("Key Account", 80000.0, 90000.0, 1.125)], reps, acts, True)
    customers = CustomersSection(
        top_customers=[TopCustomerRow("C001", "Big Buyer Ltd", "Key Account", 60000.0, 50000.0, 0.2, 60000 / MONTH_SALES),
                       TopCustomerRow("C002", "+cmd|calc", "SMB", 20000.0, 0.0, None, 20000 / MONTH_SALES)],
        top_share=80000 / MONTH_SALES,
        groups=[CustomerGroupRow("new", 2, 3, 20000.0, 20000 / 3), CustomerGroupRow("repeat", 10, 39, 103456.0, 103456 / 39)],
        new_customers=[NewCustomerRow("C002", "+cmd|calc", "SMB", dt.date(2025, 3, 10), 20000.0, "Han Mei")],
        churned=[ChurnRow("C009", "Gone Co", "SMB", "marked", dt.date(2025, 3, 15), dt.date(2024, 12, 1), "Price", 12000.0)],
        churn_reasons=[ReasonCount("Price", 1), ReasonCount("Service", 2)],
        at_risk=[AtRiskRow("C003", "Slow Corp", 10000.0, 30000.0, -2 / 3, 50, 20000.0, "drop+silent", "Li Lei")],
        satisfaction=SatisfactionSection(
            True, 4.25, 4, [ScoreCount(1, 0, 0.0), ScoreCount(2, 0, 0.0), ScoreCount(3, 1, 0.25),
                            ScoreCount(4, 1, 0.25), ScoreCount(5, 2, 0.5)],
            4.0, 0.25, [TopicRow("Product", 3, 4.0), TopicRow("Delivery", 1, 5.0)],
            [CommentRow(dt.date(2025, 3, 3), "C001", 3, "Product", "Late manual")],
            [CommentRow(dt.date(2025, 3, 8), "C003", 5, "Delivery", "Fast delivery")],
        ),
        has_customers_sheet=True,
        pareto=Pareto(0.6, 5, 1, [ParetoClass("A", 2, 0.4, 100000.0, 100000 / MONTH_SALES),
                                   ParetoClass("B", 2, 0.4, 18456.0, 18456 / MONTH_SALES),
                                   ParetoClass("C", 1, 0.2, 5000.0, 5000 / MONTH_SALES)],
                      1, [BelowUsualRow("C001", "Big Buyer Ltd", 60000.0, 70000.0, 60000 / 70000 - 1)]),
        product_pareto=Pareto(0.5, 3, 1, [ParetoClass("A", 2, 2 / 3, 93456.0, 93456 / MONTH_SALES),
                                           ParetoClass("B", 1, 1 / 3, 30000.0, 30000 / MONTH_SALES),
                                           ParetoClass("C", 0, 0.0, 0.0, 0.0)]),
    )
    problems = ProblemsSection(
        underperformers=[UnderperformerRow("product", "Speaker S", "Audio", 30000.0, "baseline", 50000.0, -20000.0, -0.4)],
        reasons=[ReasonAnalysis("Speaker S", "product", -20000.0, -15000.0, -5000.0,
                                [CustomerDrop("C003", "Slow Corp", 12000.0, 2000.0, -10000.0)],
                                [ChannelShift("Online", 0.6, 0.4)])],
        problems_note=["Speaker sales fell short."], root_causes_note=["A competitor cut prices."],
        bottlenecks_note=["Approvals take too long."],
        stages=[StageRow("Proposal", 4, 10.0, 12.0, 3, 8.0, 9.0), StageRow("Approval", 3, 21.0, 25.0, 2, 14.0, 15.0, True)],
        slowest_stage="Approval",
        stalled=[StalledDeal("D7", "C003", "Li Lei", "Approval", dt.date(2025, 1, 20), 70, 40000.0)],
        has_pipeline=True,
        funnel=[FunnelRow("Proposal", 4, 2, 0, 1, 0.5, 5, 0.6), FunnelRow("Approval", 3, 1, 1, 0, 2 / 3, 2, 0.5)],
        win_rate=0.5, prev_win_rate=0.4,
    )
    plan = PlanSection(
        next_month="2025-04", next_target=130000.0, forecast=125000.0,
        forecast_method="run_rate",
        forecast_method_phrase=Phrase("s_fc_run_rate", {"run_rate": amount(125000.0), "n": count(3),
                                                        "months": Phrase("s_span", {"first": "2025-01",
                                                                                    "last": "2025-03"})}),
        gap=-5000.0, open_pipeline_value=250000.0, open_deals=7,
        follow_ups=[FollowUp("at_risk", "Slow Corp", [Phrase("s_fu_drop", {"change": change(-0.67)})], 20000.0,
                             "Li Lei"),
                    FollowUp("stalled", "D7", Phrase("s_fu_stalled_no_customer", {
                        "stage": choice("stage", "Approval"), "days": count(70, "day")}), 40000.0, "Li Lei")],
        next_month_plan_note=["Visit the top 10 accounts."], strategy_note=["Bundle speakers with cameras."],
        training_note=["Product training on Speaker S."],
        forecast_accuracy=ForecastAccuracy("run_rate", [BacktestMonth("2025-02", 110000.0, 100000.0, 0.1),
                                                         BacktestMonth("2025-03", 111110.4, 123456.0, -0.1)], 0.1),
        forecast_alternatives=[ForecastAccuracy("run_rate_x_seasonal", [], 0.12),
                               ForecastAccuracy("last_year_x_trend", [], 0.15), ForecastAccuracy("run_rate", [], 0.1)],
        forecast_accuracy_phrase=Phrase("s_fc_accuracy", {"mape": percent(0.1), "n": count(2)}),
        # the 7 open deals (250 000) by expected close month: D7 (40 000, stalled) overdue, 3 deals 120 000 in
        # April, 2 deals 60 000 in May, 1 deal 30 000 in June; no closed deals to weigh with
        pipeline_by_close_month=[CloseMonthRow("overdue", None, 1, 40000.0, None),
                                 CloseMonthRow("month", "2025-04", 3, 120000.0, None),
                                 CloseMonthRow("month", "2025-05", 2, 60000.0, None),
                                 CloseMonthRow("month", "2025-06", 1, 30000.0, None)],
        # 120 000 / 130 000 = 0.92
        closing_phrase=Phrase("s_pl_closing_overdue", {
            "closing": Phrase("s_pl_closing", {"month": "2025-04", "amount": amount(120000.0),
                                               "deals": count(3, "deal"), "coverage": number(120000.0 / 130000.0, 2)}),
            "amount": amount(40000.0), "deals": count(1, "deal")}),

        suggestions=[Sentence("suggest_at_risk", Phrase("s_sg_at_risk", {"count": count(1, "key_account"), "amount": amount(20000.0)}),
                              1, "count(customers.at_risk)", "bad")],
    )
    highlights = [
        Sentence("sales_month", Phrase("s_hl_sales_mom_yoy", {"amount": amount(MONTH_SALES), "mom": change(mom),
                                                              "yoy": change(-0.17696)}),
                 MONTH_SALES, "SR_SALES_MONTH", "good"),
        Sentence("attainment", Phrase("s_hl_attainment", {"pct": percent(1.0288), "actual": amount(MONTH_SALES),
                                                          "target": amount(120000.0)}),
                 1.0288, "SR_ATTAINMENT", "good"),
        Sentence("customers", Phrase("s_hl_customers", {"new": count(2, "new_customer"), "churned": count(1, "customer")}),
                 2, "SR_NEW_CUSTOMERS", "neutral"),
    ]
    # Page 1: target 120 000 -> 123 456 is 3 456 above it; Audio 80 000 against 60 000 last month: +20 000.
    happened = [
        Sentence("vs_target", Phrase("s_wh_target_above", {"amount": amount(MONTH_SALES), "pct": percent(1.0288),
                                                           "target": amount(120000.0), "gap": amount(3456.0)}),
                 1.0288, "SR_ATTAINMENT", "good"),
        Sentence("vs_last_year", Phrase("s_wh_last_year", {"yoy": change(-0.17696), "ly": amount(LY_SALES)}),
                 -0.17696, "SR_YOY", "bad"),
    ]
    drivers = [Driver("category", "Audio", "last_month", 80000.0, 60000.0, 20000.0,
                      Phrase("s_dr_last_month", {"name": group("Audio"), "dimension": word("s_dim_category"),
                                                 "amount": signed_amount(20000.0), "actual": amount(80000.0),
                                                 "base": amount(60000.0)}))]
    actions = [Action("stalled", "D7", "Li Lei", 40000.0,
                      Phrase("s_act_owner", {"owner": "Li Lei", "action": Phrase("s_act_stalled", {
                          "subject": "D7", "amount": amount(40000.0), "detail": plan.follow_ups[1].detail_phrase})}))]
    # The tiles' trends: sales as the trend table has them; MoM from the same months.
    sales_trend = [t.sales for t in trend]
    trends = [KpiTrend("SR_SALES_MONTH", sales_trend),
              KpiTrend("SR_MOM", [None] + [b / a - 1 for a, b in zip(sales_trend, sales_trend[1:])])]
    summary = SummarySection(highlights, ["A strong month for audio."],
                             [Phrase("s_concl_open", {"amount": amount(MONTH_SALES)}), Phrase("s_concl_end")],
                             happened=happened, drivers=drivers, actions=actions, trend_months=months,
                             kpi_trends=trends)
    checks = ChecksSection([CheckRow("warning", "Sales", "J12", 'amount "abc" is not a number', '金额 "abc" 不是数字'),
                            CheckRow("info", "Sales", "", "1 extra column ignored", "忽略 1 个多余列")],
                           {"Sales": 420, "Customers": 30}, 0, 1, 1,
                           [ColumnReadRow("Sales", "sales", "amount", "Total Price", "I", "recognised"),
                            ColumnReadRow("Sales", "sales", "sales_rep", "Owner", "D", "mapped")])
    return ReportModel(meta, figures, summary, sales, team_sec, customers, problems, plan, checks)
