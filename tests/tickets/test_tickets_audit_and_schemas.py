"""Audit value formatting and the API shapes built from tickets, messages and events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from ticketwise.core.pagination import PageRequest
from ticketwise.tickets import access, audit
from ticketwise.tickets.enums import ActorType, Level, LinkKind, Priority, Status
from ticketwise.tickets.links import link_tickets, merge_tickets
from ticketwise.tickets.messages import add_message, system_message
from ticketwise.tickets.schemas import (
    EventOut,
    LinkOut,
    MessageOut,
    TicketCreate,
    TicketFilter,
    ticket_list_out,
    ticket_out,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("plain", "plain"),
        (Status.IN_PROGRESS, "in_progress"),
        (Level.HIGH, "high"),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (Decimal("12.50"), "12.50"),
        (date(2031, 1, 2), "2031-01-02"),
        (datetime(2031, 1, 2, 11, 0, tzinfo=timezone(timedelta(hours=8))), "2031-01-02T03:00:00+00:00"),
        (["b", "a"], '["b","a"]'),
        ({"b": 1, "a": "中"}, '{"a":"中","b":1}'),
        ({"y", "x"}, '["x","y"]'),
    ],
)
def test_values_are_stringified_consistently(value, text):
    assert audit.stringify(value) == text


def test_actor_type_follows_who_acted(session, new_ticket, agent):
    ticket = new_ticket()
    by_user = audit.record(session, ticket, actor=agent, action="x")
    by_contact = audit.record(session, ticket, contact=ticket.requester, action="x")
    by_system = audit.record(session, ticket, action="x")
    by_ai = audit.record(
        session, ticket, actor_type=ActorType.AI, action="x", field="priority", old="P2", new="P1"
    )
    assert [e.actor_type for e in (by_user, by_contact, by_system, by_ai)] == [
        ActorType.USER,
        ActorType.CONTACT,
        ActorType.SYSTEM,
        ActorType.AI,
    ]
    session.flush()
    out = EventOut.of(by_contact)
    assert (out.actor.type, out.actor.id) == (ActorType.CONTACT, ticket.requester_id)
    assert EventOut.of(by_ai).model_dump()["old"] == "P2"


def test_ticket_out_shows_fields_for_the_audience(session, new_ticket, agent, team):
    ticket = new_ticket(
        actor=agent,
        requester={"email": "x@example.com", "name": "Xu"},
        type="equipment_repair",
        fields={"location": "Hall 3", "spare_parts": "belt"},
        assignee_id=agent.id,
        team_id=team.id,
        tags=["urgent"],
        priority=Priority.P1,
    )
    staff = ticket_out(session, ticket, audience="agent")
    customer = ticket_out(session, ticket, audience="customer")
    assert staff.fields["spare_parts"] == "belt" and "spare_parts" not in customer.fields
    assert customer.fields["location"] == "Hall 3"
    assert (staff.type, staff.status, staff.priority, staff.tags) == (
        "equipment_repair",
        Status.ASSIGNED,
        Priority.P1,
        ["urgent"],
    )
    assert staff.requester.model_dump() == {"id": ticket.requester_id, "name": "Xu", "email": "x@example.com"}
    assert staff.assignee.id == agent.id and staff.team.name == team.name
    assert staff.merged_into is None
    TicketCreate.model_validate_json(
        '{"type": "it_support", "title": "t", "requester": {"email": "a@example.com"}, "fields": {}}'
    )


def test_list_out_reads_fields_per_page_and_names_merge_targets(session, new_ticket, agent):
    repair = new_ticket(type="equipment_repair", fields={"location": "Lab"})
    plain = new_ticket()
    merge_tickets(session, agent, plain, repair)
    page = access.list_tickets(session, agent, TicketFilter(status=[]), PageRequest(1, 10))
    out = ticket_list_out(session, page, audience="customer")
    by_number = {item.number: item for item in out.items}
    assert by_number[repair.number].fields["location"] == "Lab"
    assert "spare_parts" not in by_number[repair.number].fields
    assert by_number[plain.number].merged_into == repair.number
    assert by_number[plain.number].fields == {}
    assert (out.total, out.page, out.size, out.pages) == (page.total, 1, 10, 1)


def test_message_and_link_shapes(session, new_ticket, agent, customer):
    ticket, other = new_ticket(), new_ticket()
    note = add_message(session, agent, ticket, body="note", internal=True, attachments=[("a.txt", "", b"a")])
    reply = add_message(session, customer, ticket, body="hi")
    notice = system_message(session, ticket, "Auto notice")
    note_out, reply_out, notice_out = (MessageOut.of(m) for m in (note, reply, notice))
    assert (note_out.internal, note_out.author.type, note_out.author.id) == (True, ActorType.USER, agent.id)
    assert note_out.attachments[0].filename == "a.txt"
    assert (reply_out.internal, reply_out.author.type, reply_out.author.id) == (
        False,
        ActorType.USER,
        customer.id,
    )
    assert (notice_out.author.type, notice_out.author.id) == (ActorType.SYSTEM, None)
    link = link_tickets(session, agent, ticket, other, LinkKind.RELATED)
    seen_from_other = LinkOut.of(link, seen_from=other)
    assert (seen_from_other.outgoing, seen_from_other.other.number) == (False, ticket.number)
    assert datetime.now(UTC) - reply_out.created_at < timedelta(minutes=5)
