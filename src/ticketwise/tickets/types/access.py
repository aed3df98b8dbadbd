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
from ticketwise.tickets.types.models import Category, TicketField, TicketType
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


def list_types_for(
    session: Session, user: User | None, *, public_form: bool = False, usable: bool = False
) -> list[TicketType]:
    """The types ``user`` may see, in form order; ``usable`` keeps only those new tickets may use."""
    if public_form:
        return repository.list_public_types(session)
    return repository.list_types(session, active_only=usable or not _is_staff(user))


def list_categories_for(
    session: Session, user: User | None, ticket_type: TicketType, *, usable: bool = False
) -> list[Category]:
    """The type's categories ``user`` may see, ordered by position; ``usable``: active ones only."""
    return repository.list_categories(session, ticket_type.id, active_only=usable or not _is_staff(user))


def access_category(
    session: Session, user: User | None, ticket_type: TicketType, category_id: int
) -> Category:
    """A category of ``ticket_type``; NotFound for another type's, or an inactive one for non-staff."""
    category = repository.find_category(session, category_id)
    if category is None or category.type_id != ticket_type.id or not (category.is_active or _is_staff(user)):
        raise NotFound(N_("Category not found."))
    return category


def access_field(session: Session, user: User | None, ticket_type: TicketType, name: str) -> TicketField:
    """A field of ``ticket_type`` by name; staff only (customers see fields through their forms)."""
    field = repository.find_field(session, ticket_type.id, name)
    if field is None or not _is_staff(user):
        raise NotFound(N_("Field not found."))
    return field
