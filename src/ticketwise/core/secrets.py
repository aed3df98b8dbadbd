"""Secrets kept at rest: passwords of mailboxes and of the SMTP server, API keys of LLM providers.

They must be readable again (the worker logs in with them), so they are sealed, not hashed: Fernet
(AES-128-CBC with HMAC-SHA256, from ``cryptography``) under a key derived with HKDF-SHA256 from the
site's signing key (``Settings.signing_key()``), so a stolen database or backup alone reveals none.

Stored form: ``sealed:v1:<fernet token>``. A value without the prefix is a row written before sealing
existed and is read as is (migration 0012 seals those). If the signing key changed, a sealed value
cannot be opened: :func:`open_sealed` raises :class:`SecretUnreadable` (for screens that say so) and
:func:`unseal` reads it as "" (logged, never the value); an admin enters the secret again.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
import structlog
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.types import TypeDecorator

from ticketwise.config import get_settings

log = structlog.get_logger(__name__)

PREFIX = "sealed:v1:"
MAX_SECRET_LENGTH = 500
"""Longest secret accepted, in characters (sealed, it takes about 1.4 × its UTF-8 size + 110)."""
_INFO = b"ticketwise secrets at rest v1"


class SecretUnreadable(Exception):
    """A sealed value not made with the current signing key (or altered)."""


@lru_cache(maxsize=4)
def _fernet(signing_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(signing_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _current() -> Fernet:
    return _fernet(get_settings().signing_key())


def seal(plaintext: str) -> str:
    """The stored form of ``plaintext`` ("" stays "": nothing to hide)."""
    if not plaintext:
        return ""
    return PREFIX + _current().encrypt(plaintext.encode()).decode("ascii")


def open_sealed(stored: str | None) -> str:
    """The plaintext of a stored value ("" for none, as is without the prefix); raises
    SecretUnreadable when it was sealed under another signing key or altered."""
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _current().decrypt(stored[len(PREFIX) :].encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise SecretUnreadable() from None


def unseal(stored: str | None) -> str:
    """Like :func:`open_sealed`, but "" (logged) when the value cannot be opened."""
    try:
        return open_sealed(stored)
    except SecretUnreadable:
        log.warning("sealed_secret_unreadable", hint="the signing key changed; enter the secret again")
        return ""


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)  # type: ignore[union-attr]


class SealedString(TypeDecorator[str]):
    """A TEXT column whose value is sealed on write and opened on read; the ORM only sees plaintext.

    TEXT because sealing expands a value by a factor that depends on its characters (UTF-8 size).
    Never filter on such a column: every seal of the same value differs."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        return seal(str(value))

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        return unseal(value)
