"""The notification centre and the navbar bell for signed-in users.

* ``GET /notifications`` lists the user's notifications (newest first, ``?unread=1`` for unread only)
  with mark-read and mark-all-read;
* ``GET /notifications/bell`` is the tiny badge fragment the navbar polls every 20 s (htmx);
* ``GET /notifications/dropdown`` is the latest few, loaded when the bell opens;
* ``POST /notifications/{id}/open`` marks one read and goes to its ticket (a POST: GETs run in a
  read-only transaction, and reading is a change).

Every read and write goes through :mod:`ticketwise.notifications.inapp`, which only ever touches the
signed-in user's own notifications. The requester's confirm/reopen pages live in
:mod:`ticketwise.web.portal.mail_links` and are mounted with this router.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ticketwise.config import get_settings
from ticketwise.core.pagination import PageRequest
from ticketwise.notifications import inapp
from ticketwise.web.common import safe_next
from ticketwise.web.deps import CsrfChecked, CurrentUser, DbSession
from ticketwise.web.forms import Posted, text
from ticketwise.web.portal import mail_links
from ticketwise.web.templating import render

router = APIRouter(prefix="/notifications")

DROPDOWN_SIZE = 8
NotificationId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_class=HTMLResponse)
def notification_centre(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    unread: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    listing = inapp.list_notifications(
        session, user, PageRequest(page=page, size=get_settings().tickets.page_size), unread_only=unread
    )
    return render(
        request,
        "notifications/list.html",
        {"page": listing, "unread_only": unread, "unread_count": inapp.unread_count(session, user)},
    )


@router.get("/bell", response_class=HTMLResponse)
def bell_badge(request: Request, session: DbSession, user: CurrentUser) -> HTMLResponse:
    return render(request, "notifications/_bell.html", {"unread_count": inapp.unread_count(session, user)})


@router.get("/dropdown", response_class=HTMLResponse)
def bell_dropdown(request: Request, session: DbSession, user: CurrentUser) -> HTMLResponse:
    latest = inapp.list_notifications(session, user, PageRequest(page=1, size=DROPDOWN_SIZE))
    return render(
        request,
        "notifications/_dropdown.html",
        {"items": latest.items, "unread_count": inapp.unread_count(session, user)},
    )


def _ticket_url(user: Any, number: str) -> str:
    return f"/agent/tickets/{number}" if user.is_staff else f"/portal/tickets/{number}"


@router.post("/{notification_id}/open", dependencies=[CsrfChecked])
def open_notification(
    session: DbSession, user: CurrentUser, notification_id: NotificationId
) -> RedirectResponse:
    """Mark the notification read and go to its ticket (or back to the list when it has none)."""
    item = inapp.mark_read(session, user, notification_id)
    target = _ticket_url(user, item.ticket_number) if item.ticket_number else "/notifications"
    return RedirectResponse(target, status_code=303)


@router.post("/{notification_id}/read", dependencies=[CsrfChecked])
def mark_read(
    session: DbSession, user: CurrentUser, notification_id: NotificationId, posted: Posted
) -> RedirectResponse:
    inapp.mark_read(session, user, notification_id)
    return RedirectResponse(safe_next(text(posted, "next"), "/notifications"), status_code=303)


@router.post("/read-all", dependencies=[CsrfChecked])
def mark_all_read(session: DbSession, user: CurrentUser, posted: Posted) -> RedirectResponse:
    inapp.mark_all_read(session, user)
    return RedirectResponse(safe_next(text(posted, "next"), "/notifications"), status_code=303)


# The mail links have their own prefix (/t/...); they ride on this router so web/router.py mounts the
# notifications domain's pages with one line.
pages = APIRouter()
pages.include_router(router)
pages.include_router(mail_links.router)
