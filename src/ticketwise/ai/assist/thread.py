"""A ticket's conversation as the assist features read it: who said what, oldest first, and the
language to answer in.

The request itself (title and description) is the first utterance. System notices are left out;
internal notes only when the caller asks (a summary for agents may use them, a draft that could be
sent to the customer never does). Callers pass a ticket they got from an access gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from ticketwise.core.i18n import normalize
from ticketwise.tickets import repository as ticket_repository
from ticketwise.tickets.enums import Direction, MessageKind
from ticketwise.tickets.models import Ticket, TicketMessage

Role = Literal["customer", "agent", "note"]
Language = Literal["zh", "en"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Utterance:
    """One message of the thread; ``message_id`` is ``None`` for the request itself, whose ``text`` is
    the description (the title when there is none) and ``subject`` the title."""

    message_id: int | None
    author: str
    role: Role
    text: str
    created_at: datetime
    subject: str = ""

    @property
    def full_text(self) -> str:
        """Subject and text, as a reader sees the message."""
        if self.subject and self.subject != self.text:
            return f"{self.subject}\n{self.text}"
        return self.text


def requester_name(ticket: Ticket) -> str:
    requester = ticket.requester
    return (requester.name or requester.email or requester.phone or "").strip()


def _role(message: TicketMessage) -> Role:
    if message.kind is MessageKind.NOTE:
        return "note"
    return "customer" if message.direction is Direction.INBOUND else "agent"


def request_text(ticket: Ticket) -> str:
    """Title and description as one text."""
    description = (ticket.description or "").strip()
    return f"{ticket.title}\n{description}".strip() if description else ticket.title


def thread_of(session: Session, ticket: Ticket, *, notes: bool) -> list[Utterance]:
    """The request, then every reply (and with ``notes`` every internal note), oldest first."""
    description = (ticket.description or "").strip() or ticket.title
    utterances = [
        Utterance(None, requester_name(ticket), "customer", description, ticket.created_at, ticket.title)
    ]
    for message in ticket_repository.list_messages(session, ticket.id, public_only=False):
        if message.kind is MessageKind.SYSTEM or (message.kind is MessageKind.NOTE and not notes):
            continue
        if message.body_text.strip():
            utterances.append(
                Utterance(
                    message.id, message.author_name, _role(message), message.body_text, message.created_at
                )
            )
    return utterances


def text_language(text: str) -> Language:
    """``zh`` when Han characters make up at least a fifth of the letters, else ``en``."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if han and han * 5 >= han + latin // 4 else "en"


def ticket_language(ticket: Ticket) -> Language:
    """The language to write to the requester in: the ticket's detected language when it is one we
    write (zh or en), otherwise guessed from the request's text."""
    stored = normalize(ticket.language)
    if stored == "zh_CN":
        return "zh"
    if stored == "en":
        return "en"
    return text_language(request_text(ticket))


def locale_language(locale: str | None) -> Language:
    """``zh`` or ``en`` for a locale such as ``zh_CN`` or ``en``."""
    return "zh" if normalize(locale) == "zh_CN" else "en"
