"""ORM models of the AI core: LLM provider configurations, which provider each feature uses, the AI
settings, the log of LLM calls and the record of every AI decision (contract §3.8).

The API key of a provider is stored encrypted (:mod:`ticketwise.ai.providers.secrets`); nothing here
holds it in clear text. A decision keeps only a SHA-256 of its input, never the ticket text itself.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ticketwise.ai.features import Feature
from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime, str_enum
from ticketwise.core.i18n import N_
from ticketwise.users.models import User


class ProviderKind(enum.StrEnum):
    OPENAI_COMPATIBLE = "openai_compatible"


class JsonMode(enum.StrEnum):
    """How structured output is asked for: ``response_format={"type": "json_object"}``, or a single
    function whose parameters are the output's JSON schema (for servers without JSON mode)."""

    JSON_OBJECT = "json_object"
    TOOL_CALL = "tool_call"


class GuardMode(enum.StrEnum):
    OFF = "off"
    WARN = "warn"
    BLOCK = "block"


class DecisionStatus(enum.StrEnum):
    PROPOSED = "proposed"  # recorded, not applied to the ticket (below the threshold, or a suggestion)
    APPLIED = "applied"  # applied to the ticket by the AI, not reviewed yet
    ACCEPTED = "accepted"  # a person confirmed it (applying it if it was only proposed)
    OVERRIDDEN = "overridden"  # a person chose another value (a training label)

    @property
    def label(self) -> str:
        return DECISION_STATUS_LABELS[self]


DECISION_STATUS_LABELS = {
    DecisionStatus.PROPOSED: N_("Suggested"),
    DecisionStatus.APPLIED: N_("Applied"),
    DecisionStatus.ACCEPTED: N_("Accepted"),
    DecisionStatus.OVERRIDDEN: N_("Overridden"),
}


class CallOutcome(enum.StrEnum):
    """The result of one LLM call, as the call log records it."""

    OK = "ok"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    AUTH = "auth"
    RATE_LIMITED = "rate_limited"
    HTTP_ERROR = "http_error"
    BAD_RESPONSE = "bad_response"  # the HTTP answer was not a chat completion
    INVALID_JSON = "invalid_json"  # the model's answer was not JSON
    INVALID_OUTPUT = "invalid_output"  # JSON, but not what the schema asks for


class AiProvider(Base):
    """One configured LLM endpoint (OpenAI, DeepSeek, Qwen/DashScope, Ollama, vLLM, ...)."""

    __tablename__ = "ai_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    kind: Mapped[ProviderKind] = mapped_column(
        str_enum(ProviderKind, 30), default=ProviderKind.OPENAI_COMPATIBLE
    )
    base_url: Mapped[str] = mapped_column(sa.String(500))
    api_key_encrypted: Mapped[str | None] = mapped_column(
        sa.Text, comment="Fernet token of the API key (key derived from the site secret); never shown."
    )
    model: Mapped[str] = mapped_column(sa.String(200))
    timeout_seconds: Mapped[float] = mapped_column(sa.Float, default=30.0)
    temperature: Mapped[float] = mapped_column(sa.Float, default=0.2)
    json_mode: Mapped[JsonMode] = mapped_column(str_enum(JsonMode, 20), default=JsonMode.JSON_OBJECT)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    @property
    def has_api_key(self) -> bool:
        return bool(self.api_key_encrypted)


class AiFeatureSetting(Base):
    """The provider one feature uses; no row, or no provider, means ``builtin``."""

    __tablename__ = "ai_feature_settings"

    feature: Mapped[Feature] = mapped_column(str_enum(Feature, 30), primary_key=True)
    provider_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ai_providers.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    provider: Mapped[AiProvider | None] = relationship(lazy="joined")


class AiSettings(Base):
    """The site's AI settings: a single row (id 1), absent until an administrator saves them."""

    __tablename__ = "ai_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    triage_min_confidence: Mapped[float] = mapped_column(sa.Float)
    auto_apply_triage: Mapped[bool] = mapped_column()
    guard_mode: Mapped[GuardMode] = mapped_column(str_enum(GuardMode, 10))
    guard_tone: Mapped[bool] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class LlmCall(Base):
    """One call to an LLM: for usage statistics and troubleshooting (no prompt, no answer, no key)."""

    __tablename__ = "ai_llm_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    feature: Mapped[Feature] = mapped_column(str_enum(Feature, 30))
    provider: Mapped[str] = mapped_column(sa.String(100), comment="The provider's name at the time.")
    model: Mapped[str] = mapped_column(sa.String(200))
    outcome: Mapped[CallOutcome] = mapped_column(str_enum(CallOutcome, 20))
    detail: Mapped[str | None] = mapped_column(sa.String(300), comment="Error class or HTTP status.")
    tokens_in: Mapped[int] = mapped_column(default=0)
    tokens_out: Mapped[int] = mapped_column(default=0)
    latency_ms: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)

    @property
    def ok(self) -> bool:
        return self.outcome is CallOutcome.OK


class AiDecision(Base):
    """One decision of an AI feature about one attribute of a ticket, with why and how sure."""

    __tablename__ = "ai_decisions"
    # Training labels: the overridden decisions of one attribute.
    __table_args__ = (sa.Index("ix_ai_decisions_attribute_status", "attribute", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    feature: Mapped[Feature] = mapped_column(str_enum(Feature, 30))
    attribute: Mapped[str] = mapped_column(sa.String(30))
    value: Mapped[str | None] = mapped_column(sa.Text)
    confidence: Mapped[float | None] = mapped_column(sa.Float)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(PortableJSON, default=list)
    provider: Mapped[str] = mapped_column(sa.String(100), default="builtin")
    model: Mapped[str] = mapped_column(sa.String(200))
    input_hash: Mapped[str] = mapped_column(sa.String(64), comment="SHA-256 of the input text.")
    output: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    latency_ms: Mapped[int] = mapped_column(default=0)
    applied: Mapped[bool] = mapped_column(default=False)
    status: Mapped[DecisionStatus] = mapped_column(
        str_enum(DecisionStatus, 20), default=DecisionStatus.PROPOSED
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    override_value: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    reviewed_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def reviewed(self) -> bool:
        return self.status in (DecisionStatus.ACCEPTED, DecisionStatus.OVERRIDDEN)

    @property
    def final_value(self) -> str | None:
        """The value that stands: a person's override, otherwise the AI's."""
        return self.override_value if self.status is DecisionStatus.OVERRIDDEN else self.value
