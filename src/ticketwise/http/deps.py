"""FastAPI dependencies shared by the API and the web UI."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from ticketwise.core.uow import unit_of_work
from ticketwise.users.models import User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def db_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: a write transaction for unsafe methods, a read one otherwise.

    It commits after the route returns and before the response is sent; an exception rolls back.
    """
    with unit_of_work(write=request.method not in SAFE_METHODS) as session:
        yield session


def attach_user(request: Request, session: Session) -> User | None:
    """The signed-in user, attached to ``session`` without a query (the middleware loaded it)."""
    user: User | None = getattr(request.state, "user", None)
    if user is None:
        return None
    return session.merge(user, load=False)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
