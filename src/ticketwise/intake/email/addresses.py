"""Address headers (From, To, Cc, Reply-To) to :class:`Address` values, tolerant of broken headers."""

from __future__ import annotations

import re
from email.utils import getaddresses

from ticketwise.intake.email.decode import decode_header_text, unescape_surrogates
from ticketwise.intake.message import Address

_ANGLE = re.compile(r"<([^<>\s]+@[^<>\s]+)>")
_BARE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*", re.UNICODE)


def _clean_email(value: str) -> str:
    value = value.strip().strip("<>").strip().strip("'\"").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    return value.lower()


def parse_addresses(values: list[str]) -> list[Address]:
    """Every mailbox in the given raw header values; e-mails lower-cased, names decoded, no duplicates.

    Encoded words are decoded after splitting, so a comma inside an encoded name cannot split it. When the
    stdlib parser finds nothing usable (garbage headers), any ``<a@b>`` or bare ``a@b`` is still taken.
    """
    result: list[Address] = []
    seen: set[str] = set()
    for raw in values:
        if not raw:
            continue
        text = unescape_surrogates(str(raw)).replace("\r", " ").replace("\n", " ")
        try:
            pairs = getaddresses([text])
        except Exception:  # noqa: BLE001 - the fallback below reads whatever looks like an address
            pairs = []
        found = [(name, _clean_email(addr)) for name, addr in pairs if addr and addr.strip()]
        if not found or any("@" not in addr for _, addr in found) and _ANGLE.search(text):
            fallback = [("", _clean_email(a)) for a in _ANGLE.findall(text)] or [
                ("", _clean_email(a)) for a in _BARE.findall(text)
            ]
            found = fallback or found
        for name, addr in found:
            if not addr or addr in seen:
                continue
            seen.add(addr)
            name = decode_header_text(name).strip().strip("'\"").strip()
            if name.lower() == addr:
                name = ""
            result.append(Address(email=addr, name=name))
    return result


def first_address(values: list[str]) -> Address | None:
    found = parse_addresses(values)
    return found[0] if found else None
