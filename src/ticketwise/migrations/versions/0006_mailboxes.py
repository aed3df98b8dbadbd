"""mailboxes tables

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mailboxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("host", sa.String(length=253), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column(
            "security",
            sa.Enum("ssl", "starttls", "none", name="imapsecurity", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("username", sa.String(length=254), nullable=False),
        sa.Column("password", sa.String(length=500), nullable=False),
        sa.Column("folder", sa.String(length=200), nullable=False),
        sa.Column(
            "after_fetch",
            sa.Enum("mark_seen", "move", name="afterfetch", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("move_to_folder", sa.String(length=200), nullable=True),
        sa.Column(
            "mode",
            sa.Enum("poll", "idle", name="fetchmode", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("poll_seconds", sa.Integer(), nullable=False),
        sa.Column("default_team_id", sa.Integer(), nullable=True),
        sa.Column("default_type_id", sa.Integer(), nullable=True),
        sa.Column("allow_senders", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("deny_senders", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("locked_until", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_run_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "last_error",
            ticketwise.core.db.PortableJSON(),
            nullable=True,
            comment="Why the last run failed: an English message id and its parameters.",
        ),
        sa.Column(
            "last_counts",
            ticketwise.core.db.PortableJSON(),
            nullable=True,
            comment="Messages per pipeline outcome in the last run.",
        ),
        sa.Column("total_fetched", sa.Integer(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["default_team_id"],
            ["teams.id"],
            name=op.f("fk_mailboxes_default_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["default_type_id"],
            ["ticket_types.id"],
            name=op.f("fk_mailboxes_default_type_id_ticket_types"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailboxes")),
        sa.UniqueConstraint("name", name=op.f("uq_mailboxes_name")),
    )
    with op.batch_alter_table("mailboxes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mailboxes_next_run_at"), ["next_run_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mailboxes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mailboxes_next_run_at"))
    op.drop_table("mailboxes")
