"""Scoring and ranking present candidates under each strategy (pure functions, no database).

Every score is normalised to 0..1 so the combined strategy can weigh them:

* load: ``1 / (1 + load_ratio)`` (no open work is 1, a full normal load is 0.5);
* skill: 1 when nothing is required; otherwise the mean over required skills of
  ``0.7 + 0.3 · (level − min) / (5 − min)`` when the level is met, ``0.5 · level / min`` when not;
* availability: online 1, away 0.5.

Ties are broken by the lower load, then the lower user id, so results are deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ticketwise.ai.assignment.candidates import Candidate
from ticketwise.ai.assignment.models import Strategy
from ticketwise.ai.assignment.required_skills import MAX_LEVEL, Requirement
from ticketwise.ai.assignment.team_strategy import Weights
from ticketwise.users.models import Availability

AVAILABILITY_SCORES = {Availability.ONLINE: 1.0, Availability.AWAY: 0.5}
FULL_MATCH_FLOOR = 0.7


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    load: float
    skill: float
    availability: float
    combined: float
    meets_skills: bool


def skill_score(candidate: Candidate, requirements: Sequence[Requirement]) -> tuple[float, bool]:
    """The skill score and whether every requirement is met."""
    if not requirements:
        return 1.0, True
    parts = []
    for requirement in requirements:
        level = candidate.skills.get(requirement.skill_id, 0)
        if level >= requirement.min_level:
            headroom = max(MAX_LEVEL - requirement.min_level, 1)
            parts.append(
                FULL_MATCH_FLOOR + (1 - FULL_MATCH_FLOOR) * (level - requirement.min_level) / headroom
            )
        else:
            parts.append(0.5 * level / requirement.min_level)
    meets = all(candidate.skills.get(r.skill_id, 0) >= r.min_level for r in requirements)
    return sum(parts) / len(parts), meets


def score(
    candidates: Sequence[Candidate], requirements: Sequence[Requirement], weights: Weights
) -> list[Scored]:
    """Scores of the present candidates (absent ones are left out)."""
    total = (weights.load + weights.skill + weights.availability) or 1.0
    scored = []
    for candidate in candidates:
        if candidate.absence is not None:
            continue
        load = 1 / (1 + candidate.load_ratio)
        skill, meets = skill_score(candidate, requirements)
        availability = AVAILABILITY_SCORES[candidate.availability]
        combined = (weights.load * load + weights.skill * skill + weights.availability * availability) / total
        scored.append(Scored(candidate, load, skill, availability, combined, meets))
    return scored


def _rotation(scored: Sequence[Scored], after_user_id: int | None) -> list[Scored]:
    # Only the best availability tier takes turns: away agents get tickets when nobody is online.
    best = max(entry.availability for entry in scored)
    tier = sorted(
        (entry for entry in scored if entry.availability == best), key=lambda e: e.candidate.user_id
    )
    if after_user_id is None:
        return tier
    later = [entry for entry in tier if entry.candidate.user_id > after_user_id]
    return later + [entry for entry in tier if entry.candidate.user_id <= after_user_id]


def rank(strategy: Strategy, scored: Sequence[Scored], *, after_user_id: int | None = None) -> list[Scored]:
    """The candidates ``strategy`` would choose from, best first (empty when nobody qualifies).

    ``after_user_id`` is the round-robin pointer: the turn goes to the next member after it.
    """
    if not scored or strategy is Strategy.MANUAL:
        return []
    if strategy is Strategy.ROUND_ROBIN:
        return _rotation(scored, after_user_id)
    if strategy is Strategy.SKILL:
        matching = [entry for entry in scored if entry.meets_skills]
        return sorted(matching, key=lambda e: (-e.skill, e.candidate.load_ratio, e.candidate.user_id))
    if strategy is Strategy.LEAST_LOADED:
        return sorted(scored, key=lambda e: (e.candidate.load_ratio, -e.availability, e.candidate.user_id))
    if strategy is Strategy.AVAILABILITY:
        return sorted(scored, key=lambda e: (-e.availability, e.candidate.load_ratio, e.candidate.user_id))
    return sorted(scored, key=lambda e: (-e.combined, e.candidate.load_ratio, e.candidate.user_id))
