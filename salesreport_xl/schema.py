"""The input contract, declared once.

Every input sheet of the standard template — its names in English and Chinese, its columns with type,
required flag, en/zh headers, allowed values (with their Chinese equivalents) and input hints — and the
Settings keys with their defaults. The template generator, the reader, the validator and the docs all
read this one declaration; nothing about the input layout is written anywhere else.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any

# Column types understood by the validator.
DATE = "date"        # a day: Excel date, serial number or date text
MONTH = "month"      # a month: Excel date, "2025-03", "2025年3月"
TEXT = "text"        # free text
ID = "id"            # an identifier: text, trimmed; numbers become "1001", not "1001.0"
NUMBER = "number"    # a float: numbers, number text with separators / currency / %
INTEGER = "integer"  # a whole number
CHOICE = "choice"    # one of a list (unknown values are kept, with a warning)
SCORE = "score"      # a whole number 1..5


@dataclass(frozen=True)
class Choice:
    """An allowed list value: the canonical (English) value and the words that mean the same."""

    value: str
    zh: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    type: str
    en: str
    zh: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    hint_en: str = ""
    hint_zh: str = ""
    width: float = 14
    # Extra header spellings accepted by the reader (besides key, en and zh).
    aliases: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    # A required column that may be absent when this other column is there: its values stand in.
    fallback: str = ""
    # An amount of money: a unit in its header (万元, '000) scales it (header_units.py).
    money: bool = False
    # Read from an export when there, but not a column of the blank template (a CRM export's deal stage).
    in_template: bool = True

    def header(self, lang: str) -> str:
        return in_lang(lang, self.en, self.zh)


@dataclass(frozen=True)
class Sheet:
    key: str
    en: str
    zh: str
    columns: tuple[Column, ...]
    required: bool = False
    purpose_en: str = ""
    purpose_zh: str = ""
    aliases: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return in_lang(lang, self.en, self.zh)

    @property
    def template_columns(self) -> tuple[Column, ...]:
        """The columns the blank template writes (the others are read from exports when there)."""
        return tuple(c for c in self.columns if c.in_template)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class Setting:
    key: str
    en: str
    zh: str
    default: Any
    type: str  # "month", "text", "number", "integer", "days" (whole days or "auto"), "ratio", "choice"
    hint_en: str = ""
    hint_zh: str = ""
    choices: tuple[Any, ...] = ()
    aliases: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------------
# Allowed values
SEGMENTS = (
    Choice("Key Account", "大客户", ("key", "ka", "key accounts", "大中型客户", "大型客户", "重点客户")),
    Choice("SMB", "中小客户", ("small", "sme", "small business", "中小企业", "小客户")),
)
CHANNELS = (
    Choice("Online", "线上", ("web", "e-commerce", "ecommerce", "线上渠道", "电商")),
    Choice("Offline", "线下", ("store", "retail", "direct", "线下渠道", "门店")),
)
CUSTOMER_STATUS = (
    Choice("Active", "活跃", ("正常",)),
    Choice("Churned", "流失", ("lost", "inactive", "已流失")),
)
ACTIVITY_TYPES = (
    Choice("Meeting", "会议", ("会面",)),
    Choice("Call", "电话", ("phone", "phone call", "电话沟通")),
    Choice("Visit", "拜访", ("customer visit", "客户拜访", "上门拜访")),
    Choice("Online promotion", "线上推广", ("online", "webinar", "campaign", "网络推广")),
    Choice("Event", "活动", ("trade show", "exhibition", "展会", "市场活动")),
)
OUTCOMES = (
    Choice("Won", "成交", ("closed", "deal", "order")),
    Choice("Follow-up", "待跟进", ("follow up", "followup", "pending", "跟进")),
    Choice("No interest", "无意向", ("lost", "declined", "无兴趣")),
)
FEEDBACK_TOPICS = (
    Choice("Product", "产品"),
    Choice("Service", "服务"),
    Choice("Delivery", "交付", ("logistics", "物流", "发货")),
    Choice("Price", "价格", ("pricing",)),
)
STAGES = (
    Choice("Lead", "线索"),
    Choice("Qualification", "需求确认", ("qualified", "确认需求")),
    Choice("Proposal", "方案报价", ("quote", "quotation", "报价")),
    Choice("Approval", "审批", ("approvals", "internal approval", "内部审批")),
    Choice("Negotiation", "商务谈判", ("谈判",)),
    Choice("Contract", "签约", ("closing", "合同")),
)
DEAL_STATUS = (
    Choice("Open", "进行中", ("active", "跟进中")),
    # "closed won" also reads HubSpot's internal closedwon (names compare without spaces).
    Choice("Won", "赢单", ("closed won", "成交", "已成交", "已赢单")),
    Choice("Lost", "输单", ("closed lost", "丢单", "已丢单", "已输单")),
)
# Open stages of CRMs' default sales processes (Salesforce, HubSpot's labels and internal names, the
# template's own stages): words only a deal export uses, never an ERP document's status (Posted, 已审核).
# With the won / lost words of DEAL_STATUS they tell a deal stage column (deal_stage.py).
CRM_OPEN_STAGES = ("prospecting", "qualification", "needs analysis", "value proposition",
                   "id. decision makers", "perception analysis", "proposal/price quote", "negotiation/review",
                   "appointment scheduled", "qualified to buy", "presentation scheduled",
                   "decision maker bought-in", "contract sent", "lead", "proposal", "negotiation",
                   "线索", "需求确认", "方案报价", "商务谈判", "初步接洽", "需求确定", "方案报价", "谈判审核")
# The canonical values the computation names, one constant per meaning: an activity's outcome "Won"
# and a deal's status "Won" are spelled alike but are two values of two lists.
SEGMENT_KEY_ACCOUNT, SEGMENT_SMB = "Key Account", "SMB"
STATUS_CHURNED = "Churned"
OUTCOME_WON, OUTCOME_NO_INTEREST = "Won", "No interest"
DEAL_OPEN, DEAL_WON, DEAL_LOST = "Open", "Won", "Lost"

PLAN_SECTIONS = (
    Choice("summary_note", "摘要说明", ("summary", "summary note", "摘要")),
    Choice("problems", "问题", ("problem", "问题与挑战")),
    Choice("root_causes", "原因分析", ("root causes", "causes", "原因")),
    Choice("bottlenecks", "流程瓶颈", ("bottleneck", "瓶颈")),
    Choice("next_month_plan", "下月计划", ("next month plan", "plan", "计划")),
    Choice("strategy", "策略调整", ("strategy", "销售策略")),
    Choice("training", "培训计划", ("training", "培训")),
)

# Amount headers that include tax (or shipping): read only when no net amount is there, and then said.
GROSS_AMOUNT_NAMES = ("价税合计", "本币价税合计", "含税金额", "total incl. tax", "total incl tax",
                      "total (incl. tax)", "amount incl. tax", "gross amount", "gross sales", "gross",
                      "grand total", "total", "amount total", "order total")

# Unit price headers: with a quantity, the line amount is their product when no line amount is given
# (Shopify's Lineitem price and Lineitem quantity; validate/evidence.py).
UNIT_PRICE_NAMES = ("unit price", "sales price", "lineitem price", "price unit", "price", "单价", "无税单价",
                    "本币无税单价", "销售单价", "含税单价")

# The headers exports give a region (the Sales, Customers and Targets sheets' region columns).
REGION_ALIASES = ("sales region", "territory", "area", "所属区域", "销售区域", "区域", "地区")

# ---------------------------------------------------------------------------------------------------
# Sheets
SETTINGS = Sheet(
    "settings", "Settings", "设置",
    (
        Column("key", TEXT, "Setting", "项目", required=True, width=22, aliases=("key", "name", "键")),
        Column("value", TEXT, "Value", "值", width=20, aliases=("数值",)),
        Column("note", TEXT, "Note", "说明", width=60),
    ),
    required=True,
    purpose_en="Report month, company, team, currency, display unit, language and thresholds.",
    purpose_zh="报告月份、公司、团队、货币、显示单位、语言和各项阈值。",
)

SALES = Sheet(
    "sales", "Sales", "销售明细",
    (
        # Aliases are the headers real exports use (Salesforce en/zh-CN, HubSpot, Zoho, 纷享销客, 销售易,
        # 金蝶 K/3 Cloud, 用友 U8/U9, ERP order lists). Their order is the preference when a sheet has two
        # columns that both name a field: the one listed first is used (see `header_rank`).
        Column("order_date", DATE, "Order Date", "下单日期", True, hint_en="Date of the order (or invoice).",
               hint_zh="订单（或开票）日期。", width=12,
               aliases=("close date", "invoice date", "date", "created date", "order created date",
                        "sales order date", "deal close date", "created at", "date ordered", "结束日期", "订单日期", "销售日期", "业务日期",
                        "单据日期", "日期", "成交日期", "签约日期", "创建日期", "开票日期")),
        Column("order_id", ID, "Order ID", "订单编号", hint_en="Optional; counts orders.",
               hint_zh="可选；用于统计订单数。",
               aliases=("order no", "order number", "sales order no", "sales order number", "so number",
                        "so no", "invoice no", "invoice number", "opportunity id", "deal id", "record id",
                        "opportunity name", "deal name", "order reference", "order ref", "sale order", "num",
                        "销售订单编号", "订单号", "单据编号", "单据号", "单号", "销售订单号", "订单编码",
                        "发货单号", "销售单号")),
        Column("customer_id", ID, "Customer ID", "客户编号", True, hint_en="Same IDs as the Customers sheet.",
               hint_zh="与客户表的编号一致。",
               aliases=("account id", "customer code", "customer no", "customer number", "company id",
                        "客户id", "客户编码", "客户代码", "客户号"),
               fallback="customer_name"),
        Column("customer_name", TEXT, "Customer Name", "客户名称", width=24,
               aliases=("account name", "company name", "company", "associated company", "customer",
                        "account", "client", "client name", "billing name", "客户", "客户名", "客户全称",
                        "公司名称")),
        Column("product", TEXT, "Product", "产品", True, width=20,
               aliases=("product name", "item name", "item", "associated product", "product description",
                        "lineitem name", "product/service",
                        "物料名称", "产品名称", "商品名称", "品名", "料品", "料品名称", "存货名称", "商品")),
        Column("category", TEXT, "Category", "产品类别", width=16,
               aliases=("product category", "product family", "product line", "item group",
                        "item category", "物料分组", "产品线", "产品分类", "产品类别", "商品类别",
                        "商品分类", "存货分类", "类别")),
        Column("channel", CHOICE, "Channel", "销售渠道", choices=CHANNELS, hint_en="Online / Offline or your own.",
               hint_zh="线上 / 线下，或自定义。",
               aliases=("sales channel", "lead source", "source", "original source", "渠道", "销售渠道",
                        "客户来源", "来源")),
        Column("sales_rep", TEXT, "Sales Rep", "销售人员", width=14,
               hint_en="Optional; without it the team section has no per-rep figures.",
               hint_zh="可选；没有此列时团队部分不按人统计。",
               aliases=("opportunity owner", "deal owner", "sales order owner", "salesperson",
                        "sales person", "account owner", "owner", "rep", "业务机会所有人", "商机所有人",
                        "负责人", "销售员", "业务员", "销售人员", "销售", "所有人")),
        Column("quantity", NUMBER, "Quantity", "数量", width=10,
               aliases=("qty", "lineitem quantity", "quantity ordered", "qty ordered", "销售数量", "数量", "实发数量")),
        Column("amount", NUMBER, "Amount", "金额", True, hint_en="Net amount in the currency; negative = return.",
               hint_zh="净额（货币单位）；负数为退货。", width=14, money=True,
               # A product-line report repeats the whole deal's Amount on every line: the line's own
               # total comes first. Net (无税金额, Untaxed Total) before gross with tax (价税合计, Total):
               # the names in GROSS_AMOUNT_NAMES come last, and the Checks sheet says "with tax".
               aliases=("total price", "line total", "line amount", "untaxed total", "untaxed amount",
                        "amount untaxed", "total untaxed", "net amount", "net sales", "amount", "sales",
                        "revenue", "extended price", "subtotal", "产品合计", "无税金额", "本币无税金额",
                        "不含税金额", "金额", "金额（元）", "销售额", "销售订单金额（元）", "销售订单金额",
                        "订单金额", "order amount") + GROSS_AMOUNT_NAMES),
        Column("profit", NUMBER, "Profit", "利润", hint_en="Optional: profit (gross margin) of the line.",
               hint_zh="可选：该行的利润（毛利）。", width=12,
               aliases=("gross profit", "margin", "毛利", "毛利润", "利润"), money=True),
        Column("region", TEXT, "Region", "区域", hint_en="Optional; blank = the customer's region.",
               hint_zh="可选；留空则取客户表的区域。",
               aliases=REGION_ALIASES),
        # Exports that carry the customer's segment on every line (Superstore-like, many CRMs): read when
        # the Customers sheet gives none. Not "type" here: a sales export's Type is the document's.
        Column("segment", CHOICE, "Segment", "客户类型", choices=SEGMENTS,
               hint_en="Optional: the customer's segment, when the Customers sheet has none.",
               hint_zh="可选：客户类型（客户表未填时使用）。",
               aliases=("customer segment", "customer type", "account type", "customer level",
                        "客户级别", "客户类型", "客户分类", "客户等级")),
        # A CRM opportunity / deal export lists lost and open deals too: when this column holds deal
        # stages, only the won lines are sales (validate/deal_stage.py). An ERP's own status column
        # (Posted, 已审核) is read here as well and then changes nothing.
        Column("deal_stage", TEXT, "Deal Stage", "商机阶段",
               hint_en="Optional: a CRM deal's stage; when given, only Won lines are counted.",
               hint_zh="可选：CRM 商机阶段；填写时只计赢单的行。",
               aliases=("stage", "opportunity stage", "deal status", "opportunity status", "status",
                        "order status", "销售阶段", "阶段", "商机状态", "赢单状态", "状态", "订单状态",
                        "单据状态"),
               in_template=False),
    ),
    required=True,
    purpose_en="One row per order line from the CRM/ERP export.",
    purpose_zh="每行一条订单明细（CRM/ERP 导出）。",
)

CUSTOMERS = Sheet(
    "customers", "Customers", "客户",
    (
        Column("customer_id", ID, "Customer ID", "客户编号", True,
               aliases=SALES.column("customer_id").aliases, fallback="customer_name"),
        Column("customer_name", TEXT, "Customer Name", "客户名称", width=24,
               aliases=SALES.column("customer_name").aliases + ("name",)),
        Column("segment", CHOICE, "Segment", "客户类型", choices=SEGMENTS,
               hint_en="Key Account / SMB or your own (Settings key_account_segments names yours).",
               hint_zh="大客户 / 中小客户，或自定义（在设置 key_account_segments 中指定大客户类型）。",
               aliases=("customer segment", "customer type", "account type", "customer level", "type",
                        "客户级别", "客户类型", "客户分类", "客户等级")),
        Column("region", TEXT, "Region", "区域",
               aliases=REGION_ALIASES),
        Column("status", CHOICE, "Status", "状态", choices=CUSTOMER_STATUS, hint_en="Active / Churned.",
               hint_zh="活跃 / 流失。"),
        Column("churn_date", DATE, "Churn Date", "流失日期", width=12),
        Column("churn_reason", TEXT, "Churn Reason", "流失原因", width=28, aliases=("reason",)),
    ),
    purpose_en="Customer master: segment, region, churn.",
    purpose_zh="客户主数据：类型、区域、流失情况。",
)

TARGETS = Sheet(
    "targets", "Targets", "销售目标",
    (
        Column("month", MONTH, "Month", "月份", True, hint_en="YYYY-MM.", hint_zh="格式 YYYY-MM。", width=10),
        Column("sales_rep", TEXT, "Sales Rep", "销售人员", hint_en="Blank = whole team.", hint_zh="留空表示整个团队。",
               aliases=("rep", "销售")),
        Column("segment", CHOICE, "Segment", "客户类型", choices=SEGMENTS, hint_en="Optional.", hint_zh="可选。"),
        Column("category", TEXT, "Category", "产品类别", hint_en="Optional.", hint_zh="可选。"),
        Column("target_amount", NUMBER, "Target Amount", "目标金额", True, width=14, aliases=("target", "目标"),
               money=True),
        Column("region", TEXT, "Region", "区域", hint_en="Optional: a region's target.", hint_zh="可选:区域目标。",
               aliases=REGION_ALIASES),
    ),
    purpose_en="Monthly targets for the team, reps, segments, categories or regions.",
    purpose_zh="团队、销售人员、客户类型、产品类别或区域的月度目标。",
)

ACTIVITIES = Sheet(
    "activities", "Activities", "销售活动",
    (
        Column("date", DATE, "Date", "日期", True, width=12, aliases=("activity date",)),
        Column("sales_rep", TEXT, "Sales Rep", "销售人员", True, aliases=("rep", "销售")),
        Column("activity_type", CHOICE, "Activity Type", "活动类型", True, choices=ACTIVITY_TYPES, width=16,
               aliases=("type", "类型")),
        Column("customer_id", ID, "Customer ID", "客户编号"),
        Column("participants", INTEGER, "Participants", "参与人数", width=12, minimum=0,
               aliases=("attendees", "参与客户数")),
        Column("outcome", CHOICE, "Outcome", "结果", choices=OUTCOMES, aliases=("result",)),
        Column("feedback", TEXT, "Feedback", "反馈", width=36, aliases=("notes", "备注")),
    ),
    purpose_en="Sales activities: meetings, calls, visits, promotions, events.",
    purpose_zh="销售活动：会议、电话、拜访、线上推广、活动。",
)

FEEDBACK = Sheet(
    "feedback", "Feedback", "客户反馈",
    (
        Column("date", DATE, "Date", "日期", True, width=12),
        Column("customer_id", ID, "Customer ID", "客户编号"),
        Column("score", SCORE, "Score", "满意度评分", True, hint_en="1 (poor) to 5 (excellent).",
               hint_zh="1（差）到 5（优）。", width=10, minimum=1, maximum=5, aliases=("rating", "评分", "满意度")),
        Column("topic", CHOICE, "Topic", "主题", choices=FEEDBACK_TOPICS),
        Column("comment", TEXT, "Comment", "评论", width=40, aliases=("comments", "意见")),
    ),
    purpose_en="Customer satisfaction surveys and comments.",
    purpose_zh="客户满意度调查与评论。",
)

PIPELINE = Sheet(
    "pipeline", "Pipeline", "商机阶段",
    (
        # The deal's id, account and owner under the names CRM exports give them, as on Sales.
        Column("deal_id", ID, "Deal ID", "商机编号", True,
               aliases=("opportunity id", "record id", "deal", "商机id", "商机编码", "业务机会id")),
        Column("customer_id", ID, "Customer ID", "客户编号",
               aliases=SALES.column("customer_id").aliases + ("account name", "associated company",
                                                               "company name", "company", "customer",
                                                               "customer name", "客户", "客户名称")),
        Column("sales_rep", TEXT, "Sales Rep", "销售人员", aliases=("rep",) + SALES.column("sales_rep").aliases),
        # A Closed Won / Closed Lost stage (赢单 / 输单) with no status is the deal's status (deal_stage.py).
        Column("stage", CHOICE, "Stage", "阶段", True, choices=STAGES,
               aliases=("销售阶段", "deal stage", "opportunity stage", "商机阶段")),
        Column("entered_on", DATE, "Entered On", "进入日期", True, width=12, aliases=("entered", "start")),
        Column("left_on", DATE, "Left On", "离开日期", hint_en="Blank = still in this stage.",
               hint_zh="留空表示仍在此阶段。", width=12, aliases=("left", "end")),
        Column("amount", NUMBER, "Amount", "金额", width=14, aliases=("deal amount", "value"), money=True),
        Column("status", CHOICE, "Status", "状态", choices=DEAL_STATUS),
        # The deal's expected close date as CRMs export it (Salesforce, HubSpot, Dynamics, Pipedrive,
        # Zoho, Odoo, 纷享销客/销售易): the plan counts open deals by the month they are expected to close.
        Column("close_date", DATE, "Close Date", "预计成交日期", width=12,
               hint_en="Optional: when the deal is expected to close.", hint_zh="可选：商机预计成交的日期。",
               aliases=("expected close date", "est. close date", "estimated close date", "expected closing",
                        "expected closing date", "closing date", "forecast close date", "预计签约日期",
                        "预计成交时间", "预计结单日期", "预计关闭日期")),
    ),
    purpose_en="One row per deal and stage: when it entered and left, and when the deal is expected to close.",
    purpose_zh="每个商机每个阶段一行：进入与离开日期，以及商机预计成交日期。",
)

PLAN = Sheet(
    "plan", "Plan", "计划与说明",
    (
        Column("section", CHOICE, "Section", "栏目", True, choices=PLAN_SECTIONS, width=18),
        Column("text", TEXT, "Text", "内容", True, width=90, aliases=("content", "comment")),
    ),
    purpose_en="Commentary only people can write: notes, causes, plans, strategy, training.",
    purpose_zh="只能由人撰写的内容：说明、原因、计划、策略、培训。",
)

MAPPING = Sheet(
    "mapping", "Mapping", "字段映射",
    (
        Column("sheet", TEXT, "Sheet", "工作表", True, width=16, hint_en="Input sheet, e.g. Sales.",
               hint_zh="输入表，如 销售明细。", aliases=("工作表名",)),
        Column("field", TEXT, "Field", "字段", True, width=18,
               hint_en="The template's column, e.g. Amount or amount.", hint_zh="模板的列，如 金额。",
               aliases=("column", "列")),
        Column("header", TEXT, "Your Header", "您的表头", True, width=30,
               hint_en="The header of that column in your export.", hint_zh="导出数据中该列的表头。",
               aliases=("header", "your column", "表头", "导出表头")),
    ),
    purpose_en="Optional: which header of your export is which column (wins over the recognised names).",
    purpose_zh="可选：导出数据的哪一列对应模板的哪一列（优先于自动识别）。",
    aliases=("column mapping", "映射"),
)

SHEETS: tuple[Sheet, ...] = (SETTINGS, SALES, CUSTOMERS, TARGETS, ACTIVITIES, FEEDBACK, PIPELINE, PLAN,
                             MAPPING)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}

ABOUT_NAMES = {"en": "About", "zh": "说明"}

# ---------------------------------------------------------------------------------------------------
# Settings keys
SETTING_KEYS: tuple[Setting, ...] = (
    Setting("report_month", "Report month", "报告月份", None, "month",
            "YYYY-MM; blank = the latest month with sales.", "YYYY-MM；留空则取有销售的最近月份。"),
    Setting("company", "Company", "公司", "", "text", "Shown in report titles.", "显示在报告标题中。"),
    Setting("team", "Team", "团队", "", "text", "Shown in report titles and page headers.", "显示在报告标题和页眉中。"),
    Setting("currency", "Currency", "货币", "¥", "text", "Currency sign: ¥, $, €, …", "货币符号：¥、$、€ 等。"),
    Setting("display_unit", "Display unit", "显示单位", 10000, "integer",
            "1, 1000, 10000 or 1000000 (or 元 / 千元 / 万元 / 百万元): amounts are shown in this unit.",
            "1、1000、10000 或 1000000（或 元 / 千元 / 万元 / 百万元）：金额按此单位显示。",
            choices=(1, 1000, 10000, 1000000)),
    Setting("unit_label", "Unit label", "单位名称", "", "text",
            "Label of the display unit, e.g. 元 / 千元 / 万元 (blank = from the unit).",
            "显示单位名称，如 元 / 千元 / 万元（留空自动）。"),
    Setting("language", "Language", "语言", "en", "choice", "en or zh: language of the report.",
            "en 或 zh：报告语言。", choices=("en", "zh")),
    Setting("churn_days", "Churn days", "流失天数", "auto", "days",
            "A customer with no order for this many days counts as churned (one that reorders more slowly: "
            "after twice its own usual gap); auto = from this team's reorder gaps.",
            "超过此天数无订单视为流失（复购更慢的客户：超过其自身通常间隔的2倍）；auto 表示按本团队的复购间隔自动确定。"),
    Setting("at_risk_drop", "At-risk drop", "风险降幅", 0.30, "ratio",
            "Key account at risk when its last 3 months fall this much vs the 3 before (one ordering about "
            "monthly or less often: its last orders vs as many before).",
            "大客户近3个月较前3个月下降达此比例即为风险客户（约每月或更少下单一次的客户：按最近几次订单与之前同样次数相比）。"),
    Setting("big_change", "Big change", "显著变化", 0.20, "ratio",
            "Flag a category or product whose MoM or YoY change is at least this large.",
            "环比或同比变化达到此幅度即标记。"),
    Setting("underperform", "Underperform", "未达预期", -0.10, "ratio",
            "A category below its target or baseline by this much is underperforming.",
            "低于目标或基准达到此比例即为未达预期。"),
    Setting("stalled_days", "Stalled days", "停滞天数", "auto", "days",
            "An open deal in one stage longer than this is stalled; auto = from the pipeline's own stage "
            "durations.", "商机在同一阶段超过此天数视为停滞；auto 表示按商机阶段的实际停留天数自动确定。"),
    Setting("materiality", "Materiality", "重要性门槛", 0.01, "ratio",
            "An item is judged only when its expected sales are at least this share of the team's month.",
            "预期销售额达到团队当月销售额此比例的项目才纳入判断。"),
    Setting("top_n", "Top N", "排名数量", 10, "integer", "Rows in top-customer and top-product lists.",
            "高价值客户和畅销产品列表的行数。"),
    Setting("key_account_segments", "Key account segments", "大客户类型", "", "text",
            "Segment values that count as key accounts, comma-separated (blank = Key Account).",
            "视为大客户的客户类型，逗号分隔（留空 = 大客户）。"),
    Setting("decimal_separator", "Decimal separator", "小数点", "", "choice",
            "'.' or ',' in number text (blank = decided from each column's values).",
            "数字文本的小数点：'.' 或 ','（留空 = 按每列的值判断）。"),  # no list: "," splits Excel's lists
    Setting("date_order", "Date order", "日期顺序", "", "choice",
            "MDY or DMY for dates like 11/5/2025 (blank = decided from each column's values).",
            "11/5/2025 这类日期的顺序：MDY 或 DMY（留空 = 按每列的值判断）。", choices=("MDY", "DMY")),
)
SETTINGS_BY_KEY = {s.key: s for s in SETTING_KEYS}



# ---------------------------------------------------------------------------------------------------
# Name matching: insensitive to case, spaces, underscores, hyphens and full/half width.
_SQUEEZE = re.compile(r"[\s_\-\.·/()()*:：]+")


def normalize_name(text: Any) -> str:
    """The comparison form of a sheet name, header, setting key or list value."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return _SQUEEZE.sub("", s)


