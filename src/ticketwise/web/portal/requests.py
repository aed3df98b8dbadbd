"""The customer's own requests: the list, one request's conversation, replies and status actions.

Every ticket is fetched through :func:`ticketwise.tickets.access.access_ticket`, so another
customer's ticket is a 404. Customers see public replies only (the access functions leave out
internal notes and system notices) and the fields marked customer-visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.pagination import PageRequest
from ticketwise.http.downloads import attachment_response
from ticketwise.tickets import access
from ticketwise.tickets.enums import OPEN_STATUSES, Channel, Status
from ticketwise.tickets.messages import add_message, carries_the_request
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketFilter
from ticketwise.tickets.transitions import allowed_transitions, transition, within_reopen_window
from ticketwise.tickets.types import extension
from ticketwise.users.models import User
from ticketwise.web.deps import CsrfChecked, CurrentUser, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted, error_map, optional_int, text, uploaded_files
from ticketwise.web.templating import render

router = APIRouter()

# "Open" includes resolved requests: they wait for the customer to confirm or reopen them.
STATUS_FILTERS: dict[str, list[Status] | None] = {
    "open": [s for s in Status if s in OPEN_STATUSES or s is Status.RESOLVED],
    "closed": [Status.CLOSED, Status.CANCELLED, Status.MERGED],
    "all": None,
}
STATUS_FILTER_LABELS = {"open": N_("Open"), "closed": N_("Closed"), "all": N_("All")}


@dataclass(frozen=True)
class CustomerAction:
    """A status button on the request page; ``route`` is the last part of the URL it posts to.

    Offered when the transition table lets the customer move the ticket to ``to`` and, if
    ``only_from`` is set, the ticket is in one of those statuses (a pending ticket is not "reopened").
    """

    to: Status
    route: str
    label: str
    done: str
    button: str
    icon: str
    only_from: frozenset[Status] | None = None

    def offered(self, ticket: Ticket, allowed: list[Status]) -> bool:
        return self.to in allowed and (self.only_from is None or ticket.status in self.only_from)


CUSTOMER_ACTIONS = (
    CustomerAction(
        Status.CLOSED,
        "confirm",
        N_("Confirm resolution"),
        N_("Thank you! The request is now closed."),
        "btn-success",
        "bi-check2-circle",
        frozenset({Status.RESOLVED}),
    ),
    CustomerAction(
        Status.IN_PROGRESS,
        "reopen",
        N_("Reopen"),
        N_("The request has been reopened. We will get back to you."),
        "btn-outline-primary",
        "bi-arrow-counterclockwise",
        frozenset({Status.RESOLVED}),
    ),
    CustomerAction(
        Status.CANCELLED,
        "cancel",
        N_("Cancel request"),
        N_("The request has been cancelled."),
        "btn-outline-danger",
        "bi-x-circle",
    ),
)
ACTIONS_BY_ROUTE = {action.route: action for action in CUSTOMER_ACTIONS}


def staff_redirect(user: User, target: str = "/agent/queue") -> RedirectResponse | None:
    """Staff work in the agent workspace: the portal sends them there."""
    return RedirectResponse(target, status_code=303) if user.is_staff else None


def ticket_url(ticket: Ticket) -> str:
    return f"/portal/tickets/{ticket.number}"


@router.get("/portal")
def my_requests(
    request: Request, session: DbSession, user: CurrentUser, status: str = "open", page: str = "1"
) -> Any:
    """The requests the customer asked for, newest activity first, filtered by open/closed/all."""
    if (redirect := staff_redirect(user)) is not None:
        return redirect
    status_key = status if status in STATUS_FILTERS else "open"
    page_request = PageRequest(page=optional_int(page) or 1, size=get_settings().tickets.page_size)
    tickets = access.list_tickets(
        session, user, TicketFilter(view="requested", status=STATUS_FILTERS[status_key]), page_request
    )
    return render(
        request,
        "portal/index.html",
        {"tickets": tickets, "status_key": status_key, "status_filters": STATUS_FILTER_LABELS},
    )


def _ticket_page(
    request: Request,
    session: Session,
    user: User,
    ticket: Ticket,
    *,
    reply: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    attachments = access.list_attachments(session, user, ticket)
    allowed = allowed_transitions(user, ticket)
    thread = access.list_messages(session, user, ticket)
    return render(
        request,
        "portal/ticket.html",
        {
            "ticket": ticket,
            "opening_is_message": carries_the_request(ticket, thread),
            "messages": thread,
            # Files sent with a reply are listed under that reply; these came with the request.
            "ticket_files": [a for a in attachments if a.message_id is None],
            "field_values": extension.read_fields(session, ticket, audience="customer"),
            "actions": [action for action in CUSTOMER_ACTIONS if action.offered(ticket, allowed)],
            "can_reply": ticket.status in OPEN_STATUSES or within_reopen_window(ticket),
            "reopen_window_days": get_settings().tickets.reopen_window_days,
            "reply": reply,
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/portal/tickets/{number}")
def show_request(request: Request, session: DbSession, user: CurrentUser, number: str) -> Any:
    if (redirect := staff_redirect(user, f"/agent/tickets/{number}")) is not None:
        return redirect
    ticket = access.access_ticket(session, user, number)
    target = access.merged_target(session, user, ticket)
    if target is not None:
        return RedirectResponse(ticket_url(target), status_code=303)
    return _ticket_page(request, session, user, ticket)


@router.post("/portal/tickets/{number}/reply", dependencies=[CsrfChecked])
def reply(request: Request, session: DbSession, user: CurrentUser, number: str, form: Posted) -> Any:
    """Add the customer's reply (a resolved request within the reopen window reopens)."""
    if (redirect := staff_redirect(user, f"/agent/tickets/{number}")) is not None:
        return redirect
    ticket = access.access_ticket(session, user, number)
    body = text(form, "body")
    try:
        add_message(
            session, user, ticket, body=body, channel=Channel.PORTAL, attachments=uploaded_files(form)
        )
    except (ValidationFailed, Conflict) as exc:
        session.rollback()
        return _ticket_page(
            request, session, user, ticket, reply=body, errors=error_map(exc, "body"), status_code=422
        )
    response = RedirectResponse(f"{ticket_url(ticket)}#conversation-end", status_code=303)
    flash(response, gettext(N_("Your reply has been sent.")))
    return response


