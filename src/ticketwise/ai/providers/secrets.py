"""How a provider's stored API key is shown: never the key, at most a hint of its last characters.

Keys are sealed at rest by :mod:`ticketwise.core.secrets` (Fernet under a key derived from the site
secret); changing the site secret makes them unreadable, and the admin page asks for them again.
"""

from __future__ import annotations

from ticketwise.core.secrets import SecretUnreadable, open_sealed


def key_hint(stored: str | None) -> str | None:
    """``••••1234`` (the last four characters, only for keys of 12 or more) for a stored key, ``None``
    without one, and ``""`` when a key is stored but unreadable with the current site secret."""
    if not stored:
        return None
    try:
        plaintext = open_sealed(stored)
    except SecretUnreadable:
        return ""
    return "••••" + plaintext[-4:] if len(plaintext) >= 12 else "••••"
