"""Day settings that contradict the data: a typed churn_days below the team's usual gap between two
orders of a customer, or a typed stalled_days below the usual time a deal spends in a stage (the median
of salesreport_xl/durations.py, the rule compute's thresholds use), is a warning at the setting's cell.

The month is the report's: Settings' report_month, else the latest month with sales (`for_month` says
it again for a month asked for on the command line or by a caller). `auto` and a workbook without the
durations (no reorder, no finished stage) give no warning.
"""
from __future__ import annotations

import pandas as pd

from .. import durations
from ..errors import WARNING, Finding
from ..i18n import t
from ..inputs import AUTO, Inputs
from ..schema import SETTINGS
from .month import data_months

CODES = ("churn_days_below_gap", "stalled_days_below_stage")


def _cell(inputs: Inputs, key: str) -> str:
    return next((cell for k, _written, cell, _value in inputs.settings_read if k == key), "")


def contradicted_settings(inputs: Inputs, month: pd.Period | None = None) -> list[Finding]:
    """A warning for each typed day setting below the median of its durations, at its Settings cell."""
    if month is None:
        covered = data_months(inputs)
        month = inputs.settings.report_month or (covered[1] if covered else None)
    if month is None:
        return []
    settings, out = inputs.settings, []
    for key, days, message in (("churn_days", settings.churn_days, "f_churn_days_below_gap"),
                               ("stalled_days", settings.stalled_days, "f_stalled_days_below_stage")):
        if days == AUTO:
            continue
        if key == "churn_days":
            found = durations.sales_reorder_gaps(inputs.sales, month)
        else:
            found = durations.stage_durations(inputs.pipeline, month)
        usual = durations.median(found)
        if durations.below_median(int(days), usual):
            kw = {"days": int(days), "median": f"{usual:g}", "n": f"{len(found):,}"}
            out.append(Finding(WARNING, inputs.sheet_names.get("settings", SETTINGS.en), _cell(inputs, key),
                               t("en", message, **kw), t("zh", message, **kw), message[2:]))
    return out


def for_month(findings: list[Finding], inputs: Inputs, month: pd.Period) -> list[Finding]:
    """Validation's findings with the day-setting warnings said again for `month` (a month asked for
    rather than Settings' or the latest)."""
    return [f for f in findings if f.code not in CODES] + contradicted_settings(inputs, month)