@router.post("/portal/tickets/{number}/{action}", dependencies=[CsrfChecked])
def change_status(session: DbSession, user: CurrentUser, number: str, action: str) -> RedirectResponse:
    """Confirm the resolution, reopen or cancel; a refused change is explained on the request page."""
    if (redirect := staff_redirect(user, f"/agent/tickets/{number}")) is not None:
        return redirect
    chosen = ACTIONS_BY_ROUTE.get(action)
    if chosen is None:
        raise NotFound()
    ticket = access.access_ticket(session, user, number)
    response = RedirectResponse(ticket_url(ticket), status_code=303)
    if not chosen.offered(ticket, allowed_transitions(user, ticket)):
        flash(response, gettext(N_("This action is no longer possible for this request.")), "danger")
        return response
    transition(session, user, ticket, chosen.to, reason=f"customer_{chosen.route}")
    flash(response, gettext(chosen.done))
    return response


@router.get("/portal/tickets/{number}/attachments/{attachment_id}")
def download(session: DbSession, user: CurrentUser, number: str, attachment_id: int) -> FileResponse:
    """A file of the request, always as a download (never rendered inline by the browser)."""
    ticket = access.access_ticket(session, user, number)
    attachment = access.access_attachment(session, user, attachment_id)
    if attachment.ticket_id != ticket.id:
        raise NotFound(N_("This file does not exist or you cannot see it."))
    return attachment_response(attachment)
