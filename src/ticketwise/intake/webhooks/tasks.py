"""Jobs of the webhook sources: sending status callbacks, retried with exponential backoff."""

from __future__ import annotations

from typing import Any

from huey.api import Task

from ticketwise.core.jobs import huey
from ticketwise.intake.webhooks.callbacks import deliver

MAX_RETRIES = 5
FIRST_RETRY_DELAY_SECONDS = 30
BACKOFF_FACTOR = 2  # 30 s, 1 min, 2 min, 4 min, 8 min


@huey.task(
    retries=MAX_RETRIES, retry_delay=FIRST_RETRY_DELAY_SECONDS, retry_backoff=BACKOFF_FACTOR, context=True
)
def send_callback(
    source_id: int, ticket_id: int | None, payload: dict[str, Any], task: Task | None = None
) -> None:
    """One attempt; a failure raises so Huey retries it (``retries`` left on the task instance)."""
    attempt = 1 + MAX_RETRIES - (task.retries if task is not None else MAX_RETRIES)
    deliver(source_id, ticket_id, payload, attempt)
