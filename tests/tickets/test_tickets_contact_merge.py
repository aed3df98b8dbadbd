"""Merging duplicate contacts: tickets, messages, CCs and the portal account move to the kept
contact, each moved ticket is audited, the duplicate is gone; conflicting accounts are refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.core.errors import Conflict, PermissionDenied, ValidationFailed
from ticketwise.tickets import links, messages
from ticketwise.tickets.contact_merge import contact_by_reference, merge_contacts
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import TicketCC, TicketEvent, TicketMessage
from ticketwise.users.models import Contact


def _contact(session, **values) -> Contact:
    contact = Contact(**values)
    session.add(contact)
    session.flush()
    return contact


@pytest.fixture
def pair(session):
    keep = _contact(session, email="erin@customer.example", name="Erin")
    duplicate = _contact(session, email="erin.private@mail.example", phone="13800138000", notes="VIP caller")
    return duplicate, keep


def _events(session, ticket_id):
    return session.scalars(
        sa.select(TicketEvent).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.action == "contact.merged"
        )
    ).all()


def test_tickets_messages_and_details_move_to_the_kept_contact(session, admin, agent, new_ticket, pair):
    duplicate, keep = pair
    first = new_ticket(actor=agent, channel=Channel.PHONE, requester_contact_id=duplicate.id)
    second = new_ticket(actor=agent, channel=Channel.PHONE, requester_contact_id=duplicate.id, title="Second")
    messages.add_message(session, None, first, body="Any news?", contact=duplicate, channel=Channel.EMAIL)
    untouched = new_ticket(actor=agent, channel=Channel.PHONE, requester_contact_id=keep.id, title="Own")
    duplicate_id = duplicate.id

    result = merge_contacts(session, admin, duplicate=duplicate, keep=keep)

    assert result.tickets == 2 and result.messages == 1
    assert session.get(Contact, duplicate_id) is None
    for ticket in (first, second):
        session.refresh(ticket)
        assert ticket.requester_id == keep.id
        (event,) = _events(session, ticket.id)
        assert (event.field, event.old_value, event.new_value) == (
            "requester",
            str(duplicate_id),
            str(keep.id),
        )
        assert event.actor_user_id == admin.id
    assert _events(session, untouched.id) == []
    authors = session.scalars(
        sa.select(TicketMessage.author_contact_id).where(TicketMessage.ticket_id == first.id)
    )
    assert duplicate_id not in set(authors)
    session.refresh(keep)
    assert keep.email == "erin@customer.example"
    assert keep.phone == "13800138000" and keep.notes == "VIP caller" and keep.name == "Erin"


def test_ccs_move_without_repeating_the_requester_or_a_cc(session, admin, agent, new_ticket, pair, make_user):
    duplicate, keep = pair
    other = _contact(session, email="frank@customer.example")
    copied = new_ticket(actor=agent, channel=Channel.PHONE, requester_contact_id=other.id)
    links.add_cc(session, agent, copied, duplicate)
    both = new_ticket(actor=agent, channel=Channel.PHONE, requester_contact_id=other.id, title="Both")
    links.add_cc(session, agent, both, duplicate)
    links.add_cc(session, agent, both, keep)
    own = new_ticket(actor=agent, channel=Channel.PHONE, requester_contact_id=keep.id, title="Own")
    links.add_cc(session, agent, own, duplicate)
    duplicate_id = duplicate.id

    merge_contacts(session, admin, duplicate=duplicate, keep=keep)

    def ccs(ticket):
        return set(session.scalars(sa.select(TicketCC.contact_id).where(TicketCC.ticket_id == ticket.id)))

    assert ccs(copied) == {keep.id}
    assert ccs(both) == {keep.id}
    assert ccs(own) == set()
    for ticket in (copied, both, own):
        assert len(_events(session, ticket.id)) == 1
    assert (
        session.scalar(
            sa.select(sa.func.count()).select_from(TicketCC).where(TicketCC.contact_id == duplicate_id)
        )
        == 0
    )


def test_the_portal_account_follows_to_the_kept_contact(session, admin, make_user):
    customer = make_user("customer", email="gina@customer.example")
    duplicate = session.scalar(sa.select(Contact).where(Contact.user_id == customer.id))
    keep = _contact(session, email="gina.work@corp.example", name="Gina")

    merge_contacts(session, admin, duplicate=duplicate, keep=keep)

    session.refresh(keep)
    assert keep.user_id == customer.id
    assert keep.email == "gina.work@corp.example"


def test_the_address_of_a_contact_without_one_is_taken_over(session, admin):
    keep = _contact(session, phone="13900139000", name="Hank")
    duplicate = _contact(session, email="hank@customer.example")
    merge_contacts(session, admin, duplicate=duplicate, keep=keep)
    session.refresh(keep)
    assert keep.email == "hank@customer.example"


def test_two_portal_accounts_are_refused(session, admin, make_user):
    first = make_user("customer", email="ivy@customer.example")
    second = make_user("customer", email="ivy2@customer.example")
    duplicate = session.scalar(sa.select(Contact).where(Contact.user_id == first.id))
    keep = session.scalar(sa.select(Contact).where(Contact.user_id == second.id))
    with pytest.raises(Conflict) as caught:
        merge_contacts(session, admin, duplicate=duplicate, keep=keep)
    assert caught.value.field == "keep"
    assert session.get(Contact, duplicate.id) is not None


def test_a_contact_cannot_be_merged_into_itself(session, admin, pair):
    duplicate, _keep = pair
    with pytest.raises(ValidationFailed):
        merge_contacts(session, admin, duplicate=duplicate, keep=duplicate)


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_only_admins_merge(session, make_user, pair, role):
    duplicate, keep = pair
    with pytest.raises(PermissionDenied):
        merge_contacts(session, make_user(role), duplicate=duplicate, keep=keep)


def test_contact_by_reference(session, pair):
    duplicate, keep = pair
    assert contact_by_reference(session, f"#{keep.id}") is keep
    assert contact_by_reference(session, str(duplicate.id)) is duplicate
    assert contact_by_reference(session, " Erin@Customer.example ") is keep
    for text in ("", "nobody@example.com", "#999999"):
        with pytest.raises(ValidationFailed) as caught:
            contact_by_reference(session, text)
        assert caught.value.field == "keep"
