"""End to end: a customer's e-mail comes in through the inbound API, is acknowledged by a real SMTP
server (aiosmtpd), an agent's public reply goes out threaded, the customer's Outlook- and Gmail-style
answers (and one fetched by IMAP from a real Dovecot) land on the same ticket without their quotes,
and a stranger who copies the subject tag gets a ticket of their own."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.fixtures_dovecot import DovecotServer, dovecot  # noqa: F401  (the session fixture)

from ticketwise.core.jobs import huey
from ticketwise.intake.mailboxes import schedule, service
from ticketwise.notifications.smtp_settings import update_smtp_settings
from ticketwise.tickets.mail_ids import subject_tag, ticket_id_from_message_id

RFC822 = {"Content-Type": "message/rfc822"}
CUSTOMER = "chen.jing@customer.example"
SUPPORT = "support@ticketwise.example"
SUBJECT = "打印机无法连接网络"
FIRST_BODY = (
    "您好：\n\n三楼的打印机从今天早上开始无法连接网络，屏幕显示错误 E-22。\n请尽快帮忙处理。\n\n陈静\n"
)
AGENT_TEXT = "Please switch the printer off and on again, then tell us whether E-22 is still shown."


@dataclass
class Captured:
    """What the loopback SMTP server accepted, parsed."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        raw = envelope.original_content or envelope.content
        self.messages.append(message_from_bytes(raw, policy=policy.default))  # type: ignore[arg-type]
        return "250 2.0.0 OK"


