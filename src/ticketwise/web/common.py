"""The start page (routes each role to its home) and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from ticketwise.config import get_settings
from ticketwise.core import i18n
from ticketwise.http.principal import LANG_COOKIE
from ticketwise.users import service as user_service
from ticketwise.web.deps import CsrfChecked, DbSession, OptionalUser

router = APIRouter()


def safe_next(url: str | None, default: str = "/") -> str:
    """Only same-site relative paths are followed after a form (no open redirects)."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return default


@router.get("/")
def home(user: OptionalUser) -> RedirectResponse:
    if user is None:
        return RedirectResponse("/portal", status_code=303)
    return RedirectResponse("/agent/queue" if user.is_staff else "/portal", status_code=303)


@router.post("/language", dependencies=[CsrfChecked])
def switch_language(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    locale: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> RedirectResponse:
    chosen = i18n.normalize(locale) or get_settings().default_locale
    if user is not None:
        user_service.update_user(session, user, user, locale=chosen)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, chosen, max_age=60 * 60 * 24 * 365, samesite="lax", httponly=True)
    return response
