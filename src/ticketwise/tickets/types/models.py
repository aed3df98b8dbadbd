"""Ticket types, their fields and categories, and the extension-schema version (DESIGN §4, §3.7)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime
from ticketwise.core.i18n import pick


class TicketType(Base):
    __tablename__ = "ticket_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    names: Mapped[dict[str, str]] = mapped_column(PortableJSON)
    descriptions: Mapped[dict[str, str]] = mapped_column(PortableJSON, default=dict)
    icon: Mapped[str] = mapped_column(sa.String(40), default="bi-ticket")
    default_team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"))
    default_priority: Mapped[str] = mapped_column(sa.String(2), default="P2")
    sla_policy_id: Mapped[int | None] = mapped_column(sa.Integer, comment="Overrides policy matching.")
    ai_hints: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    extractors: Mapped[list[dict[str, str]]] = mapped_column(PortableJSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    public_form: Mapped[bool] = mapped_column(default=True)
    builtin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    fields: Mapped[list[TicketField]] = relationship(
        back_populates="ticket_type", order_by="TicketField.position", lazy="selectin"
    )
    categories: Mapped[list[Category]] = relationship(
        back_populates="ticket_type", order_by="Category.position", lazy="selectin"
    )

    @property
    def name(self) -> str:
        return pick(self.names, self.slug)

    @property
    def description(self) -> str:
        return pick(self.descriptions)

    @property
    def table_name(self) -> str:
        return f"ext_{self.slug}"

    @property
    def visible_fields(self) -> list[TicketField]:
        return [f for f in self.fields if not f.hidden]


class TicketField(Base):
    __tablename__ = "ticket_fields"
    __table_args__ = (sa.UniqueConstraint("type_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket_types.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(60), comment="Column name in the extension table.")
    kind: Mapped[str] = mapped_column(sa.String(20))
    labels: Mapped[dict[str, str]] = mapped_column(PortableJSON)
    help: Mapped[dict[str, str]] = mapped_column(PortableJSON, default=dict)
    required: Mapped[bool] = mapped_column(default=False)
    default: Mapped[Any] = mapped_column(PortableJSON, nullable=True)
    validation: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    options: Mapped[list[dict[str, Any]]] = mapped_column(PortableJSON, default=list)
    customer_visible: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[bool] = mapped_column(default=False, comment="Removed from forms; data is kept.")
    indexed: Mapped[bool] = mapped_column(
        default=False, comment="The extension column has an index (for filters and look-ups)."
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    ticket_type: Mapped[TicketType] = relationship(back_populates="fields")

    @property
    def label(self) -> str:
        return pick(self.labels, self.name)

    @property
    def help_text(self) -> str:
        return pick(self.help)

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.get("value") == value:
                return pick(option.get("labels"), value)
        return value


class Category(Base):
    __tablename__ = "categories"
    __table_args__ = (sa.UniqueConstraint("type_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket_types.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("categories.id"))
    names: Mapped[dict[str, str]] = mapped_column(PortableJSON)
    key: Mapped[str | None] = mapped_column(
        sa.String(60), comment="Stable key of a seeded category, so re-seeding never duplicates it."
    )
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    ticket_type: Mapped[TicketType] = relationship(back_populates="categories")

    @property
    def name(self) -> str:
        return pick(self.names)


class SchemaChange(Base):
    """One row per runtime DDL on an extension table; the highest id is the schema version."""

    __tablename__ = "ticket_schema_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(sa.String(80))
    operation: Mapped[str] = mapped_column(sa.String(20))
    detail: Mapped[str] = mapped_column(sa.String(200))
    token: Mapped[str] = mapped_column(
        sa.String(32), comment="Random; with the id it identifies a schema state even if ids are reused."
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
