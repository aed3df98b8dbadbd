"""Translation: LLM only. What the provider receives (the message, the target language, sensitive data
masked), which message is meant, and the clear answer when there is no provider or it fails."""

from __future__ import annotations

import pytest

from ticketwise.ai.assist import translate
from ticketwise.ai.assist.sensitive import REDACTED
from ticketwise.ai.features import Feature
from ticketwise.core.errors import NotFound, ValidationFailed
from ticketwise.tickets.messages import add_message


@pytest.fixture
def ticket(session, make_ticket):
    return make_ticket(
        "邮箱无法登录", description="我的邮箱从昨天开始无法登录，提示密码错误。", language="zh_CN"
    )


def test_translation_by_the_llm(session, ticket, configure, openai_server, sent_prompt):
    configure(Feature.TRANSLATION)
    openai_server.reply_json({"translation": "My mailbox cannot log in since yesterday."})

    request = translate.thread_message(session, ticket, None)
    result = translate.translate_text(session, request.full_text, "en")

    assert result is not None
    assert result.text == "My mailbox cannot log in since yesterday."
    assert (result.provider, result.model, result.target_language) == ("Fake", "fake-model", "en")
    system, user = sent_prompt()
    assert "into English" in system
    assert "邮箱无法登录" in user and "提示密码错误" in user


def test_translation_into_chinese_uses_the_chinese_prompt(
    session, ticket, configure, openai_server, sent_prompt
):
    configure(Feature.TRANSLATION)
    openai_server.reply_json({"translation": "请重置密码。"})
    assert translate.translate_text(session, "Please reset your password.", "zh").text == "请重置密码。"
    system, user = sent_prompt()
    assert "简体中文" in system and user == "Please reset your password."


def test_sensitive_data_is_masked_before_it_reaches_the_provider(
    session, configure, openai_server, sent_prompt
):
    configure(Feature.TRANSLATION)
    openai_server.reply_json({"translation": "x"})
    translate.translate_text(session, "我的密码：Abc12345，卡号 4111 1111 1111 1111。", "en")
    _system, user = sent_prompt()
    assert "Abc12345" not in user and "4111 1111" not in user
    assert user.count(REDACTED) == 2


def test_offline_there_is_no_translation_and_the_reason_says_why(session, ticket, openai_server):
    assert translate.translate_text(session, "你好", "en") is None
    assert translate.unavailable_reason(session) == translate.NOT_CONFIGURED
    with pytest.raises(translate.TranslationUnavailable) as raised:
        translate.require_translation(session, "你好", "en")
    assert raised.value.status == 503
    assert "none is configured" in raised.value.translated()
    assert openai_server.requests == []


def test_a_failing_provider_is_reported_as_failing_not_as_missing(session, configure, openai_server):
    configure(Feature.TRANSLATION)
    openai_server.reply(status=503)
    assert translate.translate_text(session, "你好", "en") is None
    assert translate.unavailable_reason(session) == translate.PROVIDER_FAILED


def test_which_message(session, ticket, make_ticket, agent):
    reply = add_message(session, agent, ticket, body="请尝试重置密码。")
    note = add_message(session, agent, ticket, body="内部备注", internal=True)
    customer = add_message(session, None, ticket, contact=ticket.requester, body="重置后可以登录了，谢谢。")
    other = make_ticket("Another ticket", description="Something else")
    foreign = add_message(session, agent, other, body="Not on the first ticket.")
    session.commit()

    assert translate.thread_message(session, ticket, reply.id).text == "请尝试重置密码。"
    assert translate.thread_message(session, ticket, note.id).role == "note"  # agents may translate notes
    assert translate.latest_customer_message(session, ticket).message_id == customer.id
    with pytest.raises(NotFound):
        translate.thread_message(session, ticket, foreign.id)
    # Before the customer writes again, the latest customer message is the request itself.
    assert translate.latest_customer_message(session, other).message_id is None


def test_empty_or_overlong_text_is_refused(session):
    with pytest.raises(ValidationFailed):
        translate.translate_text(session, "   ", "en")
    with pytest.raises(ValidationFailed):
        translate.translate_text(session, "x" * (translate.MAX_TEXT_CHARS + 1), "en")
