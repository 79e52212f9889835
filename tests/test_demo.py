"""The demo data: deterministic, shaped like the input contract, meets every number of issue 2 point 4,
and holds the planted facts — each checked here with its own pandas calculation, not the generator's."""
from __future__ import annotations

import functools
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from salesreport_xl import demo
from salesreport_xl.demo import (
    BOTTLENECK_STAGE, LOST_ON_PRICE, PRICE_RISE_CATEGORY, QUIET_KEY_ACCOUNTS, SILENT_KEY_ACCOUNTS,
    UNDERPERFORMING_CATEGORY, demo_frames, demo_texts, write_demo,
)
from salesreport_xl.schema import SHEETS_BY_KEY

END = pd.Period("2025-09", freq="M")
AS_OF = pd.Timestamp("2025-09-30")
DATA_SHEETS = ("sales", "customers", "targets", "activities", "feedback", "pipeline", "plan")


@pytest.fixture(scope="module")
def demo_en():
    return demo_frames(seed=7)


@pytest.fixture(scope="module")
def demo_zh():
    return demo_frames(seed=7, lang="zh")


@pytest.fixture(scope="module")
def frames(demo_en):
    return demo_en[0]


@pytest.fixture(scope="module")
def sales(frames):
    s = frames["sales"].copy()
    s["month"] = s["order_date"].dt.to_period("M")
    return s


def _blank(series: pd.Series) -> pd.Series:
    return series.isna()


# ---------------------------------------------------------------------------------------------------
# Determinism and shape
def test_same_seed_gives_the_same_frames_and_another_seed_differs(demo_en):
    again, settings = demo_frames(seed=7)
    for key in DATA_SHEETS:
        pd.testing.assert_frame_equal(demo_en[0][key], again[key])
    assert settings == demo_en[1]
    other, _ = demo_frames(seed=8)
    assert not demo_en[0]["sales"].equals(other["sales"])
    assert not demo_en[0]["pipeline"].equals(other["pipeline"])


def test_frames_have_the_schema_columns_in_order_with_clean_types(frames):
    assert set(frames) == set(DATA_SHEETS) == set(demo.DATA_SHEETS)
    for key, frame in frames.items():
        sheet = SHEETS_BY_KEY[key]
        assert list(frame.columns) == [c.key for c in sheet.columns], key
        for col in sheet.columns:
            dtype = frame[col.key].dtype
            if col.type in ("date", "month"):
                assert dtype == "datetime64[ns]", (key, col.key)
            elif col.type in ("number", "integer", "score"):
                assert dtype == "float64", (key, col.key)
            else:
                assert dtype == object, (key, col.key)
                values = frame[col.key].dropna()
                assert values.map(type).eq(str).all(), (key, col.key)
    # Blank text is None, never NaN.
    reasons = frames["customers"]["churn_reason"]
    assert reasons[frames["customers"]["status"] == "Active"].map(lambda v: v is None).all()
    # Months are first days of months.
    assert (frames["targets"]["month"].dt.day == 1).all()


def test_choice_columns_hold_canonical_english_values_in_both_languages(demo_en, demo_zh):
    for f, _ in (demo_en, demo_zh):
        assert set(f["sales"]["channel"]) == {"Online", "Offline"}
        assert set(f["customers"]["segment"]) == {"Key Account", "SMB"}
        assert set(f["customers"]["status"]) == {"Active", "Churned"}
        assert set(f["activities"]["outcome"]) == {"Won", "Follow-up", "No interest"}
        assert set(f["pipeline"]["status"]) == {"Open", "Won", "Lost"}
        assert set(f["feedback"]["topic"]) == {"Product", "Service", "Delivery", "Price"}


def test_settings(demo_en, demo_zh):
    assert demo_en[1] == {
        "report_month": "2025-09", "company": "Huaxin Trading Co.", "team": "East China Sales",
        "currency": "¥", "display_unit": 10000, "unit_label": "万元", "language": "en", "churn_days": 90,
        "at_risk_drop": 0.30, "big_change": 0.20, "underperform": -0.10, "stalled_days": 30, "top_n": 10,
    }
    zh = demo_zh[1]
    assert (zh["language"], zh["company"], zh["team"]) == ("zh", "华信贸易有限公司", "华东销售部")


