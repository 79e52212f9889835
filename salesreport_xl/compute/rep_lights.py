"""Reps at a glance: attainment as traffic lights, and the reps below 90 % of target named.

Lights on a rep's attainment: green from 100 %, amber from 90 % to below 100 %, red below 90 %.
The highlight names the reps with a target whose attainment is below 90 %, lowest first (ties by name).
"""
from __future__ import annotations

from .model import Phrase, Sentence, TeamSection, count, percent

AMBER_FROM, GREEN_FROM = 0.90, 1.00


def reps_below(team: TeamSection):
    """The reps with a target below AMBER_FROM attainment, lowest first."""
    rows = [r for r in team.reps if r.target is not None and r.attainment is not None and r.attainment < AMBER_FROM]
    return sorted(rows, key=lambda r: (r.attainment, r.rep))


def add_reps_below(highlights: list[Sentence], team: TeamSection) -> list[Sentence]:
    """Name the reps below 90 % of target in the attainment highlight (a clause of it), or in a
    highlight of their own when there is no team attainment; `highlights` is changed and returned."""
    rows = reps_below(team)
    if not rows:
        return highlights
    clause = Phrase("s_hl_reps_below", {
        "count": count(len(rows)),
        "names": [Phrase("s_hl_rep_below", {"rep": r.rep, "pct": percent(r.attainment)}) for r in rows]})
    for h in highlights:
        if h.key == "attainment":
            h.phrase = (h.phrase if isinstance(h.phrase, list) else [h.phrase]) + [clause]
            return highlights
    highlights.append(Sentence(key="reps_below", figure=len(rows), figure_name="count(team.reps_below_90)",
                               tone="bad", phrase=clause))
    return highlights
