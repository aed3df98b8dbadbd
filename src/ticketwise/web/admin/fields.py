"""Admin pages for the fields of a ticket type: list, add, edit, hide / show again, reorder.

Adding a field adds its column to the type's extension table at once (the service does it), so the
forms show it on the next page view. Hiding a field removes it from forms and panels and keeps its
column and data. Order changes come from up/down buttons or from dragging rows (which posts the
names in their new order).

A field's pages are ``/admin/types/{slug}/fields/{name}/<action>``, three segments after ``fields``,
so a field may be named "new" or "order" without colliding with the two-segment routes.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import service
from ticketwise.tickets.types.kinds import KIND_CHOICES, FieldKind
from ticketwise.tickets.types.models import TicketField, TicketType
from ticketwise.web.admin import field_forms, type_forms
from ticketwise.web.admin.forms import FormState, posted_values, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/types/{slug}/fields")

NEW_FIELD_DEFAULTS = {"kind": FieldKind.TEXT.value, "customer_visible": True}


def _list_url(ticket_type: TicketType) -> str:
    return f"/admin/types/{ticket_type.slug}/fields"


def _redirect_to_list(ticket_type: TicketType, message: str) -> RedirectResponse:
    response = RedirectResponse(_list_url(ticket_type), status_code=303)
    flash(response, message)
    return response


@router.get("", response_class=HTMLResponse)
def list_fields(request: Request, session: DbSession, admin: AdminUser, slug: str) -> HTMLResponse:
    ticket_type = types_access.access_type(session, admin, slug)
    return render(
        request,
        "admin/types/fields.html",
        {
            "section": "types",
            "tab": "fields",
            "ticket_type": ticket_type,
            "visible": ticket_type.visible_fields,
            "hidden": [f for f in ticket_type.fields if f.hidden],
            "kind_labels": dict(KIND_CHOICES),
        },
    )


def _form_page(
    request: Request,
    ticket_type: TicketType,
    state: FormState,
    field: TicketField | None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "admin/types/field_form.html",
        {
            "section": "types",
            "tab": "fields",
            "ticket_type": ticket_type,
            "field": field,
            "form": state,
            "kind_choices": [(value, gettext(label)) for value, label in KIND_CHOICES],
            "kind_traits": field_forms.kind_traits(),
        },
        status_code=status_code,
    )


@router.get("/new", response_class=HTMLResponse)
def new_field(request: Request, session: DbSession, admin: AdminUser, slug: str) -> HTMLResponse:
    ticket_type = types_access.access_type(session, admin, slug)
    return _form_page(request, ticket_type, FormState(values=dict(NEW_FIELD_DEFAULTS)), None)


@router.post("/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def add_field(request: Request, session: DbSession, admin: AdminUser, slug: str, posted: Posted) -> Any:
    ticket_type = types_access.access_type(session, admin, slug)
    state = FormState(values=posted_values(posted))

    def add() -> TicketField | None:
        data = field_forms.new_field(state)
        return None if data is None else service.add_field(session, admin, ticket_type, data)

    added = run(session, state, field_forms.FIELD_INPUTS, add, aliases=type_forms.SERVICE_ALIASES)
    if added is None:
        return _form_page(request, ticket_type, state, None, 422)
    return _redirect_to_list(
        ticket_type, gettext(N_("Field %(name)s added; forms show it now.")) % {"name": added.label}
    )


@router.post("/order", dependencies=[CsrfChecked])
def reorder_fields(session: DbSession, admin: AdminUser, slug: str, posted: Posted) -> RedirectResponse:
    """The names in their new order (dragged rows post them all); unlisted fields follow."""
    ticket_type = types_access.access_type(session, admin, slug)
    service.reorder_fields(session, admin, ticket_type, [str(name) for name in posted.getlist("names")])
    return _redirect_to_list(ticket_type, gettext(N_("The order of the fields was saved.")))


@router.get("/{name}/edit", response_class=HTMLResponse)
def edit_field(request: Request, session: DbSession, admin: AdminUser, slug: str, name: str) -> HTMLResponse:
    ticket_type = types_access.access_type(session, admin, slug)
    field = types_access.access_field(session, admin, ticket_type, name)
    return _form_page(request, ticket_type, FormState(values=field_forms.field_values(field)), field)


@router.post("/{name}/edit", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_field(
    request: Request, session: DbSession, admin: AdminUser, slug: str, name: str, posted: Posted
) -> Any:
    ticket_type = types_access.access_type(session, admin, slug)
    field = types_access.access_field(session, admin, ticket_type, name)
    # Name and kind never change; the form shows them read-only.
    state = FormState(values={**posted_values(posted), "name": field.name, "kind": field.kind})

    def update() -> TicketField | None:
        data = field_forms.field_patch(state, field)
        return None if data is None else service.update_field(session, admin, field, data)

    if run(session, state, field_forms.FIELD_INPUTS, update, aliases=type_forms.SERVICE_ALIASES) is None:
        return _form_page(request, ticket_type, state, field, 422)
    return _redirect_to_list(ticket_type, gettext(N_("Changes saved.")))


@router.post("/{name}/hide", dependencies=[CsrfChecked])
def hide_field(session: DbSession, admin: AdminUser, slug: str, name: str) -> RedirectResponse:
    ticket_type = types_access.access_type(session, admin, slug)
    field = service.hide_field(session, admin, types_access.access_field(session, admin, ticket_type, name))
    return _redirect_to_list(
        ticket_type,
        gettext(N_("%(name)s is hidden. Its column and data are kept; you can show it again."))
        % {"name": field.label},
    )


@router.post("/{name}/unhide", dependencies=[CsrfChecked])
def unhide_field(session: DbSession, admin: AdminUser, slug: str, name: str) -> RedirectResponse:
    ticket_type = types_access.access_type(session, admin, slug)
    field = service.unhide_field(session, admin, types_access.access_field(session, admin, ticket_type, name))
    return _redirect_to_list(
        ticket_type, gettext(N_("%(name)s is shown again, with its data.")) % {"name": field.label}
    )


@router.post("/{name}/move", dependencies=[CsrfChecked])
def move_field(
    session: DbSession, admin: AdminUser, slug: str, name: str, posted: Posted
) -> RedirectResponse:
    """One place up or down among the visible fields (``direction`` is "up" or "down")."""
    ticket_type = types_access.access_type(session, admin, slug)
    types_access.access_field(session, admin, ticket_type, name)
    direction = posted.get("direction")
    if direction not in ("up", "down"):
        raise ValidationFailed(N_("Choose one of the allowed values."), field="direction")
    names = [field.name for field in ticket_type.visible_fields]
    index = names.index(name) if name in names else -1
    target = index - 1 if direction == "up" else index + 1
    if index >= 0 and 0 <= target < len(names):
        names[index], names[target] = names[target], names[index]
        service.reorder_fields(session, admin, ticket_type, names)
    return RedirectResponse(f"{_list_url(ticket_type)}#field-{name}", status_code=303)
