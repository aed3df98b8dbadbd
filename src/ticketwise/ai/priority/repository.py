"""Queries of the priority feature: priorities of past tickets and who set a ticket's priority."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.ai.priority.models import PrioritySettings
from ticketwise.tickets.enums import Priority, Status
from ticketwise.tickets.models import Ticket, TicketEvent

# Cancelled and merged tickets never got a priority worth learning from.
_COUNTED = tuple(status for status in Status if status not in (Status.CANCELLED, Status.MERGED))


def priority_counts(
    session: Session,
    *,
    exclude_ticket_id: int,
    type_id: int,
    since: datetime,
    category_id: int | None = None,
    organization_id: int | None = None,
) -> dict[Priority, int]:
    """How many tickets of this type (and category / organization when given) created since
    ``since`` have each priority, leaving out ``exclude_ticket_id``."""
    conditions = [
        Ticket.type_id == type_id,
        Ticket.id != exclude_ticket_id,
        Ticket.created_at >= since,
        Ticket.status.in_(_COUNTED),
    ]
    if category_id is not None:
        conditions.append(Ticket.category_id == category_id)
    if organization_id is not None:
        conditions.append(Ticket.organization_id == organization_id)
    statement = sa.select(Ticket.priority, sa.func.count()).where(*conditions).group_by(Ticket.priority)
    return {Priority(priority): count for priority, count in session.execute(statement)}


def priority_events(session: Session, ticket_id: int) -> list[TicketEvent]:
    """The ticket's priority changes, oldest first."""
    statement = (
        sa.select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket_id, TicketEvent.field == "priority")
        .order_by(TicketEvent.id)
    )
    return list(session.scalars(statement))


def priority_settings(session: Session, settings_id: int, *, lock: bool = False) -> PrioritySettings | None:
    """The single settings row (``lock``: FOR UPDATE on PostgreSQL, for a read-modify-write)."""
    statement = sa.select(PrioritySettings).where(PrioritySettings.id == settings_id)
    if lock:
        statement = statement.with_for_update()
    return session.scalar(statement)
