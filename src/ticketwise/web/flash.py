"""One-shot messages shown on the next page ("Ticket created", ...), kept in a signed cookie."""

from __future__ import annotations

import json

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.responses import Response

from ticketwise.config import get_settings

COOKIE = "tw_flash"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().signing_key(), salt="flash")


def flash(response: Response, message: str, category: str = "success") -> None:
    """Attach an already-translated ``message`` to the response for the next page view."""
    response.set_cookie(
        COOKIE,
        _serializer().dumps(json.dumps([[category, message]])),
        httponly=True,
        samesite="lax",
        max_age=120,
    )


def peek(request: Request) -> list[tuple[str, str]]:
    """The pending messages; the caller deletes the cookie once they are shown."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        return [tuple(item) for item in json.loads(_serializer().loads(raw))]  # type: ignore[misc]
    except (BadSignature, ValueError, TypeError):
        return []
