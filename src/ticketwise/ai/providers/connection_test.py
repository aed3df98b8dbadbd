"""The admin's "Test connection": list the models (``GET /models``), then one real chat completion
with the ``connection_test`` prompt, in the admin's language. Nothing is written to the call log:
the test belongs to no feature."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, ValidationError

from ticketwise.ai.models import CallOutcome, JsonMode
from ticketwise.ai.prompts import chat_messages, render_prompt
from ticketwise.ai.providers.openai_compatible import (
    OUTCOME_MESSAGES,
    CallFailed,
    Endpoint,
    complete_json,
    list_models,
)
from ticketwise.config import get_settings
from ticketwise.core.i18n import N_, gettext

PROMPT = "connection_test"


class ConnectionAnswer(BaseModel):
    """A greeting, proving the model answers in the requested structure."""

    reply: str = Field(min_length=1, max_length=2000, description="One short sentence.")


@dataclass(frozen=True)
class ConnectionReport:
    """What the test found; ``message`` is translated into the current language."""

    ok: bool
    message: str
    latency_ms: int = 0
    answer: str = ""
    models: list[str] = field(default_factory=list)
    model_listed: bool = True


def _failed(failure: CallFailed, endpoint: Endpoint, latency_ms: int, models: list[str]) -> ConnectionReport:
    text = gettext(OUTCOME_MESSAGES[failure.outcome]) % failure.message_params(endpoint)
    return ConnectionReport(ok=False, message=text, latency_ms=latency_ms, models=models)


def check_connection(endpoint: Endpoint, *, language: str) -> ConnectionReport:
    """Run the test; never raises for provider trouble (the report says what went wrong)."""
    started = time.perf_counter()
    try:
        models = list_models(endpoint)
    except CallFailed as failure:
        return _failed(failure, endpoint, int((time.perf_counter() - started) * 1000), [])
    schema = ConnectionAnswer.model_json_schema()
    prompt = render_prompt(PROMPT, language, {"site_name": get_settings().site_name})
    messages = chat_messages(prompt, schema, json_object=endpoint.json_mode is JsonMode.JSON_OBJECT)
    started = time.perf_counter()
    try:
        completion = complete_json(endpoint, messages, tool_name=PROMPT, schema=schema)
        answer = ConnectionAnswer.model_validate(completion.data)
    except CallFailed as failure:
        return _failed(failure, endpoint, int((time.perf_counter() - started) * 1000), models)
    except ValidationError:
        failure = CallFailed(CallOutcome.INVALID_OUTPUT)
        return _failed(failure, endpoint, int((time.perf_counter() - started) * 1000), models)
    latency_ms = int((time.perf_counter() - started) * 1000)
    return ConnectionReport(
        ok=True,
        message=gettext(N_("Connected: %(model)s answered in %(ms)s ms."))
        % {"model": endpoint.model, "ms": latency_ms},
        latency_ms=latency_ms,
        answer=answer.reply,
        models=models,
        # Some servers (proxies, DashScope) list fewer models than they serve: a hint, not a failure.
        model_listed=not models or endpoint.model in models,
    )
