"""Admin pages for organizations: list with search, create, edit (mail domains, VIP, shared tickets)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ticketwise.core.i18n import N_, gettext
from ticketwise.core.pagination import PageRequest
from ticketwise.users import access, organizations
from ticketwise.users.models import Organization
from ticketwise.web.admin.forms import FormState, is_on, posted_values, run, split_list
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/organizations")

INPUTS = ("name", "domains", "vip", "shared_tickets", "notes")


@router.get("", response_class=HTMLResponse)
def list_organizations(
    request: Request, session: DbSession, admin: AdminUser, q: str | None = None, page: int | None = None
) -> HTMLResponse:
    result = access.list_organizations(session, admin, q=q, page=PageRequest(page=page or 1))
    return render(
        request,
        "admin/organizations/list.html",
        {
            "section": "organizations",
            "page": result,
            "params": {"q": q} if q else {},
            "filters": FormState(values={"q": q or ""}),
        },
    )


def _form_page(
    request: Request, state: FormState, organization: Organization | None, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "admin/organizations/form.html",
        {
            "section": "organizations",
            "organization": organization,
            "form": state,
        },
        status_code=status_code,
    )


def _changes(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": values.get("name", ""),
        "domains": split_list(values.get("domains")),
        "vip": is_on(values.get("vip")),
        "shared_tickets": is_on(values.get("shared_tickets")),
        "notes": values.get("notes", ""),
    }


@router.get("/new", response_class=HTMLResponse)
def new_organization(request: Request, admin: AdminUser) -> HTMLResponse:
    return _form_page(request, FormState(), None)


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_organization(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    created = run(
        session, state, INPUTS, lambda: organizations.create_organization(session, admin, **_changes(values))
    )
    if created is None:
        return _form_page(request, state, None, 422)
    response = RedirectResponse("/admin/organizations", status_code=303)
    flash(response, gettext(N_("Organization %(name)s created.")) % {"name": created.name})
    return response


@router.get("/{organization_id}", response_class=HTMLResponse)
def edit_organization(
    request: Request, session: DbSession, admin: AdminUser, organization_id: int
) -> HTMLResponse:
    organization = access.access_organization(session, admin, organization_id)
    state = FormState(
        values={
            "name": organization.name,
            "domains": "\n".join(d.domain for d in organization.domains),
            "vip": organization.vip,
            "shared_tickets": organization.shared_tickets,
            "notes": organization.notes,
        }
    )
    return _form_page(request, state, organization)


@router.post("/{organization_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_organization(
    request: Request, session: DbSession, admin: AdminUser, organization_id: int, posted: Posted
) -> Any:
    organization = access.access_organization(session, admin, organization_id)
    values = posted_values(posted)
    state = FormState(values=values)
    updated = run(
        session,
        state,
        INPUTS,
        lambda: organizations.update_organization(session, admin, organization, **_changes(values)),
    )
    if updated is None:
        return _form_page(request, state, organization, 422)
    response = RedirectResponse("/admin/organizations", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response
