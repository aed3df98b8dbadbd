"""Resolved tickets close automatically after the configured number of days."""

from datetime import timedelta

import time_machine

from ticketwise.config import get_settings
from ticketwise.core import clock
from ticketwise.tickets import service, transitions
from ticketwise.tickets.enums import Channel, Status
from ticketwise.tickets.models import TicketEvent
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.tasks import close_stale_resolved
from ticketwise.users.models import Role


def _resolved_ticket(session, agent):
    ticket = service.create_ticket(
        session,
        agent,
        TicketCreate(
            type="general_inquiry",
            title="Where is my invoice?",
            description="Please resend it.",
            requester=RequesterIn(email="buyer@example.com", name="Buyer"),
        ),
        channel=Channel.PHONE,
    )
    transitions.transition(session, agent, ticket, Status.IN_PROGRESS)
    transitions.transition(session, agent, ticket, Status.RESOLVED)
    session.flush()
    return ticket


def test_only_tickets_resolved_longer_than_the_window_are_closed(session, make_user):
    agent = make_user(Role.AGENT)
    days = get_settings().tickets.auto_close_days
    ticket = _resolved_ticket(session, agent)

    with time_machine.travel(clock.now() + timedelta(days=days) - timedelta(hours=1), tick=False):
        assert close_stale_resolved(session) == 0
    assert ticket.status is Status.RESOLVED

    with time_machine.travel(clock.now() + timedelta(days=days, hours=1), tick=False):
        assert close_stale_resolved(session) == 1
    assert ticket.status is Status.CLOSED
    assert ticket.closed_at is not None
    event = (
        session.query(TicketEvent)
        .filter_by(ticket_id=ticket.id, field="status")
        .order_by(TicketEvent.id.desc())
        .first()
    )
    assert event.new_value == "closed" and event.actor_type == "system"
