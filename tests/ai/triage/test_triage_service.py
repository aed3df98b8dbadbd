"""triage_new_ticket: every attribute recorded with reasons, applied above the threshold to values
nobody gave, the human triage queue below it, and never over a person's choice."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.ai.decisions import render_reasons
from ticketwise.ai.models import AiDecision, DecisionStatus
from ticketwise.ai.settings import AiSettingsView, update_ai_settings
from ticketwise.ai.triage.service import triage_new_ticket, type_is_default
from ticketwise.core.pagination import PageRequest
from ticketwise.tickets import access
from ticketwise.tickets.enums import ActorType, Level
from ticketwise.tickets.models import TicketEvent
from ticketwise.tickets.schemas import TicketFilter
from ticketwise.tickets.type_change import change_type


def _by_attribute(decisions: list[AiDecision]) -> dict[str, AiDecision]:
    return {d.attribute: d for d in decisions}


def _threshold(session, make_user, value: float, *, auto_apply: bool = True) -> None:
    update_ai_settings(
        session, make_user("admin"), AiSettingsView(triage_min_confidence=value, auto_apply_triage=auto_apply)
    )


def test_cold_start_triages_an_email_ticket_and_explains_it(session, email_ticket):
    ticket = email_ticket("打印机无法打印", "三楼的打印机显示脱机，联系我 zhang@example.com")
    decisions = _by_attribute(triage_new_ticket(session, ticket))

    assert set(decisions) >= {"type", "category", "urgency", "sentiment", "language", "keywords", "entities"}
    kind = decisions["type"]
    assert (kind.value, kind.applied, kind.status) == ("it_support", True, DecisionStatus.APPLIED)
    assert kind.confidence >= 0.6 and kind.provider == "builtin" and "cold-start" in kind.model
    reasons = render_reasons(kind.reasons)
    assert any("打印机" in text for text in reasons), reasons
    assert ticket.type.slug == "it_support" and ticket.ai_confidence == kind.confidence
    printer = next(c for c in ticket.type.categories if c.names["en"] == "Printer")
    assert decisions["category"].value == str(printer.id) and ticket.category_id == printer.id
    assert ticket.language == "zh_CN" and "打印机" in ticket.keywords
    assert (
        decisions["entities"].output["emails"] == ["zhang@example.com"] and not decisions["entities"].applied
    )
    # Applied through the tickets service: audited as the AI.
    events = session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)).all()
    assert {(e.field, e.actor_type) for e in events} >= {
        ("type_id", ActorType.AI),
        ("category_id", ActorType.AI),
    }
    assert not ticket.needs_triage


def test_english_ticket_and_every_decision_is_stored(session, email_ticket):
    ticket = email_ticket(
        "Cannot connect to the VPN", "Since this morning the VPN drops, I am very frustrated"
    )
    decisions = _by_attribute(triage_new_ticket(session, ticket))
    assert decisions["type"].value == "it_support"
    assert decisions["language"].value == "en"
    assert decisions["sentiment"].value == "negative"
    stored = session.scalars(sa.select(AiDecision).where(AiDecision.ticket_id == ticket.id)).all()
    assert len(stored) == len(decisions)
    assert all(d.input_hash and len(d.input_hash) == 64 and d.reasons for d in stored)


def test_below_the_threshold_the_ticket_goes_to_the_triage_queue(session, make_user, email_ticket):
    _threshold(session, make_user, 0.99)
    ticket = email_ticket("有个问题", "麻烦看一下")
    decisions = _by_attribute(triage_new_ticket(session, ticket))

    assert ticket.needs_triage
    assert ticket.type.slug == "general_inquiry", "nothing applied below the threshold"
    assert not decisions["type"].applied and decisions["type"].status is DecisionStatus.PROPOSED
    assert decisions["needs_triage"].value == "true"
    assert any("threshold" in text for text in render_reasons(decisions["type"].reasons))
    assert not decisions["category"].applied and ticket.category_id is None

    agent = make_user("agent")
    page = access.list_tickets(session, agent, TicketFilter(view="triage"), PageRequest(page=1, size=25))
    assert [t.id for t in page.items] == [ticket.id]
    assert access.queue_counts(session, agent)["triage"] == 1

    # A person setting the type takes it out of the queue.
    change_type(session, agent, ticket, ticket.type)
    assert not ticket.needs_triage
    assert access.queue_counts(session, agent)["triage"] == 0


def test_a_type_chosen_by_a_person_is_never_replaced(session, agent_ticket, make_user):
    _threshold(session, make_user, 0.99)
    ticket = agent_ticket("打印机无法打印", "显示脱机", type="complaint_suggestion")
    ticket.urgency = Level.LOW
    assert not type_is_default(session, ticket)
    decisions = _by_attribute(triage_new_ticket(session, ticket))
    assert ticket.type.slug == "complaint_suggestion" and ticket.urgency is Level.LOW
    assert not decisions["type"].applied
    assert not ticket.needs_triage, "a person already chose the type"
    assert "urgency" not in decisions or not decisions["urgency"].applied


def test_values_already_given_are_kept(session, email_ticket, seeded_types):
    it = seeded_types["it_support"]
    email = next(c for c in it.categories if c.key == "email")
    ticket = email_ticket("打印机无法打印", "显示脱机", type="it_support")
    ticket.category_id, ticket.category = email.id, email
    session.flush()
    decisions = _by_attribute(triage_new_ticket(session, ticket))
    assert ticket.category_id == email.id
    assert not decisions["category"].applied
    assert any("already has a value" in text for text in render_reasons(decisions["category"].reasons))


def test_automatic_application_can_be_switched_off(session, make_user, email_ticket):
    _threshold(session, make_user, 0.1, auto_apply=False)
    ticket = email_ticket("打印机无法打印", "显示脱机")
    decisions = triage_new_ticket(session, ticket)
    assert ticket.type.slug == "general_inquiry" and ticket.category_id is None
    assert not any(d.applied for d in decisions)


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_finished_tickets_are_left_alone(session, email_ticket, status):
    ticket = email_ticket("打印机无法打印")
    ticket.status = status
    assert triage_new_ticket(session, ticket) == []
