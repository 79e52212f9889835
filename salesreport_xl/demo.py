"""Demo data: a realistic filled workbook for one sales team.

For demos and tests only — the report must never depend on anything particular to this data. It plants
a few facts a good monthly report has to find (see the constants below), so a demo shows every section
doing something, and tests can check the report finds them.

Everything is generated with vectorised numpy/pandas from one seeded `numpy.random.Generator`, so a
seed always gives the same workbook. English and Chinese demos share every number: only the words
(names, comments, commentary) differ, and list values stay canonical (the template writer translates).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .schema import DATE, INTEGER, MONTH, NUMBER, SCORE, SHEETS_BY_KEY, normalize_lang

# ---------------------------------------------------------------------------------------------------
# Planted facts (the same for every seed)
MONTHS_OF_SALES = 27
UNDERPERFORMING_CATEGORY = "Office Furniture"   # zh: 办公家具
# Key accounts that go quiet: last 3 months far below the 3 before.
QUIET_KEY_ACCOUNTS = ("C1007", "C1023", "C1042", "C1058")
# Of those, the ones with no order at all in the last SILENT_DAYS days of the report month's end.
SILENT_KEY_ACCOUNTS = ("C1042", "C1058")
SILENT_DAYS = 55
BOTTLENECK_STAGE = "Approval"
STUCK_DEALS = 6  # open deals planted in Approval for more than 30 days
# A key account lost on price: the report month brings a list-price rise on one category; this account,
# a large buyer of it, placed its last order the month before and is marked Churned (reason Price) early
# in the report month. The month's bridge shows both: price up, this customer among those not ordering.
LOST_ON_PRICE = "C1118"
PRICE_RISE_CATEGORY = "IT Hardware"   # zh: IT硬件
PRICE_RISE = 0.08                      # on the category's list prices from the report month on
# The channel shift: the online store takes orders from the offline channel over the last year (each
# segment's chance that an order is placed online, from 13 months before the report month to the month).
ONLINE_SHARE = {"Key Account": (0.15, 0.28), "SMB": (0.45, 0.70)}

N_CUSTOMERS = 340
N_KEY_ACCOUNTS = 64
FIRST_ID = 1001

# The sheets demo_frames fills (Settings comes as a dict).
DATA_SHEETS = ("sales", "customers", "targets", "activities", "feedback", "pipeline", "plan")

# ---------------------------------------------------------------------------------------------------
# Catalogue: category (en, zh) -> products (en, zh, list price in ¥, typical quantity per line)
CATEGORIES = (
    ("IT Hardware", "IT硬件"),
    ("Office Equipment", "办公设备"),
    ("Office Furniture", "办公家具"),
    ("Consumables", "办公耗材"),
    ("Software & Services", "软件与服务"),
    ("Peripherals", "电脑外设"),
)
PRODUCTS = (
    # category index, en, zh, unit price, typical quantity
    (0, "Business Laptop 14\"", "商务笔记本 14英寸", 6499.0, 3),
    (0, "Desktop PC i5", "台式电脑 i5", 4599.0, 3),
    (0, "27\" Monitor", "27英寸显示器", 1599.0, 4),
    (0, "Docking Station", "笔记本扩展坞", 899.0, 3),
    (0, "24-port Network Switch", "24口网络交换机", 2680.0, 1),
    (0, "Wi-Fi 6 Access Point", "Wi-Fi 6 无线AP", 1180.0, 2),
    (0, "NAS Storage 4-bay", "四盘位NAS存储", 5200.0, 1),
    (1, "Laser Printer LP-200", "激光打印机 LP-200", 2299.0, 1),
    (1, "Multifunction Printer MF-450", "多功能一体机 MF-450", 9800.0, 1),
    (1, "Document Scanner DS-30", "高速扫描仪 DS-30", 3450.0, 1),
    (1, "Projector PJ-800", "投影仪 PJ-800", 5600.0, 1),
    (1, "Paper Shredder SH-12", "碎纸机 SH-12", 980.0, 1),
    (1, "Conference Camera CC-4K", "会议摄像头 CC-4K", 3899.0, 1),
    (2, "Ergonomic Office Chair", "人体工学办公椅", 1280.0, 6),
    (2, "Electric Standing Desk", "电动升降桌", 2680.0, 3),
    (2, "Filing Cabinet", "文件柜", 860.0, 3),
    (2, "Meeting Table 8-seat", "八人会议桌", 4200.0, 1),
    (2, "Workstation Partition", "办公屏风工位", 1650.0, 4),
    (2, "Reception Sofa", "接待沙发", 3300.0, 1),
    (3, "A4 Copy Paper (box)", "A4复印纸（箱）", 165.0, 12),
    (3, "Toner Cartridge TN-200", "硒鼓 TN-200", 480.0, 6),
    (3, "Ink Cartridge Set", "墨盒套装", 320.0, 5),
    (3, "Label Tape 12mm", "标签色带 12mm", 78.0, 10),
    (3, "Binding Supplies Pack", "装订耗材包", 120.0, 8),
    (4, "Office Suite License", "办公套件授权", 880.0, 8),
    (4, "Endpoint Security License", "终端安全授权", 260.0, 15),
    (4, "Annual Maintenance Contract", "年度维保合同", 12000.0, 1),
    (4, "On-site Installation Service", "上门安装服务", 1500.0, 1),
    (4, "Cloud Backup (1 TB/yr)", "云备份（1TB/年）", 1980.0, 2),
    (5, "Wireless Keyboard & Mouse", "无线键鼠套装", 199.0, 8),
    (5, "USB Headset", "USB耳麦", 268.0, 6),
    (5, "HD Webcam", "高清摄像头", 329.0, 4),
    (5, "USB-C Hub", "USB-C 扩展坞", 239.0, 6),
    (5, "Wireless Presenter", "无线翻页笔", 149.0, 3),
)
# How each segment's lines spread over the categories (key accounts buy hardware, SMB consumables).
CATEGORY_MIX = {
    "Key Account": np.array([0.30, 0.16, 0.16, 0.12, 0.16, 0.10]),
    "SMB": np.array([0.20, 0.14, 0.14, 0.26, 0.08, 0.18]),
}
# Month-of-year seasonality: Chinese New Year in February; a summer lull; the September peak (quarter-end
# budgets and stocking up before the October Golden Week, when orders pause); year-end budgets in Q4.
SEASON = np.array([0.96, 0.74, 1.00, 1.00, 1.02, 1.02, 0.96, 0.92, 1.22, 0.96, 1.08, 1.18])
ANNUAL_GROWTH = 0.06
KEY_LINE_VALUE = 6000.0  # median value of a key-account order line, ¥
KEY_ORDERS_PER_MONTH = 2.6  # mean orders a month of a key account (gamma across accounts) ...
KEY_MIN_ORDERS = 1.8        # ... and the least: their quarters never hinge on one order
SMB_INTERVAL_DAYS = 32.0    # median of the SMBs' typical days between orders ...
SMB_INTERVAL_RANGE = (14.0, 45.0)  # ... kept well inside CHURN_DAYS
SMB_GAP_SHAPE = 6.0         # gamma shape of an SMB's gaps between orders (coefficient of variation 0.41)
NEW_PER_MONTH = (2, 5)      # new customers arriving each month (inclusive)
MARKED_CHURN = 24           # customers marked Churned, over the last 18 months ...
MARKED_IN_LAST_MONTH = (2, 3)  # ... of which this many in the report month
STOPPERS_PER_MONTH = (2, 4) # unmarked SMBs crossing CHURN_DAYS without an order each month (inferred churn)
CHURN_DAYS = 90
TREND_GROWTH = 0.15  # year-on-year growth of the team total
PRODUCT_NOISE = 0.05  # month-to-month noise of a product's sales around its seasonal trend

REPS = (
    ("Li Wei", "李伟"), ("Wang Fang", "王芳"), ("Zhang Min", "张敏"), ("Liu Yang", "刘洋"),
    ("Chen Jing", "陈静"), ("Yang Fan", "杨帆"), ("Zhao Lei", "赵磊"), ("Huang Ting", "黄婷"),
    ("Zhou Jie", "周杰"), ("Wu Hao", "吴昊"),
)
# Share of the customer book each rep owns (some carry more, so some beat target and some miss).
REP_WEIGHTS = np.array([0.13, 0.12, 0.11, 0.11, 0.10, 0.10, 0.09, 0.09, 0.08, 0.07])

REGIONS = (  # city (en, zh), region (en, zh)
    (("Shanghai", "上海"), ("Shanghai", "上海")),
    (("Hangzhou", "杭州"), ("Zhejiang", "浙江")),
    (("Ningbo", "宁波"), ("Zhejiang", "浙江")),
    (("Suzhou", "苏州"), ("Jiangsu", "江苏")),
    (("Nanjing", "南京"), ("Jiangsu", "江苏")),
    (("Wuxi", "无锡"), ("Jiangsu", "江苏")),
    (("Changzhou", "常州"), ("Jiangsu", "江苏")),
    (("Hefei", "合肥"), ("Anhui", "安徽")),
)
BRANDS = (
    ("Minghui", "明辉"), ("Hengtai", "恒泰"), ("Jinxin", "金信"), ("Ruifeng", "瑞丰"), ("Huayu", "华宇"),
    ("Dingsheng", "鼎盛"), ("Tianrun", "天润"), ("Boyuan", "博远"), ("Kangda", "康达"), ("Xinghe", "星河"),
    ("Zhongcheng", "中诚"), ("Yongxin", "永信"), ("Lianchuang", "联创"), ("Haina", "海纳"), ("Qiming", "启明"),
    ("Shengshi", "盛世"), ("Guanghua", "光华"), ("Weiye", "伟业"), ("Dongfang", "东方"), ("Jiahe", "嘉禾"),
)
INDUSTRIES = (
    ("Electronics", "电子"), ("Logistics", "物流"), ("Pharmaceutical", "医药"), ("Machinery", "机械"),
    ("Textiles", "纺织"), ("Software", "软件"), ("Trading", "贸易"), ("Auto Parts", "汽车零部件"),
    ("Construction", "建设"), ("Education Services", "教育科技"), ("Food", "食品"), ("Consulting", "咨询"),
)

CHURN_REASONS = (
    ("Price", "价格因素"), ("Switched to competitor", "转向竞争对手"), ("Budget cut", "预算削减"),
    ("Service issues", "服务问题"), ("Business closed", "停业"),
)

ACTIVITY_TYPES = ("Meeting", "Call", "Visit", "Online promotion", "Event")
ACTIVITIES_PER_REP = 14     # logged activities a month of an average rep
SURVEYS_PER_MONTH = 55      # satisfaction survey responses a month
ACTIVITY_WEIGHTS = np.array([0.20, 0.34, 0.26, 0.10, 0.10])
# P(Won), P(Follow-up) per activity type; the rest is No interest.
ACTIVITY_OUTCOME_P = np.array([
    [0.30, 0.52], [0.16, 0.56], [0.32, 0.50], [0.10, 0.60], [0.14, 0.62],
])
OUTCOMES = ("Won", "Follow-up", "No interest")

STAGES = ("Lead", "Qualification", "Proposal", "Approval", "Negotiation", "Contract")
# Median days in each stage; the customer's internal approval is the slow one.
STAGE_MEDIAN_DAYS = np.array([5.0, 8.0, 10.0, 33.0, 9.0, 6.0])
CLOSE_DATE_STREAM = 1  # the pipeline's close dates are drawn from default_rng([seed, CLOSE_DATE_STREAM])

TOPICS = ("Product", "Service", "Delivery", "Price")

# ---------------------------------------------------------------------------------------------------
# Free texts per language
ACTIVITY_FEEDBACK = {
    "en": {
        "Won": (
            "Customer confirmed the order after the demo and asked for delivery within two weeks.",
            "Signed the annual consumables agreement; they want a quarterly review.",
            "Happy with the trial units and ordered the rest of the batch.",
            "Procurement approved our quote; the purchase order is expected this week.",
            "Meeting-room upgrade agreed, projectors and conference cameras included.",
            "Renewed the maintenance contract and added ten more licences.",
        ),
        "Follow-up": (
            "Interested in the new laptops but waiting for next quarter's budget.",
            "Asked for a revised quote with a volume discount.",
            "Needs sign-off from their IT director; meeting booked for next week.",
            "Requested samples of the ergonomic chairs before deciding.",
            "Comparing our offer with two other suppliers.",
            "Good conversation; send the case study and call back in two weeks.",
            "Their approval committee meets only once a month, so the decision is pending.",
        ),
        "No interest": (
            "Our price is higher than a competitor's offer; not moving forward.",
            "Budget frozen until next year.",
            "Already signed a three-year contract with another vendor.",
            "Still unhappy about last quarter's late furniture delivery; no order for now.",
            "Office move cancelled, so no need for new furniture this year.",
        ),
    },
    "zh": {
        "Won": (
            "客户看完演示后确认下单，要求两周内交货。",
            "签订了年度耗材协议，客户希望每季度复盘一次。",
            "试用样机反馈良好，客户追加了剩余批次的订单。",
            "采购部已批准报价，预计本周下采购单。",
            "会议室升级方案敲定，包含投影仪和会议摄像头。",
            "续签了维保合同，并新增十套授权。",
        ),
        "Follow-up": (
            "对新款笔记本有兴趣，但要等下季度预算。",
            "客户要求按批量折扣重新报价。",
            "需要客户IT总监签字，已约下周见面。",
            "客户希望先试用人体工学椅样品再决定。",
            "客户正在将我们的方案与另外两家供应商比较。",
            "沟通顺利，发送案例资料，两周后回访。",
            "客户审批委员会每月只开一次会，决定尚待审批。",
        ),
        "No interest": (
            "我们的报价高于竞争对手，客户暂不推进。",
            "客户预算冻结到明年。",
            "客户已与其他供应商签订三年合同。",
            "客户仍对上季度家具延迟交付不满，暂不下单。",
            "办公室搬迁取消，今年不再采购新家具。",
        ),
    },
}
# Survey comments per topic: (good, neutral, poor)
SURVEY_COMMENTS = {
    "en": {
        "Product": (
            ("The laptops are reliable and the battery lasts all day.", "The new monitors are sharp and easy to set up."),
            ("Products are fine, nothing special.", "Quality is acceptable for the price."),
            ("Two of the printers jammed repeatedly in the first month.", "The chair armrests broke within weeks."),
        ),
        "Service": (
            ("Our account manager responds quickly and knows our needs.", "After-sales support solved our issue the same day."),
            ("Service is okay, though replies can be slow.", "Support is adequate."),
            ("Hard to reach support after 6 pm; tickets take days.", "Nobody followed up on our complaint."),
        ),
        "Delivery": (
            ("Delivered on time and installed neatly.", "Fast delivery, well packed."),
            ("Delivery took a little longer than promised.", "Delivery was fine."),
            ("Furniture delivery was two weeks late and one desk arrived damaged.", "Delivery date changed three times."),
        ),
        "Price": (
            ("Fair pricing and clear quotes.", "Good value compared with other suppliers."),
            ("Prices are in line with the market.", "Pricing is acceptable."),
            ("Prices went up again; competitors are cheaper for furniture.", "Toner is too expensive here."),
        ),
    },
    "zh": {
        "Product": (
            ("笔记本电脑稳定可靠，续航一整天没问题。", "新显示器清晰，安装方便。"),
            ("产品还可以，没有特别之处。", "质量与价格相符。"),
            ("有两台打印机第一个月就频繁卡纸。", "办公椅扶手几周就坏了。"),
        ),
        "Service": (
            ("客户经理响应很快，了解我们的需求。", "售后当天就解决了问题。"),
            ("服务还行，但回复有时较慢。", "售后支持基本够用。"),
            ("晚上六点后很难联系到售后，工单要等好几天。", "投诉之后没有人跟进。"),
        ),
        "Delivery": (
            ("按时送达，安装整齐。", "发货快，包装好。"),
            ("交货比承诺的稍晚一些。", "交付正常。"),
            ("家具晚到两周，还有一张桌子运输损坏。", "交货日期改了三次。"),
        ),
        "Price": (
            ("价格合理，报价清楚。", "与其他供应商相比性价比高。"),
            ("价格与市场持平。", "价格可以接受。"),
            ("又涨价了，竞争对手的家具更便宜。", "这里的硒鼓太贵了。"),
        ),
    },
}
PLAN_TEXTS = {
    "en": (
        ("summary_note", "September's usual pre-holiday orders lifted sales on August, but we came in below "
                         "target, mainly because office furniture fell sharply and a key account left after our "
                         "IT hardware price rise; online orders keep growing."),
        ("problems", "Office furniture sales dropped well below target as several regular buyers placed no "
                     "furniture orders this month."),
        ("problems", "A few key accounts have gone quiet over the last quarter and two have not ordered for "
                     "almost two months."),
        ("root_causes", "Our furniture supplier delayed deliveries in the summer, and a competitor cut prices "
                        "on standing desks and chairs. Customers who had late deliveries moved their orders."),
        ("root_causes", "Key-account contacts changed at two customers and we did not rebuild the relationship "
                        "in time."),
        ("bottlenecks", "Deals wait longest in the customer's internal approval: quotes sit there for over a "
                        "month while other stages take about a week."),
        ("next_month_plan", "Visit every quiet key account with the regional manager before mid-month and "
                            "agree a recovery order. Push the Q4 budget cycle with hardware refresh offers."),
        ("next_month_plan", "Clear the approval backlog: prepare approval packs (specs, references, payment "
                            "terms) for every deal in Approval."),
        ("strategy", "Offer a furniture bundle with guaranteed delivery dates and price-match on standing "
                     "desks for key accounts. Shift small consumables orders to the online store."),
        ("training", "Run a session on writing approval-ready proposals and on handling price objections; "
                     "coach new reps on key-account planning."),
    ),
    "zh": (
        ("summary_note", "九月节前备货照例带动销售额环比上升，但仍低于目标，主要原因是办公家具大幅下滑，以及一家大客户在IT硬件调价后流失；线上订单持续增长。"),
        ("problems", "办公家具销售额远低于目标，多家老客户本月未下家具订单。"),
        ("problems", "部分大客户近一个季度采购明显减少，其中两家已近两个月没有下单。"),
        ("root_causes", "夏季家具供应商交货延迟，同时竞争对手下调了升降桌和办公椅价格，受延迟影响的客户转向了其他供应商。"),
        ("root_causes", "两家大客户的对接人更换，我们没有及时重建关系。"),
        ("bottlenecks", "商机在客户内部审批阶段停留最久：报价在审批环节常常超过一个月，而其他阶段大约一周。"),
        ("next_month_plan", "月中前由区域经理陪同拜访所有采购下降的大客户，争取恢复订单；借助第四季度预算周期推广硬件更新方案。"),
        ("next_month_plan", "清理审批积压：为每个处于审批阶段的商机准备审批资料包（规格、案例、付款条件）。"),
        ("strategy", "面向大客户推出带交期保障的家具套餐，升降桌提供价格匹配；将小额耗材订单引导到线上商城。"),
        ("training", "开展“如何写出易于审批的方案”和“价格异议处理”培训；辅导新销售做大客户规划。"),
    ),
}
SETTINGS_TEXT = {
    "en": {"company": "Huaxin Trading Co.", "team": "East China Sales"},
    "zh": {"company": "华信贸易有限公司", "team": "华东销售部"},
}


# ---------------------------------------------------------------------------------------------------
# Public API
def demo_frames(seed: int = 7, end_month: str = "2025-09",
                lang: str = "en") -> tuple[dict[str, pd.DataFrame], dict]:
    """The demo inputs: clean frames per data sheet key (schema columns, schema order) and settings.

    `lang` changes only the words (names, comments, commentary); every number is the same.
    """
    lang = normalize_lang(lang)
    rng = np.random.default_rng(seed)
    end = pd.Period(end_month, freq="M")
    months = pd.period_range(end=end, periods=MONTHS_OF_SALES, freq="M")
    as_of = end.to_timestamp(how="end").normalize()

    cust = _customers(rng, months)
    sales = _sales(rng, months, as_of, cust)
    frames = {
        "sales": sales,
        "customers": cust,
        "targets": _targets(rng, months, sales, cust),
        "activities": _activities(rng, end, cust),
        "feedback": _feedback(rng, end, cust),
        # close dates from a generator of their own: every other figure stays what it was without them
        "pipeline": _pipeline(rng, as_of, cust, np.random.default_rng([seed, CLOSE_DATE_STREAM])),
        "plan": pd.DataFrame(list(PLAN_TEXTS["en"]), columns=["section", "text"]),
    }
    frames = {key: _localise(key, frame, lang) for key, frame in frames.items()}
    names = frames["customers"]["customer_name"].to_numpy()
    frames["sales"]["customer_name"] = names[frames["sales"]["_cust"].to_numpy()]
    frames["sales"]["region"] = frames["customers"]["region"].to_numpy()[frames["sales"]["_cust"].to_numpy()]
    frames = {key: _clean(key, frame) for key, frame in frames.items()}

    texts = SETTINGS_TEXT[lang]
    settings = {
        "report_month": str(end), "company": texts["company"], "team": texts["team"], "currency": "¥",
        "display_unit": 10000, "unit_label": "万元", "language": lang, "churn_days": CHURN_DAYS,
        "at_risk_drop": 0.30, "big_change": 0.20, "underperform": -0.10, "stalled_days": 30, "top_n": 10,
    }
    return frames, settings


def demo_texts(lang: str = "en") -> dict:
    """The words the demo uses in a language: names of categories, products and reps, and churn reasons."""
    i = 1 if lang == "zh" else 0
    return {
        "categories": [c[i] for c in CATEGORIES],
        "products": [p[1 + i] for p in PRODUCTS],
        "reps": [r[i] for r in REPS],
        "churn_reasons": [r[i] for r in CHURN_REASONS],
        "underperforming_category": CATEGORIES[_category_index(UNDERPERFORMING_CATEGORY)][i],
    }


def write_demo(out_dir, lang: str = "en", seed: int = 7, end_month: str = "2025-09") -> Path:
    """Write the demo workbook `out_dir/demo_sales_<lang>.xlsx` in the standard template layout."""
    from .template import write_workbook

    frames, settings = demo_frames(seed=seed, end_month=end_month, lang=lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"demo_sales_{'zh' if lang == 'zh' else 'en'}.xlsx"
    result = write_workbook(path, lang=lang, data=frames, settings=settings)
    return Path(result) if result is not None else path


# ---------------------------------------------------------------------------------------------------
# Customers
def _customer_ids(n: int) -> np.ndarray:
    return np.array([f"C{FIRST_ID + i}" for i in range(n)], dtype=object)


def _category_index(name: str) -> int:
    return [c[0] for c in CATEGORIES].index(name)


def _customers(rng: np.random.Generator, months: pd.PeriodIndex) -> pd.DataFrame:
    """Customer master with the generator's hidden traits (`_`-prefixed columns, dropped later)."""
    n, n_months = N_CUSTOMERS, len(months)
    ids = _customer_ids(n)
    quiet = np.isin(ids, QUIET_KEY_ACCOUNTS)
    lost = np.flatnonzero(ids == LOST_ON_PRICE)
    planted = quiet | (ids == LOST_ON_PRICE)

    # Segment: the quiet accounts and the one lost on price are key accounts, the rest drawn at random.
    key = planted.copy()
    others = rng.permutation(np.flatnonzero(~planted))[: N_KEY_ACCOUNTS - planted.sum()]
    key[others] = True
    segment = np.where(key, "Key Account", "SMB")

    # Key accounts: several orders a month each, so a quarter's volume moves by a few percent, not by
    # half (the at-risk rule must only catch accounts that really drop). `size` scales their order value.
    rate = np.where(key, np.maximum(rng.gamma(8.0, KEY_ORDERS_PER_MONTH / 8.0, n), KEY_MIN_ORDERS), 0.0)
    rate[quiet] = np.maximum(rate[quiet], 2.8)  # big accounts, so their silence matters
    size = np.where(key, rng.lognormal(0.0, 0.45, n), 1.0)
    size[quiet] = np.maximum(size[quiet], 1.35)
    rate[lost], size[lost] = np.maximum(rate[lost], 2.6), np.maximum(size[lost], 1.1)  # ~¥40万 a year
    # SMBs: each reorders at its own rhythm, well inside churn_days, so a 90-day silence means gone.
    interval = np.where(key, np.nan, np.clip(rng.lognormal(np.log(SMB_INTERVAL_DAYS), 0.3, n),
                                             *SMB_INTERVAL_RANGE))

    # A few new customers arrive every month; the rest were customers before the data starts.
    per_month = rng.integers(NEW_PER_MONTH[0], NEW_PER_MONTH[1] + 1, n_months - 1)
    arrivals = np.repeat(np.arange(1, n_months), per_month)
    newcomers = rng.permutation(np.flatnonzero(~planted))[: len(arrivals)]
    start = np.zeros(n, dtype=int)
    start[newcomers] = arrivals[: len(newcomers)]
    rate = np.where(start > 0, rate * 0.7, rate)  # new key accounts start smaller

    # Each customer has one account owner (rep); key accounts are dealt out evenly, SMBs by book size.
    rep = rng.choice(len(REPS), size=n, p=REP_WEIGHTS)
    ka = rng.permutation(np.flatnonzero(key))
    rep[ka] = np.arange(len(ka)) % len(REPS)
    rep[quiet] = np.array([0, 3, 5, 8])

    # Churned customers marked in the sheet: existing customers (not the quiet key accounts), churn dates
    # spread over the last 18 months, two or three in the report month — the first of them the account
    # lost on price.
    candidates = np.flatnonzero((start == 0) & ~planted)
    churned = rng.choice(candidates, size=MARKED_CHURN - 1, replace=False)
    # The others of the report month are SMBs: the one key account it loses is the planted one.
    churned = np.concatenate([lost, churned[np.argsort(key[churned], kind="stable")]])
    # The others: at most two in any earlier month (drawn without replacement from each month twice).
    in_last = rng.integers(MARKED_IN_LAST_MONTH[0], MARKED_IN_LAST_MONTH[1] + 1)
    churn_month = np.full(MARKED_CHURN, n_months - 1)
    churn_month[in_last:] = rng.choice(np.tile(np.arange(n_months - 18, n_months - 1), 2),
                                       size=MARKED_CHURN - in_last, replace=False)
    month_start = months.to_timestamp()
    churn_day = rng.integers(0, 28, MARKED_CHURN)
    churn_day[0] = 3  # the account lost on price says so when the new price list reaches it
    churn_date = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    churn_date[churned] = (month_start[churn_month] + pd.to_timedelta(churn_day, unit="D")).to_numpy()
    status = np.full(n, "Active", dtype=object)
    status[churned] = "Churned"
    reason = np.full(n, -1)
    reason[churned] = rng.choice(len(CHURN_REASONS), size=MARKED_CHURN, p=[0.28, 0.30, 0.18, 0.14, 0.10])
    reason[lost] = [r[0] for r in CHURN_REASONS].index("Price")

    # SMBs that stop ordering without anyone marking them (the report infers their churn): each month a
    # few cross the churn_days line, so `_last_order` is a weekday churn_days before a day of that month.
    first_day = month_start.to_numpy().astype("datetime64[D]")
    last_day = first_day + months.days_in_month.to_numpy() - 1
    last_order = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    free = ~key & (status == "Active")
    for c in range(4, n_months):  # one step per month, not per row
        days = np.arange(first_day[c] - CHURN_DAYS, last_day[c] - CHURN_DAYS + 1)
        days = days[(days.astype(int) - 4) % 7 < 5]  # weekdays (1970-01-01 was a Thursday)
        m_before = np.searchsorted(first_day, days[0], side="right") - 1
        pool = np.flatnonzero(free & (start <= m_before - 2))  # customers for a while already
        k = min(int(rng.integers(STOPPERS_PER_MONTH[0], STOPPERS_PER_MONTH[1] + 1)), len(pool))
        pick = rng.choice(pool, size=k, replace=False)
        last_order[pick] = rng.choice(days, size=k)
        free[pick] = False

    # Unique company names: city x brand x industry.
    combos = rng.choice(len(REGIONS) * len(BRANDS) * len(INDUSTRIES), size=n, replace=False)
    city, rest = np.divmod(combos, len(BRANDS) * len(INDUSTRIES))
    brand, industry = np.divmod(rest, len(INDUSTRIES))

    return pd.DataFrame({
        "customer_id": ids,
        "segment": segment,
        "status": status,
        "churn_date": churn_date,
        "_rate": rate,
        "_size": size,
        "_interval": interval,
        "_start": start,
        "_last_order": last_order.astype("datetime64[ns]"),
        "_rep": rep,
        "_reason": reason,
        "_city": city,
        "_brand": brand,
        "_industry": industry,
    })


