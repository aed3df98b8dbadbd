"""The REST API under /api/v1 (one router per resource family) and the operations endpoints."""

from fastapi import APIRouter
from fastapi.routing import APIRoute

from ticketwise.api import (
    ai_decisions,
    assist,
    inbound,
    notifications,
    ops,
    people,
    similar,
    sla,
    ticket_attachments,
    ticket_types,
    tickets,
    tokens,
    webhooks,
)
from ticketwise.api.errors import problem_responses


def _operation_id(route: APIRoute) -> str:
    # The route function's name (e.g. ``create_ticket``): readable method names in generated clients.
    return route.name


# Every API route can answer 401 (no valid token) and 429 (rate limit); routes document the rest.
api_router = APIRouter(
    prefix="/api/v1", responses=problem_responses(401, 429), generate_unique_id_function=_operation_id
)
api_router.include_router(tickets.router)
api_router.include_router(ticket_attachments.router)
api_router.include_router(ticket_types.router)
api_router.include_router(people.router)
api_router.include_router(tokens.router)
api_router.include_router(inbound.router)
api_router.include_router(webhooks.router)
api_router.include_router(sla.router)
api_router.include_router(notifications.router)
api_router.include_router(ai_decisions.router)
api_router.include_router(similar.router)
api_router.include_router(assist.router)

ops_router = ops.router
