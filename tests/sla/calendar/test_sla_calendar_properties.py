"""Algebraic properties of business-time arithmetic (DESIGN §10: hypothesis for business time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ticketwise.sla.calendar import (
    BusinessCalendar,
    add_business_time,
    business_intervals,
    business_time_between,
    is_business_time,
)
from ticketwise.sla.holiday_sets import country_days

CN_OFF, CN_WORK = country_days("CN", [2025, 2026, 2027])
_extra_off = frozenset(date(2026, 1, 1) + timedelta(days=n) for n in range(0, 730, 17))

CALENDARS = [
    BusinessCalendar(
        "Asia/Shanghai",
        {d: ((time(9), time(12)), (time(13), time(18))) for d in range(5)},
        holidays=CN_OFF,
        workdays=CN_WORK,
    ),
    BusinessCalendar("America/New_York", {d: ((time(9), time(17)),) for d in range(5)}, holidays=_extra_off),
    BusinessCalendar("Europe/Berlin", {d: ((time(8), time(16)),) for d in range(5)}),
    BusinessCalendar("America/New_York", {6: ((time(1), time(4)),), 2: ((time(1, 30), time(2, 30)),)}),
    BusinessCalendar("Asia/Shanghai", {d: ((time(22), time(6)),) for d in range(5)}, holidays=CN_OFF),
    BusinessCalendar("UTC", {0: ((time(22), time(6)),), 1: ((time(0), time(8)),)}),
    BusinessCalendar("Europe/Berlin", {d: ((time(0), time(0)),) for d in range(7)}),
    BusinessCalendar("Asia/Shanghai", {}, always=True),
]

calendars = st.sampled_from(CALENDARS)
moments = st.datetimes(
    min_value=datetime(2025, 10, 1), max_value=datetime(2027, 3, 31), timezones=st.just(UTC)
).map(lambda m: m.replace(microsecond=0))
durations = st.integers(min_value=0, max_value=200 * 3600).map(lambda s: timedelta(seconds=s))
long_durations = st.integers(min_value=0, max_value=2000 * 3600).map(lambda s: timedelta(seconds=s))

SETTINGS = settings(max_examples=200, deadline=None)


@SETTINGS
@given(calendars, moments, long_durations)
def test_between_inverts_add(cal: BusinessCalendar, start: datetime, duration: timedelta) -> None:
    end = add_business_time(start, duration, cal)
    assert end >= start
    assert business_time_between(start, end, cal) == duration
    if duration:
        # A positive duration ends inside working time or exactly at the end of a working interval.
        assert is_business_time(end - timedelta(microseconds=1), cal)


@SETTINGS
@given(calendars, moments, durations, durations)
def test_add_is_additive(cal: BusinessCalendar, start: datetime, d1: timedelta, d2: timedelta) -> None:
    assert add_business_time(add_business_time(start, d1, cal), d2, cal) == add_business_time(
        start, d1 + d2, cal
    )


@SETTINGS
@given(calendars, moments, moments, durations, durations)
def test_add_is_monotone(
    cal: BusinessCalendar, s1: datetime, s2: datetime, d1: timedelta, d2: timedelta
) -> None:
    s1, s2 = sorted((s1, s2))
    d1, d2 = sorted((d1, d2))
    assert add_business_time(s1, d1, cal) <= add_business_time(s1, d2, cal)
    assert add_business_time(s1, d1, cal) <= add_business_time(s2, d1, cal)


@SETTINGS
@given(calendars, moments, moments, moments)
def test_between_is_additive_over_a_split_point(
    cal: BusinessCalendar, a: datetime, m: datetime, b: datetime
) -> None:
    a, m, b = sorted((a, m, b))
    assert business_time_between(a, b, cal) == business_time_between(a, m, cal) + business_time_between(
        m, b, cal
    )
    assert business_time_between(a, m, cal) <= business_time_between(a, b, cal)  # monotone
    assert business_time_between(b, a, cal) == timedelta(0) or a == b


@SETTINGS
@given(calendars, moments, moments)
def test_add_inverts_between_inside_working_time(cal: BusinessCalendar, a: datetime, b: datetime) -> None:
    a, b = sorted((a, b))
    back = add_business_time(a, business_time_between(a, b, cal), cal)
    assert back <= b
    if b > a and is_business_time(b, cal) and is_business_time(b - timedelta(seconds=1), cal):
        assert back == b


@SETTINGS
@given(calendars, moments, moments)
def test_week_skipping_agrees_with_listed_intervals(cal: BusinessCalendar, a: datetime, b: datetime) -> None:
    a, b = sorted((a, b))
    listed = list(business_intervals(a, b, cal))
    assert sum((end - begin for begin, end in listed), timedelta(0)) == business_time_between(a, b, cal)
    for (_, end), (begin, _) in zip(listed, listed[1:], strict=False):
        assert end < begin  # disjoint, ordered, merged
    for begin, end in listed:
        assert a <= begin < end <= b
        assert is_business_time(begin, cal)
