"""Administering providers: validation with named fields, unique names, write-only keys, the provider
per feature, deletion falling back to builtin, and the usage statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ticketwise.ai.features import Feature
from ticketwise.ai.models import CallOutcome, JsonMode, LlmCall
from ticketwise.ai.providers import repository, service
from ticketwise.ai.providers.usage import usage_by_feature
from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticketwise.core.secrets import open_sealed as decrypt_secret

VALID = {
    "name": "DeepSeek",
    "base_url": "https://api.deepseek.com/v1/",
    "model": "deepseek-chat",
    "api_key": "sk-1234567890ab",
}


def _input(**overrides) -> service.ProviderInput:
    return service.ProviderInput(**{**VALID, **overrides})


def test_create_normalises_and_encrypts(session, admin):
    provider = service.create_provider(session, admin, _input(json_mode="tool_call", timeout_seconds=12.5))
    assert provider.base_url == "https://api.deepseek.com/v1"
    assert provider.json_mode is JsonMode.TOOL_CALL and provider.timeout_seconds == 12.5
    assert decrypt_secret(provider.api_key_encrypted) == "sk-1234567890ab"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"base_url": ""}, "base_url"),
        ({"base_url": "ftp://example.com/v1"}, "base_url"),
        ({"base_url": "api.deepseek.com"}, "base_url"),
        ({"model": ""}, "model"),
        ({"timeout_seconds": 0}, "timeout_seconds"),
        ({"timeout_seconds": 601}, "timeout_seconds"),
        ({"temperature": -0.1}, "temperature"),
        ({"temperature": 2.5}, "temperature"),
        ({"json_mode": "xml"}, "json_mode"),
    ],
)
def test_invalid_settings_name_their_field(session, admin, overrides, field):
    with pytest.raises(ValidationFailed) as caught:
        service.create_provider(session, admin, _input(**overrides))
    assert caught.value.field == field


def test_names_are_unique(session, admin):
    first = service.create_provider(session, admin, _input())
    with pytest.raises(Conflict) as caught:
        service.create_provider(session, admin, _input(name="DeepSeek"))
    assert caught.value.field == "name"
    service.update_provider(session, admin, first, _input(model="deepseek-reasoner"))  # its own name is fine


def test_an_empty_key_on_update_keeps_the_stored_one(session, admin):
    provider = service.create_provider(session, admin, _input())
    service.update_provider(session, admin, provider, _input(api_key="", model="m2"))
    assert decrypt_secret(provider.api_key_encrypted) == "sk-1234567890ab" and provider.model == "m2"
    service.update_provider(session, admin, provider, _input(api_key="sk-new-key-000000"))
    assert decrypt_secret(provider.api_key_encrypted) == "sk-new-key-000000"


def test_only_administrators(session, make_user):
    agent = make_user("agent")
    with pytest.raises(PermissionDenied):
        service.create_provider(session, agent, _input())
    with pytest.raises(PermissionDenied):
        service.list_providers(session, agent)


def test_feature_choice_and_deletion_falls_back_to_builtin(session, admin):
    provider = service.create_provider(session, admin, _input())
    service.set_feature_provider(session, admin, Feature.SUMMARY, provider.id)
    service.set_feature_provider(session, admin, Feature.TRIAGE, provider.id)
    assert repository.provider_for_feature(session, Feature.SUMMARY) is provider
    choices = service.feature_choices(session, admin)
    assert choices[Feature.SUMMARY] == provider.id and choices[Feature.TRANSLATION] is None

    service.delete_provider(session, admin, provider)
    session.expire_all()
    assert repository.provider_for_feature(session, Feature.SUMMARY) is None
    assert service.feature_choices(session, admin)[Feature.TRIAGE] is None
    with pytest.raises(NotFound):
        service.access_provider(session, admin, provider.id)


def test_features_without_an_llm_path_stay_builtin(session, admin):
    provider = service.create_provider(session, admin, _input())
    with pytest.raises(ValidationFailed) as caught:
        service.set_feature_provider(session, admin, Feature.ASSIGNMENT, provider.id)
    assert caught.value.field == "assignment"
    with pytest.raises(ValidationFailed):
        service.set_feature_provider(session, admin, Feature.SUMMARY, 999_999)
    service.set_feature_provider(session, admin, Feature.ASSIGNMENT, None)  # builtin is always allowed


def _log(session, feature, latency, outcome=CallOutcome.OK, tokens=(10, 2), age=timedelta(hours=1)):
    session.add(
        LlmCall(
            feature=feature,
            provider="P",
            model="m",
            outcome=outcome,
            tokens_in=tokens[0],
            tokens_out=tokens[1],
            latency_ms=latency,
            created_at=now() - age,
        )
    )


def test_usage_per_feature_over_the_last_seven_days(session, admin):
    for latency in range(10, 210, 10):  # 20 calls: 10, 20, ..., 200 ms
        _log(session, Feature.TRIAGE, latency)
    _log(session, Feature.TRIAGE, 5000, outcome=CallOutcome.TIMEOUT, tokens=(0, 0))
    _log(session, Feature.SUMMARY, 300, tokens=(100, 50))
    _log(session, Feature.SUMMARY, 999, age=timedelta(days=8))  # too old
    session.flush()

    rows = {row.feature: row for row in usage_by_feature(session, admin)}

    assert set(rows) == {Feature.TRIAGE, Feature.SUMMARY}
    triage = rows[Feature.TRIAGE]
    assert (triage.calls, triage.failures, triage.tokens_in, triage.tokens_out) == (21, 1, 200, 40)
    # Nearest rank over 21 calls: p50 is the 11th smallest, p95 the 20th.
    assert (triage.p50_ms, triage.p95_ms) == (110, 200)
    summary = rows[Feature.SUMMARY]
    assert (summary.calls, summary.failures, summary.p50_ms, summary.p95_ms) == (1, 0, 300, 300)
