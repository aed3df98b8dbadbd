"""Steps for automatic mail (DESIGN §5): auto-replies and bounces are recorded, never answered, and
never open a ticket.

* An auto-reply ("out of office") that refers to a ticket becomes a system note on it.
* A bounce marks each failed recipient's contact as failing (``email_failing_since``, reason), and
  becomes a system note on the ticket it refers to, if any. Delayed deliveries mark nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.i18n import N_, gettext, site_default, use_locale
from ticketwise.intake import repository
from ticketwise.intake.message import BouncedRecipient, InboundMessage
from ticketwise.intake.pipeline.followup import ticket_by_message_ids
from ticketwise.intake.pipeline.result import Trail
from ticketwise.tickets import messages
from ticketwise.tickets.models import Ticket, TicketMessage

MAX_REASON_LENGTH = 300
MAX_NOTE_TEXT = 4000
AUTO_REPLY_NOTE = N_("Automatic reply received from %(sender)s (not answered).")
BOUNCE_NOTE = N_("Mail to %(emails)s could not be delivered: %(reason)s")


def _note(session: Session, ticket: Ticket, headline: str, text: str) -> TicketMessage:
    body = headline if not text.strip() else f"{headline}\n\n{text.strip()[:MAX_NOTE_TEXT]}"
    return messages.system_message(session, ticket, body)


def record_auto_reply(
    session: Session, message: InboundMessage, trail: Trail
) -> tuple[Ticket | None, TicketMessage | None]:
    """The ticket the auto-reply refers to (by Message-ID only) and the note added to it."""
    ticket, rule = ticket_by_message_ids(session, message)
    trail.add(
        "auto_reply", "recorded", why=message.kind_reason, ticket=ticket.number if ticket else None, rule=rule
    )
    if ticket is None:
        return None, None
    sender = message.sender.email if message.sender else "?"
    with use_locale(site_default()):
        headline = gettext(AUTO_REPLY_NOTE) % {"sender": sender}
    return ticket, _note(session, ticket, headline, message.reply_text or message.body_text)


def _is_failure(recipient: BouncedRecipient) -> bool:
    action = recipient.action.lower()
    if action:
        return action == "failed"
    return not recipient.status.startswith("4")  # 4.x.x is a temporary failure


def _reason(recipient: BouncedRecipient) -> str:
    parts = [recipient.status, recipient.diagnostic]
    return " ".join(" ".join(part.split()) for part in parts if part).strip()[:MAX_REASON_LENGTH] or "bounced"


def record_bounce(
    session: Session, message: InboundMessage, trail: Trail
) -> tuple[Ticket | None, TicketMessage | None]:
    """Mark the failed recipients' contacts and note the bounce on the ticket it refers to."""
    failed = [r for r in message.bounced if r.email and _is_failure(r)]
    reasons = {r.email.lower(): _reason(r) for r in failed}
    marked = []
    for contact in repository.contacts_by_emails(session, list(reasons)):
        if contact.email_failing_since is None:
            contact.email_failing_since = now()
        contact.email_failure_reason = reasons[contact.email or ""]
        marked.append(contact.email)
    session.flush()
    ticket, rule = ticket_by_message_ids(session, message)
    trail.add(
        "bounce",
        "recorded",
        failed=sorted(reasons),
        marked=sorted(marked),
        delayed=sorted(r.email for r in message.bounced if r not in failed),
        ticket=ticket.number if ticket else None,
        rule=rule,
    )
    if ticket is None or not reasons:
        return ticket, None
    with use_locale(site_default()):
        headline = gettext(BOUNCE_NOTE) % {
            "emails": ", ".join(sorted(reasons)),
            "reason": "; ".join(sorted(set(reasons.values()))),
        }
    return ticket, _note(session, ticket, headline, "")
