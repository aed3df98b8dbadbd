"""The SMTP settings page (write-only password, validation, test e-mail), the ticket's delivery panel
and the API view of a ticket's outbound mail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from tests.conftest import csrf_of, web_login

from ticketwise.core.errors import PermissionDenied, ValidationFailed
from ticketwise.notifications import access as mail_access
from ticketwise.notifications.models import MailStatus, OutboundEmail, SmtpSecurity
from ticketwise.notifications.smtp_settings import load_smtp_settings, update_smtp_settings
from ticketwise.notifications.smtp_test import send_test_email
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import TicketEvent

from .conftest import free_port


def _form(client, **overrides) -> dict[str, str]:
    data = {
        "csrf_token": csrf_of(client),
        "enabled": "on",
        "host": "smtp.example.com",
        "port": "587",
        "security": "starttls",
        "username": "mailer",
        "password": "s3cret pass ",
        "from_address": "Support@Example.com",
        "from_name": "Example Support",
        "reply_to": "help@example.com",
        "automatic_per_hour": "7",
    }
    data.update(overrides)
    return data


def test_an_admin_saves_the_settings_and_the_password_is_never_shown(session, client, admin):
    web_login(client, admin.email)
    page = client.get("/admin/outgoing-mail")
    assert page.status_code == 200 and "No password stored." in page.text

    saved = client.post("/admin/outgoing-mail", data=_form(client))
    assert saved.status_code == 303, saved.text
    session.expire_all()
    row = load_smtp_settings(session)
    assert (row.enabled, row.host, row.port, row.security) == (
        True,
        "smtp.example.com",
        587,
        SmtpSecurity.STARTTLS,
    )
    assert row.from_address == "support@example.com" and row.automatic_per_hour == 7
    assert row.password == "s3cret pass "  # kept exactly as typed

    page = client.get("/admin/outgoing-mail").text
    assert "s3cret" not in page and "A password is stored." in page

    client.post("/admin/outgoing-mail", data=_form(client, password="", host="smtp2.example.com"))
    session.expire_all()
    row = load_smtp_settings(session)
    assert row.host == "smtp2.example.com" and row.password == "s3cret pass "


def test_refused_settings_come_back_with_the_message_beside_the_field(session, client, admin):
    web_login(client, admin.email)
    response = client.post("/admin/outgoing-mail", data=_form(client, port="70000", password="typed-secret"))
    assert response.status_code == 422
    assert "Enter a port number between 1 and 65535." in response.text
    assert "typed-secret" not in response.text
    response = client.post("/admin/outgoing-mail", data=_form(client, host=""))
    assert "Enter the mail server&#39;s host name to enable outgoing mail." in response.text
    assert load_smtp_settings(session).enabled is False


def test_the_page_is_for_admins_only(session, client, make_user):
    agent = make_user("agent")
    web_login(client, agent.email)
    assert client.get("/admin/outgoing-mail").status_code == 403
    with pytest.raises(PermissionDenied):
        update_smtp_settings(
            session,
            agent,
            enabled=False,
            host="",
            port=25,
            security="none",
            username="",
            password=None,
            from_address="",
            from_name="",
            reply_to="",
            automatic_per_hour=5,
        )


def test_the_test_button_reports_success(session, client, admin, smtp_on):
    web_login(client, admin.email)
    response = client.post(
        "/admin/outgoing-mail/test", data={"csrf_token": csrf_of(client), "test_to": "me@example.com"}
    )
    assert response.status_code == 303
    [received] = smtp_on.handler.received
    assert received.rcpt_tos == ["me@example.com"]
    assert "test message" in received.message["Subject"]


def test_the_test_button_reports_the_server_error_in_the_users_language(session, client, admin, smtp_on):
    smtp_on.handler.refusals = 1
    smtp_on.handler.refuse_with = "550 5.7.1 Relaying denied"
    web_login(client, admin.email)
    response = client.post(
        "/admin/outgoing-mail/test", data={"csrf_token": csrf_of(client), "test_to": "me@example.com"}
    )
    assert response.status_code == 422
    assert "The test message was not sent: The mail server refused the message." in response.text
    assert "550 5.7.1 Relaying denied" in response.text

    zh = client.post(
        "/admin/outgoing-mail/test",
        data={"csrf_token": csrf_of(client), "test_to": "not-an-address"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert zh.status_code == 422
    assert 'lang="zh-CN"' in zh.text and "请输入有效的邮箱地址。" in zh.text


def test_a_server_that_does_not_answer_is_reported(session, admin, smtp_on):
    settings = load_smtp_settings(session)
    settings.port = free_port()
    session.commit()
    with pytest.raises(ValidationFailed) as refused:
        send_test_email(session, admin, "me@example.com")
    assert refused.value.field == "test_to"
    assert "Could not connect to the mail server." in refused.value.translated()


def test_the_delivery_panel_lists_the_tickets_mail_with_failures_in_red(
    session, client, smtp_on, open_ticket, agent
):
    ticket = open_ticket()
    smtp_on.handler.refusals = 1
    smtp_on.handler.refuse_with = "550 5.1.1 No such user"
    add_message(session, agent, ticket, body="Here you go.")
    session.commit()
    web_login(client, agent.email)

    panel = client.get(f"/agent/tickets/{ticket.id}/panels/delivery", headers={"HX-Request": "true"})
    assert panel.status_code == 200
    assert "E-mail delivery" in panel.text and "1 failed" in panel.text
    assert "table-danger" in panel.text and "550 5.1.1 No such user" in panel.text
    assert "Acknowledgement" in panel.text and "Sent" in panel.text

    api = client.get(f"/api/v1/tickets/{ticket.number}/emails")  # no token: the API ignores cookies
    assert api.status_code == 401


def test_the_panel_is_empty_without_mail_and_staff_only(session, client, open_ticket, customer, agent):
    ticket = open_ticket()
    web_login(client, agent.email)
    assert client.get(f"/agent/tickets/{ticket.id}/panels/delivery").text.strip() == ""
    client.cookies.clear()
    web_login(client, customer.email)
    assert client.get(f"/agent/tickets/{ticket.id}/panels/delivery").status_code == 403


def test_the_api_lists_a_tickets_mail_for_staff(session, api_as, smtp_on, open_ticket, agent, customer):
    ticket = open_ticket()
    rows = api_as(agent).get(f"/api/v1/tickets/{ticket.number}/emails").json()
    assert [(r["kind"], r["status"], r["to"]) for r in rows] == [
        ("acknowledgement", "sent", ["carol@customer.example"])
    ]
    assert api_as(customer).get(f"/api/v1/tickets/{ticket.id}/emails").status_code == 403


def test_staff_send_a_failed_mail_again_from_the_panel(session, client, smtp_on, open_ticket, agent):
    ticket = open_ticket()
    smtp_on.handler.refusals = 1
    smtp_on.handler.refuse_with = "550 5.2.2 Mailbox full"
    add_message(session, agent, ticket, body="Here you go.")
    session.commit()
    web_login(client, agent.email)
    [failed] = [
        m for m in mail_access.list_ticket_mail(session, agent, ticket) if m.status is MailStatus.FAILED
    ]
    url = f"/agent/tickets/{ticket.id}/panels/delivery/{failed.id}/resend"
    assert "Send again" in client.get(f"/agent/tickets/{ticket.id}/panels/delivery").text

    panel = client.post(url, headers={"X-CSRF-Token": csrf_of(client), "HX-Request": "true"})
    assert panel.status_code == 200
    assert "1 failed" not in panel.text
    session.expire_all()
    row = session.get(OutboundEmail, failed.id)
    assert (row.status, row.attempts) == (MailStatus.SENT, 1)
    assert smtp_on.handler.received[-1].message["Message-ID"] == row.message_id
    assert (
        session.scalars(
            sa.select(TicketEvent).where(
                TicketEvent.ticket_id == ticket.id, TicketEvent.action == "email_resent"
            )
        )
        .one()
        .actor_user_id
        == agent.id
    )

    again = client.post(url, headers={"X-CSRF-Token": csrf_of(client)})
    assert "Only failed e-mail can be sent again." in again.text
    assert client.post(url, headers={"X-CSRF-Token": "wrong"}).status_code == 403
