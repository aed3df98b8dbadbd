"""Entities in a ticket's text: e-mail addresses, phone numbers, IP addresses, URLs, error codes, and
whatever the ticket type's own extractors find (order, asset and serial numbers ...).

Everything is validated, not just matched: phone numbers by ``phonenumbers`` (mainland China as the
default region, international numbers with their prefix), IP addresses by :mod:`ipaddress`.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

import phonenumbers

from ticketwise.tickets.types.models import TicketType
from ticketwise.tickets.types.registry import apply_extractors

MAX_PER_KIND = 10
DEFAULT_REGION = "CN"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_URL = re.compile(r"\bhttps?://[^\s<>\"'，。）)]+", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])")
# Windows stop codes and HRESULTs, "E102"-style device codes, "ERR_..." and HTTP 4xx/5xx statuses.
_ERROR_CODE = re.compile(
    r"\b0x[0-9A-Fa-f]{4,8}\b|\b[A-Z]{1,3}-?\d{2,5}\b|\bERR_[A-Z_]{3,40}\b|\b(?:HTTP\s*)?[45]\d\d\s+(?=error|错误)",
)


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(value.strip(), None)
    return [value for value in seen if value][:MAX_PER_KIND]


def _phones(text: str) -> list[str]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION, leniency=phonenumbers.Leniency.VALID):
        found.append(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
    return found


def _ips(text: str) -> list[str]:
    found = []
    for match in [*_IPV4.finditer(text), *_IPV6.finditer(text)]:
        try:
            found.append(str(ipaddress.ip_address(match.group(0))))
        except ValueError:
            continue
    return found


def extract_entities(text: str, ticket_type: TicketType | None = None) -> dict[str, Any]:
    """``{kind: [values]}`` for the kinds found (none found: empty dict); the type's extractors add
    ``fields: {field name: value}``. Never raises on odd text."""
    text = text or ""
    emails = _unique(_EMAIL.findall(text))
    urls = _unique([url.rstrip(".,;:!?") for url in _URL.findall(text)])
    entities: dict[str, Any] = {
        "emails": emails,
        "phones": _unique(_phones(text)),
        "ips": _unique(_ips(text)),
        "urls": urls,
        "error_codes": _unique([code.strip() for code in _ERROR_CODE.findall(text)]),
    }
    entities = {kind: values for kind, values in entities.items() if values}
    if ticket_type is not None:
        fields = apply_extractors(ticket_type, text)
        if fields:
            entities["fields"] = {name: str(value) for name, value in fields.items()}
    return entities