def test_zh_demo_has_the_same_numbers_and_chinese_words(frames, demo_zh):
    zh = demo_zh[0]
    for key in DATA_SHEETS:
        for col in SHEETS_BY_KEY[key].columns:
            if col.type in ("date", "month", "number", "integer", "score", "choice", "id"):
                pd.testing.assert_series_equal(frames[key][col.key], zh[key][col.key], obj=f"{key}.{col.key}")
    cjk = lambda s: s.dropna().str.contains(r"[\u4e00-\u9fff]").all()  # noqa: E731
    assert cjk(zh["sales"]["product"]) and cjk(zh["sales"]["category"]) and cjk(zh["sales"]["sales_rep"])
    assert cjk(zh["customers"]["customer_name"]) and cjk(zh["customers"]["churn_reason"])
    assert cjk(zh["activities"]["feedback"]) and cjk(zh["feedback"]["comment"]) and cjk(zh["plan"]["text"])
    assert "办公家具" in set(zh["sales"]["category"])
    assert demo_texts("zh")["underperforming_category"] == "办公家具"
    assert not cjk(frames["plan"]["text"].str.slice(0, 3))
    # One customer, one name: the same IDs carry the same names in Sales and Customers.
    names = zh["customers"].set_index("customer_id")["customer_name"]
    assert (zh["sales"]["customer_name"] == zh["sales"]["customer_id"].map(names)).all()


# ---------------------------------------------------------------------------------------------------
# Issue 2 point 4: the numbers
def test_point_4_sizes(frames, sales):
    assert sales["month"].nunique() >= 26
    assert sales["month"].max() == END
    assert len(sales) >= 8000
    assert 8 <= sales["sales_rep"].nunique() <= 12
    cust = frames["customers"]
    assert len(cust) >= 300 and cust["customer_id"].is_unique
    assert sales["customer_id"].nunique() >= 300
    assert set(cust["segment"]) == {"Key Account", "SMB"}
    assert set(sales["customer_id"]) <= set(cust["customer_id"])
    assert sales["category"].nunique() >= 5
    assert sales["product"].nunique() >= 30
    assert set(sales["channel"]) == {"Online", "Offline"}
    # Each product belongs to one category.
    assert sales.groupby("product")["category"].nunique().max() == 1


def test_key_accounts_are_fewer_with_much_larger_orders(frames, sales):
    seg = frames["customers"].set_index("customer_id")["segment"]
    counts = seg.value_counts()
    assert counts["Key Account"] < counts["SMB"]
    orders = sales.groupby("order_id").agg(amount=("amount", "sum"), customer=("customer_id", "first"))
    mean_order = orders.groupby(orders["customer"].map(seg))["amount"].mean()
    assert mean_order["Key Account"] > 3 * mean_order["SMB"]


def test_seasonality_and_growth(sales):
    monthly = sales.groupby("month")["amount"].sum()
    for year in (2024, 2025):
        feb = monthly[pd.Period(f"{year}-02")]
        others = monthly[[pd.Period(f"{year}-{m:02d}") for m in range(1, 10) if m != 2]]
        assert feb < 0.85 * others.mean()
    q4 = monthly[[pd.Period(f"2024-{m}") for m in (10, 11, 12)]].mean()
    q2q3 = monthly[[pd.Period(f"2024-{m:02d}") for m in range(4, 10)]].mean()
    assert q4 > 1.05 * q2q3
    last12, prev12 = monthly.iloc[-12:].sum(), monthly.iloc[-24:-12].sum()
    assert last12 > 1.05 * prev12


def test_returns_and_unit_prices(sales):
    returns = sales[sales["amount"] < 0]
    assert 0 < len(returns) < 0.03 * len(sales)
    assert (returns["quantity"] < 0).all()
    assert returns["order_id"].str.startswith("RT").all()
    # A product's unit price stays within a band (list price, discounts and a small yearly drift).
    unit = sales["amount"] / sales["quantity"]
    spread = unit.groupby(sales["product"]).agg(lambda u: u.max() / u.min())
    assert spread.max() < 1.4


