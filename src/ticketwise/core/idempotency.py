"""Stored answers for ``Idempotency-Key`` (DESIGN §3.9).

The same key from the same principal with the same request body gets the stored answer again; the
same key with a different body is a client error. Records are written in the same transaction as the
effect they describe, so a crash leaves neither.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (sa.UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(
        sa.String(120), comment="Principal and endpoint, e.g. 'user:7:tickets'."
    )
    key: Mapped[str] = mapped_column(sa.String(255))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status_code: Mapped[int] = mapped_column()
    response: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


def fingerprint(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def lookup(session: Session, scope: str, key: str, request_hash: str) -> IdempotencyRecord | None:
    """The earlier answer for this key, or None.

    Raises ValidationFailed when the key was used with a different request body.
    """
    record = session.scalar(
        sa.select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
    )
    if record is not None and record.request_hash != request_hash:
        raise ValidationFailed(
            N_("This Idempotency-Key was already used with a different request body."),
            field="Idempotency-Key",
        )
    return record


def remember(
    session: Session, scope: str, key: str, request_hash: str, status_code: int, response: dict[str, Any]
) -> None:
    session.add(
        IdempotencyRecord(
            scope=scope, key=key, request_hash=request_hash, status_code=status_code, response=response
        )
    )
    session.flush()
