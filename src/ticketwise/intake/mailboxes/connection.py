"""Opening an IMAP session for a mailbox with imap-tools, and the admin's "test connection".

Every failure (DNS, refused or timed-out connection, TLS, login, missing folder, protocol error) is
turned into :class:`MailboxUnreachable`, whose message id is translated where it is shown; nothing
here lets a network error escape as anything else.
"""

from __future__ import annotations

import contextlib
import imaplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import ImapToolsError, MailboxFolderSelectError, MailboxLoginError

from ticketwise.core.errors import TicketwiseError
from ticketwise.core.i18n import N_
from ticketwise.intake.mailboxes.models import ImapSecurity

TIMEOUT_SECONDS = 30


class MailboxUnreachable(TicketwiseError):
    """The IMAP server could not be reached, refused the login, or answered with an error."""

    status = 502
    code = "mailbox-unreachable"
    title = N_("The mailbox could not be read")


@dataclass(frozen=True)
class ImapAccount:
    """Where and how to log in; built from a Mailbox row or from the admin form (connection test)."""

    host: str
    port: int
    security: ImapSecurity
    username: str
    password: str
    folder: str = "INBOX"


def _client(account: ImapAccount) -> BaseMailBox:
    if account.security is ImapSecurity.SSL:
        return MailBox(
            account.host, account.port, timeout=TIMEOUT_SECONDS, ssl_context=ssl.create_default_context()
        )
    if account.security is ImapSecurity.STARTTLS:
        return MailBoxStartTls(
            account.host, account.port, timeout=TIMEOUT_SECONDS, ssl_context=ssl.create_default_context()
        )
    return MailBoxUnencrypted(account.host, account.port, timeout=TIMEOUT_SECONDS)


def _detail(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def explain(exc: BaseException, account: ImapAccount) -> MailboxUnreachable:
    """The translated-at-display error for a failure talking to ``account``'s server."""
    where = {"host": account.host, "port": account.port}
    if isinstance(exc, MailboxUnreachable):
        return exc
    if isinstance(exc, MailboxLoginError):
        return MailboxUnreachable(N_("The server refused the user name or password."))
    if isinstance(exc, MailboxFolderSelectError):
        return MailboxUnreachable(N_("The folder %(folder)s does not exist."), folder=account.folder)
    if isinstance(exc, socket.gaierror):
        return MailboxUnreachable(N_("The host name %(host)s could not be resolved."), host=account.host)
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return MailboxUnreachable(N_("The secure connection failed: %(detail)s"), detail=_detail(exc))
    if isinstance(exc, TimeoutError | socket.timeout):
        return MailboxUnreachable(N_("%(host)s:%(port)s did not answer in time."), **where)
    if isinstance(exc, ConnectionRefusedError):
        return MailboxUnreachable(N_("%(host)s:%(port)s refused the connection."), **where)
    if isinstance(exc, ImapToolsError | imaplib.IMAP4.error):
        return MailboxUnreachable(
            N_("The IMAP server answered with an error: %(detail)s"), detail=_detail(exc)
        )
    return MailboxUnreachable(
        N_("Could not talk to %(host)s:%(port)s: %(detail)s"), detail=_detail(exc), **where
    )


@contextmanager
def open_folder(account: ImapAccount) -> Iterator[BaseMailBox]:
    """A logged-in imap-tools session with ``account.folder`` selected; logged out afterwards.

    Raises MailboxUnreachable for any failure to connect, log in or select. Errors raised by the
    caller's block pass through unchanged.
    """
    try:
        box = _client(account)
        box.login(account.username, account.password, initial_folder=account.folder)
    except Exception as exc:  # every network/protocol failure becomes one translated error
        raise explain(exc, account) from exc
    try:
        yield box
    finally:
        # The server may already have dropped the connection; there is nothing left to save.
        with contextlib.suppress(Exception):
            box.logout()


def count_messages(account: ImapAccount) -> int:
    """Log in, select the folder and return its message count (the admin's connection test).

    Raises MailboxUnreachable with the reason.
    """
    with open_folder(account) as box:
        try:
            return box.folder.status(account.folder)["MESSAGES"]
        except Exception as exc:
            raise explain(exc, account) from exc
