"""The webhook entry point: check the signature, store the raw body, process it (DESIGN §3.9).

This module owns its transactions, like a job: the raw body is committed before processing starts,
so a crash or a refusal never loses it. A refusal (mapping failure, invalid values) commits the
delivery as quarantined with its reason; an admin can retry or discard it from the source's page.
Unauthenticated requests (bad, missing or stale signature) are refused with 401 and not stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotAuthenticated, NotFound, TicketwiseError, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.signatures import signature_is_valid
from ticketwise.core.uow import unit_of_work
from ticketwise.intake.webhooks import repository
from ticketwise.intake.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSource
from ticketwise.intake.webhooks.service import QUARANTINED, process_delivery
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

log = structlog.get_logger(__name__)

MAX_BODY_BYTES = 1024 * 1024
# A concurrent first delivery of the same reference makes the loser's insert fail; once more suffices.
_ATTEMPTS_ON_RACE = 2


@dataclass(frozen=True)
class WebhookResult:
    """The answer to the sender; ``reason`` is translated (the request's language)."""

    outcome: str
    delivery_id: int
    ticket: dict[str, Any] | None = None
    reason: str | None = None


def check_signature(source: WebhookSource, body: bytes, timestamp: str | None, signature: str | None) -> None:
    """Raises NotAuthenticated with the precise reason: unsigned, stale timestamp, or wrong signature."""
    if not timestamp or not signature:
        raise NotAuthenticated(
            N_(
                "The request is not signed: send the X-Ticketwise-Timestamp and X-Ticketwise-Signature headers."
            )
        )
    try:
        moment = int(timestamp)
    except ValueError:
        raise NotAuthenticated(N_("X-Ticketwise-Timestamp must be a Unix time in seconds.")) from None
    if abs(now().timestamp() - moment) > source.tolerance_seconds:
        raise NotAuthenticated(
            N_("The signature's timestamp is more than %(seconds)s seconds away from now."),
            seconds=source.tolerance_seconds,
        )
    if not signature_is_valid(
        source.secret, body, timestamp, signature, tolerance_seconds=source.tolerance_seconds
    ):
        raise NotAuthenticated(N_("The signature does not match the body and timestamp."))


def _ticket_summary(ticket: Any) -> dict[str, Any]:
    return {
        "id": ticket.id,
        "number": ticket.number,
        "status": ticket.status.value,
        "external_ref": ticket.external_ref,
    }


def receive(
    slug: str, body: bytes, *, timestamp: str | None, signature: str | None, content_type: str = ""
) -> WebhookResult:
    """Authenticate, store and process one POST to ``/api/v1/webhooks/<slug>``.

    Raises NotFound for an unknown or inactive source, NotAuthenticated for a bad signature,
    ValidationFailed(field="body") for a body over 1 MiB. Every other problem is a quarantine.
    """
    if len(body) > MAX_BODY_BYTES:
        raise ValidationFailed(
            N_("The body may have at most %(max)s bytes."), field="body", max=MAX_BODY_BYTES
        )
    with unit_of_work() as session:
        source = repository.source_by_slug(session, slug)
        if source is None or not source.is_active:
            raise NotFound(N_("No active webhook source has this address."))
        check_signature(source, body, timestamp, signature)
        delivery = WebhookDelivery(
            source_id=source.id, body=body, content_type=content_type[:200], received_at=now()
        )
        session.add(delivery)
        session.flush()
        delivery_id = delivery.id
    return process(delivery_id)


def _quarantine(delivery_id: int, reason: str) -> None:
    with unit_of_work() as session:
        delivery = repository.get_delivery(session, delivery_id)
        if delivery is not None:
            delivery.attempts += 1  # the failed attempt's own increment was rolled back with it
            delivery.mark_quarantined(reason)


def process(delivery_id: int) -> WebhookResult:
    """Process a stored delivery (first time or retry) in its own transaction; never raises for a
    refusal or an unexpected error: the delivery is then quarantined and the result says why."""
    for attempt in range(1, _ATTEMPTS_ON_RACE + 1):
        try:
            with unit_of_work() as session:
                delivery = repository.get_delivery(session, delivery_id)
                if delivery is None:
                    raise NotFound(N_("This delivery does not exist."))
                source = repository.get_source(session, delivery.source_id)
                assert source is not None  # the foreign key cascades deletes
                delivery.attempts += 1
                done = process_delivery(session, source, delivery)
                return WebhookResult(done.outcome, delivery_id, _ticket_summary(done.ticket))
        except IntegrityError:
            if attempt == _ATTEMPTS_ON_RACE:
                log.exception("webhook_delivery_conflict", delivery_id=delivery_id)
                _quarantine(delivery_id, "Conflicting concurrent deliveries.")
                return WebhookResult(QUARANTINED, delivery_id, None, "Conflicting concurrent deliveries.")
        except NotFound:
            raise
        except TicketwiseError as error:
            _quarantine(delivery_id, _english(error))
            return WebhookResult(QUARANTINED, delivery_id, None, error.translated())
        except Exception as error:  # noqa: BLE001 - nothing received is lost: keep it with the reason
            log.exception("webhook_delivery_failed", delivery_id=delivery_id)
            reason = f"Unexpected error: {type(error).__name__}"
            _quarantine(delivery_id, reason)
            return WebhookResult(QUARANTINED, delivery_id, None, reason)
    raise AssertionError("unreachable")


def _english(error: TicketwiseError) -> str:
    """The reason as stored: the English message with its values, prefixed by the field it names."""
    text = error.message % error.params if error.params else error.message
    return f"{error.field}: {text}" if error.field else text


def retry_delivery(admin: User, delivery_id: int) -> WebhookResult:
    """Process a quarantined delivery again (after the source's mapping was fixed, say). Admins only.

    Raises NotFound for an unknown delivery, Conflict when it is not quarantined.
    """
    with unit_of_work() as session:
        require_admin(session.merge(admin, load=False))
        delivery = repository.get_delivery(session, delivery_id)
        if delivery is None:
            raise NotFound(N_("This delivery does not exist."))
        if delivery.status is not DeliveryStatus.QUARANTINED:
            raise Conflict(N_("Only quarantined deliveries can be retried."))
    return process(delivery_id)


def discard_delivery(session: Session, admin: User, delivery: WebhookDelivery) -> None:
    """Give up on a quarantined delivery; its raw body is kept. Raises Conflict when not quarantined."""
    require_admin(admin)
    if delivery.status is not DeliveryStatus.QUARANTINED:
        raise Conflict(N_("Only quarantined deliveries can be discarded."))
    delivery.status = DeliveryStatus.DISCARDED
    delivery.processed_at = now()
    session.flush()
