"""Translation of a message of the thread (inbound or outbound) or of a reply being written, into the
agent's or the requester's language. LLM only (Feature.TRANSLATION): there is no offline translator,
so without a provider, or when the provider fails, the answer is ``None`` and the caller says why
(:func:`unavailable_reason`).

Sensitive data found by the reply guard's scanner is masked before the text leaves for the
provider: a password in a customer's message is not something to send to a third party.
"""

from __future__ import annotations

from dataclasses import dataclass

import pydantic
from sqlalchemy.orm import Session

from ticketwise.ai import llm
from ticketwise.ai.assist.sensitive import redact
from ticketwise.ai.assist.thread import Language, Utterance, thread_of
from ticketwise.ai.features import Feature
from ticketwise.core.errors import NotFound, TicketwiseError, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.models import Ticket

MAX_TEXT_CHARS = 20000
LANGUAGE_NAMES = {"zh": N_("Chinese"), "en": N_("English")}


class TranslationUnavailable(TicketwiseError):
    """No provider is configured for translation, or it did not answer (503 in the API)."""

    status = 503
    code = "translation-unavailable"
    title = N_("Translation unavailable")


NOT_CONFIGURED = N_("Translation needs an AI provider; none is configured.")
PROVIDER_FAILED = N_("The AI provider did not answer. Try again in a moment.")


@dataclass(frozen=True)
class Translation:
    text: str
    target_language: Language
    provider: str
    model: str
    latency_ms: int


class TranslationOutput(pydantic.BaseModel):
    """What the LLM must answer."""

    translation: str = pydantic.Field(min_length=1, max_length=40000)


def translate_text(session: Session, text: str, target_language: Language) -> Translation | None:
    """``text`` translated into ``target_language`` by the LLM; ``None`` without a provider or when
    the call fails. Raises ValidationFailed(field="text") for an empty or over-long text."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(N_("There is no text to translate."), field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationFailed(N_("At most %(max)s characters."), field="text", max=MAX_TEXT_CHARS)
    answer = llm.ask(
        session,
        Feature.TRANSLATION,
        "translation",
        {"text": redact(text), "target_language": target_language},
        TranslationOutput,
        language=target_language,
    )
    if answer is None:
        return None
    return Translation(
        text=answer.output.translation.strip(),
        target_language=target_language,
        provider=answer.provider,
        model=answer.model,
        latency_ms=answer.latency_ms,
    )


def thread_message(session: Session, ticket: Ticket, message_id: int | None) -> Utterance:
    """The message ``message_id`` of ``ticket`` (``None``: the request itself), internal notes
    included; NotFound for a message of another ticket or a system notice."""
    for utterance in thread_of(session, ticket, notes=True):
        if utterance.message_id == message_id:
            return utterance
    raise NotFound(N_("This message is not part of the ticket."))


def latest_customer_message(session: Session, ticket: Ticket) -> Utterance:
    """The customer's latest message, or the request when they have written nothing since."""
    customer = [u for u in thread_of(session, ticket, notes=False) if u.role == "customer"]
    return customer[-1]


def unavailable_reason(session: Session) -> str:
    """Why a translation came back ``None``: no provider is configured, or it failed (msgid)."""
    return PROVIDER_FAILED if llm.llm_enabled(session, Feature.TRANSLATION) else NOT_CONFIGURED


def require_translation(session: Session, text: str, target_language: Language) -> Translation:
    """:func:`translate_text`, raising TranslationUnavailable with the reason instead of ``None``."""
    translation = translate_text(session, text, target_language)
    if translation is None:
        raise TranslationUnavailable(unavailable_reason(session))
    return translation
