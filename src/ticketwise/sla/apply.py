"""Applying a policy to a ticket and storing its clocks (DESIGN §6).

:func:`replay_ticket` rebuilds every timer of a ticket from its history (see :mod:`ticketwise.sla.
replay`) and writes the result: timer rows are updated in place (ids and fired escalation levels
survive), clocks that no longer apply are marked ``cancelled``, the event log gains what happened and
loses what no longer did, and the ticket's summary columns (queue sorting, "at risk", "breached") are
refreshed. Replaying twice writes nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, lazyload

from ticketwise.core.clock import now
from ticketwise.sla import repository
from ticketwise.sla.calendar import BusinessCalendar
from ticketwise.sla.calendars import business_calendar, years_around
from ticketwise.sla.levels import next_check_at, pauses_to_json
from ticketwise.sla.models import Clock, SlaEvent, SlaEventKind, SlaPolicy, SlaTimer, TimerStatus
from ticketwise.sla.policies import TicketFacts, applied_policy, match_policy
from ticketwise.sla.replay import ClockState, Rules, compute_clocks
from ticketwise.tickets.models import Ticket

# Events the replay derives from history; warnings and escalations are written by the monitor only.
REPLAYED_KINDS = (
    SlaEventKind.STARTED,
    SlaEventKind.PAUSED,
    SlaEventKind.RESUMED,
    SlaEventKind.FULFILLED,
    SlaEventKind.BREACHED,
)
REPLAYED_KIND_VALUES = tuple(kind.value for kind in REPLAYED_KINDS)


@dataclass(frozen=True)
class Replayed:
    """What a replay produced, for the monitor to act on without reading it all again."""

    ticket: Ticket
    policy: SlaPolicy
    calendar: BusinessCalendar
    timers: list[tuple[SlaTimer, ClockState]]


def calendar_for(policy: SlaPolicy, *years: int) -> BusinessCalendar:
    return business_calendar(policy.calendar, years_around(*years))


def rules_for(policy: SlaPolicy, priority: str) -> Rules:
    return Rules(priority=priority, targets=policy.targets or {}, pause_rules=policy.pause_rules or {})


def states_for(
    session: Session, ticket: Ticket, policy: SlaPolicy, at: datetime
) -> tuple[BusinessCalendar, list[ClockState]]:
    """Every clock cycle of ``ticket`` under ``policy`` as of ``at`` (reads only)."""
    calendar = calendar_for(policy, ticket.created_at.year, at.year)
    history = repository.load_history(session, ticket)
    return calendar, compute_clocks(history, rules_for(policy, ticket.priority.value), calendar, at)


def _fill(
    row: SlaTimer, state: ClockState, policy: SlaPolicy, calendar: BusinessCalendar, moment: datetime
) -> None:
    row.policy_id = policy.id
    row.status = state.status
    row.target_minutes = state.target_seconds // 60
    row.started_at = state.started_at
    row.due_at = state.due_at
    row.paused = pauses_to_json(state.paused)
    row.fulfilled_at = state.fulfilled_at
    row.breached_at = state.breached_at
    row.stopped_at = state.stopped_at
    row.elapsed_business_seconds = None if state.is_live else state.elapsed_seconds
    row.fired_levels = list(row.fired_levels or [])
    row.next_check_at = next_check_at(
        clock=state.clock.value,
        status=state.status,
        started_at=state.started_at,
        target_seconds=state.target_seconds,
        due_at=state.due_at,
        breached_at=state.breached_at,
        paused=state.paused,
        levels=policy.levels,
        fired=row.fired_levels,
        calendar=calendar,
    )
    row.updated_at = moment


def _derived_events(
    timers: list[tuple[SlaTimer, ClockState]],
) -> dict[tuple[int, str, datetime], dict[str, object]]:
    found: dict[tuple[int, str, datetime], dict[str, object]] = {}
    for row, state in timers:
        data: dict[str, object] = {"clock": state.clock.value, "cycle": state.cycle}
        found[(row.id, SlaEventKind.STARTED.value, state.started_at)] = data
        for start, end in state.paused:
            found[(row.id, SlaEventKind.PAUSED.value, start)] = data
            if end is not None:
                found[(row.id, SlaEventKind.RESUMED.value, end)] = data
        if state.fulfilled_at is not None:
            found[(row.id, SlaEventKind.FULFILLED.value, state.fulfilled_at)] = data
        if state.breached_at is not None:
            found[(row.id, SlaEventKind.BREACHED.value, state.breached_at)] = data
    return found


def _sync_events(
    session: Session, ticket_id: int, timers: list[tuple[SlaTimer, ClockState]], *, had_timers: bool
) -> None:
    """Make the replayed kinds of the event log match ``timers``. Replayed events always name a
    timer, so a ticket that had no timer rows before this replay (its creation) has none to read."""
    wanted = _derived_events(timers)
    existing = repository.events_of(session, ticket_id, REPLAYED_KIND_VALUES) if had_timers else []
    for event in existing:
        key = (event.timer_id, event.kind.value, event.at)
        if key in wanted:
            del wanted[key]
        else:
            session.delete(event)
    for (timer_id, kind, at), data in sorted(wanted.items(), key=lambda item: (item[0][2], item[0][0])):
        session.add(
            SlaEvent(ticket_id=ticket_id, timer_id=timer_id, kind=SlaEventKind(kind), at=at, data=data)
        )


def _summarise(ticket: Ticket, policy: SlaPolicy, timers: list[tuple[SlaTimer, ClockState]]) -> None:
    """Refresh the ticket's SLA columns (derived data for queue views; not audited as ticket edits)."""
    states = [state for _row, state in timers]

    def due_of(clock: Clock, *, live_only: bool) -> datetime | None:
        for state in reversed(states):
            if state.clock is clock and (state.is_live or not live_only):
                return state.due_at
        return None

    running = [s.due_at for s in states if s.is_live and s.status is not TimerStatus.PAUSED]
    ticket.sla_policy_id = policy.id
    ticket.first_response_due_at = due_of(Clock.FIRST_RESPONSE, live_only=False)
    ticket.resolution_due_at = due_of(Clock.RESOLUTION, live_only=False)
    ticket.next_response_due_at = due_of(Clock.NEXT_RESPONSE, live_only=True)
    ticket.sla_due_at = min(running) if running else None
    ticket.sla_breached = any(s.is_live and s.breached_at is not None for s in states)


