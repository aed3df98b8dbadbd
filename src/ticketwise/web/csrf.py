"""CSRF protection for every unsafe web request (DESIGN §9): the double-submit cookie pattern.

A random token lives in the ``tw_csrf`` cookie (HttpOnly, SameSite=Lax). Forms carry it in a hidden
``csrf_token`` field and htmx sends it in ``X-CSRF-Token`` (set once on ``<body hx-headers>``). A
request is accepted only when the submitted token equals the cookie. starlette-csrf was considered; it
checks headers only, and plain HTML forms must work without JavaScript (see docs/decisions.md).
"""

from __future__ import annotations

import secrets

from fastapi import Request
from starlette.responses import Response

from ticketwise.config import get_settings
from ticketwise.core.errors import PermissionDenied
from ticketwise.core.i18n import N_
from ticketwise.core.security import constant_time_equal

COOKIE = "tw_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"


def token_for(request: Request) -> str:
    """The token for this browser: the cookie's, or a new one remembered for the response."""
    existing = getattr(request.state, "csrf_new", None) or request.cookies.get(COOKIE)
    if existing:
        return existing
    request.state.csrf_new = secrets.token_urlsafe(32)
    return request.state.csrf_new


def ensure_cookie(request: Request, response: Response) -> None:
    new = getattr(request.state, "csrf_new", None)
    if new:
        response.set_cookie(
            COOKIE,
            new,
            httponly=True,
            samesite="lax",
            secure=get_settings().security.secure_cookies,
            max_age=60 * 60 * 24 * 30,
        )


async def verify(request: Request) -> None:
    """FastAPI dependency for unsafe web routes; raises PermissionDenied on a missing or wrong token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = request.cookies.get(COOKIE)
    submitted = request.headers.get(HEADER)
    if not submitted:
        content_type = request.headers.get("content-type", "")
        if "form" in content_type:
            form = await request.form()
            value = form.get(FIELD)
            submitted = value if isinstance(value, str) else None
    if not expected or not submitted or not constant_time_equal(expected, submitted):
        raise PermissionDenied(
            N_("Your form has expired or came from another site. Please reload the page and try again.")
        )
