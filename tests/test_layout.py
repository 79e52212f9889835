"""Layout: the hand-built model (tests/model_fixture.py) -> sheet plans. No writer involved."""
from __future__ import annotations

import dataclasses

import pytest

from model_fixture import make_model
from salesreport_xl import schema
from salesreport_xl.compute.model import FIGURE_NAMES
from salesreport_xl.i18n.numbers import Money
from salesreport_xl.layout.sections import all_report_sheet_names
from salesreport_xl.layout import layout_report
from salesreport_xl.layout import formats as F
from salesreport_xl.layout.blocks import ChartSpec, Kpi, Table, split_cell, split_range
from salesreport_xl.layout.builder import CHART_DATA_COL


@pytest.fixture(scope="module")
def en():
    return layout_report(make_model("en"))


def _table(layout, name) -> Table:
    for sheet in layout.sheets:
        for t in sheet.tables():
            if t.name == name:
                return t
    raise KeyError(name)


def _chart(layout, sheet_key, name) -> ChartSpec:
    return next(c for c in layout.sheet(sheet_key).charts if c.name == name)


def test_sheets_in_order_summary_first(en):
    assert en.sheet_names == ("Summary", "Sales Analysis", "Team Performance", "Customer Relations",
                              "Problems", "Future Plans", "Data Checks")


def test_zh_sheet_names_follow_the_seed():
    zh = layout_report(make_model("zh"))
    assert zh.sheet_names == ("摘要", "销售业绩分析", "销售团队表现", "客户管理与关系维护", "问题与挑战",
                              "未来计划与改进措施", "数据检查")
    assert zh.sheet("sales").value_at("B1") == "二、销售业绩分析"
    # an earlier report, in either language, is recognised by the marker; unmarked ones by these names
    assert {"Summary", "摘要"} <= set(all_report_sheet_names())


def test_report_sheet_names_never_match_an_input_sheet(en):
    inputs = set(schema.sheet_lookup())
    for name in all_report_sheet_names():
        assert schema.normalize_name(name) not in inputs, name
        assert len(name) <= 31


def test_kpi_cards_show_the_figures(en):
    summary = en.sheet("summary")
    kpis = {k.figure_name: k for k in summary.kpis()}
    assert list(kpis) == ["SR_SALES_MONTH", "SR_MOM", "SR_YOY", "SR_ATTAINMENT", "SR_NEW_CUSTOMERS",
                          "SR_CHURNED_CUSTOMERS", "SR_SATISFACTION", "SR_ACTIVITIES"]
    # first card row: C5, E5, G5, I5 (cards one wide column each, a gap column between); a card is
    # five rows (label, value, trend, note, gap), so the second row's values are on row 10
    assert summary.value_at("C5") == 123456.0
    assert summary.value_at("E5") == 0.23456
    assert summary.value_at("G5") == -0.17696
    assert summary.value_at("I5") == 1.0288
    assert summary.value_at("C10") == 2 and summary.value_at("I10") == 12
    assert summary.style_at("C5").number_format == '"¥"0"."0,"万";-"¥"0"."0,"万"'
    assert summary.style_at("E5").number_format == "+0.0%;-0.0%;0.0%"
    assert summary.style_at("G10").number_format == "0.00"
    # the note under the sales card cites last month's 100 000 as 10.0万
    assert kpis["SR_SALES_MONTH"].note == "last month ¥10.0万"


def test_every_defined_name_points_once_at_a_cell_showing_its_figure(en):
    model = make_model("en")
    names = [d.name for d in en.defined_names]
    assert sorted(names) == sorted(FIGURE_NAMES)
    for d in en.defined_names:
        assert en.sheet(d.sheet).value_at(d.cell) == model.figures[d.name], d.name


def test_a_tile_without_data_gives_its_place_and_its_name_stays_on_an_empty_cell():
    layout = layout_report(make_model("en", mom=None))
    d = layout.name("SR_MOM")
    assert layout.sheet(d.sheet).value_at(d.cell) is None          # formulas on SR_MOM see a blank
    cards = layout.sheet("summary").kpis()
    assert "SR_MOM" not in [k.figure_name for k in cards]
    # the second tile is now year to date: 330 000 (fixture), last year 300 000 -> ¥30.0万
    ytd = cards[1]
    assert (ytd.label, ytd.value, ytd.note) == ("Sales year to date", 330000.0, "last year ¥30.0万")
    assert len(cards) == 8 and not any(k.note.startswith("n/a") or k.value is None for k in cards)


