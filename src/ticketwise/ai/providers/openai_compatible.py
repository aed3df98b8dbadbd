"""Calls to an OpenAI-compatible endpoint with the official ``openai`` client: one chat completion
answered as JSON (JSON mode or one forced tool call), and the model list for the connection test.

Every failure becomes :class:`CallFailed` with its :class:`CallOutcome`, a short detail that never
contains the key or the prompt, and the tokens already spent. The client makes no retries of its own
(``max_retries=0``): the caller has a builtin fallback, so waiting twice helps nobody.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import httpx
import openai

from ticketwise.ai.models import CallOutcome, JsonMode
from ticketwise.core.i18n import N_

# Some servers (Ollama, vLLM) need no key, but the client insists on one.
_NO_KEY = "not-needed"
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL | re.IGNORECASE)

OUTCOME_MESSAGES = {
    CallOutcome.TIMEOUT: N_("The provider did not answer in time (%(seconds)s s)."),
    CallOutcome.CONNECTION: N_("Could not connect to %(url)s."),
    CallOutcome.AUTH: N_("The provider refused the API key."),
    CallOutcome.RATE_LIMITED: N_("The provider limits the rate of requests; try again later."),
    CallOutcome.HTTP_ERROR: N_("The provider answered with an error (%(detail)s)."),
    CallOutcome.BAD_RESPONSE: N_("The provider's answer was not a chat completion."),
    CallOutcome.INVALID_JSON: N_("The model's answer was not valid JSON."),
    CallOutcome.INVALID_OUTPUT: N_("The model's answer did not have the expected fields."),
}
"""What each outcome means, for people (admin page, connection test)."""


@dataclass(frozen=True)
class Endpoint:
    """A provider configuration as plain values, with the key decrypted (never logged)."""

    name: str
    base_url: str
    api_key: str = field(repr=False)
    model: str
    timeout_seconds: float
    temperature: float
    json_mode: JsonMode


@dataclass(frozen=True)
class Completion:
    data: Any
    tokens_in: int
    tokens_out: int


class CallFailed(Exception):
    """One call did not produce JSON; ``detail`` is safe to store and log."""

    def __init__(self, outcome: CallOutcome, detail: str = "", *, tokens_in: int = 0, tokens_out: int = 0):
        super().__init__(f"{outcome.value}: {detail}")
        self.outcome = outcome
        self.detail = detail[:300]
        self.tokens_in = tokens_in
        self.tokens_out = tokens_out

    def message_params(self, endpoint: Endpoint) -> dict[str, Any]:
        """The parameters :data:`OUTCOME_MESSAGES` use."""
        return {"seconds": f"{endpoint.timeout_seconds:g}", "url": endpoint.base_url, "detail": self.detail}


@lru_cache(maxsize=16)
def _client(base_url: str, api_key: str, timeout_seconds: float) -> openai.OpenAI:
    # One client (and connection pool) per configuration; a changed key or URL makes a new one.
    return openai.OpenAI(
        base_url=base_url, api_key=api_key or _NO_KEY, timeout=timeout_seconds, max_retries=0
    )


def _client_for(endpoint: Endpoint) -> openai.OpenAI:
    return _client(endpoint.base_url, endpoint.api_key, float(endpoint.timeout_seconds))


def _failure(error: Exception) -> CallFailed:
    """The outcome of a client exception (most specific class first: a timeout is a connection error)."""
    if isinstance(error, openai.APITimeoutError):
        return CallFailed(CallOutcome.TIMEOUT, "timeout")
    if isinstance(error, openai.APIConnectionError):
        return CallFailed(CallOutcome.CONNECTION, type(error.__cause__ or error).__name__)
    if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        return CallFailed(CallOutcome.AUTH, f"HTTP {error.status_code}")
    if isinstance(error, openai.RateLimitError):
        return CallFailed(CallOutcome.RATE_LIMITED, f"HTTP {error.status_code}")
    if isinstance(error, openai.APIStatusError):
        return CallFailed(CallOutcome.HTTP_ERROR, f"HTTP {error.status_code}")
    return CallFailed(CallOutcome.BAD_RESPONSE, type(error).__name__)


def _request(
    endpoint: Endpoint, messages: list[dict[str, str]], tool_name: str, schema: dict[str, Any]
) -> dict:
    request: dict[str, Any] = {
        "model": endpoint.model,
        "messages": messages,
        "temperature": endpoint.temperature,
    }
    if endpoint.json_mode is JsonMode.TOOL_CALL:
        request["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": tool_name,
                    "description": schema.get("description", ""),
                    "parameters": schema,
                },
            }
        ]
        request["tool_choice"] = {"type": "function", "function": {"name": tool_name}}
    else:
        request["response_format"] = {"type": "json_object"}
    return request


def _answer_text(response: Any, tool_name: str) -> str:
    """The JSON text of the answer: the forced tool call's arguments, else the message content (some
    servers ignore ``tool_choice`` and answer in the content)."""
    choices = getattr(response, "choices", None) or []
    if not choices:
        raise CallFailed(CallOutcome.BAD_RESPONSE, "no choices")
    message = choices[0].message
    for call in message.tool_calls or []:
        function = getattr(call, "function", None)
        if function is not None and function.name == tool_name:
            return function.arguments or ""
    return message.content or ""


def parse_json(text: str) -> Any:
    """JSON from a model's answer, also when wrapped in a Markdown code fence; ValueError if none."""
    fenced = _FENCE.match(text)
    return json.loads(fenced.group(1) if fenced else text)


def complete_json(
    endpoint: Endpoint, messages: list[dict[str, str]], *, tool_name: str, schema: dict[str, Any]
) -> Completion:
    """One chat completion whose answer is JSON; raises CallFailed for any failure."""
    try:
        response = _client_for(endpoint).chat.completions.create(
            **_request(endpoint, messages, tool_name, schema)
        )
    except (openai.OpenAIError, httpx.HTTPError, ValueError) as error:
        # ValueError: a body that is not JSON at all (json.JSONDecodeError) from a misbehaving server.
        raise _failure(error) from error
    usage = getattr(response, "usage", None)
    tokens_in = int(getattr(usage, "prompt_tokens", 0) or 0)
    tokens_out = int(getattr(usage, "completion_tokens", 0) or 0)
    try:
        text = _answer_text(response, tool_name)
    except CallFailed as failed:
        raise CallFailed(failed.outcome, failed.detail, tokens_in=tokens_in, tokens_out=tokens_out) from None
    except (AttributeError, TypeError):
        raise CallFailed(
            CallOutcome.BAD_RESPONSE, "malformed", tokens_in=tokens_in, tokens_out=tokens_out
        ) from None
    try:
        data = parse_json(text)
    except ValueError:
        raise CallFailed(
            CallOutcome.INVALID_JSON, f"{len(text)} characters", tokens_in=tokens_in, tokens_out=tokens_out
        ) from None
    return Completion(data=data, tokens_in=tokens_in, tokens_out=tokens_out)


def list_models(endpoint: Endpoint) -> list[str]:
    """The model ids the endpoint offers (``GET /models``); raises CallFailed."""
    try:
        return sorted(model.id for model in _client_for(endpoint).models.list())
    except (openai.OpenAIError, httpx.HTTPError, ValueError) as error:
        raise _failure(error) from error
