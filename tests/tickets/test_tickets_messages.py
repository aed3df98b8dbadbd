"""The conversation: reply rules, status effects, internal notes, sanitising, events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ticketwise.config import get_settings
from ticketwise.core.errors import Conflict, PermissionDenied, ValidationFailed
from ticketwise.core.i18n import use_locale
from ticketwise.tickets import access
from ticketwise.tickets.domain_events import MessageAdded
from ticketwise.tickets.enums import ActorType, Channel, Direction, MessageKind, Status
from ticketwise.tickets.messages import add_message, system_message
from ticketwise.tickets.transitions import transition

START = datetime(2031, 7, 1, 8, 0, tzinfo=UTC)


def test_staff_reply_starts_work_and_stamps_first_response_once(session, new_ticket, agent, other_agent):
    with time_machine.travel(START, tick=False):
        ticket = new_ticket()
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        add_message(session, agent, ticket, body="Internal: checking stock.", internal=True)
    assert ticket.status is Status.NEW and ticket.first_responded_at is None
    with time_machine.travel(START + timedelta(minutes=30), tick=False):
        reply = add_message(session, agent, ticket, body="We are on it.")
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        add_message(session, other_agent, ticket, body="Technician booked for 3 pm.")
    assert ticket.status is Status.IN_PROGRESS
    assert ticket.first_responded_at == START + timedelta(minutes=30)
    assert ticket.last_agent_reply_at == START + timedelta(hours=2) == ticket.updated_at
    assert (reply.kind, reply.direction, reply.channel, reply.author_user_id) == (
        MessageKind.REPLY,
        Direction.OUTBOUND,
        Channel.AGENT,
        agent.id,
    )


def test_customer_reply_brings_a_pending_ticket_back(session, new_ticket, agent, customer, published):
    ticket = new_ticket()
    transition(session, agent, ticket, Status.IN_PROGRESS)
    transition(session, agent, ticket, Status.PENDING)
    with time_machine.travel(START, tick=False):
        message = add_message(session, customer, ticket, body="Here is the photo you asked for.")
    assert ticket.status is Status.IN_PROGRESS
    assert ticket.last_customer_message_at == START
    assert (message.direction, message.channel, message.author_contact_id) == (
        Direction.INBOUND,
        Channel.PORTAL,
        ticket.requester_id,
    )
    session.commit()
    [added] = [e for e in published if isinstance(e, MessageAdded)]
    assert (added.message_id, added.public, added.from_customer, added.kind) == (
        message.id,
        True,
        True,
        MessageKind.REPLY,
    )


def test_contact_writing_in_through_intake(session, new_ticket, agent):
    ticket = new_ticket(channel=Channel.EMAIL)
    transition(session, agent, ticket, Status.IN_PROGRESS)
    transition(session, agent, ticket, Status.PENDING)
    message = add_message(
        session,
        None,
        ticket,
        body="Reply by mail",
        contact=ticket.requester,
        body_html='<p onclick="x()">Reply <b>by</b> mail<script>alert(1)</script></p>',
        subject="Re: [TW#1] printer",
        email_message_id="<abc@mail.example>",
        headers={"From": "carol@customer.example"},
    )
    assert ticket.status is Status.IN_PROGRESS
    assert message.channel is Channel.EMAIL
    assert message.body_text == "Reply by mail"
    assert "<script>" not in message.body_html and "onclick" not in message.body_html
    assert "<b>by</b>" in message.body_html
    status_event = [e for e in access.list_events(session, agent, ticket) if e.action == "status_changed"][-1]
    assert (status_event.actor_type, status_event.actor_contact_id) == (
        ActorType.CONTACT,
        ticket.requester_id,
    )


def test_customers_cannot_write_internal_notes(session, new_ticket, customer):
    ticket = new_ticket()
    with pytest.raises(PermissionDenied):
        add_message(session, customer, ticket, body="psst", internal=True)
    with pytest.raises(PermissionDenied):
        add_message(session, None, ticket, body="psst", internal=True, contact=ticket.requester)


@pytest.mark.parametrize("body", ["", "  \n\t ", None])
def test_body_is_required(session, new_ticket, agent, body):
    with pytest.raises(ValidationFailed) as caught:
        add_message(session, agent, new_ticket(), body=body)
    assert caught.value.field == "body"


def test_reply_within_the_reopen_window_reopens(session, new_ticket, agent, customer):
    window = get_settings().tickets.reopen_window_days
    with time_machine.travel(START, tick=False):
        ticket = new_ticket()
        transition(session, agent, ticket, Status.RESOLVED)
    with time_machine.travel(START + timedelta(days=window - 1), tick=False):
        add_message(session, customer, ticket, body="Still broken.")
    assert ticket.status is Status.IN_PROGRESS and ticket.resolved_at is None


def test_reply_after_the_window_or_on_a_closed_ticket_is_refused(session, new_ticket, agent, customer):
    window = get_settings().tickets.reopen_window_days
    with time_machine.travel(START, tick=False):
        late = new_ticket()
        transition(session, agent, late, Status.RESOLVED)
        closed = new_ticket()
        transition(session, agent, closed, Status.RESOLVED)
        transition(session, customer, closed, Status.CLOSED)
    with time_machine.travel(START + timedelta(days=window + 1), tick=False):
        for ticket in (late, closed):
            with use_locale("en"), pytest.raises(Conflict) as caught:
                add_message(session, customer, ticket, body="Hello again")
            assert caught.value.translated() == "This ticket is closed. Please open a new ticket."
            with pytest.raises(Conflict):
                add_message(session, None, ticket, body="Hello again", contact=ticket.requester)
        add_message(session, agent, closed, body="Follow-up note from staff is still possible.")
    assert (late.status, closed.status) == (Status.RESOLVED, Status.CLOSED)
    assert len(access.list_messages(session, agent, closed)) == 1


def test_customers_never_see_internal_notes_or_system_notices(session, new_ticket, agent, customer):
    ticket = new_ticket()
    add_message(session, agent, ticket, body="Public answer")
    add_message(session, agent, ticket, body="Customer seems upset", internal=True)
    system_message(session, ticket, "SLA warning sent to the team lead")
    add_message(session, customer, ticket, body="Thanks")
    assert [m.body_text for m in access.list_messages(session, customer, ticket)] == [
        "Public answer",
        "Thanks",
    ]
    staff_view = access.list_messages(session, agent, ticket)
    assert [m.kind for m in staff_view] == [
        MessageKind.REPLY,
        MessageKind.NOTE,
        MessageKind.SYSTEM,
        MessageKind.REPLY,
    ]


def test_messages_are_audited_and_bump_activity(session, new_ticket, agent):
    with time_machine.travel(START, tick=False):
        ticket = new_ticket()
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        note = add_message(
            session, agent, ticket, body="note", internal=True, attachments=[("log.txt", "", b"log")]
        )
    assert ticket.updated_at == START + timedelta(hours=1)
    [event] = [e for e in access.list_events(session, agent, ticket) if e.action == "message_added"]
    assert event.data == {
        "message_id": note.id,
        "internal": True,
        "kind": "note",
        "attachment_ids": [note.attachments[0].id],
    }