def test_a_tile_without_data_and_no_spare_left_is_left_out_never_an_na_card():
    # Five figures without data (MoM, YoY, attainment, satisfaction, activities) and two spare tiles in
    # the fixture (year to date 330 000; average order 123 456 / 42 orders; no margin, no pipeline):
    # MoM's place goes to year to date, YoY's to the average order; attainment, satisfaction and
    # activities are left out, the tiles after them closing up -> five tiles, each with its figure.
    model = make_model("en", mom=None)
    missing = {"SR_YOY": None, "SR_ATTAINMENT": None, "SR_SATISFACTION": None, "SR_ACTIVITIES": None}
    layout = layout_report(dataclasses.replace(model, figures={**model.figures, **missing}))
    cards = layout.sheet("summary").kpis()
    assert [k.label for k in cards] == ["Sales this month", "Sales year to date", "Average order",
                                        "New customers", "Churned customers"]
    assert not any(k.value is None or "n/a" in (k.note or "") for k in cards)
    for name in ("SR_MOM", *missing):                    # the names stay, on empty cells
        d = layout.name(name)
        assert layout.sheet(d.sheet).value_at(d.cell) is None, name


def test_unavailable_table_value_shows_na_text(en):
    products = _table(en, "rpt_sales_products")
    # product "=1+1": last year 0 -> YoY None; sold this month on a zero base: "new" in the YoY column
    # (index 6), as a MoM from nothing is
    assert products.rows[0][0] == "=1+1"
    assert products.rows[0][6] == "new"
    # a comparison whose base is not known at all stays n/a: no last year's month in the data
    import dataclasses

    model = make_model("en")
    products = [dataclasses.replace(model.sales.top_products[0], last_year=None), *model.sales.top_products[1:]]
    model = dataclasses.replace(model, sales=dataclasses.replace(model.sales, top_products=products))
    assert _table(layout_report(model), "rpt_sales_products").rows[0][6] == "n/a"


def test_trend_chart_plots_the_trend_table(en):
    t = _table(en, "rpt_sales_trend")
    c = _chart(en, "sales", "sales_trend")
    assert c.kind == "combo"
    r1, _, r2, _ = split_range(c.categories)
    assert r2 - r1 + 1 == 13                                   # 13 months
    assert c.categories == t.body_range(0)
    assert [s.values for s in c.series] == [t.body_range(1), t.body_range(2)]
    assert [s.kind for s in c.series] == ["column", "line"]
    assert en.sheet("sales").value_at(t.cell(12, 0)) == "2025-03"


def test_every_chart_named_in_the_issue_is_there_and_titled(en):
    wanted = {("sales", "sales_trend"), ("sales", "sales_category"), ("sales", "sales_segment"),
              ("sales", "sales_channel"), ("team", "team_reps"), ("team", "team_activity_types"),
              ("customers", "customers_churn_reasons"), ("customers", "customers_scores"),
              ("problems", "problems_stages")}
    found = {(s.key, c.name) for s in en.sheets for c in s.charts}
    assert wanted <= found
    for s in en.sheets:
        for c in s.charts:
            assert c.title
            # every range a chart plots is a body column of a table on the same sheet
            bodies = {t.body_range(i) for t in s.tables() for i in range(len(t.columns))}
            assert c.categories in bodies
            assert all(x.values in bodies for x in c.series)


def test_rep_chart_compares_actual_with_target(en):
    t = _table(en, "rpt_team_reps")
    c = _chart(en, "team", "team_reps")
    assert c.kind == "bar"
    assert [(s.name, s.values) for s in c.series] == [("Actual", t.body_range("Actual")),
                                                      ("Target", t.body_range("Target"))]
    # the table shows the columns in the legend's order (Excel plots a block of columns in column order)
    assert [col.header for col in t.columns[:4]] == ["Sales rep", "Actual", "Target", "Attainment"]
    # the hand-built model's first rep: target 60 000, actual 70 000 -> 116.7 %
    assert t.rows[0][:4] == ("Li Lei", 70000.0, 60000.0, 70000 / 60000)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_plots_one_block_of_adjacent_columns_in_series_order(lang):
    # xlwings gives a chart one source range: its series must be adjacent columns over the same rows,
    # left to right in the order of the legend, or Excel would plot only the first (or in another order).
    layout = layout_report(make_model(lang))
    charts = [c for s in layout.sheets for c in s.charts]
    # the hand-built model has data for every chart: each analysis sheet draws at least one
    assert {s.key for s in layout.sheets if s.charts} == {"sales", "team", "customers", "problems", "plan"}
    for c in charts:
        boxes = [split_range(s.values) for s in c.series]
        rows = {(r1, r2) for r1, _, r2, _ in boxes}
        cols = [c1 for _, c1, _, c2 in boxes]
        assert len(rows) == 1, c.name
        assert cols == list(range(cols[0], cols[0] + len(cols))), c.name


