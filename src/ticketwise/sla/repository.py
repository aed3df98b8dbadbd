"""Queries of the sla domain (portable: SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.sla.models import SlaEvent, SlaPolicy, SlaTimer
from ticketwise.sla.replay import History
from ticketwise.tickets.enums import Direction, MessageKind, Status
from ticketwise.tickets.models import Ticket, TicketEvent, TicketMessage


def load_history(session: Session, ticket: Ticket) -> History:
    """The ticket's status periods and public replies, in the order they happened.

    The status before the first recorded change is that change's old value (a ticket is created
    ``new``); public agent replies are outbound replies written by a user, customer messages inbound
    replies. Internal notes and system messages do not count.
    """
    changes = session.execute(
        sa.select(TicketEvent.created_at, TicketEvent.old_value, TicketEvent.new_value)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.field == "status")
        .order_by(TicketEvent.id)
    ).all()
    first = Status(changes[0].old_value) if changes and changes[0].old_value else ticket.status
    statuses = [(ticket.created_at, first if changes else ticket.status)]
    statuses += [(row.created_at, Status(row.new_value)) for row in changes if row.new_value]
    rows = session.execute(
        sa.select(TicketMessage.created_at, TicketMessage.direction, TicketMessage.author_user_id)
        .where(TicketMessage.ticket_id == ticket.id, TicketMessage.kind == MessageKind.REPLY)
        .order_by(TicketMessage.created_at, TicketMessage.id)
    ).all()
    messages = []
    for row in rows:
        if row.direction is Direction.INBOUND:
            messages.append((row.created_at, False))
        elif row.author_user_id is not None:
            messages.append((row.created_at, True))
    return History(created_at=ticket.created_at, statuses=tuple(statuses), messages=tuple(messages))


def lock_ticket(session: Session, ticket_id: int, *, skip_locked: bool = False) -> bool:
    """Lock the ticket row for this transaction (PostgreSQL; SQLite's writer lock already serialises).

    Every SLA writer takes this lock first, so replays and monitor ticks on one ticket never interleave
    or deadlock. With ``skip_locked`` returns False instead of waiting when another worker holds it.
    """
    query = sa.select(Ticket.id).where(Ticket.id == ticket_id).with_for_update(skip_locked=skip_locked)
    return session.scalar(query) is not None


def timers_of(session: Session, ticket_id: int) -> list[SlaTimer]:
    return list(
        session.scalars(
            sa.select(SlaTimer)
            .where(SlaTimer.ticket_id == ticket_id)
            .order_by(SlaTimer.clock, SlaTimer.cycle)
        )
    )


def events_of(session: Session, ticket_id: int, kinds: tuple[str, ...] | None = None) -> list[SlaEvent]:
    query = sa.select(SlaEvent).where(SlaEvent.ticket_id == ticket_id)
    if kinds is not None:
        query = query.where(SlaEvent.kind.in_(kinds))
    return list(session.scalars(query.order_by(SlaEvent.at, SlaEvent.id)))


def due_timer_rows(session: Session, moment: datetime, limit: int) -> list[tuple[int, int]]:
    """``(timer id, ticket id)`` of timers whose next check is due, oldest first, through the
    ``next_check_at`` index (a range scan; open tickets that are not due are never read)."""
    rows = session.execute(
        sa.select(SlaTimer.id, SlaTimer.ticket_id)
        .where(SlaTimer.next_check_at <= moment)
        .order_by(SlaTimer.next_check_at)
        .limit(limit)
    ).all()
    return [(row.id, row.ticket_id) for row in rows]


def policies_by_id(session: Session, policy_ids: Collection[int]) -> dict[int, SlaPolicy]:
    """The policies with these ids (their calendars joined), by id."""
    statement = sa.select(SlaPolicy).where(SlaPolicy.id.in_(list(policy_ids)))
    return {policy.id: policy for policy in session.scalars(statement)}
