"""Stored calendars (``SlaCalendar`` rows) turned into :class:`BusinessCalendar` values.

The country's holidays come from the ``holidays`` package for the years a computation spans, plus the
calendar's own extra holidays, minus the holidays it works anyway; make-up working days are the
country's (China's 调休) plus the calendar's extra ones. Built calendars are memoised per row version,
so the monitor and the API do not rebuild holiday sets on every call.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from ticketwise.sla.calendar import BusinessCalendar, parse_weekly
from ticketwise.sla.holiday_sets import country_days
from ticketwise.sla.models import SlaCalendar

# Years either side of the moment asked about: a 72 h target started on 30 December needs next year.
YEARS_BEFORE = 1
YEARS_AFTER = 1


def years_around(*years: int) -> tuple[int, ...]:
    """The span of years a computation touching ``years`` needs holiday data for."""
    return tuple(range(min(years) - YEARS_BEFORE, max(years) + YEARS_AFTER + 1))


def _dates(values: Iterable[str]) -> frozenset[date]:
    return frozenset(date.fromisoformat(value) for value in values)


@lru_cache(maxsize=256)
def _country_days(
    country: str, subdiv: str | None, years: tuple[int, ...]
) -> tuple[frozenset[date], frozenset[date]]:
    return country_days(country, years, subdiv)


@lru_cache(maxsize=256)
def _build(
    timezone: str,
    always_open: bool,
    weekly: tuple[tuple[str, tuple[tuple[str, str], ...]], ...],
    country: str | None,
    subdiv: str | None,
    extra_holidays: tuple[str, ...],
    extra_workdays: tuple[str, ...],
    removed_holidays: tuple[str, ...],
    years: tuple[int, ...],
) -> BusinessCalendar:
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    if country and not always_open:
        holidays, workdays = _country_days(country, subdiv, years)
    holidays = (holidays - _dates(removed_holidays)) | _dates(extra_holidays)
    workdays = (workdays | _dates(extra_workdays)) - holidays
    return BusinessCalendar(
        timezone=timezone,
        weekly=parse_weekly({day: ranges for day, ranges in weekly}),
        holidays=holidays,
        workdays=workdays,
        always=always_open,
    )


def business_calendar(row: SlaCalendar, years: Iterable[int]) -> BusinessCalendar:
    """The working calendar ``row`` describes, with holidays for ``years``.

    Raises ``ValueError`` when the stored row is malformed (unknown zone or country, bad range); the
    service validates rows on write so this only happens for rows edited behind its back.
    """
    weekly = tuple(
        sorted(
            (str(day), tuple((str(a), str(b)) for a, b in ranges))
            for day, ranges in (row.weekly_hours or {}).items()
        )
    )
    return _build(
        row.timezone,
        bool(row.always_open),
        weekly,
        row.holiday_country or None,
        row.holiday_subdiv or None,
        tuple(sorted(row.extra_holidays or ())),
        tuple(sorted(row.extra_workdays or ())),
        tuple(sorted(row.removed_holidays or ())),
        tuple(sorted(set(years))),
    )
