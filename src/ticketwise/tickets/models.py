"""ORM models of the core ticket table and everything around it (DESIGN §4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime, str_enum
from ticketwise.tickets.enums import (
    ActorType,
    Channel,
    Direction,
    Level,
    LinkKind,
    MessageKind,
    Priority,
    Status,
)
from ticketwise.tickets.types.models import Category, TicketType
from ticketwise.users.models import Contact, Organization, Team, User


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # Queue views: filter by one of these, newest activity first.
        sa.Index("ix_tickets_status_updated", "status", "updated_at"),
        sa.Index("ix_tickets_assignee_status_updated", "assignee_id", "status", "updated_at"),
        sa.Index("ix_tickets_team_status_updated", "team_id", "status", "updated_at"),
        sa.Index("ix_tickets_type_status_updated", "type_id", "status", "updated_at"),
        sa.Index("ix_tickets_priority_status_updated", "priority", "status", "updated_at"),
        sa.Index("ix_tickets_status_created", "status", "created_at"),
        sa.Index("ix_tickets_requester_created", "requester_id", "created_at"),
        sa.Index("ix_tickets_updated", "updated_at"),
        sa.Index("ix_tickets_source_ref", "source_system", "external_ref"),
        sa.Index("ix_tickets_status_sla_due", "status", "sla_due_at"),
        sa.Index("ix_tickets_status_sla_breached", "status", "sla_breached"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(24), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    type_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket_types.id"))
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("categories.id"))
    status: Mapped[Status] = mapped_column(str_enum(Status), default=Status.NEW)
    priority: Mapped[Priority] = mapped_column(str_enum(Priority, 2), default=Priority.P2)
    urgency: Mapped[Level | None] = mapped_column(str_enum(Level, 10))
    impact: Mapped[Level | None] = mapped_column(str_enum(Level, 10))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel), default=Channel.PORTAL)
    source_system: Mapped[str | None] = mapped_column(sa.String(100))
    external_ref: Mapped[str | None] = mapped_column(sa.String(200))
    requester_id: Mapped[int] = mapped_column(sa.ForeignKey("contacts.id"))
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    language: Mapped[str | None] = mapped_column(sa.String(10))
    # AI results (DESIGN §7); decisions themselves are recorded by the ai domain.
    intent: Mapped[str | None] = mapped_column(sa.String(100))
    sentiment: Mapped[str | None] = mapped_column(sa.String(20))
    ai_confidence: Mapped[float | None] = mapped_column(sa.Float)
    ai_reasons: Mapped[list[Any] | None] = mapped_column(PortableJSON)
    keywords: Mapped[list[str] | None] = mapped_column(PortableJSON)
    # Triage below the confidence threshold: the ticket waits in the human triage queue (view "triage")
    # until a person sets its type or reviews the AI's decision.
    needs_triage: Mapped[bool] = mapped_column(default=False, server_default=sa.false(), index=True)
    # SLA summary columns (the sla domain owns timers; these serve queue sorting).
    sla_policy_id: Mapped[int | None] = mapped_column(sa.Integer)
    first_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Earliest due of the running clocks, and whether any clock is breached (sla "at risk"/"breached").
    sla_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_breached: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    first_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_customer_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_agent_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id"))
    csat_score: Mapped[int | None] = mapped_column(sa.SmallInteger)
    csat_comment: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    type: Mapped[TicketType] = relationship(lazy="joined")
    category: Mapped[Category | None] = relationship(lazy="joined")
    requester: Mapped[Contact] = relationship(lazy="joined")
    organization: Mapped[Organization | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    team: Mapped[Team | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    tag_rows: Mapped[list[TicketTag]] = relationship(
        cascade="all, delete-orphan", order_by="TicketTag.tag", lazy="selectin"
    )

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    @property
    def is_open(self) -> bool:
        return self.status.is_open


class TicketTag(Base):
    __tablename__ = "ticket_tags"

    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(sa.String(60), primary_key=True, index=True)


class TicketMessage(Base):
    __tablename__ = "ticket_messages"
    __table_args__ = (sa.Index("ix_ticket_messages_ticket_created", "ticket_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[MessageKind] = mapped_column(str_enum(MessageKind, 10))
    direction: Mapped[Direction] = mapped_column(str_enum(Direction, 10))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    author_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    author_contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contacts.id"))
    subject: Mapped[str | None] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    # What intake stripped from an e-mail reply to get body_text (the quoted history, the signature).
    quoted_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    email_message_id: Mapped[str | None] = mapped_column(sa.String(300), index=True)
    headers: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    author_user: Mapped[User | None] = relationship(lazy="joined")
    author_contact: Mapped[Contact | None] = relationship(lazy="joined")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="message", lazy="selectin")

    @property
    def is_public(self) -> bool:
        return self.kind is MessageKind.REPLY

    @property
    def author_name(self) -> str:
        if self.author_user is not None:
            return self.author_user.name
        if self.author_contact is not None:
            return self.author_contact.name or self.author_contact.email or ""
        return "Ticketwise"


class Attachment(Base):
    """A file on a ticket; the bytes live once on disk under their SHA-256 (content addressing)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ticket_messages.id", ondelete="SET NULL"), index=True
    )
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    content_type: Mapped[str] = mapped_column(sa.String(200))
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_id: Mapped[str | None] = mapped_column(sa.String(255), comment="cid: of an inline image")
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    message: Mapped[TicketMessage | None] = relationship(back_populates="attachments")


class TicketEvent(Base):
    """The audit trail: one row per change, by whom (user, contact, AI or system) and when."""

    __tablename__ = "ticket_events"
    __table_args__ = (sa.Index("ix_ticket_events_ticket_id_id", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    actor_type: Mapped[ActorType] = mapped_column(str_enum(ActorType, 10))
    actor_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    actor_contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contacts.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    field: Mapped[str | None] = mapped_column(sa.String(80))
    old_value: Mapped[str | None] = mapped_column(sa.Text)
    new_value: Mapped[str | None] = mapped_column(sa.Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(PortableJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    actor_user: Mapped[User | None] = relationship(lazy="joined")
    actor_contact: Mapped[Contact | None] = relationship(lazy="joined")


class TicketLink(Base):
    __tablename__ = "ticket_links"
    __table_args__ = (sa.UniqueConstraint("source_id", "target_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[LinkKind] = mapped_column(str_enum(LinkKind))
    score: Mapped[float | None] = mapped_column(sa.Float, comment="Similarity, for probable duplicates.")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    source: Mapped[Ticket] = relationship(foreign_keys=[source_id])
    target: Mapped[Ticket] = relationship(foreign_keys=[target_id])


class TicketWatcher(Base):
    """A staff member who follows a ticket."""

    __tablename__ = "ticket_watchers"

    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)

    user: Mapped[User] = relationship(lazy="joined")


class TicketCC(Base):
    """A contact copied on the conversation (receives public replies)."""

    __tablename__ = "ticket_ccs"

    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    # Indexed on its own: a customer's visible tickets include those they are copied on.
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    contact: Mapped[Contact] = relationship(lazy="joined")


class TicketCounter(Base):
    """Per-day sequence behind ``TW-YYYYMMDD-NNNN``; incremented by an atomic upsert."""

    __tablename__ = "ticket_counters"

    day: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
