"""Sections 一 / 七 (summary): every highlight cites a figure held in the model; en and zh wording;
numbers in sentences.

The book (report month 2025-03, amounts in ¥):

    date        customer  category product  amount
    2024-03-05  C2        B        PB        40,000   (same month last year)
    2024-12-05  K1        A        PA       100,000
    2025-02-05  C2        B        PB        50,000
    2025-03-05  K1        A        PA        30,000
    2025-03-06  C2        B        PB        80,000
    2025-03-07  C3        B        PB        10,000   (C3's first order ever: a new customer)

March 120,000; February 50,000 -> MoM 120/50 - 1 = +140 %; March 2024 40,000 -> YoY +200 %.
Targets: team 150,000 for March -> attainment 0.8; team 160,000 for April; category A 60,000 for March
-> A: 30,000 vs 60,000 = -50 % (underperformer, 30,000 short).
Materiality floor: 1 % of max(120,000 sales, 150,000 target) = 1,500.
By category: A 30,000 vs 0 in Feb (MoM n/a), B 90,000 vs 50,000 (MoM +80 %, up 40,000: the mover up).
B has no target and sold in 2 of its 4 baseline months (Feb, 2024-03): not judged.
K1 (Key Account): reordered once, 90 days apart (3 months hold round(91.3125 / 90) = 1 of its orders, so it is
judged on its orders): 100,000 then 30,000 -> down 70 % >= 30 %: at risk; per 3 months at its rhythm
70,000 × 91.3125 / 90 = 71,020.8 at stake (¥7.1万).
Ranked by money at stake: at risk 71,021, B up 40,000, A short 30,000; then the stage, satisfaction
(moved 2.0 points) and customers.
Pipeline: D1 in Approval since Mar 1, open -> 30 days at Mar 31: the slowest (only) stage.
Feedback in March: 4 (Product), 2 (Service) -> mean 3.0; February: 5 -> change -2.0.
"""
from __future__ import annotations

import re

import pytest

from compute_fixtures import make_inputs, sale
from compute_fixtures import compute_report, highlight_texts, words_of

SALES = [
    sale("2024-03-05", "C2", 40000, category="B", product="PB"),
    sale("2024-12-05", "K1", 100000, category="A", product="PA"),
    sale("2025-02-05", "C2", 50000, category="B", product="PB"),
    sale("2025-03-05", "K1", 30000, category="A", product="PA"),
    sale("2025-03-06", "C2", 80000, category="B", product="PB"),
    sale("2025-03-07", "C3", 10000, category="B", product="PB"),
]
CUSTOMERS = [dict(customer_id="K1", customer_name="Kilo Ltd", segment="Key Account"),
             dict(customer_id="C2", segment="SMB"), dict(customer_id="C3", segment="SMB")]
TARGETS = [dict(month="2025-03", target_amount=150000), dict(month="2025-04", target_amount=160000),
           dict(month="2025-03", category="A", target_amount=60000)]
PIPELINE = [dict(deal_id="D1", stage="Approval", entered_on="2025-03-01", status="Open", amount=5000)]
FEEDBACK = [dict(date="2025-03-10", score=4, topic="Product"), dict(date="2025-03-11", score=2, topic="Service"),
            dict(date="2025-02-10", score=5, topic="Product")]
PLAN = [dict(section="summary_note", text="A strong month for B.")]


def book(**settings):
    return make_inputs(sales=SALES, customers=CUSTOMERS, targets=TARGETS, pipeline=PIPELINE,
                       feedback=FEEDBACK, plan=PLAN, report_month="2025-03", **settings)


