"""Usage of the LLM per feature over recent days, from the call log: for the admin page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from ticketwise.ai.features import Feature
from ticketwise.ai.providers import repository
from ticketwise.core.clock import now
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin


@dataclass(frozen=True)
class FeatureUsage:
    feature: Feature
    calls: int
    failures: int
    tokens_in: int
    tokens_out: int
    p50_ms: int | None
    p95_ms: int | None


def _rank(fraction: float, count: int) -> int:
    """0-based nearest-rank index of a percentile (p95 of 20 calls is the 19th smallest)."""
    return max(0, math.ceil(fraction * count) - 1)


def usage_by_feature(session: Session, admin: User | None, *, days: int = 7) -> list[FeatureUsage]:
    """One row per feature called in the last ``days`` days, in :class:`Feature` order; latency
    percentiles over all its calls (a timeout counts with the time it took)."""
    require_admin(admin)
    since = now() - timedelta(days=days)
    totals = {row.feature: row for row in repository.call_totals(session, since)}
    rows = []
    for feature in Feature:
        total = totals.get(feature)
        if total is None:
            continue
        rows.append(
            FeatureUsage(
                feature=feature,
                calls=total.calls,
                failures=total.failures,
                tokens_in=total.tokens_in,
                tokens_out=total.tokens_out,
                p50_ms=repository.latency_at_rank(session, feature, since, _rank(0.5, total.calls)),
                p95_ms=repository.latency_at_rank(session, feature, since, _rank(0.95, total.calls)),
            )
        )
    return rows