def _names(*names: str) -> set[str]:
    return {normalize_name(n) for n in names if n}


@lru_cache(maxsize=None)
def sheet_lookup() -> dict[str, Sheet]:
    """Normalised sheet name (en, zh, key, aliases) -> sheet."""
    out: dict[str, Sheet] = {}
    for s in SHEETS:
        for n in _names(s.key, s.en, s.zh, *s.aliases):
            out[n] = s
    return out


@lru_cache(maxsize=None)
def column_lookup(sheet: Sheet) -> dict[str, Column]:
    """Normalised header (key, en, zh, aliases) -> column of that sheet."""
    out: dict[str, Column] = {}
    for c in sheet.columns:
        for n in _names(*c.aliases):
            out.setdefault(n, c)
    for c in sheet.columns:  # exact names win over aliases
        for n in _names(c.key, c.en, c.zh):
            out[n] = c
    return out


def header_rank(column: Column, header: Any) -> int:
    """Preference of a header for its column, lower first: the names listed in `aliases` in their
    order, the template's own names (key, English, Chinese) not listed there before all of them.

    The stated rule when two headers of one sheet name the same field (金额 and 价税合计; Total Price and
    the deal's Amount on a product-line report): the lower rank is read, the other is left.
    """
    n = normalize_name(header)
    ranked = [normalize_name(a) for a in column.aliases]
    if n in ranked:
        return ranked.index(n)
    return -1 if n in _names(column.key, column.en, column.zh) else len(ranked)


