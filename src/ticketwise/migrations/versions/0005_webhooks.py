"""webhooks tables: sources, raw deliveries, references, callbacks; duplicate suggestions and
major-incident clusters

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False, comment="URL part: /api/v1/webhooks/<slug>."),
        sa.Column(
            "secret",
            sa.String(length=100),
            nullable=False,
            comment="HMAC key; shown once when created or rotated, never logged.",
        ),
        sa.Column(
            "mapping",
            ticketwise.core.db.PortableJSON(),
            nullable=False,
            comment="Ticket field -> JMESPath expression over the payload.",
        ),
        sa.Column("external_ref_path", sa.String(length=300), nullable=True),
        sa.Column("default_type_slug", sa.String(length=40), nullable=False),
        sa.Column("default_team_id", sa.Integer(), nullable=True),
        sa.Column("tolerance_seconds", sa.Integer(), nullable=False),
        sa.Column("callback_url", sa.String(length=500), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["default_team_id"],
            ["teams.id"],
            name=op.f("fk_webhook_sources_default_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_sources")),
        sa.UniqueConstraint("slug", name=op.f("uq_webhook_sources_slug")),
    )
    op.create_table(
        "duplicate_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "merged",
                "linked",
                "dismissed",
                name="suggestionstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["tickets.id"],
            name=op.f("fk_duplicate_suggestions_candidate_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_duplicate_suggestions_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_duplicate_suggestions_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_suggestions")),
        sa.UniqueConstraint(
            "ticket_id", "candidate_id", name=op.f("uq_duplicate_suggestions_ticket_id_candidate_id")
        ),
    )
    op.create_index(
        op.f("ix_duplicate_suggestions_candidate_id"), "duplicate_suggestions", ["candidate_id"], unique=False
    )
    op.create_table(
        "incident_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_ticket_id", sa.Integer(), nullable=True),
        sa.Column("alerted_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_ticket_id"],
            ["tickets.id"],
            name=op.f("fk_incident_clusters_first_ticket_id_tickets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_clusters")),
    )
    op.create_table(
        "webhook_callbacks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("payload", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["webhook_sources.id"],
            name=op.f("fk_webhook_callbacks_source_id_webhook_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_webhook_callbacks_ticket_id_tickets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_callbacks")),
    )
    op.create_index(
        "ix_webhook_callbacks_source_created", "webhook_callbacks", ["source_id", "created_at"], unique=False
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "received",
                "processed",
                "quarantined",
                "discarded",
                name="deliverystatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column(
            "reason", sa.Text(), nullable=True, comment="Why it was quarantined (English msgid, formatted)."
        ),
        sa.Column("external_ref", sa.String(length=200), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("processed_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["webhook_sources.id"],
            name=op.f("fk_webhook_deliveries_source_id_webhook_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_webhook_deliveries_ticket_id_tickets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    op.create_index(
        "ix_webhook_deliveries_source_received",
        "webhook_deliveries",
        ["source_id", "received_at"],
        unique=False,
    )
    op.create_index(
        "ix_webhook_deliveries_status_received", "webhook_deliveries", ["status", "received_at"], unique=False
    )
    op.create_table(
        "webhook_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["webhook_sources.id"],
            name=op.f("fk_webhook_refs_source_id_webhook_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_webhook_refs_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_refs")),
        sa.UniqueConstraint("source_id", "external_ref", name=op.f("uq_webhook_refs_source_id_external_ref")),
    )
    op.create_index(op.f("ix_webhook_refs_ticket_id"), "webhook_refs", ["ticket_id"], unique=False)
    op.create_table(
        "incident_cluster_members",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["incident_clusters.id"],
            name=op.f("fk_incident_cluster_members_cluster_id_incident_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_incident_cluster_members_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "ticket_id", name=op.f("pk_incident_cluster_members")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_incident_cluster_members_ticket_id")),
    )


def downgrade() -> None:
    op.drop_table("incident_cluster_members")
    op.drop_index(op.f("ix_webhook_refs_ticket_id"), table_name="webhook_refs")
    op.drop_table("webhook_refs")
    op.drop_index("ix_webhook_deliveries_status_received", table_name="webhook_deliveries")
    op.drop_index("ix_webhook_deliveries_source_received", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_webhook_callbacks_source_created", table_name="webhook_callbacks")
    op.drop_table("webhook_callbacks")
    op.drop_table("incident_clusters")
    op.drop_index(op.f("ix_duplicate_suggestions_candidate_id"), table_name="duplicate_suggestions")
    op.drop_table("duplicate_suggestions")
    op.drop_table("webhook_sources")
