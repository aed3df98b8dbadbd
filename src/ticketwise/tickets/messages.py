"""The conversation on a ticket: public replies, internal notes and system notices (DESIGN §4).

Status effects of a message (always through :mod:`.transitions`):

* a customer's message (portal user, or a contact writing in through intake) moves ``pending`` to
  ``in_progress`` and reopens a ``resolved`` ticket within the reopen window; after the window, or on a
  closed, cancelled or merged ticket, it is refused with Conflict ("please open a new ticket");
* a staff member's public reply moves ``new``/``assigned`` to ``in_progress`` and stamps the first
  response (once) and the last agent reply. Internal notes change no status.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, PermissionDenied, ValidationFailed
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_
from ticketwise.core.security import sanitize_html, text_to_html
from ticketwise.tickets import audit
from ticketwise.tickets.attachments import add_attachment, check_size, sanitize_filename
from ticketwise.tickets.domain_events import MessageAdded
from ticketwise.tickets.enums import Channel, Direction, MessageKind, Status
from ticketwise.tickets.models import Ticket, TicketMessage
from ticketwise.tickets.transitions import transition, within_reopen_window
from ticketwise.users import repository as users_repository
from ticketwise.users.models import Contact, User
from ticketwise.users.permissions import require_user

MAX_SUBJECT_LENGTH = 300
_FINISHED = frozenset({Status.CLOSED, Status.CANCELLED, Status.MERGED})


def _customer_status_change(ticket: Ticket) -> Status | None:
    """The status a customer's message moves the ticket to; Conflict when it may not be answered."""
    if ticket.status in _FINISHED or (ticket.status is Status.RESOLVED and not within_reopen_window(ticket)):
        raise Conflict(N_("This ticket is closed. Please open a new ticket."), field="body")
    if ticket.status in (Status.PENDING, Status.RESOLVED):
        return Status.IN_PROGRESS
    return None


def _save(
    session: Session,
    ticket: Ticket,
    message: TicketMessage,
    actor: User | None,
    contact: Contact | None,
    attachments: Sequence[tuple[str, str, bytes]],
) -> None:
    """Insert the message with its files and the audit event."""
    session.add(message)
    session.flush()
    for filename, content_type, content in attachments:
        add_attachment(
            session,
            actor,
            ticket,
            filename=filename,
            content_type=content_type,
            data=content,
            message=message,
        )
    audit.record(
        session,
        ticket,
        actor=actor,
        contact=contact if actor is None else None,
        action="message_added",
        data={
            "message_id": message.id,
            "internal": message.kind is MessageKind.NOTE,
            "kind": message.kind.value,
            "attachment_ids": [a.id for a in message.attachments],
        },
    )
    ticket.updated_at = message.created_at


def add_message(
    session: Session,
    actor: User | None,
    ticket: Ticket,
    *,
    body: str,
    internal: bool = False,
    channel: Channel | None = None,
    contact: Contact | None = None,
    body_html: str | None = None,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    subject: str | None = None,
    email_message_id: str | None = None,
    headers: dict[str, Any] | None = None,
) -> TicketMessage:
    """Add a reply or an internal note from ``actor`` (a user) or, without one, from ``contact``
    (intake). ``body`` is the text version; ``body_html`` when given is sanitised and kept, otherwise
    the HTML is derived from the text. ``ticket`` comes from an access gate. Publishes MessageAdded.

    Raises ValidationFailed(field="body") for an empty body, PermissionDenied for an internal note
    from a customer, Conflict for a customer's message on a finished ticket (see module docstring),
    ValidationFailed(field="attachments") for an oversized file.
    """
    if actor is not None:
        require_user(actor)
    elif contact is None:
        raise ValueError("add_message needs an actor or a contact; use system_message for notices")
    text = (body or "").strip("\n\r")
    if not text.strip():
        raise ValidationFailed(N_("Write a message first."), field="body")
    from_customer = actor is None or not actor.is_staff
    if from_customer and internal:
        raise PermissionDenied(N_("Only staff members can write internal notes."))
    for filename, _content_type, content in attachments:
        check_size(sanitize_filename(filename), len(content))
    new_status = _customer_status_change(ticket) if from_customer else None
    if from_customer and actor is not None:
        contact = users_repository.contact_for_user(session, actor.id)

    moment = now()
    message = TicketMessage(
        ticket_id=ticket.id,
        kind=MessageKind.NOTE if internal else MessageKind.REPLY,
        direction=Direction.INBOUND if from_customer else Direction.OUTBOUND,
        channel=channel
        or (Channel.AGENT if not from_customer else Channel.PORTAL if actor else ticket.channel),
        author_user_id=actor.id if actor else None,
        author_contact_id=contact.id if contact else None,
        subject=subject[:MAX_SUBJECT_LENGTH] if subject else None,
        body_text=text,
        body_html=sanitize_html(body_html) if body_html else text_to_html(text),
        email_message_id=email_message_id,
        headers=headers,
        created_at=moment,
    )
    _save(session, ticket, message, actor, contact, attachments)

    if from_customer:
        ticket.last_customer_message_at = moment
        if new_status is not None:
            transition(
                session,
                actor,
                ticket,
                new_status,
                actor_kind=None if actor else "customer",
                contact=contact if actor is None else None,
                reason="customer_reply",
            )
    elif not internal:
        ticket.first_responded_at = ticket.first_responded_at or moment
        ticket.last_agent_reply_at = moment
        if ticket.status in (Status.NEW, Status.ASSIGNED):
            transition(session, actor, ticket, Status.IN_PROGRESS, reason="agent_reply")
    session.flush()
    publish(
        session,
        MessageAdded(
            ticket_id=ticket.id,
            message_id=message.id,
            kind=message.kind,
            public=message.kind is MessageKind.REPLY,
            from_customer=from_customer,
        ),
    )
    return message


def system_message(session: Session, ticket: Ticket, body: str) -> TicketMessage:
    """An automatic notice on the ticket (kind ``system``, staff-visible, no author, no status effect).

    ``body`` is stored as given: callers translate it for the site before passing it in.
    """
    text = body.strip()
    if not text:
        raise ValueError("empty system message")
    message = TicketMessage(
        ticket_id=ticket.id,
        kind=MessageKind.SYSTEM,
        direction=Direction.OUTBOUND,
        channel=ticket.channel,
        body_text=text,
        body_html=text_to_html(text),
        created_at=now(),
    )
    _save(session, ticket, message, None, None, ())
    session.flush()
    publish(
        session,
        MessageAdded(
            ticket_id=ticket.id,
            message_id=message.id,
            kind=MessageKind.SYSTEM,
            public=False,
            from_customer=False,
        ),
    )
    return message


OPENING_WINDOW = timedelta(minutes=1)
"""An e-mail ticket's opening mail is stored in the ticket's own transaction, well within this."""


def carries_the_request(ticket: Ticket, messages: Sequence[TicketMessage]) -> bool:
    """Whether the first message is the request itself (an e-mail ticket's opening mail, stored with
    its HTML, inline images and files), so screens show it instead of repeating the description."""
    if ticket.channel is not Channel.EMAIL or not messages:
        return False
    first = messages[0]
    return (
        first.direction is Direction.INBOUND
        and first.author_contact_id == ticket.requester_id
        and first.created_at - ticket.created_at <= OPENING_WINDOW
    )
