"""notifications tables: SMTP settings, the outbound mail log, in-app notifications

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "smtp_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("host", sa.String(length=253), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column(
            "security",
            sa.Enum("none", "starttls", "tls", name="smtpsecurity", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("username", sa.String(length=254), nullable=False),
        sa.Column("password", sa.String(length=500), nullable=False),
        sa.Column("from_address", sa.String(length=254), nullable=False),
        sa.Column("from_name", sa.String(length=200), nullable=False),
        sa.Column(
            "reply_to",
            sa.String(length=254),
            nullable=False,
            comment="The support mailbox customers reply to.",
        ),
        sa.Column(
            "automatic_per_hour",
            sa.Integer(),
            nullable=False,
            comment="Most automatic messages one recipient receives per hour (mail-loop guard).",
        ),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_smtp_settings_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_smtp_settings")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("params", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_notifications_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(op.f("ix_notifications_ticket_id"), "notifications", ["ticket_id"], unique=False)
    op.create_index("ix_notifications_user_id_id", "notifications", ["user_id", "id"], unique=False)
    op.create_index("ix_notifications_user_read", "notifications", ["user_id", "read_at"], unique=False)
    op.create_table(
        "outbound_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("ticket_message_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "acknowledgement",
                "reply",
                "resolved",
                "alert",
                "test",
                name="mailkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("primary_recipient", sa.String(length=254), nullable=False),
        sa.Column("to_addresses", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("cc_addresses", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("skipped_addresses", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("message_id", sa.String(length=300), nullable=False),
        sa.Column("in_reply_to", sa.String(length=300), nullable=True),
        sa.Column("thread_references", sa.Text(), nullable=True, comment="The References header."),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("queued", "sent", "failed", "skipped", name="mailstatus", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("error_detail", sa.Text(), nullable=True),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_outbound_emails_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_message_id"],
            ["ticket_messages.id"],
            name=op.f("fk_outbound_emails_ticket_message_id_ticket_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_emails")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbound_emails_message_id")),
    )
    op.create_index(
        "ix_outbound_emails_recipient_created",
        "outbound_emails",
        ["primary_recipient", "created_at"],
        unique=False,
    )
    op.create_index("ix_outbound_emails_ticket_id_id", "outbound_emails", ["ticket_id", "id"], unique=False)
    op.create_index(
        op.f("ix_outbound_emails_ticket_message_id"), "outbound_emails", ["ticket_message_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_outbound_emails_ticket_message_id"), table_name="outbound_emails")
    op.drop_index("ix_outbound_emails_ticket_id_id", table_name="outbound_emails")
    op.drop_index("ix_outbound_emails_recipient_created", table_name="outbound_emails")
    op.drop_table("outbound_emails")
    op.drop_index("ix_notifications_user_read", table_name="notifications")
    op.drop_index("ix_notifications_user_id_id", table_name="notifications")
    op.drop_index(op.f("ix_notifications_ticket_id"), table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("smtp_settings")
