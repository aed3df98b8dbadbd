"""Admin pages for ticket types: the list (field counts, active and built-in badges), adding a type
(its extension table is created at once) and editing one (the slug, its table name, never changes).

A type's pages live under ``/admin/types/{slug}/...`` with a fixed last segment, so no slug (not
even "new") can collide with another route."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import service
from ticketwise.tickets.types.models import TicketType
from ticketwise.users import access
from ticketwise.users.models import User
from ticketwise.web.admin import type_forms
from ticketwise.web.admin.forms import FormState, posted_values, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/types")


@router.get("", response_class=HTMLResponse)
def list_types(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return render(
        request,
        "admin/types/list.html",
        {
            "section": "types",
            "types": types_access.list_types_for(session, admin),
        },
    )


def _form_page(
    request: Request,
    session: Session,
    admin: User,
    state: FormState,
    ticket_type: TicketType | None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "admin/types/form.html",
        {
            "section": "types",
            "ticket_type": ticket_type,
            "tab": "settings",
            "form": state,
            "team_choices": [(team.id, team.name) for team in access.list_teams(session, admin)],
            "priority_choices": [(p.value, gettext(p.label)) for p in Priority],
        },
        status_code=status_code,
    )


@router.get("/new", response_class=HTMLResponse)
def new_type(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    state = FormState(
        values={"icon": "bi-ticket", "default_priority": Priority.P2.value, "public_form": True}
    )
    return _form_page(request, session, admin, state, None)


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_type(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    state = FormState(values=posted_values(posted))

    def create() -> TicketType | None:
        data = type_forms.new_type(state)
        return None if data is None else service.create_type(session, admin, data)

    created = run(session, state, type_forms.TYPE_INPUTS, create, aliases=type_forms.SERVICE_ALIASES)
    if created is None:
        return _form_page(request, session, admin, state, None, 422)
    response = RedirectResponse(f"/admin/types/{created.slug}/fields", status_code=303)
    flash(response, gettext(N_("Ticket type %(name)s created. Add its fields now.")) % {"name": created.name})
    return response


@router.get("/{slug}/settings", response_class=HTMLResponse)
def edit_type(request: Request, session: DbSession, admin: AdminUser, slug: str) -> HTMLResponse:
    ticket_type = types_access.access_type(session, admin, slug)
    return _form_page(
        request, session, admin, FormState(values=type_forms.type_values(ticket_type)), ticket_type
    )


@router.post("/{slug}/settings", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_type(request: Request, session: DbSession, admin: AdminUser, slug: str, posted: Posted) -> Any:
    ticket_type = types_access.access_type(session, admin, slug)
    state = FormState(values={**posted_values(posted), "slug": ticket_type.slug})

    def update() -> TicketType | None:
        data = type_forms.type_patch(state)
        return None if data is None else service.update_type(session, admin, ticket_type, data)

    if run(session, state, type_forms.TYPE_INPUTS, update, aliases=type_forms.SERVICE_ALIASES) is None:
        return _form_page(request, session, admin, state, ticket_type, 422)
    response = RedirectResponse(f"/admin/types/{ticket_type.slug}/settings", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response
