"""Reading the business-calendar editor's form: text in, calendar values out, every error at once.

The form posts one row per working range (``start_<weekday>`` / ``end_<weekday>``, repeated), date
lists as free text (one per line or separated by commas), the time zone as a name chosen from a list
or typed. :func:`read_calendar_form` checks what the text itself can tell (times, dates, time zone,
country and subdivision known to ``holidays``) and returns every problem per input, so the person
sees all of them on one submission; the sla service still validates what it stores.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from starlette.datastructures import FormData

from ticketwise.core.i18n import N_, gettext
from ticketwise.sla import holiday_sets
from ticketwise.web.admin.forms import is_on

WEEKDAYS = range(7)
"""Python weekdays, 0 = Monday: the keys of ``SlaCalendar.weekly_hours``."""

COMMON_TIMEZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
)
"""Offered first in the time-zone list; any other IANA name may be typed."""

_DATE_SEPARATORS = re.compile(r"[\s,，;；]+")
_TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


@dataclass
class CalendarValues:
    """The calendar as the form describes it, in the shape of ``SlaCalendar``'s columns."""

    name: str = ""
    timezone: str = "Asia/Shanghai"
    always_open: bool = False
    weekly_hours: dict[str, list[list[str]]] = field(default_factory=dict)
    holiday_country: str | None = None
    holiday_subdiv: str | None = None
    extra_holidays: list[str] = field(default_factory=list)
    extra_workdays: list[str] = field(default_factory=list)
    removed_holidays: list[str] = field(default_factory=list)

    def as_fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "timezone": self.timezone,
            "always_open": self.always_open,
            "weekly_hours": self.weekly_hours,
            "holiday_country": self.holiday_country,
            "holiday_subdiv": self.holiday_subdiv,
            "extra_holidays": self.extra_holidays,
            "extra_workdays": self.extra_workdays,
            "removed_holidays": self.removed_holidays,
        }


def default_values() -> CalendarValues:
    """A new calendar: Monday to Friday 09:00–18:00 in China, with China's holidays and 调休."""
    return CalendarValues(
        weekly_hours={str(day): [["09:00", "18:00"]] for day in range(5)}, holiday_country="CN"
    )


def form_values(values: CalendarValues) -> dict[str, Any]:
    """What the editor shows for ``values`` (dates as one per line)."""
    return {
        "name": values.name,
        "timezone": values.timezone,
        "always_open": values.always_open,
        "weekly_hours": values.weekly_hours,
        "holiday_country": values.holiday_country or "",
        "holiday_subdiv": values.holiday_subdiv or "",
        "extra_holidays": "\n".join(values.extra_holidays),
        "extra_workdays": "\n".join(values.extra_workdays),
        "removed_holidays": "\n".join(values.removed_holidays),
    }


def values_of(calendar: Any) -> CalendarValues:
    """The editable values of a stored ``SlaCalendar``."""
    return CalendarValues(
        name=calendar.name,
        timezone=calendar.timezone,
        always_open=calendar.always_open,
        weekly_hours={str(k): [list(r) for r in v] for k, v in (calendar.weekly_hours or {}).items()},
        holiday_country=calendar.holiday_country,
        holiday_subdiv=calendar.holiday_subdiv,
        extra_holidays=list(calendar.extra_holidays or []),
        extra_workdays=list(calendar.extra_workdays or []),
        removed_holidays=list(calendar.removed_holidays or []),
    )


@cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _time_text(raw: str) -> str | None:
    """``9:00`` -> ``09:00``; None when not a time of day (24:00 is allowed as an end)."""
    match = _TIME.match(raw.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours == 24 and minutes:
        return None
    return f"{hours:02d}:{minutes:02d}"


def _dates(raw: str, name: str, errors: dict[str, str]) -> list[str]:
    found: list[str] = []
    for item in _DATE_SEPARATORS.split(raw or ""):
        if not item:
            continue
        try:
            found.append(date.fromisoformat(item).isoformat())
        except ValueError:
            errors[name] = gettext(N_("“%(value)s” is not a date; write dates as 2026-10-01.")) % {
                "value": item
            }
            return []
    return sorted(set(found))


def _weekly(form: FormData, errors: dict[str, str]) -> dict[str, list[list[str]]]:
    weekly: dict[str, list[list[str]]] = {}
    for day in WEEKDAYS:
        starts = [str(v) for v in form.getlist(f"start_{day}")]
        ends = [str(v) for v in form.getlist(f"end_{day}")]
        ranges: list[list[str]] = []
        for raw_start, raw_end in zip(starts, ends, strict=False):
            if not raw_start.strip() and not raw_end.strip():
                continue  # an empty row added and left blank
            start, end = _time_text(raw_start), _time_text(raw_end)
            if start is None or end is None or start == "24:00":
                errors[f"hours_{day}"] = gettext(N_("Enter times as HH:MM, for example 09:00 and 18:00."))
                break
            if start == end:
                errors[f"hours_{day}"] = gettext(N_("A working range cannot start and end at the same time."))
                break
            # "24:00" is stored as "00:00": an end at or before the start runs to the next day.
            ranges.append([start, "00:00" if end == "24:00" else end])
        if ranges:
            weekly[str(day)] = sorted(ranges)
    return weekly


def read_calendar_form(form: FormData) -> tuple[CalendarValues, dict[str, str]]:
    """The calendar the form describes and ``{input name: translated message}`` for what is wrong
    (empty when the form is valid). Weekday errors are keyed ``hours_<weekday>``."""
    errors: dict[str, str] = {}
    name = str(form.get("name") or "").strip()
    if not name:
        errors["name"] = gettext(N_("This field is required."))
    elif len(name) > 120:
        errors["name"] = gettext(N_("Use at most %(n)s characters.")) % {"n": 120}
    timezone = str(form.get("timezone") or "").strip()
    if timezone not in _known_timezones():
        errors["timezone"] = gettext(N_("Choose a time zone such as Asia/Shanghai."))
    always_open = is_on(form.get("always_open"))
    weekly = _weekly(form, errors)
    if not always_open and not weekly and not any(key.startswith("hours_") for key in errors):
        errors["hours"] = gettext(N_("Add at least one working range, or make the calendar 24×7."))
    country = str(form.get("holiday_country") or "").strip().upper() or None
    subdiv = str(form.get("holiday_subdiv") or "").strip().upper() or None
    if country is not None:
        try:
            known_subdivisions = holiday_sets.subdivisions(country)
        except ValueError:
            errors["holiday_country"] = gettext(N_("Holidays are not known for this country."))
        else:
            if subdiv is not None and subdiv not in known_subdivisions:
                errors["holiday_subdiv"] = gettext(N_("Choose one of the regions listed for this country."))
    elif subdiv is not None:
        errors["holiday_subdiv"] = gettext(N_("Choose a country first."))
    values = CalendarValues(
        name=name,
        timezone=timezone,
        always_open=always_open,
        weekly_hours=weekly,
        holiday_country=country,
        holiday_subdiv=subdiv,
        extra_holidays=_dates(str(form.get("extra_holidays") or ""), "extra_holidays", errors),
        extra_workdays=_dates(str(form.get("extra_workdays") or ""), "extra_workdays", errors),
        removed_holidays=_dates(str(form.get("removed_holidays") or ""), "removed_holidays", errors),
    )
    return values, errors
