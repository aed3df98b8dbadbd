"""The monitor works from stored timer rows and replays only when they may be stale."""

from __future__ import annotations

import sqlalchemy as sa

from ticketwise.sla import monitor
from ticketwise.sla.models import (
    Clock,
    LevelKind,
    OffsetKind,
    SlaEscalationLevel,
    SlaEvent,
    SlaEventKind,
    SlaTimer,
    TimerStatus,
)
from ticketwise.tickets.models import Ticket

from .conftest import local


def first_response(session, ticket_id) -> SlaTimer:
    return session.scalars(
        sa.select(SlaTimer).where(SlaTimer.ticket_id == ticket_id, SlaTimer.clock == Clock.FIRST_RESPONSE)
    ).one()


def events(session, ticket_id, kind):
    return session.scalars(
        sa.select(SlaEvent).where(SlaEvent.ticket_id == ticket_id, SlaEvent.kind == kind)
    ).all()


def test_breach_and_a_level_nobody_receives_are_written_from_the_rows(
    session, office_policy, new_ticket, travel
):
    office_policy.levels = [
        SlaEscalationLevel(
            position=0,
            name="breach",
            clock="first_response",
            kind=LevelKind.BREACH,
            offset_kind=OffsetKind.MINUTES,
            offset_value=0,
            actions=[{"type": "notify", "to": ["assignee"], "user_ids": []}],
        )
    ]
    session.commit()
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")  # P2, unassigned: first response due 12:00
    travel(local(2026, 3, 2, 12, 1))
    result = monitor.tick()
    assert (result.tickets, result.levels_fired, result.failed) == (1, 1, 0)
    session.expire_all()
    row = first_response(session, ticket.id)
    assert row.status is TimerStatus.BREACHED and row.breached_at == local(2026, 3, 2, 12, 0)
    assert row.fired_levels == [office_policy.levels[0].id]
    assert row.next_check_at is None or row.next_check_at > local(2026, 3, 2, 12, 1)
    assert session.get(Ticket, ticket.id).sla_breached is True
    assert [e.at for e in events(session, ticket.id, SlaEventKind.BREACHED) if e.timer_id == row.id] == [
        local(2026, 3, 2, 12, 0)
    ]
    escalated = events(session, ticket.id, SlaEventKind.ESCALATED)
    assert [(e.data["level"], e.data["failed"]) for e in escalated] == [("breach", [])]
    # Once per cycle: a later tick finds nothing to do for this level.
    travel(local(2026, 3, 2, 12, 30))
    monitor.tick()
    assert len(events(session, ticket.id, SlaEventKind.ESCALATED)) == 1


def test_a_row_whose_target_changed_is_replayed(session, office_policy, new_ticket, travel):
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")  # P2: first response due 12:00
    # The policy's target shrinks behind the rows' back: the stored due time is stale.
    office_policy.targets = {**office_policy.targets, "first_response": {"P1": 60, "P2": 30}}
    session.commit()
    travel(local(2026, 3, 2, 12, 1))
    monitor.tick()
    session.expire_all()
    row = first_response(session, ticket.id)
    assert row.target_minutes == 30
    assert row.due_at == local(2026, 3, 2, 10, 30)
    assert row.status is TimerStatus.BREACHED and row.breached_at == local(2026, 3, 2, 10, 30)
