"""Business-time arithmetic over a working calendar (DESIGN §6). Pure: no database, no clock.

A :class:`BusinessCalendar` says which instants count as working time: a time zone, working ranges
per weekday, whole local days off (holidays) and make-up working days (China's 调休). Every function
here takes and returns timezone-aware datetimes (results are UTC) and exact durations; a naive
datetime raises ``ValueError``.

Semantics, decided once and relied on by the SLA clocks:

* Working time is a union of half-open UTC intervals ``[start, end)``. Overlapping or touching ranges
  (e.g. Monday 22:00–06:00 and Tuesday 00:00–08:00) count once.
* A range whose end is at or before its start crosses midnight: it runs from ``start`` on its day to
  ``end`` on the next day (``(00:00, 00:00)`` is the whole day, ``(09:00, 09:00)`` 24 hours). It
  belongs to the day it starts on, so a holiday on that day cancels the whole range, and a make-up
  day applies its ranges from that day.
* Ranges are local wall-clock times. On a DST-change day a range is as long as the real time between
  its two wall-clock ends: a range spanning the spring-forward gap is an hour shorter, one spanning the
  fall-back hour an hour longer. A local time that does not exist (inside the gap) maps forward by the
  gap (02:30 in New York on spring-forward day is 03:30 EDT); an ambiguous one (inside the repeated
  hour) means its first occurrence. (Both are ``fold=0`` in :mod:`zoneinfo`.)
* A day listed in ``holidays`` has no working time, even if it is also a make-up day. A day listed in
  ``workdays`` (and not a holiday) works the ranges of weekday ``workday_template`` instead of its own.
* ``always=True`` is a 24×7 calendar: every instant counts and the day lists are ignored.
* ``add_business_time(start, d)`` is the earliest instant ``T >= start`` with
  ``business_time_between(start, T) == d``. So adding zero returns ``start`` unchanged (inside or
  outside working time), and a positive duration always ends inside working time or exactly at the
  end of a working interval (Friday 18:00, never the following Monday 09:00). Consequences, covered by
  property tests: ``business_time_between(s, add_business_time(s, d)) == d``;
  ``add(add(s, d1), d2) == add(s, d1 + d2)``; both functions are monotone; and for ``b`` strictly
  inside working time, ``add(a, business_time_between(a, b)) == b``.

Speed: the walk goes interval by interval over each day's ranges and skips whole weeks at once when a
week holds no holiday, make-up day or UTC-offset change, so a 100-day target costs a few dozen steps.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "BusinessCalendar",
    "TimeRange",
    "add_business_time",
    "business_intervals",
    "business_time_between",
    "is_business_time",
    "next_business_start",
    "parse_weekly",
]

TimeRange = tuple[time, time]

_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)
_EIGHT_DAYS = timedelta(days=8)
_ZERO = timedelta(0)
# Per-calendar memo of a day's UTC intervals; cleared when full so a long-lived calendar stays small.
_DAY_CACHE_LIMIT = 4096


@dataclass(frozen=True)
class BusinessCalendar:
    """A working calendar. Invariants (checked on construction, ``ValueError`` otherwise):
    ``timezone`` is a known IANA name; ``weekly`` keys are weekdays 0 (Monday)..6 and its ranges are
    pairs of naive :class:`datetime.time`; ``workday_template`` is 0..6. Ranges of a day are kept
    sorted by start. Instances are immutable and safe to share between threads.
    """

    timezone: str
    weekly: Mapping[int, tuple[TimeRange, ...]]
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    workday_template: int = 0
    always: bool = False
    # Derived state (zone object, clean-week total, day memo): not part of identity.
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _week_total: timedelta = field(init=False, repr=False, compare=False)
    _last_special_day: date | None = field(init=False, repr=False, compare=False)
    _special_days: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _clean_week_cache: dict[date, bool] = field(init=False, repr=False, compare=False, default_factory=dict)
    _day_cache: dict[date, tuple[tuple[datetime, datetime], ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc
        if not 0 <= self.workday_template <= 6:
            raise ValueError("workday_template must be a weekday number 0 (Monday) .. 6 (Sunday)")
        weekly: dict[int, tuple[TimeRange, ...]] = {}
        for day, ranges in self.weekly.items():
            if not isinstance(day, int) or not 0 <= day <= 6:
                raise ValueError(f"weekday must be 0 (Monday) .. 6 (Sunday), got {day!r}")
            checked = []
            for start, end in ranges:
                if not isinstance(start, time) or not isinstance(end, time):
                    raise ValueError("a working range is a pair of datetime.time")
                if start.tzinfo is not None or end.tzinfo is not None:
                    raise ValueError("working ranges are local wall-clock times without tzinfo")
                checked.append((start, end))
            weekly[day] = tuple(sorted(checked))
        set_ = object.__setattr__
        set_(self, "weekly", MappingProxyType(weekly))
        set_(self, "holidays", frozenset(self.holidays))
        set_(self, "workdays", frozenset(self.workdays))
        set_(self, "_zone", zone)
        special = self.holidays | self.workdays
        set_(self, "_special_days", tuple(sorted(special)))
        set_(self, "_last_special_day", max(special) if special else None)
        set_(self, "_week_total", _clean_week_total(weekly))

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def ranges_on(self, day: date) -> tuple[TimeRange, ...]:
        """The wall-clock ranges that start on local ``day`` (empty on a holiday)."""
        if day in self.holidays:
            return ()
        if day in self.workdays:
            return self.weekly.get(self.workday_template, ())
        return self.weekly.get(day.weekday(), ())


def parse_weekly(data: Mapping[int | str, Iterable[Iterable[str]]]) -> dict[int, tuple[TimeRange, ...]]:
    """Build ``BusinessCalendar.weekly`` from stored JSON such as ``{"0": [["09:00", "12:00"]]}``.

    Keys are weekday numbers (int or decimal string); times are ISO ``HH:MM[:SS]``; an end of
    ``24:00`` means midnight at the end of the day (stored as ``00:00``, which crosses midnight).
    Raises ``ValueError`` on a malformed key, pair or time.
    """
    weekly: dict[int, tuple[TimeRange, ...]] = {}
    for key, ranges in data.items():
        day = int(key)
        pairs = []
        for pair in ranges:
            items = list(pair)
            if len(items) != 2:
                raise ValueError(f"a working range has a start and an end, got {items!r}")
            pairs.append((_parse_wall(items[0]), _parse_wall(items[1])))
        weekly[day] = tuple(pairs)
    return weekly


def _parse_wall(text: str) -> time:
    if text.strip() in ("24:00", "24:00:00"):
        return time(0)
    return time.fromisoformat(text.strip())


# ---------------------------------------------------------------------------------------------------
# Public arithmetic


def add_business_time(start: datetime, duration: timedelta, calendar: BusinessCalendar) -> datetime:
    """The earliest instant ``T >= start`` with ``business_time_between(start, T) == duration`` (UTC).

    ``duration == 0`` returns ``start`` (in UTC) whether or not it is working time. Raises
    ``ValueError`` for a naive ``start``, a negative duration, or a calendar that runs out of working
    time (no weekly ranges and no make-up day late enough).
    """
    start = _utc(start)
    if duration < _ZERO:
        raise ValueError("duration must not be negative")
    if duration == _ZERO:
        return start
    if calendar.always:
        return start + duration
    remaining = duration
    cursor = start
    week = calendar._week_total
    retry_skip_at = cursor  # after a week that cannot be skipped, try again a day later, not per interval
    while True:
        if week and remaining > week and cursor >= retry_skip_at:
            if _is_clean_week(calendar, cursor):
                cursor += _WEEK
                remaining -= week
                continue
            retry_skip_at = cursor + _DAY
        skipped = False
        for begin, end in _intervals_from(calendar, cursor):
            length = end - begin
            if remaining <= length:
                return begin + remaining
            remaining -= length
            cursor = end
            if week and remaining > week and cursor >= retry_skip_at:
                if _is_clean_week(calendar, cursor):
                    skipped = True
                    break
                retry_skip_at = cursor + _DAY
        if not skipped:
            raise ValueError("the calendar has no working time left to reach the target")


def business_time_between(a: datetime, b: datetime, calendar: BusinessCalendar) -> timedelta:
    """Working time in ``[a, b)``; ``timedelta(0)`` when ``b <= a``. Raises ``ValueError`` if naive."""
    a, b = _utc(a), _utc(b)
    if b <= a:
        return _ZERO
    if calendar.always:
        return b - a
    total = _ZERO
    cursor = a
    week = calendar._week_total
    retry_skip_at = cursor
    while True:
        if week and b - cursor >= _WEEK and cursor >= retry_skip_at:
            if _is_clean_week(calendar, cursor):
                cursor += _WEEK
                total += week
                continue
            retry_skip_at = cursor + _DAY
        skipped = False
        for begin, end in _intervals_from(calendar, cursor):
            if begin >= b:
                return total
            if end >= b:
                return total + (b - begin)
            total += end - begin
            cursor = end
            if week and b - cursor >= _WEEK and cursor >= retry_skip_at:
                if _is_clean_week(calendar, cursor):
                    skipped = True
                    break
                retry_skip_at = cursor + _DAY
        if not skipped:
            return total


def is_business_time(moment: datetime, calendar: BusinessCalendar) -> bool:
    """Whether ``moment`` lies inside a working interval ``[start, end)``. ``ValueError`` if naive."""
    moment = _utc(moment)
    if calendar.always:
        return True
    local_day = moment.astimezone(calendar.zone).date()
    for day in (local_day - _DAY, local_day):
        for begin, end in _day_intervals(calendar, day):
            if begin <= moment < end:
                return True
    return False


def next_business_start(moment: datetime, calendar: BusinessCalendar) -> datetime:
    """``moment`` (in UTC) if it is working time, else the start of the next working interval.

    Raises ``ValueError`` if naive or if the calendar has no working time after ``moment``.
    """
    moment = _utc(moment)
    if calendar.always:
        return moment
    for begin, _end in _intervals_from(calendar, moment):
        return begin
    raise ValueError("the calendar has no working time after this moment")


def business_intervals(
    a: datetime, b: datetime, calendar: BusinessCalendar
) -> Iterator[tuple[datetime, datetime]]:
    """The working intervals inside ``[a, b)`` as disjoint, ordered, merged UTC pairs, clipped to it."""
    a, b = _utc(a), _utc(b)
    if b <= a:
        return
    if calendar.always:
        yield a, b
        return
    pending: tuple[datetime, datetime] | None = None
    for begin, end in _intervals_from(calendar, a):
        if begin >= b:
            break
        end = min(end, b)
        if pending is not None and begin == pending[1]:
            pending = (pending[0], end)
        else:
            if pending is not None:
                yield pending
            pending = (begin, end)
        if end >= b:
            break
    if pending is not None:
        yield pending


# ---------------------------------------------------------------------------------------------------
# Internals


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: business-time arithmetic needs timezone-aware datetimes")
    return moment.astimezone(UTC)


def _local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    # fold=0: a wall time in the spring-forward gap maps forward, one in the repeated hour is the first.
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def _day_intervals(calendar: BusinessCalendar, day: date) -> tuple[tuple[datetime, datetime], ...]:
    """UTC intervals of the ranges that start on local ``day``, sorted by start (may overlap)."""
    cache = calendar._day_cache
    found = cache.get(day)
    if found is not None:
        return found
    zone = calendar.zone
    intervals = []
    for start, end in calendar.ranges_on(day):
        begin = _local_instant(day, start, zone)
        finish = _local_instant(day + _DAY if end <= start else day, end, zone)
        if finish > begin:
            intervals.append((begin, finish))
    result = tuple(intervals)
    if len(cache) >= _DAY_CACHE_LIMIT:
        cache.clear()
    cache[day] = result
    return result


def _intervals_from(calendar: BusinessCalendar, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Disjoint, ordered working intervals ending after ``moment``; none starts before ``moment``.

    An interval overlapping an earlier one is cut to start where the earlier one ends, so each
    instant is counted once; touching intervals are yielded separately (a calendar of whole days
    would otherwise merge into one endless interval). Ends when no working time can follow (no weekly
    ranges and past the last special day).
    """
    day = moment.astimezone(calendar.zone).date() - _DAY  # a range of the previous day may cross midnight
    has_weekly = calendar._week_total > _ZERO
    last_special = calendar._last_special_day
    reach = moment
    while True:
        for begin, end in _day_intervals(calendar, day):
            if end <= reach:
                continue
            if begin < reach:
                begin = reach
            yield begin, end
            reach = end
        day += _DAY
        if not has_weekly and (last_special is None or day > last_special):
            return


