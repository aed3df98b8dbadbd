"""New requests from the portal: pick a ticket type, fill in its form, submit (channel ``portal``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types.models import TicketType
from ticketwise.web.deps import CsrfChecked, CurrentUser, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted
from ticketwise.web.portal.requests import staff_redirect, ticket_url
from ticketwise.web.portal.ticket_form import (
    RejectedForm,
    SubmittedTicket,
    active_type,
    create_from_form,
    read_submission,
)
from ticketwise.web.templating import render

router = APIRouter()


@router.get("/portal/new")
def choose_type(request: Request, session: DbSession, user: CurrentUser) -> Any:
    """The active ticket types as cards (icon, name, description)."""
    if (redirect := staff_redirect(user, "/agent/tickets/new")) is not None:
        return redirect
    return render(request, "portal/new.html", {"types": types_access.list_types_for(session, user)})


def _form_page(
    request: Request,
    ticket_type: TicketType,
    submitted: SubmittedTicket | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    values: dict[str, Any] = {"title": "", "description": "", "fields": {}}
    if submitted is not None:
        values = {
            "title": submitted.title,
            "description": submitted.description,
            "fields": submitted.field_values(ticket_type),
        }
    return render(
        request,
        "portal/new_form.html",
        {"ticket_type": ticket_type, "values": values, "errors": errors or {}},
        status_code=status_code,
    )


@router.get("/portal/new/{slug}")
def request_form(request: Request, session: DbSession, user: CurrentUser, slug: str) -> Any:
    if (redirect := staff_redirect(user, "/agent/tickets/new")) is not None:
        return redirect
    return _form_page(request, active_type(session, slug))


@router.post("/portal/new/{slug}", dependencies=[CsrfChecked])
def submit_request(request: Request, session: DbSession, user: CurrentUser, slug: str, form: Posted) -> Any:
    """Create the request; on an error the form comes back with the message beside the field."""
    if (redirect := staff_redirect(user, "/agent/tickets/new")) is not None:
        return redirect
    ticket_type = active_type(session, slug)
    submitted = read_submission(form)
    try:
        ticket = create_from_form(session, user, ticket_type, submitted, channel=Channel.PORTAL)
    except RejectedForm as rejected:
        session.rollback()
        return _form_page(request, ticket_type, submitted, rejected.errors, status_code=422)
    response = RedirectResponse(ticket_url(ticket), status_code=303)
    flash(response, gettext(N_("Your request %(number)s has been created.")) % {"number": ticket.number})
    return response
