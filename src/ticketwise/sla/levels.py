"""When escalation levels fire and when the monitor must next look at a timer (DESIGN §6).

A ``minutes`` level fires ``offset_value`` wall-clock minutes from the due time (negative = before);
a ``percent`` level when that share of the target has elapsed in business time (pauses excluded).
A level with ``wait_for_business_hours`` that falls outside working time waits for the next working
moment. Levels never fire for a paused, fulfilled or stopped timer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from ticketwise.sla.calendar import BusinessCalendar, is_business_time, next_business_start
from ticketwise.sla.models import OffsetKind, SlaEscalationLevel, TimerStatus
from ticketwise.sla.replay import Interval, moment_at_elapsed

CHECKED_STATUSES = (TimerStatus.RUNNING, TimerStatus.BREACHED)
BREACH_CHECK_DELAY = timedelta(seconds=1)


def level_moment(
    level: SlaEscalationLevel,
    *,
    started_at: datetime,
    target_seconds: int,
    due_at: datetime,
    paused: Sequence[Interval],
    calendar: BusinessCalendar,
) -> datetime | None:
    """When ``level`` fires for a timer, or ``None`` if that depends on a pause that has not ended."""
    if level.offset_kind is OffsetKind.PERCENT:
        moment = moment_at_elapsed(started_at, target_seconds * level.offset_value / 100, paused, calendar)
    else:
        moment = due_at + timedelta(minutes=level.offset_value)
    if moment is not None and level.wait_for_business_hours and not is_business_time(moment, calendar):
        moment = next_business_start(moment, calendar)
    return moment


def next_check_at(
    *,
    clock: str,
    status: TimerStatus,
    started_at: datetime,
    target_seconds: int,
    due_at: datetime | None,
    breached_at: datetime | None,
    paused: Sequence[Interval],
    levels: Iterable[SlaEscalationLevel],
    fired: Iterable[int],
    calendar: BusinessCalendar,
) -> datetime | None:
    """The earliest moment the monitor has work for this timer: an unfired level or the breach.

    ``None`` when nothing is left (fulfilled, stopped, paused, or everything fired and breached).
    """
    if status not in CHECKED_STATUSES or due_at is None:
        return None
    done = set(fired)
    # A clock is breached strictly after its due time, so the breach is checked a second later.
    moments = [] if breached_at is not None else [due_at + BREACH_CHECK_DELAY]
    for level in levels:
        if level.id in done or not level.applies_to(clock):
            continue
        moment = level_moment(
            level,
            started_at=started_at,
            target_seconds=target_seconds,
            due_at=due_at,
            paused=paused,
            calendar=calendar,
        )
        if moment is not None:
            moments.append(moment)
    return min(moments) if moments else None


def pauses_from_json(value: Sequence[Sequence[str | None]] | None) -> tuple[Interval, ...]:
    result = []
    for start, end in value or ():
        result.append((datetime.fromisoformat(start), datetime.fromisoformat(end) if end else None))  # type: ignore[arg-type]
    return tuple(result)


def pauses_to_json(pauses: Sequence[Interval]) -> list[list[str | None]]:
    return [[start.isoformat(), end.isoformat() if end else None] for start, end in pauses]