def test_churned_customers_have_reasons_dates_and_no_later_sales(frames, sales):
    cust = frames["customers"]
    churned = cust[cust["status"] == "Churned"]
    assert len(churned) >= 10
    assert churned["churn_date"].notna().all() and cust.loc[cust["status"] == "Active", "churn_date"].isna().all()
    assert set(churned["churn_reason"]) == {"Price", "Switched to competitor", "Budget cut", "Service issues",
                                            "Business closed"}
    months = churned["churn_date"].dt.to_period("M")
    assert months.nunique() >= 6 and (months == END).sum() >= 2
    last_order = sales.groupby("customer_id")["order_date"].max()
    joined = churned.set_index("customer_id")["churn_date"].to_frame().join(last_order)
    assert joined["order_date"].notna().all()  # they bought before leaving
    assert (joined["order_date"] <= joined["churn_date"]).all()


def test_targets(frames, sales):
    tg = frames["targets"]
    next_month = pd.Timestamp("2025-10-01")
    team = tg[_blank(tg["sales_rep"]) & _blank(tg["segment"]) & _blank(tg["category"]) & _blank(tg["region"])]
    assert team["month"].dt.to_period("M").is_unique
    assert set(sales["month"].dt.to_timestamp()) | {next_month} == set(team["month"])
    reps = tg[tg["sales_rep"].notna()]
    assert set(reps["sales_rep"]) == set(sales["sales_rep"])
    assert set(reps.loc[reps["month"] == next_month, "sales_rep"]) == set(sales["sales_rep"])
    assert ((tg["segment"] == "Key Account") & (tg["month"] == next_month)).any()
    cat_rows = tg[tg["category"].notna()]
    assert set(cat_rows["category"]) == set(sales["category"])
    assert (cat_rows["month"] == next_month).any()
    # Around the run rate: over the last 12 months each rep's attainment is within 80–120%,
    # some reps above 100% and some below.
    recent = sales[sales["month"] > END - 12]
    actual = recent.groupby("sales_rep")["amount"].sum()
    rep_rows = reps[(reps["month"] > (END - 12).to_timestamp()) & (reps["month"] <= END.to_timestamp())]
    target = rep_rows.groupby("sales_rep")["target_amount"].sum()
    attainment = actual / target
    assert attainment.between(0.8, 1.2).all()
    assert (attainment > 1).any() and (attainment < 1).any()


def test_activities(frames):
    act = frames["activities"]
    assert len(act) >= 300
    assert set(act["activity_type"]) == {"Meeting", "Call", "Visit", "Online promotion", "Event"}
    assert set(act["outcome"]) == {"Won", "Follow-up", "No interest"}
    assert (act["participants"] >= 1).all() and (act["participants"] % 1 == 0).all()
    assert act["feedback"].notna().mean() > 0.8
    months = act["date"].dt.to_period("M")
    assert months.max() == END and 12 <= months.nunique() <= 15
    assert act["date"].dt.day_of_week.max() <= 4  # working days


def test_feedback_surveys(frames):
    fb = frames["feedback"]
    assert len(fb) >= 300
    assert set(fb["score"]) == {1.0, 2.0, 3.0, 4.0, 5.0}
    assert set(fb["topic"]) == {"Product", "Service", "Delivery", "Price"}
    assert fb["comment"].notna().mean() > 0.7
    months = fb["date"].dt.to_period("M")
    assert months.max() == END and 12 <= months.nunique() <= 15
    # Comments follow the score: a score of 1–2 never gets a comment from the good pool.
    good = {c for topic in demo.SURVEY_COMMENTS["en"].values() for c in topic[0]}
    assert not fb.loc[fb["score"] <= 2, "comment"].isin(good).any()


