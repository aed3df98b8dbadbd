"""Secrets at rest: sealed in the database, plaintext to the code, unreadable with another key."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.config import get_settings
from ticketwise.core import secrets
from ticketwise.intake.mailboxes.service import MailboxInput, create_mailbox
from ticketwise.notifications.smtp_settings import load_smtp_settings, update_smtp_settings


def test_seal_and_unseal_round_trip_with_a_fresh_token_each_time():
    first, second = secrets.seal("pa ss 密码"), secrets.seal("pa ss 密码")
    assert first.startswith(secrets.PREFIX) and first != second
    assert "pa ss" not in first
    assert secrets.unseal(first) == secrets.unseal(second) == "pa ss 密码"
    assert secrets.seal("") == "" and secrets.unseal("") == "" and secrets.unseal(None) == ""


def test_values_stored_before_sealing_read_as_they_are():
    assert secrets.unseal("legacy-plaintext") == "legacy-plaintext"
    assert not secrets.is_sealed("legacy-plaintext")


def test_another_signing_key_cannot_open_a_sealed_value(monkeypatch):
    sealed = secrets.seal("hunter2")
    monkeypatch.setattr(get_settings(), "secret_key", "a-different-key")
    assert secrets.unseal(sealed) == ""


def test_a_tampered_value_is_refused_and_reads_as_empty():
    sealed = secrets.seal("sk-abcdef123456")
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    for bad in (tampered, secrets.PREFIX + "not a token"):
        with pytest.raises(secrets.SecretUnreadable):
            secrets.open_sealed(bad)
        assert secrets.unseal(bad) == ""


def test_the_fernet_key_is_derived_not_the_signing_key_itself():
    fernet = secrets._fernet(get_settings().signing_key())
    assert get_settings().signing_key().encode() not in fernet._signing_key + fernet._encryption_key


def test_the_longest_accepted_secret_in_four_byte_characters_still_opens():
    longest = "🔑" * secrets.MAX_SECRET_LENGTH
    assert secrets.unseal(secrets.seal(longest)) == longest


def test_mailbox_and_smtp_passwords_are_sealed_in_the_database(session, make_user):
    admin = make_user("admin")
    mailbox = create_mailbox(
        session,
        admin,
        MailboxInput(name="Support", host="imap.example.com", username="u", password="imap-secret"),
    )
    update_smtp_settings(
        session,
        admin,
        enabled=True,
        host="smtp.example.com",
        port=587,
        security="starttls",
        username="u",
        password="smtp-secret",
        from_address="support@example.com",
        from_name="Support",
        reply_to="",
        automatic_per_hour=20,
    )
    session.flush()
    raw_mailbox = session.execute(
        sa.text("SELECT password FROM mailboxes WHERE id = :id"), {"id": mailbox.id}
    )
    raw_smtp = session.execute(sa.text("SELECT password FROM smtp_settings"))
    for stored in (raw_mailbox.scalar_one(), raw_smtp.scalar_one()):
        assert stored.startswith(secrets.PREFIX) and "secret" not in stored
    session.expire_all()
    assert session.get(type(mailbox), mailbox.id).password == "imap-secret"
    assert load_smtp_settings(session).password == "smtp-secret"
