"""Every SELECT on ticket types, their fields, categories, schema versions and extension rows.

``get_*`` raise NotFound with a translated message; ``find_*`` return ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session, joinedload, lazyload

from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_
from ticketwise.tickets.types.models import Category, SchemaChange, TicketField, TicketType
from ticketwise.users.models import Team


def get_type(session: Session, type_id: int) -> TicketType:
    ticket_type = session.get(TicketType, type_id)
    if ticket_type is None:
        raise NotFound(N_("Ticket type not found."))
    return ticket_type


def find_type_by_slug(session: Session, slug: str) -> TicketType | None:
    return session.scalars(sa.select(TicketType).where(TicketType.slug == slug)).one_or_none()


def find_type_with_fields(session: Session, slug: str) -> TicketType | None:
    """The type with its fields (in form order) in one query, its categories left to load on first
    use: creating a ticket needs every field but a category only when one is chosen (then by id)."""
    query = (
        sa.select(TicketType)
        .where(TicketType.slug == slug)
        .options(joinedload(TicketType.fields), lazyload(TicketType.categories))
    )
    return session.scalars(query).unique().one_or_none()


def get_type_by_slug(session: Session, slug: str) -> TicketType:
    ticket_type = find_type_by_slug(session, slug)
    if ticket_type is None:
        raise NotFound(N_("Ticket type not found."))
    return ticket_type


def list_types(session: Session, *, active_only: bool = True) -> list[TicketType]:
    """Types in admin-defined order (position, then id)."""
    query = sa.select(TicketType).order_by(TicketType.position, TicketType.id)
    if active_only:
        query = query.where(TicketType.is_active.is_(True))
    return list(session.scalars(query))


def list_public_types(session: Session) -> list[TicketType]:
    """Active types that offer a no-login public form, in order."""
    query = (
        sa.select(TicketType)
        .where(TicketType.is_active.is_(True), TicketType.public_form.is_(True))
        .order_by(TicketType.position, TicketType.id)
    )
    return list(session.scalars(query))


def next_type_position(session: Session) -> int:
    return session.scalar(sa.select(sa.func.coalesce(sa.func.max(TicketType.position) + 1, 0))) or 0


def get_field(session: Session, field_id: int) -> TicketField:
    field = session.get(TicketField, field_id)
    if field is None:
        raise NotFound(N_("Field not found."))
    return field


def get_field_by_name(session: Session, ticket_type: TicketType, name: str) -> TicketField:
    field = find_field(session, ticket_type.id, name)
    if field is None:
        raise NotFound(N_("Field not found."))
    return field


def find_field(session: Session, type_id: int, name: str) -> TicketField | None:
    return session.scalars(
        sa.select(TicketField).where(TicketField.type_id == type_id, TicketField.name == name)
    ).one_or_none()


def count_fields(session: Session, type_id: int) -> int:
    return session.scalar(sa.select(sa.func.count(TicketField.id)).where(TicketField.type_id == type_id)) or 0


def next_field_position(session: Session, type_id: int) -> int:
    query = sa.select(sa.func.coalesce(sa.func.max(TicketField.position) + 1, 0)).where(
        TicketField.type_id == type_id
    )
    return session.scalar(query) or 0


def field_columns(session: Session, type_id: int) -> list[tuple[str, str]]:
    """``(name, kind)`` of every field of a type, hidden ones included, read fresh from the database.

    Plain tuples rather than ORM objects: the identity map could hold definitions loaded before
    another process added a field.
    """
    query = sa.select(TicketField.name, TicketField.kind).where(TicketField.type_id == type_id)
    return [(name, kind) for name, kind in session.execute(query.order_by(TicketField.id))]


def find_category(session: Session, category_id: int) -> Category | None:
    return session.get(Category, category_id)


def get_category(session: Session, category_id: int) -> Category:
    category = find_category(session, category_id)
    if category is None:
        raise NotFound(N_("Category not found."))
    return category


def list_categories(session: Session, type_id: int, *, active_only: bool = True) -> list[Category]:
    """Categories of a type (every level), ordered by position; ``parent_id`` gives the tree."""
    query = sa.select(Category).where(Category.type_id == type_id)
    if active_only:
        query = query.where(Category.is_active.is_(True))
    return list(session.scalars(query.order_by(Category.position, Category.id)))


def next_category_position(session: Session, type_id: int, parent_id: int | None) -> int:
    query = sa.select(sa.func.coalesce(sa.func.max(Category.position) + 1, 0)).where(
        Category.type_id == type_id,
        Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id,
    )
    return session.scalar(query) or 0


def team_exists(session: Session, team_id: int) -> bool:
    return session.scalar(sa.select(sa.func.count(Team.id)).where(Team.id == team_id)) == 1


def latest_schema_change(session: Session) -> tuple[int, str] | None:
    """``(id, token)`` of the newest extension-schema change, or ``None`` before the first one."""
    row = session.execute(
        sa.select(SchemaChange.id, SchemaChange.token).order_by(SchemaChange.id.desc()).limit(1)
    ).first()
    return None if row is None else (row.id, row.token)


def ext_rows(session: Session, table: sa.Table, ticket_ids: Iterable[int]) -> dict[int, RowMapping]:
    """Extension rows of the given tickets keyed by ticket id (tickets without a row are absent)."""
    ids = list(ticket_ids)
    if not ids:
        return {}
    result = session.execute(sa.select(table).where(table.c.ticket_id.in_(ids)))
    return {row["ticket_id"]: row for row in result.mappings()}
