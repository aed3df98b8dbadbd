"""Signed links in the resolution mail that let a requester confirm or reopen without signing in.

A token names the ticket, the contact it was sent to and the language of the mail; it is signed with
the site key (itsdangerous) and expires after :data:`LINK_MAX_AGE_DAYS`. Following a link only shows
a page; the change happens on the page's button (a POST), so mail scanners that open links cannot
close or reopen tickets. Changes go through the transition table as the customer, so the reopen
window and every other rule apply as in the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.errors import Conflict, NotFound
from ticketwise.core.i18n import N_
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.enums import Status
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.transitions import transition
from ticketwise.users import repository as users_repository
from ticketwise.users.models import Contact

LINK_MAX_AGE_DAYS = 60
_SALT = "ticket-mail-link"
Action = Literal["confirm", "reopen"]


@dataclass(frozen=True)
class MailLink:
    ticket: Ticket
    contact: Contact
    locale: str | None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().signing_key(), salt=_SALT)


def make_token(ticket_id: int, contact_id: int, locale: str | None) -> str:
    return _serializer().dumps({"t": ticket_id, "c": contact_id, "l": locale or ""})


def link_url(token: str, action: Action) -> str:
    return f"{get_settings().base_url.rstrip('/')}/t/{token}/{action}"


def token_locale(token: str) -> str | None:
    """The language a token's mail was written in (for the page), or None for a bad token."""
    try:
        data = _serializer().loads(token, max_age=int(timedelta(days=LINK_MAX_AGE_DAYS).total_seconds()))
    except BadSignature:
        return None
    return data.get("l") or None if isinstance(data, dict) else None


def read_link(session: Session, token: str) -> MailLink:
    """The ticket and contact a valid token names.

    Raises NotFound for a forged, expired or malformed token, a ticket that no longer exists, or a
    contact who is no longer its requester.
    """
    invalid = NotFound(N_("This link is invalid or has expired."))
    try:
        data = _serializer().loads(token, max_age=int(timedelta(days=LINK_MAX_AGE_DAYS).total_seconds()))
        ticket_id, contact_id = int(data["t"]), int(data["c"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise invalid from None
    ticket = tickets_repository.get_ticket(session, ticket_id)
    contact = users_repository.get_contact(session, contact_id)
    if ticket is None or contact is None or ticket.requester_id != contact.id:
        raise invalid
    return MailLink(ticket=ticket, contact=contact, locale=data.get("l") or None)


def follow_link(session: Session, token: str, action: Action) -> Ticket:
    """Confirm (resolved → closed) or reopen (resolved → in progress) as the requester.

    Raises NotFound for a bad token (see read_link), Conflict when the ticket is not resolved any more
    or the reopen window has passed, PermissionDenied if the transition table forbids it.
    """
    link = read_link(session, token)
    ticket = link.ticket
    if ticket.status is not Status.RESOLVED:
        raise Conflict(N_("This request is no longer waiting for your confirmation."), field="status")
    target = Status.CLOSED if action == "confirm" else Status.IN_PROGRESS
    transition(
        session,
        None,
        ticket,
        target,
        actor_kind="customer",
        contact=link.contact,
        reason=f"mail_link_{action}",
    )
    return ticket
