"""The ticket page of the agent workspace: ``/agent/tickets/{number}``.

Everything on it is read through the access gates of the tickets and users domains. The actions
(:mod:`.ticket_actions`) post to their own URLs and, when a service refuses, show this same page again
through :func:`render_detail` with the message beside the field and what was typed kept.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.enums import LinkKind, Priority
from ticketwise.tickets.messages import carries_the_request
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import LinkOut
from ticketwise.tickets.transitions import allowed_transitions
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import extension
from ticketwise.users import access as user_access
from ticketwise.users.models import User
from ticketwise.web.agent.forms import category_choices
from ticketwise.web.agent.history import Names, describe_events
from ticketwise.web.deps import DbSession, StaffUser
from ticketwise.web.flash import flash
from ticketwise.web.templating import render

router = APIRouter()

Tab = Literal["conversation", "history"]
LINK_KINDS = [kind for kind in LinkKind if kind is not LinkKind.MERGED_INTO]


def ticket_url(ticket: Ticket, tab: Tab = "conversation") -> str:
    return f"/agent/tickets/{ticket.number}" + ("?tab=history" if tab == "history" else "")


def merged_redirect(session: Session, user: User, ticket: Ticket) -> RedirectResponse | None:
    """A 303 to the ticket a merged ticket now lives in, with a flash saying so; ``None`` otherwise."""
    target = ticket_access.merged_target(session, user, ticket)
    if target is None:
        return None
    response = RedirectResponse(ticket_url(target), status_code=303)
    message = gettext(N_("Ticket %(source)s was merged into %(target)s."))
    flash(response, message % {"source": ticket.number, "target": target.number}, "info")
    return response


def _category_choices(session: Session, user: User, ticket: Ticket) -> list[tuple[int, str]]:
    choices = category_choices(session, user, ticket.type)
    # The ticket's own category stays selectable even if it was deactivated since.
    if ticket.category is not None and all(category_id != ticket.category_id for category_id, _ in choices):
        choices.insert(0, (ticket.category.id, ticket.category.name))
    return choices


def properties_of(ticket: Ticket) -> dict[str, str]:
    """The sidebar form's values for the ticket as stored."""
    return {
        "priority": ticket.priority.value,
        "assignee_id": str(ticket.assignee_id or ""),
        "team_id": str(ticket.team_id or ""),
        "category_id": str(ticket.category_id or ""),
        "tags": ", ".join(ticket.tags),
    }


def detail_context(
    session: Session,
    user: User,
    ticket: Ticket,
    *,
    tab: Tab = "conversation",
    errors: dict[str, str] | None = None,
    posted: dict[str, Any] | None = None,
    field_values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the ticket page shows. ``posted`` overrides the inputs of the form that failed
    (``reply``, ``properties``, ``status``, ``link``, ``merge``); ``field_values`` the type fields."""
    staff = user_access.list_staff(session, user)
    teams = user_access.list_teams(session, user)
    categories = _category_choices(session, user, ticket)
    watchers = ticket_access.list_watchers(session, user, ticket)
    events = ticket_access.list_events(session, user, ticket)
    # Inactive people no longer appear in the staff list but may still be named in the history.
    user_names = {watcher.user.id: watcher.user.name for watcher in watchers}
    if ticket.assignee is not None:
        user_names[ticket.assignee.id] = ticket.assignee.name
    user_names.update((member.id, member.name) for member in staff)
    all_types = types_access.list_types_for(session, user)
    names = Names(
        users=user_names,
        teams={team.id: team.name for team in teams},
        categories=dict(categories),
        types={t.slug: t.name for t in all_types},
    )
    attachments = ticket_access.list_attachments(session, user, ticket)
    thread = ticket_access.list_messages(session, user, ticket)
    return {
        "ticket": ticket,
        "opening_is_message": carries_the_request(ticket, thread),
        "type_choices": [t for t in all_types if t.is_active or t.id == ticket.type_id],
        "tab": tab,
        "errors": errors or {},
        "posted": posted or {},
        "properties": {**properties_of(ticket), **(posted or {}).get("properties", {})},
        "messages": thread,
        "history": describe_events(events, ticket.type, names),
        "links": [
            LinkOut.of(link, seen_from=ticket) for link in ticket_access.list_links(session, user, ticket)
        ],
        "link_kinds": LINK_KINDS,
        "watchers": watchers,
        "watching": any(watcher.user_id == user.id for watcher in watchers),
        "ticket_attachments": [a for a in attachments if a.message_id is None],
        "transitions": allowed_transitions(user, ticket),
        "priorities": list(Priority),
        "staff": staff,
        "staff_choices": [(member.id, member.name) for member in staff],
        "user_names": names.users,
        "teams": teams,
        "categories": categories,
        "field_values": field_values
        if field_values is not None
        else extension.read_fields(session, ticket, audience="agent"),
    }


def render_detail(
    request: Request,
    session: Session,
    user: User,
    ticket: Ticket,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    return render(
        request,
        "agent/ticket.html",
        detail_context(session, user, ticket, **context),
        status_code=status_code,
    )


@router.get("/agent/tickets/{number}", response_class=HTMLResponse)
def ticket_page(
    request: Request, session: DbSession, user: StaffUser, number: str, tab: str = ""
) -> Response:
    ticket = ticket_access.access_ticket(session, user, number)
    redirect = merged_redirect(session, user, ticket)
    if redirect is not None:
        return redirect
    return render_detail(
        request, session, user, ticket, tab="history" if tab == "history" else "conversation"
    )
