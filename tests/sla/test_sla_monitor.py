"""The monitor: levels fire once per cycle at their moment, breaches are marked, actions are audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.core import events
from ticketwise.sla import monitor
from ticketwise.sla.models import (
    Clock,
    LevelKind,
    OffsetKind,
    SlaEscalationLevel,
    SlaEvent,
    SlaEventKind,
    SlaPolicy,
    SlaTimer,
    TimerStatus,
)
from ticketwise.tickets.domain_events import PeopleAlerted
from ticketwise.tickets.enums import ActorType, Priority
from ticketwise.tickets.models import Ticket, TicketEvent
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket

from .conftest import local


@pytest.fixture
def alerts(monkeypatch) -> list[PeopleAlerted]:
    seen: list[PeopleAlerted] = []
    monkeypatch.setitem(events._handlers, PeopleAlerted, [seen.append])
    return seen


def add_levels(session, policy: SlaPolicy, *levels: dict) -> None:
    policy.levels = [SlaEscalationLevel(position=i, **level) for i, level in enumerate(levels)]
    session.commit()


def assigned_ticket(session, new_ticket, agent, team):
    ticket = new_ticket(type="it_support")
    update_ticket(
        session, agent, session.get(Ticket, ticket.id), TicketPatch(assignee_id=agent.id, team_id=team.id)
    )
    session.commit()
    session.expire_all()
    return session.get(Ticket, ticket.id)


def fired(session, ticket_id):
    rows = session.scalars(
        sa.select(SlaEvent).where(
            SlaEvent.ticket_id == ticket_id, SlaEvent.kind.in_([SlaEventKind.WARNED, SlaEventKind.ESCALATED])
        )
    )
    return sorted((row.data["clock"], row.data["level"]) for row in rows)


def test_warning_fires_once_at_its_moment_then_breach_escalates(
    session, office_policy, new_ticket, agent, lead, team, travel, alerts
):
    add_levels(
        session,
        office_policy,
        {
            "name": "half",
            "clock": "first_response",
            "kind": LevelKind.WARNING,
            "offset_kind": OffsetKind.PERCENT,
            "offset_value": 50,
            "actions": [{"type": "notify", "to": ["assignee"], "user_ids": []}],
        },
        {
            "name": "breach",
            "clock": "first_response",
            "kind": LevelKind.BREACH,
            "offset_kind": OffsetKind.MINUTES,
            "offset_value": 0,
            "actions": [
                {"type": "notify", "to": ["assignee", "team_lead"], "user_ids": []},
                {"type": "raise_priority"},
                {"type": "add_tag", "tag": "sla-breached"},
            ],
        },
    )
    travel(local(2026, 3, 2, 10, 0))
    ticket = assigned_ticket(session, new_ticket, agent, team)  # P2: first response due 12:00
    travel(local(2026, 3, 2, 10, 59))
    monitor.tick()
    assert fired(session, ticket.id) == []
    travel(local(2026, 3, 2, 11, 0))
    monitor.tick()
    monitor.tick()
    assert fired(session, ticket.id) == [("first_response", "half")]
    assert [(a.kind, a.user_ids) for a in alerts] == [("sla.warning", (agent.id,))]

    travel(local(2026, 3, 2, 12, 1))
    monitor.tick()
    monitor.tick()
    session.expire_all()
    assert fired(session, ticket.id) == [("first_response", "breach"), ("first_response", "half")]
    assert alerts[-1].kind == "sla.breach" and set(alerts[-1].user_ids) == {agent.id, lead.id}
    ticket = session.get(Ticket, ticket.id)
    assert ticket.priority is Priority.P1
    assert "sla-breached" in ticket.tags
    assert ticket.sla_breached is True
    first = session.scalars(
        sa.select(SlaTimer).where(SlaTimer.ticket_id == ticket.id, SlaTimer.clock == Clock.FIRST_RESPONSE)
    ).one()
    assert first.status is TimerStatus.BREACHED
    # P1's first response target is 1 h: the replay after the raise moved the due time, and kept
    # the fired levels so nothing fires twice.
    assert first.due_at == local(2026, 3, 2, 11, 0)
    priority_change = session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.field == "priority")
    ).one()
    assert priority_change.actor_type is ActorType.SYSTEM
    breaches = session.scalars(
        sa.select(SlaEvent).where(SlaEvent.ticket_id == ticket.id, SlaEvent.kind == SlaEventKind.BREACHED)
    ).all()
    assert [(b.data["clock"], b.at) for b in breaches] == [("first_response", local(2026, 3, 2, 11, 0))]


@pytest.mark.parametrize(("wait", "fires_at"), [(True, (13, 0)), (False, (12, 30))])
def test_level_outside_business_hours_waits_only_when_asked(
    session, office_policy, new_ticket, agent, team, travel, alerts, wait, fires_at
):
    add_levels(
        session,
        office_policy,
        {
            "name": "after",
            "clock": "first_response",
            "kind": LevelKind.BREACH,
            "offset_kind": OffsetKind.MINUTES,
            "offset_value": 30,  # 12:30, inside the lunch break
            "actions": [{"type": "notify", "to": ["assignee"], "user_ids": []}],
            "wait_for_business_hours": wait,
        },
    )
    travel(local(2026, 3, 2, 10, 0))
    ticket = assigned_ticket(session, new_ticket, agent, team)
    hour, minute = fires_at
    travel(local(2026, 3, 2, hour, minute - 1) if minute else local(2026, 3, 2, hour - 1, 59))
    monitor.tick()
    assert fired(session, ticket.id) == []
    travel(local(2026, 3, 2, hour, minute))
    monitor.tick()
    assert fired(session, ticket.id) == [("first_response", "after")]


def test_a_failing_action_does_not_stop_the_others(
    session, office_policy, new_ticket, agent, team, travel, alerts
):
    add_levels(
        session,
        office_policy,
        {
            "name": "breach",
            "clock": "first_response",
            "kind": LevelKind.BREACH,
            "offset_kind": OffsetKind.MINUTES,
            "offset_value": 0,
            "actions": [
                {"type": "reassign", "team_id": 999999},
                {"type": "notify", "to": ["assignee"], "user_ids": []},
            ],
        },
    )
    travel(local(2026, 3, 2, 10, 0))
    ticket = assigned_ticket(session, new_ticket, agent, team)
    travel(local(2026, 3, 2, 12, 5))
    result = monitor.tick()
    assert result.failed == 0
    event = session.scalars(
        sa.select(SlaEvent).where(SlaEvent.ticket_id == ticket.id, SlaEvent.kind == SlaEventKind.ESCALATED)
    ).one()
    assert event.data["failed"] == ["reassign"]
    assert [a.user_ids for a in alerts] == [(agent.id,)]
    assert session.get(Ticket, ticket.id).team_id == team.id


def test_webhook_action_posts_signed_json(
    session, office_policy, new_ticket, agent, team, travel, monkeypatch
):
    from ticketwise.core.signatures import SIGNATURE_HEADER, sign
    from ticketwise.sla import tasks

    sent = []

    class Answer:
        is_success = True
        status_code = 204

    def fake_post(url, *, content, headers, timeout):
        sent.append((url, content, headers))
        return Answer()

    monkeypatch.setattr(tasks.httpx, "post", fake_post)
    add_levels(
        session,
        office_policy,
        {
            "name": "hook",
            "clock": "any",
            "kind": LevelKind.BREACH,
            "offset_kind": OffsetKind.MINUTES,
            "offset_value": 0,
            "actions": [{"type": "webhook", "url": "https://hooks.example/sla", "secret": "s3cret"}],
        },
    )
    travel(local(2026, 3, 2, 10, 0))
    ticket = assigned_ticket(session, new_ticket, agent, team)
    travel(local(2026, 3, 2, 12, 5))
    monitor.tick()
    assert len(sent) == 1
    url, body, headers = sent[0]
    assert url == "https://hooks.example/sla"
    assert b'"clock":"first_response"' in body and ticket.number.encode() in body
    timestamp = int(headers["X-Ticketwise-Timestamp"])
    assert headers[SIGNATURE_HEADER] == sign("s3cret", body, timestamp)


def test_a_breach_suggests_a_better_placed_colleague_without_reassigning(
    session, office_policy, new_ticket, agent, team, travel, make_user
):
    from ticketwise.ai.models import AiDecision  # noqa: PLC0415 - the AI domain records the suggestion
    from ticketwise.users.models import Availability, TeamMember  # noqa: PLC0415

    colleague = make_user("agent", name="Bob Backup")
    colleague.availability = Availability.ONLINE  # nobody is ever suggested while absent
    session.add(TeamMember(team_id=team.id, user_id=colleague.id))
    add_levels(
        session,
        office_policy,
        {
            "name": "breach",
            "clock": "first_response",
            "kind": LevelKind.BREACH,
            "offset_kind": OffsetKind.MINUTES,
            "offset_value": 0,
            "actions": [{"type": "add_tag", "tag": "late"}],
        },
    )
    travel(local(2026, 3, 2, 10, 0))
    ticket = assigned_ticket(session, new_ticket, agent, team)
    travel(local(2026, 3, 2, 12, 1))
    monitor.tick()
    session.expire_all()
    [suggestion] = session.scalars(
        sa.select(AiDecision).where(
            AiDecision.ticket_id == ticket.id,
            AiDecision.attribute == "assignee",
            AiDecision.applied.is_(False),
        )
    ).all()
    assert suggestion.value == str(colleague.id) and suggestion.output["suggestion"] is True
    assert session.get(Ticket, ticket.id).assignee_id == agent.id  # a person decides
