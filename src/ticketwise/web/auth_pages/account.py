"""The account page: profile (name, language, time zone), availability (staff), password change and
API tokens.

Changing the password signs out every other browser of the account. A new API token's plaintext is
shown on the response that creates it and never again.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.security import MIN_PASSWORD_LENGTH
from ticketwise.users import service as user_service
from ticketwise.users import tokens
from ticketwise.users.models import Availability, User
from ticketwise.web.auth_pages.sessions import PASSWORDS_DIFFER
from ticketwise.web.deps import CsrfChecked, CurrentUser, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import error_map
from ticketwise.web.templating import render

router = APIRouter()

AVAILABILITY_LABELS = {
    Availability.ONLINE: N_("Online"),
    Availability.AWAY: N_("Away"),
    Availability.OFFLINE: N_("Offline"),
}


@cache
def timezone_choices() -> tuple[str, ...]:
    """IANA zones people pick from: region/city names plus UTC, sorted."""
    zones = {z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))}
    return ("UTC", *sorted(zones))


def _account_page(
    request: Request,
    session: Session,
    user: User,
    *,
    profile: dict[str, str] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    new_token: str | None = None,
    token_name: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    """The account page; ``errors`` is keyed by section ("profile", "password", "tokens")."""
    return render(
        request,
        "auth/account.html",
        {
            "account": user,
            "profile": profile or {"name": user.name, "locale": user.locale or "", "timezone": user.timezone},
            "errors": errors or {},
            "timezones": timezone_choices(),
            "api_tokens": tokens.list_api_tokens(session, user, user),
            "scopes": tokens.API_TOKEN_SCOPES,
            "new_token": new_token,
            "token_name": token_name,
            "min_length": MIN_PASSWORD_LENGTH,
            "availability_choices": [(a.value, gettext(label)) for a, label in AVAILABILITY_LABELS.items()],
        },
        status_code=status_code,
    )


@router.get("/account")
def account(request: Request, session: DbSession, user: CurrentUser) -> HTMLResponse:
    return _account_page(request, session, user)


@router.post("/account/profile", dependencies=[CsrfChecked])
def update_profile(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    name: Annotated[str, Form()] = "",
    locale: Annotated[str, Form()] = "",
    timezone: Annotated[str, Form()] = "",
) -> Any:
    """Save name, language ("" follows the browser) and time zone."""
    try:
        user_service.update_user(session, user, user, name=name, locale=locale, timezone=timezone)
    except ValidationFailed as exc:
        session.rollback()
        profile = {"name": name, "locale": locale, "timezone": timezone}
        return _account_page(
            request, session, user, profile=profile, errors={"profile": error_map(exc)}, status_code=422
        )
    response = RedirectResponse("/account", status_code=303)
    flash(response, gettext(N_("Your profile has been saved.")))
    return response


@router.post("/account/availability", dependencies=[CsrfChecked])
def update_availability(
    request: Request, session: DbSession, user: CurrentUser, availability: Annotated[str, Form()] = ""
) -> Any:
    """A staff member says whether they are online, away or offline (automatic assignment reads it)."""
    try:
        if not user.is_staff:
            raise ValidationFailed(N_("Only staff members can do this."), field="availability")
        user_service.update_user(session, user, user, availability=availability or "?")
    except ValidationFailed as exc:
        session.rollback()
        return _account_page(request, session, user, errors={"profile": error_map(exc)}, status_code=422)
    response = RedirectResponse("/account#availability", status_code=303)
    flash(response, gettext(N_("Your availability has been saved.")))
    return response


@router.post("/account/password", dependencies=[CsrfChecked])
def change_password(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    old_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_confirm: Annotated[str, Form()] = "",
) -> Any:
    """Change the own password; every other browser signed in to the account is signed out."""
    try:
        if new_password != new_password_confirm:
            raise ValidationFailed(PASSWORDS_DIFFER, field="new_password_confirm")
        user_service.change_password(
            session,
            user,
            old_password,
            new_password,
            keep_session_token=getattr(request.state, "session_token", None),
        )
    except ValidationFailed as exc:
        session.rollback()
        return _account_page(request, session, user, errors={"password": error_map(exc)}, status_code=422)
    response = RedirectResponse("/account", status_code=303)
    flash(response, gettext(N_("Your password has been changed. Other devices have been signed out.")))
    return response


@router.post("/account/tokens", dependencies=[CsrfChecked])
def create_token(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    name: Annotated[str, Form()] = "",
    scopes: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    """Create an API token and show its plaintext on this response only (it is never shown again)."""
    try:
        _token, plaintext = tokens.create_api_token(session, user, name, " ".join(scopes or []))
    except ValidationFailed as exc:
        session.rollback()
        return _account_page(
            request, session, user, errors={"tokens": error_map(exc)}, token_name=name, status_code=422
        )
    return _account_page(request, session, user, new_token=plaintext)


@router.post("/account/tokens/{token_id}/revoke", dependencies=[CsrfChecked])
def revoke_token(session: DbSession, user: CurrentUser, token_id: int) -> RedirectResponse:
    tokens.revoke_api_token(session, user, token_id)
    response = RedirectResponse("/account#api-tokens", status_code=303)
    flash(response, gettext(N_("The API token has been revoked.")))
    return response