def test_stage_chart_plots_median_days_this_month_then_last_month(en):
    t = _table(en, "rpt_problems_stages")
    c = _chart(en, "problems", "problems_stages")
    assert [col.header for col in t.columns[:4]] == ["Stage", "Deals", "Median days", "Median days last month"]
    assert [s.values for s in c.series] == [t.body_range(2), t.body_range(3)]
    # fixture: Approval has a median of 21 days this month, 14 last month
    assert t.rows[1][:4] == ("Approval", 3, 21.0, 14.0)


def _sign_rules(sheet, ref):
    """(operator, values, font colour) of the cell-value rules with `ref` among their areas."""
    return {(r.operator, r.values, r.style.font_colour) for r in sheet.conditional_formats
            if r.kind == "cell_value" and ref in r.areas}


# Red below zero; green for a positive number: "between" the smallest positive and a bound no figure
# reaches, which text (above every number in Excel) never falls between.
SIGN_RULES = {("less_than", (0,), "C00000"), ("between", (1e-300, 1e307), "00863D")}


@pytest.mark.parametrize("sheet_key, label", [("team", "Actual − target"), ("plan", "Forecast − target")])
def test_gaps_in_label_value_tables_are_red_below_zero_green_above(en, sheet_key, label):
    sheet = en.sheet(sheet_key)
    t = next(t for t in sheet.tables() if any(r[0] == label for r in t.rows))
    i = next(i for i, r in enumerate(t.rows) if r[0] == label)
    cell = t.cell(i, 1)
    # team: 123 456 − 120 000 = 3 456 ; plan: 125 000 − 130 000 = −5 000 (see model_fixture)
    assert sheet.value_at(cell) == {"team": 3456.0, "plan": -5000.0}[sheet_key]
    assert _sign_rules(sheet, cell) == SIGN_RULES
    # the colour comes from the rules only, never a fixed font colour on the cell
    assert sheet.style_at(cell).font_colour is None
    assert sheet.style_at(cell).number_format == '0"."0,'


def test_gap_columns_of_problem_tables_have_sign_rules(en):
    sheet = en.sheet("problems")
    for name, headers in (("rpt_problems_underperformers", ("Gap", "Gap %")),):
        t = _table(en, name)
        for h in headers:
            assert _sign_rules(sheet, t.body_range(h)) == SIGN_RULES, h
    # fixture: Speaker S expected 50 000, actual 30 000 -> gap −20 000
    assert _table(en, "rpt_problems_underperformers").rows[0][5] == -20000.0


def test_change_columns_get_sign_rules_and_rep_attainment_traffic_lights(en):
    team = en.sheet("team")
    reps = _table(en, "rpt_team_reps")
    assert _sign_rules(team, reps.body_range("MoM")) == SIGN_RULES
    # reps at a glance: red below 90 %, amber from 90 %, green from 100 % of target
    lights = [r for r in team.conditional_formats if r.range == reps.body_range("Attainment")]
    assert [(r.kind, r.icon_set, r.thresholds) for r in lights] == [("icon_set", "3TrafficLights1", (0, 0.9, 1.0))]


@pytest.mark.parametrize("unit, table_fmt", [(10000, '0"."0,'), (1000, "#,##0.0,"), (1, "#,##0")])
def test_amounts_in_the_display_unit(unit, table_fmt):
    layout = layout_report(make_model("en", display_unit=unit))
    trend = _table(layout, "rpt_sales_trend")
    assert trend.columns[1].style.number_format == table_fmt


def test_amount_text_matches_the_number_formats():
    # 123 456 / 10 000 = 12.3456 -> 12.3 ; / 1 000 = 123.456 -> 123.5 (the format rounds the same way)
    layout = layout_report(make_model("en"))
    card = next(k for k in layout.sheet("summary").kpis() if k.figure_name == "SR_SALES_MONTH")
    assert card.value_style.number_format == Money("en", "¥", 10000).kpi_format == '"¥"0"."0,"万";-"¥"0"."0,"万"'
    assert Money("en", "¥", 10000).text(123456) == "¥12.3万"
    assert Money("zh", "¥", 10000).text(123456) == "12.3万元"


def test_print_setup(en):
    for s in en.sheets:
        p = s.print_setup
        assert (p.paper, p.landscape, p.fit_width) == ("A4", True, 1)
        assert p.header_left == "Acme && Co · East Team"          # "&" doubled: a header code otherwise
        assert "2025-03" in p.header_right and p.footer_right == "Page &P of &N"
    assert en.sheet("summary").print_setup.fit_height == 1        # one page
    assert en.sheet("sales").print_setup.fit_height == 0


