"""Thread summary: sentence splitting (zh and en), the offline extract (key sentences kept, small talk
dropped, thread order, who said it) and the LLM path with its fallback."""

from __future__ import annotations

import pytest

from ticketwise.ai.assist.summary import extract, split_sentences, summarise
from ticketwise.ai.assist.thread import thread_of
from ticketwise.ai.features import Feature
from ticketwise.tickets.messages import add_message


def test_split_sentences_chinese_and_english():
    assert split_sentences("我的电脑蓝屏了。重启后还是不行！怎么办？他说“好的。”然后走了") == [
        "我的电脑蓝屏了。",
        "重启后还是不行！",
        "怎么办？",
        "他说“好的。”",
        "然后走了",
    ]
    assert split_sentences("Build 1.5 fails on boot. See e.g.the log!\nIs it fixed? Thanks") == [
        "Build 1.5 fails on boot.",
        "See e.g.the log!",
        "Is it fixed?",
        "Thanks",
    ]


@pytest.fixture
def vpn_ticket(session, make_ticket, agent):
    ticket = make_ticket(
        "VPN drops every few minutes",
        description=(
            "Hello team. Since Monday the VPN client disconnects every few minutes when I work from home. "
            "I have to reconnect the VPN many times a day. Have a nice day."
        ),
        requester_name="Carol Customer",
    )
    add_message(
        session,
        agent,
        ticket,
        body="Thanks for writing. Please update the VPN client to version 5.2 and tell us if the VPN still disconnects.",
    )
    add_message(
        session,
        agent,
        ticket,
        body="Checked the gateway logs: her sessions time out after 300 s.",
        internal=True,
    )
    add_message(
        session,
        None,
        ticket,
        contact=ticket.requester,
        body="I updated the VPN client to 5.2. The VPN still disconnects after a few minutes. The weather is lovely today.",
    )
    session.commit()
    return ticket


def test_offline_extract_keeps_key_sentences_in_thread_order(session, vpn_ticket):
    lines = extract(thread_of(session, vpn_ticket, notes=True))
    texts = [line.text for line in lines]

    assert 3 <= len(lines) <= 5
    # The problem, the advice and the current state are there; small talk is not.
    assert any("disconnects every few minutes" in t for t in texts)
    assert any("update the VPN client" in t for t in texts)
    assert any("still disconnects" in t for t in texts)
    assert not any("weather" in t or "nice day" in t or t.startswith("Hello") for t in texts)
    # Thread order, each sentence with who said it.
    thread_order = [line.message_id or 0 for line in lines]
    assert thread_order == sorted(thread_order)
    assert lines[0].message_id is None and lines[0].author == "Carol Customer" and lines[0].role == "customer"
    roles = {line.role for line in lines}
    assert {"customer", "agent"} <= roles
    assert next(line for line in lines if "update the VPN client" in line.text).author == "Alice Agent"


def test_offline_extract_of_a_chinese_thread(session, make_ticket, agent):
    ticket = make_ticket(
        "打印机卡纸",
        description="三楼的打印机从早上开始一直卡纸。我们已经打开后盖清理过一次，但打印机还是卡纸。谢谢！",
        requester_name="王小明",
    )
    add_message(
        session,
        agent,
        ticket,
        body="您好！请检查打印机纸盒里的纸张是否受潮，并更换一包新纸。我们下午派人到三楼检查打印机。",
    )
    add_message(
        session, None, ticket, contact=ticket.requester, body="换了新纸以后打印机不再卡纸了。今天天气不错。"
    )
    session.commit()

    lines = extract(thread_of(session, ticket, notes=True))
    texts = [line.text for line in lines]
    assert 3 <= len(lines) <= 5
    assert texts[0].startswith("三楼的打印机") and lines[0].author == "王小明"
    assert any("不再卡纸" in t for t in texts)
    assert not any("天气" in t or t == "谢谢！" for t in texts)


def test_summary_offline_without_a_provider(session, vpn_ticket, openai_server):
    result = summarise(session, vpn_ticket, language="en")
    assert result.offline and result.provider == "builtin" and result.text == ""
    assert 3 <= len(result.lines) <= 5
    assert openai_server.requests == []


def test_summary_from_the_llm_gets_the_whole_thread(
    session, vpn_ticket, configure, openai_server, sent_prompt
):
    configure(Feature.SUMMARY)
    openai_server.reply_json(
        {"summary": "VPN drops since Monday; client 5.2 did not help; gateway times out at 300 s."}
    )

    result = summarise(session, vpn_ticket, language="en")

    assert not result.offline and (result.provider, result.model) == ("Fake", "fake-model")
    assert result.text.startswith("VPN drops since Monday") and result.lines == ()
    system, user = sent_prompt()
    assert "in English" in system
    assert "VPN drops every few minutes" in user and "version 5.2" in user
    assert "300 s" in user  # internal notes are for agents: the summary may use them


def test_summary_in_chinese_uses_the_chinese_prompt(
    session, vpn_ticket, configure, openai_server, sent_prompt
):
    configure(Feature.SUMMARY)
    openai_server.reply_json({"summary": "VPN 每隔几分钟断开。"})
    assert summarise(session, vpn_ticket, language="zh").text == "VPN 每隔几分钟断开。"
    system, _user = sent_prompt()
    assert "请用中文" in system


@pytest.mark.parametrize("failure", [{"status": 500}, {"raw": b"not json"}, {"content": '{"points": []}'}])
def test_summary_falls_back_to_the_extract_when_the_llm_fails(
    session, vpn_ticket, configure, openai_server, failure
):
    configure(Feature.SUMMARY)
    openai_server.reply(**failure)
    result = summarise(session, vpn_ticket, language="en")
    assert result.offline and 3 <= len(result.lines) <= 5
    assert len(openai_server.requests) == 1
