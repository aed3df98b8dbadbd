"""Background jobs of the sla domain: the monitor tick and escalation webhooks (DESIGN §6).

Huey's periodic tasks run at most once a minute; the monitor runs every ``MONITOR_INTERVAL_SECONDS``
(30 s) by running a tick at the top of each minute and scheduling the remaining ticks of that minute
with a delay.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import structlog
from huey import crontab

from ticketwise.core.jobs import huey
from ticketwise.core.signatures import signature_headers
from ticketwise.sla import monitor

log = structlog.get_logger(__name__)

MONITOR_INTERVAL_SECONDS = 30
WEBHOOK_TIMEOUT_SECONDS = 10.0


class WebhookFailed(Exception):
    """The receiver did not answer 2xx; raised so Huey retries the job."""


@huey.task()
def sla_monitor_tick() -> None:
    result = monitor.tick()
    if result.tickets or result.failed:
        log.info("sla_monitor_tick", tickets=result.tickets, fired=result.levels_fired, failed=result.failed)


@huey.periodic_task(crontab(minute="*"))
def sla_monitor() -> None:
    """Tick now and schedule the other ticks of this minute."""
    for offset in range(MONITOR_INTERVAL_SECONDS, 60, MONITOR_INTERVAL_SECONDS):
        sla_monitor_tick.schedule(delay=offset)
    sla_monitor_tick.call_local()


@huey.task(retries=5, retry_delay=60)
def post_sla_webhook(url: str, secret: str, payload: dict[str, Any]) -> None:
    """POST ``payload`` as JSON, signed with ``secret`` when one is set (X-Ticketwise-Signature)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "Ticketwise-SLA"}
    if secret:
        headers.update(signature_headers(secret, body))
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        raise WebhookFailed(f"{url}: {exc}") from exc
    if not response.is_success:
        raise WebhookFailed(f"{url}: HTTP {response.status_code}")
