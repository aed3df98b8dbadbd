"""The LLM path of triage against the fake OpenAI-compatible server, and the fallback to builtin."""

from __future__ import annotations

import sqlalchemy as sa

from ticketwise.ai.models import LlmCall
from ticketwise.ai.triage.llm_triage import answer_model
from ticketwise.ai.triage.service import triage_new_ticket
from ticketwise.tickets.types.repository import get_type_by_slug


def _by_attribute(decisions):
    return {d.attribute: d for d in decisions}


def test_the_llm_decides_with_the_sites_types_and_categories(
    session, email_ticket, triage_llm, openai_server
):
    triage_llm()
    ticket = email_ticket("Meeting room 5 air conditioner is leaking", "Water on the floor, please hurry")
    repair_type = get_type_by_slug(session, "equipment_repair")
    category = repair_type.categories[0]
    openai_server.reply_json(
        {
            "type": "equipment_repair",
            "category": str(category.id),
            "urgency": "high",
            "intent": "report_leak",
            "sentiment": "negative",
            "type_confidence": 0.93,
            "category_confidence": 0.8,
            "urgency_confidence": 0.7,
            "reasons": ["The air conditioner is leaking water."],
        }
    )
    decisions = _by_attribute(triage_new_ticket(session, ticket))

    sent = openai_server.requests[0].json
    prompt = "\n".join(m["content"] or "" for m in sent["messages"])
    assert sent["model"] == "fake-model"
    assert "equipment_repair" in prompt and "it_support" in prompt and str(category.id) in prompt
    assert "Meeting room 5 air conditioner is leaking" in prompt
    assert decisions["type"].provider == "FakeLLM" and decisions["type"].confidence == 0.93
    assert ticket.type.slug == "equipment_repair" and ticket.category_id == category.id
    assert ticket.intent == "report_leak" and ticket.sentiment == "negative"
    assert any("leaking" in r["params"].get("explanation", "") for r in decisions["type"].reasons)
    # Language, keywords and entities stay builtin.
    assert decisions["language"].provider == "builtin"


def test_a_failing_llm_falls_back_to_the_builtin_models(session, email_ticket, triage_llm, openai_server):
    triage_llm()
    openai_server.reply(status=500)
    ticket = email_ticket("打印机无法打印", "显示脱机")
    decisions = _by_attribute(triage_new_ticket(session, ticket))
    assert decisions["type"].provider == "builtin" and decisions["type"].value == "it_support"
    calls = session.scalars(sa.select(LlmCall)).all()
    assert len(calls) == 1 and not calls[0].ok


def test_an_answer_naming_an_unknown_type_is_refused_and_builtin_decides(
    session, email_ticket, triage_llm, openai_server
):
    triage_llm()
    openai_server.reply_json({"type": "made_up_type", "type_confidence": 0.99})
    ticket = email_ticket("Cannot connect to the VPN", "")
    decisions = _by_attribute(triage_new_ticket(session, ticket))
    assert decisions["type"].provider == "builtin" and decisions["type"].value == "it_support"


def test_the_output_model_only_accepts_listed_choices():
    model = answer_model(["a", "b"], ["1"])
    assert model.model_validate({"type": "a", "category": "1"}).type == "a"
    for bad in ({"type": "c"}, {"type": "a", "category": "2"}, {"type": "a", "urgency": "extreme"}):
        try:
            model.model_validate(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad}")
