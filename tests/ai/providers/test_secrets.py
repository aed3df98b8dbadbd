"""API keys at rest: sealed (ticketwise.core.secrets), never stored in clear, shown only as a hint."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.ai.models import AiProvider
from ticketwise.ai.providers import service
from ticketwise.ai.providers.secrets import key_hint
from ticketwise.config import get_settings
from ticketwise.core.secrets import SecretUnreadable
from ticketwise.core.secrets import open_sealed as decrypt_secret
from ticketwise.core.secrets import seal as encrypt_secret


def test_a_key_sealed_under_another_site_secret_shows_as_unreadable(monkeypatch):
    token = encrypt_secret("sk-abcdef123456")
    monkeypatch.setattr(get_settings(), "secret_key", "a-different-secret")
    with pytest.raises(SecretUnreadable):
        decrypt_secret(token)
    assert key_hint(token) == ""


@pytest.mark.parametrize(
    ("key", "hint"),
    [("sk-proj-abcdefgh1234", "••••1234"), ("short-key", "••••"), (None, None)],
)
def test_hint_shows_at_most_the_last_four_characters(key, hint):
    assert key_hint(encrypt_secret(key) if key else None) == hint


def test_the_database_column_never_holds_the_key(session, make_user):
    admin = make_user("admin")
    provider = service.create_provider(
        session,
        admin,
        service.ProviderInput(
            name="DeepSeek",
            base_url="https://api.deepseek.com/v1",
            model="deepseek-chat",
            api_key="sk-live-9f8e7d6c5b4a",
        ),
    )
    session.flush()
    raw = session.execute(sa.text("SELECT * FROM ai_providers WHERE id = :id"), {"id": provider.id}).one()
    assert all("sk-live-9f8e7d6c5b4a" not in str(value) for value in raw)
    assert decrypt_secret(provider.api_key_encrypted) == "sk-live-9f8e7d6c5b4a"
    assert session.get(AiProvider, provider.id).has_api_key
