"""/api/v1/me/tokens: the caller's own API tokens. The secret is shown once, at creation."""

from __future__ import annotations

from fastapi import APIRouter

from ticketwise.api.deps import ApiSession, ApiUser, ObjectId
from ticketwise.api.errors import problem_responses
from ticketwise.users import tokens
from ticketwise.users.schemas import ApiTokenCreated, ApiTokenIn, ApiTokenOut

router = APIRouter(prefix="/me/tokens", tags=["API tokens"])


@router.get("", response_model=list[ApiTokenOut], summary="List your API tokens")
def list_tokens(session: ApiSession, user: ApiUser) -> list[ApiTokenOut]:
    """Newest first, revoked ones included; never the secrets."""
    return [ApiTokenOut.model_validate(token) for token in tokens.list_api_tokens(session, user, user)]


@router.post(
    "",
    status_code=201,
    response_model=ApiTokenCreated,
    summary="Create an API token",
    responses=problem_responses(403, 422),
)
def create_token(data: ApiTokenIn, session: ApiSession, user: ApiUser) -> ApiTokenCreated:
    """``token`` in the answer is the only copy of the secret: store it now. ``scopes``: ``read``,
    ``write`` or both (a read-only token gets 403 on every change)."""
    token, plaintext = tokens.create_api_token(session, user, data.name, data.scopes)
    return ApiTokenCreated.model_validate(
        {**ApiTokenOut.model_validate(token).model_dump(), "token": plaintext}
    )


@router.delete(
    "/{token_id}",
    status_code=204,
    response_model=None,
    summary="Revoke an API token",
    responses=problem_responses(403, 404),
)
def revoke_token(token_id: ObjectId, session: ApiSession, user: ApiUser) -> None:
    """The token stops working at once; revoking twice is harmless. Administrators may revoke
    anyone's token."""
    tokens.revoke_api_token(session, user, token_id)
