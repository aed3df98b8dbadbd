"""Read gates: staff read people; a customer reads only their own account, contact and organization."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ticketwise.core.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from ticketwise.core.pagination import PageRequest
from ticketwise.users import access, contacts, organizations, repository, service, teams
from ticketwise.users.models import Role


@pytest.fixture
def acme(session: Session, admin):
    return organizations.create_organization(session, admin, name="ACME", domains=["acme.example"])


@pytest.fixture
def acme_customer(session: Session, acme):
    return service.create_user(session, email="road.runner@acme.example", name="Road Runner", role="customer")


def test_customer_reads_only_themself(session: Session, customer, agent, acme_customer) -> None:
    assert access.access_user(session, customer, customer.id) is customer
    for other in (agent.id, acme_customer.id, 10**9):
        with pytest.raises(NotFound):
            access.access_user(session, customer, other)
    page = access.list_users(session, customer, page=PageRequest(size=50))
    assert [u.id for u in page.items] == [customer.id] and page.total == 1


def test_staff_read_everyone_with_filters_and_paging(
    session: Session, admin, agent, customer, people
) -> None:
    assert access.access_user(session, agent, customer.id) is customer
    for index in range(5):
        people(Role.AGENT, name=f"Zed {index}")
    first = access.list_users(session, agent, role="agent", q="zed", page=PageRequest(page=1, size=2))
    second = access.list_users(session, agent, role=Role.AGENT, q="ZED", page=PageRequest(page=3, size=2))
    assert first.total == 5 and first.pages == 3 and first.has_next
    assert [u.name for u in first.items] == ["Zed 0", "Zed 1"]
    assert [u.name for u in second.items] == ["Zed 4"] and not second.has_next
    by_mail = access.list_users(session, agent, q="carol@customer")
    assert [u.id for u in by_mail.items] == [customer.id]
    with pytest.raises(ValidationFailed):
        access.list_users(session, agent, role="wizard")


def test_search_treats_wildcards_literally(session: Session, agent, people) -> None:
    people(Role.AGENT, name="100% Uptime")
    people(Role.AGENT, name="1000 Uptime")
    assert [u.name for u in access.list_users(session, agent, q="100%").items] == ["100% Uptime"]


def test_active_filter_and_staff_list(session: Session, admin, agent, customer, people) -> None:
    leaver = people(Role.SUPERVISOR)
    service.update_user(session, admin, leaver, is_active=False)
    inactive = access.list_users(session, admin, active=False)
    assert [u.id for u in inactive.items] == [leaver.id]
    staff_ids = [u.id for u in access.list_staff(session, agent)]
    assert set(staff_ids) == {admin.id, agent.id}
    with pytest.raises(PermissionDenied):
        access.list_staff(session, customer)


def test_anonymous_viewers_are_refused(session: Session, customer) -> None:
    with pytest.raises(NotAuthenticated):
        access.access_user(session, None, customer.id)
    with pytest.raises(NotAuthenticated):
        access.list_contacts(session, None)


def test_contacts_gate(session: Session, agent, customer, acme_customer) -> None:
    own = access.own_contact(session, customer)
    other = repository.contact_for_user(session, acme_customer.id)
    walk_in = contacts.create_contact(session, agent, name="Walk-in", phone="5551234")
    assert access.access_contact(session, customer, own.id) is own
    for hidden in (other.id, walk_in.id, 10**9):
        with pytest.raises(NotFound):
            access.access_contact(session, customer, hidden)
    assert [c.id for c in access.list_contacts(session, customer).items] == [own.id]
    assert access.list_contacts(session, customer, q="walk").total == 0
    assert access.access_contact(session, agent, other.id) is other
    assert {c.id for c in access.list_contacts(session, agent).items} == {own.id, other.id, walk_in.id}
    assert [c.id for c in access.list_contacts(session, agent, q="5551").items] == [walk_in.id]


def test_a_customer_without_a_linked_contact_sees_no_contacts(session: Session, people) -> None:
    # Never "no filter": without a contact of their own a customer sees nothing.
    orphan = people(Role.CUSTOMER, email="orphan@example.com")
    repository.contact_for_user(session, orphan.id).user_id = None
    session.flush()
    assert access.list_contacts(session, orphan).total == 0


def test_organizations_gate(session: Session, admin, agent, customer, acme, acme_customer) -> None:
    other = organizations.create_organization(session, admin, name="Other", domains=["other.example"])
    assert access.access_organization(session, acme_customer, acme.id) is acme
    with pytest.raises(NotFound):
        access.access_organization(session, acme_customer, other.id)
    with pytest.raises(NotFound):
        access.access_organization(session, customer, acme.id)  # Carol has no organization
    assert [o.id for o in access.list_organizations(session, acme_customer).items] == [acme.id]
    assert access.list_organizations(session, customer).total == 0
    assert {o.id for o in access.list_organizations(session, agent).items} == {acme.id, other.id}
    assert [o.id for o in access.list_organizations(session, agent, q="other.exa").items] == [other.id]


def test_teams_and_skills_are_for_staff(session: Session, admin, agent, customer) -> None:
    team = teams.create_team(session, admin, name="Desk", member_ids=[agent.id], lead_id=agent.id)
    skill = teams.create_skill(session, admin, name="Printers")
    assert access.access_team(session, agent, team.id) is team
    assert access.list_teams(session, agent) == [team]
    assert access.list_teams(session, agent, member_id=admin.id) == []
    assert access.access_skill(session, agent, skill.id) is skill
    assert access.list_skills(session, agent) == [skill]
    for read in (
        lambda: access.access_team(session, customer, team.id),
        lambda: access.list_teams(session, customer),
        lambda: access.list_skills(session, customer),
        lambda: access.access_skill(session, customer, skill.id),
    ):
        with pytest.raises(PermissionDenied):
            read()
    with pytest.raises(NotFound):
        access.access_team(session, agent, 10**9)
