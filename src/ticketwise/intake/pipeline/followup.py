"""Step: is this a reply to an existing ticket? (DESIGN §5, e-mail rules)

1. One of our own Message-IDs in In-Reply-To or References (HMAC-checked, so it cannot be guessed),
   else a Message-ID we stored on a ticket message (mail we received, or sent from elsewhere).
2. Else the subject tag ``[TW#…]``, but only from the requester, a CC'd contact or a staff member:
   a stranger who copies a tag opens a new ticket instead of writing into someone else's.
3. Never by subject text alone.

A merged ticket forwards to the ticket it was merged into. A ticket that can no longer take a
customer reply (closed, cancelled, or resolved before the reopen window) is not appended to: the
message opens a new ticket linked to it as ``related``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ticketwise.intake import repository
from ticketwise.intake.message import InboundMessage
from ticketwise.intake.pipeline.result import Trail
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.enums import Status
from ticketwise.tickets.mail_ids import number_from_subject, ticket_id_from_message_id
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.transitions import within_reopen_window

MAX_MERGE_HOPS = 20
_FINISHED = frozenset({Status.CLOSED, Status.CANCELLED})


@dataclass(frozen=True)
class FollowUp:
    """``ticket``: the ticket to append to; ``related``: a finished ticket the new one should link to."""

    ticket: Ticket | None = None
    related: Ticket | None = None


def referenced_ids(message: InboundMessage) -> list[str]:
    """In-Reply-To first, then References from the newest; each once."""
    seen: list[str] = []
    for message_id in [*message.in_reply_to, *reversed(message.references)]:
        if message_id and message_id not in seen:
            seen.append(message_id)
    return seen


def ticket_by_message_ids(session: Session, message: InboundMessage) -> tuple[Ticket | None, str]:
    """The ticket named by the message's references, and which rule found it."""
    ids = referenced_ids(message)
    for message_id in ids:
        ticket_id = ticket_id_from_message_id(message_id)
        if ticket_id is not None:
            ticket = tickets_repository.get_ticket(session, ticket_id)
            if ticket is not None:
                return ticket, "our message id"
    ticket = repository.ticket_for_stored_message_ids(session, [i[:300] for i in ids])
    return ticket, "stored message id" if ticket is not None else ""


def _may_use_tag(session: Session, ticket: Ticket, sender_email: str | None) -> bool:
    if not sender_email:
        return False
    if ticket.requester.email == sender_email:
        return True
    if sender_email in repository.cc_emails(session, ticket.id):
        return True
    return repository.active_staff_by_email(session, sender_email) is not None


def _follow_merges(session: Session, ticket: Ticket) -> Ticket:
    for _ in range(MAX_MERGE_HOPS):
        if ticket.status is not Status.MERGED or ticket.merged_into_id is None:
            break
        target = tickets_repository.get_ticket(session, ticket.merged_into_id)
        if target is None:
            break
        ticket = target
    return ticket


def takes_replies(ticket: Ticket) -> bool:
    """Whether a customer's message may still be added (see ``tickets.messages``)."""
    if ticket.status in _FINISHED:
        return False
    return ticket.status is not Status.RESOLVED or within_reopen_window(ticket)


def find_followup(
    session: Session, message: InboundMessage, sender_email: str | None, trail: Trail
) -> FollowUp:
    """Decide where the message belongs (see the module docstring) and record why."""
    ticket, rule = ticket_by_message_ids(session, message)
    if ticket is None:
        number = number_from_subject(message.subject)
        if number is not None:
            tagged = tickets_repository.get_ticket_by_number(session, number)
            if tagged is not None and _may_use_tag(session, tagged, sender_email):
                ticket, rule = tagged, "subject tag"
            elif tagged is not None:
                trail.add("followup", "subject tag refused", number=number, sender=sender_email)
    if ticket is None:
        trail.add("followup", "new conversation")
        return FollowUp()
    found = ticket
    ticket = _follow_merges(session, ticket)
    details = {"rule": rule, "ticket": found.number}
    if ticket is not found:
        details["merged_into"] = ticket.number
    if not takes_replies(ticket):
        trail.add("followup", "finished ticket: new linked ticket", status=ticket.status.value, **details)
        return FollowUp(related=ticket)
    trail.add("followup", "reply to ticket", **details)
    return FollowUp(ticket=ticket)
