"""Generated sentences (highlights, suggestions, follow-ups, forecast method, conclusion), en / zh.

Keys start with "s_". Placeholders are filled with numbers already formatted by `i18n.numbers`
(amounts in the display unit, percentages with a sign), so a template never formats numbers itself.
The Chinese wording follows the seed guide (本月总销售额、环比、同比、目标完成率、万元 …).
"""

EN = {
    # joining words
    "s_list_sep": "; ",
    "s_items_sep": ", ",
    "s_span": "{first} to {last}",
    "s_basis_target": "target",
    "s_basis_baseline": "baseline (recent average)",

    # highlights (一 摘要)
    "s_hl_sales": "Total sales this month: {amount}.",
    "s_hl_sales_mom": "Total sales this month: {amount}, {mom} month on month.",
    "s_hl_sales_yoy": "Total sales this month: {amount}, {yoy} year on year.",
    "s_hl_sales_mom_yoy": "Total sales this month: {amount}, {mom} month on month and {yoy} year on year.",
    "s_hl_attainment": "Target attainment: {pct} ({actual} against a target of {target}).",
    "s_hl_no_target": "No team target is set for this month, so attainment is not available.",
    "s_hl_customers": "{new} new customer(s) placed a first order this month; {churned} customer(s) churned.",
    "s_hl_mover": "Biggest mover among categories: {name}, {mom} month on month ({amount} this month).",
    "s_hl_underperformer": "{name} fell short of its {basis}: {gap_pct} ({actual} against {expected}).",
    "s_hl_at_risk": "{count} key account(s) at risk, with {amount} of revenue at risk.",
    "s_hl_stage": "Slowest pipeline stage: {stage}, a median of {days} days in stage ({deals} deal(s)).",
    "s_hl_satisfaction": "Customer satisfaction: {score} out of 5 from {responses} response(s){change}.",
    "s_hl_satisfaction_change": ", {delta} points on last month",
    "s_hl_reps_below": " {count} rep(s) below 90% of their target: {names}.",
    "s_hl_rep_below": "{rep} {pct}",

    # conclusion (七 总结)
    "s_concl_open": "Overall, sales reached {amount} this month",
    "s_concl_mom": ", {mom} on last month",
    "s_concl_att": ", {pct} of target",
    "s_concl_end": ".",
    "s_concl_no_sales": "There were no sales this month.",
    "s_concl_focus": " Areas to watch: {items}.",
    "s_focus_underperformer": "{name} sales",
    "s_focus_stage": "the {stage} stage",
    "s_focus_at_risk": "{count} key account(s) at risk",
    "s_focus_stalled": "{count} stalled deal(s)",
    "s_concl_next": " Next month's target is {target}; the forecast is {forecast}.",
    "s_concl_next_no_target": " The forecast for next month is {forecast}.",
    "s_concl_close": " The plan below turns these findings into actions for next month.",

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
    "s_fu_silent": "{days} days without an order",
    "s_fu_stalled": "in {stage} for {days} days (customer {customer})",
    "s_fu_stalled_no_customer": "in {stage} for {days} days",

    # suggestions (六)
    "s_sg_underperformer": ("{name} is {gap_pct} against its {basis}: run a targeted promotion and "
                            "refresh the team's product knowledge and selling skills for it."),
    "s_sg_pricing": "Prices of {name} explain most of the drop ({amount} price/mix effect): review discounts and the product mix.",
    "s_sg_stage": ("{stage} is the slowest pipeline stage (median {days} days): streamline its steps "
                   "and approvals and improve system support."),
    "s_sg_stalled": ("{count} open deal(s) have sat in one stage for more than {limit} days ({amount}): "
                     "review each with its owner and agree the next step."),
    "s_sg_at_risk": "Visit the {count} key account(s) at risk ({amount} of revenue at risk) and agree a retention plan.",
    "s_sg_satisfaction": "Satisfaction with {topic} is low ({score} of 5): fix the cause and call back the customers who raised it.",
    "s_sg_forecast_gap": ("The forecast is {gap} short of next month's target: plan more sales activities "
                          "and push the open pipeline ({pipeline})."),
}