def test_plan_has_every_section(frames):
    plan = frames["plan"]
    assert set(plan["section"]) == {"summary_note", "problems", "root_causes", "bottlenecks",
                                    "next_month_plan", "strategy", "training"}
    assert plan["text"].str.len().between(40, 400).all()


def test_pipeline_rows_follow_the_stage_order(frames):
    pipe = frames["pipeline"]
    order = ["Lead", "Qualification", "Proposal", "Approval", "Negotiation", "Contract"]
    assert set(pipe["stage"]) == set(order)
    for deal, rows in pipe.groupby("deal_id"):
        stages = list(rows["stage"])
        assert stages == order[: len(stages)], deal
        assert rows["status"].nunique() == 1
        status = rows["status"].iloc[0]
        blanks = rows["left_on"].isna()
        if status == "Open":
            assert blanks.sum() == 1 and blanks.iloc[-1], deal
        else:
            assert not blanks.any(), deal
        if status == "Won":
            assert stages[-1] == "Contract"
        assert (rows["entered_on"].iloc[1:].to_numpy() == rows["left_on"].iloc[:-1].to_numpy()).all()
    assert (pipe["entered_on"] <= AS_OF).all() and (pipe["left_on"].dropna() <= AS_OF).all()
    churned = frames["customers"].loc[frames["customers"]["status"] == "Churned", "customer_id"]
    assert not pipe["customer_id"].isin(churned).any()
    assert not frames["feedback"]["customer_id"].isin(churned).any()


# ---------------------------------------------------------------------------------------------------
# Planted facts
def test_underperforming_category(frames, sales):
    by_cat = sales.pivot_table(index="month", columns="category", values="amount", aggfunc="sum")
    change = by_cat.loc[END] / by_cat.loc[[END - 3, END - 2, END - 1]].mean() - 1
    assert change[UNDERPERFORMING_CATEGORY] < -0.20
    assert change.idxmin() == UNDERPERFORMING_CATEGORY
    # The report month is the season's high, so against the same month last year it stands out alone.
    yoy = by_cat.loc[END] / by_cat.loc[END - 12] - 1
    assert yoy.idxmin() == UNDERPERFORMING_CATEGORY and yoy.min() < -0.25
    assert (yoy.drop(UNDERPERFORMING_CATEGORY) > -0.20).all()
    # Below its category target for the month.
    tg = frames["targets"]
    target = tg.loc[(tg["category"] == UNDERPERFORMING_CATEGORY) & (tg["month"] == END.to_timestamp()),
                    "target_amount"]
    assert len(target) == 1 and by_cat.loc[END, UNDERPERFORMING_CATEGORY] < 0.9 * target.iloc[0]
    # A volume drop: fewer units than the recent months' mean.
    cat = sales[sales["category"] == UNDERPERFORMING_CATEGORY]
    units = cat.groupby("month")["quantity"].sum()
    assert units[END] < 0.8 * units[[END - 3, END - 2, END - 1]].mean()
    # Customers who stopped buying it: bought it in 2+ of the 3 months before, bought other things
    # this month, but none of it.
    before = cat[cat["month"].between(END - 3, END - 1)].groupby("customer_id")["month"].nunique()
    regulars = set(before[before >= 2].index)
    buying_now = set(sales.loc[sales["month"] == END, "customer_id"])
    buying_cat_now = set(cat.loc[cat["month"] == END, "customer_id"])
    assert len((regulars & buying_now) - buying_cat_now) >= 5


