"""Reps at a glance: attainment as traffic lights.

Lights on a rep's attainment: green from 100 %, amber from 90 % to below 100 %, red below 90 %.
The highlights name the reps furthest below target (compute/summary.py `reps_below`: at or below
1 + Settings underperform, 90 % by default, by money at stake).
"""
from __future__ import annotations

from .model import TeamSection

AMBER_FROM, GREEN_FROM = 0.90, 1.00


def reps_below(team: TeamSection):
    """The reps with a target below AMBER_FROM attainment, lowest first."""
    rows = [r for r in team.reps if r.target is not None and r.attainment is not None and r.attainment < AMBER_FROM]
    return sorted(rows, key=lambda r: (r.attainment, r.rep))
