"""A ticket entered by an agent on a contact's behalf: ``/agent/tickets/new`` (phone, walk-in, e-mail).

The form works without JavaScript: choosing another type or searching contacts posts the form with
``action=refresh``, which shows it again with the new type's fields or the matching contacts and
creates nothing. With htmx the same parts are swapped in place (``/agent/tickets/new/fields`` and
``/agent/tickets/new/contacts``).
"""

from __future__ import annotations

from typing import Any

import pydantic
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.pagination import PageRequest
from ticketwise.tickets import service
from ticketwise.tickets.enums import Channel, Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import registry
from ticketwise.tickets.types.models import TicketType
from ticketwise.users import access as user_access
from ticketwise.users.models import Contact, User
from ticketwise.web.agent.forms import category_choices, posted_field_values, split_tags
from ticketwise.web.agent.ticket_detail import ticket_url
from ticketwise.web.deps import CsrfChecked, DbSession, StaffUser
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted, optional_int, text, uploaded_files
from ticketwise.web.templating import render

router = APIRouter()

TEMPLATE = "agent/new_ticket.html"
CHANNELS = (Channel.PHONE, Channel.AGENT, Channel.EMAIL)
TEXT_INPUTS = (
    "type",
    "title",
    "description",
    "priority",
    "channel",
    "team_id",
    "assignee_id",
    "category_id",
    "tags",
    "requester_contact_id",
    "requester_email",
    "requester_name",
    "requester_phone",
    "contact_q",
)
CONTACT_MATCHES = 8


def _chosen_type(types: list[TicketType], slug: str) -> TicketType | None:
    return next((t for t in types if t.slug == slug), types[0] if types else None)


def _contact_matches(session: Session, user: User, query: str) -> list[Contact]:
    if not query.strip():
        return []
    return list(
        user_access.list_contacts(
            session, user, q=query.strip(), page=PageRequest(size=CONTACT_MATCHES)
        ).items
    )


def _chosen_contact(session: Session, user: User, contact_id: str) -> Contact | None:
    chosen = optional_int(contact_id)
    if chosen is None:
        return None
    try:
        return user_access.access_contact(session, user, chosen)
    except NotFound:
        return None


