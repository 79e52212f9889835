"""Sales (销售业绩分析): totals, 13-month trend, categories, top products, segments, channels, new vs repeat."""
from __future__ import annotations

from ..compute.model import BreakdownRow, ReportModel
from . import formats as F
from . import styles as S
from .builder import Col, SheetBuilder
from .context import Context
from .blocks import ChartSpec, Series
from .bridge import layout_bridges


def breakdown_cols(ctx: Context, first: str, with_group: str = "", flag: bool = False,
                   margin: bool = False) -> list[Col]:
    cols = [Col(first, "text")]
    if with_group:
        cols.append(Col(with_group, "text"))
    cols += [Col(ctx.t("col.this_month"), "amount"), Col(ctx.t("col.last_month"), "amount"),
             Col(ctx.t("col.last_year"), "amount"), Col(ctx.t("col.mom"), "change"),
             Col(ctx.t("col.yoy"), "change"), Col(ctx.t("col.share"), "pct")]
    if margin:
        cols += [Col(ctx.t("col.profit"), "amount"), Col(ctx.t("col.margin"), "pct")]
    if flag:
        cols.append(Col(ctx.t("col.flag"), "flag"))
    return cols


def breakdown_rows(ctx: Context, rows: list[BreakdownRow], name_of, with_group: bool = False, flag: bool = False,
                   margin: bool = False):
    """Table rows; a MoM or YoY from nothing (sold this month, nothing then) reads "new", not n/a."""
    out = []
    for r in rows:
        head = [name_of(r.name)] + ([name_of(r.group)] if with_group else [])
        mom, yoy = ctx.change(r.mom, r.this_month, r.last_month), ctx.change(r.yoy, r.this_month, r.last_year)
        out.append(head + [r.this_month, r.last_month, r.last_year, mom, yoy, r.share]
                   + ([r.profit, r.margin] if margin else []) + ([r.flagged] if flag else []))
    return out


def flagged(rows: list[BreakdownRow]) -> list[int]:
    return [i for i, r in enumerate(rows) if r.flagged]


def layout_sales(model: ReportModel, ctx: Context):
    s = model.sales
    b = SheetBuilder(ctx, "sales")
    b.title(ctx.t("sheet_title.sales"), ctx.subtitle("sales"))

    # 1. totals ------------------------------------------------------------------------------------
    b.section(ctx.t("sales.totals"))
    b.keyvalue("sales_totals", (ctx.t("col.measure"), ctx.t("col.value")), [
        (ctx.t("row.sales_month"), s.month_total, "amount", ""),
        (ctx.t("row.sales_prev_month"), s.prev_month_total, "amount", "SR_SALES_PREV_MONTH"),
        (ctx.t("row.sales_last_year"), s.last_year_total, "amount", "SR_SALES_LAST_YEAR"),
        (ctx.t("row.mom"), s.mom, "change", ""),
        (ctx.t("row.yoy"), s.yoy, "change", ""),
        (ctx.t("row.ytd"), s.ytd, "amount", "SR_YTD"),
        (ctx.t("row.ytd_last_year"), s.ytd_last_year, "amount", "SR_YTD_LAST_YEAR"),
        (ctx.t("row.ytd_change"), s.ytd_change, "change", ""),
        (ctx.t("row.orders"), s.orders, "int", ""),
        *([(ctx.t("row.profit"), s.profit, "amount", ""), (ctx.t("row.margin"), s.margin, "pct", "")]
          if s.margin is not None else []),
    ])
    for note in ctx.words.comparison_notes:
        b.note(note)

    # 2. trend ---------------------------------------------------------------------------------------
    b.section(ctx.t("sales.trend"))
    if s.trend:
        t = b.table("sales_trend", [Col(ctx.t("col.month"), "text"), Col(ctx.t("col.sales"), "amount"),
                                    Col(ctx.t("col.last_year"), "amount"), Col(ctx.t("col.yoy"), "change")],
                    [(p.month, p.sales, p.last_year, ctx.change(_yoy(p.sales, p.last_year), p.sales, p.last_year))
                     for p in s.trend], advance=False)
        b.chart(ChartSpec(
            kind="combo", name="sales_trend", title=ctx.t("chart.trend"), categories=t.body_range(0),
            series=(Series(ctx.t("col.sales"), t.body_range(1), S.THIS_YEAR, kind="column"),
                    Series(ctx.t("col.last_year"), t.body_range(2), S.LAST_YEAR, kind="line")),
            anchor="A1", width_cm=17, height_cm=8, x_title=ctx.t("axis.month"),
            y_title=ctx.t("axis.amount", unit=ctx.unit_text), y_number_format=ctx.amount_format,
        ), beside=t)
    else:
        b.empty(ctx.t("empty.sales"))

    # 3. categories ----------------------------------------------------------------------------------
    b.section(ctx.t("sales.by_category"))
    if not s.has_categories:
        b.empty(ctx.t("empty.categories"))
    elif s.by_category:
        has_margin = s.margin is not None
        t = b.table("sales_category", breakdown_cols(ctx, ctx.t("col.category"), flag=True, margin=has_margin),
                    breakdown_rows(ctx, s.by_category, ctx.group, flag=True, margin=has_margin),
                    flagged=flagged(s.by_category), advance=False)
        b.chart(_share_chart(ctx, t, "pie", "sales_category", ctx.t("chart.category_share")), beside=t)
        b.note(ctx.t("sales.flag_note"))
    else:
        b.empty(ctx.t("empty.sales"))

    b.section(ctx.t("sales.top_products"))
    if not s.has_products:
        b.empty(ctx.t("empty.products"))
    elif s.top_products:
        has_margin = s.margin is not None
        b.table("sales_products", breakdown_cols(ctx, ctx.t("col.product"), ctx.t("col.category"), flag=True,
                                                 margin=has_margin),
                breakdown_rows(ctx, s.top_products, ctx.group, with_group=True, flag=True, margin=has_margin), flagged=flagged(s.top_products))
    else:
        b.empty(ctx.t("empty.sales"))

    # 4. segments and channels ------------------------------------------------------------------------
    _split(b, ctx, s.by_segment, "segment", "segments", "" if s.standard_segments else "_custom", s.segment_basis)
    _split(b, ctx, s.by_channel, "channel", "channels", basis=s.channel_basis)

    _regions(b, ctx, s)
    layout_bridges(b, ctx, s.bridge, s.year_bridge, s.target_bridge)

    b.section(ctx.t("sales.new_vs_repeat"))
    if s.new_vs_repeat:
        b.table("sales_new_repeat", breakdown_cols(ctx, ctx.t("col.customer_group")),
                breakdown_rows(ctx, s.new_vs_repeat, lambda v: ctx.choice("group", v)))
    else:
        b.empty(ctx.t("empty.sales"))
    return b.build()


