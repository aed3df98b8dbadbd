"""What an escalation level does when it fires (DESIGN §6).

Actions go through the normal ticket services as the system actor, so every change is audited and
publishes its usual events: ``notify`` raises :class:`PeopleAlerted` (the notifications domain
delivers it), ``set_priority``/``raise_priority``/``reassign``/``add_tag`` call
:func:`ticketwise.tickets.service.update_ticket`, ``webhook`` queues a signed POST after commit. Each
action runs in its own savepoint: one that fails (a team deleted since the policy was written) is
logged and skipped, and the others still happen. A breach level also asks the AI for a better-placed
colleague (:func:`ticketwise.ai.assignment.service.suggest_reassignment`): the suggestion is recorded
on the ticket for a person to accept, never applied by itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import structlog
from sqlalchemy.orm import Session

from ticketwise.ai.assignment.service import suggest_reassignment
from ticketwise.core.errors import TicketwiseError
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_
from ticketwise.core.jobs import enqueue
from ticketwise.sla.models import Clock, LevelKind, SlaEscalationLevel, SlaEvent, SlaEventKind, SlaTimer
from ticketwise.tickets.domain_events import PeopleAlerted
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.users.models import Role, TeamMember, User

log = structlog.get_logger(__name__)

# One message per clock and kind: a clock name passed as a parameter would stay untranslated.
MESSAGES = {
    (Clock.FIRST_RESPONSE, False): N_("%(number)s: the first response is due at %(due)s."),
    (Clock.FIRST_RESPONSE, True): N_("%(number)s: the first response was due at %(due)s and is late."),
    (Clock.NEXT_RESPONSE, False): N_("%(number)s: the next response is due at %(due)s."),
    (Clock.NEXT_RESPONSE, True): N_("%(number)s: the next response was due at %(due)s and is late."),
    (Clock.RESOLUTION, False): N_("%(number)s: the resolution is due at %(due)s."),
    (Clock.RESOLUTION, True): N_("%(number)s: the resolution was due at %(due)s and is late."),
    (Clock.PERIODIC_UPDATE, False): N_("%(number)s: a customer update is due at %(due)s."),
    (Clock.PERIODIC_UPDATE, True): N_("%(number)s: a customer update was due at %(due)s and is late."),
}
RAISED = {
    Priority.P3: Priority.P2,
    Priority.P2: Priority.P1,
    Priority.P1: Priority.P0,
    Priority.P0: Priority.P0,
}


def _managers(session: Session, ticket: Ticket) -> set[int]:
    """Supervisors of the ticket's team; without a team, every active supervisor."""
    query = sa.select(User.id).where(User.role == Role.SUPERVISOR, User.is_active.is_(True))
    if ticket.team_id is not None:
        query = query.join(TeamMember, TeamMember.user_id == User.id).where(
            TeamMember.team_id == ticket.team_id
        )
    return set(session.scalars(query))


def recipients(session: Session, ticket: Ticket, action: dict[str, Any]) -> set[int]:
    """The active staff a ``notify`` action reaches."""
    wanted: set[int] = set()
    to = set(action.get("to") or ())
    if "assignee" in to and ticket.assignee_id is not None:
        wanted.add(ticket.assignee_id)
    if "team_lead" in to and ticket.team is not None and ticket.team.lead_id is not None:
        wanted.add(ticket.team.lead_id)
    if "manager" in to:
        wanted |= _managers(session, ticket)
    if "users" in to or action.get("user_ids"):
        wanted |= {int(user_id) for user_id in action.get("user_ids") or ()}
    if not wanted:
        return wanted
    active = session.scalars(
        sa.select(User.id).where(User.id.in_(wanted), User.is_active.is_(True), User.role != Role.CUSTOMER)
    )
    return set(active)


def is_noop(ticket: Ticket, action: dict[str, Any]) -> bool:
    """True for a ``notify`` action that can reach nobody on this ticket, known without a query (no
    assignee or team for the roles it names, no managers or user ids): running it does nothing."""
    if action.get("type") != "notify":
        return False
    to = set(action.get("to") or ())
    return not (
        ("assignee" in to and ticket.assignee_id is not None)
        or ("team_lead" in to and ticket.team_id is not None)
        or "manager" in to
        or action.get("user_ids")
    )


