"""Links between tickets, merging, watchers and CCs."""

from __future__ import annotations

import pytest

from ticketwise.core.errors import Conflict, NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from ticketwise.tickets import access
from ticketwise.tickets.domain_events import TicketMerged
from ticketwise.tickets.enums import LinkKind, MessageKind, Status
from ticketwise.tickets.links import (
    add_cc,
    add_watcher,
    link_tickets,
    merge_tickets,
    remove_cc,
    remove_watcher,
    unlink,
)
from ticketwise.tickets.transitions import transition
from ticketwise.users import repository as users_repository
from ticketwise.users.contacts import get_or_create_contact


def _actions(session, agent, ticket, *names):
    return [
        (e.action, e.old_value, e.new_value)
        for e in access.list_events(session, agent, ticket)
        if e.action in names
    ]


def test_link_both_sides_are_audited(session, new_ticket, agent):
    first, second = new_ticket(), new_ticket()
    link = link_tickets(session, agent, first, second, LinkKind.DUPLICATE_OF)
    assert (link.source_id, link.target_id, link.created_by_id) == (first.id, second.id, agent.id)
    assert _actions(session, agent, first, "linked") == [("linked", None, second.number)]
    assert _actions(session, agent, second, "linked") == [("linked", None, first.number)]
    assert [link.id] == [lk.id for lk in access.list_links(session, agent, second)]


def test_system_links_a_probable_duplicate_with_its_score(session, new_ticket, agent):
    first, second = new_ticket(), new_ticket()
    link = link_tickets(session, None, first, second, LinkKind.DUPLICATE_OF, score=0.93)
    assert link.score == 0.93 and link.created_by_id is None


def test_self_duplicate_and_merge_links_are_refused(session, new_ticket, agent, customer):
    first, second = new_ticket(), new_ticket()
    with pytest.raises(Conflict):
        link_tickets(session, agent, first, first, LinkKind.RELATED)
    link_tickets(session, agent, first, second, LinkKind.RELATED)
    with pytest.raises(Conflict):
        link_tickets(session, agent, first, second, LinkKind.RELATED)
    with pytest.raises(Conflict):
        link_tickets(session, agent, second, first, LinkKind.RELATED)
    link_tickets(session, agent, first, second, LinkKind.PARENT_OF)  # another kind is fine
    with pytest.raises(ValidationFailed) as caught:
        link_tickets(session, agent, first, second, LinkKind.MERGED_INTO)
    assert caught.value.field == "kind"
    with pytest.raises(PermissionDenied):
        link_tickets(session, customer, first, second, LinkKind.DUPLICATE_OF)


def test_unlink(session, new_ticket, agent):
    first, second = new_ticket(), new_ticket()
    link = link_tickets(session, agent, first, second, LinkKind.RELATED)
    unlink(session, agent, link.id)
    assert access.list_links(session, agent, first) == []
    assert _actions(session, agent, second, "unlinked") == [("unlinked", first.number, None)]
    with pytest.raises(NotFound):
        unlink(session, agent, link.id)


def test_merge(session, new_ticket, agent, other_agent, customer, other_customer, published):
    target = new_ticket(actor=other_customer, title="Printer broken (Dave)")
    source = new_ticket(title="Printer broken (Carol)")
    add_watcher(session, agent, source, other_agent)
    copied = get_or_create_contact(session, email="cc@example.com", name="Copied")
    add_cc(session, agent, source, copied)

    result = merge_tickets(session, agent, source, target)

    assert result is target
    assert (source.status, source.merged_into_id) == (Status.MERGED, target.id)
    assert target.status is Status.NEW
    [link] = access.list_links(session, agent, source)
    assert (link.kind, link.source_id, link.target_id) == (LinkKind.MERGED_INTO, source.id, target.id)
    with pytest.raises(Conflict):
        unlink(session, agent, link.id)
    assert {cc.contact_id for cc in access.list_ccs(session, agent, target)} == {
        source.requester_id,
        copied.id,
    }
    assert [w.user_id for w in access.list_watchers(session, agent, target)] == [other_agent.id]
    for ticket, number in ((source, target.number), (target, source.number)):
        notices = [m for m in access.list_messages(session, agent, ticket) if m.kind is MessageKind.SYSTEM]
        assert len(notices) == 1 and number in notices[0].body_text
    assert _actions(session, agent, source, "merged") == [("merged", None, target.number)]
    assert _actions(session, agent, target, "merged_from") == [("merged_from", None, source.number)]

    # The source's requester is now copied on the target and is redirected there.
    assert access.merged_target(session, customer, source) is target
    assert access.access_ticket(session, customer, target.number) is target
    assert access.merged_target(session, agent, target) is None

    session.commit()
    [merged] = [e for e in published if isinstance(e, TicketMerged)]
    assert (merged.source_id, merged.target_id) == (source.id, target.id)


def test_merge_needs_staff_and_two_open_tickets(session, new_ticket, agent, customer):
    first, second, done = new_ticket(), new_ticket(), new_ticket()
    transition(session, agent, done, Status.RESOLVED)
    with pytest.raises(PermissionDenied):
        merge_tickets(session, customer, first, second)
    with pytest.raises(NotAuthenticated):
        merge_tickets(session, None, first, second)
    with pytest.raises(Conflict):
        merge_tickets(session, agent, first, first)
    with pytest.raises(Conflict):
        merge_tickets(session, agent, first, done)
    with pytest.raises(Conflict):
        merge_tickets(session, agent, done, first)
    merge_tickets(session, agent, first, second)
    with pytest.raises(Conflict):
        merge_tickets(session, agent, second, first)


def test_same_requester_is_not_copied_on_merge(session, new_ticket, agent):
    first, second = new_ticket(), new_ticket()
    merge_tickets(session, agent, first, second)
    assert access.list_ccs(session, agent, second) == []


def test_watchers(session, new_ticket, agent, other_agent, customer):
    ticket = new_ticket()
    first = add_watcher(session, agent, ticket, other_agent)
    assert add_watcher(session, agent, ticket, other_agent) is first
    with pytest.raises(ValidationFailed):
        add_watcher(session, agent, ticket, customer)
    with pytest.raises(PermissionDenied):
        add_watcher(session, customer, ticket, agent)
    remove_watcher(session, agent, ticket, other_agent)
    remove_watcher(session, agent, ticket, other_agent)
    assert access.list_watchers(session, agent, ticket) == []
    assert [a for a, *_ in _actions(session, agent, ticket, "watcher_added", "watcher_removed")] == [
        "watcher_added",
        "watcher_removed",
    ]


def test_ccs(session, new_ticket, agent, other_customer):
    ticket = new_ticket()
    contact = users_repository.contact_for_user(session, other_customer.id)
    cc = add_cc(session, agent, ticket, contact)
    assert add_cc(session, agent, ticket, contact) is cc
    with pytest.raises(Conflict):
        add_cc(session, agent, ticket, ticket.requester)
    # A copied customer may read the ticket.
    assert access.access_ticket(session, other_customer, ticket.id) is ticket
    remove_cc(session, agent, ticket, contact)
    with pytest.raises(NotFound):
        access.access_ticket(session, other_customer, ticket.id)
    assert [a for a, *_ in _actions(session, agent, ticket, "cc_added", "cc_removed")] == [
        "cc_added",
        "cc_removed",
    ]