def test_excel_tables_have_unique_names_and_headers(en):
    names = [t.name for s in en.sheets for t in s.tables() if t.as_excel_table]
    assert len(names) == len(set(names)) and len(names) >= 10
    assert all(n.startswith("rpt_") for n in names)


def test_text_values_stay_text(en):
    customers = en.sheet("customers")
    top = _table(en, "rpt_customers_top")
    assert customers.value_at(top.cell(1, 1)) == "+cmd|calc"


def test_plans_hold_only_plain_values(en):
    import datetime as dt

    allowed = (str, int, float, dt.date, type(None))
    for s in en.sheets:
        for b in s.blocks:
            for _, grid in b.writes():
                for row in grid:
                    for v in row:
                        assert isinstance(v, allowed), (s.name, v)
                        assert not isinstance(v, bool), (s.name, v)


def test_no_block_overlaps_another(en):
    for s in en.sheets:
        seen = {}
        for b in s.blocks:
            for anchor, grid in b.writes():
                r0, c0, _, _ = split_range(anchor)
                for i, row in enumerate(grid):
                    for j, _ in enumerate(row):
                        key = (r0 + i, c0 + j)
                        assert key not in seen, (s.name, key, seen.get(key), b)
                        seen[key] = type(b).__name__


def test_lists_that_grow_with_the_data_are_capped_with_a_note():
    """250 new customers: the sheet lists the first 100 and says 150 more are in the JSON output."""
    import dataclasses
    import datetime as dt

    from salesreport_xl.compute.model import NewCustomerRow
    from salesreport_xl.layout import layout_report
    from salesreport_xl.layout.builder import MAX_LIST_ROWS

    from model_fixture import make_model

    model = make_model()
    rows = [NewCustomerRow(f"N{i:03d}", f"New {i}", "SMB", dt.date(2025, 3, 1), 1000.0 - i, "Ann")
            for i in range(250)]
    model = dataclasses.replace(model, customers=dataclasses.replace(model.customers, new_customers=rows))
    sheet = layout_report(model, "en").sheets[3]
    texts = [str(v) for b in sheet.blocks for _, grid in b.writes() for row in grid for v in row if v is not None]
    assert MAX_LIST_ROWS == 100
    assert "N099" in texts and "N100" not in texts
    assert any("150 more (250 in all)" in t for t in texts)


def test_the_bridge_is_a_waterfall_over_an_invisible_base(en):
    sheet = en.sheet("sales")
    t = _table(en, "rpt_sales_bridge")
    c = _chart(en, "sales", "sales_bridge")
    # fixture: 100 000 -> volume +15 000 -> price +8 456 -> returns -5 000 -> 123 456.
    # The printed table: steps and amounts only.
    assert [c.header for c in t.columns] == ["Step", "Amount"]
    assert list(t.rows) == [("Last month", 100000.0), ("Volume (units, every line)", 15000.0),
                            ("Price and mix", 8456.0), ("Returns", -5000.0), ("This month", 123456.0)]
    # The chart's helper series (bar from, total, increase, decrease) sit outside the print area, on
    # the table's rows. A step's bar floats from the lower of the running totals around it.
    data = next(b for b in sheet.tables() if split_cell(b.anchor)[1] == CHART_DATA_COL and b.top == t.top)
    assert [r for r in data.rows] == [
        (0.0, 100000.0, 0.0, 0.0), (100000.0, 0.0, 15000.0, 0.0), (115000.0, 0.0, 8456.0, 0.0),
        (118456.0, 0.0, 0.0, 5000.0), (0.0, 123456.0, 0.0, 0.0)]
    assert [s.values for s in c.series] == [data.body_range(i) for i in range(4)]
    assert c.categories == t.body_range(0)
    assert c.stacked and [s.no_fill for s in c.series] == [True, False, False, False]
    # a bar's length is its value: the axis starts at 0 (the writer's default for bars), not below the
    # lowest running total
    assert c.y_min is None
    last_printed = split_range(sheet.print_setup.print_area)[3]
    assert last_printed < CHART_DATA_COL
    # The same change by who bought; customers who did not order carry the usual reorder interval.
    who = _table(en, "rpt_sales_bridge_who")
    assert list(who.rows) == [("New customers", 3, 20000.0), ("Customers back after a pause", 0, 0.0),
                              ("Bought last month, not this month (usual reorder every 45 days)", 4, -10000.0),
                              ("Bought in both months", 30, 8456.0)]
    # Of those not ordering, the one marked churned this month is named with its reason and amount.
    texts = [str(v) for b in sheet.blocks for _, grid in b.writes() for row in grid for v in row if v is not None]
    assert ("Of those who bought last month and not this month, marked churned this month: "
            "Gamma Ltd (Price, -¥0.6万).") in texts


