"""Administering providers: create, change and delete configurations, and choose a provider per
feature. Administrators only; every write flushes and the request commits.

The API key is write-only: it is encrypted on the way in, and an empty key on update keeps the stored
one. Deleting a provider returns the features that used it to ``builtin`` (the foreign key is
``SET NULL``).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from sqlalchemy.orm import Session

from ticketwise.ai.features import LLM_CAPABLE, Feature
from ticketwise.ai.models import AiFeatureSetting, AiProvider, JsonMode, ProviderKind
from ticketwise.ai.providers import repository
from ticketwise.ai.providers.openai_compatible import Endpoint
from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.secrets import open_sealed, seal
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

MAX_TIMEOUT_SECONDS = 600.0
MAX_TEMPERATURE = 2.0


@dataclass(frozen=True)
class ProviderInput:
    """A provider configuration as submitted; ``api_key`` empty or None keeps the stored key."""

    name: str
    base_url: str
    model: str
    api_key: str | None = None
    timeout_seconds: float = 30.0
    temperature: float = 0.2
    json_mode: str = JsonMode.JSON_OBJECT.value
    enabled: bool = True


@dataclass(frozen=True)
class CleanProvider:
    name: str
    base_url: str
    model: str
    timeout_seconds: float
    temperature: float
    json_mode: JsonMode


def _required(text: str, field: str, max_length: int) -> str:
    value = (text or "").strip()
    if not value:
        raise ValidationFailed(N_("This field is required."), field=field)
    if len(value) > max_length:
        raise ValidationFailed(N_("At most %(max)s characters."), field=field, max=max_length)
    return value


def _base_url(text: str) -> str:
    value = _required(text, "base_url", 500).rstrip("/")
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, ValueError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise ValidationFailed(
            N_("Enter the address of the API, e.g. https://api.deepseek.com/v1."), field="base_url"
        )
    return value


def clean(data: ProviderInput) -> CleanProvider:
    """``data`` checked; raises ValidationFailed naming the first wrong field."""
    name = _required(data.name, "name", 100)
    base_url = _base_url(data.base_url)
    model = _required(data.model, "model", 200)
    if not 1 <= data.timeout_seconds <= MAX_TIMEOUT_SECONDS:
        raise ValidationFailed(
            N_("Enter a number from %(min)s to %(max)s."), field="timeout_seconds", min=1, max=600
        )
    if not 0 <= data.temperature <= MAX_TEMPERATURE:
        raise ValidationFailed(
            N_("Enter a number from %(min)s to %(max)s."), field="temperature", min=0, max=2
        )
    if data.json_mode not in set(JsonMode):
        raise ValidationFailed(N_("Choose one of the allowed values."), field="json_mode")
    if data.api_key is not None and len(data.api_key.strip()) > 1000:
        raise ValidationFailed(N_("At most %(max)s characters."), field="api_key", max=1000)
    return CleanProvider(
        name, base_url, model, float(data.timeout_seconds), float(data.temperature), JsonMode(data.json_mode)
    )


def _check_unique_name(session: Session, name: str, provider: AiProvider | None) -> None:
    existing = repository.provider_by_name(session, name)
    if existing is not None and existing is not provider:
        raise Conflict(N_("Another provider is already called %(name)s."), field="name", name=name)


def access_provider(session: Session, admin: User | None, provider_id: int) -> AiProvider:
    """The provider ``provider_id`` for an administrator; NotFound if it does not exist."""
    require_admin(admin)
    provider = repository.get_provider(session, provider_id)
    if provider is None:
        raise NotFound(N_("This AI provider does not exist."))
    return provider


def list_providers(session: Session, admin: User | None) -> list[AiProvider]:
    require_admin(admin)
    return repository.list_providers(session)


def create_provider(session: Session, admin: User | None, data: ProviderInput) -> AiProvider:
    """A new configuration; raises ValidationFailed / Conflict naming the field."""
    require_admin(admin)
    values = clean(data)
    _check_unique_name(session, values.name, None)
    key = (data.api_key or "").strip()
    moment = now()
    provider = AiProvider(
        kind=ProviderKind.OPENAI_COMPATIBLE,
        name=values.name,
        base_url=values.base_url,
        model=values.model,
        timeout_seconds=values.timeout_seconds,
        temperature=values.temperature,
        json_mode=values.json_mode,
        enabled=data.enabled,
        api_key_encrypted=seal(key) if key else None,
        created_at=moment,
        updated_at=moment,
    )
    session.add(provider)
    session.flush()
    return provider


def update_provider(
    session: Session, admin: User | None, provider: AiProvider, data: ProviderInput
) -> AiProvider:
    """Change every setting; the key only when a new one is given."""
    require_admin(admin)
    values = clean(data)
    _check_unique_name(session, values.name, provider)
    provider.name = values.name
    provider.base_url = values.base_url
    provider.model = values.model
    provider.timeout_seconds = values.timeout_seconds
    provider.temperature = values.temperature
    provider.json_mode = values.json_mode
    provider.enabled = data.enabled
    key = (data.api_key or "").strip()
    if key:
        provider.api_key_encrypted = seal(key)
    provider.updated_at = now()
    session.flush()
    return provider


def delete_provider(session: Session, admin: User | None, provider: AiProvider) -> None:
    require_admin(admin)
    for setting in repository.feature_settings(session).values():
        if setting.provider_id == provider.id:
            setting.provider_id = None  # the same as the database's SET NULL, for loaded rows too
            setting.provider = None
    session.delete(provider)
    session.flush()


def set_feature_provider(
    session: Session, admin: User | None, feature: Feature, provider_id: int | None
) -> None:
    """Point ``feature`` at a provider, or at builtin with ``None``. Only :data:`LLM_CAPABLE` features
    can use an LLM; raises ValidationFailed(field=<feature>) otherwise or for an unknown provider."""
    require_admin(admin)
    provider = None
    if provider_id is not None:
        if feature not in LLM_CAPABLE:
            raise ValidationFailed(
                N_("This feature always runs on the built-in models."), field=feature.value
            )
        provider = repository.get_provider(session, provider_id)
        if provider is None:
            raise ValidationFailed(N_("Choose one of the allowed values."), field=feature.value)
    setting = repository.get_feature_setting(session, feature)
    if setting is None:
        setting = AiFeatureSetting(feature=feature)
        session.add(setting)
    setting.provider_id = provider.id if provider else None
    setting.provider = provider
    setting.updated_at = now()
    session.flush()


def feature_choices(session: Session, admin: User | None) -> dict[Feature, int | None]:
    """The provider id each feature uses (``None``: builtin), for every feature."""
    require_admin(admin)
    settings = repository.feature_settings(session)
    return {feature: settings[feature].provider_id if feature in settings else None for feature in Feature}


def endpoint_of(provider: AiProvider) -> Endpoint:
    """The provider as call parameters; raises SecretUnreadable when the stored key cannot be read."""
    return Endpoint(
        name=provider.name,
        base_url=provider.base_url,
        api_key=open_sealed(provider.api_key_encrypted) if provider.api_key_encrypted else "",
        model=provider.model,
        timeout_seconds=provider.timeout_seconds,
        temperature=provider.temperature,
        json_mode=provider.json_mode,
    )


def endpoint_for_input(data: ProviderInput, stored: AiProvider | None) -> Endpoint:
    """Submitted settings (saved or not) as call parameters, for the connection test: an empty key
    means the stored one. Raises ValidationFailed, or SecretUnreadable for an unreadable stored key."""
    values = clean(data)
    key = (data.api_key or "").strip()
    if not key and stored is not None and stored.api_key_encrypted:
        key = open_sealed(stored.api_key_encrypted)
    return Endpoint(
        name=values.name,
        base_url=values.base_url,
        api_key=key,
        model=values.model,
        timeout_seconds=values.timeout_seconds,
        temperature=values.temperature,
        json_mode=values.json_mode,
    )
