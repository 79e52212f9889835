"""The report model as JSON (docs/figures.md): text, and the file written atomically.

The model's dataclasses as objects, dates ISO, "not available" as null (NaN is never written), and a
top-level `figures` object keyed by exactly the SR_* names, in full precision with ratios as fractions.
Beside each phrase stand its words in the model's language (i18n.phrasing.word_report), under the keys
the JSON has always had: a sentence's (page 1's driver's, action's) `text`, the summary's `conclusion`, a follow-up's `detail`,
`forecast_method_text`, `forecast_accuracy_text`, `closing_text`, `comparison_notes`, `churn_rule_text`, `judged_text`,
`stalled_rule_text`, a finding's `message`, a column read's `text` and `how_text`.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..compute.model import FIGURE_NAMES, ReportModel, to_jsonable
from ..i18n.phrasing import ReportWords, column_read_words, finding_message, word_report
from .atomic import write_bytes


def _after(data: dict, key: str, new: dict) -> dict:
    """`data` with the items of `new` placed right after `key` (where the reader looks for them)."""
    out = {}
    for k, v in data.items():
        out[k] = v
        if k == key:
            out.update(new)
    return out


def report_data(model: ReportModel, words: ReportWords | None = None) -> dict:
    """The JSON object of `model` with its `words` (default: in the model's language)."""
    words = words or word_report(model)
    data = to_jsonable(model)
    data["figures"] = {name: data["figures"].get(name) for name in FIGURE_NAMES}
    summary, sales, customers, problems, plan = (data[k] for k in ("summary", "sales", "customers", "problems",
                                                                   "plan"))
    for row, text in zip(summary["highlights"], words.highlights):
        row["text"] = text
    summary["conclusion"] = words.conclusion
    for key in ("happened", "drivers", "actions"):
        for row, text in zip(summary[key], getattr(words, key)):
            row["text"] = text
    data["sales"] = _after(sales, "comparison_phrases", {"comparison_notes": list(words.comparison_notes)})
    data["customers"] = _after(customers, "churn_rule_phrase", {"churn_rule_text": words.churn_rule})
    data["problems"] = _after(problems, "stalled_rule_phrase", {"judged_text": words.judged,
                                                                "stalled_rule_text": words.stalled_rule})
    for row, text in zip(plan["suggestions"], words.suggestions):
        row["text"] = text
    for row, text in zip(plan["follow_ups"], words.follow_ups):
        row["detail"] = text
    plan = _after(plan, "suggestions", {"forecast_method_text": words.forecast_method})
    plan = _after(plan, "forecast_accuracy_phrase", {"forecast_accuracy_text": words.forecast_accuracy})
    data["plan"] = _after(plan, "closing_phrase", {"closing_text": words.closing or None})
    checks = model.checks
    for row, finding in zip(data["checks"]["findings"], checks.findings):
        row["message"] = finding_message(finding, words.lang)
    for row, read in zip(data["checks"]["columns_read"], checks.columns_read):
        row["text"], row["how_text"] = column_read_words(read, words.lang)
    return data


def report_to_json(model: ReportModel, indent: int | None = 2, words: ReportWords | None = None) -> str:
    """The model as JSON text in the model's language (UTF-8 characters kept, NaN never written: n/a is
    null); every sentence carries its text beside the phrase it was made from."""
    return json.dumps(report_data(model, words), ensure_ascii=False, indent=indent, allow_nan=False)


def write_json(model: ReportModel, path: str | os.PathLike) -> Path:
    """Write the model's JSON to `path` atomically (write/atomic.py): a failure never leaves a
    half-written file, and an earlier file at `path` stays as it was."""
    return write_bytes(path, (report_to_json(model) + "\n").encode("utf-8"))
