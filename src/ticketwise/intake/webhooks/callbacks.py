"""Status callbacks: tell a webhook source when one of its tickets changes status.

The ``TicketStatusChanged`` handler calls :func:`schedule_status_callbacks`, which queues one job per
source holding a reference to the ticket and having a callback URL. The job (:mod:`.tasks`) POSTs
the signed JSON ``{"event", "ticket": {...}, "at"}`` (headers of :mod:`ticketwise.core.signatures`)
and records every attempt (status code or error); a failed attempt is retried with backoff.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.jobs import enqueue
from ticketwise.core.signatures import signature_headers
from ticketwise.core.uow import unit_of_work
from ticketwise.intake.webhooks import repository
from ticketwise.intake.webhooks.models import WebhookCallback
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.enums import Status

STATUS_EVENT = "ticket.status_changed"
TIMEOUT_SECONDS = 10.0
MAX_ERROR_LENGTH = 500


class CallbackFailed(Exception):
    """The receiver did not answer 2xx; raised so the job is retried."""


def status_payload(ticket: Any, old: Status, new: Status, external_ref: str) -> dict[str, Any]:
    return {
        "event": STATUS_EVENT,
        "ticket": {
            "number": ticket.number,
            "external_ref": external_ref,
            "status": new.value,
            "previous_status": old.value,
            "title": ticket.title,
            "priority": ticket.priority.value,
        },
        "at": now().isoformat(),
    }


def schedule_status_callbacks(session: Session, ticket_id: int, old: Status, new: Status) -> int:
    """Queue a callback (after commit) for every active source with a callback URL that holds a
    reference to the ticket; returns how many were queued."""
    from ticketwise.intake.webhooks.tasks import send_callback

    ticket = tickets_repository.get_ticket(session, ticket_id)
    if ticket is None:
        return 0
    queued = 0
    for ref in repository.refs_of_ticket(session, ticket_id):
        source = ref.source
        if not source.is_active or not source.callback_url:
            continue
        enqueue(
            session, send_callback, source.id, ticket_id, status_payload(ticket, old, new, ref.external_ref)
        )
        queued += 1
    return queued


def deliver(
    source_id: int, ticket_id: int | None, payload: dict[str, Any], attempt: int
) -> WebhookCallback | None:
    """POST ``payload`` to the source's callback URL now and record the attempt.

    Returns the recorded attempt, or None when the source is gone, inactive or has no URL any more.
    Raises CallbackFailed (after recording) when the answer is not 2xx or the request failed.
    """
    with unit_of_work(write=False) as session:
        source = repository.get_source(session, source_id)
        if source is None or not source.is_active or not source.callback_url:
            return None
        url, secret = source.callback_url, source.secret
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", **signature_headers(secret, body)}
    status_code: int | None = None
    error: str | None = None
    try:
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            response = client.post(url, content=body, headers=headers)
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = response.text[:MAX_ERROR_LENGTH] or None
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
    with unit_of_work() as session:
        record = WebhookCallback(
            source_id=source_id,
            ticket_id=ticket_id,
            event=str(payload.get("event", ""))[:40],
            url=url,
            payload=payload,
            attempt=attempt,
            status_code=status_code,
            error=error,
            created_at=now(),
        )
        session.add(record)
    if not record.succeeded:
        raise CallbackFailed(error or f"HTTP {status_code}")
    return record