def _is_clean_week(calendar: BusinessCalendar, moment: datetime) -> bool:
    """Whether ``[moment, moment + 7 days)`` holds exactly one regular week of working time.

    True when no day whose ranges can reach into that window (the day before through the eighth day)
    is a holiday or make-up day, and the UTC offset is the same at each of those local midnights, so
    the window is a plain copy of the weekly pattern. (Assumes no zone changes its offset and back
    within one day, which no zone in the tz database does.)
    """
    zone = calendar.zone
    first = moment.astimezone(zone).date() - _DAY
    cache = calendar._clean_week_cache
    found = cache.get(first)
    if found is not None:
        return found
    specials = calendar._special_days
    # Any holiday or make-up day among the nine days first .. first + 8?
    index = bisect_left(specials, first)
    clean = index == len(specials) or specials[index] > first + _EIGHT_DAYS
    if clean:
        offset = datetime.combine(first, time(0), tzinfo=zone).utcoffset()
        day = first
        for _ in range(9):
            day += _DAY
            if datetime.combine(day, time(0), tzinfo=zone).utcoffset() != offset:
                clean = False
                break
    if len(cache) >= _DAY_CACHE_LIMIT:
        cache.clear()
    cache[first] = clean
    return clean


def _clean_week_total(weekly: Mapping[int, tuple[TimeRange, ...]]) -> timedelta:
    """Working time in any 7-day window of the plain weekly pattern (no holidays, no DST).

    The pattern repeats every week, so every 7-day window holds the same amount; measure the one
    starting on a Monday, including ranges of the Sunday before that cross midnight into it.
    """
    monday = datetime(2001, 1, 1)  # noqa: DTZ001 - naive on purpose: a zone without offsets
    week_end = monday + _WEEK
    spans = []
    for offset in range(-1, 7):
        day = monday.date() + timedelta(days=offset)
        for start, end in weekly.get(day.weekday(), ()):
            begin = datetime.combine(day, start)
            finish = datetime.combine(day + _DAY if end <= start else day, end)
            begin, finish = max(begin, monday), min(finish, week_end)
            if finish > begin:
                spans.append((begin, finish))
    total = _ZERO
    reach: datetime | None = None
    for begin, finish in sorted(spans):
        if reach is not None and begin < reach:
            begin = reach  # count an overlap once
        if finish > begin:
            total += finish - begin
            reach = finish
    return total
