"""ORM models of the intake domain: the raw store every inbound payload lands in first (DESIGN §3.9)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime, str_enum


class ItemStatus(enum.StrEnum):
    RECEIVED = "received"  # stored, not yet (or not successfully) processed
    PROCESSED = "processed"  # the pipeline decided; ``outcome`` says what
    QUARANTINED = "quarantined"  # processing failed; ``reason`` says why; an admin may retry
    DISCARDED = "discarded"  # an admin gave up on a quarantined item (the raw bytes are kept)


class Outcome(enum.StrEnum):
    CREATED = "created"
    APPENDED = "appended"
    BOUNCE = "bounce"
    AUTO_REPLY = "auto_reply"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"
    IGNORED = "ignored"


class InboundItem(Base):
    """One received payload. The bytes live in the content-addressed blob store under ``sha256``;
    the row says where it came from and what the pipeline decided (``decisions``, one dict per step).

    Invariant: a row is written and flushed before anything is parsed, so no payload is ever lost.
    """

    __tablename__ = "inbound_items"
    __table_args__ = (
        # The quarantine list and its filters: newest first within a status.
        sa.Index("ix_inbound_items_status_received", "status", "received_at"),
        # Idempotency: has this Message-ID (or these bytes) from this channel been processed already?
        sa.Index("ix_inbound_items_channel_message_id", "channel", "message_id"),
        sa.Index("ix_inbound_items_channel_sha256", "channel", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(20), comment="email, webhook, api, ...")
    source: Mapped[str] = mapped_column(
        sa.String(100),
        comment="Where it came in: api, imap:<mailbox id>, smtp, mailgate, import, webhook:<id>.",
    )
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    message_id: Mapped[str | None] = mapped_column(sa.String(300))
    subject: Mapped[str | None] = mapped_column(sa.String(300))
    sender: Mapped[str | None] = mapped_column(sa.String(254))
    status: Mapped[ItemStatus] = mapped_column(str_enum(ItemStatus), default=ItemStatus.RECEIVED)
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome))
    reason: Mapped[str | None] = mapped_column(sa.Text, comment="Why it was quarantined or ignored.")
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id", ondelete="SET NULL"))
    message_row_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ticket_messages.id", ondelete="SET NULL"), comment="The TicketMessage it became."
    )
    attempts: Mapped[int] = mapped_column(default=0)
    decisions: Mapped[list[Any]] = mapped_column(PortableJSON, default=list)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    discarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    discarded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    discard_reason: Mapped[str | None] = mapped_column(sa.Text)
