"""Reactions of the AI domain to ticket events (DESIGN §3.3).

The similar-case index follows the ticket lifecycle: a ticket enters it when it is resolved, is
re-indexed when it is closed (its final replies count), and leaves it when it is reopened, cancelled or
merged. Each reaction runs after the ticket's transaction committed, in its own unit of work; a
failure is logged by the event system and never undoes the ticket change.
"""

from __future__ import annotations

from ticketwise.ai.retrieval.documents import refresh_document, remove_document
from ticketwise.ai.retrieval.repository import SOLVED_STATUSES
from ticketwise.ai.retrieval.ticket_source import KIND as TICKET_KIND
from ticketwise.core.events import subscribe
from ticketwise.core.uow import unit_of_work
from ticketwise.tickets.domain_events import TicketMerged, TicketStatusChanged


@subscribe(TicketStatusChanged)
def keep_similar_index_current(event: TicketStatusChanged) -> None:
    if event.new not in SOLVED_STATUSES and event.old not in SOLVED_STATUSES:
        return
    with unit_of_work() as session:
        refresh_document(session, TICKET_KIND, event.ticket_id)


@subscribe(TicketMerged)
def drop_merged_ticket_from_similar_index(event: TicketMerged) -> None:
    with unit_of_work() as session:
        remove_document(session, TICKET_KIND, event.source_id)