def test_each_breakdown_says_its_basis(en):
    texts = [str(v) for b in en.sheet("sales").blocks for _, grid in b.writes() for row in grid for v in row
             if v is not None]
    assert any(t.startswith("Region: the customer's region (Customers sheet)") for t in texts)
    assert "Segment: the customer's segment (Customers sheet)." in texts
    assert "Channel: each order line's channel (Sales sheet)." in texts


@pytest.mark.parametrize("lang, titles", [
    ("en", {"sales": ["Sales by region", "From last month to this month"],
            "customers": ["Customers and sales by ABC class"], "problems": ["Sales funnel this month"],
            "plan": ["Forecast against actual, last 6 months"]}),
    ("zh", {"sales": ["各区域销售额", "从上月到本月的销售额变动"], "customers": ["ABC分类的客户与销售额占比"],
            "problems": ["本月销售漏斗"], "plan": ["近6个月预测与实际"]}),
])
def test_the_new_parts_have_their_tables_and_charts_in_both_languages(lang, titles):
    layout = layout_report(make_model(lang))
    for key, wanted in titles.items():
        assert set(wanted) <= {c.title for c in layout.sheet(key).charts}, key
    for name in ("rpt_sales_region", "rpt_sales_region_targets", "rpt_sales_bridge", "rpt_customers_abc",
                 "rpt_customers_a_below_usual", "rpt_customers_product_abc", "rpt_problems_funnel",
                 "rpt_plan_backtest", "rpt_plan_methods"):
        assert _table(layout, name).rows, name
    # the backtest: fixture months 2025-02 (+10 %) and 2025-03 (-10 %), MAPE 10 %, stated by the forecast
    assert _table(layout, "rpt_plan_backtest").rows == (("2025-02", 100000.0, 110000.0, 0.1),
                                                        ("2025-03", 123456.0, 111110.4, -0.1))
    plan_texts = {b.text for b in layout.sheet("plan").blocks if hasattr(b, "text")}
    assert any(("10.0%" in x) for x in plan_texts)


@pytest.mark.parametrize("lang, none", [("en", "(none)"), ("zh", "（未填写）")])
def test_rows_without_a_group_are_named_in_the_report_language(lang, none):
    # Lines with a blank category, channel, segment or region are summed in a group named None;
    # every table shows that group in the report's language.
    from salesreport_xl.compute.model import BreakdownRow

    model = make_model(lang)
    blank = BreakdownRow(None, 1000.0, 500.0, 800.0, 1.0, 0.25, 0.01, False)
    s = model.sales
    for rows in (s.by_category, s.by_segment, s.by_channel, s.by_region):
        rows.append(blank)
    s.top_products.append(BreakdownRow("Cable K", 900.0, 800.0, 700.0, 0.125, 2 / 7, 0.009, False, None))
    layout = layout_report(model)
    for name in ("rpt_sales_category", "rpt_sales_segment", "rpt_sales_channel", "rpt_sales_region"):
        assert _table(layout, name).rows[-1][0] == none, name
    assert _table(layout, "rpt_sales_products").rows[-1][:2] == ("Cable K", none)


@pytest.mark.parametrize("lang, activity, pipeline", [("en", "Won share", "Win rate this month"),
                                                      ("zh", "活动成交占比", "本月赢单率")])
def test_win_rate_is_the_pipelines_and_the_activity_measure_has_its_own_name(lang, activity, pipeline):
    layout = layout_report(make_model(lang))

    def texts(key):
        return [str(v) for b in layout.sheet(key).blocks for _, grid in b.writes() for row in grid for v in row
                if v is not None]

    team, problems = texts("team"), texts("problems")
    assert any(t.startswith(activity) for t in team)
    assert not any("win rate" in t.lower() or "赢单率" in t for t in team)
    assert any(t.startswith(pipeline) for t in problems)


def test_the_print_area_holds_every_chart_whole(en):
    # the print area stops before the chart data, but reaches past every chart's right edge
    from salesreport_xl.layout.builder import column_cm

    sheet = en.sheet("sales")
    _, _, _, last = split_range(sheet.print_setup.print_area)
    widths = {split_cell(f"{c}1")[1]: w for c, w in sheet.column_widths}

    def x_cm(col):
        return sum(column_cm(widths.get(k, 9.0)) for k in range(1, col))

    for c in sheet.charts:
        assert x_cm(split_cell(c.anchor)[1]) + c.width_cm <= x_cm(last + 1), c.name