def column_names(column: Column) -> set[str]:
    """Every normalised header that names `column` (key, English, Chinese, aliases)."""
    return _names(column.key, column.en, column.zh, *column.aliases)


@lru_cache(maxsize=None)
def choice_lookup(choices: tuple[Choice, ...]) -> dict[str, str]:
    """Normalised value (canonical, zh, aliases) -> canonical value."""
    out: dict[str, str] = {}
    for ch in choices:
        for n in _names(*ch.aliases):
            out.setdefault(n, ch.value)
    for ch in choices:
        for n in _names(ch.value, ch.zh):
            out[n] = ch.value
    return out


@lru_cache(maxsize=None)
def setting_lookup() -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    for s in SETTING_KEYS:
        for n in _names(s.key, s.en, s.zh, *s.aliases):
            out[n] = s
    return out


def listed_values(text: str | None) -> list[str]:
    """The values a Settings list names ("Corporate, Enterprise", "大客户、战略客户"): split on , ， 、 ; ；."""
    return [v.strip() for v in re.split(r"[,，、;；]", text or "") if v.strip()]


LANGUAGES = ("en", "zh")


def normalize_lang(value) -> str:
    """The report language from what a user or caller wrote: "zh", "zh-CN", "ZH_cn", "中文", "Chinese"
    -> "zh"; anything else -> "en". The one place where a language code is read."""
    text = str(value or "").strip().casefold()
    return "zh" if text.startswith(("zh", "中", "chinese", "cn")) else "en"


def in_lang(lang, en, zh):
    """The one language pick: `zh` in a Chinese report when there is one (a Chinese text left blank falls
    back to the English), else `en`."""
    return zh if normalize_lang(lang) == "zh" and zh else en


def choice_label(choices: tuple[Choice, ...], value: str, lang: str) -> str:
    """How a canonical list value is shown in a language (unknown values as given)."""
    if normalize_lang(lang) == "zh":
        for ch in choices:
            if ch.value == value:
                return ch.zh
    return value