def test_quiet_key_accounts(frames, sales):
    cust = frames["customers"].set_index("customer_id")
    assert (cust.loc[list(QUIET_KEY_ACCOUNTS), "segment"] == "Key Account").all()
    assert (cust.loc[list(QUIET_KEY_ACCOUNTS), "status"] == "Active").all()
    monthly = sales.pivot_table(index="customer_id", columns="month", values="amount", aggfunc="sum",
                                fill_value=0.0)
    last3 = monthly[[END - 2, END - 1, END]].sum(axis=1)
    prev3 = monthly[[END - 5, END - 4, END - 3]].sum(axis=1)
    for cid in QUIET_KEY_ACCOUNTS:
        assert last3[cid] <= 0.5 * prev3[cid], cid
    # They were big: each among the top third of key accounts by the 3 months before.
    key = cust.index[cust["segment"] == "Key Account"]
    rank = prev3[key].rank(ascending=False)
    assert (rank[list(QUIET_KEY_ACCOUNTS)] <= len(key) / 3).all()
    # The silent ones: last order 45+ days before the month's end, but under 90 (not yet churned).
    last_order = sales.groupby("customer_id")["order_date"].max()
    for cid in SILENT_KEY_ACCOUNTS:
        days = (AS_OF - last_order[cid]).days
        assert 45 <= days < 90, (cid, days)


def test_approval_is_the_pipeline_bottleneck(frames):
    pipe = frames["pipeline"]
    done = pipe[pipe["left_on"].notna()]
    days = (done["left_on"] - done["entered_on"]).dt.days
    median = days.groupby(done["stage"]).median()
    assert median.idxmax() == BOTTLENECK_STAGE == "Approval"
    assert 25 <= median["Approval"] <= 40
    assert median.drop("Approval").between(5, 12).all()
    open_rows = pipe[pipe["left_on"].isna()]
    waiting = (AS_OF - open_rows["entered_on"]).dt.days
    assert ((open_rows["stage"] == "Approval") & (waiting > 30)).sum() >= 4


def test_a_seasonal_year_whose_high_is_the_report_month(sales):
    # September is the year's high in both years of the data: at least 15 % above the mean month of
    # the 12 months it ends, and at least 20 % above August (the report's rule for a month that moved
    # with the season: big_change on last month, last year's month the same way).
    monthly = sales.groupby("month")["amount"].sum()
    for sep in (END, END - 12):
        year = monthly[pd.period_range(sep - 11, sep, freq="M")]
        assert monthly[sep] == year.max(), sep
        assert monthly[sep] >= 1.15 * year.mean(), sep
        assert monthly[sep] >= 1.20 * monthly[sep - 1], sep
    # February (Chinese New Year) is the low of the calendar year.
    assert monthly[pd.period_range("2024-01", "2024-12", freq="M")].idxmin() == pd.Period("2024-02")


def test_a_key_account_lost_on_price(frames, sales):
    cust = frames["customers"].set_index("customer_id").loc[LOST_ON_PRICE]
    assert (cust["segment"], cust["status"], cust["churn_reason"]) == ("Key Account", "Churned", "Price")
    assert cust["churn_date"].to_period("M") == END
    mine = sales[sales["customer_id"] == LOST_ON_PRICE]
    by_month = mine.groupby("month")["amount"].sum()
    assert END not in by_month.index and by_month[END - 1] > 0      # bought last month, not this month
    # A large account, mostly of the category whose price rose: ¥30万+ over the 12 months before.
    assert by_month[pd.period_range(END - 12, END - 1, freq="M")].sum() >= 300_000
    assert mine.loc[mine["category"] == PRICE_RISE_CATEGORY, "amount"].sum() >= 0.7 * mine["amount"].sum()
    # The biggest of the month's marked churn, and the only key account among them.
    churned_now = frames["customers"][(frames["customers"]["status"] == "Churned")
                                      & (frames["customers"]["churn_date"].dt.to_period("M") == END)]
    assert list(churned_now.loc[churned_now["segment"] == "Key Account", "customer_id"]) == [LOST_ON_PRICE]
    # The price rise: the category's products sell at 5 %+ above last month's average unit price, the
    # other categories' within ±3 %.
    lines = sales[(sales["amount"] > 0) & sales["month"].isin([END - 1, END])]
    unit = lines.groupby(["category", "product", "month"]).apply(
        lambda g: g["amount"].sum() / g["quantity"].sum(), include_groups=False).unstack("month")
    rise = (unit[END] / unit[END - 1]).groupby(level="category").median()
    assert rise[PRICE_RISE_CATEGORY] >= 1.05
    assert rise.drop(PRICE_RISE_CATEGORY).between(0.97, 1.03).all()


