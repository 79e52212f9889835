"""Generated sentences (highlights, suggestions, follow-ups, forecast method, conclusion), en / zh.

Keys start with "s_". Placeholders are filled with numbers already formatted by `i18n.numbers`
(amounts in the display unit, percentages with a sign), so a template never formats numbers itself.
The Chinese wording follows the seed guide (本月总销售额、环比、同比、目标完成率、万元 …) and its
punctuation is Chinese (full-width ，：；（）), as every Chinese reader expects.

Plurals are the catalogue's: a counted noun is a pair of templates `n_<noun>_one` / `n_<noun>_other`
("1 new customer", "3 new customers"), chosen by i18n.phrasing from the count (compute tags a count
with its noun: `count(n, "customer")`). Chinese has no plural: both forms are "{n}" and the measure
word stays in the sentence ("新增客户{new}个").
"""

EN = {
    # joining words
    "s_list_sep": "; ",
    "s_items_sep": ", ",
    "s_span": "{first} to {last}",
    "s_basis_target": "target",
    "s_basis_baseline": "baseline (recent average)",

    # counted nouns (see the module docstring)
    "n_new_customer_one": "{n} new customer", "n_new_customer_other": "{n} new customers",
    "n_customer_one": "{n} customer", "n_customer_other": "{n} customers",
    "n_key_account_one": "{n} key account", "n_key_account_other": "{n} key accounts",
    "n_deal_one": "{n} deal", "n_deal_other": "{n} deals",
    "n_stalled_deal_one": "{n} stalled deal", "n_stalled_deal_other": "{n} stalled deals",
    "n_response_one": "{n} response", "n_response_other": "{n} responses",
    "n_gap_one": "{n} reorder gap", "n_gap_other": "{n} reorder gaps",
    "n_stage_one": "{n} finished stage", "n_stage_other": "{n} finished stages",
    "n_day_one": "{n} day", "n_day_other": "{n} days",
    "n_order_one": "{n} order", "n_order_other": "{n} orders",

    # highlights (一 摘要)
    "s_hl_sales": "Total sales this month: {amount}.",
    "s_hl_sales_mom": "Total sales this month: {amount}, {mom} month on month.",
    "s_hl_sales_yoy": "Total sales this month: {amount}, {yoy} year on year.",
    "s_hl_sales_mom_yoy": "Total sales this month: {amount}, {mom} month on month and {yoy} year on year.",
    "s_hl_no_sales": "No sales are recorded this month; the Sales data covers {first} to {last}.",
    "s_hl_attainment": "Target attainment: {pct} ({actual} against a target of {target}).",
    "s_hl_no_target": "No team target is set for this month, so attainment is not available.",
    "s_hl_reps_below": "Furthest below target: {reps}.",
    "s_rep_below": "{rep} at {pct} of {target} ({gap} short)",
    "s_hl_customers": "{new} placed a first order this month; {churned} churned.",
    "s_hl_mover_up": "{name} grew the most: up {delta} on last month to {amount} ({mom}).",
    "s_hl_mover_down": "{name} fell the most: down {delta} on last month to {amount} ({mom}).",
    "s_hl_shortfall": "{name} fell short of its {basis} by {gap} ({actual} against {expected}, {gap_pct}){why}.",
    "s_why_parts": "; in parts: {parts}",
    "s_why_parts_customer": "; in parts: {parts} ({customer} alone bought {amount} less)",
    "s_part_volume": "volume {amount}",
    "s_part_price": "price and mix {amount}",
    "s_part_change": "sales on the usual months {amount}",
    "s_part_target_above": "the target above the usual months {amount}",
    "s_part_target_below": "the target below the usual months {amount}",
    "s_hl_margin": "The margin of {name} fell to {margin} from {before} ({points} points), {profit} of profit this month.",
    "s_hl_profit": "Profit {profit}, a margin of {margin}.",
    "s_hl_profit_before": "Profit {profit}, a margin of {margin} against {before} last month.",
    "s_hl_at_risk": "{count} at risk, with {amount} of revenue per 3 months at risk; the largest is {name} ({top}).",
    "s_hl_stage": "Slowest pipeline stage: {stage}, a median of {days} days in stage ({deals}).",
    "s_hl_satisfaction": "Customer satisfaction: {score} out of 5 from {responses}{change}.",
    "s_hl_satisfaction_change": ", {delta} points on last month",

    # the rules a reader needs beside a table
    "s_rule_judged": ("Judged only where the expectation is reliable (a target, or sales in at least 3 of the "
                      "4 baseline months, 3 orders a month) and material (expected at least {floor}, {share} of the team's "
                      "month); ranked by the shortfall in money."),
    "s_rule_churn_auto": ("Churned here: no order for {days} days, longer than {share} of this team's gaps "
                          "between two orders of one customer ({gaps})."),
    "s_rule_churn_default": "Churned here: no order for {days} days (no reorders yet to learn the team's rhythm from).",
    "s_rule_churn_own": ("{rule} A customer with a slower rhythm of its own is churned only when silent for twice "
                         "its usual gap between orders and for longer than its longest gap so far."),
    "s_rule_churn_set": "Churned here: no order for {days} days (Settings).",
    "s_rule_churn_set_short": ("Churned here: no order for {days} days (Settings) — but this team's customers "
                               "reorder every {median} days (the median gap): most of them are between orders."),
    "s_rule_stalled_set_short": ("Stalled here: open in one stage for more than {days} days (Settings) — but a "
                                 "deal usually spends {median} days in a stage (the median): most of them are on time."),
    "s_rule_stalled_auto": ("Stalled here: open in one stage for more than {days} days, longer than {share} of "
                            "this pipeline's finished stages ({stages})."),
    "s_rule_stalled_default": "Stalled here: open in one stage for more than {days} days (no finished stages yet to learn from).",
    "s_rule_stalled_set": "Stalled here: open in one stage for more than {days} days (Settings).",

    # comparisons that are not available
    "s_na_last_year": "Last year's month is n/a: the Sales data starts in {first}.",
    "s_na_ytd_last_year": "Last year's YTD is n/a: the Sales data starts in {first}, after January of last year.",

    # conclusion (七 总结)
    "s_concl_open": "Overall, sales reached {amount} this month",
    "s_concl_mom": ", {mom} on last month",
    "s_concl_att": ", {pct} of target",
    "s_concl_end": ".",
    "s_concl_no_sales": "There were no sales this month.",
    "s_concl_focus": " Areas to watch: {items}.",
    "s_focus_underperformer": "{name} ({gap} short)",
    "s_focus_margin": "the margin of {name}",
    "s_focus_stage": "the {stage} stage",
    "s_focus_at_risk": "{count} at risk ({amount} per 3 months)",
    "s_focus_stalled": "{count}",
    "s_concl_next": " Next month's target is {target}; the forecast is {forecast}.",
    "s_concl_next_no_target": " The forecast for next month is {forecast}.",
    "s_concl_close": " The plan above turns these findings into actions for next month.",

    # forecast method (六)
    "s_fc_seasonal": ("run rate {run_rate} (mean of {months}) × last year's seasonal index {index} "
                      "(sales of {ly_month} ÷ mean of {ly_months})"),
    "s_fc_run_rate": ("run rate: mean monthly sales of {months} ({run_rate}); no seasonal index, "
                      "as last year's history is missing"),
    "s_fc_none": "no forecast: there are no sales up to this month",
    "s_fc_last_year_trend": ("sales of {ly_month} a year earlier × this year's trend {trend} "
                             "(sales of {months} ÷ sales of {ly_months})"),
    "s_fc_accuracy": "This method was within {mape} on average over the last {n} months (mean absolute percentage error).",
    "s_fc_name_run_rate_x_seasonal": "run rate × seasonal index",
    "s_fc_name_last_year_x_trend": "last year × trend",
    "s_fc_name_run_rate": "3-month mean (run rate)",

    # follow-ups (六)
    "s_fu_drop": "last 3 months {change} against the 3 before",
    "s_fu_silent": "{days} without an order",
    "s_fu_silent_usual": "{days} without an order, usually {usual} between orders",
    "s_fu_drop_order": "last order {change} against the one before",
    "s_fu_drop_orders": "last {orders} {change} against as many before",
    "s_fu_stalled": "in {stage} for {days} (customer {customer})",
    "s_fu_stalled_no_customer": "in {stage} for {days}",

    # suggestions (六)
    "s_sg_underperformer": ("{name} is {gap} ({gap_pct}) short of its {basis}: run a targeted promotion and "
                            "refresh the team's product knowledge and selling skills for it."),
    "s_sg_pricing": "Prices of {name} explain most of the drop ({amount} price/mix effect): review discounts and the product mix.",
    "s_sg_margin": "The margin of {name} fell to {margin} from {before}: review its discounts, costs and product mix.",
    "s_sg_stage": ("{stage} is the slowest pipeline stage (median {days} days): streamline its steps "
                   "and approvals and improve system support."),
    "s_sg_stalled": ("Review with their owners the open deals that have sat in one stage for more than "
                     "{limit} ({count}, {amount}) and agree the next step for each."),
    "s_sg_at_risk": "Visit {count} at risk ({amount} of revenue per 3 months at risk) and agree a retention plan.",
    "s_sg_satisfaction": "Satisfaction with {topic} is low ({score} of 5): fix the cause and call back the customers who raised it.",
    "s_sg_forecast_gap": ("The forecast is {gap} short of next month's target: plan more sales activities "
                          "and push the open pipeline ({pipeline})."),
    "s_sg_forecast_gap_no_pipeline": ("The forecast is {gap} short of next month's target: plan more sales "
                                      "activities and push the open deals."),
    # the plan's open deals by expected close month (compute/future_plans.py)
    "s_pl_closing": "Deals expected to close in {month}: {amount} ({deals}), {coverage}× next month's target.",
    "s_pl_closing_no_target": "Deals expected to close in {month}: {amount} ({deals}).",
    "s_pl_closing_overdue": ("{closing} Overdue: {deals} still open past their close date ({amount}) — "
                             "update their dates or close them."),
    # page 1, the director's page (compute/director.py): what happened, why, what to do
    "s_wh_target_below": "Sales {amount}: {pct} of the {target} target, {gap} short.",
    "s_wh_target_above": "Sales {amount}: {pct} of the {target} target, {gap} above it.",
    "s_wh_last_month": "Sales {amount}: {mom} on last month ({prev}).",
    "s_wh_sales": "Sales {amount}.",
    "s_wh_mom": "Against last month: {mom} ({prev} then).",
    "s_wh_lost_marked_reason": ("Key account lost this month: {customer}, {amount} of sales over the last 12 months "
                                "({share} of the team's), marked churned on {date} ({reason})."),
    "s_wh_lost_marked": ("Key account lost this month: {customer}, {amount} of sales over the last 12 months "
                         "({share} of the team's), marked churned on {date}."),
    "s_wh_lost_inferred": ("Key account lost this month: {customer}, {amount} of sales over the last 12 months "
                           "({share} of the team's), no order since {last_order}."),
    "s_wh_last_year": "Against the same month last year: {yoy} ({ly} then).",
    "s_wh_ytd": "Year to date {ytd}: {change} on the same months last year ({ly}).",
    "s_wh_season_high": ("{month} is a high month for this team: in {years} it brought {index}× the sales of a "
                         "usual month, so it compares with last year's {month} rather than with last month."),
    "s_wh_season_low": ("{month} is a low month for this team: in {years} it brought {index}× the sales of a "
                        "usual month, so it compares with last year's {month} rather than with last month."),
    "s_wh_season_after_high": ("{month} is a high month for this team: in {years} it brought {index}× the sales of "
                               "a usual month, so {next} compares with last year's {next} rather than with {month}."),
    "s_wh_season_after_low": ("{month} is a low month for this team: in {years} it brought {index}× the sales of "
                              "a usual month, so {next} compares with last year's {next} rather than with {month}."),
    "s_month_1": "January", "s_month_2": "February", "s_month_3": "March", "s_month_4": "April",
    "s_month_5": "May", "s_month_6": "June", "s_month_7": "July", "s_month_8": "August",
    "s_month_9": "September", "s_month_10": "October", "s_month_11": "November", "s_month_12": "December",
    "s_dim_rep": "rep", "s_dim_category": "category", "s_dim_region": "region", "s_dim_channel": "channel",
    "s_dim_segment": "customer segment",
    "s_dr_target": "{name} ({dimension}): {amount} against its target ({actual} against {base}).",
    "s_dr_last_month": "{name} ({dimension}): {amount} on last month ({actual} against {base}).",
    "s_dr_last_year": "{name} ({dimension}): {amount} on the same month last year ({actual} against {base}).",
    "s_act_at_risk": "Visit {subject}: {amount} of sales per 3 months at risk ({detail}).",
    "s_act_stalled": "Move deal {subject} on: {amount}, {detail}.",
    "s_act_owner": "{action} Owner: {owner}.",
    "s_customer_with_id": "{name} ({id})",
}

