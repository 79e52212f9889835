"""Checks (数据检查): every input finding, rows read per sheet, the period covered, build time and version."""
from __future__ import annotations

from ..compute.model import ReportModel
from ..i18n.phrasing import column_read_words, finding_message
from . import styles as S
from .builder import Col, SheetBuilder
from .context import Context
from .blocks import ConditionalFormat, Style


def layout_checks(model: ReportModel, ctx: Context):
    c = model.checks
    m = model.meta
    b = SheetBuilder(ctx, "checks")
    b.title(ctx.t("sheet_title.checks"), ctx.subtitle("checks"))

    b.section(ctx.t("checks.overview"))
    period = (f"{m.data_from.isoformat()} – {m.data_to.isoformat()}" if m.data_from and m.data_to else ctx.na)
    b.keyvalue("checks_overview", (ctx.t("col.measure"), ctx.t("col.value")), [
        (ctx.t("row.errors"), c.errors, "int", ""),
        (ctx.t("row.warnings"), c.warnings, "int", ""),
        (ctx.t("row.infos"), c.infos, "int", ""),
        (ctx.t("row.period"), period, "text", ""),
        (ctx.t("row.report_month"), m.month, "text", ""),
        (ctx.t("row.built_at"), m.built_at, "text", ""),
        (ctx.t("row.version"), m.version, "text", ""),
    ])

    b.section(ctx.t("checks.rows_read"))
    if c.rows_read:
        b.table("checks_rows", [Col(ctx.t("col.sheet")), Col(ctx.t("col.rows"), "int")],
                [(ctx.sheet_label(k), v) for k, v in c.rows_read.items()])
    else:
        b.empty(ctx.t("empty.rows_read"))

    # The printed pack holds only this one-page summary; the columns read and every finding stay on
    # the sheet (a pack of a real export had two to three pages of them).
    b.note(ctx.t("checks.print_note"))
    b.print_rows_to = b.row - 1

    # What was read from which header, so a pasted export's mapping can be checked at a glance.
    b.section(ctx.t("checks.columns_read"))
    if c.columns_read:
        b.table("checks_columns", [Col(ctx.t("col.sheet")), Col(ctx.t("col.column_read"), "wrap"),
                                   Col(ctx.t("col.how"))],
                [(r.sheet, *column_read_words(r, ctx.lang)) for r in c.columns_read])
    else:
        b.empty(ctx.t("empty.rows_read"))

    # Every setting read, so a person sees the month, unit and thresholds the report was built with.
    if c.settings_read:
        b.section(ctx.t("checks.settings_read"))
        b.table("checks_settings", [Col(ctx.t("col.setting")), Col(ctx.t("col.written")), Col(ctx.t("col.cell")),
                                    Col(ctx.t("col.read_as"))],
                [(r.key, r.written, r.cell, r.value) for r in c.settings_read])

    b.section(ctx.t("checks.findings"))
    if c.findings:
        t = b.table("checks_findings", [
            Col(ctx.t("col.severity")), Col(ctx.t("col.sheet")), Col(ctx.t("col.cell")),
            Col(ctx.t("col.message"), "wrap"),
        ], [(ctx.t(f"severity.{f.severity}"), f.sheet, f.cell, finding_message(f, ctx.lang)) for f in c.findings])
        rng = t.body_range(0)
        for sev, colour in (("error", S.RED), ("warning", S.AMBER)):
            text = ctx.t(f"severity.{sev}").replace('"', '""')
            b.rule(ConditionalFormat(rng, "cell_value", "equal_to", (f'"{text}"',),
                                     Style(font_colour=colour, bold=True)))
    else:
        b.empty(ctx.t("empty.findings"))
    return b.build()
