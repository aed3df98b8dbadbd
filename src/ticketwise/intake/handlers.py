"""Reactions of the intake domain to other domains' events (DESIGN §3.3).

Each runs after the triggering transaction committed, in its own unit of work, so a failure here
never undoes the ticket (the event system logs it). For a new ticket, completion runs before
duplicate detection (subscription order), so duplicates are judged on the completed ticket.
"""

from __future__ import annotations

from ticketwise.core.events import subscribe
from ticketwise.core.uow import unit_of_work
from ticketwise.intake.completion.complete import complete_ticket
from ticketwise.intake.duplicates.detection import detect_duplicates
from ticketwise.intake.duplicates.incidents import detect_major_incident
from ticketwise.intake.webhooks.callbacks import schedule_status_callbacks
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.domain_events import TicketCreated, TicketStatusChanged


@subscribe(TicketCreated)
def complete_new_ticket(event: TicketCreated) -> None:
    with unit_of_work() as session:
        ticket = tickets_repository.get_ticket(session, event.ticket_id)
        if ticket is not None:
            complete_ticket(session, ticket)


@subscribe(TicketCreated)
def find_duplicates_of_new_ticket(event: TicketCreated) -> None:
    with unit_of_work() as session:
        ticket = tickets_repository.get_ticket(session, event.ticket_id)
        if ticket is not None and ticket.is_open:
            detect_duplicates(session, ticket)
            detect_major_incident(session, ticket)


@subscribe(TicketStatusChanged)
def call_back_webhook_sources(event: TicketStatusChanged) -> None:
    with unit_of_work() as session:
        schedule_status_callbacks(session, event.ticket_id, event.old, event.new)
