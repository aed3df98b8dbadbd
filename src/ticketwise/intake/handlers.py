"""Reactions of the intake domain to other domains' events (DESIGN §3.3).

Each runs after the triggering transaction committed, in its own unit of work, so a failure here
never undoes the ticket (the event system logs it). For a new ticket, completion runs before
duplicate detection (subscription order), so duplicates are judged on the completed ticket; the AI's
arrival steps (triage, priority, assignment) are queued as a job once completion has committed.

The ticket is loaded without its eager relationships (type, category, requester, assignee, team,
tags): these reactions read only its own columns (completion also its type), and loading the rest
for every new ticket cost more than the reactions themselves. Anything else a hook touches is still
loaded on access.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, joinedload, lazyload

from ticketwise.ai.tasks import process_arrival
from ticketwise.core.events import subscribe
from ticketwise.core.jobs import enqueue
from ticketwise.core.uow import unit_of_work
from ticketwise.intake.completion.complete import complete_ticket
from ticketwise.intake.duplicates.detection import detect_duplicates
from ticketwise.intake.duplicates.incidents import detect_major_incident
from ticketwise.intake.webhooks.callbacks import schedule_status_callbacks
from ticketwise.tickets.domain_events import TicketCreated, TicketStatusChanged
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types.models import TicketType

# The ticket's row, its type's row and the type's fields in one SELECT (completion reads the fields
# when the type has extractors); the type's categories only on access.
_TICKET_WITH_TYPE = (
    lazyload("*"),
    joinedload(Ticket.type).options(joinedload(TicketType.fields), lazyload(TicketType.categories)),
)
_TICKET_ONLY = (lazyload("*"),)


def _ticket(session: Session, ticket_id: int, options: tuple) -> Ticket | None:
    return session.get(Ticket, ticket_id, options=list(options))


@subscribe(TicketCreated)
def complete_new_ticket(event: TicketCreated) -> None:
    """Completion, then the AI's triage, priority and assignment as a job (its triage step, DESIGN
    §5/§7): the job reads the completed ticket, and its models and LLM calls stay out of this thread."""
    with unit_of_work() as session:
        ticket = _ticket(session, event.ticket_id, _TICKET_WITH_TYPE)
        if ticket is not None:
            complete_ticket(session, ticket)
            enqueue(session, process_arrival, ticket.id)


@subscribe(TicketCreated)
def find_duplicates_of_new_ticket(event: TicketCreated) -> None:
    with unit_of_work() as session:
        ticket = _ticket(session, event.ticket_id, _TICKET_ONLY)
        if ticket is not None and ticket.is_open:
            detect_duplicates(session, ticket)
            detect_major_incident(session, ticket)


@subscribe(TicketStatusChanged)
def call_back_webhook_sources(event: TicketStatusChanged) -> None:
    with unit_of_work() as session:
        schedule_status_callbacks(session, event.ticket_id, event.old, event.new)
