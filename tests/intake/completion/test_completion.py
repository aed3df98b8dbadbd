"""Completion of new tickets: language, fields from the text (with provenance), triage rules."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.intake.completion import triage
from ticketwise.intake.completion.language import detect_language
from ticketwise.intake.completion.triage import (
    TriageDecision,
    keyword_rules,
    register_triage_hook,
    unregister_triage_hook,
)
from ticketwise.tickets import service
from ticketwise.tickets.enums import ActorType, Channel, Level, Priority
from ticketwise.tickets.models import Ticket, TicketEvent
from ticketwise.tickets.schemas import TicketCreate
from ticketwise.tickets.types import extension


def _create(session, agent, type_slug="it_support", **data) -> Ticket:
    ticket = service.create_ticket(
        session,
        agent,
        TicketCreate(type=type_slug, requester={"email": "carol@example.com"}, **data),
        channel=Channel.AGENT,
    )
    session.commit()  # the TicketCreated handlers run now
    session.expire_all()
    return session.get(Ticket, ticket.id)


def _events(session, ticket, source):
    rows = session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)).all()
    return [row for row in rows if (row.data or {}).get("source") == source]


def test_language_is_detected_for_chinese_and_english():
    assert detect_language("我的电脑开机蓝屏，错误代码 0x0000007B")[0] == "zh_CN"
    assert detect_language("Cannot connect to the VPN from home since this morning")[0] == "en"
    assert detect_language("VPN") is None  # too short to tell


def test_new_ticket_gets_its_language_unless_given(session, make_user, seeded_types):
    agent = make_user("agent")
    ticket = _create(
        session, agent, title="打印机无法打印", description="三楼的打印机一直显示脱机，重启也没用。"
    )
    assert ticket.language == "zh_CN"
    (event,) = _events(session, ticket, "intake.language")
    assert event.actor_type is ActorType.SYSTEM and event.field == "language"
    given = _create(
        session, agent, title="打印机无法打印", description="三楼的打印机显示脱机。", language="en"
    )
    assert given.language == "en" and not _events(session, given, "intake.language")


def test_extractors_fill_empty_fields_from_the_title_with_provenance(session, make_user, seeded_types):
    agent = make_user("agent")
    ticket = _create(
        session, agent, title="Laptop IT-123456 fails at 10.0.3.17", description="It shows a blue screen."
    )
    values = extension.read_fields(session, ticket)
    assert values["asset_number"] == "IT-123456" and values["remote_address"] == "10.0.3.17"
    filled = {event.field: event for event in _events(session, ticket, "intake.extractor")}
    assert set(filled) >= {"fields.asset_number", "fields.remote_address"}
    assert filled["fields.asset_number"].data["match"] == "IT-123456"
    assert "IT-" in filled["fields.asset_number"].data["pattern"]
    assert filled["fields.asset_number"].new_value == "IT-123456"


def test_extractors_never_overwrite_a_given_value(session, make_user, seeded_types):
    agent = make_user("agent")
    ticket = _create(
        session,
        agent,
        title="Laptop IT-123456 is broken",
        description="",
        fields={"asset_number": "IT-999999"},
    )
    assert extension.read_fields(session, ticket)["asset_number"] == "IT-999999"
    assert not [e for e in _events(session, ticket, "intake.extractor") if e.field == "fields.asset_number"]


def test_order_numbers_are_found_for_complaints(session, make_user, seeded_types):
    agent = make_user("agent")
    ticket = _create(
        session, agent, "complaint_suggestion", title="订单号：A20240501123 的商品破损", description=""
    )
    assert extension.read_fields(session, ticket)["order_number"] == "A20240501123"


@pytest.fixture
def intake_keyword_rules():
    """The fixed keyword rules intake shipped before the AI domain took triage over (opt-in now)."""
    register_triage_hook(keyword_rules)
    yield
    unregister_triage_hook(keyword_rules)


def test_outage_words_raise_urgency_and_urgent_words_priority(
    session, make_user, seeded_types, intake_keyword_rules
):
    agent = make_user("agent")
    ticket = _create(session, agent, title="服务器宕机了，紧急！", description="ERP 全部无法访问")
    assert ticket.urgency is Level.HIGH and ticket.priority is Priority.P1
    rules = {event.data["rule"] for event in _events(session, ticket, "intake.triage")}
    assert rules == {"keywords.outage", "keywords.urgent"}
    calm = _create(session, agent, title="Please download the new driver", description="No rush.")
    # No intake rule fires ("download" is not "down"); the AI's own triage may still judge the urgency.
    assert calm.urgency is not Level.HIGH and not _events(session, calm, "intake.triage")


def test_triage_never_lowers_a_priority(session, make_user, seeded_types, intake_keyword_rules):
    agent = make_user("agent")
    ticket = _create(session, agent, title="Urgent: printer jam", description="", priority=Priority.P0)
    assert ticket.priority is Priority.P0


def test_registered_hooks_run_and_a_failing_hook_is_skipped(session, make_user, seeded_types):
    agent = make_user("agent")

    def broken(ticket, text):
        raise RuntimeError("bug in a rule")

    def vip(ticket, text):
        return [TriageDecision("urgency", Level.MEDIUM, "custom.vip", ("vip",))] if "VIP" in text else []

    register_triage_hook(broken)
    register_triage_hook(vip)
    try:
        assert vip in triage.triage_hooks()
        ticket = _create(session, agent, title="VIP cannot log in", description="")
    finally:
        unregister_triage_hook(broken)
        unregister_triage_hook(vip)
    assert ticket.urgency is Level.MEDIUM
    assert [e.data["rule"] for e in _events(session, ticket, "intake.triage")] == ["custom.vip"]