def test_a_channel_shift_to_online(sales):
    # Online's share of sales grows by 10+ points over the year, in both segments' orders; offline sells
    # less than a year ago while the team grows.
    by = sales.pivot_table(index="month", columns="channel", values="amount", aggfunc="sum")
    share = by["Online"] / by.sum(axis=1)
    last3, year_before = pd.period_range(END - 2, END, freq="M"), pd.period_range(END - 14, END - 12, freq="M")
    assert by.loc[last3, "Online"].sum() / by.loc[last3].sum().sum() >= \
        by.loc[year_before, "Online"].sum() / by.loc[year_before].sum().sum() + 0.10
    assert share[END] >= share[END - 12] + 0.10
    assert by.loc[END, "Offline"] < by.loc[END - 12, "Offline"] and by.loc[END, "Online"] > 1.3 * by.loc[END - 12, "Online"]


@pytest.mark.parametrize("seed", [1, 11, 27])
def test_planted_facts_hold_for_other_seeds(seed):
    f, _ = demo_frames(seed=seed)
    s = f["sales"].assign(month=f["sales"]["order_date"].dt.to_period("M"))
    by_cat = s.pivot_table(index="month", columns="category", values="amount", aggfunc="sum")
    # Against the same month last year: the report month is the season's high, which lifts every
    # category on the months before (the category's drop is measured against its season).
    change = by_cat.loc[END] / by_cat.loc[END - 12] - 1
    assert change.idxmin() == UNDERPERFORMING_CATEGORY and change.min() < -0.25
    assert (change.drop(UNDERPERFORMING_CATEGORY) > -0.20).all()
    quiet = s[s["customer_id"].isin(QUIET_KEY_ACCOUNTS)]
    per = quiet.pivot_table(index="customer_id", columns="month", values="amount", aggfunc="sum", fill_value=0)
    per = per.reindex(columns=pd.period_range(END - 5, END, freq="M"), fill_value=0.0)
    assert (per[[END - 2, END - 1, END]].sum(axis=1) <= 0.5 * per[[END - 5, END - 4, END - 3]].sum(axis=1)).all()
    # The key account lost on price: bought last month, none this month, marked Churned for Price.
    lost = s[s["customer_id"] == LOST_ON_PRICE].groupby("month")["amount"].sum()
    assert END not in lost.index and lost[END - 1] > 0
    cust = f["customers"].set_index("customer_id").loc[LOST_ON_PRICE]
    assert (cust["status"], cust["churn_reason"], cust["churn_date"].to_period("M")) == ("Churned", "Price", END)


def test_other_end_month():
    f, settings = demo_frames(seed=7, end_month="2024-12")
    months = f["sales"]["order_date"].dt.to_period("M")
    assert months.max() == pd.Period("2024-12") and months.nunique() >= 26
    assert settings["report_month"] == "2024-12"
    tg = f["targets"]
    assert (tg["month"] == pd.Timestamp("2025-01-01")).any()


# ---------------------------------------------------------------------------------------------------
# The workbook
EN_SHEETS = ["Settings", "Sales", "Customers", "Targets", "Activities", "Feedback", "Pipeline", "Plan"]
ZH_SHEETS = ["设置", "销售明细", "客户", "销售目标", "销售活动", "客户反馈", "商机阶段", "计划与说明"]


@pytest.mark.parametrize("lang,names", [("en", EN_SHEETS), ("zh", ZH_SHEETS)])
def test_write_demo_writes_a_workbook_that_validates(tmp_path: Path, lang, names, demo_en, demo_zh):
    from salesreport_xl.read import read_workbook
    from salesreport_xl.validate import validate

    path = write_demo(tmp_path, lang=lang, seed=7)
    assert path == tmp_path / f"demo_sales_{lang}.xlsx" and path.exists()
    wb = openpyxl.load_workbook(path, read_only=True)
    assert set(names) <= set(wb.sheetnames)
    wb.close()
    inputs, findings = validate(read_workbook(path))
    assert [f for f in findings if f.severity == "error"] == []
    frames = (demo_zh if lang == "zh" else demo_en)[0]
    assert len(inputs.sales) == len(frames["sales"])
    assert inputs.sales["amount"].sum() == pytest.approx(frames["sales"]["amount"].sum())
    assert str(inputs.settings.report_month) == "2025-09"
    assert inputs.settings.language == lang
    # List values come back canonical whichever language the workbook was written in.
    assert set(inputs.customers["segment"]) == {"Key Account", "SMB"}
    assert set(inputs.pipeline["stage"]) == set(frames["pipeline"]["stage"])


