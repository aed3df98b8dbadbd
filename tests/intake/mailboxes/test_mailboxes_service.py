"""Mailbox settings: validation field by field, the write-only password, admin-only access."""

from __future__ import annotations

import pytest

from ticketwise.core.errors import Conflict, PermissionDenied, ValidationFailed
from ticketwise.intake.mailboxes import access, service
from ticketwise.intake.mailboxes.models import AfterFetch, ImapSecurity


def _input(**overrides) -> service.MailboxInput:
    values = {"name": "Support", "host": "imap.example.com", "username": "support", "password": "pw"}
    values.update(overrides)
    return service.MailboxInput(**values)


def test_create_fills_defaults_and_normalises_sender_rules(session, admin):
    mailbox = service.create_mailbox(
        session,
        admin,
        _input(allow_senders=["Boss@Example.COM", "@Partner.example", " "], deny_senders=["@spam.example"]),
    )
    assert mailbox.port == 993
    assert mailbox.security is ImapSecurity.SSL
    assert mailbox.folder == "INBOX"
    assert mailbox.allow_senders == ["boss@example.com", "@partner.example"]
    assert mailbox.deny_senders == ["@spam.example"]
    assert mailbox.next_run_at is not None
    assert mailbox.source == f"imap:{mailbox.id}"


def test_starttls_defaults_to_port_143(session, admin):
    assert service.create_mailbox(session, admin, _input(security="starttls")).port == 143


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": " "}, "name"),
        ({"host": ""}, "host"),
        ({"host": "imap example.com"}, "host"),
        ({"port": 0}, "port"),
        ({"port": 70000}, "port"),
        ({"security": "tls13"}, "security"),
        ({"username": ""}, "username"),
        ({"password": ""}, "password"),
        ({"after_fetch": "move"}, "move_to_folder"),
        ({"after_fetch": "move", "move_to_folder": "INBOX"}, "move_to_folder"),
        ({"mode": "push"}, "mode"),
        ({"poll_seconds": 5}, "poll_seconds"),
        ({"default_team_id": 999999}, "default_team_id"),
        ({"default_type_id": 999999}, "default_type_id"),
        ({"allow_senders": ["not an address"]}, "allow_senders"),
        ({"deny_senders": ["@"]}, "deny_senders"),
    ],
)
def test_invalid_input_names_its_field(session, admin, overrides, field):
    with pytest.raises(ValidationFailed) as caught:
        service.create_mailbox(session, admin, _input(**overrides))
    assert caught.value.field == field


def test_names_are_unique(session, admin):
    service.create_mailbox(session, admin, _input())
    with pytest.raises(Conflict) as caught:
        service.create_mailbox(session, admin, _input(host="other.example.com"))
    assert caught.value.field == "name"


def test_blank_password_on_update_keeps_the_stored_one(session, admin):
    mailbox = service.create_mailbox(session, admin, _input(password="first"))
    service.update_mailbox(session, admin, mailbox, _input(password="", folder="Support"))
    assert mailbox.password == "first"
    assert mailbox.folder == "Support"
    service.update_mailbox(session, admin, mailbox, _input(password="second"))
    assert mailbox.password == "second"


def test_changing_the_account_clears_the_last_error(session, admin):
    mailbox = service.create_mailbox(session, admin, _input())
    mailbox.last_error = {"message": "The server refused the user name or password.", "params": {}}
    mailbox.next_run_at = None
    service.update_mailbox(session, admin, mailbox, _input(password="fixed"))
    assert mailbox.last_error is None
    assert mailbox.next_run_at is not None


def test_move_keeps_the_destination_and_mark_seen_drops_it(session, admin):
    mailbox = service.create_mailbox(session, admin, _input(after_fetch="move", move_to_folder="Done"))
    assert mailbox.after_fetch is AfterFetch.MOVE
    assert mailbox.move_to_folder == "Done"
    service.update_mailbox(session, admin, mailbox, _input(move_to_folder="Done"))
    assert mailbox.move_to_folder is None


@pytest.mark.parametrize("role", ["agent", "supervisor", "customer"])
def test_only_admins_manage_or_read_mailboxes(session, admin, make_user, role):
    mailbox = service.create_mailbox(session, admin, _input())
    other = make_user(role)
    with pytest.raises(PermissionDenied):
        service.create_mailbox(session, other, _input(name="Other"))
    with pytest.raises(PermissionDenied):
        access.list_mailboxes(session, other)
    with pytest.raises(PermissionDenied):
        access.access_mailbox(session, other, mailbox.id)


def test_last_error_is_shown_in_the_current_language(session, admin):
    from ticketwise.core.i18n import use_locale

    mailbox = service.create_mailbox(session, admin, _input())
    mailbox.last_error = {
        "message": "%(host)s:%(port)s refused the connection.",
        "params": {"host": "h", "port": 1},
    }
    with use_locale("en"):
        assert mailbox.last_error_text == "h:1 refused the connection."
