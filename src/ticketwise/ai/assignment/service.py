"""Assigning new tickets to agents (issue #5, item 5) and suggesting a reassignment on escalation.

Invariants:

* only an open ticket without an assignee, whose team (its own, else its type's default team) has a
  strategy other than ``manual``, is assigned automatically;
* nobody absent (inactive, offline, outside working hours, at capacity) is ever chosen;
* the team's routing row is locked while choosing, so concurrent assignments in one team are
  serialised and a round-robin turn is never given twice;
* every choice (or the finding that nobody can take the ticket) is recorded with its reasons, and
  applied through :func:`ticketwise.tickets.service.update_ticket` with ``ActorType.AI``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.ai import decisions
from ticketwise.ai.assignment import repository
from ticketwise.ai.assignment.candidates import team_candidates
from ticketwise.ai.assignment.explain import candidate_reasons, chosen_reason, nobody_reason
from ticketwise.ai.assignment.models import Strategy
from ticketwise.ai.assignment.required_skills import required_for
from ticketwise.ai.assignment.strategies import Scored, rank, score
from ticketwise.ai.assignment.team_strategy import Weights, strategy_of
from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision
from ticketwise.core.clock import now
from ticketwise.tickets.enums import ActorType
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.users import repository as users_repository
from ticketwise.users.models import Team, User

MODEL = "assignment-scores-1"


@dataclass(frozen=True)
class AssignmentSuggestion:
    """A better-placed agent for an escalated ticket; recorded as a decision, not applied."""

    user: User
    score: float
    reasons: list[dict[str, Any]]
    decision: AiDecision


@dataclass(frozen=True)
class _Choice:
    best: Scored | None
    reasons: list[dict[str, Any]]
    output: dict[str, Any]


def _team_of(session: Session, ticket: Ticket) -> Team | None:
    team_id = ticket.team_id or ticket.type.default_team_id
    return repository.get_team(session, team_id) if team_id is not None else None


def _choose(
    session: Session,
    ticket: Ticket,
    team: Team,
    strategy: Strategy,
    weights: Weights,
    *,
    after_user_id: int | None = None,
    exclude_user_id: int | None = None,
) -> _Choice:
    candidates = [c for c in team_candidates(session, team.id, now()) if c.user_id != exclude_user_id]
    requirements = required_for(session, ticket)
    scored = score(candidates, requirements, weights)
    ranked = rank(strategy, scored, after_user_id=after_user_id)
    best = ranked[0] if ranked else None
    head = chosen_reason(strategy, best) if best else nobody_reason(strategy, team.name, requirements)
    listed = ranked + [entry for entry in scored if entry not in ranked]
    reasons = [
        head,
        *candidate_reasons(candidates, listed, requirements, combined=strategy is Strategy.COMBINED),
    ]
    output = {
        "team_id": team.id,
        "strategy": strategy.value,
        "weights": {"load": weights.load, "skill": weights.skill, "availability": weights.availability},
        "required_skills": {r.skill_name: r.min_level for r in requirements},
        "ranking": [
            {
                "user_id": entry.candidate.user_id,
                "combined": round(entry.combined, 4),
                "load": round(entry.load, 4),
                "skill": round(entry.skill, 4),
                "availability": entry.availability,
            }
            for entry in ranked[:10]
        ],
        "absent": {c.user_id: c.absence for c in candidates if c.absence is not None},
    }
    return _Choice(best, reasons, output)


def _input_text(ticket: Ticket) -> str:
    return f"{ticket.id}\n{ticket.type_id}\n{ticket.category_id}\n{ticket.priority.value}\n{ticket.title}"


def assign_new_ticket(session: Session, ticket: Ticket) -> AiDecision | None:
    """Assign the ticket under its team's strategy and return the recorded decision (with value None
    when nobody can take it now); None when the ticket is out of scope (see the invariants)."""
    if ticket.assignee_id is not None or not ticket.is_open:
        return None
    team = _team_of(session, ticket)
    if team is None:
        return None
    routing = repository.team_routing(session, team.id, lock=True)
    if routing is None or routing.strategy is Strategy.MANUAL:
        return None
    started = time.perf_counter()
    weights = Weights(routing.weight_load, routing.weight_skill, routing.weight_availability)
    choice = _choose(session, ticket, team, routing.strategy, weights, after_user_id=routing.last_assignee_id)
    best = choice.best
    decision = decisions.record(
        session,
        ticket_id=ticket.id,
        feature=Feature.ASSIGNMENT,
        attribute="assignee",
        value=str(best.candidate.user_id) if best else None,
        confidence=round(best.combined, 2) if best else None,
        reasons=choice.reasons,
        model=MODEL,
        input_text=_input_text(ticket),
        output=choice.output,
        latency_ms=round((time.perf_counter() - started) * 1000),
        applied=best is not None,
    )
    if best is not None:
        patch = TicketPatch(assignee_id=best.candidate.user_id)
        if ticket.team_id is None:
            patch = TicketPatch(assignee_id=best.candidate.user_id, team_id=team.id)
        update_ticket(session, None, ticket, patch, actor_type=ActorType.AI)
        routing.last_assignee_id = best.candidate.user_id
        routing.updated_at = now()
        session.flush()
    return decision


def suggest_reassignment(session: Session, ticket: Ticket) -> AssignmentSuggestion | None:
    """The best present team member other than the current assignee, for an escalated ticket.

    Uses the team's strategy; manual and round-robin teams are scored with the combined strategy (a
    turn order says nothing about who is best placed). Records the suggestion as a decision that is
    not applied; returns None when the ticket has no team or nobody else can take it.
    """
    team = _team_of(session, ticket)
    if team is None:
        return None
    started = time.perf_counter()
    strategy, weights = strategy_of(session, team.id)
    if strategy in (Strategy.MANUAL, Strategy.ROUND_ROBIN):
        strategy = Strategy.COMBINED
    choice = _choose(session, ticket, team, strategy, weights, exclude_user_id=ticket.assignee_id)
    best = choice.best
    if best is None:
        return None
    user = users_repository.get_user(session, best.candidate.user_id)
    assert user is not None  # a candidate is a team member, and members are rows of users
    decision = decisions.record(
        session,
        ticket_id=ticket.id,
        feature=Feature.ASSIGNMENT,
        attribute="assignee",
        value=str(user.id),
        confidence=round(best.combined, 2),
        reasons=choice.reasons,
        model=MODEL,
        input_text=_input_text(ticket),
        output={**choice.output, "suggestion": True, "current_assignee_id": ticket.assignee_id},
        latency_ms=round((time.perf_counter() - started) * 1000),
        applied=False,
    )
    return AssignmentSuggestion(
        user=user, score=round(best.combined, 4), reasons=choice.reasons, decision=decision
    )
