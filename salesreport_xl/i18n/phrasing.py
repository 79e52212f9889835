"""Words after compute: the model's phrases turned into text in the report language.

Compute cites values (`compute.model.Phrase`, `Arg`); this step writes them — amounts in the report's
display unit (`numbers.Money`, the same rule as the KPI cards and the tables' number formats),
percentages, counts, list values in the report language — and fills every `text` field of the model:
highlights, suggestions, the conclusion, follow-up details, the forecast method, the Checks messages.
It is run by layout (in the layout's language) and by the JSON writer (in the model's).
"""
from __future__ import annotations

from typing import Any

from .. import schema
from ..compute.model import Arg, Phrase, ReportModel, Sentence
from . import normalize_lang, t
from .numbers import Money, count_text, number_text, percent_text

# List values shown in the report language, by their kind.
CHOICES = {
    "segment": schema.SEGMENTS, "channel": schema.CHANNELS, "activity_type": schema.ACTIVITY_TYPES,
    "outcome": schema.OUTCOMES, "topic": schema.FEEDBACK_TOPICS, "stage": schema.STAGES,
    "status": schema.DEAL_STATUS,
}


def choice_text(kind: str, value: str, lang: str) -> str:
    """A canonical list value (e.g. segment "Key Account") in the report language."""
    if value in ("new", "repeat"):
        return t(lang, f"group.{value}")
    choices = CHOICES.get(kind)
    return schema.choice_label(choices, value, lang) if choices else value


class Phraser:
    """Writes phrases for one report language and money rule."""

    def __init__(self, money: Money):
        self.money = money
        self.lang = money.lang

    def say(self, item: Any) -> str:
        if isinstance(item, Phrase):
            return t(self.lang, item.key, **{k: self.say(v) for k, v in item.args.items()})
        if isinstance(item, Arg):
            return self._arg(item)
        if isinstance(item, (list, tuple)):
            return t(self.lang, "s_items_sep").join(self.say(x) for x in item)
        return "" if item is None else str(item)

    def _arg(self, a: Arg) -> str:
        lang = self.lang
        if a.kind == "amount":
            return self.money.text(a.value)
        if a.kind in ("percent", "change"):
            return percent_text(a.value, lang, signed=a.kind == "change")
        if a.kind == "count":
            n = count_text(a.value, lang)
            if a.extra is None:
                return n
            return t(lang, f"n_{a.extra}_{'one' if a.value == 1 else 'other'}", n=n)
        if a.kind in ("number", "signed"):
            return number_text(a.value, lang, digits=1 if a.extra is None else a.extra, signed=a.kind == "signed")
        if a.kind == "word":
            return t(lang, a.value)
        if a.kind == "choice":
            return choice_text(a.extra, a.value, lang)
        raise ValueError(f"unknown kind of value: {a.kind!r}")

    def sentence(self, s: Sentence) -> str:
        return "".join(self.say(p) for p in s.phrase) if isinstance(s.phrase, list) else self.say(s.phrase)


def phrase_report(model: ReportModel, lang: str | None = None) -> ReportModel:
    """Fill every text field of `model` in `lang` (default: the model's language); returns the model."""
    lang = normalize_lang(lang or model.meta.language)
    p = Phraser(Money.of(model.meta, lang))
    for s in model.summary.highlights:
        s.text = p.sentence(s)
    model.summary.conclusion = "".join(p.say(x) for x in model.summary.conclusion_phrases)
    plan = model.plan
    for s in plan.suggestions:
        s.text = p.sentence(s)
    for f in plan.follow_ups:
        parts = f.detail_phrase if isinstance(f.detail_phrase, list) else [f.detail_phrase]
        f.detail = t(lang, "s_list_sep").join(p.say(x) for x in parts)
    plan.forecast_method_text = p.say(plan.forecast_method_phrase)
    model.sales.comparison_notes = [p.say(x) for x in model.sales.comparison_phrases]
    c, pr = model.customers, model.problems
    c.churn_rule_text = p.say(c.churn_rule_phrase)
    pr.judged_text = p.say(pr.judged_phrase)
    pr.stalled_rule_text = p.say(pr.stalled_rule_phrase)
    plan.forecast_accuracy_text = p.say(plan.forecast_accuracy_phrase) if plan.forecast_accuracy_phrase else ""
    phrase_checks(model.checks, lang)
    return model


def phrase_checks(checks, lang: str):
    """The Checks section's messages and columns read in `lang`; returns the section."""
    for row in checks.findings:
        row.message = row.message_zh if normalize_lang(lang) == "zh" else row.message_en
    for row in checks.columns_read:
        phrase_column_read(row, lang)
    return checks


def phrase_column_read(row, lang: str):
    """`Amount ← "Total Price" (Sales!I)` and how the header was found, in `lang`; returns the row."""
    field = schema.SHEETS_BY_KEY[row.sheet_key].column(row.field).header(normalize_lang(lang))
    row.text = t(lang, "u_column_read", field=field, header=row.header, sheet=row.sheet, column=row.column)
    if getattr(row, "factor", 1.0) != 1.0:
        row.text += t(lang, "u_read_scaled", factor=f"{row.factor:,.0f}", unit=row.unit)
    if getattr(row, "note", ""):
        row.text += t(lang, f"u_read_{row.note}")
    row.how_text = t(lang, f"u_how_{row.how}", field=field)
    return row
