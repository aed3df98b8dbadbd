"""Admin pages for mailboxes: list with the last run, create and edit with per-field errors, the
write-only password, the connection test against the real Dovecot server, delete."""

from __future__ import annotations

import re

import pytest
from tests.fixtures_dovecot import DovecotServer, dovecot  # noqa: F401  (the session fixture)

from ticketwise.intake.mailboxes import repository

FORM = {
    "name": "Support inbox",
    "host": "imap.example.com",
    "port": "",
    "security": "ssl",
    "username": "support@example.com",
    "password": "s3cret-imap",
    "folder": "INBOX",
    "after_fetch": "mark_seen",
    "move_to_folder": "",
    "mode": "poll",
    "poll_seconds": "120",
    "default_team_id": "",
    "default_type_id": "",
    "allow_senders": "",
    "deny_senders": "@spam.example\nbad@example.com",
    "is_active": "on",
}


def test_create_then_listed_with_its_settings(admin_client, session, post):
    response = post(admin_client, "/admin/mailboxes/new", FORM)
    assert response.status_code == 303, response.text
    mailbox = repository.mailbox_by_name(session, "Support inbox")
    assert mailbox.port == 993 and mailbox.password == "s3cret-imap"
    assert mailbox.deny_senders == ["@spam.example", "bad@example.com"]
    listing = admin_client.get("/admin/mailboxes").text
    assert "Support inbox" in listing and "imap.example.com:993" in listing


def test_errors_are_shown_beside_their_fields_and_input_is_kept(admin_client, post, error_of):
    response = post(
        admin_client,
        "/admin/mailboxes/new",
        {**FORM, "port": "abc", "allow_senders": "not-an-address"},
    )
    assert response.status_code == 422
    assert error_of(response.text, "port") == "Enter a whole number."
    response = post(
        admin_client, "/admin/mailboxes/new", {**FORM, "after_fetch": "move", "allow_senders": "x"}
    )
    assert error_of(response.text, "move_to_folder") == "Name the folder processed mail is moved to."
    response = post(admin_client, "/admin/mailboxes/new", {**FORM, "allow_senders": "x"})
    assert error_of(response.text, "allow_senders") == "x is neither an e-mail address nor an @domain."
    assert 'value="imap.example.com"' in response.text


def test_errors_in_chinese(admin_client, post, error_of):
    admin_client.cookies.set("tw_lang", "zh_CN")
    response = post(admin_client, "/admin/mailboxes/new", {**FORM, "host": ""})
    assert response.status_code == 422
    assert error_of(response.text, "host") == "此字段为必填项。"


def test_the_password_is_never_shown_and_blank_keeps_it(admin_client, session, post):
    post(admin_client, "/admin/mailboxes/new", FORM)
    mailbox = repository.mailbox_by_name(session, "Support inbox")
    page = admin_client.get(f"/admin/mailboxes/{mailbox.id}").text
    assert "s3cret-imap" not in page
    assert "A password is stored" in page
    response = post(
        admin_client, f"/admin/mailboxes/{mailbox.id}", {**FORM, "password": "", "folder": "Support"}
    )
    assert response.status_code == 303
    session.refresh(mailbox)
    assert mailbox.password == "s3cret-imap" and mailbox.folder == "Support"
    refused = post(
        admin_client, f"/admin/mailboxes/{mailbox.id}", {**FORM, "password": "new-one", "port": "0"}
    )
    assert refused.status_code == 422 and "new-one" not in refused.text


def _dovecot_form(server: DovecotServer, **overrides) -> dict[str, str]:
    return {
        **FORM,
        "host": server.host,
        "port": str(server.port),
        "security": "none",
        "username": server.user,
        "password": server.password,
        **overrides,
    }


def test_connection_test_reports_the_message_count(admin_client, post, dovecot):  # noqa: F811
    folder = dovecot.fresh_folder()
    dovecot.append(folder, b"From: a@example.com\r\nSubject: one\r\n\r\nbody\r\n")
    response = post(admin_client, "/admin/mailboxes/new/test", _dovecot_form(dovecot, folder=folder))
    assert response.status_code == 200
    assert re.search(r'data-check="success">\s*Connected. The folder \S+ holds 1 messages.', response.text)
    assert dovecot.password not in response.text


def test_connection_test_reports_a_refused_login(admin_client, session, post, dovecot):  # noqa: F811
    post(admin_client, "/admin/mailboxes/new", _dovecot_form(dovecot))
    mailbox = repository.mailbox_by_name(session, "Support inbox")
    response = post(
        admin_client, f"/admin/mailboxes/{mailbox.id}/test", _dovecot_form(dovecot, password="wrong")
    )
    assert re.search(r'data-check="danger">\s*The server refused the user name or password.', response.text)
    # Blank password: the stored one is used.
    ok = post(admin_client, f"/admin/mailboxes/{mailbox.id}/test", _dovecot_form(dovecot, password=""))
    assert 'data-check="success"' in ok.text


def test_last_error_is_shown_on_the_list(admin_client, session, post):
    post(admin_client, "/admin/mailboxes/new", FORM)
    mailbox = repository.mailbox_by_name(session, "Support inbox")
    mailbox.last_error = {"message": "The server refused the user name or password.", "params": {}}
    session.commit()
    listing = admin_client.get("/admin/mailboxes").text
    assert "The server refused the user name or password." in listing


@pytest.mark.parametrize("path", ["/admin/mailboxes/999999", "/admin/mailboxes/999999/test"])
def test_unknown_mailbox_is_404(admin_client, post, path):
    response = admin_client.get(path) if not path.endswith("test") else post(admin_client, path, FORM)
    assert response.status_code == 404


def test_delete(admin_client, session, post):
    post(admin_client, "/admin/mailboxes/new", FORM)
    mailbox = repository.mailbox_by_name(session, "Support inbox")
    response = post(admin_client, f"/admin/mailboxes/{mailbox.id}/delete", {})
    assert response.status_code == 303
    session.expire_all()
    assert repository.mailbox_by_name(session, "Support inbox") is None
