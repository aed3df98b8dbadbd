"""ORM models of automatic assignment: each team's strategy, the agents' working hours and the skills
each ticket type and category requires (DESIGN §7).

A team without a :class:`TeamRouting` row is routed manually. An agent without working-hours rows
has no working-hours limit (availability alone decides).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ticketwise.core.clock import now
from ticketwise.core.db import Base, UTCDateTime, str_enum
from ticketwise.core.i18n import N_
from ticketwise.users.models import Skill, User


class Strategy(enum.StrEnum):
    MANUAL = "manual"
    ROUND_ROBIN = "round_robin"
    LEAST_LOADED = "least_loaded"
    SKILL = "skill"
    AVAILABILITY = "availability"
    COMBINED = "combined"

    @property
    def label(self) -> str:
        return STRATEGY_LABELS[self]


STRATEGY_LABELS = {
    Strategy.MANUAL: N_("Manual (no automatic assignment)"),
    Strategy.ROUND_ROBIN: N_("Round-robin"),
    Strategy.LEAST_LOADED: N_("Least loaded"),
    Strategy.SKILL: N_("Skill match"),
    Strategy.AVAILABILITY: N_("Availability"),
    Strategy.COMBINED: N_("Combined score"),
}


class TeamRouting(Base):
    """How new tickets of a team are assigned; also the team's round-robin pointer.

    The pointer row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite serialises writers)
    while the next agent is chosen, so two processes never give the same turn twice.
    """

    __tablename__ = "ai_team_routing"
    __table_args__ = (
        sa.CheckConstraint(
            "weight_load >= 0 AND weight_skill >= 0 AND weight_availability >= 0", name="weights_positive"
        ),
    )

    team_id: Mapped[int] = mapped_column(sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    strategy: Mapped[Strategy] = mapped_column(str_enum(Strategy), default=Strategy.MANUAL)
    weight_load: Mapped[float] = mapped_column(sa.Float, default=1.0)
    weight_skill: Mapped[float] = mapped_column(sa.Float, default=1.0)
    weight_availability: Mapped[float] = mapped_column(sa.Float, default=1.0)
    last_assignee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="Round-robin: who had the last turn."
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class WorkingHours(Base):
    """One working range of an agent on one weekday, in minutes after midnight in the agent's
    time zone (``User.timezone``); a day may have several ranges."""

    __tablename__ = "ai_working_hours"
    __table_args__ = (
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        sa.CheckConstraint(
            "start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute", name="minutes"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(sa.SmallInteger, comment="0 is Monday, 6 is Sunday.")
    start_minute: Mapped[int] = mapped_column(sa.SmallInteger)
    end_minute: Mapped[int] = mapped_column(sa.SmallInteger)

    user: Mapped[User] = relationship()


class TypeSkill(Base):
    """A skill, at ``min_level`` or above, that handling tickets of a type requires."""

    __tablename__ = "ai_type_skills"
    __table_args__ = (sa.CheckConstraint("min_level BETWEEN 1 AND 5", name="level_range"),)

    type_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ticket_types.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    min_level: Mapped[int] = mapped_column(sa.SmallInteger, default=1)

    skill: Mapped[Skill] = relationship(lazy="joined")


class CategorySkill(Base):
    """A skill, at ``min_level`` or above, that tickets of a category (and its sub-categories) require."""

    __tablename__ = "ai_category_skills"
    __table_args__ = (sa.CheckConstraint("min_level BETWEEN 1 AND 5", name="level_range"),)

    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    min_level: Mapped[int] = mapped_column(sa.SmallInteger, default=1)

    skill: Mapped[Skill] = relationship(lazy="joined")
