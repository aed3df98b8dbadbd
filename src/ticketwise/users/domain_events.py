"""Events of the users domain that other domains react to (published after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from ticketwise.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class AccountLinkIssued(DomainEvent):
    """A one-time link for ``user_id`` was made: ``purpose`` is ``invite`` or ``reset``.

    ``url`` holds the secret token: handlers deliver it to the account's own address and never log
    it, except where no other way to deliver it exists (outgoing mail switched off)."""

    user_id: int
    purpose: str
    url: str
