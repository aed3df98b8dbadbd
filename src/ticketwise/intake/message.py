"""What every inbound channel is normalised into before the pipeline decides anything (DESIGN §5).

Parsers fill these plain dataclasses; the pipeline never looks at raw bytes or channel specifics again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class MailKind(enum.StrEnum):
    """What a message is, decided from its headers and structure before anything is answered."""

    ORDINARY = "ordinary"
    AUTO_REPLY = "auto_reply"  # RFC 3834 and relatives: recorded, never answered, never a new ticket
    BOUNCE = "bounce"  # delivery status notification: marks the failing recipient, no ticket


@dataclass(frozen=True)
class Address:
    """A mailbox: ``email`` normalised to lower case; ``name`` decoded (RFC 2047), possibly empty."""

    email: str
    name: str = ""


@dataclass
class InboundAttachment:
    filename: str  # decoded (RFC 2047 / RFC 2231), never empty (a name is made up if missing)
    content_type: str
    data: bytes
    content_id: str | None = None  # without angle brackets; set for inline parts referenced by cid:
    inline: bool = False


@dataclass
class BouncedRecipient:
    email: str
    status: str = ""  # RFC 3463 enhanced status code, e.g. "5.1.1"
    action: str = ""  # failed | delayed | ...
    diagnostic: str = ""


@dataclass
class InboundMessage:
    channel: str  # "email", "webhook", "api", ...
    subject: str = ""
    sender: Address | None = None
    reply_to: list[Address] = field(default_factory=list)
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    message_id: str | None = None  # with angle brackets, as in the header
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    date: datetime | None = None  # timezone-aware UTC
    body_text: str = ""  # the whole text (from text/plain, else derived from the HTML)
    body_html: str = ""  # sanitised HTML ("" when the message had none); cid: references intact
    reply_text: str = ""  # body_text without quoted reply and signature (for display)
    quoted_text: str = ""  # what was stripped from body_text to get reply_text
    attachments: list[InboundAttachment] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # the headers worth keeping, decoded
    kind: MailKind = MailKind.ORDINARY
    kind_reason: str = ""  # e.g. "Auto-Submitted: auto-replied", "RFC 3464 delivery report"
    bounced: list[BouncedRecipient] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)  # parser defects noticed (kept for diagnosis)


@dataclass(frozen=True)
class IntakeDefaults:
    """Per-source defaults (a mailbox, a webhook source): applied when the message says nothing else."""

    type_slug: str | None = None
    team_id: int | None = None
    allow_senders: tuple[str, ...] = ()  # addresses or @domains; empty = everyone
    deny_senders: tuple[str, ...] = ()
    # Our own addresses (the mailbox's): never made contacts or CCs, so replies cannot loop back.
    own_addresses: tuple[str, ...] = ()
