"""ORM models of the notifications domain: SMTP settings, the outbound mail log, in-app notifications."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime, str_enum
from ticketwise.core.i18n import N_
from ticketwise.core.secrets import SealedString


class SmtpSecurity(enum.StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"

    @property
    def label(self) -> str:
        return SECURITY_LABELS[self]


SECURITY_LABELS = {
    SmtpSecurity.NONE: N_("None (plain connection)"),
    SmtpSecurity.STARTTLS: N_("STARTTLS"),
    SmtpSecurity.TLS: N_("TLS (SMTPS)"),
}


class SmtpSettings(Base):
    """The outgoing mail server; one row (id 1), created with defaults on first read."""

    __tablename__ = "smtp_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    host: Mapped[str] = mapped_column(sa.String(253), default="")
    port: Mapped[int] = mapped_column(default=587)
    security: Mapped[SmtpSecurity] = mapped_column(str_enum(SmtpSecurity, 10), default=SmtpSecurity.STARTTLS)
    username: Mapped[str] = mapped_column(sa.String(254), default="")
    # Write-only in every interface: never rendered, logged or returned once saved.
    password: Mapped[str] = mapped_column(SealedString(), default="")
    from_address: Mapped[str] = mapped_column(sa.String(254), default="")
    from_name: Mapped[str] = mapped_column(sa.String(200), default="")
    reply_to: Mapped[str] = mapped_column(
        sa.String(254), default="", comment="The support mailbox customers reply to."
    )
    automatic_per_hour: Mapped[int] = mapped_column(
        default=5, comment="Most automatic messages one recipient receives per hour (mail-loop guard)."
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class MailKind(enum.StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    REPLY = "reply"
    RESOLVED = "resolved"
    ALERT = "alert"
    TEST = "test"
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"

    @property
    def label(self) -> str:
        return MAIL_KIND_LABELS[self]


MAIL_KIND_LABELS = {
    MailKind.ACKNOWLEDGEMENT: N_("Acknowledgement"),
    MailKind.REPLY: N_("Agent reply"),
    MailKind.RESOLVED: N_("Resolution notice"),
    MailKind.ALERT: N_("Staff alert"),
    MailKind.TEST: N_("Test message"),
    MailKind.INVITATION: N_("Invitation"),
    MailKind.PASSWORD_RESET: N_("Password reset"),
}


class MailStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for (another) attempt
    SENT = "sent"
    FAILED = "failed"  # gave up: permanent error or attempts used up
    SKIPPED = "skipped"  # not sent on purpose (failing address, throttled); ``last_error`` says why

    @property
    def label(self) -> str:
        return MAIL_STATUS_LABELS[self]


MAIL_STATUS_LABELS = {
    MailStatus.QUEUED: N_("Queued"),
    MailStatus.SENT: N_("Sent"),
    MailStatus.FAILED: N_("Failed"),
    MailStatus.SKIPPED: N_("Not sent"),
}


class OutboundEmail(Base):
    """One e-mail we send (or decided not to send), with its content frozen so retries are identical.

    ``primary_recipient`` is the first To address, lower-case; with ``automatic`` it is what the
    hourly throttle counts.
    """

    __tablename__ = "outbound_emails"
    __table_args__ = (
        sa.Index("ix_outbound_emails_ticket_id_id", "ticket_id", "id"),
        sa.Index("ix_outbound_emails_recipient_created", "primary_recipient", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    ticket_message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ticket_messages.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[MailKind] = mapped_column(str_enum(MailKind, 20))
    automatic: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(sa.String(10), default="en")
    primary_recipient: Mapped[str] = mapped_column(sa.String(254), default="")
    to_addresses: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    cc_addresses: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    # Addresses left out on purpose (failing, our own); the message still went to the others.
    skipped_addresses: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    message_id: Mapped[str] = mapped_column(sa.String(300), unique=True)
    in_reply_to: Mapped[str | None] = mapped_column(sa.String(300))
    thread_references: Mapped[str | None] = mapped_column(sa.Text, comment="The References header.")
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[MailStatus] = mapped_column(str_enum(MailStatus, 10), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    # ``last_error`` is an English msgid (translated on display); ``error_detail`` the server's words.
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    error_detail: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Notification(Base):
    """An in-app notification for one user; ``message`` is an English msgid translated on display."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The bell's unread count and the newest-first list.
        sa.Index("ix_notifications_user_read", "user_id", "read_at"),
        sa.Index("ix_notifications_user_id_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(60))
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(sa.String(500))
    params: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
