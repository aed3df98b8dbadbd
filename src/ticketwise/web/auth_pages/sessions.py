"""Signing in and out, and portal sign-up (DESIGN §9).

A failed sign-in says only that the address or password is wrong (status 401), so the page never
reveals who has an account. Attempts are limited per client address (status 429 beyond the limit).
Every successful sign-in starts a new server-side session; its token lives in the ``tw_session``
cookie (HttpOnly, SameSite=Lax, Secure when configured).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core import ratelimit
from ticketwise.core.errors import Conflict, NotAuthenticated, NotFound, RateLimited, ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.security import MIN_PASSWORD_LENGTH
from ticketwise.http.deps import client_ip
from ticketwise.http.principal import SESSION_COOKIE
from ticketwise.users import auth
from ticketwise.users import service as user_service
from ticketwise.users.models import Role, User
from ticketwise.web.common import safe_next
from ticketwise.web.deps import CsrfChecked, DbSession, OptionalUser
from ticketwise.web.flash import flash
from ticketwise.web.forms import error_map
from ticketwise.web.templating import render

router = APIRouter()

PASSWORDS_DIFFER = N_("The two passwords do not match.")


def home_for(user: User) -> str:
    return "/agent/queue" if user.is_staff else "/portal"


def signed_in_redirect(request: Request, session: Session, user: User, target: str) -> RedirectResponse:
    """Start a web session for ``user`` and answer with a redirect carrying its cookie.

    The browser's previous session, if any, ends: a sign-in never reuses a token (no fixation).
    """
    settings = get_settings()
    auth.end_session(session, getattr(request.state, "session_token", None))
    token = auth.start_session(
        session, user, ip=client_ip(request), user_agent=request.headers.get("user-agent", "")
    )
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.security.session_days * 24 * 60 * 60,
        httponly=True,
        samesite="lax",
        secure=settings.security.secure_cookies,
        path="/",
    )
    return response


# --- sign in / out ---------------------------------------------------------------------------------


def _login_page(
    request: Request,
    *,
    email: str = "",
    next_url: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "auth/login.html",
        {
            "email": email,
            "next": next_url,
            "errors": errors or {},
            "signup_enabled": get_settings().portal_signup_enabled,
        },
        status_code=status_code,
    )


@router.get("/login")
def login_form(request: Request, next: str = "") -> HTMLResponse:
    return _login_page(request, next_url=safe_next(next, ""))


@router.post("/login", dependencies=[CsrfChecked])
def login(
    request: Request,
    session: DbSession,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Any:
    """Sign in; attempts are limited per client address (429 beyond the limit, nothing checked)."""
    next_url = safe_next(next, "")
    try:
        ratelimit.hit(get_settings().security.login_rate_limit, "login", client_ip(request))
    except RateLimited as exc:
        return _login_page(request, email=email, next_url=next_url, errors=error_map(exc), status_code=429)
    try:
        user = auth.authenticate(session, email, password)
    except NotAuthenticated as exc:
        return _login_page(request, email=email, next_url=next_url, errors=error_map(exc), status_code=401)
    return signed_in_redirect(request, session, user, next_url or home_for(user))


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, session: DbSession) -> RedirectResponse:
    auth.end_session(session, getattr(request.state, "session_token", None))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    flash(response, gettext(N_("You have been signed out.")), "info")
    return response


# --- portal sign-up --------------------------------------------------------------------------------


def _require_signup_enabled() -> None:
    if not get_settings().portal_signup_enabled:
        raise NotFound(N_("Self-service sign-up is turned off on this site."))


@router.get("/signup")
def signup_form(request: Request, user: OptionalUser) -> Any:
    _require_signup_enabled()
    if user is not None:
        return RedirectResponse(home_for(user), status_code=303)
    return render(
        request, "auth/signup.html", {"values": {}, "errors": {}, "min_length": MIN_PASSWORD_LENGTH}
    )


@router.post("/signup", dependencies=[CsrfChecked])
def signup(
    request: Request,
    session: DbSession,
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    password_confirm: Annotated[str, Form()] = "",
) -> Any:
    """Create a customer account in the reader's language and sign it in."""
    _require_signup_enabled()
    values = {"name": name, "email": email}
    try:
        if password != password_confirm:
            raise ValidationFailed(PASSWORDS_DIFFER, field="password_confirm")
        user = user_service.create_user(
            session,
            email=email,
            name=name,
            role=Role.CUSTOMER,
            password=password,
            locale=getattr(request.state, "locale", None),
        )
    except (ValidationFailed, Conflict) as exc:
        session.rollback()
        return render(
            request,
            "auth/signup.html",
            {"values": values, "errors": error_map(exc), "min_length": MIN_PASSWORD_LENGTH},
            status_code=422,
        )
    response = signed_in_redirect(request, session, user, "/portal")
    flash(response, gettext(N_("Welcome, %(name)s! Your account is ready.")) % {"name": user.name})
    return response
