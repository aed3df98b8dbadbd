"""Admin pages for accounts: list with filters, create or invite, edit, and each agent's skills."""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.ai.assignment import working_hours
from ticketwise.core.i18n import LOCALE_NAMES, N_, gettext
from ticketwise.core.pagination import PageRequest
from ticketwise.users import access, service, teams
from ticketwise.users.models import Availability, Role, User
from ticketwise.web.admin.forms import (
    FormState,
    is_on,
    optional_int,
    organization_choices,
    posted_values,
    required_int,
    run,
)
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/users")

ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.AGENT: N_("Agent"),
    Role.CUSTOMER: N_("Customer"),
}
AVAILABILITY_LABELS = {
    Availability.ONLINE: N_("Online"),
    Availability.AWAY: N_("Away"),
    Availability.OFFLINE: N_("Offline"),
}
SKILL_LEVELS = range(1, 6)
WEEKDAY_LABELS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
HOURS_INPUTS = tuple(f"hours_{day}" for day in range(7))

CREATE_INPUTS = ("email", "name", "role", "password", "locale", "organization_id", "mode")
EDIT_INPUTS = (
    "name",
    "role",
    "locale",
    "timezone",
    "organization_id",
    "capacity",
    "availability",
    "is_active",
)


@cache
def _timezones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, gettext(label)) for role, label in ROLE_LABELS.items()]


