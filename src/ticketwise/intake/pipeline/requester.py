"""Step: who wrote. The requester is the sender's contact, found by normalised address or created
(with the sender's display name and the organization claiming the mail domain)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.intake.message import Address, InboundMessage
from ticketwise.intake.pipeline.normalise import NotProcessable
from ticketwise.intake.pipeline.result import Trail
from ticketwise.users import contacts
from ticketwise.users import repository as users_repository
from ticketwise.users.models import Contact
from ticketwise.users.validation import normalize_email

MAX_NAME_LENGTH = 200


def sender_of(message: InboundMessage) -> Address | None:
    """From, else the first Reply-To (some gateways send without From)."""
    if message.sender is not None and message.sender.email:
        return message.sender
    return next((address for address in message.reply_to if address.email), None)


def identify_requester(session: Session, message: InboundMessage, trail: Trail) -> Contact:
    """The sender's contact (created when new). A contact whose mail bounced before is writing
    again, so the failure mark is cleared.

    Raises NotProcessable when the message names no usable sender address.
    """
    sender = sender_of(message)
    if sender is None:
        raise NotProcessable("the message has no sender address")
    try:
        email = normalize_email(sender.email)
    except ValidationFailed as error:
        raise NotProcessable(f"the sender address {sender.email!r} is not valid") from error
    known = users_repository.contact_by_email(session, email)
    name = " ".join(sender.name.split())[:MAX_NAME_LENGTH]
    contact = contacts.get_or_create_contact(session, email=email, name=name)
    details = {"contact_id": contact.id, "email": email}
    if contact.email_failing_since is not None:
        contact.email_failing_since = None
        contact.email_failure_reason = None
        details["failure_cleared"] = True
    trail.add("requester", "known contact" if known is not None else "new contact", **details)
    return contact
