"""Admin pages for the skills agents can have (assignment matches them against types and categories)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ticketwise.core.i18n import N_, gettext
from ticketwise.users import access, teams
from ticketwise.users.models import Skill
from ticketwise.web.admin.forms import FormState, posted_values, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/skills")

INPUTS = ("name", "description")


@router.get("", response_class=HTMLResponse)
def list_skills(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return render(
        request, "admin/skills/list.html", {"section": "skills", "skills": access.list_skills(session, admin)}
    )


def _form_page(
    request: Request, state: FormState, skill: Skill | None, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "admin/skills/form.html",
        {"section": "skills", "skill": skill, "form": state},
        status_code=status_code,
    )


@router.get("/new", response_class=HTMLResponse)
def new_skill(request: Request, admin: AdminUser) -> HTMLResponse:
    return _form_page(request, FormState(), None)


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_skill(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    created = run(
        session,
        state,
        INPUTS,
        lambda: teams.create_skill(
            session, admin, name=values.get("name", ""), description=values.get("description", "")
        ),
    )
    if created is None:
        return _form_page(request, state, None, 422)
    response = RedirectResponse("/admin/skills", status_code=303)
    flash(response, gettext(N_("Skill %(name)s created.")) % {"name": created.name})
    return response


@router.get("/{skill_id}", response_class=HTMLResponse)
def edit_skill(request: Request, session: DbSession, admin: AdminUser, skill_id: int) -> HTMLResponse:
    skill = access.access_skill(session, admin, skill_id)
    return _form_page(
        request, FormState(values={"name": skill.name, "description": skill.description}), skill
    )


@router.post("/{skill_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_skill(
    request: Request, session: DbSession, admin: AdminUser, skill_id: int, posted: Posted
) -> Any:
    skill = access.access_skill(session, admin, skill_id)
    values = posted_values(posted)
    state = FormState(values=values)
    updated = run(
        session,
        state,
        INPUTS,
        lambda: teams.update_skill(
            session, admin, skill, name=values.get("name", ""), description=values.get("description", "")
        ),
    )
    if updated is None:
        return _form_page(request, state, skill, 422)
    response = RedirectResponse("/admin/skills", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response
