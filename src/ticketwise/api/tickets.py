"""/api/v1/tickets: create, list, read and change tickets, their conversation, history, links and files.

Every ticket is fetched through :func:`ticketwise.tickets.access.access_ticket`, so a customer's
token reaches only that customer's tickets: anything else is 404, for the ticket and for everything
under it. A path's ``{ticket}`` is the ticket's id or its number (``TW-20261126-0042``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StringConstraints
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ticketwise.ai.assist import guard as reply_guard
from ticketwise.ai.assist.thread import locale_language
from ticketwise.api.assist import guard_headers, reply_blocked
from ticketwise.api.deps import (
    MAX_ID,
    ApiSession,
    ApiUser,
    IdempotencyKey,
    PageParams,
    Search,
    StaffUser,
)
from ticketwise.api.errors import problem_responses
from ticketwise.api.ticket_refs import TicketRef, audience_of, ticket_for
from ticketwise.core import idempotency
from ticketwise.core.errors import Conflict
from ticketwise.core.i18n import N_, get_locale
from ticketwise.tickets import access, links, messages, service, transitions
from ticketwise.tickets.enums import Channel, Priority, Status
from ticketwise.tickets.schemas import (
    EventOut,
    LinkIn,
    LinkOut,
    MergeIn,
    MessageIn,
    MessageOut,
    Sort,
    TicketCreate,
    TicketFilter,
    TicketListOut,
    TicketOut,
    TicketPatch,
    TransitionIn,
    View,
    ticket_list_out,
    ticket_out,
)
from ticketwise.users.models import User

router = APIRouter(tags=["tickets"])


def _replay_or_run(
    session: Session,
    user: User,
    key: str | None,
    endpoint: str,
    body: BaseModel,
    status_code: int,
    run: Callable[[], BaseModel],
) -> BaseModel | JSONResponse:
    """Run ``run`` once per ``Idempotency-Key``: a repeated key with the same body gets the stored
    answer (same status and body, nothing done again); with another body ValidationFailed (422).

    The stored answer is written in the request's transaction, so it exists exactly when the effect
    does. Two simultaneous first uses of a key: the later one fails with Conflict (409) and leaves
    nothing behind.
    """
    if not key:
        return run()
    scope = f"user:{user.id}:{endpoint}"
    request_hash = idempotency.fingerprint(body.model_dump(mode="json"))
    earlier = idempotency.lookup(session, scope, key, request_hash)
    if earlier is not None:
        return JSONResponse(
            earlier.response, status_code=earlier.status_code, headers={"Idempotent-Replayed": "true"}
        )
    result = run()
    try:
        idempotency.remember(session, scope, key, request_hash, status_code, result.model_dump(mode="json"))
    except IntegrityError:
        raise Conflict(
            N_("Another request with this Idempotency-Key is still in progress. Retry it shortly."),
            field="Idempotency-Key",
        ) from None
    return result


@router.post(
    "/tickets",
    status_code=201,
    response_model=TicketOut,
    summary="Create a ticket",
    responses=problem_responses(403, 409, 422),
)
def create_ticket(
    data: TicketCreate, session: ApiSession, user: ApiUser, idempotency_key: IdempotencyKey = None
) -> Any:
    """Create a ticket of ``type`` with the type's ``fields``; channel ``api``.

    A customer's token always creates the ticket for that customer, whatever ``requester`` says;
    customers cannot set team, assignee or tags, nor a priority more urgent than the type's default.
    With ``Idempotency-Key``, repeating the request returns the first answer and creates nothing.
    """

    def run() -> TicketOut:
        ticket = service.create_ticket(session, user, data, channel=Channel.API)
        return ticket_out(session, ticket, audience=audience_of(user))

    return _replay_or_run(session, user, idempotency_key, "POST /tickets", data, 201, run)


@router.get(
    "/tickets",
    response_model=TicketListOut,
    summary="List tickets",
    responses=problem_responses(422),
)
def list_tickets(
    session: ApiSession,
    user: ApiUser,
    page: PageParams,
    view: Annotated[
        View, Query(description="Staff queues. Customers always get their own tickets, whatever the view.")
    ] = "all",
    status: Annotated[
        list[Status] | None,
        Query(description="Unset: open tickets in staff views, any status for customers."),
    ] = None,
    priority: Annotated[list[Priority] | None, Query()] = None,
    type: Annotated[
        list[Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z][a-z0-9_]*$")]] | None,
        Query(description="Ticket type slugs."),
    ] = None,
    team: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Id of the team.")] = None,
    assignee: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Id of the assigned staff member.")
    ] = None,
    q: Search = None,
    tag: Annotated[str | None, Query(max_length=60, pattern=r"^[^\x00]*$")] = None,
    sort: Sort = "updated_desc",
) -> TicketListOut:
    """One page of tickets the token's user may see, filtered; ``q`` matches a number, title or
    description."""
    filters = TicketFilter(
        view=view,
        status=status,
        priority=priority or [],
        type=type or [],
        team_id=team,
        assignee_id=assignee,
        q=q,
        tag=tag,
        sort=sort,
    )
    result = access.list_tickets(session, user, filters, page)
    return ticket_list_out(session, result, audience=audience_of(user))


@router.get(
    "/tickets/{ticket}", response_model=TicketOut, summary="Read a ticket", responses=problem_responses(404)
)
def read_ticket(ref: TicketRef, session: ApiSession, user: ApiUser) -> TicketOut:
    return ticket_out(session, ticket_for(session, user, ref), audience=audience_of(user))


@router.patch(
    "/tickets/{ticket}",
    response_model=TicketOut,
    summary="Change a ticket",
    responses=problem_responses(403, 404, 422),
)
def update_ticket(ref: TicketRef, data: TicketPatch, session: ApiSession, user: StaffUser) -> TicketOut:
    """Change the fields present in the body (staff only); ``null`` clears an optional field and
    ``fields`` changes only the type fields it names. Status changes go through /transitions."""
    ticket = service.update_ticket(session, user, ticket_for(session, user, ref), data)
    return ticket_out(session, ticket, audience=audience_of(user))


@router.get(
    "/tickets/{ticket}/messages",
    response_model=list[MessageOut],
    summary="Read a ticket's conversation",
    responses=problem_responses(404),
)
def list_messages(ref: TicketRef, session: ApiSession, user: ApiUser) -> list[MessageOut]:
    """Oldest first. Customers see public replies only, never internal notes."""
    ticket = ticket_for(session, user, ref)
    return [MessageOut.of(message) for message in access.list_messages(session, user, ticket)]


@router.post(
    "/tickets/{ticket}/messages",
    status_code=201,
    response_model=MessageOut,
    summary="Reply or add an internal note",
    responses=problem_responses(403, 404, 409, 422),
)
def add_message(
    ref: TicketRef,
    data: MessageIn,
    request: Request,
    response: Response,
    session: ApiSession,
    user: ApiUser,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """A public reply, or with ``internal: true`` a note only staff see (customers: 403). A
    customer's reply reopens a pending or recently resolved ticket. Honours ``Idempotency-Key``.

    A staff member's public reply passes the reply guard first (sensitive data, and tone when an AI
    provider is configured; see ``POST /assist/guard``). In the site's ``block`` mode a finding
    answers 422 problem+json (type ``.../reply-blocked``) listing them under ``findings`` with masked
    excerpts, and nothing is sent. In ``warn`` mode the reply is sent and the response carries
    ``Reply-Guard: warn`` and ``Reply-Guard-Findings`` (the kinds found, comma-separated, e.g.
    ``password,bank_card``). Internal notes and customers' messages are not checked."""
    ticket = ticket_for(session, user, ref)
    if user.is_staff and not data.internal:
        checked = reply_guard.check_reply(
            session, data.body, ticket=ticket, language=locale_language(get_locale())
        )
        if checked.blocks:
            return reply_blocked(request, checked)
        response.headers.update(guard_headers(checked))

    def run() -> MessageOut:
        message = messages.add_message(
            session, user, ticket, body=data.body, internal=data.internal, channel=Channel.API
        )
        return MessageOut.of(message)

    return _replay_or_run(
        session, user, idempotency_key, f"POST /tickets/{ticket.id}/messages", data, 201, run
    )


