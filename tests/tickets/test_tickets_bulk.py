"""Bulk changes: one change to many tickets, each in its own savepoint, refusals reported."""

from __future__ import annotations

import pytest

from ticketwise.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticketwise.tickets import access
from ticketwise.tickets.bulk import MAX_BULK_TICKETS, BulkChange, bulk_update
from ticketwise.tickets.domain_events import TicketStatusChanged, TicketUpdated
from ticketwise.tickets.enums import Priority, Status
from ticketwise.tickets.transitions import transition


def _changes(session, agent, ticket):
    return [
        (e.action, e.field, e.old_value, e.new_value)
        for e in access.list_events(session, agent, ticket)
        if e.action != "created"
    ]


def _closed(session, agent, ticket):
    transition(session, agent, ticket, Status.RESOLVED)
    transition(session, agent, ticket, Status.CLOSED)
    return ticket


def test_status_change_resolves_what_it_can_and_reports_the_rest(session, new_ticket, agent, published):
    first, second = new_ticket(), new_ticket()
    closed = _closed(session, agent, new_ticket())
    session.commit()
    published.clear()

    result = bulk_update(session, agent, [first.id, closed.id, second.id], BulkChange(status=Status.RESOLVED))

    assert result.changed == [first.number, second.number]
    assert result.unchanged == []
    [refusal] = result.refused
    assert (refusal.ticket_id, refusal.number) == (closed.id, closed.number)
    assert isinstance(refusal.error, Conflict)
    assert refusal.reason == "Cannot change status from Closed to Resolved."
    assert (first.status, second.status, closed.status) == (Status.RESOLVED, Status.RESOLVED, Status.CLOSED)
    for ticket in (first, second):
        assert _changes(session, agent, ticket) == [("status_changed", "status", "new", "resolved")]
    assert [e for e in _changes(session, agent, closed) if e[3] == "resolved"] == [
        ("status_changed", "status", "new", "resolved")  # from before, nothing new
    ]
    session.commit()
    # The refused ticket published nothing: only the two changed tickets reach the handlers.
    assert sorted(e.ticket_id for e in published if isinstance(e, TicketStatusChanged)) == sorted(
        [first.id, second.id]
    )


def test_a_refusal_in_the_middle_does_not_undo_earlier_tickets(session, new_ticket, agent, other_agent):
    first = new_ticket()
    missing_id = first.id + 10_000
    last = new_ticket()
    session.commit()

    result = bulk_update(
        session, agent, [first.id, missing_id, last.id], BulkChange(assignee_id=other_agent.id)
    )
    session.commit()

    assert result.changed == [first.number, last.number]
    [refusal] = result.refused
    assert (refusal.ticket_id, refusal.number) == (missing_id, None)
    assert isinstance(refusal.error, NotFound)
    for ticket in (first, last):
        session.refresh(ticket)
        assert (ticket.assignee_id, ticket.status) == (other_agent.id, Status.ASSIGNED)
        assert _changes(session, agent, ticket) == [
            ("updated", "assignee_id", None, str(other_agent.id)),
            ("status_changed", "status", "new", "assigned"),
        ]


def test_unassign_team_and_priority(session, new_ticket, agent, other_agent, team):
    ticket = new_ticket()
    bulk_update(session, agent, [ticket.id], BulkChange(assignee_id=other_agent.id))
    assert ticket.status is Status.ASSIGNED

    assert bulk_update(session, agent, [ticket.id], BulkChange(assignee_id=None)).changed == [ticket.number]
    assert (ticket.assignee_id, ticket.status) == (None, Status.NEW)

    assert bulk_update(session, agent, [ticket.id], BulkChange(team_id=team.id)).changed == [ticket.number]
    assert ticket.team_id == team.id
    assert bulk_update(session, agent, [ticket.id], BulkChange(team_id=None)).changed == [ticket.number]
    assert ticket.team_id is None

    assert bulk_update(session, agent, [ticket.id], BulkChange(priority=Priority.P0)).changed == [
        ticket.number
    ]
    assert ticket.priority is Priority.P0


def test_add_tag_keeps_existing_tags_and_reports_tickets_that_have_it(session, new_ticket, agent, published):
    tagged = new_ticket(actor=agent, requester={"email": "x@example.org"}, tags=["vip", "printer"])
    plain = new_ticket()
    session.commit()
    published.clear()

    result = bulk_update(session, agent, [tagged.id, plain.id], BulkChange(add_tag="  VIP "))
    session.commit()

    assert (result.changed, result.unchanged, result.refused) == ([plain.number], [tagged.number], [])
    assert tagged.tags == ["printer", "vip"]
    assert plain.tags == ["vip"]
    assert [e.ticket_id for e in published if isinstance(e, TicketUpdated)] == [plain.id]


def test_same_status_is_unchanged_not_refused(session, new_ticket, agent):
    ticket = new_ticket()
    result = bulk_update(session, agent, [ticket.id, ticket.id], BulkChange(status=Status.NEW))
    assert (result.changed, result.unchanged, result.refused) == ([], [ticket.number], [])
    assert _changes(session, agent, ticket) == []


def test_invalid_assignee_is_reported_per_ticket_and_changes_nothing(session, new_ticket, agent, customer):
    ticket = new_ticket()
    result = bulk_update(session, agent, [ticket.id], BulkChange(assignee_id=customer.id))
    [refusal] = result.refused
    assert isinstance(refusal.error, ValidationFailed)
    assert refusal.error.field == "assignee_id"
    assert ticket.assignee_id is None
    assert _changes(session, agent, ticket) == []


def test_customers_are_refused(session, new_ticket, customer):
    ticket = new_ticket()
    with pytest.raises(PermissionDenied):
        bulk_update(session, customer, [ticket.id], BulkChange(priority=Priority.P0))
    assert ticket.priority is not Priority.P0


@pytest.mark.parametrize(
    ("ids", "change", "field"),
    [
        ([], BulkChange(priority=Priority.P1), "ticket_ids"),
        (list(range(1, MAX_BULK_TICKETS + 2)), BulkChange(priority=Priority.P1), "ticket_ids"),
        ([1], BulkChange(), "change"),
        ([1], BulkChange(priority=Priority.P1, team_id=None), "change"),
        ([1], BulkChange(status=None), "status"),
        ([1], BulkChange(add_tag="   "), "add_tag"),
        ([1], BulkChange(add_tag="x" * 61), "tags"),
    ],
)
def test_requests_that_cannot_apply_at_all_are_refused_whole(session, agent, ids, change, field):
    with pytest.raises(ValidationFailed) as caught:
        bulk_update(session, agent, ids, change)
    assert caught.value.field == field


def test_exactly_the_maximum_is_accepted(session, new_ticket, agent):
    ticket = new_ticket()
    ids = [ticket.id, *range(ticket.id + 1, ticket.id + MAX_BULK_TICKETS)]
    result = bulk_update(session, agent, ids, BulkChange(priority=Priority.P0))
    assert result.changed == [ticket.number]
    assert len(result.refused) == MAX_BULK_TICKETS - 1
