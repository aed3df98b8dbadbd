"""SLA clocks rebuilt from a ticket's history (DESIGN §6). Pure: no database, no clock.

Given the ticket's creation time, its status history and its public messages, :func:`compute_clocks`
returns every clock cycle as it stands at a moment ``at``. Because pause intervals come from the
status history, recomputing with another priority or policy keeps every paused minute credited.

Rules, decided once and relied on by the API, the monitor and reports:

* **first response**: creation → the first public agent reply.
* **next response**: after the first public agent reply, each customer message that arrives while no
  customer message is waiting starts a cycle; the next public agent reply fulfils it.
* **resolution**: creation → resolved. Time spent resolved before a reopen does not count (it is a
  pause); the clock is fulfilled at the start of the final resolved period.
* **periodic update** (only when the policy has targets for it): each public agent reply starts a
  cycle, fulfilled by the next public agent reply.
* A clock pauses while the ticket is in a status whose pause rule names it, and every clock pauses
  while the ticket is resolved. Closing, cancelling or merging stops a clock that is not fulfilled
  (status ``cancelled``, or ``breached`` if it was already late).
* ``due_at`` is where the target's business time runs out, skipping pauses. While a clock is paused
  its due time is projected from ``at`` (it moves until the clock resumes).
* Breached means ``at`` (or the fulfilment/stop time) is strictly after ``due_at``; ``breached_at`` is
  then ``due_at``. A clock fulfilled late stays ``fulfilled`` and keeps its ``breached_at``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ticketwise.sla.calendar import BusinessCalendar, add_business_time, business_time_between
from ticketwise.sla.models import Clock, TimerStatus
from ticketwise.tickets.enums import Status

STOPPING = frozenset({Status.CLOSED, Status.CANCELLED, Status.MERGED})
FINISHED = STOPPING | {Status.RESOLVED}
Interval = tuple[datetime, datetime | None]


@dataclass(frozen=True)
class History:
    """What the clocks depend on. ``statuses`` gives each status from the moment it began, in order,
    the first at ``created_at``; ``messages`` are public replies ``(at, from_agent)`` in order."""

    created_at: datetime
    statuses: tuple[tuple[datetime, Status], ...]
    messages: tuple[tuple[datetime, bool], ...]


@dataclass(frozen=True)
class Rules:
    """The applied policy's settings for one ticket: ``targets[clock][priority]`` in minutes and
    ``pause_rules[status]`` naming the clocks that status pauses."""

    priority: str
    targets: Mapping[str, Mapping[str, int]]
    pause_rules: Mapping[str, Sequence[str]]

    def target_minutes(self, clock: Clock) -> int | None:
        value = (self.targets.get(clock.value) or {}).get(self.priority)
        return int(value) if value else None

    def pausing(self, clock: Clock) -> frozenset[Status]:
        names = {status for status, clocks in self.pause_rules.items() if clock.value in clocks}
        return frozenset(Status(name) for name in names if name in Status._value2member_map_) | {
            Status.RESOLVED
        }


@dataclass(frozen=True)
class ClockState:
    """One clock cycle at ``at``. ``paused`` lists pause intervals (the last may be open);
    ``elapsed_seconds`` is business time counted so far (up to fulfilment or stop)."""

    clock: Clock
    cycle: int
    target_seconds: int
    started_at: datetime
    due_at: datetime
    paused: tuple[Interval, ...]
    fulfilled_at: datetime | None
    stopped_at: datetime | None
    breached_at: datetime | None
    elapsed_seconds: int
    status: TimerStatus
    due_is_projected: bool

    @property
    def remaining_seconds(self) -> int:
        return max(0, self.target_seconds - self.elapsed_seconds)

    @property
    def is_live(self) -> bool:
        return self.fulfilled_at is None and self.stopped_at is None


@dataclass(frozen=True)
class _Span:
    clock: Clock
    cycle: int
    start: datetime
    end: datetime | None
    fulfilled: bool


def _segments(history: History, at: datetime) -> list[tuple[datetime, datetime | None, Status]]:
    """Status periods ``(start, end, status)`` up to ``at``; the last one is open."""
    points = [(moment, status) for moment, status in history.statuses if moment <= at]
    if not points:
        points = [(history.created_at, history.statuses[0][1] if history.statuses else Status.NEW)]
    result: list[tuple[datetime, datetime | None, Status]] = []
    for index, (moment, status) in enumerate(points):
        end = points[index + 1][0] if index + 1 < len(points) else None
        if end is not None and end <= moment:
            continue  # superseded at the same instant
        result.append((moment, end, status))
    return result


def _first_stop(segments: list[tuple[datetime, datetime | None, Status]], after: datetime) -> datetime | None:
    for start, end, status in segments:
        if status in STOPPING and (end is None or end > after):
            return max(start, after)
    return None


def _resolution_span(segments: list[tuple[datetime, datetime | None, Status]], created: datetime) -> _Span:
    tail = len(segments)
    while tail > 0 and segments[tail - 1][2] in FINISHED:
        tail -= 1
    if tail == len(segments):
        return _Span(Clock.RESOLUTION, 1, created, None, False)
    final = segments[tail:]
    resolved = [start for start, _end, status in final if status is Status.RESOLVED]
    if resolved:
        return _Span(Clock.RESOLUTION, 1, created, resolved[0], True)
    return _Span(Clock.RESOLUTION, 1, created, final[0][0], False)


def _reply_spans(
    history: History, segments: list[tuple[datetime, datetime | None, Status]], at: datetime, periodic: bool
) -> list[_Span]:
    """First response, next response cycles and (if wanted) periodic update cycles."""
    messages = [(moment, agent) for moment, agent in history.messages if moment <= at]

    def close(clock: Clock, cycle: int, start: datetime, reply: datetime | None) -> _Span:
        stop = _first_stop(segments, start)
        if reply is not None and (stop is None or reply <= stop):
            return _Span(clock, cycle, start, reply, True)
        return _Span(clock, cycle, start, stop, False)

    agent_replies = [moment for moment, agent in messages if agent]
    spans = [close(Clock.FIRST_RESPONSE, 1, history.created_at, agent_replies[0] if agent_replies else None)]
    if not agent_replies:
        return spans
    waiting_since: datetime | None = None
    cycle = 0
    for moment, agent in messages:
        if moment < agent_replies[0]:
            continue
        if agent and waiting_since is not None:
            spans.append(close(Clock.NEXT_RESPONSE, cycle, waiting_since, moment))
            waiting_since = None
        elif not agent and waiting_since is None and moment > agent_replies[0]:
            stop = _first_stop(segments, moment)
            if stop is None or stop > moment:
                cycle += 1
                waiting_since = moment
    if waiting_since is not None:
        spans.append(close(Clock.NEXT_RESPONSE, cycle, waiting_since, None))
    if periodic:
        for index, moment in enumerate(agent_replies):
            stop = _first_stop(segments, moment)
            if stop is not None and stop <= moment:
                break
            following = agent_replies[index + 1] if index + 1 < len(agent_replies) else None
            spans.append(close(Clock.PERIODIC_UPDATE, index + 1, moment, following))
    return spans


def _pauses(
    segments: list[tuple[datetime, datetime | None, Status]], span: _Span, pausing: frozenset[Status]
) -> tuple[Interval, ...]:
    merged: list[list[datetime | None]] = []
    for start, end, status in segments:
        if status not in pausing:
            continue
        lo = max(start, span.start)
        hi = end if span.end is None else (span.end if end is None else min(end, span.end))
        if hi is not None and hi <= lo:
            continue
        if merged and merged[-1][1] is not None and merged[-1][1] >= lo:
            merged[-1][1] = hi
        else:
            merged.append([lo, hi])
    return tuple((lo, hi) for lo, hi in merged)  # type: ignore[misc]


def moment_at_elapsed(
    start: datetime, seconds: float, pauses: Sequence[Interval], calendar: BusinessCalendar
) -> datetime | None:
    """The instant at which ``seconds`` of business time, not counting pauses, have elapsed since
    ``start``; ``None`` if that needs time after a pause that has not ended yet."""
    if seconds <= 0:
        return start
    cursor = start
    remaining = timedelta(seconds=seconds)
    for pause_start, pause_end in pauses:
        if pause_end is not None and pause_end <= cursor:
            continue
        if pause_start > cursor:
            candidate = add_business_time(cursor, remaining, calendar)
            if candidate <= pause_start:
                return candidate
            remaining -= business_time_between(cursor, pause_start, calendar)
        if pause_end is None:
            return None
        cursor = max(cursor, pause_end)
    return add_business_time(cursor, remaining, calendar)


def elapsed_seconds(
    start: datetime, until: datetime, pauses: Sequence[Interval], calendar: BusinessCalendar
) -> int:
    """Business seconds in ``[start, until)`` outside the pauses (rounded down)."""
    total = business_time_between(start, until, calendar)
    for pause_start, pause_end in pauses:
        lo, hi = max(pause_start, start), min(pause_end or until, until)
        if hi > lo:
            total -= business_time_between(lo, hi, calendar)
    return int(total.total_seconds())


def _state(
    span: _Span, target_minutes: int, pauses: tuple[Interval, ...], calendar: BusinessCalendar, at: datetime
) -> ClockState:
    target = target_minutes * 60
    until = span.end if span.end is not None else at
    elapsed = elapsed_seconds(span.start, until, pauses, calendar)
    due = moment_at_elapsed(span.start, target, pauses, calendar)
    projected = due is None
    if due is None:
        due = add_business_time(at, timedelta(seconds=max(0, target - elapsed)), calendar)
    breached = not projected and until > due
    fulfilled_at = span.end if span.fulfilled else None
    stopped_at = span.end if not span.fulfilled else None
    if fulfilled_at is not None:
        status = TimerStatus.FULFILLED
    elif breached:
        status = TimerStatus.BREACHED
    elif stopped_at is not None:
        status = TimerStatus.CANCELLED
    elif pauses and pauses[-1][1] is None:
        status = TimerStatus.PAUSED
    else:
        status = TimerStatus.RUNNING
    return ClockState(
        clock=span.clock,
        cycle=span.cycle,
        target_seconds=target,
        started_at=span.start,
        due_at=due,
        paused=pauses,
        fulfilled_at=fulfilled_at,
        stopped_at=stopped_at,
        breached_at=due if breached else None,
        elapsed_seconds=elapsed,
        status=status,
        due_is_projected=projected,
    )


def compute_clocks(
    history: History, rules: Rules, calendar: BusinessCalendar, at: datetime
) -> list[ClockState]:
    """Every clock cycle of the ticket as it stands at ``at``, in clock then cycle order.

    Clocks the policy has no target for (for the ticket's priority) are left out. Raises ``ValueError``
    (from the calendar) for naive datetimes or a calendar without working time.
    """
    segments = _segments(history, at)
    periodic = rules.target_minutes(Clock.PERIODIC_UPDATE) is not None
    spans = [_resolution_span(segments, history.created_at), *_reply_spans(history, segments, at, periodic)]
    order = list(Clock)
    spans.sort(key=lambda span: (order.index(span.clock), span.cycle))
    states = []
    for span in spans:
        minutes = rules.target_minutes(span.clock)
        if minutes is None:
            continue
        pauses = _pauses(segments, span, rules.pausing(span.clock))
        states.append(_state(span, minutes, pauses, calendar, at))
    return states