def resolve(model, name):
    """Look a highlight's figure_name up in the model, independently of the code that wrote it."""
    if name.startswith("SR_"):
        return model.figures[name]
    m = re.fullmatch(r"count\(([\w.]+)\)", name)
    if m:
        obj = model
        for part in m.group(1).split("."):
            obj = getattr(obj, part)
        return len(obj)
    m = re.fullmatch(r"([\w.]+)\[(.+)\]\.(\w+)", name)
    assert m, f"unknown figure_name {name!r}"
    obj = model
    for part in m.group(1).split("."):
        obj = getattr(obj, part)
    key = m.group(2)
    row = next(r for r in obj if key in (getattr(r, "name", None), getattr(r, "stage", None),
                                         getattr(r, "topic", None), getattr(r, "rep", None)))
    return getattr(row, m.group(3))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_highlight_cites_a_model_figure(lang):
    model = compute_report(book(), lang=lang, built_at="2025-04-01T00:00:00")
    hl = model.summary.highlights
    assert 3 <= len(hl) <= 8
    for s in hl:
        assert s.figure == resolve(model, s.figure_name), s.key
    # and the figures are the hand-worked ones
    by_key = {s.key: s for s in hl}
    assert list(by_key) == ["sales_month", "attainment", "at_risk", "mover_up", "shortfall",
                            "slowest_stage", "satisfaction", "customers"]
    assert by_key["sales_month"].figure == 120000.0
    assert by_key["attainment"].figure == pytest.approx(0.8)          # 120,000 / 150,000
    assert by_key["customers"].figure == 1                            # C3
    assert by_key["mover_up"].figure_name == "sales.by_category[B].mom"
    assert by_key["mover_up"].figure == pytest.approx(0.8)            # 90,000 / 50,000 - 1
    assert by_key["shortfall"].figure_name == "problems.underperformers[A].gap"
    assert by_key["shortfall"].figure == pytest.approx(-30000.0)      # 30,000 - 60,000
    assert by_key["at_risk"].figure == 1
    assert by_key["slowest_stage"].figure == 30.0                     # Mar 1 -> Mar 31
    assert by_key["satisfaction"].figure == pytest.approx(3.0)        # (4 + 2) / 2
    # suggestions cite model figures the same way
    for s in model.plan.suggestions:
        if s.figure_name != "plan.gap":
            assert s.figure == resolve(model, s.figure_name), s.key
        else:
            assert s.figure == model.plan.gap


def test_english_wording():
    model = compute_report(book(), lang="en", built_at="x")
    texts, conclusion = highlight_texts(model), words_of(model).conclusion
    assert texts["sales_month"] == "Total sales this month: ¥12.0万, +140.0% month on month and +200.0% year on year."
    assert texts["attainment"] == "Target attainment: 80.0% (¥12.0万 against a target of ¥15.0万)."
    assert texts["satisfaction"] == ("Customer satisfaction: 3.00 out of 5 from 2 responses, "
                                     "-2.00 points on last month.")
    assert texts["customers"] == "1 new customer placed a first order this month; 0 customers churned."
    assert texts["at_risk"] == ("1 key account at risk, with ¥7.1万 of revenue per 3 months at risk; "
                                "the largest is Kilo Ltd (¥7.1万).")
    assert texts["mover_up"] == "B grew the most: up ¥4.0万 on last month to ¥9.0万 (+80.0%)."
    # A's baseline months hold 100,000 in Dec only: mean 25,000. Against its target of 60,000 the
    # shortfall of 30,000 is the target 25,000 - 60,000 = -35,000 above the usual months and sales
    # 30,000 - 25,000 = +5,000 on them (no quantities: no volume / price split)
    assert texts["shortfall"] == ("A fell short of its target by ¥3.0万 (¥3.0万 against ¥6.0万, -50.0%); in parts: "
                                  "the target above the usual months -¥3.5万, sales on the usual months +¥0.5万.")
    assert model.summary.summary_note == ["A strong month for B."]
    assert conclusion.startswith("Overall, sales reached ¥12.0万 this month, +140.0% on last month, "
                                               "80.0% of target.")
    # areas to watch by money at stake: the account at risk (71,021) before A (30,000 short)
    assert "Areas to watch: 1 key account at risk (¥7.1万 per 3 months), A (¥3.0万 short), the Approval stage." \
        in conclusion