# ---------------------------------------------------------------------------------------------------
# Sales
def _key_account_orders(rng: np.random.Generator, months: pd.PeriodIndex, as_of: pd.Timestamp,
                        cust: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(customer index, order date) of the key accounts' orders, each month close to their rate, and
    the expected orders per customer and month (customers x months) their spend follows."""
    n_months = len(months)
    t = np.arange(n_months)
    season = SEASON[months.month.to_numpy() - 1]
    growth = (1 + ANNUAL_GROWTH) ** ((t - (n_months - 1)) / 12)
    ids = cust["customer_id"].to_numpy()
    is_key = cust["segment"].to_numpy() == "Key Account"
    start = cust["_start"].to_numpy()

    lam = cust["_rate"].to_numpy()[:, None] * season[None, :] * growth[None, :]
    lam = lam * (t[None, :] >= start[:, None]) * is_key[:, None]
    quiet = np.isin(ids, QUIET_KEY_ACCOUNTS)
    # Churned customers buy less in the months before they leave.
    churn_m = _month_index(cust["churn_date"], months)
    # (Not the account lost on price: it buys as usual until the price list changes.)
    before_churn = (t[None, :] >= churn_m[:, None] - 2) & (churn_m[:, None] >= 0) & (ids != LOST_ON_PRICE)[:, None]
    lam = np.where(before_churn, lam * 0.5, lam)
    lam = np.where((churn_m[:, None] >= 0) & (t[None, :] > churn_m[:, None]), 0.0, lam)

    # Regular ordering: the count is the rate rounded up or down at random, never a Poisson gap.
    orders_n = np.floor(lam + rng.random(lam.shape)).astype(int)
    silent = np.isin(ids, SILENT_KEY_ACCOUNTS)
    orders_n[silent, -3] = np.maximum(orders_n[silent, -3], 1)
    # The other quiet accounts still order every month (`_plant_quiet_accounts` cuts them down later).
    orders_n[quiet & ~silent, -3:] = np.maximum(orders_n[quiet & ~silent, -3:], 1)
    # The account lost on price orders up to the month before the report month, then no more.
    lost = ids == LOST_ON_PRICE
    orders_n[lost, -4:-1] = np.maximum(orders_n[lost, -4:-1], 2)
    orders_n[lost, -1] = 0
    # Churned key accounts bought at least once before they left.
    churned = np.flatnonzero((churn_m >= 0) & is_key)
    first_buy = np.maximum(churn_m[churned] - 3, start[churned])
    orders_n[churned, first_buy] = np.maximum(orders_n[churned, first_buy], 1)
    # A new key account places its first order in the month it arrives.
    new = np.flatnonzero((start > 0) & is_key)
    orders_n[new, start[new]] = np.maximum(orders_n[new, start[new]], 1)

    c_idx, m_idx = np.nonzero(orders_n)
    o_cust = np.repeat(c_idx, orders_n[c_idx, m_idx])
    o_month = np.repeat(m_idx, orders_n[c_idx, m_idx])
    # Order dates: a business day in the month.
    month_start = months.to_timestamp().to_numpy().astype("datetime64[D]")
    dim = months.days_in_month.to_numpy()
    dates = month_start[o_month] + (rng.random(len(o_cust)) * dim[o_month]).astype(int)
    dates = _to_weekday(dates, month_start[o_month], dim[o_month])
    # The silent key accounts' last orders fall 8-11 weeks before the month's end: silent long enough
    # to be at risk, not yet long enough (churn_days) to count as churned.
    last_orders = np.isin(ids[o_cust], SILENT_KEY_ACCOUNTS) & (o_month == n_months - 3)
    day0 = as_of.to_datetime64().astype("datetime64[D]")
    dates[last_orders] = day0 - rng.integers(SILENT_DAYS + 1, 77, last_orders.sum())
    return o_cust, dates, lam


def _smb_orders(rng: np.random.Generator, months: pd.PeriodIndex, as_of: pd.Timestamp,
                cust: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(customer index, order date) of the SMBs' orders.

    Each SMB reorders every `_interval` days on average with gamma-distributed gaps (shape
    SMB_GAP_SHAPE: regular, not clockwork), so only customers who really stop go 90 days without an
    order. The clock runs a little faster in busy months and with growth (a damped season: SMB demand
    moves less than the key accounts' budgets). Existing customers are met at a random point of their
    cycle; new ones order first in the month they arrive. Marked churned customers order less in their
    last two months and not after their churn date; unmarked leavers stop after `_last_order`, which is
    their last order.
    """
    n_months = len(months)
    smb = np.flatnonzero(cust["segment"].to_numpy() == "SMB")
    first = months[0].start_time.to_datetime64().astype("datetime64[D]")
    day0 = as_of.to_datetime64().astype("datetime64[D]")
    n_days = int((day0 - first).astype(int)) + 1
    dim = months.days_in_month.to_numpy()
    offset = np.concatenate([[0], np.cumsum(dim)[:-1]])
    day_month = np.repeat(np.arange(n_months), dim)[:n_days]
    growth = (1 + ANNUAL_GROWTH) ** ((np.arange(n_months) - (n_months - 1)) / 12)
    speed = (np.sqrt(SEASON[months.month.to_numpy() - 1]) * growth)[day_month]
    clock = np.cumsum(speed / speed.mean())  # business time at the end of each day

    interval = cust["_interval"].to_numpy()[smb]
    start = cust["_start"].to_numpy()[smb]
    arrive = clock[offset[start] + (rng.random(len(smb)) * dim[start]).astype(int)]
    first_tick = np.where(start > 0, arrive, rng.random(len(smb)) * interval)
    n_gaps = int(clock[-1] / SMB_INTERVAL_RANGE[0] * 1.3) + 4
    gaps = rng.gamma(SMB_GAP_SHAPE, interval[:, None] / SMB_GAP_SHAPE, (len(smb), n_gaps))
    ticks = first_tick[:, None] + np.concatenate([np.zeros((len(smb), 1)), np.cumsum(gaps[:, :-1], axis=1)],
                                                 axis=1)
    day = np.searchsorted(clock, ticks)  # the day whose clock first reaches the tick
    row, col = np.nonzero(day < n_days)
    o_cust = smb[row]
    dates = first + day[row, col]
    o_month = day_month[day[row, col]]
    month_start = first + offset
    dates = _to_weekday(dates, month_start[o_month], dim[o_month])

    churn = cust["churn_date"].to_numpy().astype("datetime64[D]")[o_cust]
    last = cust["_last_order"].to_numpy().astype("datetime64[D]")[o_cust]
    fading = (dates > churn - 60) & (rng.random(len(dates)) < 0.5)
    keep = ~(dates > churn) & ~fading & ~(dates > last)  # comparisons with NaT are False
    orders = pd.DataFrame({"cust": o_cust[keep], "date": dates[keep]})
    # A leaver's last order is exactly `_last_order`: move their latest remaining order there.
    leavers = orders["cust"].isin(np.flatnonzero(cust["_last_order"].notna().to_numpy())).to_numpy()
    latest = orders[leavers].groupby("cust")["date"].idxmax()
    orders.loc[latest.to_numpy(), "date"] = cust["_last_order"].to_numpy()[latest.index.to_numpy()]
    return orders["cust"].to_numpy(), orders["date"].to_numpy().astype("datetime64[D]")


def _sales(rng: np.random.Generator, months: pd.PeriodIndex, as_of: pd.Timestamp,
           cust: pd.DataFrame) -> pd.DataFrame:
    n_months = len(months)
    ids = cust["customer_id"].to_numpy()
    quiet = np.isin(ids, QUIET_KEY_ACCOUNTS)
    k_cust, k_dates, k_lam = _key_account_orders(rng, months, as_of, cust)
    s_cust, s_dates = _smb_orders(rng, months, as_of, cust)
    o_cust = np.concatenate([k_cust, s_cust])
    dates = np.concatenate([k_dates, s_dates])
    o_month = _month_index(pd.Series(dates.astype("datetime64[ns]")), months)
    n_orders = len(o_cust)

    key = (cust["segment"].to_numpy() == "Key Account")[o_cust]
    # The channel shift: each segment's online chance moves from its first to its last ONLINE_SHARE over
    # the 13 months up to the report month (flat before).
    ramp = np.clip((o_month - (n_months - 13)) / 12, 0.0, 1.0)
    (k0, k1), (s0, s1) = ONLINE_SHARE["Key Account"], ONLINE_SHARE["SMB"]
    p_online = np.where(key, k0 + (k1 - k0) * ramp, s0 + (s1 - s0) * ramp)
    online = rng.random(n_orders) < p_online

    # Order lines. Key accounts place orders of a few lines, each sized to a budget (so their quarters
    # compare fairly); SMBs buy one or two items in small quantities.
    lines_n = np.where(key, 1 + rng.binomial(3, 0.5, n_orders), 1 + rng.poisson(0.3, n_orders))
    l_order = np.repeat(np.arange(n_orders), lines_n)
    l_key = key[l_order]
    n_lines = len(l_order)
    product = _draw_products(rng, l_key)
    p_cat = np.array([p[0] for p in PRODUCTS])
    rise_cat = _category_index(PRICE_RISE_CATEGORY)
    # The account lost on price buys the category whose price rises, and little else.
    lost = (ids[o_cust[l_order]] == LOST_ON_PRICE) & (rng.random(n_lines) < 0.85)
    in_cat = np.flatnonzero(p_cat == rise_cat)
    product[lost] = in_cat[(rng.random(lost.sum()) * len(in_cat)).astype(int)]
    p_price = np.array([p[3] for p in PRODUCTS])
    p_qty = np.array([p[4] for p in PRODUCTS], dtype=float)
    # Key accounts get volume discounts; list prices drift up ~3% a year, and the price-rise category's
    # go up PRICE_RISE in the report month.
    discount = np.where(l_key, rng.uniform(0.06, 0.16, n_lines), rng.uniform(0.0, 0.05, n_lines))
    drift = 1.03 ** ((o_month[l_order] - (n_months - 1)) / 12)
    drift = drift * np.where((p_cat[product] == rise_cat) & (o_month[l_order] == n_months - 1), 1 + PRICE_RISE, 1.0)
    unit = np.round(p_price[product] * drift * (1 - discount), 2)
    budget = KEY_LINE_VALUE * cust["_size"].to_numpy()[o_cust[l_order]] * rng.lognormal(0.0, 0.35, n_lines)
    # Key accounts buy at least two of anything (a contract per site, printers per floor).
    qty = np.where(l_key, np.maximum(2, np.round(budget / unit)),
                   np.round(p_qty[product] * 0.8 * rng.lognormal(0.0, 0.3, n_lines)))
    qty = np.maximum(1, qty)
    amount = np.round(qty * unit, 2)

    lines = pd.DataFrame({
        "order_date": dates[l_order].astype("datetime64[ns]"),
        "_order": l_order,
        "_cust": o_cust[l_order],
        "_month": o_month[l_order],
        "_product": product,
        "_cat": p_cat[product],
        "_online": online[l_order],
        "quantity": qty,
        "amount": amount,
        "_unit": unit,
        "_return": False,
    })
    lines = _shape_months(rng, lines, months, k_lam, cust["_size"].to_numpy())
    lines = _plant_category_drop(rng, lines, n_months)
    lines = _plant_quiet_accounts(rng, lines, np.flatnonzero(quiet), n_months)
    lines = _add_returns(rng, lines, as_of)

    # Nothing after a customer's churn date or a leaver's last order (a late return would move it),
    # nothing from the silent key accounts in their last weeks.
    cutoff = cust["churn_date"].fillna(cust["_last_order"]).fillna(as_of).to_numpy().copy()
    silent = np.isin(ids, SILENT_KEY_ACCOUNTS)
    cutoff[silent] = (as_of - pd.Timedelta(days=SILENT_DAYS)).to_datetime64()
    cutoff[ids == LOST_ON_PRICE] = (months[-1].start_time - pd.Timedelta(days=1)).to_datetime64()
    lines = lines[lines["order_date"].to_numpy() <= cutoff[lines["_cust"].to_numpy()]]

    # Order IDs: SO + yymm + running number by date; returns RT + yymm + number.
    lines = lines.sort_values(["order_date", "_return", "_order"], kind="stable").reset_index(drop=True)
    order_key = lines["_order"].astype(str) + np.where(lines["_return"], "r", "")
    first = ~order_key.duplicated()
    seq = first.cumsum()
    prefix = np.where(lines["_return"], "RT", "SO")
    yymm = (lines["order_date"].dt.year % 100) * 100 + lines["order_date"].dt.month
    lines["order_id"] = (prefix + yymm.astype(str).str.zfill(4) + "-" + seq.astype(str).str.zfill(5))
    rep_idx = cust["_rep"].to_numpy()[lines["_cust"].to_numpy()]
    lines["customer_id"] = ids[lines["_cust"].to_numpy()]
    lines["_rep"] = rep_idx
    lines["channel"] = np.where(lines["_online"], "Online", "Offline")
    return lines


def _month_index(dates: pd.Series, months: pd.PeriodIndex) -> np.ndarray:
    """Index of each date's month in `months` (-1 where the date is blank)."""
    out = np.full(len(dates), -1)
    ok = dates.notna().to_numpy()
    per = dates[ok].dt.to_period("M")
    out[ok] = (per.dt.year.to_numpy() - months[0].year) * 12 + per.dt.month.to_numpy() - months[0].month
    return out


def _to_weekday(dates: np.ndarray, month_start: np.ndarray, dim: np.ndarray) -> np.ndarray:
    """Move weekend dates to the Monday after (or the Friday before, at a month's end)."""
    dow = (dates.astype("datetime64[D]").astype(int) - 4) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    fwd = np.where(dow == 5, 2, np.where(dow == 6, 1, 0))
    back = np.where(dow == 5, -1, np.where(dow == 6, -2, 0))
    moved = dates + fwd
    month_end = month_start + (dim - 1)
    return np.where(moved > month_end, dates + back, moved)


def _draw_products(rng: np.random.Generator, is_key: np.ndarray) -> np.ndarray:
    """A product per line: category by the segment's mix, then a product of that category."""
    n = len(is_key)
    cat = np.empty(n, dtype=int)
    for seg, mask in (("Key Account", is_key), ("SMB", ~is_key)):
        cum = np.cumsum(CATEGORY_MIX[seg])
        cat[mask] = np.searchsorted(cum / cum[-1], rng.random(mask.sum()), side="right")
    p_cat = np.array([p[0] for p in PRODUCTS])
    starts = np.searchsorted(p_cat, np.arange(len(CATEGORIES)))
    counts = np.bincount(p_cat, minlength=len(CATEGORIES))
    return starts[cat] + (rng.random(n) * counts[cat]).astype(int)


def _round_at_random(rng: np.random.Generator, q: np.ndarray) -> np.ndarray:
    """Whole quantities (at least 1) rounded up or down at random, so scaled totals hit their aim on
    average even where quantities are small (2 x 1.2 is 2 or 3, not always 2)."""
    return np.maximum(1, np.floor(q + rng.random(len(q))))


def _scale_cells(rng: np.random.Generator, lines: pd.DataFrame, cell: np.ndarray, want: np.ndarray,
                 member: np.ndarray, lo: float, hi: float) -> pd.DataFrame:
    """Scale the quantities of the member lines with qty >= 2 (where rounding matters little) so each
    cell's total comes to `want[cell]`; the factor is kept within [lo, hi]."""
    amount = lines["amount"].to_numpy()
    q = lines["quantity"].to_numpy()
    scalable = member & (q >= 2)
    total = np.bincount(cell[member], weights=amount[member], minlength=len(want))
    part = np.bincount(cell[scalable], weights=amount[scalable], minlength=len(want))
    factor = np.clip((want - (total - part)) / np.maximum(part, 1.0), lo, hi)
    q = np.where(scalable, _round_at_random(rng, q * factor[cell]), q)
    lines = lines.copy()
    lines["quantity"] = q
    lines["amount"] = np.round(q * lines["_unit"].to_numpy(), 2)
    return lines


def _shape_months(rng: np.random.Generator, lines: pd.DataFrame, months: pd.PeriodIndex, lam: np.ndarray,
                  size: np.ndarray, rounds: int = 6) -> pd.DataFrame:
    """Give the drawn lines the monthly shape of a real team's book.

    - Every product follows seasonality and growth, each month within ~PRODUCT_NOISE: a dozen lines a
      month per product, of very different sizes, would otherwise swing ±25% at random, drowning the
      seasonal pattern and flagging random products and categories as problems.
    - Every key account spends its expected orders x size x an order's value, each month within ~12%:
      it buys for budgets and projects, so its quarters compare fairly; left to the line draws (a
      contract one month, a few mice the next) its months would swing ±40% and a normal quarter would
      look like the 30% drop of an account at risk.
    Both aims are met together by scaling quantities in turn a few times (iterative proportional
    fitting); the product aim comes last, so it holds best.
    """
    n_m, n_p = len(months), len(PRODUCTS)
    t = np.arange(n_m)
    cust = lines["_cust"].to_numpy()
    month = lines["_month"].to_numpy()
    is_key = lam.sum(axis=1)[cust] > 0
    # Key accounts grow with the team (TREND_GROWTH), their order counts with ANNUAL_GROWTH.
    catch_up = ((1 + TREND_GROWTH) / (1 + ANNUAL_GROWTH)) ** ((t - (n_m - 1)) / 12)
    key_want = KEY_LINE_VALUE * 2.5 * size[:, None] * lam * catch_up[None, :]
    key_want = (key_want * rng.lognormal(0.0, 0.12, lam.shape)).ravel()
    key_cell = cust * n_m + month
    lines = _scale_cells(rng, lines, key_cell, key_want, is_key, 0.25, 4.0)

    curve = SEASON[months.month.to_numpy() - 1] * (1 + TREND_GROWTH) ** (t / 12)
    prod_cell = month * n_p + lines["_product"].to_numpy()
    amount = lines["amount"].to_numpy()
    total = np.bincount(prod_cell, weights=amount, minlength=n_m * n_p).reshape(n_m, n_p)
    share = total.sum(axis=0) / total.sum()
    prod_want = (curve / curve.sum())[:, None] * share[None, :] * total.sum()
    prod_want = (prod_want * rng.normal(1.0, PRODUCT_NOISE, prod_want.shape)).ravel()
    everyone = np.ones(len(lines), dtype=bool)
    for i in range(rounds):
        if i:
            lines = _scale_cells(rng, lines, key_cell, key_want, is_key, 0.25, 4.0)
        lines = _scale_cells(rng, lines, prod_cell, prod_want, everyone, 0.4, 2.5)
    return lines


def _plant_category_drop(rng: np.random.Generator, lines: pd.DataFrame, n_months: int) -> pd.DataFrame:
    """The underperforming category: in the last month, regular buyers stop and the rest buy less."""
    cat = _category_index(UNDERPERFORMING_CATEGORY)
    last = n_months - 1
    in_cat = lines["_cat"].to_numpy() == cat
    recent = lines[in_cat & (lines["_month"] >= last - 3) & (lines["_month"] < last)]
    months_bought = recent.groupby("_cust")["_month"].nunique()
    regulars = months_bought.index[months_bought >= 2].to_numpy()
    # About 35% of the regular buyers stop buying the category (they keep buying other things), and a
    # few other lines go: the category ends up about a third down, a clear problem but not a collapse.
    stopped = rng.choice(regulars, size=int(len(regulars) * 0.35), replace=False) if len(regulars) else regulars
    now = in_cat & (lines["_month"].to_numpy() == last)
    drop = now & (np.isin(lines["_cust"].to_numpy(), stopped) | (rng.random(len(lines)) < 0.18))
    lines = lines[~drop].copy()
    # Those still buying take smaller quantities.
    shrink = now[~drop]
    q = lines["quantity"].to_numpy()
    q_new = np.where(shrink, np.maximum(1, np.round(q * 0.85)), q)
    lines["quantity"] = q_new
    lines["amount"] = np.round(q_new * lines["_unit"].to_numpy(), 2)
    return lines


def _plant_quiet_accounts(rng: np.random.Generator, lines: pd.DataFrame, quiet: np.ndarray,
                          n_months: int) -> pd.DataFrame:
    """Cap the quiet key accounts' last 3 months at about 30% of the 3 before.

    Runs after the monthly calibration, so the business they lose is lost to the team (not made up by the
    other customers). Their recent lines, in random order, are kept only while they add up to at most 30%
    (each month's smallest is kept: down, not gone).
    """
    cust = lines["_cust"].to_numpy()
    month = lines["_month"].to_numpy()
    mine = np.isin(cust, quiet)
    before = mine & (month >= n_months - 6) & (month < n_months - 3)
    prior = pd.Series(lines["amount"].to_numpy()[before]).groupby(cust[before]).sum()
    recent = lines[mine & (month >= n_months - 3)].copy()
    recent["_r"] = rng.random(len(recent))
    recent = recent.sort_values("_r")
    recent["_cum"] = recent.groupby("_cust")["amount"].cumsum()
    allowed = recent["_cust"].map(prior).fillna(0.0) * 0.30
    smallest = recent.groupby(["_cust", "_month"])["amount"].transform("min") == recent["amount"]
    drop = recent.index[(recent["_cum"] > allowed) & ~smallest]
    return lines.drop(index=drop)


def _add_returns(rng: np.random.Generator, lines: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """About 1% of lines are partly returned 5–25 days later (negative quantity and amount)."""
    pick = rng.random(len(lines)) < 0.01
    ret = lines[pick].copy()
    ret["order_date"] = ret["order_date"] + pd.to_timedelta(rng.integers(5, 26, len(ret)), unit="D")
    ret = ret[ret["order_date"] <= as_of]
    q = -np.maximum(1, np.round(ret["quantity"].to_numpy() * rng.uniform(0.1, 0.6, len(ret))))
    ret["quantity"] = q
    ret["amount"] = np.round(q * ret["_unit"].to_numpy(), 2)
    ret["_return"] = True
    return pd.concat([lines, ret], ignore_index=True)


# ---------------------------------------------------------------------------------------------------
# Targets
def _targets(rng: np.random.Generator, months: pd.PeriodIndex, sales: pd.DataFrame,
             cust: pd.DataFrame) -> pd.DataFrame:
    """Targets around each rep's run rate, a team row per month, key-account, category and region rows.

    A target is the mean of the 3 months before, seasonally adjusted, times a per-rep stretch factor —
    some reps get stretch targets, others easier ones, so attainment spreads around 100%.
    """
    all_months = months.append(pd.period_range(months[-1] + 1, periods=1, freq="M"))
    per = sales["order_date"].dt.to_period("M")
    rows = []

    def run_rate(actual: pd.DataFrame) -> pd.DataFrame:
        # actual: months x groups, indexed by period; returns all_months x groups
        actual = actual.reindex(all_months[:-1], fill_value=0.0)
        season = SEASON[actual.index.month.to_numpy() - 1][:, None]
        flat = actual / season
        base = flat.rolling(3, min_periods=1).mean().shift(1)
        base.iloc[0] = flat.iloc[:3].mean()
        nxt = flat.iloc[-3:].mean()
        base = pd.concat([base, nxt.to_frame().T.set_axis([all_months[-1]])])
        base.index = all_months
        trend = 1 + ANNUAL_GROWTH / 12 * 2  # the 3-month mean lags ~2 months of growth
        return base * SEASON[all_months.month.to_numpy() - 1][:, None] * trend

    by_rep = sales.groupby([per, "_rep"])["amount"].sum().unstack(fill_value=0.0)
    by_rep = by_rep.reindex(columns=range(len(REPS)), fill_value=0.0)
    stretch = np.array([1.08, 0.94, 1.12, 0.97, 1.05, 0.92, 1.10, 1.00, 0.95, 1.06])
    noise = rng.normal(1.0, 0.03, (len(all_months), len(REPS)))
    rep_t = (run_rate(by_rep) * stretch[None, :] * noise / 1000).round() * 1000
    for r in range(len(REPS)):
        rows.append(pd.DataFrame({"month": all_months.to_timestamp(), "_rep": r,
                                  "segment": None, "_cat": -1, "target_amount": rep_t[r].to_numpy()}))
    team = (rep_t.sum(axis=1) / 10000).round() * 10000
    rows.append(pd.DataFrame({"month": all_months.to_timestamp(), "_rep": -1, "segment": None,
                              "_cat": -1, "target_amount": team.to_numpy()}))

    # Key-account and category targets for the last 12 months and the next one.
    recent = all_months[-13:]
    seg = cust["segment"].to_numpy()[sales["_cust"].to_numpy()]
    ka = sales[seg == "Key Account"].groupby(per[seg == "Key Account"])["amount"].sum().to_frame("ka")
    ka_t = (run_rate(ka)["ka"] * 1.04 / 10000).round() * 10000
    rows.append(pd.DataFrame({"month": recent.to_timestamp(), "_rep": -1, "segment": "Key Account",
                              "_cat": -1, "target_amount": ka_t.reindex(recent).to_numpy()}))
    by_cat = sales.groupby([per, "_cat"])["amount"].sum().unstack(fill_value=0.0)
    cat_t = (run_rate(by_cat) / 1000).round() * 1000
    for c in cat_t.columns:
        rows.append(pd.DataFrame({"month": recent.to_timestamp(), "_rep": -1, "segment": None,
                                  "_cat": c, "target_amount": cat_t[c].reindex(recent).to_numpy()}))
    # Region targets (a region's rows and nothing else) for the same months, a little above the run rate;
    # no random draws, so every other figure of the demo stays as it was.
    region_names = list(dict.fromkeys(r[1][0] for r in REGIONS))
    city_region = np.array([region_names.index(r[1][0]) for r in REGIONS])
    region = city_region[cust["_city"].to_numpy()[sales["_cust"].to_numpy()]]
    by_region = sales.groupby([per, region])["amount"].sum().unstack(fill_value=0.0)
    region_t = (run_rate(by_region) * 1.03 / 10000).round() * 10000
    for g in region_t.columns:
        rows.append(pd.DataFrame({"month": recent.to_timestamp(), "_rep": -1, "segment": None, "_cat": -1,
                                  "_region": g, "target_amount": region_t[g].reindex(recent).to_numpy()}))
    return pd.concat(rows, ignore_index=True)


# ---------------------------------------------------------------------------------------------------
# Activities, surveys, pipeline
def _recent_days(rng: np.random.Generator, end: pd.Period, n: int, n_months: int = 14) -> np.ndarray:
    """n business days spread over the last n_months months up to the end of `end`."""
    first = (end - (n_months - 1)).to_timestamp().to_datetime64().astype("datetime64[D]")
    last = end.to_timestamp(how="end").to_datetime64().astype("datetime64[D]")
    span = int((last - first).astype(int)) + 1
    days = first + rng.integers(0, span, n)
    dow = (days.astype(int) - 4) % 7
    days = days - np.where(dow == 5, 1, np.where(dow == 6, 2, 0))  # weekends -> the Friday before
    return np.maximum(days, first)


def _customers_of_rep(rng: np.random.Generator, cust: pd.DataFrame, rep: np.ndarray) -> np.ndarray:
    """For each entry of `rep`, a random customer index owned by that rep."""
    owner = cust["_rep"].to_numpy()
    order = np.argsort(owner, kind="stable")
    starts = np.searchsorted(owner[order], np.arange(len(REPS)))
    counts = np.bincount(owner, minlength=len(REPS))
    return order[starts[rep] + (rng.random(len(rep)) * counts[rep]).astype(int)]


def _activities(rng: np.random.Generator, end: pd.Period, cust: pd.DataFrame) -> pd.DataFrame:
    """A CRM log of 14 months: each rep logs about ACTIVITIES_PER_REP a month (some reps far more
    than others, as in any team), a business day in the month each."""
    n_months = 14
    busy = rng.lognormal(0.0, 0.25, len(REPS))
    per = rng.poisson(ACTIVITIES_PER_REP * busy[None, :], (n_months, len(REPS)))
    month_idx, rep_idx = np.nonzero(per)
    rep = np.repeat(rep_idx, per[month_idx, rep_idx])
    m = np.repeat(month_idx, per[month_idx, rep_idx])
    n = len(rep)
    months = pd.period_range(end=end, periods=n_months, freq="M")
    first = months.to_timestamp().to_numpy().astype("datetime64[D]")[m]
    dim = months.days_in_month.to_numpy()[m]
    date = _to_weekday(first + (rng.random(n) * dim).astype(int), first, dim)
    kind = rng.choice(len(ACTIVITY_TYPES), size=n, p=ACTIVITY_WEIGHTS)
    kind[: len(ACTIVITY_TYPES)] = np.arange(len(ACTIVITY_TYPES))  # every type appears
    c = _customers_of_rep(rng, cust, rep)
    broadcast = np.isin(kind, [3, 4])  # online promotion / event: an audience, not one customer
    customer = np.where(broadcast & (rng.random(n) < 0.7), None, cust["customer_id"].to_numpy()[c])
    lo = np.array([2, 1, 1, 20, 10])[kind]
    hi = np.array([8, 2, 4, 180, 60])[kind]
    participants = rng.integers(lo, hi + 1).astype(float)
    u = rng.random(n)
    p = ACTIVITY_OUTCOME_P[kind]
    outcome = np.where(u < p[:, 0], 0, np.where(u < p[:, 0] + p[:, 1], 1, 2))
    outcome[: len(OUTCOMES)] = np.arange(len(OUTCOMES))
    pick = rng.random(n)
    blank = rng.random(n) < 0.08
    frame = pd.DataFrame({
        "date": date.astype("datetime64[ns]"), "_rep": rep,
        "activity_type": np.array(ACTIVITY_TYPES, dtype=object)[kind],
        "customer_id": customer, "participants": participants,
        "outcome": np.array(OUTCOMES, dtype=object)[outcome], "_pick": pick, "_blank": blank,
    })
    return frame.sort_values(["date", "_rep"], kind="stable").reset_index(drop=True)


def _feedback(rng: np.random.Generator, end: pd.Period, cust: pd.DataFrame) -> pd.DataFrame:
    n = 14 * SURVEYS_PER_MONTH
    date = _recent_days(rng, end, n)
    # Surveys go to customers still active (churned ones are no longer asked).
    customer = rng.choice(cust.loc[cust["status"] == "Active", "customer_id"].to_numpy(), size=n)
    topic = rng.choice(len(TOPICS), size=n, p=[0.3, 0.3, 0.22, 0.18])
    # Mostly satisfied (mean about 3.9), as surveys of a supplier's customers tend to be.
    score = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.03, 0.06, 0.17, 0.42, 0.32]).astype(float)
    # Delivery complaints rise in the last three months (the furniture supplier's delays): Delivery
    # scores about 0.85 lower, so the topic visibly dips while the overall mean stays near 3.7.
    late = date >= (end - 2).to_timestamp().to_datetime64().astype("datetime64[D]")
    worse = late & (TOPICS.index("Delivery") == topic)
    score = np.where(worse, np.maximum(1, score - rng.choice([0, 1, 2], size=n, p=[0.35, 0.45, 0.20])), score)
    frame = pd.DataFrame({
        "date": date.astype("datetime64[ns]"), "customer_id": customer, "score": score,
        "topic": np.array(TOPICS, dtype=object)[topic],
        "_pick": rng.random(n), "_blank": rng.random(n) < 0.15,
    })
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def _pipeline(rng: np.random.Generator, as_of: pd.Timestamp, cust: pd.DataFrame,
              close_rng: np.random.Generator) -> pd.DataFrame:
    """One row per deal and stage reached; Approval is the slow stage, a few deals are stuck in it.

    Close date, on every row of a deal: a closed deal's is the day it closed; an open deal's is what its
    rep expects — the day it entered its stage plus the usual days of that stage and those after it,
    give or take (`close_rng`), so the deals stuck in Approval are overdue."""
    n = 160
    n_stages = len(STAGES)
    day0 = as_of.to_datetime64().astype("datetime64[D]")
    start = day0 - rng.integers(5, 400, n)
    dur = np.maximum(1, np.round(STAGE_MEDIAN_DAYS[None, :] * rng.lognormal(0.0, 0.45, (n, n_stages))))
    # Planted: deals waiting in Approval for 33–80 days, far beyond the others.
    stuck = np.arange(STUCK_DEALS)
    waited = rng.integers(33, 81, STUCK_DEALS)
    start[stuck] = day0 - waited - dur[stuck, :3].sum(axis=1).astype(int)
    dur[stuck, 3] = 400

    won = rng.random(n) < 0.58
    won[stuck] = True
    lost_at = rng.choice([1, 2, 3, 4], size=n, p=[0.30, 0.30, 0.25, 0.15])
    last_stage = np.where(won, n_stages - 1, lost_at)

    entered = start[:, None] + np.concatenate([np.zeros((n, 1)), np.cumsum(dur, axis=1)[:, :-1]],
                                              axis=1).astype(int)
    left = entered + dur.astype(int)
    reached = (np.arange(n_stages)[None, :] <= last_stage[:, None]) & (entered <= day0)
    final_left = left[np.arange(n), last_stage]
    status = np.where(final_left > day0, "Open", np.where(won, "Won", "Lost"))

    deal, stage = np.nonzero(reached)
    ent = entered[deal, stage]
    lft = left[deal, stage]
    key = cust["segment"].to_numpy() == "Key Account"
    active = cust["status"].to_numpy() == "Active"  # no deals with customers who have left
    c = np.where(rng.random(n) < 0.6, rng.choice(np.flatnonzero(key & active), n),
                 rng.choice(np.flatnonzero(~key & active), n))
    c_key = key[c]
    amount = np.round(np.where(c_key, rng.lognormal(np.log(180000), 0.6, n),
                               rng.lognormal(np.log(35000), 0.5, n)) / 1000) * 1000
    order = np.argsort(start, kind="stable")
    deal_no = np.empty(n, dtype=int)
    deal_no[order] = np.arange(1, n + 1)
    left_on = np.where(lft > day0, np.datetime64("NaT"), lft).astype("datetime64[ns]")
    current = np.where(reached, np.arange(n_stages)[None, :], 0).max(axis=1)
    to_go = np.cumsum(STAGE_MEDIAN_DAYS[::-1])[::-1][current]        # days of this stage and those after it
    expected = entered[np.arange(n), current] + np.round(to_go * close_rng.lognormal(0.0, 0.3, n)).astype(int)
    close = np.where(status == "Open", expected, final_left)
    frame = pd.DataFrame({
        "deal_id": ("D" + pd.Series(deal_no[deal]).astype(str).str.zfill(4)).to_numpy(dtype=object),
        "customer_id": cust["customer_id"].to_numpy()[c[deal]],
        "_rep": cust["_rep"].to_numpy()[c[deal]],
        "stage": np.array(STAGES, dtype=object)[stage],
        "entered_on": ent.astype("datetime64[ns]"),
        "left_on": left_on,
        "amount": amount[deal],
        "status": status[deal],
        "close_date": close[deal].astype("datetime64[D]").astype("datetime64[ns]"),
        "_no": deal_no[deal], "_stage": stage,
    })
    return frame.sort_values(["_no", "_stage"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------
# Words and final shape
def _localise(key: str, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Fill the language-dependent columns from the hidden index columns."""
    i = 1 if lang == "zh" else 0
    f = frame.copy()
    reps = np.array([r[i] for r in REPS], dtype=object)
    if "_rep" in f:
        r = f["_rep"].to_numpy()
        f["sales_rep"] = np.where(r >= 0, reps[np.maximum(r, 0)], None)
    if key == "customers":
        city = np.array([c[0][i] for c in REGIONS], dtype=object)[f["_city"]]
        region = np.array([c[1][i] for c in REGIONS], dtype=object)[f["_city"]]
        brand = np.array([b[i] for b in BRANDS], dtype=object)[f["_brand"]]
        industry = np.array([d[i] for d in INDUSTRIES], dtype=object)[f["_industry"]]
        if lang == "zh":
            f["customer_name"] = city + brand + industry + "有限公司"
        else:
            f["customer_name"] = city + " " + brand + " " + industry + " Co., Ltd."
        f["region"] = region
        reasons = np.array([r[i] for r in CHURN_REASONS], dtype=object)
        f["churn_reason"] = np.where(f["_reason"] >= 0, reasons[np.maximum(f["_reason"], 0)], None)
    if key == "sales":
        f["product"] = np.array([p[1 + i] for p in PRODUCTS], dtype=object)[f["_product"]]
        f["category"] = np.array([c[i] for c in CATEGORIES], dtype=object)[f["_cat"]]
    if key == "targets":
        cats = np.array([c[i] for c in CATEGORIES], dtype=object)
        f["category"] = np.where(f["_cat"] >= 0, cats[np.maximum(f["_cat"], 0)], None)
        regions = np.array(list(dict.fromkeys(r[1][i] for r in REGIONS)), dtype=object)
        g = f["_region"].fillna(-1).to_numpy().astype(int)
        f["region"] = np.where(g >= 0, regions[np.maximum(g, 0)], None)
    if key == "activities":
        pools = ACTIVITY_FEEDBACK[lang]
        text = np.empty(len(f), dtype=object)
        for outcome, pool in pools.items():
            m = (f["outcome"] == outcome).to_numpy()
            text[m] = np.array(pool, dtype=object)[(f["_pick"].to_numpy()[m] * len(pool)).astype(int)]
        f["feedback"] = np.where(f["_blank"], None, text)
    if key == "feedback":
        tone = np.where(f["score"] >= 4, 0, np.where(f["score"] == 3, 1, 2))
        text = np.empty(len(f), dtype=object)
        for topic, by_tone in SURVEY_COMMENTS[lang].items():
            for k, pool in enumerate(by_tone):
                m = ((f["topic"] == topic) & (tone == k)).to_numpy()
                text[m] = np.array(pool, dtype=object)[(f["_pick"].to_numpy()[m] * len(pool)).astype(int)]
        f["comment"] = np.where(f["_blank"], None, text)
    if key == "plan":
        f["text"] = [text for _, text in PLAN_TEXTS[lang]]
    return f


def _clean(key: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Schema columns in schema order with the clean dtypes of `inputs`: datetime64[ns], float64, object."""
    out = {}
    for col in SHEETS_BY_KEY[key].columns:
        s = frame[col.key] if col.key in frame else pd.Series([None] * len(frame), index=frame.index)
        if col.type in (DATE, MONTH):
            out[col.key] = pd.Series(pd.to_datetime(s).to_numpy().astype("datetime64[ns]"))
        elif col.type in (NUMBER, INTEGER, SCORE):
            out[col.key] = pd.Series(pd.to_numeric(s).to_numpy(dtype="float64"))
        else:
            values = s.to_numpy(dtype=object, copy=True)
            values[pd.isna(values)] = None  # blanks are None, as validation hands them over
            out[col.key] = pd.Series(values, dtype=object)
    return pd.DataFrame(out)
