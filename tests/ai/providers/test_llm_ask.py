"""``ask()`` against the fake OpenAI-compatible server: what is sent, what comes back, every failure
turned into ``None`` with a call-log row, and the call log of successes."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from pydantic import BaseModel, Field

from ticketwise.ai.features import Feature
from ticketwise.ai.llm import ask, llm_enabled
from ticketwise.ai.models import CallOutcome, LlmCall
from ticketwise.ai.prompts import PromptError
from ticketwise.ai.providers import service

VARIABLES = {"site_name": "Acme Helpdesk"}


class Verdict(BaseModel):
    """A label with how sure the model is."""

    label: str
    confidence: float = Field(ge=0, le=1)


def _calls(session) -> list[LlmCall]:
    session.flush()
    return list(session.scalars(sa.select(LlmCall).order_by(LlmCall.id)))


def test_builtin_when_nothing_is_configured(session, openai_server):
    assert not llm_enabled(session, Feature.TRIAGE)
    assert ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict) is None
    assert openai_server.requests == [] and _calls(session) == []


def test_json_mode_sends_the_english_prompt_and_validates_the_answer(session, configure, openai_server):
    configure(temperature=0.3)
    openai_server.reply_json(
        {"label": "it_support", "confidence": 0.91}, prompt_tokens=120, completion_tokens=9
    )

    answer = ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict, language="en")

    assert answer is not None
    assert answer.output == Verdict(label="it_support", confidence=0.91)
    assert (answer.provider, answer.model, answer.tokens_in, answer.tokens_out) == (
        "Fake",
        "fake-model",
        120,
        9,
    )
    sent = openai_server.requests[0]
    assert sent.path.endswith("/chat/completions")
    assert {k.lower(): v for k, v in sent.headers.items()}["authorization"] == "Bearer sk-test-0001"
    body = sent.json
    assert body["model"] == "fake-model" and body["temperature"] == 0.3
    assert body["response_format"] == {"type": "json_object"} and "tools" not in body
    system, user = body["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    assert system["content"].startswith("You are the assistant of a ticketing system.")
    # The output's JSON schema is appended to the system part in JSON mode.
    assert "JSON Schema" in system["content"] and '"confidence"' in system["content"]
    assert "administrator of Acme Helpdesk" in user["content"]
    [call] = _calls(session)
    assert (call.feature, call.provider, call.model, call.outcome) == (
        Feature.TRIAGE,
        "Fake",
        "fake-model",
        CallOutcome.OK,
    )
    assert (call.tokens_in, call.tokens_out) == (120, 9) and call.latency_ms >= 0


def test_chinese_prompt_for_chinese_tickets(session, configure, openai_server):
    configure()
    openai_server.reply_json({"label": "complaint", "confidence": 0.7})

    assert ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict, language="zh_CN") is not None

    system, user = openai_server.requests[0].json["messages"]
    assert system["content"].startswith("你是一个工单系统的助手")
    assert "JSON Schema" in system["content"] and "只输出一个 JSON 对象" in system["content"]
    assert "Acme Helpdesk 的管理员" in user["content"]


def test_tool_call_mode_sends_the_schema_as_function_parameters(session, configure, openai_server):
    configure(json_mode="tool_call")
    openai_server.reply_tool_call("connection_test", {"label": "it_support", "confidence": 0.8})

    answer = ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict)

    assert answer is not None and answer.output.label == "it_support"
    body = openai_server.requests[0].json
    assert "response_format" not in body
    [tool] = body["tools"]
    assert tool["type"] == "function" and tool["function"]["name"] == "connection_test"
    assert tool["function"]["parameters"] == Verdict.model_json_schema()
    assert body["tool_choice"] == {"type": "function", "function": {"name": "connection_test"}}
    # No schema sentence in the prompt: the tool carries it.
    assert "JSON Schema" not in body["messages"][0]["content"]


def test_an_answer_in_a_markdown_fence_is_accepted(session, configure, openai_server):
    configure()
    openai_server.reply(content='```json\n{"label": "x", "confidence": 0.5}\n```')
    answer = ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict)
    assert answer is not None and answer.output.label == "x"


@pytest.mark.parametrize(
    ("script", "outcome", "detail"),
    [
        ({"content": "I think it is IT support."}, CallOutcome.INVALID_JSON, "25 characters"),
        ({"content": json.dumps({"label": "x", "confidence": 7})}, CallOutcome.INVALID_OUTPUT, "confidence"),
        ({"content": json.dumps({"confidence": 0.5})}, CallOutcome.INVALID_OUTPUT, "label"),
        ({"status": 500}, CallOutcome.HTTP_ERROR, "HTTP 500"),
        ({"status": 429}, CallOutcome.RATE_LIMITED, "HTTP 429"),
        ({"raw": b"<html>proxy error</html>"}, CallOutcome.BAD_RESPONSE, None),
    ],
)
def test_failures_fall_back_to_builtin_and_are_logged(
    session, configure, openai_server, script, outcome, detail
):
    configure()
    openai_server.reply(**script)

    assert ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict) is None

    [call] = _calls(session)
    assert call.outcome is outcome
    if detail is not None:
        assert call.detail == detail
    assert "sk-test-0001" not in (call.detail or "")


def test_invalid_output_still_counts_the_tokens(session, configure, openai_server):
    configure()
    openai_server.reply(content="not json", prompt_tokens=50, completion_tokens=3)
    assert ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict) is None
    [call] = _calls(session)
    assert (call.outcome, call.tokens_in, call.tokens_out) == (CallOutcome.INVALID_JSON, 50, 3)


def test_a_slow_provider_times_out(session, configure, openai_server):
    configure(timeout_seconds=1)
    openai_server.reply_json({"label": "late", "confidence": 0.9}, delay=3)

    assert ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict) is None

    [call] = _calls(session)
    assert call.outcome is CallOutcome.TIMEOUT
    # Only one attempt: the client does not retry (the fallback is the retry).
    assert len(openai_server.requests) == 1


def test_a_wrong_key_is_refused(session, configure, openai_server):
    openai_server.api_key = "sk-right"
    configure(api_key="sk-wrong-key")
    assert ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict) is None
    [call] = _calls(session)
    assert (call.outcome, call.detail) == (CallOutcome.AUTH, "HTTP 401")


def test_an_unreachable_server_is_a_connection_failure(session, configure):
    configure(base_url="http://127.0.0.1:9/v1", timeout_seconds=2)
    assert ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict) is None
    [call] = _calls(session)
    assert call.outcome is CallOutcome.CONNECTION


def test_a_disabled_provider_means_builtin(session, configure, admin, openai_server):
    provider = configure()
    assert llm_enabled(session, Feature.TRIAGE)
    service.update_provider(
        session,
        admin,
        provider,
        service.ProviderInput(name="Fake", base_url=openai_server.url, model="fake-model", enabled=False),
    )
    assert not llm_enabled(session, Feature.TRIAGE)
    assert ask(session, Feature.TRIAGE, "connection_test", VARIABLES, Verdict) is None
    assert openai_server.requests == []


def test_each_feature_uses_its_own_provider(session, configure, openai_server):
    configure(Feature.SUMMARY, name="Summaries", model="summary-model")
    assert not llm_enabled(session, Feature.TRIAGE)
    openai_server.reply_json({"label": "s", "confidence": 1})
    answer = ask(session, Feature.SUMMARY, "connection_test", VARIABLES, Verdict)
    assert answer is not None and answer.model == "summary-model"
    assert openai_server.requests[0].json["model"] == "summary-model"


def test_a_prompt_bug_raises_instead_of_falling_back(session, configure):
    configure()
    with pytest.raises(PromptError):
        ask(session, Feature.TRIAGE, "connection_test", {}, Verdict)  # site_name missing
    with pytest.raises(PromptError):
        ask(session, Feature.TRIAGE, "no_such_prompt", VARIABLES, Verdict)
