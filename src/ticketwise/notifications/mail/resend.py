"""Sending a failed e-mail again, on a staff member's request from the ticket's delivery panel.

The same message (same Message-ID, subject and bodies) is queued again with a fresh set of attempts;
the request is written on the ticket's audit trail. Only failed mail can be resent: skipped mail was
left out on purpose (failing address, throttle) and sent or queued mail needs nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, NotFound
from ticketwise.core.i18n import N_
from ticketwise.core.jobs import enqueue
from ticketwise.notifications import repository
from ticketwise.notifications.models import MailStatus, OutboundEmail
from ticketwise.tickets import audit
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import User
from ticketwise.users.permissions import require_staff


def resend_email(session: Session, actor: User | None, ticket: Ticket, email_id: int) -> OutboundEmail:
    """Queue ``ticket``'s failed e-mail ``email_id`` again; ``ticket`` comes from an access gate.

    Raises PermissionDenied for customers, NotFound when the e-mail is not the ticket's, Conflict
    when it has not failed.
    """
    actor = require_staff(actor)
    email = repository.get_email(session, email_id)
    if email is None or email.ticket_id != ticket.id:
        raise NotFound(N_("This e-mail does not exist."))
    if email.status is not MailStatus.FAILED:
        raise Conflict(N_("Only failed e-mail can be sent again."))
    email.status = MailStatus.QUEUED
    email.attempts = 0
    email.last_error = email.error_detail = None
    audit.record(session, ticket, actor=actor, action="email_resent", data={"email_id": email.id})
    session.flush()
    from ticketwise.notifications.tasks import send_outbound_email

    enqueue(session, send_outbound_email, email.id)
    return email
