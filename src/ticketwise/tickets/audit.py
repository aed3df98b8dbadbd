"""The audit trail writer (DESIGN §3.1): every change to a ticket becomes one ``TicketEvent`` row.

Old and new values are stored as text, converted the same way everywhere (:func:`stringify`) so the
timeline, reports and SLA replay compare like with like. ``None`` stays ``None`` (the field was empty).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.core.clock import ensure_utc, now
from ticketwise.tickets.enums import ActorType
from ticketwise.tickets.models import Ticket, TicketEvent
from ticketwise.users.models import Contact, User


def stringify(value: Any) -> str | None:
    """One text form per value: enums by value, booleans as ``true``/``false``, datetimes as UTC ISO
    8601, collections as compact JSON (sets sorted), everything else through ``str``."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return ensure_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return str(value)


def record(
    session: Session,
    ticket: Ticket,
    *,
    actor: User | None = None,
    contact: Contact | None = None,
    actor_type: ActorType | None = None,
    action: str,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    data: dict[str, Any] | None = None,
) -> TicketEvent:
    """Append one event to ``ticket``'s trail and return it (added to the session, not yet flushed).

    The actor type defaults to ``user`` when a user acted, ``contact`` when only a contact did, and
    ``system`` otherwise; pass ``ActorType.AI`` for decisions made by the AI domain.
    """
    if ticket.id is None:
        # The event row needs the ticket's id; a ticket created in this transaction gets it here.
        session.flush()
    if actor_type is None:
        actor_type = ActorType.USER if actor else ActorType.CONTACT if contact else ActorType.SYSTEM
    event = TicketEvent(
        ticket_id=ticket.id,
        actor_type=actor_type,
        actor_user_id=actor.id if actor else None,
        actor_contact_id=contact.id if contact else None,
        action=action,
        field=field,
        old_value=stringify(old),
        new_value=stringify(new),
        data=data,
        created_at=now(),
    )
    session.add(event)
    return event


def record_changes(
    session: Session,
    ticket: Ticket,
    changes: Sequence[tuple[str, Any, Any]],
    *,
    actor: User | None = None,
    actor_type: ActorType | None = None,
) -> None:
    """Stamp ``ticket.updated_at`` and append one ``updated`` event per ``(field, old, new)``, then
    flush. The caller publishes ``TicketUpdated`` (after whatever else the change implies)."""
    ticket.updated_at = now()
    for field, old, new in changes:
        record(
            session,
            ticket,
            actor=actor,
            actor_type=actor_type,
            action="updated",
            field=field,
            old=old,
            new=new,
        )
    session.flush()
