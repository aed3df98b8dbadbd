"""Accounts: creation rules, customer contacts, profile and role changes, the last-admin guard,
passwords."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, NotAuthenticated, PermissionDenied, ValidationFailed
from ticketwise.core.security import MIN_PASSWORD_LENGTH, verify_password
from ticketwise.users import auth, contacts, organizations, repository, service, teams
from ticketwise.users.models import Availability, Contact, Role


def test_create_user_normalises_email_and_hashes_password(session: Session) -> None:
    user = service.create_user(
        session,
        email="  Alice@Example.COM ",
        name=" Alice ",
        role="agent",
        password="s3cret-pass",
        locale="zh-CN",
    )
    assert user.email == "alice@example.com"
    assert user.name == "Alice"
    assert user.role is Role.AGENT
    assert user.locale == "zh_CN"
    assert user.is_active
    assert user.password_hash != "s3cret-pass"
    assert verify_password("s3cret-pass", user.password_hash)
    assert repository.get_user_by_email(session, "ALICE@example.com") is user


def test_create_user_without_password_cannot_sign_in(session: Session) -> None:
    service.create_user(session, email="nopw@example.com", name="No Password", role=Role.AGENT)
    with pytest.raises(NotAuthenticated):
        auth.authenticate(session, "nopw@example.com", "anything-at-all")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": "x@localhost"}, "email"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"role": "overlord"}, "role"),
        ({"password": "short"}, "password"),
        ({"password": "x" * (MIN_PASSWORD_LENGTH - 1)}, "password"),
        ({"locale": "fr"}, "locale"),
        ({"organization_id": 987654}, "organization_id"),
    ],
)
def test_create_user_rejects_invalid_input(session: Session, kwargs: dict, field: str) -> None:
    values = {"email": "valid@example.com", "name": "Valid", "role": "agent", **kwargs}
    with pytest.raises(ValidationFailed) as caught:
        service.create_user(session, **values)
    assert caught.value.field == field
    assert repository.get_user_by_email(session, "valid@example.com") is None


def test_email_is_unique_regardless_of_case(session: Session, people) -> None:
    people(Role.AGENT, email="dup@example.com")
    with pytest.raises(Conflict) as caught:
        service.create_user(session, email="DUP@Example.com", name="Again", role="agent")
    assert caught.value.field == "email"


def test_customer_gets_a_new_contact_and_the_organization_of_the_domain(session: Session, admin) -> None:
    acme = organizations.create_organization(session, admin, name="ACME", domains=["acme.cn"])
    user = service.create_user(session, email="Wang@ACME.cn", name="王伟", role="customer")
    contact = repository.contact_for_user(session, user.id)
    assert contact is not None
    assert contact.email == "wang@acme.cn"
    assert contact.name == "王伟"
    assert user.organization is acme
    assert contact.organization is acme


def test_customer_is_linked_to_the_existing_contact_with_the_same_address(session: Session, admin) -> None:
    existing = contacts.get_or_create_contact(session, email="li@shop.example.com", phone="+86 138-0000-0000")
    user = service.create_user(session, email="LI@shop.example.com", name="Li Na", role="customer")
    assert existing.user_id == user.id
    assert existing.name == "Li Na"  # it had none
    assert existing.phone == "+8613800000000"
    assert session.query(Contact).filter(Contact.email == "li@shop.example.com").count() == 1


def test_explicit_organization_wins_over_the_domain(session: Session, admin) -> None:
    organizations.create_organization(session, admin, name="By Domain", domains=["corp.example.com"])
    chosen = organizations.create_organization(session, admin, name="Chosen")
    user = service.create_user(
        session, email="a@corp.example.com", name="A", role="customer", organization_id=chosen.id
    )
    assert user.organization is chosen
    assert repository.contact_for_user(session, user.id).organization is chosen


def test_staff_get_no_contact(session: Session, agent) -> None:
    assert repository.contact_for_user(session, agent.id) is None


def test_user_may_change_own_profile_but_not_role_or_capacity(session: Session, agent) -> None:
    service.update_user(
        session, agent, agent, name="Renamed", locale="en", timezone="Europe/Berlin", availability="online"
    )
    assert (agent.name, agent.locale, agent.timezone, agent.availability) == (
        "Renamed",
        "en",
        "Europe/Berlin",
        Availability.ONLINE,
    )
    with pytest.raises(PermissionDenied):
        service.update_user(session, agent, agent, role="admin")
    with pytest.raises(PermissionDenied):
        service.update_user(session, agent, agent, capacity=99)


def test_user_cannot_change_someone_else(session: Session, people) -> None:
    first, second = people(Role.AGENT), people(Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        service.update_user(session, second, first, name="Hijacked")
    assert first.name != "Hijacked"


def test_empty_locale_clears_the_language(session: Session, people) -> None:
    user = people(Role.AGENT, locale="en")
    service.update_user(session, user, user, locale="")
    assert user.locale is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"availability": "sleeping"}, "availability"),
        ({"capacity": -1}, "capacity"),
        ({"role": "boss"}, "role"),
        ({"organization_id": 424242}, "organization_id"),
    ],
)
def test_update_user_rejects_invalid_values_without_changing_anything(
    session: Session, admin, agent, kwargs: dict, field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        service.update_user(session, admin, agent, name="Should Not Stick", **kwargs)
    assert caught.value.field == field
    assert agent.name != "Should Not Stick"


def test_admin_updates_role_capacity_and_organization(session: Session, admin, agent) -> None:
    org = organizations.create_organization(session, admin, name="Internal")
    service.update_user(session, admin, agent, role="supervisor", capacity=5, organization_id=org.id)
    assert agent.role is Role.SUPERVISOR
    assert agent.capacity == 5
    assert agent.organization is org


def test_customer_name_change_follows_to_the_contact(session: Session, customer) -> None:
    service.update_user(session, customer, customer, name="Carol Chen")
    assert repository.contact_for_user(session, customer.id).name == "Carol Chen"


def test_last_active_admin_cannot_be_demoted_or_deactivated(session: Session, admin) -> None:
    with pytest.raises(Conflict) as demoted:
        service.update_user(session, admin, admin, role="agent")
    assert demoted.value.field == "role"
    with pytest.raises(Conflict) as deactivated:
        service.update_user(session, admin, admin, is_active=False)
    assert deactivated.value.field == "is_active"
    assert admin.role is Role.ADMIN and admin.is_active


def test_an_admin_can_step_down_when_another_remains(session: Session, people) -> None:
    first, second = people(Role.ADMIN), people(Role.ADMIN)
    service.update_user(session, first, first, role="agent")
    assert first.role is Role.AGENT
    with pytest.raises(Conflict):
        service.update_user(session, second, second, is_active=False)


def test_an_inactive_admin_does_not_count(session: Session, people) -> None:
    active, dormant = people(Role.ADMIN), people(Role.ADMIN)
    service.update_user(session, active, dormant, is_active=False)
    with pytest.raises(Conflict):
        service.update_user(session, active, active, role="supervisor")


def test_deactivation_ends_sessions_and_links(session: Session, admin, agent) -> None:
    cookie = auth.start_session(session, agent)
    reset_url = service.request_password_reset(session, agent.email)
    assert reset_url is not None
    service.update_user(session, admin, agent, is_active=False)
    assert auth.resolve_session(session, cookie) is None
    assert repository.web_sessions_for_user(session, agent.id) == []
    assert repository.unused_links(session, agent.id) == []


def test_becoming_a_customer_leaves_teams_and_skills(session: Session, admin, agent) -> None:
    team = teams.create_team(session, admin, name="Desk", member_ids=[agent.id], lead_id=agent.id)
    skill = teams.create_skill(session, admin, name="Networking")
    teams.set_agent_skill(session, admin, agent, skill, 4)
    service.update_user(session, admin, agent, role="customer")
    session.expire_all()
    assert agent.team_links == [] and agent.skill_links == []
    assert team.lead is None and team.members == []
    assert repository.contact_for_user(session, agent.id).email == agent.email


def test_change_password_checks_the_old_one_and_keeps_the_current_browser(session: Session, people) -> None:
    user = people(Role.AGENT, password="original-pass")
    here = auth.start_session(session, user)
    elsewhere = auth.start_session(session, user)
    with pytest.raises(ValidationFailed) as wrong:
        service.change_password(session, user, "not-the-password", "brand-new-pass")
    assert wrong.value.field == "old_password"
    with pytest.raises(ValidationFailed) as short:
        service.change_password(session, user, "original-pass", "tiny")
    assert short.value.field == "new_password"

    service.change_password(session, user, "original-pass", "brand-new-pass", keep_session_token=here)
    assert auth.resolve_session(session, here) is user
    assert auth.resolve_session(session, elsewhere) is None
    assert auth.authenticate(session, user.email, "brand-new-pass") is user
    with pytest.raises(NotAuthenticated):
        auth.authenticate(session, user.email, "original-pass")


def test_set_password_signs_out_everywhere(session: Session, agent) -> None:
    cookie = auth.start_session(session, agent)
    service.set_password(session, agent, "admin-chosen-pass")
    assert auth.resolve_session(session, cookie) is None
    assert verify_password("admin-chosen-pass", agent.password_hash)
    with pytest.raises(ValidationFailed) as short:
        service.set_password(session, agent, "1234567")
    assert short.value.field == "password"


def test_blank_form_choices_leave_values_unchanged(session: Session, admin, agent) -> None:
    before = (agent.role, agent.timezone, agent.availability)
    service.update_user(session, admin, agent, role="", timezone="", availability="", name="Same Person")
    assert (agent.role, agent.timezone, agent.availability) == before
    assert agent.name == "Same Person"
