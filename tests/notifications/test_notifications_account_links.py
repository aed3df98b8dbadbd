"""Invitation and password-reset links reach the account's own address by e-mail, in its language;
with outgoing mail off they are not mailed (the operator finds the reset link in the log)."""

from __future__ import annotations

from email.message import EmailMessage

import sqlalchemy as sa
import structlog

from ticketwise.notifications.models import MailKind, MailStatus, OutboundEmail
from ticketwise.users import service as user_service


def _text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_an_invitation_is_mailed_in_the_invitees_language(session, smtp_on, admin):
    user, url = user_service.invite_user(session, admin, email="li.lei@example.cn", name="李雷", role="agent")
    user.locale = "zh_CN"
    session.commit()

    [received] = smtp_on.handler.received
    assert received.rcpt_tos == ["li.lei@example.cn"]
    assert received.message["Subject"].startswith("邀请您加入")
    assert url in _text(received.message) and "李雷，您好" in _text(received.message)
    assert url in received.message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    row = session.scalars(sa.select(OutboundEmail).where(OutboundEmail.kind == MailKind.INVITATION)).one()
    assert row.status is MailStatus.SENT and row.ticket_id is None


def test_a_password_reset_is_mailed_and_unknown_addresses_get_nothing(session, smtp_on, agent):
    url = user_service.request_password_reset(session, agent.email)
    assert user_service.request_password_reset(session, "nobody@example.com") is None
    session.commit()

    [received] = smtp_on.handler.received
    assert received.rcpt_tos == [agent.email]
    assert "Reset your" in received.message["Subject"]
    assert url in _text(received.message) and "ignore this message" in _text(received.message)


def test_without_outgoing_mail_the_reset_link_is_only_logged(session, smtp_server, agent):
    with structlog.testing.capture_logs() as logs:
        url = user_service.request_password_reset(session, agent.email)
        session.commit()
    assert smtp_server.handler.received == []
    assert session.scalar(sa.select(sa.func.count()).select_from(OutboundEmail)) == 0
    [entry] = [e for e in logs if e["event"] == "account_link_not_mailed"]
    assert entry["url"] == url and entry["purpose"] == "reset"
