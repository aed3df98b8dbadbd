"""ai core: provider settings, feature settings, LLM call log, decision records

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ai_llm_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "feature",
            sa.Enum(
                "triage",
                "priority",
                "assignment",
                "similar",
                "reply_draft",
                "summary",
                "translation",
                "reply_guard",
                "article_draft",
                name="feature",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column(
            "provider", sa.String(length=100), nullable=False, comment="The provider's name at the time."
        ),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "ok",
                "timeout",
                "connection",
                "auth",
                "rate_limited",
                "http_error",
                "bad_response",
                "invalid_json",
                "invalid_output",
                name="calloutcome",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("detail", sa.String(length=300), nullable=True, comment="Error class or HTTP status."),
        sa.Column("tokens_in", sa.Integer(), nullable=False),
        sa.Column("tokens_out", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_llm_calls")),
    )
    op.create_index(op.f("ix_ai_llm_calls_created_at"), "ai_llm_calls", ["created_at"], unique=False)
    op.create_table(
        "ai_providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("openai_compatible", name="providerkind", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column(
            "api_key_encrypted",
            sa.Text(),
            nullable=True,
            comment="Fernet token of the API key (key derived from the site secret); never shown.",
        ),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("timeout_seconds", sa.Float(), nullable=False),
        sa.Column("temperature", sa.Float(), nullable=False),
        sa.Column(
            "json_mode",
            sa.Enum("json_object", "tool_call", name="jsonmode", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_providers")),
        sa.UniqueConstraint("name", name=op.f("uq_ai_providers_name")),
    )
    op.create_table(
        "ai_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("triage_min_confidence", sa.Float(), nullable=False),
        sa.Column("auto_apply_triage", sa.Boolean(), nullable=False),
        sa.Column(
            "guard_mode",
            sa.Enum("off", "warn", "block", name="guardmode", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("guard_tone", sa.Boolean(), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_settings")),
    )
    op.create_table(
        "ai_feature_settings",
        sa.Column(
            "feature",
            sa.Enum(
                "triage",
                "priority",
                "assignment",
                "similar",
                "reply_draft",
                "summary",
                "translation",
                "reply_guard",
                "article_draft",
                name="feature",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["ai_providers.id"],
            name=op.f("fk_ai_feature_settings_provider_id_ai_providers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("feature", name=op.f("pk_ai_feature_settings")),
    )
    op.create_index(
        op.f("ix_ai_feature_settings_provider_id"), "ai_feature_settings", ["provider_id"], unique=False
    )
    op.create_table(
        "ai_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column(
            "feature",
            sa.Enum(
                "triage",
                "priority",
                "assignment",
                "similar",
                "reply_draft",
                "summary",
                "translation",
                "reply_guard",
                "article_draft",
                name="feature",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("attribute", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("reasons", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("provider", sa.String(length=100), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False, comment="SHA-256 of the input text."),
        sa.Column("output", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "applied",
                "accepted",
                "overridden",
                name="decisionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("override_value", sa.Text(), nullable=True),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["users.id"],
            name=op.f("fk_ai_decisions_reviewed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ai_decisions_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_decisions")),
    )
    op.create_index("ix_ai_decisions_attribute_status", "ai_decisions", ["attribute", "status"], unique=False)
    op.create_index(op.f("ix_ai_decisions_ticket_id"), "ai_decisions", ["ticket_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ai_decisions_ticket_id"), table_name="ai_decisions")
    op.drop_index("ix_ai_decisions_attribute_status", table_name="ai_decisions")
    op.drop_table("ai_decisions")
    op.drop_index(op.f("ix_ai_feature_settings_provider_id"), table_name="ai_feature_settings")
    op.drop_table("ai_feature_settings")
    op.drop_table("ai_settings")
    op.drop_table("ai_providers")
    op.drop_index(op.f("ix_ai_llm_calls_created_at"), table_name="ai_llm_calls")
    op.drop_table("ai_llm_calls")
