"""Events the ticket domain publishes after its transaction commits (DESIGN §3.3).

They carry ids and plain values only, never ORM objects, so handlers in other domains load what they
need in their own unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketwise.core.events import DomainEvent
from ticketwise.tickets.enums import MessageKind, Status


@dataclass(frozen=True, kw_only=True)
class TicketCreated(DomainEvent):
    ticket_id: int


@dataclass(frozen=True, kw_only=True)
class TicketUpdated(DomainEvent):
    """Core or extension fields changed; ``changes`` names them (``fields.<name>`` for extension fields)."""

    ticket_id: int
    changes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class TicketStatusChanged(DomainEvent):
    ticket_id: int
    old: Status
    new: Status


@dataclass(frozen=True, kw_only=True)
class MessageAdded(DomainEvent):
    ticket_id: int
    message_id: int
    kind: MessageKind
    public: bool
    from_customer: bool


@dataclass(frozen=True, kw_only=True)
class TicketMerged(DomainEvent):
    source_id: int
    target_id: int


@dataclass(frozen=True, kw_only=True)
class PeopleAlerted(DomainEvent):
    """Staff should be told something about a ticket (SLA warning, possible major incident, ...).

    Raised by any domain; the notifications domain delivers it in-app (and by e-mail when configured).
    ``message`` is an ``N_()`` msgid translated per recipient with ``params``; ``kind`` groups alerts
    (e.g. ``sla.warning``, ``sla.breach``, ``intake.major_incident``).
    """

    ticket_id: int | None
    user_ids: tuple[int, ...]
    kind: str
    message: str
    params: tuple[tuple[str, str], ...] = ()
    email: bool = False
