"""Admin pages for contacts, the people requests come from: list with search, create, edit, and
merging a duplicate into the contact to keep."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.core.i18n import N_, gettext
from ticketwise.core.pagination import PageRequest
from ticketwise.tickets.contact_merge import contact_by_reference, merge_contacts
from ticketwise.users import access, contacts
from ticketwise.users.models import Contact, User
from ticketwise.web.admin.forms import (
    FormState,
    optional_int,
    organization_choices,
    posted_values,
    run,
)
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/contacts")

INPUTS = ("name", "email", "phone", "organization_id")


@router.get("", response_class=HTMLResponse)
def list_contacts(
    request: Request, session: DbSession, admin: AdminUser, q: str | None = None, page: int | None = None
) -> HTMLResponse:
    result = access.list_contacts(session, admin, q=q, page=PageRequest(page=page or 1))
    return render(
        request,
        "admin/contacts/list.html",
        {
            "section": "contacts",
            "page": result,
            "params": {"q": q} if q else {},
            "filters": FormState(values={"q": q or ""}),
        },
    )


def _form_page(
    request: Request,
    session: Session,
    admin: User,
    state: FormState,
    contact: Contact | None,
    status_code: int = 200,
    merge: FormState | None = None,
) -> HTMLResponse:
    choices = organization_choices(session, admin, contact.organization_id if contact else None)
    return render(
        request,
        "admin/contacts/form.html",
        {
            "section": "contacts",
            "contact": contact,
            "form": state,
            "organization_choices": choices,
            "merge": merge or FormState(),
        },
        status_code=status_code,
    )


@router.get("/new", response_class=HTMLResponse)
def new_contact(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return _form_page(request, session, admin, FormState(), None)


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_contact(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    created = run(
        session,
        state,
        INPUTS,
        lambda: contacts.create_contact(
            session,
            admin,
            name=values.get("name", ""),
            email=values.get("email") or None,
            phone=values.get("phone") or None,
            organization_id=optional_int(values.get("organization_id"), field_name="organization_id"),
        ),
    )
    if created is None:
        return _form_page(request, session, admin, state, None, 422)
    response = RedirectResponse("/admin/contacts", status_code=303)
    flash(response, gettext(N_("Contact %(name)s created.")) % {"name": created.display})
    return response


@router.get("/{contact_id}", response_class=HTMLResponse)
def edit_contact(request: Request, session: DbSession, admin: AdminUser, contact_id: int) -> HTMLResponse:
    contact = access.access_contact(session, admin, contact_id)
    state = FormState(
        values={
            "name": contact.name,
            "email": contact.email or "",
            "phone": contact.phone or "",
            "organization_id": contact.organization_id or "",
        }
    )
    return _form_page(request, session, admin, state, contact)


@router.post("/{contact_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_contact(
    request: Request, session: DbSession, admin: AdminUser, contact_id: int, posted: Posted
) -> Any:
    contact = access.access_contact(session, admin, contact_id)
    values = posted_values(posted)
    state = FormState(values=values)
    updated = run(
        session,
        state,
        INPUTS,
        lambda: contacts.update_contact(
            session,
            admin,
            contact,
            name=values.get("name", ""),
            email=values.get("email") or None,
            phone=values.get("phone") or None,
            organization_id=optional_int(values.get("organization_id"), field_name="organization_id"),
        ),
    )
    if updated is None:
        return _form_page(request, session, admin, state, contact, 422)
    response = RedirectResponse("/admin/contacts", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


@router.post("/{contact_id}/merge", response_class=HTMLResponse, dependencies=[CsrfChecked])
def merge_contact(
    request: Request, session: DbSession, admin: AdminUser, contact_id: int, posted: Posted
) -> Any:
    """Merge this contact (the duplicate) into the one named in ``keep`` (an address or a number)."""
    duplicate = access.access_contact(session, admin, contact_id)
    values = posted_values(posted)
    merge = FormState(values=values)
    result = run(
        session,
        merge,
        ("keep",),
        lambda: merge_contacts(
            session, admin, duplicate=duplicate, keep=contact_by_reference(session, values.get("keep", ""))
        ),
    )
    if result is None:
        state = FormState(
            values={
                "name": duplicate.name,
                "email": duplicate.email or "",
                "phone": duplicate.phone or "",
                "organization_id": duplicate.organization_id or "",
            }
        )
        return _form_page(request, session, admin, state, duplicate, 422, merge=merge)
    response = RedirectResponse(f"/admin/contacts/{result.kept.id}", status_code=303)
    flash(
        response,
        gettext(N_("Contacts merged into %(name)s: %(tickets)d tickets moved."))
        % {"name": result.kept.display, "tickets": result.tickets},
    )
    return response
