"""Resolve who sent a request, once, before any route runs.

A pure ASGI middleware reads the session cookie (web) or ``Authorization: Bearer`` (API), loads the
user in a worker thread and leaves it on ``request.state.user`` (detached from any session). It also
sets the request's language, so everything downstream (templates, problem+json, dates) runs in it:
the user's own setting first, then the ``tw_lang`` cookie, then ``Accept-Language``, then the site
default.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from ticketwise.config import get_settings
from ticketwise.core import i18n
from ticketwise.core.uow import unit_of_work
from ticketwise.users import auth, tokens
from ticketwise.users.models import User

SESSION_COOKIE = "tw_session"
LANG_COOKIE = "tw_lang"


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie header means "no cookies", not a 500
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def _bearer(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization", "")
    scheme, _, credentials = value.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return None


def _resolve(session_token: str | None, bearer: str | None) -> tuple[User | None, str | None, str]:
    """(user, how they authenticated, token scopes); reads only, except a once-a-minute use stamp."""
    if bearer:
        with unit_of_work(write=False) as session:
            token = tokens.find_api_token(session, bearer)
            if token is None:
                return None, "invalid-token", ""
            user, scopes, token_id, stale = token.user, token.scopes, token.id, tokens.use_is_stale(token)
            _ = user.team_ids  # load while attached: used by access gates later
        if stale:
            # A separate short write, so ordinary API reads never take the write lock.
            with unit_of_work() as session:
                tokens.record_api_token_use(session, token_id)
        return user, "token", scopes
    if session_token:
        with unit_of_work(write=False) as session:
            user = auth.resolve_session(session, session_token)
            if user is not None:
                _ = user.team_ids
            return user, ("session" if user else None), ""
    return None, None, ""


class PrincipalMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        cookies = _cookies(headers)
        path: str = scope.get("path", "")
        user: User | None = None
        method: str | None = None
        scopes = ""
        if not path.startswith("/static/"):
            session_token = cookies.get(SESSION_COOKIE) if not path.startswith("/api/") else None
            user, method, scopes = await anyio.to_thread.run_sync(_resolve, session_token, _bearer(headers))
        state: dict[str, Any] = scope.setdefault("state", {})
        state["user"] = user
        state["auth_method"] = method
        state["token_scopes"] = scopes
        state["session_token"] = cookies.get(SESSION_COOKIE)
        state["cookies"] = cookies
        locale = (
            i18n.normalize(user.locale if user else None)
            or i18n.normalize(cookies.get(LANG_COOKIE))
            or i18n.negotiate(headers.get("accept-language"), get_settings().default_locale)
        )
        state["locale"] = locale
        with i18n.use_locale(locale):
            await self.app(scope, receive, send)
