"""Concentration (Pareto / ABC) on the Customers sheet: the customers' and the products' classes, the
top-20 % share, and the A-class customers who bought less than their usual."""
from __future__ import annotations

from ..compute.model import Pareto
from . import formats as F
from . import styles as S
from .blocks import ChartSpec, Series
from .builder import Col, SheetBuilder
from .context import Context


def _classes(b: SheetBuilder, ctx: Context, key: str, p: Pareto, items: str, share: str):
    # Share of items and share of sales side by side: the chart's two adjacent series.
    return b.table(key, [
        Col(ctx.t("col.class"), "small_int"), Col(ctx.t(items), "int"), Col(ctx.t("col.sales"), "amount"),
        Col(ctx.t(share), "pct"), Col(ctx.t("col.share_sales"), "pct"),
    ], [(c.name, c.items, c.sales, c.items_share, c.share) for c in p.classes])


def layout_concentration(b: SheetBuilder, ctx: Context, customers: Pareto | None, products: Pareto | None) -> None:
    b.section(ctx.t("customers.concentration"))
    if customers is None:
        b.empty(ctx.t("empty.sales"))
        return
    t = _classes(b, ctx, "customers_abc", customers, "col.items_customers", "col.share_customers")
    width = 12.0
    b.chart(ChartSpec(
        kind="column", name="customers_abc", title=ctx.t("chart.abc"), categories=t.body_range(0),
        series=(Series(ctx.t("col.share_customers"), t.body_range(3), S.TARGET),
                Series(ctx.t("col.share_sales"), t.body_range(4), S.THIS_YEAR)),
        anchor="A1", width_cm=width, height_cm=6.5, y_number_format=F.PCT_WHOLE, data_labels=True,
        data_label_format=ctx.positive_format(F.PCT_WHOLE), gap_width=60,
    ), beside=t)
    b.note(ctx.t("customers.top20_share", k=customers.top_items, n=customers.items,
                 share=ctx.pct(customers.top20_share)))
    b.note(ctx.t("customers.abc_note"))
    a = next(c for c in customers.classes if c.name == "A")
    if customers.a_below_usual_rows:
        b.subsection(ctx.t("customers.a_below_usual_title"))
        b.note(ctx.t("customers.a_below_usual", count=customers.a_below_usual, a=a.items))
        rows = customers.a_below_usual_rows
        b.table("customers_a_below_usual", [
            Col(ctx.t("col.customer_id")), Col(ctx.t("col.customer")), Col(ctx.t("col.this_month"), "amount"),
            Col(ctx.t("col.usual"), "amount"), Col(ctx.t("col.change"), "change"),
        ], [(r.customer_id, r.name, r.this_month, r.usual, r.change) for r in b.capped(rows)])
        b.more_note(rows)
    if products is not None:
        b.subsection(ctx.t("customers.product_abc"))
        _classes(b, ctx, "customers_product_abc", products, "col.items_products", "col.share_products")
        b.note(ctx.t("customers.product_top20", k=products.top_items, n=products.items,
                     share=ctx.pct(products.top20_share)))
