"""Reactions of the notifications domain to other domains' events (DESIGN §3.3).

Each reaction runs after the ticket's transaction committed, in its own unit of work, and is
isolated: a failing one is logged and affects neither the ticket nor the other reactions. Mail is
queued here and sent by :func:`ticketwise.notifications.tasks.send_outbound_email` after commit.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.events import subscribe
from ticketwise.core.i18n import N_, use_locale
from ticketwise.core.uow import unit_of_work
from ticketwise.notifications import inapp, repository
from ticketwise.notifications.inapp import render_text
from ticketwise.notifications.mail import outbox
from ticketwise.tickets.domain_events import (
    MessageAdded,
    PeopleAlerted,
    TicketCreated,
    TicketStatusChanged,
    TicketUpdated,
)
from ticketwise.tickets.enums import MessageKind, Status
from ticketwise.tickets.models import Ticket
from ticketwise.users import repository as users_repository

ASSIGNED = N_("Ticket %(number)s was assigned to you: %(title)s")
CUSTOMER_REPLIED = N_("%(name)s replied on ticket %(number)s: %(title)s")


def _notify_assignee(session: Session, ticket: Ticket, actor_id: int | None) -> None:
    """Tell the assignee about their new ticket, unless they assigned it to themselves."""
    if ticket.assignee_id is None or ticket.assignee_id == actor_id:
        return
    inapp.notify(
        session,
        [ticket.assignee_id],
        kind="ticket.assigned",
        message=ASSIGNED,
        params={"number": ticket.number, "title": ticket.title},
        ticket_id=ticket.id,
    )


@subscribe(TicketCreated)
def acknowledge_new_ticket(event: TicketCreated) -> None:
    with unit_of_work() as session:
        outbox.queue_acknowledgement(session, event.ticket_id)


@subscribe(TicketCreated)
def notify_assignee_of_new_ticket(event: TicketCreated) -> None:
    with unit_of_work() as session:
        ticket = repository.get_ticket(session, event.ticket_id)
        if ticket is not None:
            _notify_assignee(session, ticket, ticket.created_by_id)


@subscribe(TicketUpdated)
def notify_new_assignee(event: TicketUpdated) -> None:
    if "assignee_id" not in event.changes:
        return
    with unit_of_work() as session:
        ticket = repository.get_ticket(session, event.ticket_id)
        if ticket is None:
            return
        change = repository.last_assignment_event(session, ticket.id)
        _notify_assignee(session, ticket, change.actor_user_id if change else None)


@subscribe(MessageAdded)
def mail_agent_reply(event: MessageAdded) -> None:
    if not event.public or event.from_customer or event.kind is not MessageKind.REPLY:
        return
    with unit_of_work() as session:
        outbox.queue_agent_reply(session, event.message_id)


@subscribe(MessageAdded)
def notify_assignee_of_customer_reply(event: MessageAdded) -> None:
    if not event.public or not event.from_customer:
        return
    with unit_of_work() as session:
        ticket = repository.get_ticket(session, event.ticket_id)
        message = repository.get_message(session, event.message_id)
        if ticket is None or message is None or ticket.assignee_id is None:
            return
        inapp.notify(
            session,
            [ticket.assignee_id],
            kind="ticket.customer_reply",
            message=CUSTOMER_REPLIED,
            params={"name": message.author_name, "number": ticket.number, "title": ticket.title},
            ticket_id=ticket.id,
        )


@subscribe(TicketStatusChanged)
def mail_resolution_notice(event: TicketStatusChanged) -> None:
    if event.new is not Status.RESOLVED:
        return
    with unit_of_work() as session:
        outbox.queue_resolution_notice(session, event.ticket_id)


@subscribe(PeopleAlerted)
def deliver_alert(event: PeopleAlerted) -> None:
    """In-app for every user named; by e-mail too when the event asks and outgoing mail is on."""
    params = dict(event.params)
    with unit_of_work() as session:
        inapp.notify(
            session,
            event.user_ids,
            kind=event.kind,
            message=event.message,
            params=params,
            ticket_id=event.ticket_id,
        )
        if not event.email:
            return
        ticket = repository.get_ticket(session, event.ticket_id) if event.ticket_id else None
        for user in users_repository.get_users(session, sorted(set(event.user_ids))):
            with use_locale(user.locale):
                text = render_text(event.message, params)
            outbox.queue_staff_alert(session, user, text, ticket)
