"""The ticket page's mail delivery panel: ``GET /agent/tickets/{id}/panels/delivery`` (htmx, into
``#panel-delivery``).

Lists the mail sent about the ticket with its state; a failed message is red with the error and a
"Send again" button (``POST .../panels/delivery/{email id}/resend``, answered with the panel). Nothing
is shown for a ticket without outbound mail, so the panel takes no room on most tickets. The ticket
is read through the tickets access gate, the mail through the notifications domain's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, NotFound
from ticketwise.notifications import access as mail_access
from ticketwise.notifications.mail.resend import resend_email
from ticketwise.notifications.smtp_settings import active_config
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import User
from ticketwise.web.deps import CsrfChecked, DbSession, StaffUser
from ticketwise.web.templating import render

router = APIRouter()

# Ids beyond PostgreSQL's 32-bit integers cannot exist and must not reach the database.
ObjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _panel(
    request: Request, session: Session, user: User, ticket: Ticket, error: str | None = None
) -> HTMLResponse:
    mails = mail_access.list_ticket_mail(session, user, ticket)
    return render(
        request,
        "notifications/delivery_panel.html",
        {
            "ticket": ticket,
            "recent": mails,
            "failed": sum(1 for mail in mails if mail.status.value == "failed"),
            "mail_enabled": active_config(session) is not None,
            "resend": True,
            "error": error,
        },
    )


@router.get("/agent/tickets/{ticket_id}/panels/delivery", response_class=HTMLResponse)
def delivery_panel(
    request: Request, session: DbSession, user: StaffUser, ticket_id: ObjectId
) -> HTMLResponse:
    return _panel(request, session, user, ticket_access.access_ticket(session, user, ticket_id))


@router.post(
    "/agent/tickets/{ticket_id}/panels/delivery/{email_id}/resend",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
)
def resend(
    request: Request, session: DbSession, user: StaffUser, ticket_id: ObjectId, email_id: ObjectId
) -> HTMLResponse:
    """Queue a failed e-mail again and answer with the refreshed panel (htmx swaps it in)."""
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    try:
        with session.begin_nested():
            resend_email(session, user, ticket, email_id)
    except (Conflict, NotFound) as error:
        return _panel(request, session, user, ticket, error.translated())
    return _panel(request, session, user, ticket)
