"""ai routing: team assignment strategies, priority matrix and rules, agent working hours

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ticketwise.core.db

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRATEGIES = ("manual", "round_robin", "least_loaded", "skill", "availability", "combined")


def upgrade() -> None:
    op.create_table(
        "ai_team_routing",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column(
            "strategy", sa.Enum(*STRATEGIES, name="strategy", native_enum=False, length=20), nullable=False
        ),
        sa.Column("weight_load", sa.Float(), nullable=False),
        sa.Column("weight_skill", sa.Float(), nullable=False),
        sa.Column("weight_availability", sa.Float(), nullable=False),
        sa.Column(
            "last_assignee_id", sa.Integer(), nullable=True, comment="Round-robin: who had the last turn."
        ),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "weight_load >= 0 AND weight_skill >= 0 AND weight_availability >= 0",
            name=op.f("ck_ai_team_routing_weights_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["last_assignee_id"],
            ["users.id"],
            name=op.f("fk_ai_team_routing_last_assignee_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_ai_team_routing_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_ai_team_routing")),
    )
    op.create_table(
        "ai_working_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False, comment="0 is Monday, 6 is Sunday."),
        sa.Column("start_minute", sa.SmallInteger(), nullable=False),
        sa.Column("end_minute", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_ai_working_hours_weekday_range")),
        sa.CheckConstraint(
            "start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute",
            name=op.f("ck_ai_working_hours_minutes"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_ai_working_hours_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_working_hours")),
    )
    op.create_index(op.f("ix_ai_working_hours_user_id"), "ai_working_hours", ["user_id"], unique=False)
    for table, owner, target in (
        ("ai_type_skills", "type_id", "ticket_types"),
        ("ai_category_skills", "category_id", "categories"),
    ):
        op.create_table(
            table,
            sa.Column(owner, sa.Integer(), nullable=False),
            sa.Column("skill_id", sa.Integer(), nullable=False),
            sa.Column("min_level", sa.SmallInteger(), nullable=False),
            sa.CheckConstraint("min_level BETWEEN 1 AND 5", name=op.f(f"ck_{table}_level_range")),
            sa.ForeignKeyConstraint(
                [owner], [f"{target}.id"], name=op.f(f"fk_{table}_{owner}_{target}"), ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(
                ["skill_id"], ["skills.id"], name=op.f(f"fk_{table}_skill_id_skills"), ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint(owner, "skill_id", name=op.f(f"pk_{table}")),
        )
    op.create_table(
        "ai_priority_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "matrix",
            ticketwise.core.db.PortableJSON(),
            nullable=False,
            comment='{"<impact>": {"<urgency>": "P0".."P3"}} over high, medium, low.',
        ),
        sa.Column(
            "keyword_rules",
            ticketwise.core.db.PortableJSON(),
            nullable=False,
            comment='[{"keyword": ..., "priority": "P1" | null, "urgency": "high" | null}]',
        ),
        sa.Column("vip_raise", sa.Boolean(), nullable=False),
        sa.Column("use_history", sa.Boolean(), nullable=False),
        sa.Column("updated_at", ticketwise.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_priority_settings")),
    )


def downgrade() -> None:
    op.drop_table("ai_priority_settings")
    op.drop_table("ai_category_skills")
    op.drop_table("ai_type_skills")
    op.drop_index(op.f("ix_ai_working_hours_user_id"), table_name="ai_working_hours")
    op.drop_table("ai_working_hours")
    op.drop_table("ai_team_routing")
