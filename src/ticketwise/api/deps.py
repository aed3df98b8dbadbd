"""API dependencies: the transaction, the token's user (Bearer only), rate limits and token scopes.

The principal middleware has already resolved ``Authorization: Bearer`` into ``request.state.user``;
cookies are never looked at under ``/api/``, so a browser session cannot drive the API (no CSRF
surface). Every API route depends on :func:`api_user`, which counts one hit against the token
owner's rate limit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Header, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core import ratelimit
from ticketwise.core.errors import NotAuthenticated, PermissionDenied
from ticketwise.core.i18n import N_
from ticketwise.core.pagination import MAX_PAGE_SIZE, Page, PageRequest
from ticketwise.http.deps import SAFE_METHODS, attach_user, db_session
from ticketwise.users import permissions
from ticketwise.users.models import User

# Documents the scheme in OpenAPI; the middleware does the actual resolution.
bearer_scheme = HTTPBearer(
    auto_error=False, description="An API token (`tw_...`) from POST /api/v1/me/tokens."
)

ApiSession = Annotated[Session, Depends(db_session)]


def api_user(
    request: Request,
    session: ApiSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> User:
    """The active user behind the request's API token, attached to the request's session.

    Raises NotAuthenticated (401, ``WWW-Authenticate: Bearer``) when the token is missing, unknown,
    revoked or its user inactive; RateLimited (429) past ``settings.security.api_rate_limit`` per
    user; PermissionDenied (403) when a read-only token is used for a write.
    """
    user = attach_user(request, session)
    if user is None or not user.is_active or credentials is None:
        raise NotAuthenticated(N_("Send a valid API token as 'Authorization: Bearer <token>'."))
    ratelimit.hit(get_settings().security.api_rate_limit, "api", str(user.id))
    if (
        request.method not in SAFE_METHODS
        and "write" not in getattr(request.state, "token_scopes", "").split()
    ):
        raise PermissionDenied(N_("This API token is read-only."))
    return user


def staff_user(user: Annotated[User, Depends(api_user)]) -> User:
    return permissions.require_staff(user)


def admin_user(user: Annotated[User, Depends(api_user)]) -> User:
    return permissions.require_admin(user)


ApiUser = Annotated[User, Depends(api_user)]
StaffUser = Annotated[User, Depends(staff_user)]
AdminUser = Annotated[User, Depends(admin_user)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Repeat a request safely: the same key with the same body returns the first answer.",
    ),
]


# Integer columns are 32-bit on PostgreSQL; larger ids cannot exist, and must not reach the database.
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID, description="Numeric id.")]
Search = Annotated[
    str | None,
    Query(max_length=200, pattern=r"^[^\x00]*$", description="Text contained in the searched columns."),
]


def page_request(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")] = 1,
    size: Annotated[
        int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="Rows per page (default: the site setting).")
    ] = None,
) -> PageRequest:
    return PageRequest(page=page, size=size or get_settings().tickets.page_size)


PageParams = Annotated[PageRequest, Depends(page_request)]

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    """One page of a list: ``pages`` is at least 1, also for an empty list."""

    items: list[T]
    total: int
    page: int
    size: int
    pages: int

    @classmethod
    def of(cls, page: Page[Any], convert: Callable[[Any], T]) -> PageOut[T]:
        items: Sequence[T] = [convert(item) for item in page.items]
        return cls(
            items=list(items),
            total=page.total,
            page=page.request.page,
            size=page.request.size,
            pages=page.pages,
        )
