"""ai triage: trained models registry, human triage queue flag

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ai_trained_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "target", sa.String(length=40), nullable=False, comment="type, category, intent or urgency."
        ),
        sa.Column(
            "version", sa.Integer(), nullable=False, comment="1, 2, ... per target; the highest is current."
        ),
        sa.Column("path", sa.String(length=500), nullable=False, comment="Relative to the data folder."),
        sa.Column("algorithm", sa.String(length=80), nullable=False),
        sa.Column(
            "metrics",
            ticketwise.core.db.PortableJSON(),
            nullable=False,
            comment="Held-out accuracy and macro-F1 (absent when too few samples).",
        ),
        sa.Column(
            "sample_count", sa.Integer(), nullable=False, comment="Labelled samples from this site's history."
        ),
        sa.Column("hint_count", sa.Integer(), nullable=False, comment="Cold-start samples from type hints."),
        sa.Column("class_count", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("training_seconds", sa.Float(), nullable=False),
        sa.Column("trained_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_trained_models")),
        sa.UniqueConstraint("target", "version", name=op.f("uq_ai_trained_models_target_version")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("needs_triage", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_tickets_needs_triage"), ["needs_triage"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_needs_triage"))
        batch_op.drop_column("needs_triage")
    op.drop_table("ai_trained_models")
