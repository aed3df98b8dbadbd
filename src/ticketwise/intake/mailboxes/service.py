"""Admin use cases for mailboxes: create, change, delete, validated field by field.

Invariants: a mailbox has a unique name, a host, a port in 1–65535, a user name and (once created) a
password; "move" names a destination folder other than the one read; sender lists hold lower-case
addresses or ``@domain`` entries; the poll interval is at least :data:`MIN_POLL_SECONDS` (the worker
looks for due mailboxes once a minute). Every function raises PermissionDenied for non-admins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.secrets import MAX_SECRET_LENGTH
from ticketwise.intake.mailboxes import repository
from ticketwise.intake.mailboxes.models import AfterFetch, FetchMode, ImapSecurity, Mailbox
from ticketwise.intake.message import IntakeDefaults
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import Team, User
from ticketwise.users.permissions import require_admin
from ticketwise.users.validation import normalize_domain, normalize_email, optional_text, required_text

MIN_POLL_SECONDS = 60
MAX_POLL_SECONDS = 24 * 3600
DEFAULT_PORTS = {ImapSecurity.SSL: 993, ImapSecurity.STARTTLS: 143, ImapSecurity.NONE: 143}
_HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]]+$")  # a DNS name, IPv4, or bracketed/bare IPv6


@dataclass
class MailboxInput:
    """What the admin form (or a test) submits; text as typed, checked by :func:`create_mailbox`."""

    name: str
    host: str
    username: str
    port: int | None = None  # None: the usual port of ``security``
    security: str = ImapSecurity.SSL.value
    password: str = ""  # "" on update keeps the stored one
    folder: str = "INBOX"
    after_fetch: str = AfterFetch.MARK_SEEN.value
    move_to_folder: str = ""
    mode: str = FetchMode.POLL.value
    poll_seconds: int = 60
    default_team_id: int | None = None
    default_type_id: int | None = None
    allow_senders: list[str] = field(default_factory=list)
    deny_senders: list[str] = field(default_factory=list)
    is_active: bool = True


def _choice(enum_cls: type, value: str, field_name: str):  # type: ignore[no-untyped-def]
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationFailed(N_("Choose one of the allowed values."), field=field_name) from None


def sender_rule(entry: str, *, field_name: str) -> str:
    """One allow/deny entry normalised: an address in lower case, or ``@domain``.

    Raises ValidationFailed naming ``field_name`` when it is neither.
    """
    text = entry.strip()
    if text.startswith("@"):
        return "@" + normalize_domain(text, field=field_name)
    if "@" not in text:
        raise ValidationFailed(
            N_("%(entry)s is neither an e-mail address nor an @domain."), field=field_name, entry=text
        )
    try:
        return normalize_email(text, field=field_name)
    except ValidationFailed:
        raise ValidationFailed(
            N_("%(entry)s is neither an e-mail address nor an @domain."), field=field_name, entry=text
        ) from None


def _sender_rules(entries: list[str], field_name: str) -> list[str]:
    rules: list[str] = []
    for entry in entries:
        if entry.strip():
            rule = sender_rule(entry, field_name=field_name)
            if rule not in rules:
                rules.append(rule)
    return rules


def _validated(session: Session, data: MailboxInput, mailbox: Mailbox | None) -> dict[str, object]:
    """Every column value, checked; nothing is assigned until all of them pass."""
    name = required_text(data.name, field="name", max_length=120)
    other = repository.mailbox_by_name(session, name)
    if other is not None and other is not mailbox:
        raise Conflict(N_("A mailbox with this name already exists."), field="name")
    host = required_text(data.host, field="host", max_length=253)
    if not _HOST.match(host):
        raise ValidationFailed(N_("Enter a host name or an IP address."), field="host")
    security = _choice(ImapSecurity, data.security, "security")
    port = data.port if data.port is not None else DEFAULT_PORTS[security]
    if not 1 <= port <= 65535:
        raise ValidationFailed(N_("Enter a port between 1 and 65535."), field="port")
    username = required_text(data.username, field="username", max_length=254)
    password = (
        optional_text(data.password, field="password", max_length=MAX_SECRET_LENGTH) if data.password else ""
    )
    if mailbox is None and not password:
        raise ValidationFailed(N_("This field is required."), field="password")
    folder = optional_text(data.folder, field="folder", max_length=200) or "INBOX"
    after_fetch = _choice(AfterFetch, data.after_fetch, "after_fetch")
    move_to = optional_text(data.move_to_folder, field="move_to_folder", max_length=200) or None
    if after_fetch is AfterFetch.MOVE:
        if not move_to:
            raise ValidationFailed(N_("Name the folder processed mail is moved to."), field="move_to_folder")
        if move_to == folder:
            raise ValidationFailed(
                N_("Processed mail must go to another folder than the one read."), field="move_to_folder"
            )
    mode = _choice(FetchMode, data.mode, "mode")
    if not MIN_POLL_SECONDS <= data.poll_seconds <= MAX_POLL_SECONDS:
        raise ValidationFailed(
            N_("Enter between %(low)d and %(high)d seconds."),
            field="poll_seconds",
            low=MIN_POLL_SECONDS,
            high=MAX_POLL_SECONDS,
        )
    if data.default_team_id is not None and session.get(Team, data.default_team_id) is None:
        raise ValidationFailed(N_("This team does not exist."), field="default_team_id")
    if data.default_type_id is not None and session.get(TicketType, data.default_type_id) is None:
        raise ValidationFailed(N_("This ticket type does not exist."), field="default_type_id")
    values: dict[str, object] = {
        "name": name,
        "host": host,
        "port": port,
        "security": security,
        "username": username,
        "folder": folder,
        "after_fetch": after_fetch,
        "move_to_folder": move_to if after_fetch is AfterFetch.MOVE else None,
        "mode": mode,
        "poll_seconds": data.poll_seconds,
        "default_team_id": data.default_team_id,
        "default_type_id": data.default_type_id,
        "allow_senders": _sender_rules(data.allow_senders, "allow_senders"),
        "deny_senders": _sender_rules(data.deny_senders, "deny_senders"),
        "is_active": data.is_active,
    }
    if password:
        values["password"] = password
    return values


def create_mailbox(session: Session, actor: User, data: MailboxInput) -> Mailbox:
    """A new mailbox, due at once when active.

    Raises ValidationFailed (naming the field) for a missing or malformed value, Conflict on "name".
    """
    require_admin(actor)
    mailbox = Mailbox(**_validated(session, data, None))
    mailbox.next_run_at = now()
    session.add(mailbox)
    session.flush()
    return mailbox


def update_mailbox(session: Session, actor: User, mailbox: Mailbox, data: MailboxInput) -> Mailbox:
    """Change every field; a blank password keeps the stored one. A change of server, account or
    folder clears the last error and makes the mailbox due at once, so the admin sees the effect.

    Raises as :func:`create_mailbox`.
    """
    require_admin(actor)
    values = _validated(session, data, mailbox)
    connection_changed = any(
        values.get(key, getattr(mailbox, key)) != getattr(mailbox, key)
        for key in ("host", "port", "security", "username", "password", "folder", "is_active")
    )
    for attribute, value in values.items():
        setattr(mailbox, attribute, value)
    if connection_changed:
        mailbox.last_error = None
        mailbox.next_run_at = now()
    mailbox.updated_at = now()
    session.flush()
    return mailbox


def defaults_for_source(session: Session, source: str) -> IntakeDefaults | None:
    """The pipeline defaults of the mailbox behind ``source`` (``imap:<id>``), for an admin's retry of
    a quarantined message; None for another source or a mailbox deleted since."""
    prefix, _, ident = source.partition(":")
    if prefix != "imap" or not ident.isdigit():
        return None
    mailbox = repository.get_mailbox(session, int(ident))
    return intake_defaults(mailbox) if mailbox is not None else None


def intake_defaults(mailbox: Mailbox) -> IntakeDefaults:
    """What the pipeline applies to mail from ``mailbox`` when the message says nothing else."""
    return IntakeDefaults(
        type_slug=mailbox.default_type.slug if mailbox.default_type else None,
        team_id=mailbox.default_team_id,
        allow_senders=tuple(mailbox.allow_senders or ()),
        deny_senders=tuple(mailbox.deny_senders or ()),
    )


def delete_mailbox(session: Session, actor: User, mailbox: Mailbox) -> None:
    """Remove the mailbox; mail already received stays (inbound items keep their ``imap:<id>`` source)."""
    require_admin(actor)
    session.delete(mailbox)
    session.flush()