ZH = {
    "s_list_sep": ";",
    "s_items_sep": "、",
    "s_span": "{first}至{last}",
    "s_basis_target": "目标",
    "s_basis_baseline": "基准(近期均值)",

    "s_hl_sales": "本月总销售额{amount}。",
    "s_hl_sales_mom": "本月总销售额{amount},环比{mom}。",
    "s_hl_sales_yoy": "本月总销售额{amount},同比{yoy}。",
    "s_hl_sales_mom_yoy": "本月总销售额{amount},环比{mom},同比{yoy}。",
    "s_hl_attainment": "本月目标完成率{pct}:完成{actual},目标{target}。",
    "s_hl_no_target": "本月未设定团队目标,目标完成率无法计算。",
    "s_hl_customers": "本月新增客户{new}个,流失客户{churned}个。",
    "s_hl_mover": "变化最大的产品类别为{name}:环比{mom}(本月{amount})。",
    "s_hl_underperformer": "{name}销售未达预期:较{basis}{gap_pct}(实际{actual},{basis}{expected})。",
    "s_hl_at_risk": "{count}个大客户存在流失风险,涉及销售额{amount}。",
    "s_hl_stage": "销售流程瓶颈:{stage}环节,停留天数中位数{days}天(涉及{deals}个商机)。",
    "s_hl_satisfaction": "客户满意度评分{score}分(满分5分),共{responses}份反馈{change}。",
    "s_hl_satisfaction_change": ",较上月{delta}分",
    "s_hl_reps_below": "{count}名销售人员完成率低于90%:{names}。",
    "s_hl_rep_below": "{rep}{pct}",

    "s_concl_open": "总体来看,本月实现销售额{amount}",
    "s_concl_mom": ",环比{mom}",
    "s_concl_att": ",目标完成率{pct}",
    "s_concl_end": "。",
    "s_concl_no_sales": "本月没有销售额。",
    "s_concl_focus": "需重点关注:{items}。",
    "s_focus_underperformer": "{name}销售",
    "s_focus_stage": "{stage}环节",
    "s_focus_at_risk": "{count}个风险大客户",
    "s_focus_stalled": "{count}个停滞商机",
    "s_concl_next": "下月销售目标{target},预测销售额{forecast}。",
    "s_concl_next_no_target": "下月预测销售额{forecast}。",
    "s_concl_close": "下文的计划将这些发现落实为下月的具体措施,持续优化销售策略、提升客户管理水平。",

    "s_fc_seasonal": "近期月均销售额{run_rate}({months})× 去年季节指数{index}({ly_month}销售额 ÷ {ly_months}月均)",
    "s_fc_run_rate": "近期月均销售额:{months}月均{run_rate};缺少去年同期数据,未使用季节指数",
    "s_fc_none": "无法预测:截至本月没有销售数据",
    "s_fc_last_year_trend": "去年同期{ly_month}销售额 × 今年趋势{trend}({months}销售额 ÷ {ly_months}销售额)",
    "s_fc_accuracy": "该方法近{n}个月的平均绝对百分比误差为{mape}。",
    "s_fc_name_run_rate_x_seasonal": "近期月均 × 季节指数",
    "s_fc_name_last_year_x_trend": "去年同期 × 趋势",
    "s_fc_name_run_rate": "近3个月均值",

    "s_fu_drop": "近3个月较前3个月{change}",
    "s_fu_silent": "{days}天未下单",
    "s_fu_stalled": "在{stage}阶段停留{days}天(客户{customer})",
    "s_fu_stalled_no_customer": "在{stage}阶段停留{days}天",

    "s_sg_underperformer": "{name}较{basis}{gap_pct}:开展针对性促销活动,并加强团队对该产品的知识与推销技巧培训。",
    "s_sg_pricing": "{name}的下滑主要来自价格因素(价格/结构影响{amount}):检查折扣政策与产品结构。",
    "s_sg_stage": "{stage}环节耗时最长(中位数{days}天):优化流程、精简审批,提升系统支持。",
    "s_sg_stalled": "{count}个商机在同一阶段停留超过{limit}天(金额{amount}):逐一与负责人复盘,明确下一步。",
    "s_sg_at_risk": "拜访{count}个风险大客户(涉及销售额{amount}),制定挽回方案。",
    "s_sg_satisfaction": "客户对{topic}的满意度偏低({score}分):查明原因并回访相关客户。",
    "s_sg_forecast_gap": "预测销售额较下月目标缺口{gap}:增加销售活动安排,加快推进在手商机(金额{pipeline})。",
}