def test_reasons_of_a_shortfall_against_a_target_show_the_target_part():
    # change -15 000 (volume -20 000, price +5 000) against the usual months, and the target 10 000 above
    # them: -15 000 - 10 000 = -25 000, the shortfall against the target
    import dataclasses

    def with_problems(model, **changes):
        return dataclasses.replace(model, problems=dataclasses.replace(model.problems, **changes))

    model = make_model("en")
    r = dataclasses.replace(model.problems.reasons[0], change=-15000.0, volume_effect=-20000.0, price_effect=5000.0,
                            target_vs_usual=-10000.0)
    t = _reasons(layout_report(with_problems(model, reasons=[r])))
    heads = [c.header for c in t.columns]
    row = dict(zip(heads, t.rows[0]))
    assert heads[:5] == ["Name", "Change", "Volume effect", "Price effect", "Target vs usual months"]
    assert row["Change"] + row["Target vs usual months"] == -25000.0
    assert row["Volume effect"] + row["Price effect"] == row["Change"]
    # without a target part, and without category targets, the column is not there; with category
    # targets it is (0 for an item judged on its usual months)
    model = make_model("en")
    assert "Target vs usual months" not in [c.header for c in _reasons(layout_report(model)).columns]
    t = _reasons(layout_report(with_problems(model, has_category_targets=True)))
    assert dict(zip([c.header for c in t.columns], t.rows[0]))["Target vs usual months"] == 0.0


def _reasons(layout) -> Table:
    """The likely-reasons table (not an Excel table: its last column is merged wide)."""
    return next(t for t in layout.sheet("problems").tables() if "Volume effect" in [c.header for c in t.columns])


# ------------------------------------------------------------------------------------------ pages people read
def test_a_series_without_values_has_no_legend_entry_and_a_one_bar_chart_is_not_drawn():
    import dataclasses

    model = make_model("en")
    team = model.team
    # no rep has a target: the rep chart plots Actual only (no "Target" legend for nothing)
    reps = [dataclasses.replace(r, target=None, attainment=None) for r in team.reps]
    model = dataclasses.replace(model, team=dataclasses.replace(team, reps=reps))
    # one churn reason: a one-bar chart says nothing the table does not
    cust = model.customers
    model = dataclasses.replace(model, customers=dataclasses.replace(cust, churn_reasons=cust.churn_reasons[:1]))
    layout = layout_report(model)
    c = _chart(layout, "team", "team_reps")
    assert [s.name for s in c.series] == ["Actual"]
    assert "customers_churn_reasons" not in [c.name for c in layout.sheet("customers").charts]
    assert _table(layout, "rpt_customers_churn_reasons").rows == (("Price", 1),)


