"""The ticket page's similar-cases panel: ``GET /agent/tickets/{id}/panels/similar`` (htmx, into
``#panel-similar``).

Solved tickets like this one with their match percentage, a link, the start of the problem and the
reply that solved it, and an "Insert into reply" button that appends that reply to the reply form.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from ticketwise.ai.retrieval.service import similar_to_ticket
from ticketwise.tickets import access as ticket_access
from ticketwise.web.deps import DbSession, StaffUser
from ticketwise.web.templating import render

router = APIRouter()

# Ids beyond PostgreSQL's 32-bit integers cannot exist and must not reach the database.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
PANEL_LIMIT = 5


@router.get("/agent/tickets/{ticket_id}/panels/similar", response_class=HTMLResponse)
def similar_panel(request: Request, session: DbSession, user: StaffUser, ticket_id: Id) -> HTMLResponse:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    hits = similar_to_ticket(session, ticket, limit=PANEL_LIMIT, viewer=user)
    return render(request, "agent/similar_panel.html", {"ticket": ticket, "hits": hits})