ZH = {
    "s_list_sep": "；",
    "s_items_sep": "、",
    "s_span": "{first}至{last}",
    "s_basis_target": "目标",
    "s_basis_baseline": "基准（近期均值）",

    "n_new_customer_one": "{n}", "n_new_customer_other": "{n}",
    "n_customer_one": "{n}", "n_customer_other": "{n}",
    "n_key_account_one": "{n}", "n_key_account_other": "{n}",
    "n_deal_one": "{n}", "n_deal_other": "{n}",
    "n_stalled_deal_one": "{n}", "n_stalled_deal_other": "{n}",
    "n_response_one": "{n}", "n_response_other": "{n}",
    "n_gap_one": "{n}", "n_gap_other": "{n}",
    "n_stage_one": "{n}", "n_stage_other": "{n}",
    "n_day_one": "{n}天", "n_day_other": "{n}天",
    "n_order_one": "{n}", "n_order_other": "{n}",

    "s_hl_sales": "本月总销售额{amount}。",
    "s_hl_sales_mom": "本月总销售额{amount}，环比{mom}。",
    "s_hl_sales_yoy": "本月总销售额{amount}，同比{yoy}。",
    "s_hl_sales_mom_yoy": "本月总销售额{amount}，环比{mom}，同比{yoy}。",
    "s_hl_no_sales": "本月没有销售记录；销售明细覆盖{first}至{last}。",
    "s_hl_attainment": "本月目标完成率{pct}：完成{actual}，目标{target}。",
    "s_hl_no_target": "本月未设定团队目标，目标完成率无法计算。",
    "s_hl_reps_below": "距目标最远的销售人员：{reps}。",
    "s_rep_below": "{rep}完成{pct}（目标{target}，缺口{gap}）",
    "s_hl_customers": "本月新增客户{new}个，流失客户{churned}个。",
    "s_hl_mover_up": "增长最多的产品类别为{name}：较上月增加{delta}，达到{amount}（环比{mom}）。",
    "s_hl_mover_down": "下降最多的产品类别为{name}：较上月减少{delta}，为{amount}（环比{mom}）。",
    "s_hl_shortfall": "{name}低于{basis}{gap}（实际{actual}，预期{expected}，{gap_pct}）{why}。",
    "s_why_parts": "；其中：{parts}",
    "s_why_parts_customer": "；其中：{parts}（仅{customer}就少购买{amount}）",
    "s_part_volume": "销量{amount}",
    "s_part_price": "价格与结构{amount}",
    "s_part_change": "销售额较往常月份{amount}",
    "s_part_target_above": "目标高于往常月份{amount}",
    "s_part_target_below": "目标低于往常月份{amount}",
    "s_hl_margin": "{name}毛利率由{before}降至{margin}（{points}个百分点），本月利润{profit}。",
    "s_hl_profit": "利润{profit}，毛利率{margin}。",
    "s_hl_profit_before": "利润{profit}，毛利率{margin}（上月{before}）。",
    "s_hl_at_risk": "{count}个大客户存在流失风险，涉及每3个月销售额{amount}；其中最大的是{name}（{top}）。",
    "s_hl_stage": "销售流程瓶颈：{stage}环节，停留天数中位数{days}天（涉及{deals}个商机）。",
    "s_hl_satisfaction": "客户满意度评分{score}分（满分5分），共{responses}份反馈{change}。",
    "s_hl_satisfaction_change": "，较上月{delta}分",

    "s_rule_judged": ("仅判断预期可靠（有目标，或在4个基准月中至少3个月有销售、月均至少3笔订单）且金额重要（预期不低于{floor}，"
                      "即团队当月销售额的{share}）的项目；按缺口金额排序。"),
    "s_rule_churn_auto": "此处流失指{days}天未下单：长于本团队{share}的客户复购间隔（共{gaps}个间隔）。",
    "s_rule_churn_default": "此处流失指{days}天未下单（尚无复购记录可供推算）。",
    "s_rule_churn_own": "{rule}自身复购节奏较慢的客户，须超过其通常复购间隔的2倍、且长于其以往最长间隔未下单，才计为流失。",
    "s_rule_churn_set": "此处流失指{days}天未下单（按设置）。",
    "s_rule_churn_set_short": "此处流失指{days}天未下单（按设置）；但本团队客户通常每{median}天复购一次（间隔中位数）：其中多数客户只是尚未到下次下单。",
    "s_rule_stalled_set_short": "此处停滞指在一个阶段停留超过{days}天（按设置）；但商机在一个阶段通常停留{median}天（中位数）：其中多数商机进度正常。",
    "s_rule_stalled_auto": "此处停滞指在同一阶段超过{days}天：长于本商机流程{share}的已完成阶段（共{stages}个）。",
    "s_rule_stalled_default": "此处停滞指在同一阶段超过{days}天（尚无已完成的阶段可供推算）。",
    "s_rule_stalled_set": "此处停滞指在同一阶段超过{days}天（按设置）。",

    "s_na_last_year": "去年同期无法计算：销售明细从{first}开始。",
    "s_na_ytd_last_year": "去年同期累计无法计算：销售明细从{first}开始，晚于去年1月。",

    "s_concl_open": "总体来看，本月实现销售额{amount}",
    "s_concl_mom": "，环比{mom}",
    "s_concl_att": "，目标完成率{pct}",
    "s_concl_end": "。",
    "s_concl_no_sales": "本月没有销售额。",
    "s_concl_focus": "需重点关注：{items}。",
    "s_focus_underperformer": "{name}销售（缺口{gap}）",
    "s_focus_margin": "{name}毛利率",
    "s_focus_stage": "{stage}环节",
    "s_focus_at_risk": "{count}个风险大客户（每3个月{amount}）",
    "s_focus_stalled": "{count}个停滞商机",
    "s_concl_next": "下月销售目标{target}，预测销售额{forecast}。",
    "s_concl_next_no_target": "下月预测销售额{forecast}。",
    "s_concl_close": "上述计划将这些发现落实为下月的具体措施，持续优化销售策略、提升客户管理水平。",

    "s_fc_seasonal": "近期月均销售额{run_rate}（{months}）× 去年季节指数{index}（{ly_month}销售额 ÷ {ly_months}月均）",
    "s_fc_run_rate": "近期月均销售额：{months}月均{run_rate}；缺少去年同期数据，未使用季节指数",
    "s_fc_none": "无法预测：截至本月没有销售数据",
    "s_fc_last_year_trend": "去年同期{ly_month}销售额 × 今年趋势{trend}（{months}销售额 ÷ {ly_months}销售额）",
    "s_fc_accuracy": "该方法近{n}个月的平均绝对百分比误差为{mape}。",
    "s_fc_name_run_rate_x_seasonal": "近期月均 × 季节指数",
    "s_fc_name_last_year_x_trend": "去年同期 × 趋势",
    "s_fc_name_run_rate": "近3个月均值",

    "s_fu_drop": "近3个月较前3个月{change}",
    "s_fu_silent": "{days}未下单",
    "s_fu_silent_usual": "{days}未下单，通常每{usual}下单一次",
    "s_fu_drop_order": "最近1次订单较之前1次{change}",
    "s_fu_drop_orders": "最近{orders}次订单较之前同样次数{change}",
    "s_fu_stalled": "在{stage}阶段停留{days}（客户{customer}）",
    "s_fu_stalled_no_customer": "在{stage}阶段停留{days}",

    "s_sg_underperformer": "{name}较{basis}缺口{gap}（{gap_pct}）：开展针对性促销活动，并加强团队对该产品的知识与推销技巧培训。",
    "s_sg_pricing": "{name}的下滑主要来自价格因素（价格/结构影响{amount}）：检查折扣政策与产品结构。",
    "s_sg_margin": "{name}毛利率由{before}降至{margin}：检查折扣、成本与产品结构。",
    "s_sg_stage": "{stage}环节耗时最长（中位数{days}天）：优化流程、精简审批，提升系统支持。",
    "s_sg_stalled": "与负责人逐一复盘在同一阶段停留超过{limit}的商机（{count}个，金额{amount}），明确下一步。",
    "s_sg_at_risk": "拜访{count}个风险大客户（涉及每3个月销售额{amount}），逐一制定挽回方案。",
    "s_sg_satisfaction": "客户对{topic}的满意度偏低（{score}分）：查明原因并回访相关客户。",
    "s_sg_forecast_gap": "预测销售额较下月目标缺口{gap}：增加销售活动安排，加快推进在手商机（金额{pipeline}）。",
    "s_sg_forecast_gap_no_pipeline": "预测销售额较下月目标缺口{gap}：增加销售活动安排，加快推进在手商机。",
    "s_pl_closing": "预计{month}成交的商机{deals}个，金额{amount}，为下月目标的{coverage}倍。",
    "s_pl_closing_no_target": "预计{month}成交的商机{deals}个，金额{amount}。",
    "s_pl_closing_overdue": "{closing}另有{deals}个商机已过预计成交日期仍未关闭（金额{amount}），请更新日期或关闭。",
    # 首页（compute/director.py）：本月情况、原因、下一步行动
    "s_wh_target_below": "本月总销售额{amount}，目标完成率{pct}（目标{target}），差{gap}。",
    "s_wh_target_above": "本月总销售额{amount}，目标完成率{pct}（目标{target}），超出{gap}。",
    "s_wh_last_month": "本月总销售额{amount}，环比{mom}（上月{prev}）。",
    "s_wh_sales": "本月总销售额{amount}。",
    "s_wh_mom": "与上月相比：环比{mom}（上月{prev}）。",
    "s_wh_lost_marked_reason": "本月流失大客户：{customer}，近12个月销售额{amount}（占团队{share}），于{date}标记流失（{reason}）。",
    "s_wh_lost_marked": "本月流失大客户：{customer}，近12个月销售额{amount}（占团队{share}），于{date}标记流失。",
    "s_wh_lost_inferred": "本月流失大客户：{customer}，近12个月销售额{amount}（占团队{share}），自{last_order}起未再下单。",
    "s_wh_last_year": "与去年同月相比：同比{yoy}（去年同月{ly}）。",
    "s_wh_ytd": "本年累计销售额{ytd}，较去年同期{change}（去年同期{ly}）。",
    "s_wh_season_high": "{month}是本团队的销售旺季：{years}年该月销售额为常规月份的{index}倍，宜与去年{month}比较，而非与上月比较。",
    "s_wh_season_low": "{month}是本团队的销售淡季：{years}年该月销售额为常规月份的{index}倍，宜与去年{month}比较，而非与上月比较。",
    "s_wh_season_after_high": "{month}是本团队的销售旺季：{years}年该月销售额为常规月份的{index}倍，故{next}宜与去年{next}比较，而非与{month}比较。",
    "s_wh_season_after_low": "{month}是本团队的销售淡季：{years}年该月销售额为常规月份的{index}倍，故{next}宜与去年{next}比较，而非与{month}比较。",
    "s_month_1": "1月", "s_month_2": "2月", "s_month_3": "3月", "s_month_4": "4月", "s_month_5": "5月",
    "s_month_6": "6月", "s_month_7": "7月", "s_month_8": "8月", "s_month_9": "9月", "s_month_10": "10月",
    "s_month_11": "11月", "s_month_12": "12月",
    "s_dim_rep": "销售人员", "s_dim_category": "产品类别", "s_dim_region": "区域", "s_dim_channel": "渠道",
    "s_dim_segment": "客户类型",
    "s_dr_target": "{name}（{dimension}）：较目标{amount}（实际{actual}，目标{base}）。",
    "s_dr_last_month": "{name}（{dimension}）：较上月{amount}（本月{actual}，上月{base}）。",
    "s_dr_last_year": "{name}（{dimension}）：较去年同月{amount}（本月{actual}，去年同月{base}）。",
    "s_act_at_risk": "拜访{subject}：每3个月销售额{amount}存在流失风险（{detail}）。",
    "s_act_stalled": "推进商机{subject}：金额{amount}，{detail}。",
    "s_act_owner": "{action}负责人：{owner}。",
    "s_customer_with_id": "{name}（{id}）",
}
