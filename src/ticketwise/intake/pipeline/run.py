"""The pipeline's entry points: :func:`receive_email` for new payloads, :func:`process_item` to
(re)process a stored one. Steps live in their own modules; this one orders them and guarantees:

* the raw bytes and their item are stored before anything else (and survive any failure);
* the steps run in a savepoint: an exception rolls back everything they did, and the item is
  quarantined with the reason (outcome ``quarantined``), to be retried or discarded by an admin;
* the same Message-ID (or the same bytes) from the same channel is processed once: later copies
  are recorded as ``duplicate`` of the first, with its ticket.
"""

from __future__ import annotations

import structlog
from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.intake import repository
from ticketwise.intake.message import InboundMessage, IntakeDefaults, MailKind
from ticketwise.intake.models import InboundItem, ItemStatus, Outcome
from ticketwise.intake.pipeline import automatic, deliver, senders
from ticketwise.intake.pipeline.followup import find_followup
from ticketwise.intake.pipeline.normalise import NotProcessable, normalise_email
from ticketwise.intake.pipeline.requester import identify_requester, sender_of
from ticketwise.intake.pipeline.result import IntakeResult, Trail
from ticketwise.intake.pipeline.store import store_raw
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.models import Ticket, TicketMessage

log = structlog.get_logger(__name__)

EMAIL_CHANNEL = "email"
EMAIL_CONTENT_TYPE = "message/rfc822"
MAX_REASON_LENGTH = 2000


def receive_email(
    session: Session, raw: bytes, *, source: str, defaults: IntakeDefaults | None = None
) -> IntakeResult:
    """Store ``raw`` (one RFC 822 message) and run the pipeline on it; see the module docstring.

    ``source`` names where it came in (``api``, ``imap:<mailbox id>``, ``smtp``, ``mailgate``,
    ``import``). Only flushes: the caller's unit of work commits. Never raises for bad mail (that is
    quarantined); raises OSError only when the bytes cannot be stored, i.e. nothing was accepted.
    """
    # Inserted with its first attempt counted: one INSERT instead of an INSERT and an UPDATE.
    item = store_raw(
        session, raw, channel=EMAIL_CHANNEL, source=source, content_type=EMAIL_CONTENT_TYPE, attempts=1
    )
    return _run(session, item, raw, defaults)


def process_item(
    session: Session, item: InboundItem, raw: bytes, defaults: IntakeDefaults | None = None
) -> IntakeResult:
    """Run the pipeline on a stored item's bytes (first run or an admin's retry)."""
    item.attempts = (item.attempts or 0) + 1
    session.flush()  # the attempt counts even when the steps roll back
    return _run(session, item, raw, defaults)


def _run(session: Session, item: InboundItem, raw: bytes, defaults: IntakeDefaults | None) -> IntakeResult:
    """The pipeline on ``item``, whose attempt is already counted and flushed."""
    trail = Trail()
    trail.add("received", "stored", source=item.source, size=item.size, sha256=item.sha256)
    try:
        with session.begin_nested():
            return _process(session, item, raw, defaults or IntakeDefaults(), trail)
    except Exception as error:  # noqa: BLE001 - whatever failed, the payload is kept and quarantined
        reason = error.reason if isinstance(error, NotProcessable) else f"{type(error).__name__}: {error}"
        log.warning(
            "intake_quarantined",
            item_id=item.id,
            reason=reason,
            exc_info=not isinstance(error, NotProcessable),
        )
        trail.add("quarantine", "processing failed", reason=reason)
        item.status = ItemStatus.QUARANTINED
        item.outcome = Outcome.QUARANTINED
        item.reason = reason[:MAX_REASON_LENGTH]
        item.decisions = list(trail.entries)
        item.processed_at = now()
        session.flush()
        return IntakeResult(
            outcome=Outcome.QUARANTINED, item_id=item.id, message_id=item.message_id, reason=item.reason
        )


def _finish(
    item: InboundItem,
    trail: Trail,
    outcome: Outcome,
    *,
    ticket: Ticket | None = None,
    row: TicketMessage | None = None,
    row_id: int | None = None,
    reason: str | None = None,
) -> IntakeResult:
    row_id = row.id if row is not None else row_id
    item.status = ItemStatus.PROCESSED
    item.outcome = outcome
    item.reason = reason
    item.ticket_id = ticket.id if ticket else None
    item.message_row_id = row_id
    item.decisions = list(trail.entries)
    item.processed_at = now()
    return IntakeResult(
        outcome=outcome,
        item_id=item.id,
        ticket_id=ticket.id if ticket else None,
        ticket_number=ticket.number if ticket else None,
        message_row_id=row_id,
        message_id=item.message_id,
        reason=reason,
    )


def _describe(item: InboundItem, message: InboundMessage) -> None:
    sender = sender_of(message)
    item.message_id = (message.message_id or "")[:300] or None
    item.subject = (message.subject or "")[:300] or None
    item.sender = sender.email[:254] if sender else None


def _process(
    session: Session, item: InboundItem, raw: bytes, defaults: IntakeDefaults, trail: Trail
) -> IntakeResult:
    message = normalise_email(raw)
    _describe(item, message)
    trail.add("normalise", "parsed", kind=message.kind.value, defects=len(message.defects))

    original = repository.original_item(
        session, channel=item.channel, message_id=item.message_id, sha256=item.sha256, exclude_id=item.id
    )
    if original is not None:
        ticket = tickets_repository.get_ticket(session, original.ticket_id) if original.ticket_id else None
        reason = f"already received as item {original.id}"
        trail.add("duplicate", reason, original_item=original.id)
        return _finish(
            item, trail, Outcome.DUPLICATE, ticket=ticket, row_id=original.message_row_id, reason=reason
        )

    if message.kind is MailKind.BOUNCE:
        ticket, row = automatic.record_bounce(session, message, trail)
        return _recorded(session, item, trail, Outcome.BOUNCE, ticket, row, message.kind_reason)

    sender = sender_of(message)
    refusal = senders.refusal(defaults, sender.email if sender else None)
    if refusal is not None:
        trail.add("senders", "ignored", reason=refusal)
        return _finish(item, trail, Outcome.IGNORED, reason=refusal)

    if message.kind is MailKind.AUTO_REPLY:
        ticket, row = automatic.record_auto_reply(session, message, trail)
        return _recorded(session, item, trail, Outcome.AUTO_REPLY, ticket, row, message.kind_reason)

    requester = identify_requester(session, message, trail)
    followup = find_followup(session, message, requester.email, trail)
    if followup.ticket is not None:
        staff = repository.active_staff_by_email(session, requester.email or "")
        row = deliver.append_to_ticket(session, message, followup.ticket, requester, staff, defaults, trail)
        outcome, ticket = Outcome.APPENDED, followup.ticket
    else:
        ticket, row = deliver.create_from_email(
            session, message, requester, defaults, trail, related=followup.related
        )
        outcome = Outcome.CREATED
    trail.write_to(session, ticket, item.id)
    return _finish(item, trail, outcome, ticket=ticket, row=row)


def _recorded(
    session: Session,
    item: InboundItem,
    trail: Trail,
    outcome: Outcome,
    ticket: Ticket | None,
    row: TicketMessage | None,
    why: str,
) -> IntakeResult:
    if ticket is not None:
        trail.write_to(session, ticket, item.id)
    return _finish(item, trail, outcome, ticket=ticket, row=row, reason=why or None)
