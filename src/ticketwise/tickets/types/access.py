"""Reading ticket types for someone (contract §3.2): what each audience may see of them.

Staff see every type, inactive ones included, and every category. Customers and anonymous visitors
see active types only (with a public form, for the no-login forms) and active categories; anything
else is NotFound, so an inactive type looks like a missing one.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_
from ticketwise.tickets.types import repository
from ticketwise.tickets.types.models import Category, TicketType
from ticketwise.users.models import User


def _is_staff(user: User | None) -> bool:
    return user is not None and user.is_staff


def access_type(session: Session, user: User | None, slug: str, *, public_form: bool = False) -> TicketType:
    """The type ``slug`` if ``user`` (None: an anonymous visitor) may use it; NotFound otherwise.

    ``public_form`` also requires the type to offer the no-login form.
    """
    ticket_type = repository.find_type_by_slug(session, slug)
    visible = ticket_type is not None and (
        _is_staff(user) or (ticket_type.is_active and (ticket_type.public_form or not public_form))
    )
    if not visible:
        raise NotFound(N_("Ticket type not found."))
    return ticket_type


def list_types_for(session: Session, user: User | None, *, public_form: bool = False) -> list[TicketType]:
    """The types ``user`` may see, in form order."""
    if public_form:
        return repository.list_public_types(session)
    return repository.list_types(session, active_only=not _is_staff(user))


def list_categories_for(session: Session, user: User | None, ticket_type: TicketType) -> list[Category]:
    """The type's categories ``user`` may choose from, ordered by position."""
    return repository.list_categories(session, ticket_type.id, active_only=not _is_staff(user))
