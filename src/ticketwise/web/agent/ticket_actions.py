"""What an agent does on a ticket page: reply or note, status, properties, type fields, links, merge,
watching. Each action is a plain form post (CSRF-checked) answered with a redirect back to the ticket
and a flash message (post/redirect/get). A public reply passes the AI reply guard first
(:mod:`ticketwise.ai.assist.guard`): its findings come back on the page, with the text kept.

When a service refuses (ValidationFailed, Conflict), the transaction is rolled back, so nothing a
service changed before refusing is committed, and the ticket page is shown again with status 422,
the translated message beside the input it names and the person's input kept. Error keys are
``<form>.<input>`` (``reply.body``, ``properties.team_id``...), or ``<form>.form`` for an error that
names no input of that form; type-field errors go to ``errors["fields"]`` keyed ``fields.<name>``,
as the shared field macros expect.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ticketwise.ai.assist import guard as reply_guard
from ticketwise.ai.assist.thread import locale_language
from ticketwise.core.errors import Conflict, NotFound, TicketwiseError, ValidationFailed
from ticketwise.core.i18n import N_, get_locale, gettext
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets import links, messages, service, transitions
from ticketwise.tickets.enums import LinkKind, Priority, Status
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.type_change import change_type
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import registry
from ticketwise.users.models import User
from ticketwise.web.agent.forms import posted_field_values, split_tags
from ticketwise.web.agent.ticket_detail import render_detail, ticket_url
from ticketwise.web.deps import CsrfChecked, DbSession, StaffUser
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted, optional_int, text, uploaded_files
from ticketwise.web.templating import render

router = APIRouter()

REPLY_INPUTS = ("body", "attachments", "kind")
STATUS_INPUTS = ("to", "reason")
PROPERTY_INPUTS = ("priority", "assignee_id", "team_id", "category_id", "tags")
LINK_INPUTS = ("target", "kind")
MERGE_INPUTS = ("target",)


def _done(ticket: Ticket, message: str, *, anchor: str = "") -> RedirectResponse:
    response = RedirectResponse(ticket_url(ticket) + anchor, status_code=303)
    flash(response, gettext(message), "success")
    return response


def _refused(
    request: Request,
    session: Session,
    user: User,
    ticket: Ticket,
    error: TicketwiseError,
    *,
    form: str,
    inputs: Iterable[str],
    posted: dict[str, Any],
    aliases: dict[str, str] | None = None,
) -> HTMLResponse:
    """The ticket page again with ``error`` beside the input of ``form`` it names."""
    session.rollback()
    field = (aliases or {}).get(error.field or "", error.field or "")
    key = f"{form}.{field}" if field in set(inputs) else f"{form}.form"
    return render_detail(
        request,
        session,
        user,
        ticket,
        status_code=422,
        errors={key: error.translated()},
        posted={form: posted},
    )


def _ticket(session: Session, user: User, number: str) -> Ticket:
    return ticket_access.access_ticket(session, user, number)


def _reply_guard(
    request: Request, session: Session, user: User, ticket: Ticket, form: FormData, body: str
) -> HTMLResponse | None:
    """The reply guard on a public reply: the ticket page again with the findings (422 in ``block``
    mode; 200 in ``warn`` mode, offering "Send anyway"), or ``None`` to send. Sending anyway after
    warnings is audited with the kinds that were shown (never the excerpts)."""
    acknowledged = text(form, "guard_override") == "1"
    result = reply_guard.check_reply(
        session, body, ticket=ticket, language=locale_language(get_locale()), acknowledged=acknowledged
    )
    # A file input cannot be filled in again: the page asks for the files when any were attached.
    posted = {
        "reply": {"body": body, "kind": "reply", "guard": result, "files_dropped": bool(uploaded_files(form))}
    }
    if result.blocks:
        errors = {
            "reply.body": gettext(
                N_("The reply guard blocked this reply. Remove what it found and send again.")
            )
        }
        return render_detail(request, session, user, ticket, status_code=422, errors=errors, posted=posted)
    if result.needs_confirmation:
        return render_detail(request, session, user, ticket, posted=posted)
    shown = {kind for kind in form.getlist("guard_kinds") if isinstance(kind, str)}
    if acknowledged and (shown or result.findings):
        reply_guard.record_sent_anyway(session, user, ticket, shown | set(result.kinds))
    return None


@router.post("/agent/tickets/{number}/reply", dependencies=[CsrfChecked], response_class=HTMLResponse)
def post_reply(request: Request, session: DbSession, user: StaffUser, number: str, form: Posted) -> Response:
    """A public reply (checked by the reply guard first) or an internal note (never checked)."""
    ticket = _ticket(session, user, number)
    body = text(form, "body")
    internal = text(form, "kind") == "note"
    if not internal and body.strip():
        guarded = _reply_guard(request, session, user, ticket, form, body)
        if guarded is not None:
            return guarded
    try:
        message = messages.add_message(
            session, user, ticket, body=body, internal=internal, attachments=uploaded_files(form)
        )
    except (ValidationFailed, Conflict) as error:
        posted = {"body": body, "kind": "note" if internal else "reply"}
        return _refused(
            request, session, user, ticket, error, form="reply", inputs=REPLY_INPUTS, posted=posted
        )
    done = N_("Internal note added.") if internal else N_("Reply sent.")
    return _done(ticket, done, anchor=f"#message-{message.id}")


@router.post("/agent/tickets/{number}/status", dependencies=[CsrfChecked], response_class=HTMLResponse)
def post_status(request: Request, session: DbSession, user: StaffUser, number: str, form: Posted) -> Response:
    ticket = _ticket(session, user, number)
    posted = {"to": text(form, "to"), "reason": text(form, "reason").strip()}
    try:
        if posted["to"] not in {status.value for status in Status}:
            raise ValidationFailed(N_("Choose one of the offered statuses."), field="to")
        transitions.transition(
            session, user, ticket, Status(posted["to"]), reason=posted["reason"][:500] or None
        )
    except (ValidationFailed, Conflict) as error:
        return _refused(
            request,
            session,
            user,
            ticket,
            error,
            form="status",
            inputs=STATUS_INPUTS,
            posted=posted,
            aliases={"status": "to"},
        )
    return _done(ticket, N_("Status changed."))


@router.post("/agent/tickets/{number}/properties", dependencies=[CsrfChecked], response_class=HTMLResponse)
def post_properties(
    request: Request, session: DbSession, user: StaffUser, number: str, form: Posted
) -> Response:
    ticket = _ticket(session, user, number)
    posted = {name: text(form, name).strip() for name in PROPERTY_INPUTS}
    try:
        if posted["priority"] not in {priority.value for priority in Priority}:
            raise ValidationFailed(N_("Choose one of the offered priorities."), field="priority")
        patch = TicketPatch(
            priority=Priority(posted["priority"]),
            assignee_id=optional_int(posted["assignee_id"]),
            team_id=optional_int(posted["team_id"]),
            category_id=optional_int(posted["category_id"]),
            tags=split_tags(posted["tags"]),
        )
        service.update_ticket(session, user, ticket, patch)
    except (ValidationFailed, Conflict) as error:
        return _refused(
            request,
            session,
            user,
            ticket,
            error,
            form="properties",
            inputs=PROPERTY_INPUTS,
            posted=posted,
        )
    return _done(ticket, N_("Ticket updated."))


@router.post("/agent/tickets/{number}/type", dependencies=[CsrfChecked], response_class=HTMLResponse)
def post_type(request: Request, session: DbSession, user: StaffUser, number: str, form: Posted) -> Response:
    """Change (or, for a ticket waiting for triage, confirm) the type; the old type's details stay
    stored, hidden, and come back if the type is changed back."""
    ticket = _ticket(session, user, number)
    posted = {"type": text(form, "type").strip()}
    try:
        new_type = types_access.access_type(session, user, posted["type"])
        if not new_type.is_active:
            raise ValidationFailed(N_("Choose one of the available ticket types."), field="type")
        confirming = new_type.id == ticket.type_id
        change_type(session, user, ticket, new_type)
    except (ValidationFailed, NotFound) as error:
        return _refused(request, session, user, ticket, error, form="type", inputs=("type",), posted=posted)
    return _done(ticket, N_("Type confirmed.") if confirming else N_("Type changed."), anchor="#fields")


@router.post("/agent/tickets/{number}/fields", dependencies=[CsrfChecked], response_class=HTMLResponse)
def post_fields(request: Request, session: DbSession, user: StaffUser, number: str, form: Posted) -> Response:
    ticket = _ticket(session, user, number)
    try:
        values = registry.parse_form_fields(ticket.type, form, audience="agent")
        service.update_ticket(session, user, ticket, TicketPatch(fields=values))
    except (ValidationFailed, Conflict) as error:
        session.rollback()
        return render_detail(
            request,
            session,
            user,
            ticket,
            status_code=422,
            field_values=posted_field_values(form, ticket.type),
            errors={"fields": {error.field or "form": error.translated()}},
        )
    return _done(ticket, N_("Details saved."), anchor="#fields")


@router.post("/agent/tickets/{number}/links", dependencies=[CsrfChecked], response_class=HTMLResponse)
def post_link(request: Request, session: DbSession, user: StaffUser, number: str, form: Posted) -> Response:
    ticket = _ticket(session, user, number)
    posted = {"target": text(form, "target").strip(), "kind": text(form, "kind")}
    try:
        if posted["kind"] not in {kind.value for kind in LinkKind}:
            raise ValidationFailed(N_("Choose one of the offered link kinds."), field="kind")
        if not posted["target"]:
            raise ValidationFailed(N_("Enter the number of the other ticket."), field="target")
        try:
            other = ticket_access.access_ticket(session, user, posted["target"])
        except NotFound as missing:
            raise ValidationFailed(missing.message, field="target") from None
        links.link_tickets(session, user, ticket, other, LinkKind(posted["kind"]))
    except (ValidationFailed, Conflict) as error:
        return _refused(request, session, user, ticket, error, form="link", inputs=LINK_INPUTS, posted=posted)
    return _done(ticket, N_("Tickets linked."), anchor="#links")


@router.post(
    "/agent/tickets/{number}/links/{link_id}/delete", dependencies=[CsrfChecked], response_class=HTMLResponse
)
def post_unlink(request: Request, session: DbSession, user: StaffUser, number: str, link_id: int) -> Response:
    ticket = _ticket(session, user, number)
    if not any(link.id == link_id for link in ticket_access.list_links(session, user, ticket)):
        raise NotFound(N_("This link does not exist."))
    try:
        links.unlink(session, user, link_id)
    except Conflict as error:
        return _refused(request, session, user, ticket, error, form="link", inputs=(), posted={})
    return _done(ticket, N_("Link removed."), anchor="#links")


def _merge_target(session: Session, user: User, reference: str) -> Ticket:
    if not reference:
        raise ValidationFailed(N_("Enter the number of the other ticket."), field="target")
    try:
        return ticket_access.access_ticket(session, user, reference)
    except NotFound as missing:
        raise ValidationFailed(missing.message, field="target") from None


@router.get("/agent/tickets/{number}/merge", response_class=HTMLResponse)
def merge_confirmation(
    request: Request, session: DbSession, user: StaffUser, number: str, target: str = ""
) -> HTMLResponse:
    """Ask before merging: both tickets side by side and one button that posts the merge."""
    ticket = _ticket(session, user, number)
    try:
        other = _merge_target(session, user, target.strip())
    except ValidationFailed as error:
        return render_detail(
            request,
            session,
            user,
            ticket,
            status_code=422,
            errors={"merge.target": error.translated()},
            posted={"merge": {"target": target}},
        )
    return render(request, "agent/merge_confirm.html", {"source": ticket, "target": other})


@router.post("/agent/tickets/{number}/merge", dependencies=[CsrfChecked], response_class=HTMLResponse)
def post_merge(request: Request, session: DbSession, user: StaffUser, number: str, form: Posted) -> Response:
    ticket = _ticket(session, user, number)
    posted = {"target": text(form, "target").strip()}
    try:
        other = _merge_target(session, user, posted["target"])
        links.merge_tickets(session, user, ticket, other)
    except (ValidationFailed, Conflict) as error:
        return _refused(
            request, session, user, ticket, error, form="merge", inputs=MERGE_INPUTS, posted=posted
        )
    response = RedirectResponse(ticket_url(other), status_code=303)
    message = gettext(N_("Ticket %(source)s was merged into %(target)s."))
    flash(response, message % {"source": ticket.number, "target": other.number}, "success")
    return response


@router.post("/agent/tickets/{number}/watch", dependencies=[CsrfChecked])
def post_watch(session: DbSession, user: StaffUser, number: str) -> RedirectResponse:
    ticket = _ticket(session, user, number)
    links.add_watcher(session, user, ticket, user)
    return _done(ticket, N_("You are now watching this ticket."))


@router.post("/agent/tickets/{number}/unwatch", dependencies=[CsrfChecked])
def post_unwatch(session: DbSession, user: StaffUser, number: str) -> RedirectResponse:
    ticket = _ticket(session, user, number)
    links.remove_watcher(session, user, ticket, user)
    return _done(ticket, N_("You are no longer watching this ticket."))
