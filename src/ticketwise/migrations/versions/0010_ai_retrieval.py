"""ai retrieval: similar-case index

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ai_similar_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=20),
            nullable=False,
            comment='"ticket" or a registered source such as "article"',
        ),
        sa.Column("source_id", sa.Integer(), nullable=False, comment="The ticket's or article's id."),
        sa.Column("ref", sa.String(length=200), nullable=False, comment="Ticket number or article slug."),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False, comment="BM25 terms, space-separated."),
        sa.Column("token_count", sa.Integer(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=True, comment="float16 vector, unit length."),
        sa.Column(
            "embedder", sa.String(length=60), nullable=True, comment="Name of the embedder that made it."
        ),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("solution", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_similar_documents")),
        sa.UniqueConstraint("kind", "source_id", name=op.f("uq_ai_similar_documents_kind_source_id")),
    )
    op.create_index(
        op.f("ix_ai_similar_documents_revision"), "ai_similar_documents", ["revision"], unique=False
    )
    op.create_table(
        "ai_similar_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_similar_state")),
    )


def downgrade() -> None:
    op.drop_table("ai_similar_state")
    op.drop_index(op.f("ix_ai_similar_documents_revision"), table_name="ai_similar_documents")
    op.drop_table("ai_similar_documents")
