"""Building the RFC 5322 message for a queued :class:`OutboundEmail` (stdlib ``email``, policy default).

Headers: From (the configured name and address), To, Cc, Reply-To (the support mailbox), Subject,
Date, Message-ID, In-Reply-To and References (the ticket's thread), and for automatic mail
``Auto-Submitted`` (RFC 3834: ``auto-replied`` for the acknowledgement, which answers the customer's
message, ``auto-generated`` for notices and alerts) plus ``X-Auto-Response-Suppress: All`` so that
Exchange and Outlook send no out-of-office replies back. Bodies are a text part with an HTML
alternative; attachments follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from ticketwise.core.clock import now
from ticketwise.notifications.models import MailKind, OutboundEmail
from ticketwise.notifications.smtp_settings import SmtpConfig


@dataclass(frozen=True)
class OutgoingFile:
    filename: str
    content_type: str
    data: bytes
    content_id: str | None = None


def _sender(config: SmtpConfig) -> Address:
    local, _, domain = config.from_address.partition("@")
    return Address(display_name=config.from_name or "", username=local, domain=domain)


def build_message(
    email: OutboundEmail, config: SmtpConfig, files: Sequence[OutgoingFile] = ()
) -> EmailMessage:
    """The message to hand to the SMTP server for ``email`` (its stored subject, bodies and ids)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = _sender(config)
    message["To"] = ", ".join(email.to_addresses)
    if email.cc_addresses:
        message["Cc"] = ", ".join(email.cc_addresses)
    if config.reply_to:
        message["Reply-To"] = config.reply_to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(now())
    message["Message-ID"] = email.message_id
    if email.in_reply_to:
        message["In-Reply-To"] = email.in_reply_to
    if email.thread_references:
        message["References"] = email.thread_references
    if email.automatic:
        message["Auto-Submitted"] = (
            "auto-replied" if email.kind is MailKind.ACKNOWLEDGEMENT else "auto-generated"
        )
        message["X-Auto-Response-Suppress"] = "All"
    message.set_content(email.body_text, subtype="plain", charset="utf-8")
    if email.body_html:
        message.add_alternative(email.body_html, subtype="html", charset="utf-8")
    for file in files:
        maintype, _, subtype = (file.content_type or "application/octet-stream").partition("/")
        if maintype in ("multipart", "message") or not subtype:
            # A container type would need parsed content; the bytes travel as an opaque file.
            maintype, subtype = "application", "octet-stream"
        message.add_attachment(
            file.data,
            maintype=maintype,
            subtype=subtype,
            filename=file.filename,
            cid=f"<{file.content_id}>" if file.content_id else None,
        )
    # Last: set_content() and friends drop the Content-* headers already present.
    message["Content-Language"] = "zh-CN" if email.locale == "zh_CN" else "en"
    return message
