"""The pure clock replay: cycles, pauses, make-up days and breaches, from hand-worked histories."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from ticketwise.sla.calendar import BusinessCalendar
from ticketwise.sla.levels import level_moment, next_check_at
from ticketwise.sla.models import Clock, OffsetKind, SlaEscalationLevel, TimerStatus
from ticketwise.sla.replay import History, Rules, compute_clocks
from ticketwise.tickets.enums import Status

OFFICE = BusinessCalendar(
    timezone="UTC",
    weekly={day: ((time(9), time(18)),) for day in range(5)},
    # Monday 2 March is a holiday; Saturday 7 March a make-up working day (China's 调休).
    holidays=frozenset({date(2026, 3, 2)}),
    workdays=frozenset({date(2026, 3, 7)}),
)
ALWAYS = BusinessCalendar(timezone="UTC", weekly={}, always=True)
TARGETS = {
    "first_response": {"P2": 60},
    "next_response": {"P2": 30},
    "resolution": {"P2": 240},
    "periodic_update": {"P2": 120},
}
RULES = Rules(priority="P2", targets=TARGETS, pause_rules={"pending": ["resolution", "periodic_update"]})


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def history(created, statuses=(), messages=()):
    return History(
        created_at=created,
        statuses=((created, Status.NEW), *statuses),
        messages=tuple(messages),
    )


def by_key(states):
    return {(s.clock, s.cycle): s for s in states}


def test_next_response_cycles_start_at_the_oldest_unanswered_customer_message():
    h = history(
        at(3, 9),
        messages=[
            (at(3, 9, 30), False),  # before the first reply: the first response clock covers it
            (at(3, 10), True),  # first response
            (at(3, 11), False),  # cycle 1 starts
            (at(3, 11, 10), False),  # still waiting: no new cycle
            (at(3, 11, 50), True),  # cycle 1 fulfilled (late: due 11:30)
            (at(3, 13), False),  # cycle 2 starts
        ],
    )
    states = by_key(compute_clocks(h, RULES, ALWAYS, at(3, 13, 10)))
    assert states[(Clock.FIRST_RESPONSE, 1)].fulfilled_at == at(3, 10)
    one = states[(Clock.NEXT_RESPONSE, 1)]
    assert (one.started_at, one.due_at, one.fulfilled_at) == (at(3, 11), at(3, 11, 30), at(3, 11, 50))
    assert one.status is TimerStatus.FULFILLED and one.breached_at == at(3, 11, 30)
    two = states[(Clock.NEXT_RESPONSE, 2)]
    assert two.status is TimerStatus.RUNNING and two.remaining_seconds == 20 * 60
    assert (Clock.NEXT_RESPONSE, 3) not in states
    # Periodic updates run between public agent replies.
    assert states[(Clock.PERIODIC_UPDATE, 1)].fulfilled_at == at(3, 11, 50)
    assert states[(Clock.PERIODIC_UPDATE, 2)].started_at == at(3, 11, 50)


def test_holiday_and_make_up_day_shift_the_deadline():
    # Created Friday 6 March 17:00; 4 h resolution: Fri 17–18, Sat (make-up) 09–12.
    states = by_key(compute_clocks(history(at(6, 17)), RULES, OFFICE, at(6, 17)))
    assert states[(Clock.RESOLUTION, 1)].due_at == at(7, 12)
    # Created on the holiday (Monday 2 March): the first hour is Tuesday 09–10.
    states = by_key(compute_clocks(history(at(2, 10)), RULES, OFFICE, at(2, 10)))
    assert states[(Clock.FIRST_RESPONSE, 1)].due_at == at(3, 10)


def test_pending_pauses_resolution_not_response_and_projects_the_due_time():
    h = history(at(3, 9), statuses=[(at(3, 10), Status.PENDING)])
    states = by_key(compute_clocks(h, RULES, OFFICE, at(3, 12)))
    resolution = states[(Clock.RESOLUTION, 1)]
    assert resolution.status is TimerStatus.PAUSED
    assert resolution.elapsed_seconds == 3600 and resolution.remaining_seconds == 3 * 3600
    assert resolution.due_is_projected and resolution.due_at == at(3, 15)
    first = states[(Clock.FIRST_RESPONSE, 1)]
    assert first.status is TimerStatus.BREACHED and first.breached_at == at(3, 10)


def test_pause_credit_is_kept_when_targets_change():
    h = history(at(3, 9), statuses=[(at(3, 10), Status.PENDING), (at(3, 13), Status.IN_PROGRESS)])
    slow = by_key(compute_clocks(h, RULES, OFFICE, at(3, 13)))[(Clock.RESOLUTION, 1)]
    assert slow.due_at == at(3, 16)  # 4 h + 3 h paused
    faster = Rules(priority="P1", targets={"resolution": {"P1": 120}}, pause_rules=RULES.pause_rules)
    fast = by_key(compute_clocks(h, faster, OFFICE, at(3, 13)))[(Clock.RESOLUTION, 1)]
    assert fast.due_at == at(3, 14)  # 2 h + the same 3 h paused


def test_resolved_time_does_not_count_and_closing_stops_unmet_clocks():
    h = history(
        at(3, 9),
        statuses=[(at(3, 10), Status.RESOLVED), (at(3, 12), Status.IN_PROGRESS), (at(3, 13), Status.CLOSED)],
    )
    states = by_key(compute_clocks(h, RULES, OFFICE, at(3, 14)))
    resolution = states[(Clock.RESOLUTION, 1)]
    assert resolution.status is TimerStatus.CANCELLED and resolution.elapsed_seconds == 2 * 3600
    first = states[(Clock.FIRST_RESPONSE, 1)]
    # Its hour ran out at 10:00 (when the ticket was resolved); it stopped unmet at 13:00.
    assert first.status is TimerStatus.BREACHED and first.breached_at == at(3, 10)
    assert first.stopped_at == at(3, 13) and first.elapsed_seconds == 2 * 3600


def test_clocks_without_a_target_do_not_run():
    rules = Rules(priority="P0", targets=TARGETS, pause_rules={})
    assert compute_clocks(history(at(3, 9)), rules, OFFICE, at(3, 9)) == []


@pytest.mark.parametrize(
    ("kind", "value", "wait", "expected"),
    [
        (OffsetKind.PERCENT, 50, False, at(3, 11)),  # half of 4 h: 9–11, just as the pause begins
        (OffsetKind.PERCENT, 75, False, at(3, 13)),  # 3 h: 9–11, then 12–13 after the pause
        (OffsetKind.MINUTES, -30, False, at(3, 13, 30)),
        (OffsetKind.MINUTES, 300, False, at(3, 19)),  # after hours ...
        (OffsetKind.MINUTES, 300, True, at(4, 9)),  # ... or the next working moment
    ],
)
def test_level_moments(kind, value, wait, expected):
    h = history(at(3, 9), statuses=[(at(3, 11), Status.PENDING), (at(3, 12), Status.IN_PROGRESS)])
    state = by_key(compute_clocks(h, RULES, OFFICE, at(3, 12)))[(Clock.RESOLUTION, 1)]
    assert state.due_at == at(3, 14)
    level = SlaEscalationLevel(
        id=1, clock="any", offset_kind=kind, offset_value=value, wait_for_business_hours=wait
    )
    moment = level_moment(
        level,
        started_at=state.started_at,
        target_seconds=state.target_seconds,
        due_at=state.due_at,
        paused=state.paused,
        calendar=OFFICE,
    )
    assert moment == expected


def test_next_check_is_the_earliest_unfired_moment():
    state = by_key(compute_clocks(history(at(3, 9)), RULES, OFFICE, at(3, 9)))[(Clock.RESOLUTION, 1)]
    warn = SlaEscalationLevel(id=1, clock="resolution", offset_kind=OffsetKind.PERCENT, offset_value=50)
    other_clock = SlaEscalationLevel(
        id=2, clock="first_response", offset_kind=OffsetKind.PERCENT, offset_value=10
    )
    common = {
        "clock": "resolution",
        "status": state.status,
        "started_at": state.started_at,
        "target_seconds": state.target_seconds,
        "due_at": state.due_at,
        "paused": state.paused,
        "levels": [warn, other_clock],
        "calendar": OFFICE,
    }
    assert next_check_at(breached_at=None, fired=[], **common) == at(3, 11)
    assert next_check_at(breached_at=None, fired=[1], **common) == at(3, 13, 0) + timedelta(seconds=1)
    assert next_check_at(breached_at=at(3, 13), fired=[1], **common) is None