@router.get(
    "/tickets/{ticket}/events",
    response_model=list[EventOut],
    summary="Read a ticket's history (staff)",
    responses=problem_responses(403, 404),
)
def list_events(ref: TicketRef, session: ApiSession, user: ApiUser) -> list[EventOut]:
    """Every change, oldest first, with who made it."""
    ticket = ticket_for(session, user, ref)
    return [EventOut.of(event) for event in access.list_events(session, user, ticket)]


@router.get(
    "/tickets/{ticket}/transitions",
    response_model=list[Status],
    summary="Statuses the ticket can move to",
    responses=problem_responses(404),
)
def allowed_transitions(ref: TicketRef, session: ApiSession, user: ApiUser) -> list[Status]:
    """The statuses the token's user may move the ticket to now."""
    return transitions.allowed_transitions(user, ticket_for(session, user, ref))


@router.post(
    "/tickets/{ticket}/transitions",
    response_model=TicketOut,
    summary="Change a ticket's status",
    responses=problem_responses(403, 404, 409, 422),
)
def transition(ref: TicketRef, data: TransitionIn, session: ApiSession, user: ApiUser) -> TicketOut:
    """Move the ticket to ``to`` (409 when the status machine does not allow it from here)."""
    ticket = transitions.transition(
        session, user, ticket_for(session, user, ref), data.to, reason=data.reason
    )
    return ticket_out(session, ticket, audience=audience_of(user))


@router.get(
    "/tickets/{ticket}/links",
    response_model=list[LinkOut],
    summary="Read a ticket's links",
    responses=problem_responses(404),
)
def list_links(ref: TicketRef, session: ApiSession, user: ApiUser) -> list[LinkOut]:
    ticket = ticket_for(session, user, ref)
    return [LinkOut.of(link, seen_from=ticket) for link in access.list_links(session, user, ticket)]


@router.post(
    "/tickets/{ticket}/links",
    status_code=201,
    response_model=LinkOut,
    summary="Link two tickets (staff)",
    responses=problem_responses(403, 404, 409, 422),
)
def link_ticket(ref: TicketRef, data: LinkIn, session: ApiSession, user: StaffUser) -> LinkOut:
    """Link this ticket to ``target`` (id or number) as ``kind``; merging has its own endpoint."""
    ticket = ticket_for(session, user, ref)
    target = ticket_for(session, user, data.target)
    return LinkOut.of(links.link_tickets(session, user, ticket, target, data.kind), seen_from=ticket)


@router.post(
    "/tickets/{ticket}/merge",
    response_model=TicketOut,
    summary="Merge a ticket into another (staff)",
    responses=problem_responses(403, 404, 409, 422),
)
def merge_ticket(ref: TicketRef, data: MergeIn, session: ApiSession, user: StaffUser) -> TicketOut:
    """Merge this ticket into ``target`` and return ``target``; this one becomes ``merged``."""
    source = ticket_for(session, user, ref)
    target = links.merge_tickets(session, user, source, ticket_for(session, user, data.target))
    return ticket_out(session, target, audience=audience_of(user))
