"""Queries of the providers package: configurations, feature choices and the LLM call log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiFeatureSetting, AiProvider, CallOutcome, LlmCall


def list_providers(session: Session) -> list[AiProvider]:
    return list(session.scalars(sa.select(AiProvider).order_by(AiProvider.name)))


def get_provider(session: Session, provider_id: int) -> AiProvider | None:
    return session.get(AiProvider, provider_id)


def provider_by_name(session: Session, name: str) -> AiProvider | None:
    return session.scalars(sa.select(AiProvider).where(AiProvider.name == name)).first()


def feature_settings(session: Session) -> dict[Feature, AiFeatureSetting]:
    return {row.feature: row for row in session.scalars(sa.select(AiFeatureSetting))}


def get_feature_setting(session: Session, feature: Feature) -> AiFeatureSetting | None:
    return session.get(AiFeatureSetting, feature)


def provider_for_feature(session: Session, feature: Feature) -> AiProvider | None:
    """The enabled provider ``feature`` uses, ``None`` for builtin (one indexed join)."""
    return session.scalars(
        sa.select(AiProvider)
        .join(AiFeatureSetting, AiFeatureSetting.provider_id == AiProvider.id)
        .where(AiFeatureSetting.feature == feature, AiProvider.enabled.is_(True))
    ).first()


@dataclass(frozen=True)
class CallTotals:
    feature: Feature
    calls: int
    failures: int
    tokens_in: int
    tokens_out: int


def call_totals(session: Session, since: datetime) -> list[CallTotals]:
    """Calls, failures and tokens per feature since ``since`` (features without calls are absent)."""
    failed = sa.case((LlmCall.outcome != CallOutcome.OK, 1), else_=0)
    rows = session.execute(
        sa.select(
            LlmCall.feature,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(failed), 0),
            sa.func.coalesce(sa.func.sum(LlmCall.tokens_in), 0),
            sa.func.coalesce(sa.func.sum(LlmCall.tokens_out), 0),
        )
        .where(LlmCall.created_at >= since)
        .group_by(LlmCall.feature)
    )
    return [CallTotals(Feature(f), int(c), int(x), int(i), int(o)) for f, c, x, i, o in rows]


def latency_at_rank(session: Session, feature: Feature, since: datetime, rank: int) -> int | None:
    """The ``rank``-th smallest latency (0-based) of ``feature``'s calls since ``since``: one sorted
    read on both databases (SQLite has no percentile function)."""
    return session.scalars(
        sa.select(LlmCall.latency_ms)
        .where(LlmCall.feature == feature, LlmCall.created_at >= since)
        .order_by(LlmCall.latency_ms)
        .offset(rank)
        .limit(1)
    ).first()
