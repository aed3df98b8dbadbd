"""ORM model of a mailbox: an IMAP account whose mail becomes tickets.

The password must be readable again (the worker logs in with it), so it is sealed at rest
(:class:`ticketwise.core.secrets.SealedString`); it is never shown again in the UI (write-only) and
never logged.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime, str_enum
from ticketwise.core.i18n import gettext
from ticketwise.core.secrets import SealedString
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import Team


class ImapSecurity(enum.StrEnum):
    SSL = "ssl"  # implicit TLS, usually port 993
    STARTTLS = "starttls"  # plain connection upgraded with STARTTLS, usually port 143
    NONE = "none"  # plain text: only for a server on the same machine or a trusted network


class AfterFetch(enum.StrEnum):
    """What happens to a message on the server once the pipeline has stored it."""

    MARK_SEEN = "mark_seen"
    MOVE = "move"


class FetchMode(enum.StrEnum):
    POLL = "poll"  # fetch every ``poll_seconds``
    IDLE = "idle"  # wait for the server's push (IMAP IDLE) inside each run, fetch at once on news


class Mailbox(Base):
    __tablename__ = "mailboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    host: Mapped[str] = mapped_column(sa.String(253))
    port: Mapped[int] = mapped_column(sa.Integer)
    security: Mapped[ImapSecurity] = mapped_column(str_enum(ImapSecurity, 10), default=ImapSecurity.SSL)
    username: Mapped[str] = mapped_column(sa.String(254))
    password: Mapped[str] = mapped_column(SealedString(), default="")
    folder: Mapped[str] = mapped_column(sa.String(200), default="INBOX")
    after_fetch: Mapped[AfterFetch] = mapped_column(str_enum(AfterFetch, 10), default=AfterFetch.MARK_SEEN)
    move_to_folder: Mapped[str | None] = mapped_column(sa.String(200))
    mode: Mapped[FetchMode] = mapped_column(str_enum(FetchMode, 10), default=FetchMode.POLL)
    poll_seconds: Mapped[int] = mapped_column(sa.Integer, default=60)
    default_team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="SET NULL"))
    default_type_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ticket_types.id", ondelete="SET NULL"))
    allow_senders: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    deny_senders: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Scheduling: due when next_run_at has passed; claimed by the worker that moves locked_until ahead.
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the last run did, shown on the admin list.
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[dict[str, Any] | None] = mapped_column(
        PortableJSON, comment="Why the last run failed: an English message id and its parameters."
    )
    last_counts: Mapped[dict[str, Any] | None] = mapped_column(
        PortableJSON, comment="Messages per pipeline outcome in the last run."
    )
    total_fetched: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    default_team: Mapped[Team | None] = relationship(lazy="joined")
    default_type: Mapped[TicketType | None] = relationship(lazy="joined")

    @property
    def has_password(self) -> bool:
        return bool(self.password)

    @property
    def last_error_text(self) -> str:
        """The last run's failure in the current request's language ("" when it succeeded)."""
        if not self.last_error:
            return ""
        text = gettext(self.last_error.get("message", ""))
        params = self.last_error.get("params") or {}
        return text % params if params else text

    @property
    def source(self) -> str:
        """The pipeline's source name for mail read from this mailbox."""
        return f"imap:{self.id}"
