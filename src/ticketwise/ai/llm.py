"""The one way AI features call an LLM (DESIGN §7): :func:`ask` renders a prompt file, calls the
provider the feature is configured with, validates the answer with a Pydantic model, and records the
call (outcome, tokens, latency) in ``ai_llm_calls``.

``None`` means "use your builtin path": the feature runs on builtin, its provider is disabled, or the
call failed in any way (connection, timeout, HTTP error, invalid JSON, schema violation). Provider
trouble never raises. The call-log row is added to the caller's session, so it is kept when the
caller's transaction commits (a GET request's read-only session does not).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pydantic
import structlog
from sqlalchemy.orm import Session

from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiProvider, CallOutcome, JsonMode, LlmCall
from ticketwise.ai.prompts import chat_messages, render_prompt
from ticketwise.ai.providers import repository
from ticketwise.ai.providers.openai_compatible import CallFailed, complete_json
from ticketwise.ai.providers.service import endpoint_of
from ticketwise.core.clock import now
from ticketwise.core.secrets import SecretUnreadable

T = TypeVar("T", bound=pydantic.BaseModel)

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class LlmAnswer(Generic[T]):
    output: T  # validated
    provider: str  # the provider configuration's name, e.g. "DeepSeek"
    model: str
    tokens_in: int
    tokens_out: int
    latency_ms: int


def llm_enabled(session: Session, feature: Feature) -> bool:
    """Whether ``feature`` is configured with an enabled provider (it may still fail per call)."""
    return repository.provider_for_feature(session, feature) is not None


def _log_call(
    session: Session,
    feature: Feature,
    provider: AiProvider,
    outcome: CallOutcome,
    *,
    detail: str | None = None,
    tokens_in: int = 0,
    tokens_out: int = 0,
    latency_ms: int = 0,
) -> None:
    session.add(
        LlmCall(
            feature=feature,
            provider=provider.name,
            model=provider.model,
            outcome=outcome,
            detail=detail,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            latency_ms=latency_ms,
            created_at=now(),
        )
    )
    if outcome is not CallOutcome.OK:
        # Names and kinds only: never the key, the prompt or the answer.
        log.warning(
            "llm_call_failed",
            feature=feature.value,
            provider=provider.name,
            model=provider.model,
            outcome=outcome.value,
            detail=detail,
            latency_ms=latency_ms,
        )


def ask(
    session: Session,
    feature: Feature,
    prompt: str,
    variables: Mapping[str, Any],
    schema: type[T],
    *,
    language: str = "en",
) -> LlmAnswer[T] | None:
    """Ask the provider of ``feature`` with the prompt file ``prompt`` (``ai/prompts/<prompt>.<zh|en>.md``)
    rendered with ``variables``; the answer validated as ``schema``.

    Returns ``None`` for builtin and for every provider failure (module docstring). Raises
    :class:`ticketwise.ai.prompts.PromptError` for a missing prompt file or variable: that is a bug.
    """
    provider = repository.provider_for_feature(session, feature)
    if provider is None:
        return None
    rendered = render_prompt(prompt, language, dict(variables))
    try:
        endpoint = endpoint_of(provider)
    except SecretUnreadable:
        _log_call(
            session, feature, provider, CallOutcome.AUTH, detail="stored key unreadable (site secret changed)"
        )
        return None
    json_schema = schema.model_json_schema()
    messages = chat_messages(rendered, json_schema, json_object=endpoint.json_mode is JsonMode.JSON_OBJECT)
    started = time.perf_counter()
    try:
        completion = complete_json(endpoint, messages, tool_name=prompt, schema=json_schema)
    except CallFailed as failure:
        latency_ms = int((time.perf_counter() - started) * 1000)
        _log_call(
            session,
            feature,
            provider,
            failure.outcome,
            detail=failure.detail,
            tokens_in=failure.tokens_in,
            tokens_out=failure.tokens_out,
            latency_ms=latency_ms,
        )
        return None
    latency_ms = int((time.perf_counter() - started) * 1000)
    try:
        output = schema.model_validate(completion.data)
    except pydantic.ValidationError as error:
        fields = ",".join(sorted({".".join(str(p) for p in e["loc"]) or "$" for e in error.errors()}))
        _log_call(
            session,
            feature,
            provider,
            CallOutcome.INVALID_OUTPUT,
            detail=fields,
            tokens_in=completion.tokens_in,
            tokens_out=completion.tokens_out,
            latency_ms=latency_ms,
        )
        return None
    _log_call(
        session,
        feature,
        provider,
        CallOutcome.OK,
        tokens_in=completion.tokens_in,
        tokens_out=completion.tokens_out,
        latency_ms=latency_ms,
    )
    return LlmAnswer(
        output=output,
        provider=provider.name,
        model=provider.model,
        tokens_in=completion.tokens_in,
        tokens_out=completion.tokens_out,
        latency_ms=latency_ms,
    )
