"""Fixtures for the mailbox tests: the real Dovecot server and mailboxes pointing at it."""

from __future__ import annotations

import pytest
from tests.fixtures_dovecot import DovecotServer, dovecot  # noqa: F401  (the session fixture)

from ticketwise.intake.mailboxes import service
from ticketwise.intake.mailboxes.models import Mailbox


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def imap_mailbox(session, admin, dovecot: DovecotServer):  # noqa: F811
    """Factory: ``imap_mailbox(**overrides) -> Mailbox`` reading a fresh, empty Dovecot folder."""

    def factory(**overrides) -> Mailbox:
        values = {
            "name": f"Support {overrides.get('folder') or 'box'}",
            "host": dovecot.host,
            "port": dovecot.port,
            "security": "none",
            "username": dovecot.user,
            "password": dovecot.password,
            "folder": dovecot.fresh_folder(),
        }
        values.update(overrides)
        mailbox = service.create_mailbox(session, admin, service.MailboxInput(**values))
        session.commit()
        return mailbox

    return factory
