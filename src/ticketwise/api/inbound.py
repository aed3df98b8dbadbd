"""/api/v1/inbound/email: an MTA pipe (or ``ticketwise mailgate``) posts one raw message here.

The message is stored before anything else and then runs through the intake pipeline in the
request's transaction. Any token of a staff member with the ``write`` (or ``inbound``) scope may
post. Answers: 201 when a ticket was created, 202 when the message was stored but quarantined, 200
for everything else (reply appended, bounce, auto-reply, duplicate, ignored). A 5xx means nothing
was accepted and the sender should retry.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from starlette.exceptions import HTTPException

from ticketwise.api.deps import ApiSession, bearer_scheme
from ticketwise.api.errors import problem_responses
from ticketwise.config import get_settings
from ticketwise.core import ratelimit
from ticketwise.core.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.http.deps import attach_user
from ticketwise.intake.models import Outcome
from ticketwise.intake.pipeline import receive_email
from ticketwise.intake.pipeline.store import MAX_RAW_BYTES
from ticketwise.intake.schemas import InboundEmailOut
from ticketwise.tickets import access
from ticketwise.users.models import User
from ticketwise.users.permissions import require_staff

router = APIRouter(tags=["inbound"])

ACCEPTED_TYPES = ("message/rfc822", "application/octet-stream", "text/plain")
INBOUND_SCOPES = frozenset({"write", "inbound"})
_STATUS = {Outcome.CREATED: 201, Outcome.QUARANTINED: 202}


def inbound_user(
    request: Request,
    session: ApiSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> User:
    """A staff member's token with the ``write`` or ``inbound`` scope (401, 403, 429 otherwise)."""
    user = attach_user(request, session)
    if user is None or not user.is_active or credentials is None:
        raise NotAuthenticated(N_("Send a valid API token as 'Authorization: Bearer <token>'."))
    ratelimit.hit(get_settings().security.api_rate_limit, "api", str(user.id))
    if not INBOUND_SCOPES & set(getattr(request.state, "token_scopes", "").split()):
        raise PermissionDenied(N_("This API token may not post inbound mail."))
    return require_staff(user)


async def raw_message(request: Request) -> bytes:
    """The request body, refused with 415 for another media type and 413 past the size limit
    (checked on Content-Length first, then while reading, so an oversized body is never held)."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in ACCEPTED_TYPES:
        raise HTTPException(
            415,
            gettext(N_("Send the message as %(types)s.")) % {"types": ", ".join(ACCEPTED_TYPES)},
        )
    too_large = HTTPException(
        413,
        gettext(N_("The message is larger than the limit of %(limit)s MB."))
        % {"limit": MAX_RAW_BYTES // (1024 * 1024)},
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_RAW_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_RAW_BYTES:
            raise too_large
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise ValidationFailed(N_("The message is empty."), field="body")
    return body


@router.post(
    "/inbound/email",
    status_code=200,
    response_model=InboundEmailOut,
    summary="Receive one e-mail (raw RFC 822)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The whole message, headers and body, exactly as received.",
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}} for media in ACCEPTED_TYPES
            },
        }
    },
    responses={
        201: {"model": InboundEmailOut, "description": "A new ticket was created"},
        202: {"model": InboundEmailOut, "description": "Stored, but quarantined for an administrator"},
        **problem_responses(403, 413, 415, 422),
    },
)
def post_inbound_email(
    response: Response,
    session: ApiSession,
    user: Annotated[User, Depends(inbound_user)],
    raw: Annotated[bytes, Depends(raw_message)],
) -> InboundEmailOut:
    """Store the message, then create a ticket or append to one (see the intake pipeline). Posting
    the same message again answers ``duplicate`` with the first ticket."""
    result = receive_email(session, raw, source="api")
    ticket = None
    if result.ticket_id is not None:
        try:
            ticket = access.access_ticket(session, user, result.ticket_id)
        except NotFound:
            # The message is in; a token that may not see the ticket just is not shown it.
            ticket = None
    response.status_code = _STATUS.get(result.outcome, 200)
    return InboundEmailOut.of(result, ticket)