def _active_filter(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@router.get("", response_class=HTMLResponse)
def list_users(
    request: Request,
    session: DbSession,
    admin: AdminUser,
    role: str | None = None,
    active: str | None = None,
    q: str | None = None,
    page: int | None = None,
) -> HTMLResponse:
    role_filter = role if role in {r.value for r in Role} else None
    result = access.list_users(
        session, admin, role=role_filter, q=q, active=_active_filter(active), page=PageRequest(page=page or 1)
    )
    params = {k: v for k, v in {"role": role_filter, "active": active, "q": q}.items() if v}
    return render(
        request,
        "admin/users/list.html",
        {
            "section": "users",
            "page": result,
            "params": params,
            "filters": FormState(values={"role": role_filter or "", "active": active or "", "q": q or ""}),
            "role_choices": _role_choices(),
            "role_labels": ROLE_LABELS,
        },
    )


def _create_form(
    request: Request, session: Session, admin: User, state: FormState, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "admin/users/new.html",
        {
            "section": "users",
            "form": state,
            "role_choices": _role_choices(),
            "locale_choices": list(LOCALE_NAMES.items()),
            "organization_choices": organization_choices(session, admin),
        },
        status_code=status_code,
    )


@router.get("/new", response_class=HTMLResponse)
def new_user(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return _create_form(
        request, session, admin, FormState(values={"role": Role.AGENT.value, "mode": "password"})
    )


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_user(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    """``mode=invite`` creates an inactive account and shows its invitation link (mail is not sent
    yet); otherwise the account is active with the password given."""
    values = posted_values(posted)
    state = FormState(values=values)
    if values.get("mode") == "invite":
        invited = run(
            session,
            state,
            CREATE_INPUTS,
            lambda: service.invite_user(
                session,
                admin,
                email=values.get("email", ""),
                name=values.get("name", ""),
                role=values.get("role", ""),
            ),
        )
        if invited is None:
            return _create_form(request, session, admin, state, 422)
        user, url = invited
        return render(request, "admin/users/invited.html", {"section": "users", "invited": user, "url": url})

    def create() -> User:
        return service.create_user(
            session,
            email=values.get("email", ""),
            name=values.get("name", ""),
            role=values.get("role", ""),
            password=values.get("password") or None,
            locale=values.get("locale") or None,
            organization_id=optional_int(values.get("organization_id"), field_name="organization_id"),
        )

    created = run(session, state, CREATE_INPUTS, create)
    if created is None:
        return _create_form(request, session, admin, state, 422)
    response = RedirectResponse(f"/admin/users/{created.id}", status_code=303)
    flash(response, gettext(N_("The account of %(name)s was created.")) % {"name": created.name})
    return response


def _edit_values(user: User) -> dict[str, Any]:
    return {
        "name": user.name,
        "role": user.role.value,
        "locale": user.locale or "",
        "timezone": user.timezone,
        "organization_id": user.organization_id or "",
        "capacity": user.capacity,
        "availability": user.availability.value,
        "is_active": user.is_active,
    }


def _edit_page(
    request: Request,
    session: Session,
    admin: User,
    user: User,
    state: FormState,
    skill_state: FormState | None = None,
    status_code: int = 200,
    *,
    hours_state: FormState | None = None,
) -> HTMLResponse:
    held = {link.skill_id for link in user.skill_links}
    if hours_state is None and user.is_staff:
        week = working_hours.week_of(session, user)
        hours_state = FormState(
            values={f"hours_{day}": working_hours.format_ranges(week[day]) for day in week}
        )
    return render(
        request,
        "admin/users/edit.html",
        {
            "section": "users",
            "subject": user,
            "form": state,
            "skill_form": skill_state or FormState(values={"level": 3}),
            "role_choices": _role_choices(),
            "role_labels": ROLE_LABELS,
            "availability_choices": [(a.value, gettext(label)) for a, label in AVAILABILITY_LABELS.items()],
            "locale_choices": list(LOCALE_NAMES.items()),
            "timezones": _timezones(),
            "organization_choices": organization_choices(session, admin, user.organization_id),
            "skill_links": sorted(user.skill_links, key=lambda link: link.skill.name.lower()),
            "addable_skills": [s for s in access.list_skills(session, admin) if s.id not in held],
            "levels": SKILL_LEVELS,
            "user_teams": access.list_teams(session, admin, member_id=user.id) if user.is_staff else [],
            "hours_form": hours_state or FormState(),
            "weekdays": [(f"hours_{day}", gettext(label)) for day, label in enumerate(WEEKDAY_LABELS)],
        },
        status_code=status_code,
    )


@router.get("/{user_id}", response_class=HTMLResponse)
def edit_user(request: Request, session: DbSession, admin: AdminUser, user_id: int) -> HTMLResponse:
    user = access.access_user(session, admin, user_id)
    return _edit_page(request, session, admin, user, FormState(values=_edit_values(user)))


@router.post("/{user_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_user(request: Request, session: DbSession, admin: AdminUser, user_id: int, posted: Posted) -> Any:
    user = access.access_user(session, admin, user_id)
    values = posted_values(posted)
    values["is_active"] = is_on(values.get("is_active"))
    state = FormState(values=values)

    def update() -> User:
        return service.update_user(
            session,
            admin,
            user,
            name=values.get("name", ""),
            role=values.get("role", ""),
            locale=values.get("locale", ""),
            is_active=values["is_active"],
            timezone=values.get("timezone", ""),
            capacity=optional_int(values.get("capacity"), field_name="capacity"),
            availability=values.get("availability", ""),
            organization_id=optional_int(values.get("organization_id"), field_name="organization_id"),
        )

    if run(session, state, EDIT_INPUTS, update) is None:
        return _edit_page(request, session, admin, user, state, status_code=422)
    response = RedirectResponse(f"/admin/users/{user.id}", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


@router.post("/{user_id}/invitation", response_class=HTMLResponse, dependencies=[CsrfChecked])
def resend_invitation(request: Request, session: DbSession, admin: AdminUser, user_id: int) -> HTMLResponse:
    """A fresh invitation link for an account that has not set a password (the older one stops working)."""
    user = access.access_user(session, admin, user_id)
    url = service.resend_invitation(session, admin, user)
    return render(request, "admin/users/invited.html", {"section": "users", "invited": user, "url": url})


@router.post("/{user_id}/skills", response_class=HTMLResponse, dependencies=[CsrfChecked])
def set_skill(request: Request, session: DbSession, admin: AdminUser, user_id: int, posted: Posted) -> Any:
    """Add a skill to an agent or change its level (1 to 5)."""
    user = access.access_user(session, admin, user_id)
    values = posted_values(posted)
    state = FormState(values=values)

    def assign() -> object:
        skill = access.access_skill(
            session, admin, required_int(values.get("skill_id"), field_name="skill_id")
        )
        level = required_int(values.get("level"), field_name="level")
        return teams.set_agent_skill(session, admin, user, skill, level)

    if run(session, state, ("skill_id", "level"), assign, aliases={"user_id": "skill_id"}) is None:
        return _edit_page(request, session, admin, user, FormState(values=_edit_values(user)), state, 422)
    response = RedirectResponse(f"/admin/users/{user.id}#skills", status_code=303)
    flash(response, gettext(N_("Skills saved.")))
    return response


@router.post("/{user_id}/skills/{skill_id}/remove", dependencies=[CsrfChecked])
def remove_skill(session: DbSession, admin: AdminUser, user_id: int, skill_id: int) -> RedirectResponse:
    user = access.access_user(session, admin, user_id)
    teams.remove_agent_skill(session, admin, user, access.access_skill(session, admin, skill_id))
    response = RedirectResponse(f"/admin/users/{user.id}#skills", status_code=303)
    flash(response, gettext(N_("Skill removed.")))
    return response


@router.post("/{user_id}/hours", response_class=HTMLResponse, dependencies=[CsrfChecked])
def set_working_hours(
    request: Request, session: DbSession, admin: AdminUser, user_id: int, posted: Posted
) -> Any:
    """Replace the agent's weekly working hours (ranges per weekday, in the agent's time zone)."""
    user = access.access_user(session, admin, user_id)
    values = posted_values(posted)
    state = FormState(values=values)

    def save() -> object:
        week = {
            day: working_hours.parse_ranges(str(values.get(name) or ""), field=name)
            for day, name in enumerate(HOURS_INPUTS)
        }
        working_hours.set_week(session, admin, user, week)
        return week

    if run(session, state, HOURS_INPUTS, save) is None:
        return _edit_page(
            request,
            session,
            admin,
            user,
            FormState(values=_edit_values(user)),
            hours_state=state,
            status_code=422,
        )
    response = RedirectResponse(f"/admin/users/{user.id}#working-hours", status_code=303)
    flash(response, gettext(N_("Working hours saved.")))
    return response
