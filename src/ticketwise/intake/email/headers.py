"""Header values as the parser keeps them: raw access, decoded text, message ids and dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime

from ticketwise.intake.email.decode import decode_header_text

# Headers copied into InboundMessage.headers (decoded): threading, automation, client and list hints.
KEPT_HEADERS = (
    "Subject",
    "From",
    "Sender",
    "To",
    "Cc",
    "Reply-To",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Return-Path",
    "Delivered-To",
    "X-Original-To",
    "Auto-Submitted",
    "Precedence",
    "X-Auto-Response-Suppress",
    "X-Autoreply",
    "X-Autorespond",
    "List-Id",
    "List-Unsubscribe",
    "X-Failed-Recipients",
    "X-Mailer",
    "User-Agent",
    "Content-Language",
    "Accept-Language",
    "X-Priority",
    "Importance",
    "Priority",
    "Thread-Topic",
    "Thread-Index",
    "X-Spam-Flag",
)
MAX_HEADER_CHARS = 2000  # a kept header longer than this is cut (some spam carries megabytes)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")

HeaderValues = Callable[[str], list[str]]


def header_getter(msg: Message) -> tuple[dict[str, list[str]], HeaderValues, HeaderValues]:
    """``(all raw headers by lower-case name, raw(name), decoded(name))``; never raises."""
    items: dict[str, list[str]] = {}
    try:
        for name, value in msg.raw_items():
            items.setdefault(str(name).strip().lower(), []).append(str(value))
    except Exception:  # noqa: BLE001 - unreadable headers leave the message without them
        pass

    def raw(name: str) -> list[str]:
        return items.get(name.lower(), [])

    def decoded(name: str) -> list[str]:
        return [decode_header_text(value) for value in raw(name)]

    return items, raw, decoded


def message_ids(values: list[str]) -> list[str]:
    """Every ``<id>`` in the values, in order, without duplicates; bare ids get their brackets."""
    ids: list[str] = []
    for value in values:
        text = re.sub(r"\s+", " ", decode_header_text(value))
        found = _MESSAGE_ID.findall(text)
        if not found:
            found = [f"<{token.strip('<>')}>" for token in text.split() if "@" in token]
        for message_id in found:
            if message_id not in ids:
                ids.append(message_id)
    return ids


def parse_date(values: list[str], defects: list[str]) -> datetime | None:
    """The first parseable date as aware UTC (no zone means UTC); failures are appended to ``defects``."""
    for value in values:
        try:
            parsed = parsedate_to_datetime(decode_header_text(value))
        except (TypeError, ValueError, IndexError, OverflowError):
            defects.append(f"unparseable Date: {value.strip()[:80]}")
            continue
        if parsed is None:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            defects.append(f"Date out of range: {value.strip()[:80]}")
    return None
