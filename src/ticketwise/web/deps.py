"""Web dependencies: the signed-in user for a page, or a redirect to sign in."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ticketwise.http.deps import attach_user, db_session
from ticketwise.users import permissions
from ticketwise.users.models import User
from ticketwise.web import csrf


class LoginRequired(Exception):
    """Raised when a page needs a signed-in user; the handler redirects to the sign-in page."""

    def __init__(self, next_url: str):
        self.next_url = next_url


DbSession = Annotated[Session, Depends(db_session)]
CsrfChecked = Depends(csrf.verify)


def _signed_in(request: Request, session: DbSession) -> User:
    user = attach_user(request, session)
    if user is None or not user.is_active:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(quote(target, safe="/?=&"))
    return user


def optional_user(request: Request, session: DbSession) -> User | None:
    return attach_user(request, session)


def signed_in(request: Request, session: DbSession) -> User:
    return _signed_in(request, session)


def staff_user(request: Request, session: DbSession) -> User:
    return permissions.require_staff(_signed_in(request, session))


def supervisor_user(request: Request, session: DbSession) -> User:
    return permissions.require_supervisor(_signed_in(request, session))


def admin_user(request: Request, session: DbSession) -> User:
    return permissions.require_admin(_signed_in(request, session))


CurrentUser = Annotated[User, Depends(signed_in)]
OptionalUser = Annotated[User | None, Depends(optional_user)]
StaffUser = Annotated[User, Depends(staff_user)]
SupervisorUser = Annotated[User, Depends(supervisor_user)]
AdminUser = Annotated[User, Depends(admin_user)]
