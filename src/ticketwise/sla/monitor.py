"""The SLA monitor: one tick finds timers with work due and does it (DESIGN §6).

A tick reads due timers through the ``next_check_at`` index (never every open ticket), claims their
tickets (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers share the work without
overlap; SQLite's single writer serialises ticks), replays each claimed ticket's clocks as of now
(marking breaches), fires escalation levels whose moment has come (each once per clock cycle) and
moves ``next_check_at`` to the next moment. A ticket whose processing fails is retried later and does
not stop the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import structlog
from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.uow import unit_of_work
from ticketwise.sla.apply import Replayed, replay_ticket
from ticketwise.sla.escalation import fire_level
from ticketwise.sla.levels import CHECKED_STATUSES, level_moment, next_check_at
from ticketwise.sla.models import SlaTimer
from ticketwise.tickets.models import Ticket

log = structlog.get_logger(__name__)

BATCH_SIZE = 200
# Candidates read per claimed ticket: room for other workers' claims to be skipped over.
CANDIDATE_FACTOR = 4
MAX_BATCHES_PER_TICK = 50
RETRY_DELAY = timedelta(minutes=5)


@dataclass
class TickResult:
    tickets: int = 0
    levels_fired: int = 0
    failed: int = 0


def claim_tickets(session: Session, at: datetime, limit: int) -> list[int]:
    """Lock up to ``limit`` tickets that have a timer due at ``at`` and that no other worker holds."""
    due = (
        sa.select(SlaTimer.ticket_id)
        .where(SlaTimer.next_check_at <= at)
        .order_by(SlaTimer.next_check_at)
        .limit(limit * CANDIDATE_FACTOR)
        .scalar_subquery()
    )
    query = sa.select(Ticket.id).where(Ticket.id.in_(due)).order_by(Ticket.id).limit(limit)
    return list(session.scalars(query.with_for_update(skip_locked=True)))


def fire_due_levels(session: Session, replayed: Replayed, at: datetime) -> int:
    """Fire every unfired level whose moment is at or before ``at`` on the ticket's live timers."""
    fired_count = 0
    for row, state in replayed.timers:
        if row.status not in CHECKED_STATUSES:
            continue
        fired = list(row.fired_levels or [])
        due_levels = []
        for level in replayed.policy.levels:
            if level.id in fired or not level.applies_to(row.clock.value):
                continue
            moment = level_moment(
                level,
                started_at=state.started_at,
                target_seconds=state.target_seconds,
                due_at=state.due_at,
                paused=state.paused,
                calendar=replayed.calendar,
            )
            if moment is not None and moment <= at:
                due_levels.append((moment, level.position, level))
        for _moment, _position, level in sorted(due_levels, key=lambda item: (item[0], item[1])):
            fire_level(session, replayed.ticket, row, level, at)
            fired.append(level.id)
            fired_count += 1
        if due_levels:
            row.fired_levels = fired
            row.next_check_at = next_check_at(
                clock=row.clock.value,
                status=row.status,
                started_at=state.started_at,
                target_seconds=state.target_seconds,
                due_at=state.due_at,
                breached_at=state.breached_at,
                paused=state.paused,
                levels=replayed.policy.levels,
                fired=fired,
                calendar=replayed.calendar,
            )
    return fired_count


def _postpone(session: Session, ticket_id: int, at: datetime) -> None:
    session.execute(
        sa.update(SlaTimer)
        .where(SlaTimer.ticket_id == ticket_id, SlaTimer.next_check_at <= at)
        .values(next_check_at=at + RETRY_DELAY)
    )


def process_batch(session: Session, at: datetime, limit: int = BATCH_SIZE) -> tuple[int, TickResult]:
    """Claim and process one batch in ``session``; returns (claimed count, result)."""
    result = TickResult()
    claimed = claim_tickets(session, at, limit)
    for ticket_id in claimed:
        try:
            with session.begin_nested():
                replayed = replay_ticket(session, ticket_id, at=at)
                if replayed is not None:
                    result.levels_fired += fire_due_levels(session, replayed, at)
                    session.flush()
            result.tickets += 1
        except Exception:  # noqa: BLE001 - one broken ticket must not stall the monitor
            log.exception("sla_monitor_ticket_failed", ticket_id=ticket_id)
            result.failed += 1
            _postpone(session, ticket_id, at)
    return len(claimed), result


def tick(at: datetime | None = None, *, batch_size: int = BATCH_SIZE) -> TickResult:
    """One monitor pass: batches (each its own transaction) until no claimable work is due at ``at``."""
    moment = at or now()
    total = TickResult()
    for _ in range(MAX_BATCHES_PER_TICK):
        with unit_of_work() as session:
            claimed, result = process_batch(session, moment, batch_size)
        total.tickets += result.tickets
        total.levels_fired += result.levels_fired
        total.failed += result.failed
        if claimed < batch_size:
            break
    return total
