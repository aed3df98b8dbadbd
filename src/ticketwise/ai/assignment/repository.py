"""Queries of automatic assignment."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.ai.assignment.models import CategorySkill, TeamRouting, TypeSkill, WorkingHours
from ticketwise.tickets.enums import OPEN_STATUSES, Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types.models import Category
from ticketwise.users.models import AgentSkill, Team, TeamMember, User


def team_routing(session: Session, team_id: int, *, lock: bool = False) -> TeamRouting | None:
    """The team's routing row; ``lock`` takes the row lock (PostgreSQL ``FOR UPDATE``; SQLite has
    already serialised the writing transaction) and reloads the row, so the round-robin pointer read
    is the one committed last."""
    statement = sa.select(TeamRouting).where(TeamRouting.team_id == team_id)
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return session.scalar(statement)


def routings(session: Session) -> dict[int, TeamRouting]:
    return {row.team_id: row for row in session.scalars(sa.select(TeamRouting))}


def team_members(session: Session, team_id: int) -> list[User]:
    """Every member of the team (active or not), by id."""
    statement = (
        sa.select(User)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id)
        .order_by(User.id)
    )
    return list(session.scalars(statement))


def get_team(session: Session, team_id: int) -> Team | None:
    return session.get(Team, team_id)


def open_load(session: Session, user_ids: Collection[int]) -> dict[int, dict[Priority, int]]:
    """Open tickets per assignee and priority."""
    if not user_ids:
        return {}
    statement = (
        sa.select(Ticket.assignee_id, Ticket.priority, sa.func.count())
        .where(Ticket.assignee_id.in_(user_ids), Ticket.status.in_(OPEN_STATUSES))
        .group_by(Ticket.assignee_id, Ticket.priority)
    )
    load: dict[int, dict[Priority, int]] = {}
    for user_id, priority, count in session.execute(statement):
        load.setdefault(user_id, {})[Priority(priority)] = count
    return load


def agent_skills(session: Session, user_ids: Collection[int]) -> dict[int, dict[int, AgentSkill]]:
    """Skills per agent: ``{user_id: {skill_id: AgentSkill}}``."""
    if not user_ids:
        return {}
    found: dict[int, dict[int, AgentSkill]] = {}
    for link in session.scalars(sa.select(AgentSkill).where(AgentSkill.user_id.in_(user_ids))):
        found.setdefault(link.user_id, {})[link.skill_id] = link
    return found


def working_hours(session: Session, user_ids: Collection[int]) -> dict[int, list[WorkingHours]]:
    if not user_ids:
        return {}
    statement = (
        sa.select(WorkingHours)
        .where(WorkingHours.user_id.in_(user_ids))
        .order_by(WorkingHours.user_id, WorkingHours.weekday, WorkingHours.start_minute)
    )
    found: dict[int, list[WorkingHours]] = {}
    for row in session.scalars(statement):
        found.setdefault(row.user_id, []).append(row)
    return found


def type_skills(session: Session, type_id: int) -> list[TypeSkill]:
    return list(session.scalars(sa.select(TypeSkill).where(TypeSkill.type_id == type_id)))


def category_skills(session: Session, category_ids: Collection[int]) -> list[CategorySkill]:
    if not category_ids:
        return []
    return list(session.scalars(sa.select(CategorySkill).where(CategorySkill.category_id.in_(category_ids))))


def all_type_skills(session: Session) -> list[TypeSkill]:
    return list(session.scalars(sa.select(TypeSkill).order_by(TypeSkill.type_id, TypeSkill.skill_id)))


def all_category_skills(session: Session) -> list[CategorySkill]:
    return list(
        session.scalars(sa.select(CategorySkill).order_by(CategorySkill.category_id, CategorySkill.skill_id))
    )


def category_ancestry(session: Session, category_id: int) -> list[int]:
    """The category and its parents, nearest first (a cycle, which the admin pages prevent, stops)."""
    chain: list[int] = []
    current: int | None = category_id
    while current is not None and current not in chain:
        chain.append(current)
        current = session.scalar(sa.select(Category.parent_id).where(Category.id == current))
    return chain


def delete_working_hours(session: Session, user_id: int) -> None:
    session.execute(sa.delete(WorkingHours).where(WorkingHours.user_id == user_id))
