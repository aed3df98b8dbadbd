"""Passwords, opaque tokens and safe HTML (DESIGN §9)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import nh3
from markdown_it import MarkdownIt
from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()  # argon2id with the library's current parameters
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("table")

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if not password_hash:
        # Hash anyway so a missing account costs the same time as a wrong password.
        _hasher.hash(password)
        return False
    try:
        return _hasher.verify(password, password_hash)
    except Exception:  # noqa: BLE001 - a corrupt hash is a failed sign-in, not a crash
        return False


def new_token(prefix: str = "") -> str:
    """A URL-safe random secret with 256 bits of entropy."""
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens are stored as SHA-256: they are random, so a slow hash adds nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def sanitize_html(html: str) -> str:
    """Strip scripts, handlers and unsafe URLs; keep ordinary formatting and links."""
    return nh3.clean(html, link_rel="noopener noreferrer nofollow")


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML; raw HTML in the source is escaped, never passed through."""
    return sanitize_html(_markdown.render(text or ""))


def text_to_html(text: str) -> str:
    """Plain text to safe HTML paragraphs (for bodies that arrive without markup)."""
    from markupsafe import escape

    paragraphs = [p for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{str(escape(p)).replace(chr(10), '<br>')}</p>" for p in paragraphs if p.strip())
