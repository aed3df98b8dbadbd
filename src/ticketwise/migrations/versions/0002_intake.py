"""intake tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False, comment="email, webhook, api, ..."),
        sa.Column(
            "source",
            sa.String(length=100),
            nullable=False,
            comment="Where it came in: api, imap:<mailbox id>, smtp, mailgate, import, webhook:<id>.",
        ),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("message_id", sa.String(length=300), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("sender", sa.String(length=254), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "processed",
                "quarantined",
                "discarded",
                name="itemstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "created",
                "appended",
                "bounce",
                "auto_reply",
                "duplicate",
                "quarantined",
                "ignored",
                name="outcome",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("reason", sa.Text(), nullable=True, comment="Why it was quarantined or ignored."),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("message_row_id", sa.Integer(), nullable=True, comment="The TicketMessage it became."),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("decisions", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("received_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("processed_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("discarded_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("discarded_by_id", sa.Integer(), nullable=True),
        sa.Column("discard_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["discarded_by_id"], ["users.id"], name=op.f("fk_inbound_items_discarded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["message_row_id"],
            ["ticket_messages.id"],
            name=op.f("fk_inbound_items_message_row_id_ticket_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_inbound_items_ticket_id_tickets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_items")),
    )
    with op.batch_alter_table("inbound_items", schema=None) as batch_op:
        batch_op.create_index("ix_inbound_items_status_received", ["status", "received_at"], unique=False)
        batch_op.create_index("ix_inbound_items_channel_message_id", ["channel", "message_id"], unique=False)
        batch_op.create_index("ix_inbound_items_channel_sha256", ["channel", "sha256"], unique=False)

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email_failing_since", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("email_failure_reason", sa.String(length=300), nullable=True))
    with op.batch_alter_table("ticket_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quoted_text", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("ticket_messages", schema=None) as batch_op:
        batch_op.drop_column("quoted_text")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("email_failure_reason")
        batch_op.drop_column("email_failing_since")
    with op.batch_alter_table("inbound_items", schema=None) as batch_op:
        batch_op.drop_index("ix_inbound_items_channel_sha256")
        batch_op.drop_index("ix_inbound_items_channel_message_id")
        batch_op.drop_index("ix_inbound_items_status_received")
    op.drop_table("inbound_items")
