"""/api/v1/ticket-types: ticket types, their fields and categories (writes: administrators).

Everyone signed in reads the active types with the fields they would fill in (customers: the
customer-visible ones), so a client can build its form. Staff also see inactive types, hidden fields
(``hidden: true``) and inactive categories. Adding a field adds a column to the type's extension
table at once; removing one only hides it, its data stays.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy.orm import Session

from ticketwise.api.deps import AdminUser, ApiSession, ApiUser, ObjectId
from ticketwise.api.errors import problem_responses
from ticketwise.tickets.types import access as types_access
from ticketwise.tickets.types import registry, service
from ticketwise.tickets.types.models import TicketType
from ticketwise.tickets.types.schemas import (
    FIELD_NAME_PATTERN,
    SLUG_PATTERN,
    CategoryIn,
    CategoryOut,
    CategoryPatch,
    FieldIn,
    FieldOut,
    FieldPatch,
    TicketTypeIn,
    TicketTypeOut,
    TicketTypePatch,
)
from ticketwise.users.models import User

router = APIRouter(prefix="/ticket-types", tags=["ticket types"])

Slug = Annotated[
    str, Path(max_length=40, pattern=SLUG_PATTERN, description="The type's slug, e.g. `it_support`.")
]
FieldName = Annotated[str, Path(max_length=60, pattern=FIELD_NAME_PATTERN, description="The field's name.")]


def _type_out(session: Session, user: User, ticket_type: TicketType) -> TicketTypeOut:
    out = TicketTypeOut.model_validate(ticket_type)
    if user.is_staff:
        return out
    shown = {field.name for field in registry.fields_for(ticket_type, "customer")}
    active = types_access.list_categories_for(session, user, ticket_type)
    return out.model_copy(
        update={
            "fields": [field for field in out.fields if field.name in shown],
            "categories": [CategoryOut.model_validate(category) for category in active],
        }
    )


@router.get("", response_model=list[TicketTypeOut], summary="List ticket types")
def list_types(session: ApiSession, user: ApiUser) -> list[TicketTypeOut]:
    """In form order. Customers get the active types and the fields they fill in."""
    types = types_access.list_types_for(session, user)
    return [_type_out(session, user, ticket_type) for ticket_type in types]


@router.post(
    "",
    status_code=201,
    response_model=TicketTypeOut,
    summary="Create a ticket type (admin)",
    responses=problem_responses(403, 409, 422),
)
def create_type(data: TicketTypeIn, session: ApiSession, user: AdminUser) -> TicketTypeOut:
    """A new type with an empty extension table ``ext_<slug>``; add fields next."""
    return _type_out(session, user, service.create_type(session, user, data))


@router.get(
    "/{slug}", response_model=TicketTypeOut, summary="Read a ticket type", responses=problem_responses(404)
)
def read_type(slug: Slug, session: ApiSession, user: ApiUser) -> TicketTypeOut:
    return _type_out(session, user, types_access.access_type(session, user, slug))


@router.patch(
    "/{slug}",
    response_model=TicketTypeOut,
    summary="Change a ticket type (admin)",
    responses=problem_responses(403, 404, 422),
)
def update_type(slug: Slug, data: TicketTypePatch, session: ApiSession, user: AdminUser) -> TicketTypeOut:
    """Change the keys sent; the slug never changes."""
    ticket_type = service.update_type(session, user, types_access.access_type(session, user, slug), data)
    return _type_out(session, user, ticket_type)


@router.post(
    "/{slug}/fields",
    status_code=201,
    response_model=FieldOut,
    summary="Add a field to a ticket type (admin)",
    responses=problem_responses(403, 404, 409, 422),
)
def add_field(slug: Slug, data: FieldIn, session: ApiSession, user: AdminUser) -> FieldOut:
    """Adds the column to ``ext_<slug>`` at once; the field shows at the end of the form."""
    field = service.add_field(session, user, types_access.access_type(session, user, slug), data)
    return FieldOut.model_validate(field)


@router.patch(
    "/{slug}/fields/{name}",
    response_model=FieldOut,
    summary="Change a field (admin)",
    responses=problem_responses(403, 404, 422),
)
def update_field(
    slug: Slug, name: FieldName, data: FieldPatch, session: ApiSession, user: AdminUser
) -> FieldOut:
    """Name and kind never change; ``indexed`` can be turned on, never off."""
    field = types_access.access_field(session, user, types_access.access_type(session, user, slug), name)
    return FieldOut.model_validate(service.update_field(session, user, field, data))


@router.delete(
    "/{slug}/fields/{name}",
    response_model=FieldOut,
    summary="Remove (hide) a field (admin)",
    responses=problem_responses(403, 404),
)
def hide_field(slug: Slug, name: FieldName, session: ApiSession, user: AdminUser) -> FieldOut:
    """The field leaves forms and the API (``hidden: true``); its column and data are kept, and
    adding a field of the same name and kind shows it again."""
    field = types_access.access_field(session, user, types_access.access_type(session, user, slug), name)
    return FieldOut.model_validate(service.hide_field(session, user, field))


@router.get(
    "/{slug}/categories",
    response_model=list[CategoryOut],
    summary="List a type's categories",
    responses=problem_responses(404),
)
def list_categories(slug: Slug, session: ApiSession, user: ApiUser) -> list[CategoryOut]:
    """Every level, ordered by position (``parent_id`` gives the tree); customers see active ones."""
    ticket_type = types_access.access_type(session, user, slug)
    categories = types_access.list_categories_for(session, user, ticket_type)
    return [CategoryOut.model_validate(category) for category in categories]


@router.post(
    "/{slug}/categories",
    status_code=201,
    response_model=CategoryOut,
    summary="Add a category (admin)",
    responses=problem_responses(403, 404, 422),
)
def add_category(slug: Slug, data: CategoryIn, session: ApiSession, user: AdminUser) -> CategoryOut:
    ticket_type = types_access.access_type(session, user, slug)
    category = service.add_category(session, user, ticket_type, names=data.names, parent_id=data.parent_id)
    return CategoryOut.model_validate(category)


@router.patch(
    "/{slug}/categories/{category_id}",
    response_model=CategoryOut,
    summary="Change a category (admin)",
    responses=problem_responses(403, 404, 422),
)
def update_category(
    slug: Slug, category_id: ObjectId, data: CategoryPatch, session: ApiSession, user: AdminUser
) -> CategoryOut:
    category = types_access.access_category(
        session, user, types_access.access_type(session, user, slug), category_id
    )
    category = service.update_category(
        session, user, category, names=data.names, position=data.position, is_active=data.is_active
    )
    return CategoryOut.model_validate(category)
