"""Fixtures for the provider tests: the fake OpenAI-compatible server and a provider configured
against it for a feature."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.fixtures_openai import FakeOpenAI, openai_server  # noqa: F401  (the fixture)

from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiProvider
from ticketwise.ai.providers import service


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def configure(session, admin, openai_server: FakeOpenAI) -> Callable[..., AiProvider]:  # noqa: F811
    """``configure(feature=Feature.TRIAGE, **settings) -> AiProvider``: a provider on the fake server,
    chosen for ``feature``."""

    def factory(feature: Feature = Feature.TRIAGE, **settings: Any) -> AiProvider:
        values = {
            "name": "Fake",
            "base_url": openai_server.url,
            "model": "fake-model",
            "api_key": "sk-test-0001",
        }
        values.update(settings)
        provider = service.create_provider(session, admin, service.ProviderInput(**values))
        service.set_feature_provider(session, admin, feature, provider.id)
        return provider

    return factory
