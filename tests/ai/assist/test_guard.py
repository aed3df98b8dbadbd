"""The reply guard service: modes, the LLM tone check (recorded as an AI decision, sensitive data
masked before it leaves), and what is stored when an agent sends anyway."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from ticketwise.ai.assist import guard
from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision
from ticketwise.tickets.models import TicketEvent

SECRET_REPLY = "Your temporary password: Xk9#mQ2z. Card on file 4111 1111 1111 1111."
RUDE_REPLY = "As I already told you twice, read the manual before writing to us."


@pytest.fixture
def ticket(make_ticket):
    return make_ticket("Cannot log in", description="My account is locked.")


def _decisions(session):
    session.flush()
    return list(session.scalars(sa.select(AiDecision).where(AiDecision.attribute == "reply_guard")))


def test_default_mode_is_warn_with_masked_findings(session, ticket):
    result = guard.check_reply(session, SECRET_REPLY, ticket=ticket, language="en")
    assert result.mode == "warn" and result.warns and not result.blocks and result.needs_confirmation
    assert result.kinds == ["bank_card", "password"]
    assert not result.tone_checked and result.provider == "builtin"
    for finding in result.findings:
        assert "Xk9#mQ2z" not in finding.excerpt and "1111 1111 1111 1111" not in finding.excerpt
    assert [f.label for f in result.findings] == ["Password", "Bank card number"]


def test_block_mode_blocks_and_off_checks_nothing(session, ticket, guard_mode):
    guard_mode("block")
    assert guard.check_reply(session, SECRET_REPLY, ticket=ticket, language="en").blocks
    assert not guard.check_reply(
        session, "All fixed, thanks for your patience.", ticket=ticket, language="en"
    ).blocks
    guard_mode("off")
    result = guard.check_reply(session, SECRET_REPLY, ticket=ticket, language="en")
    assert result.mode == "off" and result.findings == ()


def test_tone_from_the_llm_is_recorded_as_a_decision(session, ticket, configure, openai_server, sent_prompt):
    configure(Feature.REPLY_GUARD)
    openai_server.reply_json(
        {"ok": False, "issues": ["Do not blame the customer.", "Drop 'as I already told you'."]}
    )

    result = guard.check_reply(session, RUDE_REPLY, ticket=ticket, language="en")

    assert result.tone_checked and result.provider == "Fake" and result.warns
    assert [(f.kind, f.message) for f in result.findings] == [
        ("tone", "Do not blame the customer."),
        ("tone", "Drop 'as I already told you'."),
    ]
    [decision] = _decisions(session)
    assert decision.ticket_id == ticket.id and decision.feature is Feature.REPLY_GUARD
    assert decision.value == "tone" and not decision.applied and decision.provider == "Fake"
    assert decision.output == {
        "ok": False,
        "issues": ["Do not blame the customer.", "Drop 'as I already told you'."],
    }
    assert RUDE_REPLY not in json.dumps(decision.output) and len(decision.input_hash) == 64
    system, user = sent_prompt()
    assert "only the tone" in system and user == RUDE_REPLY


def test_good_tone_records_nothing(session, ticket, configure, openai_server):
    configure(Feature.REPLY_GUARD)
    openai_server.reply_json({"ok": True, "issues": []})
    result = guard.check_reply(session, "Thank you, it is fixed now.", ticket=ticket, language="en")
    assert result.tone_checked and result.findings == () and _decisions(session) == []


def test_the_tone_check_never_sees_the_secrets(session, ticket, configure, openai_server, sent_prompt):
    configure(Feature.REPLY_GUARD)
    openai_server.reply_json({"ok": True, "issues": []})
    result = guard.check_reply(session, SECRET_REPLY, ticket=ticket, language="en")
    assert result.kinds == ["bank_card", "password"]
    _system, user = sent_prompt()
    assert "Xk9#mQ2z" not in user and "4111" not in user


def test_tone_check_is_skipped_when_switched_off_or_acknowledged(
    session, ticket, configure, openai_server, guard_mode
):
    configure(Feature.REPLY_GUARD)
    guard_mode("warn", tone=False)
    assert not guard.check_reply(session, RUDE_REPLY, ticket=ticket, language="en").tone_checked
    guard_mode("warn", tone=True)
    # The agent saw the warnings and sends anyway: no second (paid) tone check in warn mode...
    acknowledged = guard.check_reply(session, RUDE_REPLY, ticket=ticket, language="en", acknowledged=True)
    assert not acknowledged.tone_checked and not acknowledged.needs_confirmation
    assert openai_server.requests == []
    # ...but in block mode an acknowledgement changes nothing.
    guard_mode("block", tone=True)
    openai_server.reply_json({"ok": False, "issues": ["Rude."]})
    assert guard.check_reply(session, RUDE_REPLY, ticket=ticket, language="en", acknowledged=True).blocks


def test_a_failing_tone_check_leaves_the_offline_findings(session, ticket, configure, openai_server):
    configure(Feature.REPLY_GUARD)
    openai_server.reply(status=500)
    result = guard.check_reply(session, SECRET_REPLY, ticket=ticket, language="en")
    assert not result.tone_checked and result.kinds == ["bank_card", "password"]


def test_sent_anyway_is_audited_with_kinds_only(session, ticket, agent):
    guard.record_sent_anyway(session, agent, ticket, {"password", "tone", "<script>"})
    session.flush()
    event = session.scalars(
        sa.select(TicketEvent).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.action == "reply_guard_overridden"
        )
    ).one()
    assert event.actor_user_id == agent.id
    assert event.new_value == "password,tone" and event.data == {"kinds": ["password", "tone"]}
