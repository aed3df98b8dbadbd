"""Pydantic in/out models of the assist API (``/api/v1/tickets/{ticket}/assist/...``, ``/api/v1/assist/guard``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from ticketwise.ai.assist.draft import Citation, Draft
from ticketwise.ai.assist.guard import GuardResult
from ticketwise.ai.assist.summary import Summary
from ticketwise.ai.assist.translate import MAX_TEXT_CHARS, Translation

LanguageIn = Literal["zh", "en"]
MAX_ID = 2**31 - 1


def citation_url(citation: Citation) -> str | None:
    """Where an agent opens a cited case; ``None`` for an article until the knowledge base (#6) has
    pages of its own."""
    if citation.kind == "ticket":
        return f"/agent/tickets/{citation.ref}"
    return None


class CitationOut(BaseModel):
    kind: Literal["ticket", "article"]
    id: int
    ref: str = Field(description="Ticket number or article slug.")
    title: str
    url: str | None = Field(description="Path of the case in the web UI (null for articles for now).")


class Provenance(BaseModel):
    """Who produced an answer: ``builtin`` (offline) or the name of the configured provider."""

    provider: str
    model: str
    latency_ms: int
    offline: bool


class DraftOut(Provenance):
    body: str
    citations: list[CitationOut]
    source: Literal["llm", "case", "article", "template"] = Field(
        description="llm; offline: case or article (a past solution adapted) or template "
        "(an acknowledgement, when no similar case was found)."
    )
    language: LanguageIn

    @classmethod
    def of(cls, draft: Draft) -> DraftOut:
        return cls(
            body=draft.body,
            citations=[
                CitationOut(kind=c.kind, id=c.id, ref=c.ref, title=c.title, url=citation_url(c))  # type: ignore[arg-type]
                for c in draft.citations
            ],
            source=draft.source,
            language=draft.language,
            provider=draft.provider,
            model=draft.model,
            latency_ms=draft.latency_ms,
            offline=draft.offline,
        )


class SummaryLineOut(BaseModel):
    message_id: int | None = Field(description="The message the sentence comes from; null: the request.")
    author: str
    role: Literal["customer", "agent", "note"]
    text: str


class SummaryOut(Provenance):
    text: str = Field(description="The LLM's summary; empty offline.")
    lines: list[SummaryLineOut] = Field(description="Offline: the key sentences of the thread, in order.")

    @classmethod
    def of(cls, summary: Summary) -> SummaryOut:
        return cls(
            text=summary.text,
            lines=[SummaryLineOut(**line.__dict__) for line in summary.lines],
            provider=summary.provider,
            model=summary.model,
            latency_ms=summary.latency_ms,
            offline=summary.offline,
        )


class TranslateIn(BaseModel):
    """Either ``message_id`` (a message of the ticket; omit both for the request itself) or ``text``
    (e.g. a reply being written)."""

    message_id: int | None = Field(None, ge=1, le=MAX_ID)
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)] | None = None
    target_language: LanguageIn

    @model_validator(mode="after")
    def _one_source(self) -> TranslateIn:
        if self.message_id is not None and self.text is not None:
            raise ValueError("give message_id or text, not both")
        return self


class TranslationOut(Provenance):
    text: str
    target_language: LanguageIn

    @classmethod
    def of(cls, translation: Translation) -> TranslationOut:
        return cls(
            text=translation.text,
            target_language=translation.target_language,
            provider=translation.provider,
            model=translation.model,
            latency_ms=translation.latency_ms,
            offline=False,
        )


class GuardIn(BaseModel):
    text: Annotated[str, StringConstraints(max_length=100_000)]
    ticket: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        None,
        description="Id or number of the ticket the reply is for: tone findings are then recorded on it.",
    )


class GuardFindingOut(BaseModel):
    kind: str = Field(description="password, api_key, private_key, jwt, cn_resident_id, bank_card or tone.")
    label: str = Field(description="The kind in the request's language.")
    excerpt: str = Field(description="The match with the secret masked; empty for tone.")
    message: str = Field(description="For tone: what to change.")
    start: int = Field(description="Start of the match in the text; -1 for tone.")
    end: int


class GuardOut(Provenance):
    mode: Literal["off", "warn", "block"]
    findings: list[GuardFindingOut]
    tone_checked: bool = Field(description="Whether an LLM checked the tone.")

    @classmethod
    def of(cls, result: GuardResult) -> GuardOut:
        return cls(
            mode=result.mode,  # type: ignore[arg-type]
            findings=[
                GuardFindingOut(
                    kind=f.kind, label=f.label, excerpt=f.excerpt, message=f.message, start=f.start, end=f.end
                )
                for f in result.findings
            ],
            tone_checked=result.tone_checked,
            provider=result.provider,
            model=result.model,
            latency_ms=result.latency_ms,
            offline=result.provider == "builtin",
        )
