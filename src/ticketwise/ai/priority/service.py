"""Prioritising a new ticket (issue #5, item 4): compute, record the decision, apply it when allowed.

Invariants:

* one decision is recorded per call (attribute ``priority``), applied or not (contract §3.8);
* a priority staff chose (creating the ticket, or changing it later) is never changed: SLA deadlines
  must follow what the desk set. A priority the requester picked is never lowered and raised only on
  evidence (a known impact or urgency, a keyword, a VIP organization or history). Either way the
  decision is still recorded, unapplied, for an agent to accept (docs/decisions.md §29);
* nothing is written to the ticket when the result equals its current priority;
* changes go through :func:`ticketwise.tickets.service.update_ticket` with ``ActorType.AI``.
"""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from ticketwise.ai import decisions
from ticketwise.ai.decisions import reason
from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision
from ticketwise.ai.priority import repository
from ticketwise.ai.priority.config import priority_config
from ticketwise.ai.priority.history import what_history_says
from ticketwise.ai.priority.rules import PriorityFacts, decide, rank
from ticketwise.core.i18n import N_
from ticketwise.tickets.enums import ActorType, Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.users import repository as users_repository

MODEL = "priority-rules-1"
_PEOPLE = (ActorType.USER, ActorType.CONTACT)


def person_choice(session: Session, ticket: Ticket) -> Priority | None:
    """The priority a person last chose for the ticket, or None when it only ever had the type's
    default or values set by the system and AI.

    A person chose it when they changed it later (the last such change counts), when a staff member
    created the ticket, or when the requester picked something other than the type's default.
    """
    events = repository.priority_events(session, ticket.id)
    by_people = [event for event in events if event.actor_type in _PEOPLE and event.new_value]
    if by_people:
        return Priority(by_people[-1].new_value)
    initial = Priority(events[0].old_value) if events and events[0].old_value else ticket.priority
    if ticket.created_by_id is not None:
        creator = users_repository.get_user(session, ticket.created_by_id)
        if creator is not None and creator.is_staff:
            return initial
    return initial if initial.value != ticket.type.default_priority else None


def _chosen_by_staff(session: Session, ticket: Ticket) -> bool:
    """Whether the priority's last choice by a person was a staff member's (or a staff member
    created the ticket and no person changed the priority since)."""
    by_people = [
        event
        for event in repository.priority_events(session, ticket.id)
        if event.actor_type in _PEOPLE and event.new_value
    ]
    user_id = by_people[-1].actor_user_id if by_people else ticket.created_by_id
    user = users_repository.get_user(session, user_id) if user_id is not None else None
    return user is not None and user.is_staff


def prioritise(session: Session, ticket: Ticket) -> AiDecision | None:
    """Compute the ticket's priority, record the decision and apply it (see the module invariants).

    Returns the recorded decision; None only for a ticket that is no longer open.
    """
    if not ticket.is_open:
        return None
    started = time.perf_counter()
    config = priority_config(session)
    organization = (
        users_repository.get_organization(session, ticket.organization_id) if ticket.organization_id else None
    )
    facts = PriorityFacts(
        impact=ticket.impact,
        urgency=ticket.urgency,
        text=f"{ticket.title}\n{ticket.description}",
        vip_organization=organization.name if organization is not None and organization.vip else None,
        history=what_history_says(session, ticket) if config.use_history else None,
    )
    outcome = decide(config, facts)
    current = ticket.priority
    chosen = person_choice(session, ticket)
    reasons = list(outcome.reasons)
    apply = outcome.priority != current
    if (
        apply
        and chosen is not None
        and (
            _chosen_by_staff(session, ticket) or rank(outcome.priority) > rank(chosen) or not outcome.grounded
        )
    ):
        # Staff choices are kept as they are, so SLA deadlines follow what the desk set; a
        # requester's choice is never lowered and raised only on evidence. The AI's view stays on
        # the ticket as a proposal to accept.
        apply = False
        reasons.append(reason(N_("kept %(priority)s: a person chose it"), priority=current.value))
    decision = decisions.record(
        session,
        ticket_id=ticket.id,
        feature=Feature.PRIORITY,
        attribute="priority",
        value=outcome.priority.value,
        confidence=outcome.confidence,
        reasons=reasons,
        model=MODEL,
        input_text=facts.text,
        output={
            **outcome.output,
            "previous": current.value,
            "person_choice": chosen.value if chosen else None,
        },
        latency_ms=round((time.perf_counter() - started) * 1000),
        applied=apply,
    )
    if apply:
        update_ticket(session, None, ticket, TicketPatch(priority=outcome.priority), actor_type=ActorType.AI)
    return decision