def form_context(
    session: Session,
    user: User,
    values: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    field_values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The new-ticket form filled with ``values`` (input name -> text). The type's fields show
    ``field_values`` (as :func:`posted_field_values` reads them), their defaults where no input was sent."""
    types = types_access.list_types_for(session, user, usable=True)
    ticket_type = _chosen_type(types, values.get("type", ""))
    staff = user_access.list_staff(session, user)
    fields = registry.fields_for(ticket_type, "agent") if ticket_type else []
    # An input that was not sent reads as []; one sent empty as [""], which keeps a cleared default cleared.
    shown = {field.name: field.default for field in fields} | {
        name: raw for name, raw in (field_values or {}).items() if raw != []
    }
    return {
        "values": values,
        "errors": errors or {},
        "types": types,
        "ticket_type": ticket_type,
        "categories": category_choices(session, user, ticket_type) if ticket_type else [],
        "field_values": shown,
        "priorities": list(Priority),
        "channels": CHANNELS,
        "teams": user_access.list_teams(session, user),
        "staff": staff,
        "staff_choices": [(member.id, member.name) for member in staff],
        "chosen_contact": _chosen_contact(session, user, values.get("requester_contact_id", "")),
        "contact_matches": _contact_matches(session, user, values.get("contact_q", "")),
    }


def _values(form: FormData | dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in TEXT_INPUTS:
        value = form.get(name)
        typed = value if isinstance(value, str) else ""
        # The description keeps its line breaks and indentation.
        values[name] = typed if name == "description" else typed.strip()
    return values


def _ticket_data(values: dict[str, str], fields: dict[str, Any]) -> TicketCreate:
    """The service input; ValidationFailed for what the form itself can tell is wrong."""
    contact_id = optional_int(values["requester_contact_id"])
    requester = None
    details = (values["requester_email"], values["requester_name"], values["requester_phone"])
    # Without a chosen contact or any detail the service asks for a requester as a whole.
    if contact_id is None and any(details):
        try:
            requester = RequesterIn(
                email=values["requester_email"] or None,
                name=values["requester_name"],
                phone=values["requester_phone"] or None,
            )
        except pydantic.ValidationError:
            raise ValidationFailed(N_("Enter a valid e-mail address."), field="requester.email") from None
    if values["priority"] and values["priority"] not in {p.value for p in Priority}:
        raise ValidationFailed(N_("Choose one of the offered priorities."), field="priority")
    return TicketCreate(
        type=values["type"],
        title=values["title"],
        description=values["description"],
        priority=Priority(values["priority"]) if values["priority"] else None,
        requester=requester,
        requester_contact_id=contact_id,
        category_id=optional_int(values["category_id"]),
        team_id=optional_int(values["team_id"]),
        assignee_id=optional_int(values["assignee_id"]),
        tags=split_tags(values["tags"]),
        fields=fields,
    )


def _create(
    session: Session, user: User, form: FormData, values: dict[str, str], ticket_type: TicketType
) -> Ticket:
    channel = values["channel"] or Channel.PHONE.value
    if channel not in {c.value for c in CHANNELS}:
        raise ValidationFailed(N_("Choose one of the offered channels."), field="channel")
    # Only what was entered: an empty input leaves room for a value the type's extractors find in the
    # description, and required fields are checked by the service once both are combined.
    parsed = registry.parse_form_fields(ticket_type, form, audience="agent", partial=True)
    fields = {name: value for name, value in parsed.items() if value is not None}
    return service.create_ticket(
        session,
        user,
        _ticket_data(values, fields),
        channel=Channel(channel),
        attachments=uploaded_files(form),
    )


@router.get("/agent/tickets/new", response_class=HTMLResponse)
def new_ticket_form(request: Request, session: DbSession, user: StaffUser) -> HTMLResponse:
    values = _values(dict(request.query_params))
    return render(request, TEMPLATE, form_context(session, user, values))


@router.get("/agent/tickets/new/fields", response_class=HTMLResponse)
def new_ticket_type_fields(
    request: Request, session: DbSession, user: StaffUser, type: str = ""
) -> HTMLResponse:
    """The part of the form that depends on the type (its fields and categories), for htmx."""
    return render(request, TEMPLATE, form_context(session, user, {"type": type}), block="type_fields")


@router.get("/agent/tickets/new/contacts", response_class=HTMLResponse)
def new_ticket_contacts(
    request: Request, session: DbSession, user: StaffUser, contact_q: str = "", requester_contact_id: str = ""
) -> HTMLResponse:
    """Contacts matching the search box, for htmx."""
    values = {"contact_q": contact_q, "requester_contact_id": requester_contact_id}
    return render(request, TEMPLATE, form_context(session, user, values), block="contact_results")


@router.post("/agent/tickets/new", dependencies=[CsrfChecked], response_class=HTMLResponse)
def create_ticket(request: Request, session: DbSession, user: StaffUser, form: Posted) -> Response:
    values = _values(form)
    types = types_access.list_types_for(session, user, usable=True)
    ticket_type = _chosen_type(types, values["type"])
    if text(form, "action") == "refresh" or ticket_type is None:
        typed = posted_field_values(form, ticket_type) if ticket_type else {}
        return render(request, TEMPLATE, form_context(session, user, values, field_values=typed))
    try:
        if ticket_type.slug != values["type"]:
            # Never create a ticket of another type than the one chosen (deactivated meanwhile, say).
            raise ValidationFailed(N_("Choose one of the available ticket types."), field="type")
        ticket = _create(session, user, form, values, ticket_type)
    except (ValidationFailed, Conflict) as error:
        session.rollback()
        context = form_context(
            session,
            user,
            values,
            errors={error.field or "form": error.translated()},
            field_values=posted_field_values(form, ticket_type),
        )
        return render(request, TEMPLATE, context, status_code=422)
    response = RedirectResponse(ticket_url(ticket), status_code=303)
    flash(response, gettext(N_("Ticket %(number)s created.")) % {"number": ticket.number}, "success")
    return response