def _regions(b: SheetBuilder, ctx: Context, s) -> None:
    """Sales by region (with a chart of this month against last month) and the region targets."""
    b.section(ctx.t("sales.by_region"))
    if not s.by_region:
        b.empty(ctx.t("empty.regions"))
        return
    t = b.table("sales_region", breakdown_cols(ctx, ctx.t("col.region"), flag=True),
                breakdown_rows(ctx, s.by_region, ctx.group, flag=True), flagged=flagged(s.by_region))
    b.chart(ChartSpec(
        kind="column", name="sales_region", title=ctx.t("chart.by_region"), categories=t.body_range(0),
        series=(Series(ctx.t("col.this_month"), t.body_range(1), S.THIS_YEAR),
                Series(ctx.t("col.last_month"), t.body_range(2), S.TARGET)),
        anchor="A1", width_cm=11, height_cm=max(6.5, 1.5 + 0.8 * len(s.by_region)),
        y_title=ctx.t("axis.amount", unit=ctx.unit_text), y_number_format=ctx.amount_format, gap_width=60,
    ), beside=t)
    if s.region_basis:
        b.note(ctx.t(f"sales.basis_region_{s.region_basis}"))
    if s.region_attainment:
        b.subsection(ctx.t("sales.region_attainment"))
        b.table("sales_region_targets", [Col(ctx.t("col.region")), Col(ctx.t("col.target"), "amount"),
                                         Col(ctx.t("col.actual"), "amount"), Col(ctx.t("col.attainment"), "lights")],
                [(r.region, r.target, r.actual, r.attainment) for r in s.region_attainment])


def _yoy(now: float, base: float | None) -> float | None:
    if base is None or base == 0:
        return None
    return now / base - 1


def _split(b, ctx: Context, rows: list[BreakdownRow], kind: str, plural: str, titles: str = "",
           basis: str | None = None) -> None:
    """A segment or channel split: its table with a doughnut of the shares beside it, and a line
    saying where the group comes from (`basis`: "sales" / "customers"). `titles` picks the wording
    ("_custom": segments that are not key account / SMB)."""
    b.section(ctx.t(f"sales.by_{kind}{titles}"))
    if not rows:
        # Segments come from the Customers sheet: when it was left out, that is why there are none.
        b.empty(ctx.empty("customers", "empty.segments") if plural == "segments" else ctx.t(f"empty.{plural}"))
        return
    t = b.table(f"sales_{kind}", breakdown_cols(ctx, ctx.t(f"col.{kind}")),
                breakdown_rows(ctx, rows, lambda v: ctx.choice(kind, v)), advance=False)
    b.chart(_share_chart(ctx, t, "doughnut", f"sales_{kind}", ctx.t(f"chart.{kind}_split{titles}")), beside=t)
    if basis:
        b.note(ctx.t(f"sales.basis_{kind}_{basis}"))


def _share_chart(ctx: Context, t, kind: str, name: str, title: str) -> ChartSpec:
    # The slices are the table's Share column, labelled as its cells read ("62.4%", a share that rounds
    # to nothing "<0.1%"): LibreOffice gives a chart's computed percentages no number format of ours.
    n = len(t.rows)
    share = [c.header for c in t.columns].index(ctx.t("col.share"))
    return ChartSpec(
        kind=kind, name=name, title=title, categories=t.body_range(0),
        series=(Series(ctx.t("col.share"), t.body_range(share), point_colours=tuple(
            S.SERIES[i % len(S.SERIES)] for i in range(n))),),
        anchor="A1", width_cm=11, height_cm=7, data_labels=True, data_label_format=ctx.positive_format(F.PCT),
        legend="right",
    )
