"""Use cases for teams and skills (admin only).

Invariants: team and skill names are unique regardless of case; team members are staff; a team's
lead is one of its members; an agent's skill level is 1 to 5.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.users import repository
from ticketwise.users.models import AgentSkill, Skill, Team, TeamMember, User
from ticketwise.users.permissions import require_admin
from ticketwise.users.validation import UNSET, Unset, optional_text, required_text

MIN_SKILL_LEVEL = 1
MAX_SKILL_LEVEL = 5


def _team_name(session: Session, name: str, team: Team | None = None) -> str:
    text = required_text(name, field="name", max_length=120)
    existing = repository.team_by_name(session, text)
    if existing is not None and existing is not team:
        raise Conflict(N_("A team with this name already exists."), field="name")
    return text


def _staff_members(session: Session, member_ids: Iterable[int]) -> list[User]:
    wanted = set(member_ids)
    users = repository.get_users(session, wanted)
    if len(users) != len(wanted):
        raise ValidationFailed(N_("Some of these people do not exist."), field="member_ids")
    if any(not user.is_staff for user in users):
        raise ValidationFailed(N_("Only staff members can belong to a team."), field="member_ids")
    return users


def _check_lead(lead_id: int | None, member_ids: set[int]) -> None:
    if lead_id is not None and lead_id not in member_ids:
        raise ValidationFailed(N_("The team lead must be a member of the team."), field="lead_id")


def _set_members(team: Team, users: list[User]) -> None:
    # Change only the difference: deleting and re-inserting the same (team, user) key in one flush
    # would collide on the primary key.
    wanted = {user.id for user in users}
    for link in list(team.members):
        if link.user_id not in wanted:
            team.members.remove(link)
    present = {link.user_id for link in team.members}
    for user in users:
        if user.id not in present:
            team.members.append(TeamMember(user=user))


def create_team(
    session: Session,
    actor: User,
    *,
    name: str,
    description: str = "",
    lead_id: int | None = None,
    member_ids: Iterable[int] = (),
) -> Team:
    """Raises PermissionDenied for non-admins, Conflict on a taken name, ValidationFailed on
    "name", "member_ids" (unknown or non-staff people) or "lead_id" (not a member)."""
    require_admin(actor)
    team_name = _team_name(session, name)
    members = _staff_members(session, member_ids)
    _check_lead(lead_id, {user.id for user in members})
    team = Team(
        name=team_name,
        description=optional_text(description, field="description", max_length=10_000),
        lead=next((user for user in members if user.id == lead_id), None),
    )
    _set_members(team, members)
    session.add(team)
    session.flush()
    return team


def update_team(
    session: Session,
    actor: User,
    team: Team,
    *,
    name: str | None = None,
    description: str | None = None,
    lead_id: int | None | Unset = UNSET,
    member_ids: Iterable[int] | None = None,
) -> Team:
    """Change the given fields; ``lead_id=None`` removes the lead, ``member_ids`` replaces the members.

    Raises as :func:`create_team`; removing the lead from the members without changing the lead is
    a ValidationFailed on "lead_id".
    """
    require_admin(actor)
    new_name = _team_name(session, name, team) if name is not None else team.name
    new_description = (
        optional_text(description, field="description", max_length=10_000)
        if description is not None
        else team.description
    )
    members = _staff_members(session, member_ids) if member_ids is not None else None
    member_set = {user.id for user in members} if members is not None else {m.user_id for m in team.members}
    new_lead_id = team.lead_id if lead_id is UNSET else lead_id
    _check_lead(new_lead_id, member_set)

    team.name = new_name
    team.description = new_description
    if members is not None:
        _set_members(team, members)
    if new_lead_id != team.lead_id:
        team.lead = None if new_lead_id is None else repository.get_user(session, new_lead_id)
    session.flush()
    return team


def _skill_name(session: Session, name: str, skill: Skill | None = None) -> str:
    text = required_text(name, field="name", max_length=120)
    existing = repository.skill_by_name(session, text)
    if existing is not None and existing is not skill:
        raise Conflict(N_("A skill with this name already exists."), field="name")
    return text


def create_skill(session: Session, actor: User, *, name: str, description: str = "") -> Skill:
    """Raises PermissionDenied for non-admins, ValidationFailed on "name", Conflict on a taken name."""
    require_admin(actor)
    skill = Skill(
        name=_skill_name(session, name),
        description=optional_text(description, field="description", max_length=10_000),
    )
    session.add(skill)
    session.flush()
    return skill


def update_skill(
    session: Session, actor: User, skill: Skill, *, name: str | None = None, description: str | None = None
) -> Skill:
    """Change the given fields; raises as :func:`create_skill`."""
    require_admin(actor)
    new_name = _skill_name(session, name, skill) if name is not None else skill.name
    if description is not None:
        skill.description = optional_text(description, field="description", max_length=10_000)
    skill.name = new_name
    session.flush()
    return skill


def set_agent_skill(session: Session, actor: User, user: User, skill: Skill, level: int) -> AgentSkill:
    """Give a staff member ``skill`` at ``level`` (1 to 5), or change the level they have.

    Raises PermissionDenied for non-admins, ValidationFailed on "user_id" for a customer and on
    "level" outside 1..5.
    """
    require_admin(actor)
    if not user.is_staff:
        raise ValidationFailed(N_("Only staff members can have skills."), field="user_id")
    if (
        isinstance(level, bool)
        or not isinstance(level, int)
        or not MIN_SKILL_LEVEL <= level <= MAX_SKILL_LEVEL
    ):
        raise ValidationFailed(
            N_("Enter a number from %(low)d to %(high)d."),
            field="level",
            low=MIN_SKILL_LEVEL,
            high=MAX_SKILL_LEVEL,
        )
    link = repository.agent_skill(session, user.id, skill.id)
    if link is None:
        link = AgentSkill(skill=skill, level=level)
        user.skill_links.append(link)
    link.level = level
    session.flush()
    return link


def remove_agent_skill(session: Session, actor: User, user: User, skill: Skill) -> None:
    """Take ``skill`` away from ``user``; a skill they do not have is ignored.

    Raises PermissionDenied for non-admins.
    """
    require_admin(actor)
    link = repository.agent_skill(session, user.id, skill.id)
    if link is not None:
        user.skill_links.remove(link)
        session.flush()
