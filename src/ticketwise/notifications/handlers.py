"""Reactions of the notifications domain to other domains' events (DESIGN §3.3).

Each reaction runs after the ticket's transaction committed, in its own unit of work, and is
isolated: a failing one is logged and affects neither the ticket nor the other reactions. Mail is
queued here and sent by :func:`ticketwise.notifications.tasks.send_outbound_email` after commit.

They run for every ticket change, so each reads only the columns it uses and stops as early as it
can: mail reactions first check (one statement) that outgoing mail is enabled and load nothing else
when it is not; in-app reactions read the ticket's heading, never the whole ticket.
"""

from __future__ import annotations

import structlog
from sqlalchemy.orm import Session

from ticketwise.core.events import subscribe
from ticketwise.core.i18n import N_, use_locale
from ticketwise.core.uow import unit_of_work
from ticketwise.notifications import inapp, repository
from ticketwise.notifications.inapp import render_text
from ticketwise.notifications.mail import outbox
from ticketwise.notifications.smtp_settings import active_config
from ticketwise.tickets.domain_events import (
    MessageAdded,
    PeopleAlerted,
    TicketCreated,
    TicketStatusChanged,
    TicketUpdated,
)
from ticketwise.tickets.enums import MessageKind, Status
from ticketwise.users import repository as users_repository
from ticketwise.users.domain_events import AccountLinkIssued

log = structlog.get_logger(__name__)

ASSIGNED = N_("Ticket %(number)s was assigned to you: %(title)s")
CUSTOMER_REPLIED = N_("%(name)s replied on ticket %(number)s: %(title)s")


def _notify_assignee(session: Session, ticket_id: int, *, reassigned: bool) -> None:
    """Tell the assignee about their new ticket, unless they assigned it to themselves.

    The one who assigned it is the ticket's creator, or with ``reassigned`` whoever last changed
    the assignee (looked up only when there is an assignee to tell).
    """
    heading = repository.ticket_heading(session, ticket_id)
    if heading is None or heading.assignee_id is None:
        return
    if reassigned:
        actor_id = repository.last_assignment_actor_id(session, ticket_id)
    else:
        actor_id = heading.created_by_id
    if heading.assignee_id == actor_id:
        return
    inapp.notify(
        session,
        [heading.assignee_id],
        kind="ticket.assigned",
        message=ASSIGNED,
        params={"number": heading.number, "title": heading.title},
        ticket_id=heading.id,
    )


@subscribe(TicketCreated)
def acknowledge_new_ticket(event: TicketCreated) -> None:
    with unit_of_work() as session:
        outbox.queue_acknowledgement(session, event.ticket_id)


@subscribe(TicketCreated)
def notify_assignee_of_new_ticket(event: TicketCreated) -> None:
    with unit_of_work() as session:
        _notify_assignee(session, event.ticket_id, reassigned=False)


@subscribe(TicketUpdated)
def notify_new_assignee(event: TicketUpdated) -> None:
    if "assignee_id" not in event.changes:
        return
    with unit_of_work() as session:
        _notify_assignee(session, event.ticket_id, reassigned=True)


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
        heading = repository.ticket_heading(session, event.ticket_id)
        if heading is None or heading.assignee_id is None:
            return
        message = repository.message_with_authors(session, event.message_id)
        if message is None:
            return
        inapp.notify(
            session,
            [heading.assignee_id],
            kind="ticket.customer_reply",
            message=CUSTOMER_REPLIED,
            params={"name": message.author_name, "number": heading.number, "title": heading.title},
            ticket_id=heading.id,
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
        if not event.email or active_config(session) is None:
            return
        ticket = repository.ticket_alone(session, event.ticket_id) if event.ticket_id else None
        for user in users_repository.get_users(session, sorted(set(event.user_ids))):
            with use_locale(user.locale):
                text = render_text(event.message, params)
            outbox.queue_staff_alert(session, user, text, ticket)


@subscribe(AccountLinkIssued)
def mail_account_link(event: AccountLinkIssued) -> None:
    """Invitation and password-reset links go to the account's own address.

    With outgoing mail off there is no other way to deliver a reset link, so it is logged for the
    operator (the one place a link's token is logged; an invitation is also shown to the admin)."""
    with unit_of_work() as session:
        user = users_repository.get_user(session, event.user_id)
        if user is None:
            return
        if outbox.queue_account_link(session, user, event.purpose, event.url) is None:
            log.warning("account_link_not_mailed", user_id=user.id, purpose=event.purpose, url=event.url)
