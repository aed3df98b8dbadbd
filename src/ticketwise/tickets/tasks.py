"""Periodic ticket housekeeping: closing resolved tickets nobody answered (DESIGN §4)."""

from __future__ import annotations

from datetime import timedelta

import structlog
from huey import crontab
from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core import clock
from ticketwise.core.jobs import huey
from ticketwise.core.uow import unit_of_work
from ticketwise.tickets import repository, transitions
from ticketwise.tickets.enums import Status

log = structlog.get_logger(__name__)
BATCH = 500


def close_stale_resolved(session: Session) -> int:
    """Close up to one batch of tickets resolved more than ``auto_close_days`` ago; returns the count.

    Each goes through the transition table as the system actor, so it is audited like any change.
    """
    cutoff = clock.now() - timedelta(days=get_settings().tickets.auto_close_days)
    stale = repository.resolved_before(session, cutoff, limit=BATCH)
    for ticket in stale:
        transitions.transition(session, None, ticket, Status.CLOSED, actor_kind="system", reason="auto_close")
    return len(stale)


@huey.periodic_task(crontab(minute="*/15"))
def auto_close_resolved() -> None:
    with unit_of_work() as session:
        closed = close_stale_resolved(session)
    if closed:
        log.info("auto_closed_resolved_tickets", count=closed)