# ---------------------------------------------------------------------------------------------------
# Realism: the month a manager reads must look like a real team's month. Each figure is computed here
# from the frames by the documented rule (docs/figures.md: churn_days = 90, at_risk_drop = 30 %), not by
# the engine — for the shipped demo (seed 7); that other seeds keep the planted facts is
# `test_planted_facts_hold_for_other_seeds`.
REALISM_SEEDS = (7,)
CHURN_DAYS = 90


@functools.lru_cache(maxsize=None)
def _seed_frames(seed: int) -> dict[str, pd.DataFrame]:
    frames, _ = demo_frames(seed=seed)
    frames["sales"] = frames["sales"].assign(month=frames["sales"]["order_date"].dt.to_period("M"))
    return frames


def _inferred_churn(frames, month: pd.Period) -> set[str]:
    """Not marked Churned, and the last order on or before the end of M plus churn_days falls in M."""
    sales, cust = frames["sales"], frames["customers"].set_index("customer_id")
    last = sales[sales["month"] <= month].groupby("customer_id")["order_date"].max()
    crossed = (last + pd.Timedelta(days=CHURN_DAYS)).dt.to_period("M") == month
    marked = last.index.map(cust["status"]).to_numpy() == "Churned"
    return set(last.index[crossed.to_numpy() & ~marked])


def _marked_churn(frames, month: pd.Period) -> set[str]:
    cust = frames["customers"]
    hit = (cust["status"] == "Churned") & (cust["churn_date"].dt.to_period("M") == month)
    return set(cust.loc[hit, "customer_id"])


@pytest.mark.parametrize("seed", REALISM_SEEDS)
def test_churn_is_a_few_customers_a_month(seed):
    frames = _seed_frames(seed)
    # In the report month: 1-8 inferred (SMBs that stopped ordering 90 days ago), 1-3 marked with a reason.
    assert 1 <= len(_inferred_churn(frames, END)) <= 8
    marked = _marked_churn(frames, END)
    assert 1 <= len(marked) <= 3
    cust = frames["customers"].set_index("customer_id")
    assert cust.loc[list(marked), "churn_reason"].notna().all()
    # And so in every month of the last year, not only the report month: at most 8 + 3 in all.
    for month in pd.period_range(END - 11, END, freq="M"):
        assert len(_inferred_churn(frames, month)) <= 8, month
        assert len(_marked_churn(frames, month)) <= 3, month
    # SMBs reorder regularly: their median gap is about a month, and gaps of over 90 days between two
    # orders of a customer who came back are rare (under 1 %).
    sales = frames["sales"]
    smb = cust.index[cust["segment"] == "SMB"]
    orders = (sales[sales["customer_id"].isin(smb) & (sales["amount"] > 0)]
              .drop_duplicates(["customer_id", "order_date"]).sort_values(["customer_id", "order_date"]))
    gaps = orders.groupby("customer_id")["order_date"].diff().dt.days.dropna()
    assert 14 <= gaps.median() <= 45
    assert (gaps > CHURN_DAYS).mean() < 0.01


