"""The reasons an assignment decision shows: why the chosen agent, and the facts about each candidate
("Li Lei: online, load 3/20", "Li Lei: skill VPN level 4 ≥ 3", "Wang: offline, not assigned")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ticketwise.ai.assignment.candidates import Candidate
from ticketwise.ai.assignment.models import Strategy
from ticketwise.ai.assignment.required_skills import Requirement
from ticketwise.ai.assignment.strategies import Scored
from ticketwise.ai.decisions import reason
from ticketwise.core.i18n import N_
from ticketwise.users.models import Availability

MAX_CANDIDATES_EXPLAINED = 10

_ABSENCE = {
    "inactive": N_("%(name)s: inactive, not assigned"),
    "offline": N_("%(name)s: offline, not assigned"),
    "outside_hours": N_("%(name)s: outside working hours, not assigned"),
    "at_capacity": N_("%(name)s: at capacity (%(open)s/%(capacity)s), not assigned"),
}
_PRESENT = {
    Availability.ONLINE: N_("%(name)s: online, load %(open)s/%(capacity)s"),
    Availability.AWAY: N_("%(name)s: away (counts less), load %(open)s/%(capacity)s"),
}
_CHOSEN = {
    Strategy.ROUND_ROBIN: N_("round-robin: %(name)s is next in turn"),
    Strategy.LEAST_LOADED: N_("least loaded: %(name)s has the lowest load for their capacity (%(ratio)s)"),
    Strategy.SKILL: N_("skill match: %(name)s meets every required skill best"),
    Strategy.AVAILABILITY: N_("availability: %(name)s is the least loaded of those most available"),
    Strategy.COMBINED: N_("combined score: %(name)s scores best (%(score)s)"),
}


def _number(value: float) -> str:
    return f"{value:.2f}"


def chosen_reason(strategy: Strategy, best: Scored) -> dict[str, Any]:
    return reason(
        _CHOSEN[strategy],
        name=best.candidate.name,
        ratio=_number(best.candidate.load_ratio),
        score=_number(best.combined),
    )


def nobody_reason(strategy: Strategy, team_name: str, requirements: Sequence[Requirement]) -> dict[str, Any]:
    if strategy is Strategy.SKILL and requirements:
        return reason(
            N_("nobody present in %(team)s has every required skill: the ticket waits in the team queue"),
            team=team_name,
        )
    return reason(
        N_("nobody in %(team)s can take it now: the ticket waits in the team queue"), team=team_name
    )


def candidate_reasons(
    candidates: Sequence[Candidate],
    scored: Sequence[Scored],
    requirements: Sequence[Requirement],
    *,
    combined: bool,
) -> list[dict[str, Any]]:
    """Facts per candidate, the ranked ones first, at most :data:`MAX_CANDIDATES_EXPLAINED` people."""
    by_id = {entry.candidate.user_id: entry for entry in scored}
    ordered = [entry.candidate for entry in scored] + [c for c in candidates if c.user_id not in by_id]
    reasons: list[dict[str, Any]] = []
    if not requirements:
        reasons.append(reason(N_("no skills required for this type or category")))
    for candidate in ordered[:MAX_CANDIDATES_EXPLAINED]:
        facts = {"name": candidate.name, "open": candidate.open_count, "capacity": candidate.capacity}
        if candidate.absence is not None:
            reasons.append(reason(_ABSENCE[candidate.absence], **facts))
            continue
        reasons.append(reason(_PRESENT[candidate.availability], **facts))
        for requirement in requirements:
            level = candidate.skills.get(requirement.skill_id, 0)
            if level == 0:
                message = N_("%(name)s: lacks skill %(skill)s (needs %(min)s)")
            elif level >= requirement.min_level:
                message = N_("%(name)s: skill %(skill)s level %(level)s ≥ %(min)s")
            else:
                message = N_("%(name)s: skill %(skill)s level %(level)s < %(min)s")
            reasons.append(
                reason(
                    message,
                    name=candidate.name,
                    skill=requirement.skill_name,
                    level=level,
                    min=requirement.min_level,
                )
            )
        entry = by_id.get(candidate.user_id)
        if combined and entry is not None:
            reasons.append(
                reason(
                    N_(
                        "%(name)s: score %(score)s (load %(load)s, skill %(skill)s, availability %(availability)s)"
                    ),
                    name=candidate.name,
                    score=_number(entry.combined),
                    load=_number(entry.load),
                    skill=_number(entry.skill),
                    availability=_number(entry.availability),
                )
            )
    if len(ordered) > MAX_CANDIDATES_EXPLAINED:
        reasons.append(
            reason(N_("and %(count)s more team members"), count=len(ordered) - MAX_CANDIDATES_EXPLAINED)
        )
    return reasons
