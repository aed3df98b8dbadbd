"""The SLA monitor: one tick finds timers with work due and does it (DESIGN §6).

A tick reads due timers through the ``next_check_at`` index (never every open ticket), claims their
tickets (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers share the work without
overlap; SQLite's single writer serialises ticks), marks breaches, fires escalation levels whose
moment has come (each once per clock cycle) and moves ``next_check_at`` to the next moment. A ticket
whose processing fails is retried later and does not stop the batch.

Time passing alone changes a stored timer in two ways only: a running clock breaches once its due
time is past, and level moments arrive. So a batch loads its claimed tickets, their due timer rows and
their policies in a few queries and works from the stored rows; it replays a ticket's history (see
:func:`ticketwise.sla.apply.replay_ticket`) only when the rows may be stale: the policy, the target or
the ticket's status no longer agree with the row, or the clock is paused. Timers are read after the
claim, so a ticket another worker has just processed shows its moved ``next_check_at`` and nothing
fires twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import structlog
from sqlalchemy.orm import Session, lazyload

from ticketwise.core.clock import now
from ticketwise.core.uow import unit_of_work
from ticketwise.sla.apply import Replayed, calendar_for, replay_ticket, rules_for
from ticketwise.sla.calendar import BusinessCalendar
from ticketwise.sla.escalation import fire_level, is_noop
from ticketwise.sla.levels import CHECKED_STATUSES, level_moment, next_check_at, pauses_from_json
from ticketwise.sla.models import SlaEscalationLevel, SlaEvent, SlaEventKind, SlaPolicy, SlaTimer, TimerStatus
from ticketwise.sla.replay import FINISHED, Interval
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


@dataclass(frozen=True)
class TimerFacts:
    """What level moments and the next check depend on, from a stored row or a fresh replay."""

    started_at: datetime
    target_seconds: int
    due_at: datetime
    breached_at: datetime | None
    paused: tuple[Interval, ...]


def claim_tickets(session: Session, at: datetime, limit: int) -> list[Ticket]:
    """Lock and load (columns only) up to ``limit`` tickets that have a timer due at ``at`` and that
    no other worker holds, in id order."""
    due = (
        sa.select(SlaTimer.ticket_id)
        .where(SlaTimer.next_check_at <= at)
        .order_by(SlaTimer.next_check_at)
        .limit(limit * CANDIDATE_FACTOR)
        .scalar_subquery()
    )
    query = (
        sa.select(Ticket)
        .where(Ticket.id.in_(due))
        .order_by(Ticket.id)
        .limit(limit)
        .options(lazyload("*"))
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(query))


def _due_timers(session: Session, ticket_ids: list[int], at: datetime) -> dict[int, list[SlaTimer]]:
    """The claimed tickets' timers due at ``at`` (read after the claim: see the module docstring)."""
    rows = session.scalars(
        sa.select(SlaTimer)
        .where(SlaTimer.ticket_id.in_(ticket_ids), SlaTimer.next_check_at <= at)
        .order_by(SlaTimer.ticket_id, SlaTimer.clock, SlaTimer.cycle)
        .execution_options(populate_existing=True)
    )
    found: dict[int, list[SlaTimer]] = defaultdict(list)
    for row in rows:
        found[row.ticket_id].append(row)
    return found


def _policies(session: Session, tickets: list[Ticket]) -> dict[int, SlaPolicy]:
    ids = {ticket.sla_policy_id for ticket in tickets if ticket.sla_policy_id is not None}
    if not ids:
        return {}
    return {
        policy.id: policy for policy in session.scalars(sa.select(SlaPolicy).where(SlaPolicy.id.in_(ids)))
    }


def _due_levels(
    levels: list[SlaEscalationLevel],
    clock: str,
    fired: list[int],
    facts: TimerFacts,
    calendar: BusinessCalendar,
    at: datetime,
) -> list[SlaEscalationLevel]:
    """Unfired levels of ``clock`` whose moment is at or before ``at``, in firing order."""
    due = []
    for level in levels:
        if level.id in fired or not level.applies_to(clock):
            continue
        moment = level_moment(
            level,
            started_at=facts.started_at,
            target_seconds=facts.target_seconds,
            due_at=facts.due_at,
            paused=facts.paused,
            calendar=calendar,
        )
        if moment is not None and moment <= at:
            due.append((moment, level.position, level))
    return [level for _moment, _position, level in sorted(due, key=lambda item: (item[0], item[1]))]


def _fire(
    session: Session,
    ticket: Ticket,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    row: SlaTimer,
    facts: TimerFacts,
    levels: list[SlaEscalationLevel],
    at: datetime,
) -> None:
    """Fire ``levels`` for ``row``, record them as fired and move its next check."""
    fired = list(row.fired_levels or [])
    for level in levels:
        fire_level(session, ticket, row, level, at)
        fired.append(level.id)
    row.fired_levels = fired
    row.next_check_at = next_check_at(
        clock=row.clock.value,
        status=row.status,
        started_at=facts.started_at,
        target_seconds=facts.target_seconds,
        due_at=facts.due_at,
        breached_at=facts.breached_at,
        paused=facts.paused,
        levels=policy.levels,
        fired=fired,
        calendar=calendar,
    )


