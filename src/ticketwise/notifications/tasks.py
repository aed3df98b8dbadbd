"""Huey tasks of the notifications domain: sending queued e-mail with retries and backoff."""

from __future__ import annotations

from ticketwise.core.jobs import huey
from ticketwise.notifications.mail.delivery import MAX_ATTEMPTS, Outcome, deliver

RETRY_DELAY_SECONDS = 60
RETRY_BACKOFF = 2  # 1, 2, 4, 8 minutes between the five attempts


class DeliveryPending(Exception):
    """A temporary failure: raising it makes Huey run the task again after the retry delay."""


@huey.task(retries=MAX_ATTEMPTS - 1, retry_delay=RETRY_DELAY_SECONDS, retry_backoff=RETRY_BACKOFF)
def send_outbound_email(email_id: int) -> str:
    """Attempt delivery of one queued e-mail; raise DeliveryPending to be retried later."""
    outcome = deliver(email_id)
    if outcome is Outcome.RETRY:
        raise DeliveryPending(f"outbound email {email_id}: temporary failure, will retry")
    return outcome.value
