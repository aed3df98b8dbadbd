"""Contacts: matching inbound requesters, staff entry and edits."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, PermissionDenied, ValidationFailed
from ticketwise.users import contacts, organizations, repository
from ticketwise.users.models import Contact


def _count(session: Session) -> int:
    return session.query(Contact).count()


def test_match_by_email_case_insensitively_and_fill_missing_name(session: Session, admin) -> None:
    org = organizations.create_organization(session, admin, name="Umbrella", domains=["umbrella.com"])
    first = contacts.get_or_create_contact(session, email="Jill@Umbrella.com")
    assert (first.email, first.name, first.organization) == ("jill@umbrella.com", "", org)
    again = contacts.get_or_create_contact(session, email="JILL@umbrella.COM", name="Jill Valentine")
    assert again is first and first.name == "Jill Valentine"
    contacts.get_or_create_contact(session, email="jill@umbrella.com", name="Someone Else")
    assert first.name == "Jill Valentine"  # an existing name is kept
    assert _count(session) == 1


def test_match_by_phone_then_external_id(session: Session) -> None:
    by_phone = contacts.get_or_create_contact(session, phone="+86 (10) 1234-5678", name="Caller")
    assert by_phone.phone == "+861012345678"
    assert contacts.get_or_create_contact(session, phone="+86 10 1234 5678") is by_phone
    by_ref = contacts.get_or_create_contact(session, external_id="crm-42", name="From CRM")
    assert contacts.get_or_create_contact(session, external_id=" crm-42 ") is by_ref
    assert _count(session) == 2


def test_a_phone_match_learns_the_address(session: Session, admin) -> None:
    org = organizations.create_organization(session, admin, name="Phone Co", domains=["phone.example.com"])
    caller = contacts.get_or_create_contact(session, phone="13800000001")
    same = contacts.get_or_create_contact(session, email="caller@phone.example.com", phone="138-0000-0001")
    assert same is caller
    assert caller.email == "caller@phone.example.com" and caller.organization is org


def test_a_shared_phone_with_another_address_is_another_person(session: Session) -> None:
    first = contacts.get_or_create_contact(session, email="one@example.com", phone="13800000002")
    second = contacts.get_or_create_contact(session, email="two@example.com", phone="13800000002")
    assert second is not first
    assert (second.email, second.phone) == ("two@example.com", "13800000002")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "email"),
        ({"email": "   "}, "email"),
        ({"email": "nope"}, "email"),
        ({"phone": "call me"}, "phone"),
    ],
)
def test_get_or_create_rejects_unidentifiable_or_malformed_input(session: Session, kwargs, field) -> None:
    with pytest.raises(ValidationFailed) as caught:
        contacts.get_or_create_contact(session, **kwargs)
    assert caught.value.field == field


def test_create_contact_by_staff(session: Session, admin, agent, customer) -> None:
    org = organizations.create_organization(session, admin, name="Walk-ins")
    contact = contacts.create_contact(
        session, agent, name="Visitor", phone="010-8888 0000", organization_id=org.id
    )
    assert (contact.phone, contact.organization, contact.email) == ("01088880000", org, None)
    with pytest.raises(ValidationFailed) as unreachable:
        contacts.create_contact(session, agent, name="Nobody")
    assert unreachable.value.field == "email"
    with pytest.raises(Conflict) as taken:
        contacts.create_contact(session, agent, name="Carol again", email="CAROL@customer.example.org")
    assert taken.value.field == "email"
    with pytest.raises(PermissionDenied):
        contacts.create_contact(session, customer, name="Friend", email="friend@example.com")


def test_update_contact_changes_only_given_fields(session: Session, admin, agent) -> None:
    org = organizations.create_organization(session, admin, name="Edit Org")
    contact = contacts.create_contact(
        session, agent, name="Before", email="before@example.com", phone="123456"
    )
    contacts.update_contact(
        session, agent, contact, name="After", organization_id=org.id, locale="en", notes=" VIP "
    )
    assert (contact.name, contact.email, contact.phone) == ("After", "before@example.com", "123456")
    assert (contact.organization, contact.locale, contact.notes) == (org, "en", "VIP")
    contacts.update_contact(session, agent, contact, email=None, organization_id=None)
    assert contact.email is None and contact.organization is None and contact.phone == "123456"


def test_update_contact_validates_before_changing(session: Session, agent) -> None:
    contact = contacts.create_contact(session, agent, name="Only Phone", phone="5550001")
    with pytest.raises(ValidationFailed) as unreachable:
        contacts.update_contact(session, agent, contact, phone=None, name="Changed")
    assert unreachable.value.field == "email"
    assert (contact.phone, contact.name) == ("5550001", "Only Phone")
    contacts.create_contact(session, agent, name="Owner", email="owner@example.com")
    with pytest.raises(Conflict):
        contacts.update_contact(session, agent, contact, email="Owner@example.com")
    assert contact.email is None


def test_the_address_of_a_portal_account_contact_is_fixed(session: Session, agent, customer) -> None:
    contact = session.query(Contact).filter_by(user_id=customer.id).one()
    with pytest.raises(ValidationFailed) as caught:
        contacts.update_contact(session, agent, contact, email="new@example.org")
    assert caught.value.field == "email"
    contacts.update_contact(session, agent, contact, email="CAROL@customer.example.org", phone="1234567")
    assert contact.email == "carol@customer.example.org" and contact.phone == "1234567"


def test_a_contact_inserted_meanwhile_is_returned_instead_of_failing(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = contacts.get_or_create_contact(session, email="race@example.com")
    real_lookup = repository.contact_by_email
    lookups: list[str] = []

    def lookup_missing_it_first(session: Session, email: str):
        # The first lookup runs "before the other transaction committed" and finds nothing.
        lookups.append(email)
        return None if len(lookups) == 1 else real_lookup(session, email)

    monkeypatch.setattr(repository, "contact_by_email", lookup_missing_it_first)
    assert contacts.get_or_create_contact(session, email="race@example.com") is existing
    assert len(lookups) == 2
    assert _count(session) == 1
    # The transaction is still usable after the failed insert.
    assert contacts.get_or_create_contact(session, email="after@example.com").id is not None
