"""Admin pages for business calendars: list, create, edit, and a live preview of the hours and holidays.

The form is read by :mod:`.sla_calendar_form` (every input checked, all errors shown at once); the
sla domain's service stores the calendar and checks it again. The preview (``POST .../preview``,
htmx, on every change) shows the next 14 days and the year's holidays for the values as typed.
"""

from __future__ import annotations

from typing import Any

from babel.dates import get_day_names
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ticketwise.core.clock import now
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, babel_locale, get_locale, gettext
from ticketwise.sla import admin as sla_admin
from ticketwise.sla import holiday_sets
from ticketwise.sla.models import SlaCalendar
from ticketwise.sla.schemas import CalendarIn, CalendarPatch
from ticketwise.users.models import User
from ticketwise.web.admin.forms import GENERAL, FormState, run
from ticketwise.web.admin.sla_calendar_form import (
    COMMON_TIMEZONES,
    WEEKDAYS,
    CalendarValues,
    default_values,
    form_values,
    read_calendar_form,
    values_of,
)
from ticketwise.web.admin.sla_calendar_preview import CalendarPreview, calendar_preview, local_today
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/sla/calendars")

INPUTS = (
    "name",
    "timezone",
    "always_open",
    "hours",
    *(f"hours_{day}" for day in WEEKDAYS),
    "holiday_country",
    "holiday_subdiv",
    "extra_holidays",
    "extra_workdays",
    "removed_holidays",
)
# Service field names that differ from the form's inputs.
ALIASES = {"weekly_hours": "hours"}


def _day_names(width: str = "wide") -> dict[int, str]:
    return dict(get_day_names(width, locale=babel_locale()))


def _summary(row: SlaCalendar) -> str:
    """``Mon–Fri 09:00–18:00``-like text: each distinct set of ranges with the days it applies to."""
    names = _day_names("abbreviated")
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for key, ranges in sorted((row.weekly_hours or {}).items()):
        groups.setdefault(tuple((a, b) for a, b in ranges), []).append(int(key))
    parts = []
    for ranges, days in groups.items():
        consecutive = len(days) > 2 and days == list(range(days[0], days[-1] + 1))
        day_text = f"{names[days[0]]}–{names[days[-1]]}" if consecutive else ", ".join(names[d] for d in days)
        parts.append(day_text + " " + ", ".join(f"{a}–{b}" for a, b in ranges))
    return "; ".join(parts) or gettext(N_("No working hours"))


def _preview(values: CalendarValues) -> CalendarPreview | None:
    try:
        return calendar_preview(values, local_today(values, now()))
    except ValueError:
        return None


def _form_page(
    request: Request,
    state: FormState,
    values: CalendarValues,
    calendar: SlaCalendar | None,
    status_code: int = 200,
) -> HTMLResponse:
    country = values.holiday_country
    try:
        subdivisions = holiday_sets.subdivisions(country) if country else []
    except ValueError:
        subdivisions = []
    return render(
        request,
        "admin/sla/calendar_form.html",
        {
            "section": "sla_calendars",
            "calendar": calendar,
            "form": state,
            "weekdays": list(WEEKDAYS),
            "day_names": _day_names(),
            "timezones": COMMON_TIMEZONES,
            "countries": holiday_sets.countries(get_locale()),
            "subdivisions": subdivisions,
            "preview": _preview(values) if not state.errors else None,
        },
        status_code=status_code,
    )


def _state_for(values: CalendarValues) -> FormState:
    return FormState(values=form_values(values))


def _refused(form: FormData, values: CalendarValues, errors: dict[str, str]) -> FormState:
    """The form as posted, with the errors beside their inputs."""
    state = _state_for(values)
    for name in ("extra_holidays", "extra_workdays", "removed_holidays"):
        state.values[name] = str(form.get(name) or "")
    state.values["weekly_hours"] = {
        str(day): [
            [str(start), str(end)]
            for start, end in zip(form.getlist(f"start_{day}"), form.getlist(f"end_{day}"), strict=False)
        ]
        for day in WEEKDAYS
    }
    state.errors.update({name if name in INPUTS else GENERAL: message for name, message in errors.items()})
    return state


def _save(
    session: Session, admin: User, state: FormState, values: CalendarValues, calendar: SlaCalendar | None
) -> SlaCalendar | None:
    def action() -> SlaCalendar:
        try:
            if calendar is None:
                return sla_admin.create_calendar(session, admin, CalendarIn(**values.as_fields()))
            return sla_admin.update_calendar(session, admin, calendar.id, CalendarPatch(**values.as_fields()))
        except ValidationError:
            # The form reader checks every input the schema does; this is a safety net.
            raise ValidationFailed(N_("Check the highlighted values.")) from None

    return run(session, state, INPUTS, action, aliases=ALIASES)


@router.get("", response_class=HTMLResponse)
def list_calendars(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    calendars = sla_admin.list_calendars(session)
    return render(
        request,
        "admin/sla/calendars.html",
        {
            "section": "sla_calendars",
            "calendars": calendars,
            "summaries": {row.id: _summary(row) for row in calendars},
            "country_names": dict(holiday_sets.countries(get_locale())),
        },
    )


@router.get("/new", response_class=HTMLResponse)
def new_calendar(request: Request, admin: AdminUser) -> HTMLResponse:
    values = default_values()
    return _form_page(request, _state_for(values), values, None)


@router.post("/preview", response_class=HTMLResponse, dependencies=[CsrfChecked])
def preview_calendar(request: Request, admin: AdminUser, posted: Posted) -> HTMLResponse:
    values, errors = read_calendar_form(posted)
    errors.pop("name", None)  # an unnamed calendar previews fine
    preview = None if errors else _preview(values)
    return render(request, "admin/sla/calendar_preview.html", {"preview": preview})


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_calendar(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values, errors = read_calendar_form(posted)
    if errors:
        return _form_page(request, _refused(posted, values, errors), values, None, 422)
    state = _state_for(values)
    created = _save(session, admin, state, values, None)
    if created is None:
        return _form_page(request, state, values, None, 422)
    response = RedirectResponse("/admin/sla/calendars", status_code=303)
    flash(response, gettext(N_("Calendar %(name)s created.")) % {"name": created.name})
    return response


@router.get("/{calendar_id}", response_class=HTMLResponse)
def edit_calendar(request: Request, session: DbSession, admin: AdminUser, calendar_id: int) -> HTMLResponse:
    calendar = sla_admin.get_calendar(session, calendar_id)
    values = values_of(calendar)
    return _form_page(request, _state_for(values), values, calendar)


@router.post("/{calendar_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_calendar(
    request: Request, session: DbSession, admin: AdminUser, calendar_id: int, posted: Posted
) -> Any:
    calendar = sla_admin.get_calendar(session, calendar_id)
    values, errors = read_calendar_form(posted)
    if errors:
        return _form_page(request, _refused(posted, values, errors), values, calendar, 422)
    state = _state_for(values)
    if _save(session, admin, state, values, calendar) is None:
        return _form_page(request, state, values, calendar, 422)
    response = RedirectResponse("/admin/sla/calendars", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response
