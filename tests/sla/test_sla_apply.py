"""Clocks stored from a ticket's history through the real ticket services (handlers after commit)."""

from __future__ import annotations

import sqlalchemy as sa

from ticketwise.sla.apply import replay_ticket
from ticketwise.sla.models import Clock, SlaEvent, SlaEventKind, SlaTimer, TimerStatus
from ticketwise.tickets.enums import Priority, Status
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.tickets.transitions import transition

from .conftest import local


def timers(session, ticket_id):
    session.expire_all()
    rows = session.scalars(sa.select(SlaTimer).where(SlaTimer.ticket_id == ticket_id)).all()
    return {(row.clock, row.cycle): row for row in rows}


def events(session, ticket_id):
    rows = session.scalars(
        sa.select(SlaEvent).where(SlaEvent.ticket_id == ticket_id).order_by(SlaEvent.at, SlaEvent.id)
    )
    return [(row.kind, row.data.get("clock"), row.at) for row in rows]


def test_creation_starts_first_response_and_resolution_in_business_time(
    session, office_policy, new_ticket, travel
):
    travel(local(2026, 3, 2, 10, 0))  # a Monday
    ticket = new_ticket(type="it_support")  # P2: 2 h / 8 h
    found = timers(session, ticket.id)
    assert set(found) == {(Clock.FIRST_RESPONSE, 1), (Clock.RESOLUTION, 1)}
    assert found[(Clock.FIRST_RESPONSE, 1)].due_at == local(2026, 3, 2, 12, 0)
    # 10–12, 13–18 is 7 h; the 8th hour is Tuesday 09–10.
    assert found[(Clock.RESOLUTION, 1)].due_at == local(2026, 3, 3, 10, 0)
    assert all(
        row.status is TimerStatus.RUNNING and row.policy_id == office_policy.id for row in found.values()
    )
    stored = session.get(Ticket, ticket.id)
    assert stored.sla_policy_id == office_policy.id
    assert stored.first_response_due_at == local(2026, 3, 2, 12, 0)
    assert stored.sla_due_at == local(2026, 3, 2, 12, 0)
    assert stored.sla_breached is False
    kinds = [kind for kind, _clock, _at in events(session, ticket.id)]
    assert kinds.count(SlaEventKind.STARTED) == 2
    assert kinds.count(SlaEventKind.POLICY_APPLIED) == 1


def test_pause_credit_survives_a_priority_change(session, office_policy, new_ticket, agent, customer, travel):
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")
    travel(local(2026, 3, 2, 11, 0))
    ticket = session.get(Ticket, ticket.id)
    add_message(session, agent, ticket, body="Please restart the printer and tell us.")
    transition(session, agent, ticket, Status.PENDING)
    session.commit()
    travel(local(2026, 3, 2, 15, 0))  # paused 11–12 and 13–15: 3 business hours
    ticket = session.get(Ticket, ticket.id)
    add_message(session, customer, ticket, body="Restarted, still jammed.")
    session.commit()
    found = timers(session, ticket.id)
    assert found[(Clock.FIRST_RESPONSE, 1)].status is TimerStatus.FULFILLED
    assert found[(Clock.FIRST_RESPONSE, 1)].fulfilled_at == local(2026, 3, 2, 11, 0)
    assert found[(Clock.RESOLUTION, 1)].status is TimerStatus.RUNNING
    # Tuesday 10:00 moved by the 3 paused business hours: 10–12 and 13–14.
    assert found[(Clock.RESOLUTION, 1)].due_at == local(2026, 3, 3, 14, 0)
    assert found[(Clock.NEXT_RESPONSE, 1)].due_at == local(2026, 3, 2, 17, 0)
    resolution_id = found[(Clock.RESOLUTION, 1)].id

    ticket = session.get(Ticket, ticket.id)
    update_ticket(session, agent, ticket, TicketPatch(priority=Priority.P1))
    session.commit()
    found = timers(session, ticket.id)
    # P1 resolution is 4 h: 1 h ran before the pause, 3 h from 15:00 end at 18:00 (not 15:00).
    assert found[(Clock.RESOLUTION, 1)].due_at == local(2026, 3, 2, 18, 0)
    assert found[(Clock.RESOLUTION, 1)].id == resolution_id
    assert found[(Clock.NEXT_RESPONSE, 1)].due_at == local(2026, 3, 2, 16, 0)
    log = events(session, ticket.id)
    assert (SlaEventKind.PAUSED, "resolution", local(2026, 3, 2, 11, 0)) in log
    assert (SlaEventKind.RESUMED, "resolution", local(2026, 3, 2, 15, 0)) in log
    assert (SlaEventKind.FULFILLED, "first_response", local(2026, 3, 2, 11, 0)) in log


