"""Every mail template renders in both languages, with a one-line subject and escaped HTML."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ticketwise.notifications.mail.templates import mail_locale, render_mail
from ticketwise.notifications.models import MailKind

TICKET = SimpleNamespace(number="TW-20261126-0042", title="Printer <b>jammed</b>")
CONTEXT = {
    "site_name": "Ticketwise",
    "ticket": TICKET,
    "requester_name": "Carol",
    "portal_url": None,
    "body_text": "Please restart it.",
    "body_html": "<p>Please restart it.</p>",
    "agent_name": "Alice",
    "confirm_url": "http://example.com/t/x/confirm",
    "reopen_url": "http://example.com/t/x/reopen",
    "reopen_days": 14,
    "recipient_name": "Alice",
    "text": "Ticket TW-20261126-0042 breached its SLA.",
    "ticket_url": "http://example.com/agent/tickets/TW-20261126-0042",
    "host": "smtp.example.com",
    "url": "http://example.com/reset-password/abc",
    "valid_hours": 48,
}


@pytest.mark.parametrize("kind", list(MailKind))
@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_each_kind_renders_in_each_language(kind, locale):
    mail = render_mail(kind, locale, CONTEXT)
    assert mail.subject and "\n" not in mail.subject
    assert mail.text.strip() and mail.html.startswith("<!doctype html>")
    assert ('lang="zh-CN"' if locale == "zh_CN" else 'lang="en"') in mail.html
    # Customer text is escaped in HTML; the agent's (already sanitised) HTML is kept as is.
    assert "<b>jammed</b>" not in mail.html
    if kind is MailKind.REPLY:
        assert "<p>Please restart it.</p>" in mail.html


def test_alert_without_a_ticket_renders():
    mail = render_mail(MailKind.ALERT, "en", {**CONTEXT, "ticket": None, "ticket_url": None})
    assert "Open the ticket" not in mail.html


def test_the_language_falls_back_in_order():
    assert mail_locale(None, "zh-Hans") == "zh_CN"
    assert mail_locale("en-GB", "zh") == "en"
    assert mail_locale("fr", None) == "en"  # the test site's default
