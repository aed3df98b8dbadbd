"""One delivery attempt of a queued e-mail, in three steps so no transaction is open during SMTP.

1. read the row, the settings and the attachment bytes, and build the message (read transaction);
2. talk to the SMTP server (no transaction: a slow server must not hold SQLite's write lock);
3. record the outcome (write transaction): sent; or another attempt later (temporary error, fewer
   than :data:`MAX_ATTEMPTS` made); or failed for good, which is written on the ticket's audit trail
   and told to its assignee in-app.

Attempts are counted on the row, so the outcome does not depend on how the job runner retries.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from email.message import EmailMessage

import structlog
from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.i18n import N_
from ticketwise.core.uow import unit_of_work
from ticketwise.notifications import inapp, repository
from ticketwise.notifications.mail import transport
from ticketwise.notifications.mail.compose import OutgoingFile, build_message
from ticketwise.notifications.models import MailKind, MailStatus, OutboundEmail
from ticketwise.notifications.smtp_settings import SmtpConfig, active_config
from ticketwise.tickets import audit
from ticketwise.tickets.attachments import blob_path
from ticketwise.tickets.enums import ActorType

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 5
DISABLED = N_("Outgoing mail was disabled before this message was sent.")
MISSING_FILE = N_("An attachment's file is missing from the store.")


class Outcome(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    NOTHING = "nothing"  # not queued (any more): already sent, skipped, or gone


@dataclass(frozen=True)
class Prepared:
    config: SmtpConfig
    message: EmailMessage
    recipients: list[str]


def _files(session: Session, email: OutboundEmail) -> list[OutgoingFile]:
    if email.ticket_message_id is None:
        return []
    message = repository.get_message(session, email.ticket_message_id)
    if message is None:
        return []
    return [
        OutgoingFile(
            filename=attachment.filename,
            content_type=attachment.content_type,
            data=blob_path(attachment.sha256).read_bytes(),
            content_id=attachment.content_id,
        )
        for attachment in message.attachments
    ]


def prepare(session: Session, email_id: int) -> Prepared | str | None:
    """The message ready to send; a reason msgid when it cannot be sent; None when not queued."""
    email = repository.get_email(session, email_id)
    if email is None or email.status is not MailStatus.QUEUED:
        return None
    config = active_config(session)
    if config is None:
        return DISABLED
    try:
        files = _files(session, email)
    except OSError:
        return MISSING_FILE
    recipients = [*email.to_addresses, *email.cc_addresses]
    return Prepared(config=config, message=build_message(email, config, files), recipients=recipients)


def _final_failure(session: Session, email: OutboundEmail) -> None:
    if email.ticket_id is None:
        return
    ticket = repository.get_ticket(session, email.ticket_id)
    if ticket is None:
        return
    audit.record(
        session,
        ticket,
        actor_type=ActorType.SYSTEM,
        action="email_failed",
        data={
            "email_id": email.id,
            "kind": email.kind.value,
            "to": email.to_addresses,
            "cc": email.cc_addresses,
            "error": email.last_error,
            "detail": email.error_detail,
        },
    )
    if ticket.assignee_id is not None and email.kind is not MailKind.ALERT:
        inapp.notify(
            session,
            [ticket.assignee_id],
            kind="mail.failed",
            message=N_("An e-mail about ticket %(number)s could not be delivered to %(address)s."),
            params={"number": ticket.number, "address": email.primary_recipient},
            ticket_id=ticket.id,
        )


def record_attempt(session: Session, email_id: int, error: transport.DeliveryError | str | None) -> Outcome:
    """Store the result of one attempt (``error`` None: the server accepted the message)."""
    email = repository.get_email(session, email_id)
    if email is None or email.status is not MailStatus.QUEUED:
        return Outcome.NOTHING
    if isinstance(error, str):
        # Could not even try (mail disabled, file missing): nothing to retry.
        email.status, email.last_error = (
            MailStatus.SKIPPED if error == DISABLED else MailStatus.FAILED,
            error,
        )
        if email.status is MailStatus.FAILED:
            _final_failure(session, email)
        session.flush()
        return Outcome.FAILED
    email.attempts += 1
    if error is None:
        email.status = MailStatus.SENT
        email.sent_at = now()
        email.last_error = None
        session.flush()
        return Outcome.SENT
    email.last_error = error.message
    email.error_detail = error.detail[:2000] or None
    if error.permanent or email.attempts >= MAX_ATTEMPTS:
        email.status = MailStatus.FAILED
        _final_failure(session, email)
        session.flush()
        return Outcome.FAILED
    session.flush()
    return Outcome.RETRY


def deliver(email_id: int) -> Outcome:
    """Make one attempt to send the queued e-mail ``email_id`` and record it (see the module doc)."""
    with unit_of_work(write=False) as session:
        prepared = prepare(session, email_id)
    if prepared is None:
        return Outcome.NOTHING
    error: transport.DeliveryError | str | None
    if isinstance(prepared, str):
        error = prepared
    else:
        try:
            transport.send(prepared.config, prepared.message, prepared.recipients)
            error = None
        except transport.DeliveryError as failure:
            log.warning(
                "email_delivery_failed", email_id=email_id, error=str(failure), permanent=failure.permanent
            )
            error = failure
    with unit_of_work() as session:
        return record_attempt(session, email_id, error)
