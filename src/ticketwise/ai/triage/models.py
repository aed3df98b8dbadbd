"""The registry of trained triage models: one row per trained version of one target.

The model file itself lives in the data folder (``<data_dir>/ai/triage/<target>-v<version>.joblib``);
the row says which file is current and how good it was. Several processes share the data folder and
the database: each keeps the version it loaded and reloads when a newer row appears.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime


class TrainedModel(Base):
    __tablename__ = "ai_trained_models"
    __table_args__ = (sa.UniqueConstraint("target", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(sa.String(40), comment="type, category, intent or urgency.")
    version: Mapped[int] = mapped_column(comment="1, 2, ... per target; the highest is current.")
    path: Mapped[str] = mapped_column(sa.String(500), comment="Relative to the data folder.")
    algorithm: Mapped[str] = mapped_column(sa.String(80))
    metrics: Mapped[dict[str, Any]] = mapped_column(
        PortableJSON, default=dict, comment="Held-out accuracy and macro-F1 (absent when too few samples)."
    )
    sample_count: Mapped[int] = mapped_column(comment="Labelled samples from this site's history.")
    hint_count: Mapped[int] = mapped_column(default=0, comment="Cold-start samples from type hints.")
    class_count: Mapped[int] = mapped_column()
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    training_seconds: Mapped[float] = mapped_column(sa.Float)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
