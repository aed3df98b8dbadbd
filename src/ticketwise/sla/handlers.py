"""Reactions of the sla domain to other domains' events (DESIGN §3.3).

Each handler recomputes the ticket's clocks in its own unit of work, after the change committed.
Creation and changes to a field policy conditions read match the policy again; status changes and
public messages only replay the clocks under the applied policy.
"""

from __future__ import annotations

from ticketwise.core.events import subscribe
from ticketwise.core.uow import unit_of_work
from ticketwise.sla.apply import replay_ticket
from ticketwise.sla.policies import MATCHED_FIELDS
from ticketwise.tickets.domain_events import (
    MessageAdded,
    TicketCreated,
    TicketMerged,
    TicketStatusChanged,
    TicketUpdated,
)


def _replay(ticket_id: int, *, rematch: bool) -> None:
    with unit_of_work() as session:
        replay_ticket(session, ticket_id, rematch=rematch)


@subscribe(TicketCreated)
def on_ticket_created(event: TicketCreated) -> None:
    _replay(event.ticket_id, rematch=True)


@subscribe(TicketUpdated)
def on_ticket_updated(event: TicketUpdated) -> None:
    if MATCHED_FIELDS.intersection(event.changes):
        _replay(event.ticket_id, rematch=True)


@subscribe(TicketStatusChanged)
def on_status_changed(event: TicketStatusChanged) -> None:
    _replay(event.ticket_id, rematch=False)


@subscribe(MessageAdded)
def on_message_added(event: MessageAdded) -> None:
    if event.public:
        _replay(event.ticket_id, rematch=False)


@subscribe(TicketMerged)
def on_ticket_merged(event: TicketMerged) -> None:
    _replay(event.source_id, rematch=False)
