"""Editing tickets: staff only, one audit event per changed field, assignment moves the status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ticketwise.core.errors import PermissionDenied, ValidationFailed
from ticketwise.core.pagination import PageRequest
from ticketwise.tickets import access
from ticketwise.tickets.domain_events import TicketStatusChanged, TicketUpdated
from ticketwise.tickets.enums import ActorType, Level, Priority, Status
from ticketwise.tickets.schemas import TicketFilter, TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.tickets.transitions import transition
from ticketwise.tickets.types import extension


def _changes(session, agent, ticket):
    return [
        (e.action, e.field, e.old_value, e.new_value)
        for e in access.list_events(session, agent, ticket)
        if e.action != "created"
    ]


def test_customers_cannot_edit(session, new_ticket, customer):
    ticket = new_ticket()
    with pytest.raises(PermissionDenied):
        update_ticket(session, customer, ticket, TicketPatch(title="Mine now"))


def test_each_changed_field_is_audited_once(session, new_ticket, agent, team, published):
    start = datetime(2031, 2, 3, 4, 5, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        ticket = new_ticket(type="it_support")
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        update_ticket(
            session,
            agent,
            ticket,
            TicketPatch(
                title="Printer jammed again",
                priority=Priority.P1,
                urgency=Level.HIGH,
                impact=None,  # was empty already: no event
                team_id=team.id,
                tags=["Paper", "jam"],
                fields={"error_code": "E-22", "affected_users": 3},
            ),
        )
    assert ticket.updated_at == start + timedelta(hours=2)
    assert ticket.team is team  # the loaded relationship follows the id
    assert _changes(session, agent, ticket) == [
        ("updated", "title", "Printer on floor 3 is jammed", "Printer jammed again"),
        ("updated", "priority", "P2", "P1"),
        ("updated", "urgency", None, "high"),
        ("updated", "team_id", None, str(team.id)),
        ("updated", "tags", "[]", '["jam","paper"]'),
        ("updated", "fields.error_code", None, "E-22"),
        ("updated", "fields.affected_users", None, "3"),
    ]
    assert extension.read_fields(session, ticket)["affected_users"] == 3
    session.commit()
    [event] = [e for e in published if isinstance(e, TicketUpdated)]
    assert event.changes == (
        "title",
        "priority",
        "urgency",
        "team_id",
        "tags",
        "fields.error_code",
        "fields.affected_users",
    )


def test_unchanged_values_write_nothing(session, new_ticket, agent, published):
    ticket = new_ticket()
    before = ticket.updated_at
    update_ticket(session, agent, ticket, TicketPatch(title=ticket.title, priority=ticket.priority, tags=[]))
    session.commit()
    assert _changes(session, agent, ticket) == []
    assert ticket.updated_at == before
    assert [e for e in published if isinstance(e, TicketUpdated)] == []


def test_assigning_a_new_ticket_makes_it_assigned_and_unassigning_reverts(
    session, new_ticket, agent, other_agent, published
):
    ticket = new_ticket()
    update_ticket(session, agent, ticket, TicketPatch(assignee_id=other_agent.id))
    assert (ticket.status, ticket.assignee_id, ticket.assignee) == (
        Status.ASSIGNED,
        other_agent.id,
        other_agent,
    )
    update_ticket(session, agent, ticket, TicketPatch(assignee_id=None))
    assert (ticket.status, ticket.assignee_id, ticket.assignee) == (Status.NEW, None, None)
    assert _changes(session, agent, ticket) == [
        ("updated", "assignee_id", None, str(other_agent.id)),
        ("status_changed", "status", "new", "assigned"),
        ("updated", "assignee_id", str(other_agent.id), None),
        ("status_changed", "status", "assigned", "new"),
    ]
    session.commit()
    assert [type(e) for e in published][-4:] == [
        TicketStatusChanged,
        TicketUpdated,
        TicketStatusChanged,
        TicketUpdated,
    ]


def test_reassigning_work_in_progress_keeps_the_status(session, new_ticket, agent, other_agent):
    ticket = new_ticket()
    transition(session, agent, ticket, Status.IN_PROGRESS)
    update_ticket(session, agent, ticket, TicketPatch(assignee_id=other_agent.id))
    assert ticket.status is Status.IN_PROGRESS


def test_invalid_values_name_the_field(session, new_ticket, agent, customer):
    ticket = new_ticket(type="it_support")
    cases = [
        (TicketPatch(assignee_id=customer.id), "assignee_id"),
        (TicketPatch(priority=None), "priority"),
        (TicketPatch(title=""), "title"),
        (TicketPatch(tags=["x" * 61]), "tags"),
        (TicketPatch(team_id=424242), "team_id"),
        (TicketPatch(category_id=424242), "category_id"),
        (TicketPatch(fields={"affected_users": -1}), "fields.affected_users"),
        (TicketPatch(fields={"nonexistent": 1}), "fields.nonexistent"),
    ]
    for patch, field in cases:
        with pytest.raises(ValidationFailed) as caught:
            update_ticket(session, agent, ticket, patch)
        assert caught.value.field == field


def test_field_patch_is_partial(session, new_ticket, agent):
    ticket = new_ticket(type="equipment_repair", fields={"location": "Hall 1", "fault_code": "F1"})
    update_ticket(session, agent, ticket, TicketPatch(fields={"fault_code": "F2"}))
    values = extension.read_fields(session, ticket)
    assert (values["location"], values["fault_code"]) == ("Hall 1", "F2")
    assert _changes(session, agent, ticket) == [("updated", "fields.fault_code", "F1", "F2")]


def test_system_and_ai_may_update_with_attribution(session, new_ticket, agent, other_agent):
    ticket = new_ticket(type="it_support")
    update_ticket(session, None, ticket, TicketPatch(priority=Priority.P1), actor_type=ActorType.AI)
    update_ticket(session, None, ticket, TicketPatch(assignee_id=other_agent.id))
    events = [e for e in access.list_events(session, agent, ticket) if e.action != "created"]
    assert [(e.field, e.actor_type) for e in events] == [
        ("priority", ActorType.AI),
        ("assignee_id", ActorType.SYSTEM),
        ("status", ActorType.SYSTEM),
    ]
    assert ticket.status is Status.ASSIGNED


def test_tags_are_replaced(session, new_ticket, agent):
    ticket = new_ticket()
    update_ticket(session, agent, ticket, TicketPatch(tags=["a", "b"]))
    update_ticket(session, agent, ticket, TicketPatch(tags=["c", "A"]))
    session.expire(ticket, ["tag_rows"])
    assert ticket.tags == ["a", "c"]
    assert access.list_tickets(session, agent, TicketFilter(tag="b", status=[]), PageRequest()).total == 0
    assert access.list_tickets(session, agent, TicketFilter(tag="c", status=[]), PageRequest()).total == 1
