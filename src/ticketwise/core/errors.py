"""Domain errors, raised by services and access gates and rendered at the edge.

Each error carries an untranslated message id plus parameters; the API turns it into RFC 9457
problem+json and the web into a friendly page, both in the request's language. Message ids are marked
with :func:`ticketwise.core.i18n.N_` so Babel extracts them.
"""

from __future__ import annotations

from typing import Any

from ticketwise.core.i18n import N_, gettext


class TicketwiseError(Exception):
    status = 400
    code = "bad-request"
    title = N_("Bad request")

    def __init__(self, message: str | None = None, *, field: str | None = None, **params: Any):
        self.message = message or self.title
        self.field = field
        self.params = params
        super().__init__(self.message % params if params else self.message)

    def translated(self) -> str:
        text = gettext(self.message)
        return text % self.params if self.params else text

    def translated_title(self) -> str:
        return gettext(self.title)


class NotFound(TicketwiseError):
    status = 404
    code = "not-found"
    title = N_("Not found")


class PermissionDenied(TicketwiseError):
    status = 403
    code = "forbidden"
    title = N_("Permission denied")


class NotAuthenticated(TicketwiseError):
    status = 401
    code = "unauthenticated"
    title = N_("Sign-in required")


class ValidationFailed(TicketwiseError):
    status = 422
    code = "validation-failed"
    title = N_("Invalid input")


class Conflict(TicketwiseError):
    status = 409
    code = "conflict"
    title = N_("Conflict")


class RateLimited(TicketwiseError):
    status = 429
    code = "rate-limited"
    title = N_("Too many requests")
