"""API shapes: outputs read ORM objects and never carry secrets; inputs reject unknown fields."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from ticketwise.users import organizations, repository, schemas, teams, tokens
from ticketwise.users.models import Role


def test_user_out_has_no_password_hash(session: Session, people) -> None:
    user = people(Role.AGENT, password="hidden-password")
    data = schemas.UserOut.model_validate(user).model_dump()
    assert data["email"] == user.email and data["role"] == Role.AGENT
    assert not any("password" in key for key in data)
    assert "hidden-password" not in str(data) and user.password_hash not in str(data)


def test_team_out_lists_members_and_lead(session: Session, admin, people) -> None:
    lead, member = people(Role.AGENT, name="Lead"), people(Role.AGENT, name="Member")
    team = teams.create_team(session, admin, name="Ops", member_ids=[lead.id, member.id], lead_id=lead.id)
    session.expire_all()
    data = schemas.TeamOut.model_validate(repository.get_team(session, team.id)).model_dump()
    assert data["lead"] == {"id": lead.id, "name": "Lead"}
    assert sorted(data["members"], key=lambda m: m["id"]) == [
        {"id": lead.id, "name": "Lead"},
        {"id": member.id, "name": "Member"},
    ]


def test_organization_out_lists_domain_names(session: Session, admin) -> None:
    org = organizations.create_organization(session, admin, name="Org", domains=["b.example", "a.example"])
    assert schemas.OrganizationOut.model_validate(org).domains == ["a.example", "b.example"]


def test_api_token_out_has_no_secret(session: Session, agent) -> None:
    token, plaintext = tokens.create_api_token(session, agent, "cli")
    data = schemas.ApiTokenOut.model_validate(token).model_dump()
    assert set(data) == {"id", "name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"}
    assert plaintext not in str(data)
    created = schemas.ApiTokenCreated(**data, token=plaintext)
    assert created.token == plaintext


def test_contact_out_and_agent_skill_out(session: Session, admin, agent, customer) -> None:
    contact = repository.contact_for_user(session, customer.id)
    assert schemas.ContactOut.model_validate(contact).user_id == customer.id
    skill = teams.create_skill(session, admin, name="Excel")
    link = teams.set_agent_skill(session, admin, agent, skill, 4)
    assert schemas.AgentSkillOut.model_validate(link).model_dump() == {
        "skill": {"id": skill.id, "name": "Excel", "description": ""},
        "level": 4,
    }


def test_inputs_reject_unknown_fields_and_bad_ranges() -> None:
    with pytest.raises(ValidationError):
        schemas.UserPatch(password_hash="x")
    with pytest.raises(ValidationError):
        schemas.AgentSkillIn(skill_id=1, level=9)
    with pytest.raises(ValidationError):
        schemas.UserCreate(email="a@example.com", name="A", role="pirate")
    patch = schemas.TeamPatch(lead_id=None)
    assert patch.model_fields_set == {"lead_id"}
