"""Inbound webhooks: ``POST /api/v1/webhooks/{slug}``, authenticated by the HMAC signature of the
source (no API token). The route only hands the raw body to :mod:`ticketwise.intake.webhooks.receive`,
which stores it before processing (DESIGN §3.9) and owns its transactions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field

from ticketwise.api.errors import problem_responses
from ticketwise.config import get_settings
from ticketwise.core import ratelimit
from ticketwise.core.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER
from ticketwise.http.deps import client_ip
from ticketwise.intake.webhooks import receive

router = APIRouter(tags=["webhooks"])

_STATUS = {"created": 201, "quarantined": 202}

# Documents how this operation is authenticated (instead of a bearer token); checked by the service.
signature_scheme = APIKeyHeader(
    name=SIGNATURE_HEADER,
    scheme_name="WebhookSignature",
    auto_error=False,
    description="`sha256=<hex>`: HMAC-SHA256 of `<X-Ticketwise-Timestamp>.<raw body>` with the source's secret.",
)


class WebhookTicket(BaseModel):
    id: int
    number: str
    status: str
    external_ref: str | None


class WebhookAnswer(BaseModel):
    """What became of the event."""

    outcome: Literal["created", "updated", "appended", "unchanged", "quarantined"]
    ticket: WebhookTicket | None = Field(None, description="The ticket concerned (none when quarantined).")
    reason: str | None = Field(None, description="Why the event was quarantined, in the request's language.")
    delivery_id: int = Field(description="Our id of the stored delivery, to quote when asking about it.")


@router.post(
    "/webhooks/{slug}",
    response_model=WebhookAnswer,
    summary="Receive a webhook event from a configured source",
    responses={
        201: {"description": "A ticket was created", "model": WebhookAnswer},
        202: {"description": "Stored but quarantined: `reason` says why", "model": WebhookAnswer},
        **problem_responses(401, 404, 422, 429),
    },
)
async def receive_webhook(
    request: Request,
    slug: Annotated[str, Path(max_length=60, pattern=r"^[a-z0-9][a-z0-9-]*$")],
    timestamp: Annotated[str | None, Header(alias=TIMESTAMP_HEADER, max_length=20)] = None,
    signature: Annotated[str | None, Depends(signature_scheme)] = None,
) -> Any:
    """Sign ``"<timestamp>.<raw body>"`` with HMAC-SHA256 and the source's secret; send
    ``X-Ticketwise-Timestamp`` (Unix seconds) and ``X-Ticketwise-Signature: sha256=<hex>``.
    The first event of an external reference creates a ticket (201); repeats update it (200); an
    event that cannot be mapped is kept and quarantined (202). Too many events from one address for
    one source get 429 (``security.webhook_rate_limit``) before anything is stored."""
    ratelimit.hit(get_settings().security.webhook_rate_limit, "webhook", slug, client_ip(request))
    body = await request.body()
    result = await run_in_threadpool(
        receive.receive,
        slug,
        body,
        timestamp=timestamp,
        signature=signature,
        content_type=request.headers.get("content-type", ""),
    )
    answer = WebhookAnswer(
        outcome=result.outcome, ticket=result.ticket, reason=result.reason, delivery_id=result.delivery_id
    )
    return JSONResponse(answer.model_dump(mode="json"), status_code=_STATUS.get(result.outcome, 200))
