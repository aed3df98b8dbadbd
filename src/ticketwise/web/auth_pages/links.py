"""Forgotten passwords and invitations: the one-time links of :mod:`ticketwise.users.tokens`.

The reset form answers the same way whether or not the address has an account. The link itself is
written to the log, since outbound mail does not exist yet. A used, unknown or expired link shows an
explanation (status 400) instead of the form.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.security import MIN_PASSWORD_LENGTH
from ticketwise.http.principal import SESSION_COOKIE
from ticketwise.users import service as user_service
from ticketwise.users import tokens
from ticketwise.users.models import LinkPurpose, User
from ticketwise.web.auth_pages.sessions import PASSWORDS_DIFFER, home_for, signed_in_redirect
from ticketwise.web.deps import CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import error_map
from ticketwise.web.templating import render

router = APIRouter()

RESET_REQUESTED = N_(
    "If an account exists for this address, we have sent it a link to choose a new password."
)


@router.get("/forgot-password")
def forgot_password_form(request: Request) -> HTMLResponse:
    return render(request, "auth/forgot_password.html", {"email": "", "sent": False})


@router.post("/forgot-password", dependencies=[CsrfChecked])
def forgot_password(request: Request, session: DbSession, email: Annotated[str, Form()] = "") -> HTMLResponse:
    """Always the same answer; the link is written to the log (there is no outbound mail yet)."""
    user_service.request_password_reset(session, email)
    return render(
        request,
        "auth/forgot_password.html",
        {"email": email, "sent": True, "message": gettext(RESET_REQUESTED)},
    )


def _set_password_page(
    request: Request,
    purpose: LinkPurpose,
    token: str,
    person: User | None,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    if person is None:
        return render(request, "auth/link_invalid.html", {"purpose": purpose.value}, status_code=400)
    return render(
        request,
        "auth/set_password.html",
        {
            "purpose": purpose.value,
            "action": f"/{'accept-invite' if purpose is LinkPurpose.INVITE else 'reset-password'}/{token}",
            "person": person,
            "errors": errors or {},
            "min_length": MIN_PASSWORD_LENGTH,
        },
        status_code=status_code,
    )


def _consume(
    request: Request, session: Session, purpose: LinkPurpose, token: str, password: str, password_confirm: str
) -> User | HTMLResponse:
    """The user whose password the link set, or the page to show instead (form errors, dead link)."""
    try:
        if password != password_confirm:
            raise ValidationFailed(PASSWORDS_DIFFER, field="password_confirm")
        return tokens.consume_link(session, token, purpose, password)
    except ValidationFailed as exc:
        session.rollback()
        person = tokens.peek_link(session, token, purpose)
        return _set_password_page(request, purpose, token, person, errors=error_map(exc), status_code=422)


@router.get("/reset-password/{token}")
def reset_password_form(request: Request, session: DbSession, token: str) -> HTMLResponse:
    person = tokens.peek_link(session, token, LinkPurpose.RESET)
    return _set_password_page(request, LinkPurpose.RESET, token, person)


@router.post("/reset-password/{token}", dependencies=[CsrfChecked])
def reset_password(
    request: Request,
    session: DbSession,
    token: str,
    password: Annotated[str, Form()] = "",
    password_confirm: Annotated[str, Form()] = "",
) -> Any:
    """Set a new password through a reset link; every session of the account ends, then sign in."""
    outcome = _consume(request, session, LinkPurpose.RESET, token, password, password_confirm)
    if isinstance(outcome, HTMLResponse):
        return outcome
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    flash(response, gettext(N_("Your password has been changed. Please sign in with it.")))
    return response


@router.get("/accept-invite/{token}")
def accept_invite_form(request: Request, session: DbSession, token: str) -> HTMLResponse:
    person = tokens.peek_link(session, token, LinkPurpose.INVITE)
    return _set_password_page(request, LinkPurpose.INVITE, token, person)


@router.post("/accept-invite/{token}", dependencies=[CsrfChecked])
def accept_invite(
    request: Request,
    session: DbSession,
    token: str,
    password: Annotated[str, Form()] = "",
    password_confirm: Annotated[str, Form()] = "",
) -> Any:
    """Choose a password for an invited account, which becomes active and is signed in."""
    outcome = _consume(request, session, LinkPurpose.INVITE, token, password, password_confirm)
    if isinstance(outcome, HTMLResponse):
        return outcome
    response = signed_in_redirect(request, session, outcome, home_for(outcome))
    flash(response, gettext(N_("Welcome, %(name)s! Your account is ready.")) % {"name": outcome.name})
    return response
