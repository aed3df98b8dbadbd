"""The ticket page's duplicates panel: ``GET /agent/tickets/{id}/panels/duplicates`` (htmx, into
``#panel-duplicates``), and its Merge / Link / Dismiss buttons (plain CSRF-checked posts answered
with a redirect back to the ticket and a flash message).

It shows "Possible duplicate of TW-… (87%)" for each open suggestion, and what intake filled in by
itself (fields found in the text with the matched text, triage rules, language). Nothing is shown
when there is neither, so the panel takes no room on most tickets.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ticketwise.core.errors import Conflict, NotFound, PermissionDenied
from ticketwise.core.i18n import N_, gettext
from ticketwise.intake.duplicates import access as duplicate_access
from ticketwise.intake.duplicates import review
from ticketwise.tickets import access as ticket_access
from ticketwise.web.agent.ticket_detail import ticket_url
from ticketwise.web.deps import CsrfChecked, DbSession, StaffUser
from ticketwise.web.flash import flash
from ticketwise.web.templating import render

router = APIRouter()

# Ids beyond PostgreSQL's 32-bit integers cannot exist and must not reach the database.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]

_ACTIONS = {
    "merge": (review.merge_suggestion, N_("The tickets were merged.")),
    "link": (review.link_suggestion, N_("The tickets were linked as duplicates.")),
    "dismiss": (review.dismiss_suggestion, N_("The suggestion was dismissed.")),
}


@router.get("/agent/tickets/{ticket_id}/panels/duplicates", response_class=HTMLResponse)
def duplicates_panel(request: Request, session: DbSession, user: StaffUser, ticket_id: Id) -> HTMLResponse:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    return render(
        request,
        "agent/duplicates_panel.html",
        {
            "ticket": ticket,
            "suggestions": duplicate_access.list_suggestions(session, user, ticket),
            "filled": duplicate_access.completion_events(session, user, ticket),
        },
    )


@router.post("/agent/tickets/{ticket_id}/duplicates/{suggestion_id}/{action}", dependencies=[CsrfChecked])
def decide_suggestion(
    session: DbSession, user: StaffUser, ticket_id: Id, suggestion_id: Id, action: str
) -> RedirectResponse:
    if action not in _ACTIONS:
        raise NotFound()
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    decide, done = _ACTIONS[action]
    try:
        with session.begin_nested():
            decide(session, user, ticket, suggestion_id)
    except (Conflict, PermissionDenied) as error:
        response = RedirectResponse(ticket_url(ticket), status_code=303)
        flash(response, error.translated(), "danger")
        return response
    response = RedirectResponse(ticket_url(ticket), status_code=303)
    flash(response, gettext(done))
    return response
