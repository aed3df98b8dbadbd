"""Sending one composed message over SMTP with the standard library.

Why ``smtplib`` and not ``aiosmtplib``: deliveries run in synchronous Huey tasks (worker threads);
the blocking client needs no event loop per message and is what the standard library maintains.

Every failure becomes a :class:`DeliveryError` that says whether trying again can help (temporary:
connection problems, 4xx replies) or not (permanent: 5xx replies, refused login, every recipient
refused), with a message id for people and the server's own words as detail.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage

from ticketwise.core.i18n import N_
from ticketwise.notifications.models import SmtpSecurity
from ticketwise.notifications.smtp_settings import SmtpConfig
from ticketwise.tickets.mail_ids import mail_domain

TIMEOUT_SECONDS = 30


class DeliveryError(Exception):
    """A message could not be handed to the server; ``message`` is an ``N_()`` msgid with ``detail``."""

    def __init__(self, message: str, *, detail: str = "", permanent: bool = False):
        self.message = message
        self.detail = detail
        self.permanent = permanent
        super().__init__(f"{message} {detail}".strip())


def _reply_text(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}".strip()


def _connect(config: SmtpConfig, timeout: float) -> smtplib.SMTP:
    # Our own name in EHLO; smtplib's default asks DNS for this machine's name, which can stall.
    helo = mail_domain()
    if config.security is SmtpSecurity.TLS:
        return smtplib.SMTP_SSL(
            config.host,
            config.port,
            local_hostname=helo,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    client = smtplib.SMTP(config.host, config.port, local_hostname=helo, timeout=timeout)
    if config.security is SmtpSecurity.STARTTLS:
        client.starttls(context=ssl.create_default_context())
    return client


def _classify(error: Exception) -> DeliveryError:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return DeliveryError(
            N_("The mail server refused the user name or password."),
            detail=_reply_text(error.smtp_code, error.smtp_error),
            permanent=True,
        )
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        details = "; ".join(
            f"{address}: {_reply_text(code, reply)}" for address, (code, reply) in error.recipients.items()
        )
        permanent = all(code >= 500 for code, _reply in error.recipients.values())
        return DeliveryError(
            N_("The mail server refused the recipients."), detail=details, permanent=permanent
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return DeliveryError(
            N_("The mail server refused the message."),
            detail=_reply_text(error.smtp_code, error.smtp_error),
            permanent=error.smtp_code >= 500,
        )
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return DeliveryError(
            N_("The mail server does not support the chosen security or login."),
            detail=str(error),
            permanent=True,
        )
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return DeliveryError(N_("The secure connection to the mail server failed."), detail=str(error))
    if isinstance(error, socket.timeout | TimeoutError):
        return DeliveryError(N_("The mail server did not answer in time."), detail=str(error))
    return DeliveryError(N_("Could not connect to the mail server."), detail=str(error))


def send(
    config: SmtpConfig, message: EmailMessage, recipients: list[str], *, timeout: float = TIMEOUT_SECONDS
) -> None:
    """Deliver ``message`` to ``recipients`` (the envelope; headers may name fewer, e.g. no Bcc).

    The envelope sender is ``config.from_address``. Raises DeliveryError; a message accepted for
    only some recipients counts as delivered (smtplib returns the refused ones, which are logged by
    the caller's record of recipients).
    """
    try:
        with _connect(config, timeout) as client:
            if config.username:
                client.login(config.username, config.password)
            client.send_message(message, from_addr=config.from_address, to_addrs=recipients)
    except (smtplib.SMTPException, OSError) as error:
        raise _classify(error) from error
