"""Identifiers that thread e-mail back to tickets (DESIGN §5).

Our own Message-IDs carry the ticket id and an HMAC over it, so a reply that quotes one in
In-Reply-To or References is matched to its ticket without a lookup and cannot be forged by guessing:
``<tw.<ticket id>.<nonce>.<mac>@<domain>>``. The subject tag ``[TW#<number>]`` uses the readable
ticket number; it is only a hint, accepted from known participants (see the intake pipeline).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import urlsplit

from ticketwise.config import get_settings

_MESSAGE_ID = re.compile(r"<?tw\.(\d+)\.([0-9a-z]+)\.([0-9a-f]{16})@[^>\s]+>?", re.IGNORECASE)
_SUBJECT_TAG = re.compile(r"\[TW#\s*((?:TW-)?\d{8}-\d{4,})\s*\]", re.IGNORECASE)


def mail_domain() -> str:
    """The host part of our Message-IDs: the site's host name."""
    host = urlsplit(get_settings().base_url).hostname or "ticketwise.local"
    return host if "." in host else f"{host}.local"


def _mac(ticket_id: int, nonce: str) -> str:
    key = get_settings().signing_key().encode()
    return hmac.new(key, f"msgid:{ticket_id}:{nonce}".encode(), hashlib.sha256).hexdigest()[:16]


def make_message_id(ticket_id: int) -> str:
    """A new, globally unique Message-ID (with angle brackets) that names ``ticket_id``."""
    nonce = secrets.token_hex(6)
    return f"<tw.{ticket_id}.{nonce}.{_mac(ticket_id, nonce)}@{mail_domain()}>"


def ticket_id_from_message_id(message_id: str | None) -> int | None:
    """The ticket id inside one of our Message-IDs, or None when it is not ours or its MAC is wrong."""
    if not message_id:
        return None
    match = _MESSAGE_ID.search(message_id)
    if match is None:
        return None
    ticket_id, nonce, mac = int(match.group(1)), match.group(2), match.group(3).lower()
    return ticket_id if hmac.compare_digest(mac, _mac(ticket_id, nonce)) else None


def subject_tag(number: str) -> str:
    """``[TW#20261126-0042]`` for ticket ``TW-20261126-0042``."""
    return f"[TW#{number.removeprefix('TW-')}]"


def number_from_subject(subject: str | None) -> str | None:
    """The ticket number (``TW-…``) named by a subject tag, or None."""
    match = _SUBJECT_TAG.search(subject or "")
    if match is None:
        return None
    digits = match.group(1).upper().removeprefix("TW-")
    return f"TW-{digits}"


def with_subject_tag(subject: str, number: str) -> str:
    """``subject`` with the ticket's tag appended once (an existing tag for it is kept)."""
    if number_from_subject(subject) == number:
        return subject
    return f"{subject} {subject_tag(number)}".strip()
