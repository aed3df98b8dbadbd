"""Policy matching (order, conditions, type override, default) and the read models for screens."""

from __future__ import annotations

import sqlalchemy as sa

from ticketwise.sla.clocks import preview_due, ticket_clocks
from ticketwise.sla.models import Clock, SlaEvent, SlaEventKind, SlaPolicy, TimerStatus
from ticketwise.sla.policies import TicketFacts, conditions_match, match_policy
from ticketwise.tickets.enums import Channel, Priority, Status
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.tickets.transitions import transition

from .conftest import local

FACTS = TicketFacts(type_id=1, category_id=None, organization_id=7, channel="email", priority="P1")


def test_conditions_need_every_given_list_to_match():
    assert conditions_match({}, FACTS)
    assert conditions_match({"channels": ["email", "web"], "priorities": ["P1"]}, FACTS)
    assert not conditions_match({"channels": ["email"], "priorities": ["P0"]}, FACTS)
    assert not conditions_match({"category_ids": [3]}, FACTS)
    assert conditions_match({"organization_ids": [7], "type_ids": []}, FACTS)


def test_first_active_policy_by_position_wins_then_the_default(session, office_calendar, seeded_types):
    it = seeded_types["it_support"]
    later = SlaPolicy(
        name="Later", position=5, calendar=office_calendar, conditions={}, targets={}, pause_rules={}
    )
    email_p1 = SlaPolicy(
        name="Email P1",
        position=2,
        calendar=office_calendar,
        conditions={"channels": ["email"], "priorities": ["P1"]},
        targets={},
        pause_rules={},
    )
    inactive = SlaPolicy(
        name="Off",
        position=0,
        is_active=False,
        calendar=office_calendar,
        conditions={},
        targets={},
        pause_rules={},
    )
    session.add_all([later, email_p1, inactive])
    session.flush()
    facts = TicketFacts(type_id=it.id, category_id=None, organization_id=None, channel="email", priority="P1")
    assert match_policy(session, facts) is email_p1
    assert match_policy(session, TicketFacts(**{**facts.__dict__, "priority": "P2"})) is later
    later.is_active = False
    session.flush()
    assert match_policy(session, TicketFacts(**{**facts.__dict__, "priority": "P2"})).is_default
    it.sla_policy_id = later.id
    later.is_active = True
    session.flush()
    assert match_policy(session, facts) is later  # the type's override beats the order


def test_changing_a_matched_field_applies_another_policy(
    session, office_policy, office_calendar, new_ticket, agent, travel
):
    p1 = SlaPolicy(
        name="P1 fast lane",
        position=0,
        calendar=office_calendar,
        conditions={"priorities": ["P1"]},
        targets={"first_response": {"P1": 30}},
        pause_rules={},
    )
    session.add(p1)
    session.commit()
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")
    assert session.get(Ticket, ticket.id).sla_policy_id == office_policy.id
    update_ticket(session, agent, session.get(Ticket, ticket.id), TicketPatch(priority=Priority.P1))
    session.commit()
    session.expire_all()
    assert session.get(Ticket, ticket.id).sla_policy_id == p1.id
    views = ticket_clocks(session, ticket.id, local(2026, 3, 2, 10, 10))
    assert [(v.clock, v.due_at, v.policy_name) for v in views] == [
        (Clock.FIRST_RESPONSE, local(2026, 3, 2, 10, 30), "P1 fast lane")
    ]
    applied = session.scalars(
        sa.select(SlaEvent).where(
            SlaEvent.ticket_id == ticket.id, SlaEvent.kind == SlaEventKind.POLICY_APPLIED
        )
    ).all()
    assert [event.data["policy_id"] for event in applied] == [office_policy.id, p1.id]


def test_ticket_clocks_for_countdowns(session, office_policy, new_ticket, agent, travel):
    travel(local(2026, 3, 2, 10, 0))
    ticket = new_ticket(type="it_support")
    travel(local(2026, 3, 2, 10, 30))
    transition(session, agent, session.get(Ticket, ticket.id), Status.IN_PROGRESS)
    transition(session, agent, session.get(Ticket, ticket.id), Status.PENDING)
    session.commit()
    views = {v.clock: v for v in ticket_clocks(session, ticket.id, local(2026, 3, 2, 12, 30))}
    resolution = views[Clock.RESOLUTION]
    assert resolution.paused and resolution.status is TimerStatus.PAUSED
    assert resolution.in_business_hours is False  # lunch break
    assert resolution.elapsed_seconds == 30 * 60
    first = views[Clock.FIRST_RESPONSE]
    # Due at 12:00; during the lunch break the overage does not grow (business time).
    assert first.status is TimerStatus.BREACHED and first.overage_seconds == 0
    assert first.remaining_seconds == 0
    later = {v.clock: v for v in ticket_clocks(session, ticket.id, local(2026, 3, 2, 13, 30))}
    assert later[Clock.FIRST_RESPONSE].overage_seconds == 30 * 60
    assert later[Clock.FIRST_RESPONSE].in_business_hours is True


def test_preview_due_uses_the_matching_policy(session, office_policy, seeded_types):
    due = preview_due(
        session,
        type_id=seeded_types["it_support"].id,
        priority=Priority.P1,
        channel=Channel.EMAIL,
        at=local(2026, 3, 2, 17, 30),
    )
    assert due == {
        Clock.FIRST_RESPONSE: local(2026, 3, 3, 9, 30),
        Clock.NEXT_RESPONSE: local(2026, 3, 3, 9, 30),
        Clock.RESOLUTION: local(2026, 3, 3, 13, 30),  # 17:30–18, 9–12, 13–13:30
    }
