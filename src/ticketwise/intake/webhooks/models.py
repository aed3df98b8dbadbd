"""ORM models of webhook sources, the raw deliveries they send, and the callbacks sent back.

Every delivery's raw body is stored in its own transaction before anything is decided (DESIGN §3.9);
``webhook_refs`` holds one row per (source, external reference) under a unique constraint, which is
what keeps two concurrent first deliveries of one reference from creating two tickets.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime, str_enum

DEFAULT_TOLERANCE_SECONDS = 300


class WebhookSource(Base):
    __tablename__ = "webhook_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    slug: Mapped[str] = mapped_column(
        sa.String(60), unique=True, comment="URL part: /api/v1/webhooks/<slug>."
    )
    secret: Mapped[str] = mapped_column(
        sa.String(100), comment="HMAC key; shown once when created or rotated, never logged."
    )
    mapping: Mapped[dict[str, str]] = mapped_column(
        PortableJSON, default=dict, comment="Ticket field -> JMESPath expression over the payload."
    )
    external_ref_path: Mapped[str | None] = mapped_column(sa.String(300))
    default_type_slug: Mapped[str] = mapped_column(sa.String(40))
    default_team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="SET NULL"))
    tolerance_seconds: Mapped[int] = mapped_column(default=DEFAULT_TOLERANCE_SECONDS)
    callback_url: Mapped[str | None] = mapped_column(sa.String(500))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class DeliveryStatus(enum.StrEnum):
    RECEIVED = "received"  # stored, not yet processed (or the process died while processing)
    PROCESSED = "processed"
    QUARANTINED = "quarantined"  # refused with a reason; can be retried or discarded
    DISCARDED = "discarded"


class WebhookDelivery(Base):
    """One inbound POST that passed the signature check, stored raw before processing."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.Index("ix_webhook_deliveries_source_received", "source_id", "received_at"),
        sa.Index("ix_webhook_deliveries_status_received", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("webhook_sources.id", ondelete="CASCADE"))
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    content_type: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus), default=DeliveryStatus.RECEIVED)
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    reason: Mapped[str | None] = mapped_column(
        sa.Text, comment="Why it was quarantined (English msgid, formatted)."
    )
    external_ref: Mapped[str | None] = mapped_column(sa.String(200))
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id", ondelete="SET NULL"))
    attempts: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def mark_processed(self, outcome: str, ticket_id: int | None, external_ref: str | None) -> None:
        self.status = DeliveryStatus.PROCESSED
        self.outcome, self.ticket_id, self.external_ref, self.reason = outcome, ticket_id, external_ref, None
        self.processed_at = now()

    def mark_quarantined(self, reason: str) -> None:
        self.status = DeliveryStatus.QUARANTINED
        self.outcome, self.reason = "quarantined", reason
        self.processed_at = now()


class WebhookRef(Base):
    """The ticket an external reference of a source belongs to (one per pair, enforced)."""

    __tablename__ = "webhook_refs"
    __table_args__ = (sa.UniqueConstraint("source_id", "external_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("webhook_sources.id", ondelete="CASCADE"))
    external_ref: Mapped[str] = mapped_column(sa.String(200))
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    source: Mapped[WebhookSource] = relationship(lazy="joined")


class WebhookCallback(Base):
    """One attempt to tell a source about a change of one of its tickets."""

    __tablename__ = "webhook_callbacks"
    __table_args__ = (sa.Index("ix_webhook_callbacks_source_created", "source_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("webhook_sources.id", ondelete="CASCADE"))
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id", ondelete="SET NULL"))
    event: Mapped[str] = mapped_column(sa.String(40))
    url: Mapped[str] = mapped_column(sa.String(500))
    payload: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    attempt: Mapped[int] = mapped_column(default=1)
    status_code: Mapped[int | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
