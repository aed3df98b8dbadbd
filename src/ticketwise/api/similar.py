"""/api/v1 similar cases (staff only): solved tickets, later articles, like a given ticket."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ticketwise.ai.retrieval.schemas import SimilarHitOut
from ticketwise.ai.retrieval.service import MAX_LIMIT, similar_to_ticket
from ticketwise.api.deps import ApiSession, StaffUser
from ticketwise.api.errors import problem_responses
from ticketwise.api.ticket_refs import TicketRef, ticket_for

router = APIRouter(tags=["ai"])


@router.get(
    "/tickets/{ticket}/similar",
    response_model=list[SimilarHitOut],
    summary="Similar solved tickets (staff)",
    responses=problem_responses(403, 404, 422),
)
def similar_tickets(
    ref: TicketRef,
    session: ApiSession,
    user: StaffUser,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most results to return.")] = 5,
) -> list[SimilarHitOut]:
    """Resolved and closed tickets most like this one, best first, each with a score from 0 to 1 and
    the reply that solved it. The ticket itself, merged and reopened tickets, and anything the token's
    user may not open are never listed; weak matches (below 0.15) are left out."""
    ticket = ticket_for(session, user, ref)
    return [SimilarHitOut.of(hit) for hit in similar_to_ticket(session, ticket, limit=limit, viewer=user)]
