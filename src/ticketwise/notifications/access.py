"""Reads of the outbound mail log for people (DESIGN §3.2): staff only, per ticket."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.notifications import repository
from ticketwise.notifications.models import OutboundEmail
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin, require_staff


def list_ticket_mail(session: Session, user: User | None, ticket: Ticket) -> list[OutboundEmail]:
    """The mail we sent (or did not send) about ``ticket``, newest first; ``ticket`` comes from an
    access gate. Raises PermissionDenied for customers (addresses and errors are staff matters)."""
    require_staff(user)
    return repository.emails_for_ticket(session, ticket.id)


def list_recent_mail(session: Session, user: User | None, *, limit: int = 50) -> list[OutboundEmail]:
    """The site's newest outbound mail, for the SMTP settings page. Raises PermissionDenied for
    anyone but an administrator."""
    require_admin(user)
    return repository.recent_emails(session, limit=limit)
