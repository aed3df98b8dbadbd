"""Public request forms, one per ticket type, for people without an account (DESIGN §5).

Served only while ``settings.public_forms_enabled`` and only for active types with ``public_form``.
Two defences against automated posts: a honeypot input (``website``, hidden from people inside a
``.hp-field`` block; a filled one gets the ordinary success page and nothing is created, so a bot
learns nothing) and a per-address rate limit (``settings.security.public_form_rate_limit``). The
ticket is created without an actor, from channel ``web``, for the contact with the given address.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ticketwise.config import get_settings
from ticketwise.core import ratelimit
from ticketwise.core.errors import NotFound, RateLimited
from ticketwise.core.i18n import N_
from ticketwise.http.deps import client_ip
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types.models import TicketType
from ticketwise.web.deps import CsrfChecked, DbSession
from ticketwise.web.forms import Posted, text
from ticketwise.web.portal.ticket_form import (
    RejectedForm,
    SubmittedTicket,
    active_type,
    create_from_form,
    form_errors,
    read_submission,
)
from ticketwise.web.templating import render

log = structlog.get_logger(__name__)

router = APIRouter()

HONEYPOT = "website"


def _require_enabled() -> None:
    if not get_settings().public_forms_enabled:
        raise NotFound(N_("Public request forms are turned off on this site."))


@router.get("/forms")
def list_forms(request: Request, session: DbSession) -> HTMLResponse:
    _require_enabled()
    return render(
        request, "public/index.html", {"types": types_access.list_types_for(session, None, public_form=True)}
    )


def _form_page(
    request: Request,
    ticket_type: TicketType,
    submitted: SubmittedTicket | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    values: dict[str, Any] = {"name": "", "email": "", "title": "", "description": "", "fields": {}}
    if submitted is not None:
        values = {
            "name": text(submitted.form, "name"),
            "email": text(submitted.form, "email"),
            "title": submitted.title,
            "description": submitted.description,
            "fields": submitted.field_values(ticket_type),
        }
    return render(
        request,
        "public/form.html",
        {"ticket_type": ticket_type, "values": values, "errors": errors or {}},
        status_code=status_code,
    )


@router.get("/forms/{slug}")
def show_form(request: Request, session: DbSession, slug: str) -> HTMLResponse:
    _require_enabled()
    return _form_page(request, active_type(session, slug, public=True))


@router.post("/forms/{slug}", dependencies=[CsrfChecked])
def submit_form(request: Request, session: DbSession, slug: str, form: Posted) -> HTMLResponse:
    """Create the ticket and show its number; errors come back beside their inputs."""
    _require_enabled()
    ticket_type = active_type(session, slug, public=True)
    submitted = read_submission(form)
    try:
        ratelimit.hit(get_settings().security.public_form_rate_limit, "public-form", client_ip(request))
    except RateLimited as exc:
        return _form_page(request, ticket_type, submitted, form_errors(exc), status_code=429)
    if text(submitted.form, HONEYPOT).strip():
        log.info("public_form_honeypot", ticket_type=slug, ip=client_ip(request))
        return render(request, "public/done.html", {"ticket_type": ticket_type, "number": None})
    try:
        ticket = create_from_form(session, None, ticket_type, submitted, channel=Channel.WEB)
    except RejectedForm as rejected:
        session.rollback()
        return _form_page(request, ticket_type, submitted, rejected.errors, status_code=422)
    return render(request, "public/done.html", {"ticket_type": ticket_type, "number": ticket.number})
