"""The connection test behind the admin's button: model list, one real completion, and each failure
explained in the admin's language."""

from __future__ import annotations

from ticketwise.ai.models import JsonMode
from ticketwise.ai.providers.connection_test import check_connection
from ticketwise.ai.providers.openai_compatible import Endpoint
from ticketwise.core.i18n import use_locale


def _endpoint(url: str, **overrides) -> Endpoint:
    values = {
        "name": "Fake",
        "base_url": url,
        "api_key": "sk-test",
        "model": "fake-model",
        "timeout_seconds": 2.0,
        "temperature": 0.0,
        "json_mode": JsonMode.JSON_OBJECT,
    }
    values.update(overrides)
    return Endpoint(**values)


def test_success_reports_the_answer_the_models_and_the_latency(openai_server):
    openai_server.models = ("fake-model", "other-model")
    openai_server.reply_json({"reply": "Hello, admin!"})
    with use_locale("en"):
        report = check_connection(_endpoint(openai_server.url), language="en")
    assert report.ok and report.answer == "Hello, admin!"
    assert report.models == ["fake-model", "other-model"] and report.model_listed
    assert report.message.startswith("Connected: fake-model answered in ")
    assert openai_server.requests[0].json["response_format"] == {"type": "json_object"}


def test_chinese_admins_get_the_chinese_prompt(openai_server):
    openai_server.reply_json({"reply": "你好"})
    report = check_connection(_endpoint(openai_server.url), language="zh_CN")
    assert report.ok
    assert "管理员问好" in openai_server.requests[0].json["messages"][1]["content"]


def test_tool_call_mode(openai_server):
    openai_server.reply_tool_call("connection_test", {"reply": "Hi"})
    report = check_connection(_endpoint(openai_server.url, json_mode=JsonMode.TOOL_CALL), language="en")
    assert report.ok and report.answer == "Hi"


def test_an_unlisted_model_is_a_hint_not_a_failure(openai_server):
    openai_server.reply_json({"reply": "Hi"})
    report = check_connection(_endpoint(openai_server.url, model="typo-model"), language="en")
    assert report.ok and not report.model_listed


def test_a_wrong_key_fails_at_the_model_list(openai_server):
    openai_server.api_key = "sk-right"
    with use_locale("en"):
        report = check_connection(_endpoint(openai_server.url, api_key="sk-wrong"), language="en")
    assert not report.ok and report.message == "The provider refused the API key."
    assert openai_server.requests == []  # the completion was never attempted


def test_failures_of_the_completion(openai_server):
    with use_locale("en"):
        openai_server.reply(status=500)
        assert check_connection(_endpoint(openai_server.url), language="en").message == (
            "The provider answered with an error (HTTP 500)."
        )
        openai_server.reply(content="plain words")
        assert check_connection(_endpoint(openai_server.url), language="en").message == (
            "The model's answer was not valid JSON."
        )
        openai_server.reply_json({"greeting": "hi"})
        assert check_connection(_endpoint(openai_server.url), language="en").message == (
            "The model's answer did not have the expected fields."
        )
        openai_server.reply_json({"reply": "late"}, delay=2)
        report = check_connection(_endpoint(openai_server.url, timeout_seconds=1.0), language="en")
        assert not report.ok and report.message == "The provider did not answer in time (1 s)."


def test_nothing_listening(openai_server):
    with use_locale("en"):
        report = check_connection(_endpoint("http://127.0.0.1:9/v1"), language="en")
    assert not report.ok and report.message == "Could not connect to http://127.0.0.1:9/v1."
