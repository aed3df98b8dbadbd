"""The calendar editor's preview: the working hours of the next 14 days and the year's holidays.

Built from the values being edited (saved or not) through the same conversion the SLA clocks use
(``sla.calendars.business_calendar``), so what the admin sees is what deadlines are computed with.
Holiday names come from the ``holidays`` package, in the reader's language when the package has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from babel import dates as babel_dates

from ticketwise.core.i18n import N_, babel_locale, get_locale, gettext
from ticketwise.sla.calendar import BusinessCalendar
from ticketwise.sla.calendars import business_calendar
from ticketwise.sla.models import SlaCalendar
from ticketwise.web.admin.sla_calendar_form import CalendarValues

PREVIEW_DAYS = 14


@dataclass(frozen=True)
class PreviewDay:
    day: date
    label: str  # "Mon, Nov 30" in the reader's language
    ranges: tuple[str, ...]  # "09:00–18:00"; empty on a day off
    note: str  # holiday name, "Make-up working day", or ""
    all_day: bool = False


@dataclass(frozen=True)
class PreviewHoliday:
    day: date
    label: str
    name: str
    kind: str  # "holiday" | "extra" | "removed" | "workday"


@dataclass(frozen=True)
class CalendarPreview:
    days: tuple[PreviewDay, ...]
    holidays: tuple[PreviewHoliday, ...]
    year: int


def _names(country: str | None, subdiv: str | None, year: int) -> dict[date, str]:
    if not country:
        return {}
    calendar = holidays.country_holidays(country, subdiv=subdiv, years=year)
    wanted = "zh_CN" if get_locale() == "zh_CN" else "en_US"
    if wanted in (calendar.supported_languages or ()):
        calendar = holidays.country_holidays(country, subdiv=subdiv, years=year, language=wanted)
    return {day: str(name) for day, name in calendar.items() if day.year == year}


def _day_label(day: date) -> str:
    return babel_dates.format_skeleton("MMMEd", day, locale=babel_locale())


def _ranges(calendar: BusinessCalendar, day: date) -> tuple[tuple[str, ...], bool]:
    if calendar.always:
        return (), True
    texts = []
    for start, end in calendar.ranges_on(day):
        if start == end:
            return (), True
        texts.append(f"{start:%H:%M}–{end:%H:%M}")
    return tuple(texts), False


def calendar_preview(values: CalendarValues, today: date) -> CalendarPreview:
    """The next :data:`PREVIEW_DAYS` days from ``today`` (a local date) and the holidays and make-up
    days of ``today``'s year. Raises ValueError when ``values`` cannot make a calendar (the form
    reader reports those errors first)."""
    days_span = [today + timedelta(days=offset) for offset in range(PREVIEW_DAYS)]
    years = sorted({today.year, days_span[-1].year})
    calendar = business_calendar(SlaCalendar(**values.as_fields()), years)
    names: dict[date, str] = {}
    for year in years:
        names.update(_names(values.holiday_country, values.holiday_subdiv, year))
    extra = set(values.extra_holidays)
    removed = set(values.removed_holidays)
    made_up = gettext(N_("Make-up working day"))

    days = []
    for day in days_span:
        ranges, all_day = _ranges(calendar, day)
        if day in calendar.holidays and not calendar.always:
            note = names.get(day) or gettext(N_("Holiday"))
        elif day in calendar.workdays and not calendar.always:
            note = made_up
        else:
            note = ""
        days.append(PreviewDay(day, _day_label(day), ranges, note, all_day))

    year_days: list[PreviewHoliday] = []
    if not calendar.always:
        for day in sorted(d for d in calendar.holidays | calendar.workdays if d.year == today.year):
            if day in calendar.workdays:
                year_days.append(PreviewHoliday(day, _day_label(day), made_up, "workday"))
            elif day.isoformat() in extra and day not in names:
                year_days.append(PreviewHoliday(day, _day_label(day), gettext(N_("Extra holiday")), "extra"))
            else:
                year_days.append(PreviewHoliday(day, _day_label(day), names.get(day, ""), "holiday"))
        for iso in sorted(removed):
            day = date.fromisoformat(iso)
            if day.year == today.year and day in names:
                name = gettext(N_("%(name)s (worked anyway)")) % {"name": names[day]}
                year_days.append(PreviewHoliday(day, _day_label(day), name, "removed"))
        year_days.sort(key=lambda item: item.day)
    return CalendarPreview(days=tuple(days), holidays=tuple(year_days), year=today.year)


def local_today(values: CalendarValues, moment: datetime) -> date:
    """``moment``'s date in the calendar's time zone (UTC's when the zone is not valid)."""
    try:
        return moment.astimezone(ZoneInfo(values.timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return moment.date()