def fire_due_levels(session: Session, replayed: Replayed, at: datetime) -> int:
    """Fire every unfired level whose moment is at or before ``at`` on the ticket's live timers."""
    fired_count = 0
    for row, state in replayed.timers:
        if row.status not in CHECKED_STATUSES:
            continue
        facts = TimerFacts(
            started_at=state.started_at,
            target_seconds=state.target_seconds,
            due_at=state.due_at,
            breached_at=state.breached_at,
            paused=state.paused,
        )
        levels = replayed.policy.levels
        due = _due_levels(levels, row.clock.value, list(row.fired_levels or []), facts, replayed.calendar, at)
        if due:
            _fire(session, replayed.ticket, replayed.policy, replayed.calendar, row, facts, due, at)
            fired_count += len(due)
    return fired_count


@dataclass
class _Planned:
    row: SlaTimer
    facts: TimerFacts
    breaches: bool
    levels: list[SlaEscalationLevel]


def _plan(
    ticket: Ticket,
    policy: SlaPolicy | None,
    calendar: BusinessCalendar | None,
    rows: list[SlaTimer],
    at: datetime,
) -> list[_Planned] | None:
    """What the due ``rows`` need at ``at``, computed from the rows alone (no writes); ``None`` when
    they may be stale and the ticket must be replayed instead."""
    if policy is None or calendar is None or ticket.status in FINISHED:
        return None
    rules = rules_for(policy, ticket.priority.value)
    planned = []
    for row in rows:
        paused = pauses_from_json(row.paused)
        if (
            row.status not in CHECKED_STATUSES
            or row.due_at is None
            or row.policy_id != policy.id
            or rules.target_minutes(row.clock) != row.target_minutes
            or (paused and paused[-1][1] is None)
        ):
            return None
        # A clock is breached strictly after its due time (see sla.replay).
        breaches = row.status is TimerStatus.RUNNING and at > row.due_at
        facts = TimerFacts(
            started_at=row.started_at,
            target_seconds=row.target_minutes * 60,
            due_at=row.due_at,
            breached_at=row.due_at if breaches else row.breached_at,
            paused=paused,
        )
        levels = _due_levels(
            policy.levels, row.clock.value, list(row.fired_levels or []), facts, calendar, at
        )
        planned.append(_Planned(row=row, facts=facts, breaches=breaches, levels=levels))
    return planned


def _apply(
    session: Session,
    ticket: Ticket,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    planned: list[_Planned],
    at: datetime,
) -> int:
    """Write what :func:`_plan` found: breaches (timer, event log, ticket summary) and fired levels."""
    fired_count = 0
    for item in planned:
        row = item.row
        if item.breaches:
            row.status = TimerStatus.BREACHED
            row.breached_at = row.due_at
            row.updated_at = at
            session.add(
                SlaEvent(
                    ticket_id=ticket.id,
                    timer_id=row.id,
                    kind=SlaEventKind.BREACHED,
                    at=row.due_at,
                    data={"clock": row.clock.value, "cycle": row.cycle},
                )
            )
            ticket.sla_breached = True
        _fire(session, ticket, policy, calendar, row, item.facts, item.levels, at)
        fired_count += len(item.levels)
    return fired_count


def _postpone(session: Session, ticket_id: int, at: datetime) -> None:
    session.execute(
        sa.update(SlaTimer)
        .where(SlaTimer.ticket_id == ticket_id, SlaTimer.next_check_at <= at)
        .values(next_check_at=at + RETRY_DELAY)
    )


def _replay_and_fire(session: Session, ticket_id: int, at: datetime) -> int:
    replayed = replay_ticket(session, ticket_id, at=at)
    if replayed is None:
        return 0
    return fire_due_levels(session, replayed, at)


def process_batch(session: Session, at: datetime, limit: int = BATCH_SIZE) -> tuple[int, TickResult]:
    """Claim and process one batch in ``session``; returns (claimed count, result).

    Tickets whose levels run actions (or that need a replay) are processed in a savepoint each, so
    one failure is rolled back alone; breaches and levels with nothing to run are plain column
    writes and events, flushed together.
    """
    result = TickResult()
    tickets = claim_tickets(session, at, limit)
    if not tickets:
        return 0, result
    due = _due_timers(session, [ticket.id for ticket in tickets], at)
    policies = _policies(session, tickets)
    calendars: dict[tuple[int, int], BusinessCalendar] = {}
    for ticket in tickets:
        ticket_id = ticket.id
        try:
            policy = policies.get(ticket.sla_policy_id) if ticket.sla_policy_id is not None else None
            calendar = None
            if policy is not None:
                key = (policy.id, ticket.created_at.year)
                if key not in calendars:
                    calendars[key] = calendar_for(policy, ticket.created_at.year, at.year)
                calendar = calendars[key]
            planned = _plan(ticket, policy, calendar, due.get(ticket_id, []), at)
            if planned is not None and not any(
                not is_noop(ticket, action)
                for item in planned
                for level in item.levels
                for action in level.actions or ()
            ):
                result.levels_fired += _apply(session, ticket, policy, calendar, planned, at)  # type: ignore[arg-type]
            else:
                with session.begin_nested():
                    if planned is None:
                        result.levels_fired += _replay_and_fire(session, ticket_id, at)
                    else:
                        result.levels_fired += _apply(session, ticket, policy, calendar, planned, at)  # type: ignore[arg-type]
                    session.flush()
            result.tickets += 1
        except Exception:  # noqa: BLE001 - one broken ticket must not stall the monitor
            log.exception("sla_monitor_ticket_failed", ticket_id=ticket_id)
            result.failed += 1
            _postpone(session, ticket_id, at)
    session.flush()
    return len(tickets), result


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
