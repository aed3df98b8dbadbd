"""Teams (membership and lead rules) and skills."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, PermissionDenied, ValidationFailed
from ticketwise.users import repository, teams
from ticketwise.users.models import Role


def _member_ids(team) -> set[int]:
    return {link.user_id for link in team.members}


def test_create_team_with_members_and_lead(session: Session, admin, people) -> None:
    first, second = people(Role.AGENT), people(Role.SUPERVISOR)
    team = teams.create_team(
        session,
        admin,
        name=" Hardware ",
        description="Repairs",
        member_ids=[first.id, second.id, first.id],
        lead_id=second.id,
    )
    assert team.name == "Hardware"
    assert _member_ids(team) == {first.id, second.id}
    assert team.lead is second
    assert set(first.team_ids) == {team.id}


def test_team_names_are_unique_regardless_of_case(session: Session, admin) -> None:
    teams.create_team(session, admin, name="Network")
    with pytest.raises(Conflict) as caught:
        teams.create_team(session, admin, name="NETWORK")
    assert caught.value.field == "name"


@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR])
def test_only_admins_manage_teams(session: Session, people, role) -> None:
    with pytest.raises(PermissionDenied):
        teams.create_team(session, people(role), name="Rogue")


def test_members_must_be_existing_staff(session: Session, admin, customer) -> None:
    with pytest.raises(ValidationFailed) as customer_member:
        teams.create_team(session, admin, name="Mixed", member_ids=[customer.id])
    assert customer_member.value.field == "member_ids"
    with pytest.raises(ValidationFailed) as ghost:
        teams.create_team(session, admin, name="Ghosts", member_ids=[10**9])
    assert ghost.value.field == "member_ids"


def test_lead_must_be_a_member(session: Session, admin, people) -> None:
    member, outsider = people(Role.AGENT), people(Role.AGENT)
    with pytest.raises(ValidationFailed) as caught:
        teams.create_team(session, admin, name="Lead Elsewhere", member_ids=[member.id], lead_id=outsider.id)
    assert caught.value.field == "lead_id"
    with pytest.raises(ValidationFailed):
        teams.create_team(session, admin, name="Nobody", lead_id=outsider.id)


def test_update_team_replaces_members_and_guards_the_lead(session: Session, admin, people) -> None:
    lead, helper, newcomer = people(Role.AGENT), people(Role.AGENT), people(Role.AGENT)
    team = teams.create_team(session, admin, name="Desk", member_ids=[lead.id, helper.id], lead_id=lead.id)

    with pytest.raises(ValidationFailed) as dropped_lead:
        teams.update_team(session, admin, team, member_ids=[helper.id, newcomer.id])
    assert dropped_lead.value.field == "lead_id"
    assert _member_ids(team) == {lead.id, helper.id}  # nothing changed

    teams.update_team(session, admin, team, member_ids=[helper.id, newcomer.id], lead_id=newcomer.id)
    assert _member_ids(team) == {helper.id, newcomer.id}
    assert team.lead is newcomer

    teams.update_team(session, admin, team, lead_id=None, name="Service Desk", description="Front line")
    assert team.lead is None and team.name == "Service Desk" and team.description == "Front line"

    session.expire_all()
    reloaded = repository.get_team(session, team.id)
    assert {link.user.id for link in reloaded.members} == {helper.id, newcomer.id}


def test_renaming_a_team_to_its_own_name_in_another_case_is_allowed(session: Session, admin) -> None:
    team = teams.create_team(session, admin, name="ops")
    teams.update_team(session, admin, team, name="Ops")
    assert team.name == "Ops"


def test_skills_and_levels(session: Session, admin, agent, customer) -> None:
    skill = teams.create_skill(session, admin, name="Linux", description="Servers")
    with pytest.raises(Conflict):
        teams.create_skill(session, admin, name="linux")

    link = teams.set_agent_skill(session, admin, agent, skill, 2)
    assert (link.skill, link.level) == (skill, 2)
    teams.set_agent_skill(session, admin, agent, skill, 5)
    assert [(s.skill.name, s.level) for s in agent.skill_links] == [("Linux", 5)]

    for level in (0, 6, True):
        with pytest.raises(ValidationFailed) as bad_level:
            teams.set_agent_skill(session, admin, agent, skill, level)
        assert bad_level.value.field == "level"
    with pytest.raises(ValidationFailed) as not_staff:
        teams.set_agent_skill(session, admin, customer, skill, 3)
    assert not_staff.value.field == "user_id"
    with pytest.raises(PermissionDenied):
        teams.set_agent_skill(session, agent, agent, skill, 3)

    teams.remove_agent_skill(session, admin, agent, skill)
    teams.remove_agent_skill(session, admin, agent, skill)  # already gone: no error
    assert agent.skill_links == []
    assert repository.agent_skill(session, agent.id, skill.id) is None

    teams.update_skill(session, admin, skill, name="GNU/Linux")
    assert repository.skill_by_name(session, "gnu/linux") is skill