def test_replaying_again_writes_nothing_new(session, office_policy, new_ticket, agent, travel):
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")
    travel(local(2026, 3, 2, 10, 30))
    add_message(session, agent, session.get(Ticket, ticket.id), body="On it.")
    session.commit()
    before = events(session, ticket.id)
    ids = {key: row.id for key, row in timers(session, ticket.id).items()}
    replay_ticket(session, ticket.id)
    replay_ticket(session, ticket.id, rematch=True)
    session.commit()
    assert events(session, ticket.id) == before
    assert {key: row.id for key, row in timers(session, ticket.id).items()} == ids


def test_internal_notes_do_not_fulfil_and_late_reply_keeps_the_breach(
    session, office_policy, new_ticket, agent, travel
):
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")
    travel(local(2026, 3, 2, 11, 0))
    add_message(session, agent, session.get(Ticket, ticket.id), body="Looking", internal=True)
    session.commit()
    assert timers(session, ticket.id)[(Clock.FIRST_RESPONSE, 1)].status is TimerStatus.RUNNING
    travel(local(2026, 3, 2, 14, 0))  # 3 business hours after creation; due was 12:00
    add_message(session, agent, session.get(Ticket, ticket.id), body="Sorry for the wait.")
    session.commit()
    first = timers(session, ticket.id)[(Clock.FIRST_RESPONSE, 1)]
    assert first.status is TimerStatus.FULFILLED
    assert first.breached_at == local(2026, 3, 2, 12, 0)
    assert first.elapsed_business_seconds == 3 * 3600


def test_resolving_fulfils_and_reopening_resumes_without_the_resolved_time(
    session, office_policy, new_ticket, agent, customer, travel
):
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")  # resolution due Tue 10:00
    travel(local(2026, 3, 2, 11, 0))
    ticket = session.get(Ticket, ticket.id)
    add_message(session, agent, ticket, body="Fixed the paper feed.")
    transition(session, agent, ticket, Status.RESOLVED)
    session.commit()
    resolution = timers(session, ticket.id)[(Clock.RESOLUTION, 1)]
    assert resolution.status is TimerStatus.FULFILLED
    assert resolution.fulfilled_at == local(2026, 3, 2, 11, 0)
    assert session.get(Ticket, ticket.id).sla_due_at is None
    travel(local(2026, 3, 2, 16, 0))  # 4 business hours resolved
    add_message(session, customer, session.get(Ticket, ticket.id), body="It jammed again.")
    session.commit()
    found = timers(session, ticket.id)
    resolution = found[(Clock.RESOLUTION, 1)]
    assert resolution.status is TimerStatus.RUNNING
    assert resolution.fulfilled_at is None
    # Tuesday 10:00 + 4 business hours resolved (11–12, 13–16) = Tuesday 15:00.
    assert resolution.due_at == local(2026, 3, 3, 15, 0)
    assert found[(Clock.NEXT_RESPONSE, 1)].started_at == local(2026, 3, 2, 16, 0)


def test_closing_stops_open_clocks(session, office_policy, new_ticket, agent, travel):
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")
    travel(local(2026, 3, 2, 10, 30))
    transition(session, agent, session.get(Ticket, ticket.id), Status.CANCELLED)
    session.commit()
    found = timers(session, ticket.id)
    assert {row.status for row in found.values()} == {TimerStatus.CANCELLED}
    assert all(row.next_check_at is None for row in found.values())
    assert session.get(Ticket, ticket.id).sla_due_at is None