@pytest.fixture(scope="module")
def _smtp() -> Iterator[tuple[Controller, Captured]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    captured = Captured()
    controller = Controller(captured, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, captured
    controller.stop()


@pytest.fixture
def outbox(session: Session, make_user, _smtp: tuple[Controller, Captured]) -> Iterator[Captured]:
    """Outgoing mail on, to the capturing server; ``outbox.messages`` holds this test's mail."""
    controller, captured = _smtp
    captured.messages.clear()
    huey.storage.flush_all()
    update_smtp_settings(
        session,
        make_user("admin"),
        enabled=True,
        host="127.0.0.1",
        port=controller.port,
        security="none",
        username="",
        password="",
        from_address=SUPPORT,
        from_name="Ticketwise Support",
        reply_to="",
        automatic_per_hour=5,
    )
    session.commit()
    yield captured
    captured.messages.clear()
    huey.storage.flush_all()


@pytest.fixture
def agent(make_user):
    return make_user("agent", email="alice.agent@ticketwise.example", name="Alice Agent")


@pytest.fixture
def agent_api(api_as, agent, seeded_types) -> TestClient:
    return api_as(agent)


def customer_mail(
    body: str,
    *,
    subject: str,
    sender: str = f"陈静 <{CUSTOMER}>",
    in_reply_to: str | None = None,
    references: list[str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = f"Ticketwise Support <{SUPPORT}>"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime(2026, 11, 26, 2, 15, tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain="customer.example")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = " ".join(references)
    message.set_content(body)
    return message


def post_mail(api: TestClient, message: EmailMessage) -> dict[str, Any]:
    response = api.post("/api/v1/inbound/email", content=bytes(message), headers=RFC822)
    assert response.status_code in (200, 201), response.text
    return response.json()


def messages_of(api: TestClient, ticket_id: int) -> list[dict[str, Any]]:
    response = api.get(f"/api/v1/tickets/{ticket_id}/messages")
    assert response.status_code == 200, response.text
    return response.json()


@dataclass
class Conversation:
    ticket: dict[str, Any]
    customer_message_id: str
    acknowledgement: EmailMessage
    agent_mail: EmailMessage


def start_conversation(api: TestClient, outbox: Captured) -> Conversation:
    """Steps 1 and 2: the customer writes in, is acknowledged, and an agent replies publicly."""
    first = customer_mail(FIRST_BODY, subject=SUBJECT)
    created = post_mail(api, first)
    assert created["outcome"] == "created"
    [acknowledgement] = outbox.messages
    outbox.messages.clear()
    ticket_id = created["ticket"]["id"]
    response = api.post(f"/api/v1/tickets/{ticket_id}/messages", json={"body": AGENT_TEXT})
    assert response.status_code == 201, response.text
    [agent_mail] = outbox.messages
    outbox.messages.clear()
    return Conversation(created["ticket"], first["Message-ID"], acknowledgement, agent_mail)


def test_a_customer_mail_creates_a_ticket_and_is_acknowledged(session, agent_api, outbox):
    message = customer_mail(FIRST_BODY, subject=SUBJECT)

    created = post_mail(agent_api, message)

    assert created["outcome"] == "created"
    assert created["message_id"] == message["Message-ID"]
    ticket = created["ticket"]
    assert ticket["title"] == SUBJECT
    [ack] = outbox.messages
    assert ack["To"] == CUSTOMER
    assert ticket_id_from_message_id(ack["Message-ID"]) == ticket["id"]
    assert ack["Subject"].endswith(subject_tag(ticket["number"]))
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["In-Reply-To"] == message["Message-ID"]
    assert ack["References"].split() == [message["Message-ID"]]
    [stored] = messages_of(agent_api, ticket["id"])
    assert stored["from"] == {"name": "陈静", "email": CUSTOMER}
    assert stored["body_text"] == FIRST_BODY.strip()


def test_an_agent_reply_is_mailed_to_the_requester_threaded(session, agent_api, outbox):
    first = customer_mail(FIRST_BODY, subject=SUBJECT)
    created = post_mail(agent_api, first)
    [ack] = outbox.messages
    outbox.messages.clear()
    ticket = created["ticket"]

    response = agent_api.post(f"/api/v1/tickets/{ticket['id']}/messages", json={"body": AGENT_TEXT})

    assert response.status_code == 201, response.text
    [mail] = outbox.messages
    assert mail["To"] == CUSTOMER
    assert mail["From"].addresses[0].addr_spec == SUPPORT
    assert ticket_id_from_message_id(mail["Message-ID"]) == ticket["id"]
    assert mail["Message-ID"] not in (ack["Message-ID"], first["Message-ID"])
    # The conversation so far, oldest first: the customer's mail, then our acknowledgement.
    assert mail["In-Reply-To"] == ack["Message-ID"]
    assert mail["References"].split() == [first["Message-ID"], ack["Message-ID"]]
    assert subject_tag(ticket["number"]) in mail["Subject"]
    assert mail["Auto-Submitted"] is None  # a person wrote it
    assert AGENT_TEXT in mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]


# The customer's own words and the quote header their mail program writes, per language.
OUTLOOK = {
    "en": (
        "I restarted it, E-22 is gone but it still cannot print over Wi-Fi.\n\nChen Jing",
        "________________________________\n"
        "From: Ticketwise Support <{support}>\n"
        "Sent: Thursday, November 26, 2026 10:40 AM\n"
        "To: Chen Jing <{customer}>\n"
        "Subject: {subject}\n",
    ),
    "zh": (
        "重启以后 E-22 不见了，但是还是不能通过 Wi-Fi 打印。\n\n陈静",
        "________________________________\n"
        "发件人：Ticketwise Support <{support}>\n"
        "发送时间：2026年11月26日 星期四 10:40\n"
        "收件人：陈静 <{customer}>\n"
        "主题：{subject}\n",
    ),
}
GMAIL = {
    "zh": (
        "又试了一次，现在可以正常打印了，谢谢！",
        '在 2026年11月26日 10:40，"Ticketwise Support"<{support}> 写道：\n',
    ),
    "en": (
        "Tried again, it prints fine now. Thank you!",
        "On Thu, Nov 26, 2026 at 10:40 AM Ticketwise Support <{support}> wrote:\n",
    ),
}


def outlook_reply(conversation: Conversation, language: str) -> tuple[EmailMessage, str, str]:
    """Top-posted text over the agent's mail under an Outlook header block; In-Reply-To only.
    Returns the message, the text the customer wrote and the first line of the quote."""
    agent_mail = conversation.agent_mail
    text, header = OUTLOOK[language]
    header = header.format(support=SUPPORT, customer=CUSTOMER, subject=agent_mail["Subject"])
    body = f"{text}\n\n{header}\n{AGENT_TEXT}\n\nAlice Agent\n"
    message = customer_mail(
        body, subject=f"RE: {agent_mail['Subject']}", in_reply_to=agent_mail["Message-ID"]
    )
    return message, text, header.splitlines()[1]


def gmail_reply(conversation: Conversation, language: str) -> tuple[EmailMessage, str, str]:
    """Text, then "On <date>, <agent> wrote:" and "> " quoted lines; References only (no In-Reply-To)."""
    agent_mail = conversation.agent_mail
    text, header = GMAIL[language]
    header = header.format(support=SUPPORT)
    body = f"{text}\n\n{header}> {AGENT_TEXT}\n>\n> Alice Agent\n"
    message = customer_mail(
        body,
        subject=f"Re: {agent_mail['Subject']}",
        references=[conversation.customer_message_id, agent_mail["Message-ID"]],
    )
    return message, text, header.strip()


@pytest.mark.parametrize(
    ("outlook_language", "gmail_language"),
    [("en", "zh"), ("zh", "en")],
    ids=["outlook-en+gmail-zh", "outlook-zh+gmail-en"],
)
def test_outlook_and_gmail_replies_are_appended_without_their_quotes(
    session, agent_api, outbox, outlook_language, gmail_language
):
    conversation = start_conversation(agent_api, outbox)
    ticket_id = conversation.ticket["id"]
    outlook, outlook_text, outlook_quote_start = outlook_reply(conversation, outlook_language)
    gmail, gmail_text, gmail_quote_start = gmail_reply(conversation, gmail_language)
    assert outlook["References"] is None and gmail["In-Reply-To"] is None

    from_outlook_result = post_mail(agent_api, outlook)
    from_gmail_result = post_mail(agent_api, gmail)

    assert (from_outlook_result["outcome"], from_outlook_result["ticket"]["id"]) == ("appended", ticket_id)
    assert (from_gmail_result["outcome"], from_gmail_result["ticket"]["id"]) == ("appended", ticket_id)
    assert outbox.messages == []  # a customer's reply is not acknowledged again
    _first, _agent, from_outlook, from_gmail = messages_of(agent_api, ticket_id)
    assert from_outlook["from"]["email"] == from_gmail["from"]["email"] == CUSTOMER
    assert from_outlook["body_text"] == outlook_text
    assert outlook_quote_start in from_outlook["quoted_text"]
    assert AGENT_TEXT in from_outlook["quoted_text"]
    assert from_gmail["body_text"] == gmail_text
    assert from_gmail["quoted_text"].startswith(gmail_quote_start)
    assert f"> {AGENT_TEXT}" in from_gmail["quoted_text"]


def test_a_reply_fetched_by_imap_is_appended_and_marked_seen(
    session,
    make_user,
    agent_api,
    outbox,
    dovecot: DovecotServer,  # noqa: F811
):
    conversation = start_conversation(agent_api, outbox)
    ticket_id = conversation.ticket["id"]
    mailbox = service.create_mailbox(
        session,
        make_user("admin"),
        service.MailboxInput(
            name="Support inbox",
            host=dovecot.host,
            port=dovecot.port,
            security="none",
            username=dovecot.user,
            password=dovecot.password,
            folder=dovecot.fresh_folder(),
        ),
    )
    session.commit()
    reply = customer_mail(
        "打印机已经恢复正常，可以关闭工单了。\n",
        subject=f"回复：{conversation.agent_mail['Subject']}",
        in_reply_to=conversation.agent_mail["Message-ID"],
    )
    dovecot.append(mailbox.folder, bytes(reply))

    report = schedule.run_mailbox(mailbox.id)

    assert report is not None and report.error is None
    assert report.counts == {"appended": 1}
    assert [("\\Seen" in flags) for flags in dovecot.flags_in(mailbox.folder)] == [True]
    _first, _agent, fetched = messages_of(agent_api, ticket_id)
    assert fetched["from"]["email"] == CUSTOMER
    assert fetched["channel"] == "email"
    assert fetched["body_text"] == "打印机已经恢复正常，可以关闭工单了。"


def test_a_stranger_copying_the_subject_tag_gets_a_new_ticket(session, agent_api, outbox):
    conversation = start_conversation(agent_api, outbox)
    tag = subject_tag(conversation.ticket["number"])
    stranger = customer_mail(
        "I have the same problem with my printer.\n",
        subject=f"Re: {SUBJECT} {tag}",
        sender="Mallory <mallory@elsewhere.example>",
    )

    result = post_mail(agent_api, stranger)

    assert result["outcome"] == "created"
    assert result["ticket"]["id"] != conversation.ticket["id"]
    assert len(messages_of(agent_api, conversation.ticket["id"])) == 2
    # The stranger is acknowledged on their own ticket, not told about the one they named.
    [ack] = outbox.messages
    assert ack["To"] == "mallory@elsewhere.example"
    assert ticket_id_from_message_id(ack["Message-ID"]) == result["ticket"]["id"]
