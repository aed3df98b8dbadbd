"""The skills, with minimum levels, that tickets of a type or a category require.

A ticket requires the union of its type's and its category's (and that category's parents') skills;
when several ask for the same skill, the highest minimum level counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ticketwise.ai.assignment import repository
from ticketwise.ai.assignment.models import CategorySkill, TypeSkill
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types.models import Category, TicketType
from ticketwise.users.models import Skill, User
from ticketwise.users.permissions import require_admin

MIN_LEVEL, MAX_LEVEL = 1, 5


@dataclass(frozen=True)
class Requirement:
    skill_id: int
    skill_name: str
    min_level: int


def required_for(session: Session, ticket: Ticket) -> list[Requirement]:
    """What the ticket requires, by skill name."""
    rows: list[TypeSkill | CategorySkill] = list(repository.type_skills(session, ticket.type_id))
    if ticket.category_id is not None:
        rows += repository.category_skills(session, repository.category_ancestry(session, ticket.category_id))
    wanted: dict[int, Requirement] = {}
    for row in rows:
        known = wanted.get(row.skill_id)
        if known is None or row.min_level > known.min_level:
            wanted[row.skill_id] = Requirement(row.skill_id, row.skill.name, row.min_level)
    return sorted(wanted.values(), key=lambda requirement: requirement.skill_name.lower())


def _level(level: int) -> int:
    if isinstance(level, bool) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValidationFailed(
            N_("Enter a number from %(low)d to %(high)d."), field="min_level", low=MIN_LEVEL, high=MAX_LEVEL
        )
    return level


def require_skill(
    session: Session,
    actor: User,
    skill: Skill,
    min_level: int,
    *,
    ticket_type: TicketType | None = None,
    category: Category | None = None,
) -> TypeSkill | CategorySkill:
    """Make tickets of ``ticket_type`` or of ``category`` (exactly one) require ``skill`` at
    ``min_level`` (1 to 5) or above; an existing requirement gets the new level.

    Raises PermissionDenied for non-admins, ValidationFailed(field="min_level") for a level outside 1–5
    and ValidationFailed(field="target") unless exactly one of type and category is given.
    """
    require_admin(actor)
    level = _level(min_level)
    if (ticket_type is None) == (category is None):
        raise ValidationFailed(N_("Choose a ticket type or a category."), field="target")
    row: TypeSkill | CategorySkill | None
    if ticket_type is not None:
        row = session.get(TypeSkill, (ticket_type.id, skill.id))
        if row is None:
            row = TypeSkill(type_id=ticket_type.id, skill_id=skill.id, skill=skill)
    else:
        assert category is not None
        row = session.get(CategorySkill, (category.id, skill.id))
        if row is None:
            row = CategorySkill(category_id=category.id, skill_id=skill.id, skill=skill)
    row.min_level = level
    session.add(row)
    session.flush()
    return row


def drop_type_skill(session: Session, actor: User, type_id: int, skill_id: int) -> None:
    require_admin(actor)
    row = session.get(TypeSkill, (type_id, skill_id))
    if row is not None:
        session.delete(row)
        session.flush()


def drop_category_skill(session: Session, actor: User, category_id: int, skill_id: int) -> None:
    require_admin(actor)
    row = session.get(CategorySkill, (category_id, skill_id))
    if row is not None:
        session.delete(row)
        session.flush()


def list_requirements(session: Session, actor: User) -> tuple[list[TypeSkill], list[CategorySkill]]:
    """Every stored requirement (for the admin page). Raises PermissionDenied for non-admins."""
    require_admin(actor)
    return repository.all_type_skills(session), repository.all_category_skills(session)
