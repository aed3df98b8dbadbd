"""The outgoing mail server settings (one row), edited by administrators.

Invariants: the password is write-only (a blank value keeps the stored one, and no function here
returns it to a caller that renders); enabled settings always have a host and a valid sender address;
addresses are stored normalised (lower case).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.secrets import MAX_SECRET_LENGTH
from ticketwise.notifications.models import SmtpSecurity, SmtpSettings
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin
from ticketwise.users.validation import normalize_email, optional_text

SETTINGS_ID = 1
MAX_AUTOMATIC_PER_HOUR = 1000


def load_smtp_settings(session: Session) -> SmtpSettings:
    """The stored settings, or unsaved defaults (outgoing mail disabled) before the first save."""
    return session.get(SmtpSettings, SETTINGS_ID) or SmtpSettings(
        id=SETTINGS_ID,
        enabled=False,
        host="",
        port=587,
        security=SmtpSecurity.STARTTLS,
        username="",
        password="",
        from_address="",
        from_name="",
        reply_to="",
        automatic_per_hour=5,
    )


@dataclass(frozen=True)
class SmtpConfig:
    """A detached snapshot of the settings for one delivery (no ORM object crosses into a thread)."""

    host: str
    port: int
    security: SmtpSecurity
    username: str
    password: str
    from_address: str
    from_name: str
    reply_to: str
    automatic_per_hour: int

    @classmethod
    def of(cls, row: SmtpSettings) -> SmtpConfig:
        return cls(
            host=row.host,
            port=row.port,
            security=SmtpSecurity(row.security),
            username=row.username,
            password=row.password,
            from_address=row.from_address,
            from_name=row.from_name,
            reply_to=row.reply_to,
            automatic_per_hour=row.automatic_per_hour,
        )


def active_config(session: Session) -> SmtpConfig | None:
    """The settings when outgoing mail is enabled, else None."""
    row = session.get(SmtpSettings, SETTINGS_ID)
    return SmtpConfig.of(row) if row is not None and row.enabled else None


def _port(value: int | str | None) -> int:
    try:
        port = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(N_("Enter a port number between 1 and 65535."), field="port") from None
    if not 1 <= port <= 65535:
        raise ValidationFailed(N_("Enter a port number between 1 and 65535."), field="port")
    return port


def _limit(value: int | str | None) -> int:
    try:
        limit = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(N_("Enter a whole number."), field="automatic_per_hour") from None
    if not 1 <= limit <= MAX_AUTOMATIC_PER_HOUR:
        raise ValidationFailed(
            N_("Enter a number between 1 and %(max)s."),
            field="automatic_per_hour",
            max=MAX_AUTOMATIC_PER_HOUR,
        )
    return limit


def _optional_email(value: str | None, field: str) -> str:
    text = (value or "").strip()
    return normalize_email(text, field=field) if text else ""


def update_smtp_settings(
    session: Session,
    actor: User,
    *,
    enabled: bool,
    host: str,
    port: int | str,
    security: SmtpSecurity | str,
    username: str,
    password: str | None,
    from_address: str,
    from_name: str,
    reply_to: str,
    automatic_per_hour: int | str,
) -> SmtpSettings:
    """Save the settings; ``password`` None or blank keeps the stored password.

    Raises PermissionDenied for a non-admin; ValidationFailed naming the field for a bad port,
    security mode, address or limit, and for enabling without a host or a sender address.
    """
    require_admin(actor)
    try:
        mode = SmtpSecurity(security)
    except ValueError:
        raise ValidationFailed(N_("Choose one of the offered options."), field="security") from None
    host_name = optional_text(host, field="host", max_length=253)
    sender = _optional_email(from_address, "from_address")
    if enabled and not host_name:
        raise ValidationFailed(N_("Enter the mail server's host name to enable outgoing mail."), field="host")
    if enabled and not sender:
        raise ValidationFailed(N_("Enter the sender address to enable outgoing mail."), field="from_address")
    values = {
        "enabled": bool(enabled),
        "host": host_name,
        "port": _port(port),
        "security": mode,
        "username": optional_text(username, field="username", max_length=254),
        "from_address": sender,
        "from_name": optional_text(from_name, field="from_name", max_length=200),
        "reply_to": _optional_email(reply_to, "reply_to"),
        "automatic_per_hour": _limit(automatic_per_hour),
    }
    row = session.get(SmtpSettings, SETTINGS_ID)
    if row is None:
        row = load_smtp_settings(session)
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    if password:
        # Kept exactly as typed: spaces can be part of a password.
        if len(password) > MAX_SECRET_LENGTH:
            raise ValidationFailed(
                N_("Use at most %(count)d characters."), field="password", count=MAX_SECRET_LENGTH
            )
        row.password = password
    row.updated_at = now()
    row.updated_by_id = actor.id
    session.flush()
    return row
