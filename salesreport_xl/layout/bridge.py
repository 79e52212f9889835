"""The bridges on the Sales sheet: from last month, from last year's month and from the target to this
month's sales — each a table of its steps with a waterfall chart beside it, and for the first two the
same change by who bought.

Excel's own waterfall chart type is not writable by openpyxl or xlsxwriter, so the waterfall is a
native stacked column chart: an invisible base series lifts each step's bar to where the running total
stands (increases green, decreases red), with the two totals as full bars. Those helper series are
cells only the chart reads: they sit outside the print area (SheetBuilder.chart_data), and the printed
table shows the steps and their amounts alone.
"""
from __future__ import annotations

from ..compute.model import Bridge, BridgeStep
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


def step_label(ctx: Context, bridge: Bridge, step: BridgeStep) -> str:
    """A step's name in the report language: a rep's or category's step names it; customers who did
    not order carry the team's usual reorder interval, so they read as what they mostly are."""
    if step.label is not None:
        return ctx.t(f"bridge.{step.name}", name=ctx.group(step.label))
    if step.name in ("outside_targets", "target_beyond_parts"):
        parts = next((s.name for s in bridge.steps if s.label is not None), None)
        return ctx.t(f"bridge.{step.name}_{parts}" if parts else f"bridge.{step.name}")
    if step.name == "not_ordering" and bridge.reorder_days is not None:
        return ctx.t(f"bridge.not_ordering_{bridge.kind}_usual", days=f"{bridge.reorder_days:,.0f}")
    if step.name in ("not_ordering", "both_months"):
        return ctx.t(f"bridge.{step.name}_{bridge.kind}")
    return ctx.t(f"bridge.{step.name}")


def layout_bridges(b: SheetBuilder, ctx: Context, month: Bridge | None, year: Bridge | None,
                   target: Bridge | None) -> None:
    """The three bridges, each under its own title; a missing one is one line."""
    b.section(ctx.t("sales.bridge"))
    if month is None:
        b.empty(ctx.t("empty.bridge"))
    else:
        _bridge(b, ctx, month, "sales_bridge")
    for bridge, key in ((year, "year"), (target, "target")):
        b.subsection(ctx.t(f"sales.bridge_{key}"))
        if bridge is None:
            b.empty(ctx.t(f"empty.bridge_{key}"))
        else:
            _bridge(b, ctx, bridge, f"sales_bridge_{key}")


def _bridge(b: SheetBuilder, ctx: Context, bridge: Bridge, key: str) -> None:
    bars = waterfall_bars(bridge)
    names = [ctx.t(f"bridge.from_{bridge.kind}")] + [step_label(ctx, bridge, s) for s in bridge.steps] \
        + [ctx.t("bridge.to")]
    t = b.table(key, [Col(ctx.t("col.step")), Col(ctx.t("col.amount"), "amount")],
                [(name, change) for name, (_, change, *_rest) in zip(names, bars)])
    # The four plotted series side by side: Excel (xlwings) takes a chart's series as one block of
    # adjacent columns, in column order.
    data = b.chart_data([Col(ctx.t("col.bar_base"), "amount"), Col(ctx.t("col.bar_total"), "amount"),
                         Col(ctx.t("col.bar_up"), "amount"), Col(ctx.t("col.bar_down"), "amount")],
                        [bar[2:] for bar in bars], t.top)
    b.chart(ChartSpec(
        kind="column", name=key, title=ctx.t(f"chart.bridge_{bridge.kind}"), categories=t.body_range(0),
        series=(Series(ctx.t("col.bar_base"), data.body_range(0), no_fill=True),
                Series(ctx.t("col.bar_total"), data.body_range(1), S.THIS_YEAR),
                Series(ctx.t("col.bar_up"), data.body_range(2), S.GREEN),
                Series(ctx.t("col.bar_down"), data.body_range(3), S.RED)),
        anchor="A1", width_cm=15.0, height_cm=8.5, stacked=True, legend=None, gap_width=50,
        y_title=ctx.t("axis.amount", unit=ctx.unit_text), y_number_format=ctx.amount_format,
    ), beside=t)
    if bridge.by_customer:
        b.subsection(ctx.t("sales.bridge_who"))
        b.table(f"{key}_who", [Col(ctx.t("col.step")), Col(ctx.t("col.customers"), "int"),
                               Col(ctx.t("col.amount"), "amount")],
                [(step_label(ctx, bridge, s), s.count, s.amount) for s in bridge.by_customer])
        if bridge.churned:
            b.note(ctx.t(f"sales.bridge_churned_{bridge.kind}", names=_churned(ctx, bridge)))
    b.note(ctx.t(f"sales.bridge_note_{bridge.kind}"))


def _churned(ctx: Context, bridge: Bridge) -> str:
    """Customers not ordering that are marked churned this month, each with its reason and amount."""
    return ctx.t("s_list_sep").join(
        ctx.t("bridge.churned_reason" if c.reason else "label.with_amount", name=c.name or c.customer_id,
              reason=c.reason, amount=ctx.amount(c.amount))
        for c in bridge.churned)