@pytest.mark.parametrize("seed", REALISM_SEEDS)
def test_only_the_planted_key_accounts_and_at_most_three_others_are_at_risk(seed):
    frames = _seed_frames(seed)
    sales, cust = frames["sales"], frames["customers"]
    keys = cust.loc[(cust["segment"] == "Key Account") & (cust["status"] != "Churned"), "customer_id"]
    monthly = sales.pivot_table(index="customer_id", columns="month", values="amount", aggfunc="sum",
                                fill_value=0.0).reindex(index=keys, columns=pd.period_range(END - 5, END, freq="M"),
                                                        fill_value=0.0)
    recent = monthly[[END - 2, END - 1, END]].sum(axis=1)
    prior = monthly[[END - 5, END - 4, END - 3]].sum(axis=1)
    drop = (prior > 0) & (recent <= 0.70 * prior)
    silent_days = (AS_OF - sales.groupby("customer_id")["order_date"].max().reindex(keys)).dt.days
    silent = (silent_days >= CHURN_DAYS / 2) & (silent_days < CHURN_DAYS)
    at_risk = set(keys[(drop | silent).to_numpy()])
    assert set(QUIET_KEY_ACCOUNTS) <= at_risk
    assert len(at_risk - set(QUIET_KEY_ACCOUNTS)) <= 3
    # Key accounts' months are steady: over the 12 months before the quiet quarter, the median account's
    # monthly sales vary by under 25 % (seasonality included), where lumpy single orders gave about 40 %.
    window = sales.pivot_table(index="customer_id", columns="month", values="amount", aggfunc="sum",
                               fill_value=0.0).reindex(index=keys, columns=pd.period_range(END - 14, END - 3, freq="M"),
                                                       fill_value=0.0)
    window = window[(window > 0).all(axis=1)]
    assert len(window) >= 40
    assert (window.std(axis=1) / window.mean(axis=1)).median() < 0.25


@pytest.mark.parametrize("seed", REALISM_SEEDS)
def test_new_customers_returns_and_category_shares_read_like_a_month(seed):
    frames = _seed_frames(seed)
    sales = frames["sales"]
    first = sales.groupby("customer_id")["order_date"].min().dt.to_period("M")
    for month in pd.period_range(END - 11, END, freq="M"):
        assert 1 <= (first == month).sum() <= 6, month
    now = sales[sales["month"] == END]
    assert 1 <= (now["amount"] < 0).sum() <= 15  # a few returns
    shares = now.groupby("category")["amount"].sum() / now["amount"].sum()
    assert shares.between(0.05, 0.40).all()
    # Total this month within -10 %..+15 % of a year ago: the planted problems hold growth back, they do
    # not sink the month.
    monthly = sales.groupby("month")["amount"].sum()
    assert -0.10 <= monthly[END] / monthly[END - 12] - 1 <= 0.15


@pytest.mark.parametrize("seed", REALISM_SEEDS)
def test_satisfaction_activities_and_attainment_read_like_a_team(seed):
    frames = _seed_frames(seed)
    fb = frames["feedback"].assign(month=frames["feedback"]["date"].dt.to_period("M"))
    assert 3.6 <= fb["score"].mean() <= 4.2
    assert 3.3 <= fb.loc[fb["month"] == END, "score"].mean() <= 4.3
    assert 35 <= (fb["month"] == END).sum() <= 90
    late = fb[fb["month"] >= END - 2]
    delivery = late.loc[late["topic"] == "Delivery", "score"].mean()
    assert delivery <= late.loc[late["topic"] != "Delivery", "score"].mean() - 0.4  # the visible dip

    act = frames["activities"]
    now = act[act["date"].dt.to_period("M") == END]
    per_rep = now.groupby("sales_rep").size()
    assert len(per_rep) == len(demo.REPS) and per_rep.min() >= 3
    assert 8 <= per_rep.mean() <= 25
    assert 0.15 <= (act["outcome"] == "Won").mean() <= 0.30

    # Attainment per rep in the report month: some above target, some below, none absurd.
    tg = frames["targets"]
    rep_t = tg[tg["sales_rep"].notna() & (tg["month"] == END.to_timestamp())].set_index("sales_rep")["target_amount"]
    actual = frames["sales"][frames["sales"]["month"] == END].groupby("sales_rep")["amount"].sum()
    attainment = actual / rep_t
    assert (attainment >= 1).any() and (attainment < 1).any()
    assert attainment.between(0.5, 1.5).all()
