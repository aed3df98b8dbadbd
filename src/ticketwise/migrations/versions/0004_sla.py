"""sla tables

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sla_calendars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("always_open", sa.Boolean(), nullable=False),
        sa.Column("weekly_hours", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("holiday_country", sa.String(length=8), nullable=True),
        sa.Column("holiday_subdiv", sa.String(length=16), nullable=True),
        sa.Column("extra_holidays", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("extra_workdays", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("removed_holidays", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_calendars")),
        sa.UniqueConstraint("name", name=op.f("uq_sla_calendars_name")),
    )
    op.create_table(
        "sla_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("conditions", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("targets", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("pause_rules", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"], ["sla_calendars.id"], name=op.f("fk_sla_policies_calendar_id_sla_calendars")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_policies")),
        sa.UniqueConstraint("name", name=op.f("uq_sla_policies_name")),
    )
    op.create_index(
        "ix_sla_policies_active_position", "sla_policies", ["is_active", "position"], unique=False
    )
    op.create_index(op.f("ix_sla_policies_calendar_id"), "sla_policies", ["calendar_id"], unique=False)
    op.create_table(
        "sla_escalation_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("clock", sa.String(length=20), nullable=False, comment='"any" or a clock name'),
        sa.Column(
            "kind",
            sa.Enum("warning", "breach", name="levelkind", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column(
            "offset_kind",
            sa.Enum("minutes", "percent", name="offsetkind", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("offset_value", sa.Integer(), nullable=False),
        sa.Column("actions", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("wait_for_business_hours", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["sla_policies.id"],
            name=op.f("fk_sla_escalation_levels_policy_id_sla_policies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_escalation_levels")),
    )
    op.create_index(
        op.f("ix_sla_escalation_levels_policy_id"), "sla_escalation_levels", ["policy_id"], unique=False
    )
    op.create_table(
        "sla_timers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column(
            "clock",
            sa.Enum(
                "first_response",
                "next_response",
                "resolution",
                "periodic_update",
                name="clock",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "running",
                "paused",
                "fulfilled",
                "breached",
                "cancelled",
                name="timerstatus",
                native_enum=False,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("target_minutes", sa.Integer(), nullable=False),
        sa.Column("started_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("paused", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("fulfilled_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("breached_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "stopped_at",
            ticketwise.core.db.UTCDateTime(timezone=True),
            nullable=True,
            comment="Cancelled at.",
        ),
        sa.Column(
            "elapsed_business_seconds",
            sa.BigInteger(),
            nullable=True,
            comment="At fulfilment or stop; null while live.",
        ),
        sa.Column("next_check_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("fired_levels", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["sla_policies.id"],
            name=op.f("fk_sla_timers_policy_id_sla_policies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_sla_timers_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_timers")),
        sa.UniqueConstraint("ticket_id", "clock", "cycle", name=op.f("uq_sla_timers_ticket_id_clock_cycle")),
    )
    op.create_index("ix_sla_timers_next_check_at", "sla_timers", ["next_check_at"], unique=False)
    op.create_index("ix_sla_timers_status_due", "sla_timers", ["status", "due_at"], unique=False)
    op.create_table(
        "sla_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("timer_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "started",
                "paused",
                "resumed",
                "warned",
                "breached",
                "fulfilled",
                "policy_applied",
                "escalated",
                name="slaeventkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("data", ticketwise.core.db.PortableJSON(), nullable=False),
        sa.Column("created_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_sla_events_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["timer_id"],
            ["sla_timers.id"],
            name=op.f("fk_sla_events_timer_id_sla_timers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_events")),
    )
    op.create_index("ix_sla_events_kind_at", "sla_events", ["kind", "at"], unique=False)
    op.create_index("ix_sla_events_ticket_at", "sla_events", ["ticket_id", "at"], unique=False)
    op.create_index(op.f("ix_sla_events_timer_id"), "sla_events", ["timer_id"], unique=False)
    op.add_column(
        "tickets",
        sa.Column("next_response_due_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "tickets", sa.Column("sla_due_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "tickets", sa.Column("sla_breached", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_index("ix_tickets_status_sla_breached", "tickets", ["status", "sla_breached"], unique=False)
    op.create_index("ix_tickets_status_sla_due", "tickets", ["status", "sla_due_at"], unique=False)
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_index("ix_tickets_status_sla_due", table_name="tickets")
    op.drop_index("ix_tickets_status_sla_breached", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("sla_breached")
        batch.drop_column("sla_due_at")
        batch.drop_column("next_response_due_at")
    op.drop_index(op.f("ix_sla_events_timer_id"), table_name="sla_events")
    op.drop_index("ix_sla_events_ticket_at", table_name="sla_events")
    op.drop_index("ix_sla_events_kind_at", table_name="sla_events")
    op.drop_table("sla_events")
    op.drop_index("ix_sla_timers_status_due", table_name="sla_timers")
    op.drop_index("ix_sla_timers_next_check_at", table_name="sla_timers")
    op.drop_table("sla_timers")
    op.drop_index(op.f("ix_sla_escalation_levels_policy_id"), table_name="sla_escalation_levels")
    op.drop_table("sla_escalation_levels")
    op.drop_index(op.f("ix_sla_policies_calendar_id"), table_name="sla_policies")
    op.drop_index("ix_sla_policies_active_position", table_name="sla_policies")
    op.drop_table("sla_policies")
    op.drop_table("sla_calendars")