def test_chinese_wording_reads_like_the_seed():
    model = compute_report(book(), lang="zh", built_at="x")
    texts, conclusion = highlight_texts(model), words_of(model).conclusion
    # 120,000 元 = 12.0 万元
    # Chinese punctuation: full-width ，：；（）
    assert texts["sales_month"] == "本月总销售额12.0万元，环比+140.0%，同比+200.0%。"
    assert texts["attainment"] == "本月目标完成率80.0%：完成12.0万元，目标15.0万元。"
    assert texts["customers"] == "本月新增客户1个，流失客户0个。"
    assert texts["slowest_stage"] == "销售流程瓶颈：审批环节，停留天数中位数30.0天（涉及1个商机）。"
    assert texts["satisfaction"] == "客户满意度评分3.00分（满分5分），共2份反馈，较上月-2.00分。"
    assert conclusion.startswith("总体来看，本月实现销售额12.0万元，环比+140.0%，目标完成率80.0%。")
    # the forecast: run rate (0 + 50,000 + 120,000) / 3 = 56,666.67 (history since 2024-03 < M-14: no index)
    assert "下月销售目标16.0万元，预测销售额5.7万元。" in conclusion


def test_no_target_no_mom_still_three_highlights():
    only = make_inputs(sales=[sale("2025-03-05", "C1", 100)], report_month="2025-03")
    model = compute_report(only, built_at="x")
    hl = model.summary.highlights
    assert [s.key for s in hl] == ["sales_month", "no_target", "customers"]
    assert words_of(model).highlights[0] == "Total sales this month: <¥0.1万."            # ¥100; no MoM / YoY to cite
    assert (hl[1].figure, hl[1].figure_name) == (None, "SR_TARGET")
    for s in hl:
        assert s.figure == resolve(model, s.figure_name)


# ------------------------------------------------------------------------------------ one basis
# Category A against its target of 1,000,000 for March 2025; the history starts in December 2024, so its
# usual months are Dec, Jan, Feb: 90 units for 900,000 each (P0 = 10,000). March: 60 units for 750,000.
#   shortfall against the target   750,000 - 1,000,000                 = -250,000
#   volume                         (60 - 90) x 10,000                  = -300,000
#   price and mix                  (750,000 - 900,000) - (-300,000)    = +150,000
#   the target vs the usual months 900,000 - 1,000,000                 = -100,000
#   -300,000 + 150,000 - 100,000 = -250,000: the parts add up to the shortfall, on the target's basis
#   (the volume part alone, -300,000, is more than the shortfall: the sentence must show the others).
ONE_BASIS_SALES = [sale(f"{m}-10", "C1", 900000, category="A", product="PA", quantity=90)
                   for m in ("2024-12", "2025-01", "2025-02")] + [
    sale("2025-03-10", "C1", 750000, category="A", product="PA", quantity=60)]


def test_a_shortfalls_parts_are_on_its_basis_and_add_up_to_it():
    book = make_inputs(sales=ONE_BASIS_SALES, targets=[dict(month="2025-03", category="A", target_amount=1000000)],
                       report_month="2025-03")
    model = compute_report(book, lang="en", built_at="x")
    u = next(r for r in model.problems.underperformers if r.name == "A")
    r = next(x for x in model.problems.reasons if x.name == "A")
    assert (u.basis, u.gap) == ("target", -250000.0)
    assert (r.volume_effect, r.price_effect, r.target_vs_usual) == (-300000.0, 150000.0, -100000.0)
    assert r.volume_effect + r.price_effect + r.target_vs_usual == u.gap
    assert model.problems.has_category_targets
    texts = highlight_texts(model)
    assert texts["shortfall"] == ("A fell short of its target by ¥25.0万 (¥75.0万 against ¥100.0万, -25.0%); "
                                  "in parts: volume -¥30.0万, the target above the usual months -¥10.0万, "
                                  "price and mix +¥15.0万.")
    zh = highlight_texts(model, "zh")
    assert zh["shortfall"].endswith("；其中：销量-30.0万元、目标高于往常月份-10.0万元、价格与结构+15.0万元。")
