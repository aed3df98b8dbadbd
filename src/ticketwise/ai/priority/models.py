"""ORM model of the priority configuration (one row; absent means the defaults of
:mod:`ticketwise.ai.priority.config`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Mapped, mapped_column

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime


class PrioritySettings(Base):
    __tablename__ = "ai_priority_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    matrix: Mapped[dict[str, Any]] = mapped_column(
        PortableJSON, comment='{"<impact>": {"<urgency>": "P0".."P3"}} over high, medium, low.'
    )
    keyword_rules: Mapped[list[Any]] = mapped_column(
        PortableJSON, comment='[{"keyword": ..., "priority": "P1" | null, "urgency": "high" | null}]'
    )
    vip_raise: Mapped[bool] = mapped_column(default=True)
    use_history: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