def replay_ticket(
    session: Session, ticket_id: int, *, rematch: bool = False, at: datetime | None = None
) -> Replayed | None:
    """Rebuild and store the clocks of a ticket as of ``at`` (default now); ``None`` if it is gone.

    With ``rematch`` (creation, or a change to a field policy conditions read) the policy is matched
    again; otherwise the applied one is kept. A change of policy writes a ``policy_applied`` event.
    Locks the ticket row first (as :func:`repository.lock_ticket` does). Flushes only.
    """
    moment = at or now()
    # Lock and read in one statement (the lock of :func:`repository.lock_ticket`, FOR UPDATE on
    # PostgreSQL). Columns only: the replay needs none of the ticket's relationships (loaded lazily
    # if an escalation action does), and eager-loading them dominated the time per replay.
    ticket = session.get(Ticket, ticket_id, options=[lazyload("*")], with_for_update=True)
    if ticket is None:
        return None
    previous = ticket.sla_policy_id
    if rematch or previous is None:
        policy = match_policy(session, TicketFacts.of(ticket))
    else:
        policy = applied_policy(session, ticket)
    calendar, states = states_for(session, ticket, policy, moment)
    rows = {(row.clock, row.cycle): row for row in repository.timers_of(session, ticket_id)}
    had_timers = bool(rows)
    timers: list[tuple[SlaTimer, ClockState]] = []
    for state in states:
        row = rows.pop((state.clock, state.cycle), None)
        if row is None:
            row = SlaTimer(ticket_id=ticket_id, clock=state.clock, cycle=state.cycle, fired_levels=[])
            session.add(row)
        _fill(row, state, policy, calendar, moment)
        timers.append((row, state))
    for row in rows.values():
        if row.status is not TimerStatus.CANCELLED:
            row.status = TimerStatus.CANCELLED
            row.stopped_at = moment
            row.next_check_at = None
            row.updated_at = moment
    session.flush()
    _sync_events(session, ticket_id, timers, had_timers=had_timers)
    if previous != policy.id:
        session.add(
            SlaEvent(
                ticket_id=ticket_id,
                timer_id=None,
                kind=SlaEventKind.POLICY_APPLIED,
                at=moment,
                data={"policy_id": policy.id, "policy": policy.name, "previous_policy_id": previous},
            )
        )
    _summarise(ticket, policy, timers)
    session.flush()
    return Replayed(ticket=ticket, policy=policy, calendar=calendar, timers=timers)
