"""The month's bridge on the Sales sheet: a table of its steps and a waterfall chart.

Excel's own waterfall chart type is not writable by openpyxl or xlsxwriter, so the waterfall is a
native stacked column chart: an invisible base series lifts each step's bar to where the running total
stands (increases green, decreases red), with last month's and this month's totals as full bars.
"""
from __future__ import annotations

from ..compute.model import Bridge
from . import styles as S
from .blocks import ChartSpec, Series
from .builder import Col, SheetBuilder
from .context import Context


def waterfall_bars(bridge: Bridge) -> list[tuple[str, float, float, float, float, float]]:
    """(name, change, base, total, increase, decrease) per bar: the two totals, the steps between.

    A step's bar floats from the running total before it to the one after it: base = the lower of the
    two, increase or decrease = the step's size. (A running total below 0 would need a negative base;
    a month's sales never go there, and the base is then drawn from 0.)"""
    bars = [("from", bridge.from_, 0.0, bridge.from_, 0.0, 0.0)]
    running = bridge.from_
    for step in bridge.steps:
        after = running + step.amount
        base = max(min(running, after), 0.0)
        bars.append((step.name, step.amount, base, 0.0, max(step.amount, 0.0), max(-step.amount, 0.0)))
        running = after
    bars.append(("to", bridge.to, 0.0, bridge.to, 0.0, 0.0))
    return bars


def layout_bridge(b: SheetBuilder, ctx: Context, bridge: Bridge | None) -> None:
    b.section(ctx.t("sales.bridge"))
    if bridge is None:
        b.empty(ctx.t("empty.bridge"))
        return
    bars = waterfall_bars(bridge)
    # The four plotted columns sit side by side: Excel (xlwings) takes a chart's series as one block
    # of adjacent columns, in column order.
    t = b.table("sales_bridge", [
        Col(ctx.t("col.step")), Col(ctx.t("col.amount"), "amount"), Col(ctx.t("col.bar_base"), "amount"),
        Col(ctx.t("col.bar_total"), "amount"), Col(ctx.t("col.bar_up"), "amount"),
        Col(ctx.t("col.bar_down"), "amount"),
    ], [(ctx.t(f"bridge.{name}"), change, base, total, up, down) for name, change, base, total, up, down in bars])
    width = 15.0
    b.chart(ChartSpec(
        kind="column", name="sales_bridge", title=ctx.t("chart.bridge"), categories=t.body_range(0),
        series=(Series(ctx.t("col.bar_base"), t.body_range(2), no_fill=True),
                Series(ctx.t("col.bar_total"), t.body_range(3), S.THIS_YEAR),
                Series(ctx.t("col.bar_up"), t.body_range(4), S.GREEN),
                Series(ctx.t("col.bar_down"), t.body_range(5), S.RED)),
        anchor="A1", width_cm=width, height_cm=8.5, stacked=True, legend=None, gap_width=50,
        y_title=ctx.t("axis.amount", unit=ctx.unit_text), y_number_format=ctx.amount_format,
    ), beside=t)
    b.note(ctx.t("sales.bridge_note"))
