"""Confirm and reopen links from the resolution e-mail: ``/t/{token}/confirm`` and ``/t/{token}/reopen``.

No sign-in: the signed token is the proof (see :mod:`ticketwise.notifications.mail_links`). The GET
shows the question with one button, so a mail scanner that follows links changes nothing; the POST
(CSRF-checked) makes the change. Pages are in the language the mail was written in.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ticketwise.core.errors import TicketwiseError
from ticketwise.core.i18n import use_locale
from ticketwise.notifications import mail_links
from ticketwise.web.deps import CsrfChecked, DbSession
from ticketwise.web.templating import render

router = APIRouter()

Action = Literal["confirm", "reopen"]


def _locale(token: str) -> str | None:
    return mail_links.token_locale(token)


@router.get("/t/{token}/{action}", response_class=HTMLResponse)
def show_mail_link(request: Request, session: DbSession, token: str, action: Action) -> HTMLResponse:
    with use_locale(_locale(token)):
        try:
            link = mail_links.read_link(session, token)
        except TicketwiseError as error:
            return render(
                request, "notifications/mail_link.html", {"error": error.translated()}, status_code=404
            )
        return render(
            request,
            "notifications/mail_link.html",
            {
                "ticket": link.ticket,
                "action": action,
                "token": token,
                "waiting": link.ticket.status.value == "resolved",
            },
        )


@router.post("/t/{token}/{action}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def follow_mail_link(request: Request, session: DbSession, token: str, action: Action) -> HTMLResponse:
    with use_locale(_locale(token)):
        try:
            with session.begin_nested():
                ticket = mail_links.follow_link(session, token, action)
        except TicketwiseError as error:
            return render(
                request,
                "notifications/mail_link.html",
                {"error": error.translated()},
                status_code=error.status,
            )
        return render(
            request, "notifications/mail_link.html", {"ticket": ticket, "action": action, "done": True}
        )
