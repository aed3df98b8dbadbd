"""The read gate: who sees which ticket, and what of it."""

from __future__ import annotations

import pytest

from ticketwise.core.errors import NotAuthenticated, NotFound, PermissionDenied
from ticketwise.tickets import access
from ticketwise.tickets.enums import LinkKind
from ticketwise.tickets.links import link_tickets
from ticketwise.users.models import Role


def test_customers_never_read_another_customers_ticket(
    session, new_ticket, customer, other_customer, agent, admin
):
    ticket = new_ticket()
    for ref in (ticket.id, str(ticket.id), ticket.number, ticket.number.lower()):
        assert access.access_ticket(session, customer, ref) is ticket
        assert access.access_ticket(session, agent, ref) is ticket
        assert access.access_ticket(session, admin, ref) is ticket
        with pytest.raises(NotFound) as caught:
            access.access_ticket(session, other_customer, ref)
        # Same answer as for a ticket that does not exist: nothing is revealed.
        with pytest.raises(NotFound) as missing:
            access.access_ticket(session, other_customer, "TW-19990101-0001")
        assert caught.value.message == missing.value.message
    for gate in (access.list_messages, access.list_links, access.list_attachments, access.list_ccs):
        with pytest.raises(NotFound):
            gate(session, other_customer, ticket)


def test_signed_out_or_inactive_users_see_nothing(session, new_ticket, customer):
    ticket = new_ticket()
    with pytest.raises(NotAuthenticated):
        access.access_ticket(session, None, ticket.id)
    customer.is_active = False
    with pytest.raises(NotAuthenticated):
        access.access_ticket(session, customer, ticket.id)


def test_organization_sharing(session, new_ticket, make_user, acme, agent):
    alice = make_user(Role.CUSTOMER, email="alice@acme.example")
    bruno = make_user(Role.CUSTOMER, email="bruno@acme.example")
    ticket = new_ticket(actor=alice)
    assert ticket.organization_id == acme.id
    with pytest.raises(NotFound):
        access.access_ticket(session, bruno, ticket.id)
    acme.shared_tickets = True
    session.flush()
    assert access.access_ticket(session, bruno, ticket.id) is ticket
    assert access.can_see(session, bruno, ticket)


def test_history_and_watchers_are_staff_only(session, new_ticket, customer, agent):
    ticket = new_ticket()
    assert [e.action for e in access.list_events(session, agent, ticket)] == ["created"]
    with pytest.raises(PermissionDenied):
        access.list_events(session, customer, ticket)
    with pytest.raises(PermissionDenied):
        access.list_watchers(session, customer, ticket)


def test_customers_only_see_links_to_tickets_they_may_see(
    session, new_ticket, customer, other_customer, agent
):
    own, own_too, foreign = new_ticket(), new_ticket(), new_ticket(actor=other_customer)
    visible = link_tickets(session, agent, own, own_too, LinkKind.RELATED)
    link_tickets(session, agent, foreign, own, LinkKind.DUPLICATE_OF)
    assert [link.id for link in access.list_links(session, customer, own)] == [visible.id]
    assert len(access.list_links(session, agent, own)) == 2
