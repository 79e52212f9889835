"""Words after compute: the model's phrases turned into text in the report language.

Compute cites values (`compute.model.Phrase`, `Arg`); this step writes them — amounts in the report's
display unit (`numbers.Money`, the same rule as the KPI cards and the tables' number formats),
percentages, counts, list values in the report language — and returns them as `ReportWords` beside
the model (highlights, suggestions, the conclusion, follow-up details, the forecast method, the rule
notes); the Checks messages and columns read are worded row by row. It is the last pass: layout (in
the layout's language) and the JSON writer (in the model's) each take the words of the same model,
which no wording changes.
"""
from __future__ import annotations

from dataclasses import dataclass
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


def group_text(value: str | None, lang: str) -> str:
    """A group name as the data has it, or — None, the rows without a value — that in `lang`."""
    return t(lang, "group.none") if value is None else str(value)


def choice_text(kind: str, value: str | None, lang: str) -> str:
    """A canonical list value (e.g. segment "Key Account") in the report language."""
    if value is None:
        return group_text(value, lang)
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
        if a.kind == "signed_amount":
            text = self.money.text(a.value)
            return f"+{text}" if a.value is not None and a.value > 0 and text[:1] != "-" else text
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
        if a.kind == "group":
            return group_text(a.value, lang)
        raise ValueError(f"unknown kind of value: {a.kind!r}")

    def sentence(self, s: Sentence) -> str:
        return "".join(self.say(p) for p in s.phrase) if isinstance(s.phrase, list) else self.say(s.phrase)


@dataclass(frozen=True)
class ReportWords:
    """The model's phrases written in one language: what layout and the JSON writer show beside the
    model's values. Made by `word_report`; the model itself is never changed by words."""

    lang: str
    highlights: tuple[str, ...]         # summary.highlights, in order
    conclusion: str
    suggestions: tuple[str, ...]        # plan.suggestions, in order
    follow_ups: tuple[str, ...]         # each plan.follow_ups row's detail, in order
    forecast_method: str
    forecast_accuracy: str
    comparison_notes: tuple[str, ...]   # sales.comparison_phrases, in order
    churn_rule: str
    judged: str
    stalled_rule: str
    happened: tuple[str, ...] = ()      # summary.happened, in order (page 1: what happened)
    drivers: tuple[str, ...] = ()       # summary.drivers (why)
    actions: tuple[str, ...] = ()       # summary.actions (what to do)
    closing: str = ""                   # plan.closing_phrase (the deals expected to close next month)


def word_report(model: ReportModel, lang: str | None = None) -> ReportWords:
    """The words of `model` in `lang` (default: the model's language); `model` is left as it is."""
    lang = normalize_lang(lang or model.meta.language)
    p = Phraser(Money.of(model.meta, lang))
    plan, c, pr = model.plan, model.customers, model.problems

    def detail(f) -> str:
        parts = f.detail_phrase if isinstance(f.detail_phrase, list) else [f.detail_phrase]
        return t(lang, "s_list_sep").join(p.say(x) for x in parts)

    return ReportWords(
        lang=lang,
        highlights=tuple(p.sentence(s) for s in model.summary.highlights),
        conclusion="".join(p.say(x) for x in model.summary.conclusion_phrases),
        suggestions=tuple(p.sentence(s) for s in plan.suggestions),
        follow_ups=tuple(detail(f) for f in plan.follow_ups),
        forecast_method=p.say(plan.forecast_method_phrase),
        forecast_accuracy=p.say(plan.forecast_accuracy_phrase) if plan.forecast_accuracy_phrase else "",
        comparison_notes=tuple(p.say(x) for x in model.sales.comparison_phrases),
        churn_rule=p.say(c.churn_rule_phrase),
        judged=p.say(pr.judged_phrase),
        stalled_rule=p.say(pr.stalled_rule_phrase),
        happened=tuple(p.sentence(s) for s in model.summary.happened),
        drivers=tuple(p.say(d.phrase) for d in model.summary.drivers),
        actions=tuple(p.say(a.phrase) for a in model.summary.actions),
        closing=p.say(plan.closing_phrase) if plan.closing_phrase else "",
    )


def finding_message(row, lang: str) -> str:
    """A Checks finding's message in `lang`."""
    return schema.in_lang(lang, row.message_en, row.message_zh)


def column_read_words(row, lang: str) -> tuple[str, str]:
    """(`Amount ← "Total Price" (Sales!I)`, how the header was found) in `lang`."""
    field = schema.SHEETS_BY_KEY[row.sheet_key].column(row.field).header(normalize_lang(lang))
    text = t(lang, "u_column_read", field=field, header=row.header, sheet=row.sheet, column=row.column)
    if getattr(row, "factor", 1.0) != 1.0:
        text += t(lang, "u_read_scaled", factor=f"{row.factor:,.0f}", unit=row.unit)
    if getattr(row, "note", ""):
        text += t(lang, f"u_read_{row.note}")
    return text, t(lang, f"u_how_{row.how}", field=field)