def webhook_payload(
    ticket: Ticket, timer: SlaTimer, level: SlaEscalationLevel, at: datetime
) -> dict[str, Any]:
    return {
        "event": f"sla.{level.kind.value}",
        "ticket": {
            "id": ticket.id,
            "number": ticket.number,
            "title": ticket.title,
            "priority": ticket.priority.value,
        },
        "clock": timer.clock.value,
        "cycle": timer.cycle,
        "due_at": timer.due_at.isoformat() if timer.due_at else None,
        "level": {"id": level.id, "name": level.name, "kind": level.kind.value},
        "at": at.isoformat(),
    }


def _run(
    session: Session,
    ticket: Ticket,
    timer: SlaTimer,
    level: SlaEscalationLevel,
    action: dict[str, Any],
    at: datetime,
) -> None:
    kind = action.get("type")
    if kind == "notify":
        users = recipients(session, ticket, action)
        if users:
            due = timer.due_at.strftime("%Y-%m-%d %H:%M UTC") if timer.due_at else ""
            breach = level.kind is LevelKind.BREACH
            publish(
                session,
                PeopleAlerted(
                    ticket_id=ticket.id,
                    user_ids=tuple(sorted(users)),
                    kind=f"sla.{level.kind.value}",
                    message=MESSAGES[(timer.clock, breach)],
                    params=(("number", ticket.number), ("due", due)),
                    email=breach,
                ),
            )
    elif kind == "set_priority":
        update_ticket(session, None, ticket, TicketPatch(priority=Priority(action["priority"])))
    elif kind == "raise_priority":
        update_ticket(session, None, ticket, TicketPatch(priority=RAISED[ticket.priority]))
    elif kind == "reassign":
        changes: dict[str, Any] = {}
        if action.get("team_id"):
            changes["team_id"] = action["team_id"]
        if action.get("user_id"):
            changes["assignee_id"] = action["user_id"]
        elif "team_id" in changes:
            changes["assignee_id"] = None  # handed to the team: whoever was on it is no longer
        if changes:
            update_ticket(session, None, ticket, TicketPatch(**changes))
    elif kind == "add_tag":
        if action["tag"] not in ticket.tags:
            update_ticket(session, None, ticket, TicketPatch(tags=[*ticket.tags, action["tag"]]))
    elif kind == "webhook":
        from ticketwise.sla.tasks import post_sla_webhook

        enqueue(
            session,
            post_sla_webhook,
            action["url"],
            action.get("secret") or "",
            webhook_payload(ticket, timer, level, at),
        )
    else:
        raise ValueError(f"unknown escalation action {kind!r}")


def fire_level(
    session: Session, ticket: Ticket, timer: SlaTimer, level: SlaEscalationLevel, at: datetime
) -> list[str]:
    """Run ``level``'s actions for ``timer`` and log a ``warned``/``escalated`` event; returns the
    types of the actions that failed. The caller records the level as fired (whatever failed)."""
    failed = []
    for action in level.actions or ():
        if is_noop(ticket, action):
            continue  # nothing to run, so no savepoint either
        try:
            with session.begin_nested():
                _run(session, ticket, timer, level, action, at)
        except (TicketwiseError, ValueError, KeyError, sa.exc.SQLAlchemyError):
            log.exception(
                "sla_action_failed", ticket_id=ticket.id, level_id=level.id, action=action.get("type")
            )
            failed.append(str(action.get("type")))
    if level.kind is LevelKind.BREACH and ticket.is_open:
        try:
            with session.begin_nested():
                suggest_reassignment(session, ticket)
        except (TicketwiseError, sa.exc.SQLAlchemyError):
            log.exception("sla_reassignment_suggestion_failed", ticket_id=ticket.id)
    session.add(
        SlaEvent(
            ticket_id=ticket.id,
            timer_id=timer.id,
            kind=SlaEventKind.ESCALATED if level.kind is LevelKind.BREACH else SlaEventKind.WARNED,
            at=at,
            data={
                "clock": timer.clock.value,
                "cycle": timer.cycle,
                "level_id": level.id,
                "level": level.name,
                "actions": [a.get("type") for a in level.actions or ()],
                "failed": failed,
            },
        )
    )
    return failed
