"""Step 3: the source's allow and deny lists (addresses or ``@domain`` entries, case-insensitive)."""

from __future__ import annotations

from collections.abc import Iterable

from ticketwise.intake.message import IntakeDefaults


def _matches(email: str, entries: Iterable[str]) -> str | None:
    """The first entry that names ``email`` or its domain (``@example.com`` or ``example.com``)."""
    address = email.strip().lower()
    domain = address.rpartition("@")[2]
    for entry in entries:
        wanted = entry.strip().lower()
        if not wanted:
            continue
        is_address = "@" in wanted and not wanted.startswith("@")
        if (wanted == address) if is_address else (wanted.lstrip("@") == domain):
            return entry
    return None


def refusal(defaults: IntakeDefaults, email: str | None) -> str | None:
    """Why ``email`` may not open or update tickets from this source, or None when it may.

    The deny list wins over the allow list; an empty allow list allows everyone.
    """
    if email is None:
        return None
    denied = _matches(email, defaults.deny_senders)
    if denied is not None:
        return f"sender {email} is on the deny list ({denied})"
    if defaults.allow_senders and _matches(email, defaults.allow_senders) is None:
        return f"sender {email} is not on the allow list"
    return None