def test_bar_axes_start_at_zero_and_every_category_is_labelled(tmp_path):
    """The writer: value axes of bars from 0 (the waterfall too), every category label shown
    (tickLblSkip 1), chart text and page headers in the report's font."""
    import zipfile

    from salesreport_xl.write.openpyxl_writer import save_report

    out = tmp_path / "r.xlsx"
    save_report(layout_report(make_model("en")), out)
    with zipfile.ZipFile(out) as z:
        charts = {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")}
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    bars = [x for x in charts.values() if "<barChart>" in x]
    assert len(bars) >= 5 and all('<min val="0"' in x for x in bars)
    assert all('<tickLblSkip val="1"' in x for x in bars)
    assert all('typeface="Calibri"' in x for x in charts.values())
    assert all("&amp;\"Calibri" in s for s in sheets if "<oddHeader>" in s)


def test_no_placeholder_for_what_the_plan_sheet_leaves_empty_and_the_conclusion_goes_last():
    import dataclasses

    model = make_model("en")
    plan = dataclasses.replace(model.plan, next_month_plan_note=[], strategy_note=[], training_note=[])
    summary = dataclasses.replace(model.summary, summary_note=[])
    layout = layout_report(dataclasses.replace(model, plan=plan, summary=summary))
    texts = {s.key: [str(v) for b in s.blocks for _, grid in b.writes() for row in grid for v in row if v]
             for s in layout.sheets}
    assert not any("Not written" in t for ts in texts.values() for t in ts)
    assert "Comments from the team" not in texts["summary"] and "7. Conclusion" not in texts["summary"]
    assert texts["plan"][-2] == "7. Conclusion"
    assert texts["plan"][-1].startswith("Overall, sales reached ¥12.3万 this month")
    assert "Strategy adjustments" not in texts["plan"]


def test_no_team_target_is_one_line_and_its_name_stays_on_a_blank_cell():
    import dataclasses

    model = make_model("en")
    team = dataclasses.replace(model.team, target=None, attainment=None, gap=None)
    layout = layout_report(dataclasses.replace(model, team=team))
    with pytest.raises(KeyError):
        _table(layout, "rpt_team_target")
    texts = [str(v) for b in layout.sheet("team").blocks for _, grid in b.writes() for row in grid for v in row if v]
    assert "No team target for this month in the Targets sheet." in texts
    assert not any("(n/a)" in t for t in texts)
    d = layout.name("SR_TARGET")
    assert d.sheet == layout.sheet("team").name and layout.sheet("team").value_at(d.cell) is None


def test_the_printed_checks_are_one_page_summary(en):
    checks = en.sheet("checks")
    r1, c1, r2, _ = split_range(checks.print_setup.print_area)
    assert (r1, c1) == (1, 1)
    rows = {b.value: split_range(b.ref)[0] for b in checks.blocks if getattr(b, "value", None) in (
        "Rows read per sheet", "Columns read (template column ← header in your sheet)", "Findings")}
    assert len(rows) == 3
    # the overview and rows read are printed; the columns read and the findings stay on the sheet
    assert rows["Rows read per sheet"] < r2 < rows["Columns read (template column ← header in your sheet)"]
    assert r2 < rows["Findings"]


def test_chinese_sections_are_numbered_in_order_on_every_sheet():
    from salesreport_xl.layout import styles as S

    zh = layout_report(make_model("zh"))
    summary = [b.value for b in zh.sheet("summary").blocks if getattr(b, "style", None) == S.SECTION]
    assert summary[0] == "一、摘要：本月情况"                # page 1's parts are the report's own
    for sheet in zh.sheets[1:]:
        heads = [b.value for b in sheet.blocks if getattr(b, "style", None) == S.SECTION]
        assert [h.split("、", 1)[0] for h in heads] == [str(i) for i in range(1, len(heads) + 1)], sheet.key
    sales = [b.value for b in zh.sheet("sales").blocks if getattr(b, "style", None) == S.SECTION]
    assert sales[:2] == ["1、总销售额及同比环比变化", "2、近13个月趋势"]


def test_the_churn_tile_compares_with_last_month():
    import dataclasses

    model = make_model("en")
    model = dataclasses.replace(model, customers=dataclasses.replace(model.customers, churned_last_month=3))
    card = next(k for k in layout_report(model).sheet("summary").kpis() if k.figure_name == "SR_CHURNED_CUSTOMERS")
    assert card.note == "last month 3"


def test_the_plan_shows_the_forecast_range_and_pipeline_coverage():
    import dataclasses

    from salesreport_xl.compute.model import ForecastRange, PipelineCoverage

    model = make_model("en")
    plan = dataclasses.replace(model.plan, forecast_range=ForecastRange(100000.0, 150000.0),
                               pipeline_coverage=PipelineCoverage(0.9, 0.38333, 360000.0, 153333.0))
    t = next(t for t in layout_report(dataclasses.replace(model, plan=plan)).sheet("plan").tables()
             if t.rows and t.rows[0][0] == "Next month's target")
    rows = dict(t.rows)
    assert rows["Forecast range"] == "¥10.0万 – ¥15.0万"
    assert rows["Pipeline coverage"] == 0.9 and rows["Weighted coverage"] == 0.38333
    # without them (fixture): no row at all, not n/a
    plain = next(t for t in layout_report(model).sheet("plan").tables() if t.rows and t.rows[0][0] == "Next month's target")
    assert not any("coverage" in str(r[0]) or "range" in str(r[0]) for r in plain.rows)


def test_a_tile_without_data_can_give_its_place_to_pipeline_coverage():
    import dataclasses

    from salesreport_xl.compute.model import PipelineCoverage

    model = make_model("en", mom=None)
    # no year-to-date and no margin to show first: the MoM tile's place goes to the pipeline coverage
    model.figures["SR_YTD"] = None
    plan = dataclasses.replace(model.plan, pipeline_coverage=PipelineCoverage(0.8656, 0.67, 286.5, 221.8))
    model = dataclasses.replace(model, plan=plan, sales=dataclasses.replace(model.sales, margin=None))
    card = layout_report(model).sheet("summary").kpis()[1]
    assert (card.label, card.value, card.note) == ("Pipeline coverage", 0.8656, "stage-weighted 0.67×")


def test_page_one_says_what_happened_why_and_what_to_do_in_that_order_then_the_note(en):
    from salesreport_xl.layout import styles as S

    summary = en.sheet("summary")
    heads = [b.value for b in summary.blocks if getattr(b, "style", None) == S.SECTION]
    assert heads == ["1. Summary: what happened", "Why: the largest movers", "What to do: the most valuable actions",
                     "Comments from the team"]
    texts = [str(v) for b in summary.blocks for _, grid in b.writes() for row in grid for v in row if v]
    at = {h: texts.index(h) for h in heads}
    # the fixture's sentences: 123 456 against 120 000 (102.9 %, 3 456 above), Audio +20 000 on last
    # month, deal D7 (40 000) with its owner — each under its own heading
    assert texts[at[heads[0]] + 2] == "Sales ¥12.3万: 102.9% of the ¥12.0万 target, ¥0.3万 above it."
    assert texts[at[heads[1]] + 2] == "Audio (category): +¥2.0万 on last month (¥8.0万 against ¥6.0万)."
    assert texts[at[heads[2]] + 2].startswith("Move deal D7 on: ¥4.0万") and texts[at[heads[2]] + 2].endswith("Owner: Li Lei.")


def test_page_one_leaves_out_why_and_what_to_do_when_there_is_nothing_to_say():
    import dataclasses

    model = make_model("en")
    summary = dataclasses.replace(model.summary, drivers=[], actions=[])
    layout = layout_report(dataclasses.replace(model, summary=summary))
    texts = [str(v) for b in layout.sheet("summary").blocks for _, grid in b.writes() for row in grid for v in row if v]
    assert "Why: the largest movers" not in texts and "What to do: the most valuable actions" not in texts


def test_a_tile_with_a_trend_has_a_sparkline_over_its_13_months(en):
    summary = en.sheet("summary")
    spark = {s.location: s for s in summary.sparklines}
    # the fixture has trends for sales (C5's card) and MoM (E5's): the sparkline sits in the card's third
    # row, its data is the 13 months in the cells beside the page, the last of them the tile's figure
    assert set(spark) == {"C6", "E6"}
    r1, c1, r2, c2 = split_range(spark["C6"].data)
    assert c1 == c2 >= CHART_DATA_COL and r2 - r1 == 12
    assert summary.value_at(f"{spark['C6'].data.split(':')[1]}") == 123456.0 == summary.value_at("C5")
    assert spark["C6"].from_zero and not spark["E6"].from_zero      # a signed change keeps its zero line
    # the first MoM month has no base: a blank cell (a gap), never "n/a" text the sparkline reads as 0
    first = spark["E6"].data.split(":")[0]
    assert summary.value_at(first) is None
    # the cells the sparklines read are outside the print area
    last_col = split_range(summary.print_setup.print_area)[3]
    assert last_col < CHART_DATA_COL


def test_the_plan_shows_open_deals_by_expected_close_month_only_with_close_dates():
    import dataclasses

    from salesreport_xl.compute.model import CloseMonthRow, Phrase, PipelineCoverage, amount, count, number

    model = make_model("en")
    rows = [CloseMonthRow("overdue", None, 1, 80000.0, 40000.0), CloseMonthRow("month", "2025-04", 2, 300000.0, 250000.0),
            CloseMonthRow("month", "2025-05", 1, 50000.0, 25000.0), CloseMonthRow("month", "2025-06", 0, 0.0, 0.0)]
    phrase = Phrase("s_pl_closing", {"month": "2025-04", "amount": amount(300000.0), "deals": count(2, "deal"),
                                     "coverage": number(0.3, 2)})
    plan = dataclasses.replace(model.plan, pipeline_by_close_month=rows, closing_phrase=phrase,
                               pipeline_coverage=PipelineCoverage(0.9, 0.5, 900000.0, 500000.0, 0.3, 0.25))
    laid = layout_report(dataclasses.replace(model, plan=plan))
    t = _table(laid, "rpt_plan_close_months")
    assert list(t.rows) == [("Overdue (close date passed)", 1, 80000.0, 40000.0), ("2025-04", 2, 300000.0, 250000.0),
                      ("2025-05", 1, 50000.0, 25000.0), ("2025-06", 0, 0.0, 0.0)]
    texts = [str(v) for b in laid.sheet("plan").blocks for _, grid in b.writes() for row in grid for v in row if v]
    assert "Open deals by expected close month" in texts
    assert "Deals expected to close in 2025-04: ¥30.0万 (2 deals), 0.30× next month's target." in texts
    # without closed deals to weigh with (the fixture): no stage-weighted column
    assert list(_table(layout_report(model), "rpt_plan_close_months").rows)[1] == ("2025-04", 3, 120000.0)
    # without close dates: no heading, no table, no sentence
    plain = layout_report(dataclasses.replace(model, plan=dataclasses.replace(
        model.plan, pipeline_by_close_month=None, closing_phrase=None)))
    with pytest.raises(KeyError):
        _table(plain, "rpt_plan_close_months")
    texts = [str(v) for b in plain.sheet("plan").blocks for _, grid in b.writes() for row in grid for v in row if v]
    assert not any("close" in t.lower() for t in texts)
