"""Role gates shared by every domain's services and access functions.

Each raises PermissionDenied (403) with a translated message; callers never test roles inline.
"""

from __future__ import annotations

from ticketwise.core.errors import NotAuthenticated, PermissionDenied
from ticketwise.core.i18n import N_
from ticketwise.users.models import Role, User


def require_user(user: User | None) -> User:
    if user is None or not user.is_active:
        raise NotAuthenticated(N_("Please sign in first."))
    return user


def require_staff(user: User | None) -> User:
    user = require_user(user)
    if not user.is_staff:
        raise PermissionDenied(N_("Only staff members can do this."))
    return user


def require_supervisor(user: User | None) -> User:
    user = require_user(user)
    if user.role not in (Role.ADMIN, Role.SUPERVISOR):
        raise PermissionDenied(N_("Only supervisors and administrators can do this."))
    return user


def require_admin(user: User | None) -> User:
    user = require_user(user)
    if user.role is not Role.ADMIN:
        raise PermissionDenied(N_("Only administrators can do this."))
    return user
