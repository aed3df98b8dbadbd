"""ORM models of the sla domain (DESIGN §6).

Calendars and policies are configuration; timers and events are derived from a ticket's history by
``sla.replay`` and may be rebuilt at any time (timer ids and ``fired_levels`` survive a rebuild).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ticketwise.core.clock import now
from ticketwise.core.db import Base, PortableJSON, UTCDateTime, str_enum
from ticketwise.core.i18n import N_


class Clock(enum.StrEnum):
    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"
    PERIODIC_UPDATE = "periodic_update"

    @property
    def label(self) -> str:
        return CLOCK_LABELS[self]


CLOCK_LABELS = {
    Clock.FIRST_RESPONSE: N_("First response"),
    Clock.NEXT_RESPONSE: N_("Next response"),
    Clock.RESOLUTION: N_("Resolution"),
    Clock.PERIODIC_UPDATE: N_("Periodic update"),
}


class TimerStatus(enum.StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    FULFILLED = "fulfilled"
    BREACHED = "breached"
    # The clock no longer applies (ticket closed/cancelled/merged before fulfilment, or the policy
    # dropped the clock); kept so reports and fired levels are not lost.
    CANCELLED = "cancelled"


LIVE_TIMER_STATUSES = (TimerStatus.RUNNING, TimerStatus.PAUSED, TimerStatus.BREACHED)


class LevelKind(enum.StrEnum):
    WARNING = "warning"
    BREACH = "breach"


class OffsetKind(enum.StrEnum):
    MINUTES = "minutes"  # business minutes relative to due (negative = before)
    PERCENT = "percent"  # percent of the target elapsed (80 = 80 %)


class SlaEventKind(enum.StrEnum):
    STARTED = "started"
    PAUSED = "paused"
    RESUMED = "resumed"
    WARNED = "warned"
    BREACHED = "breached"
    FULFILLED = "fulfilled"
    POLICY_APPLIED = "policy_applied"
    ESCALATED = "escalated"


class SlaCalendar(Base):
    """Working hours in a time zone, with holidays and make-up working days.

    ``weekly_hours`` maps ISO-less Python weekdays ("0" = Monday) to ``[["09:00", "18:00"], ...]``; an
    end of "24:00" or an end before its start runs past midnight. ``always_open`` makes it 24×7.
    """

    __tablename__ = "sla_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    always_open: Mapped[bool] = mapped_column(default=False)
    weekly_hours: Mapped[dict[str, list[list[str]]]] = mapped_column(PortableJSON, default=dict)
    holiday_country: Mapped[str | None] = mapped_column(sa.String(8))
    holiday_subdiv: Mapped[str | None] = mapped_column(sa.String(16))
    extra_holidays: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    extra_workdays: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    # Country holidays the organisation works anyway (ISO dates).
    removed_holidays: Mapped[list[str]] = mapped_column(PortableJSON, default=list)
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class SlaPolicy(Base):
    """Targets per clock and priority, a calendar, pause rules and escalation levels.

    ``conditions``: ``{"type_ids": [...], "category_ids": [...], "organization_ids": [...],
    "channels": [...], "priorities": [...]}``; a missing or empty list matches anything.
    ``targets``: ``{clock: {priority: minutes}}``; a clock absent from it does not run.
    ``pause_rules``: ``{status: [clock, ...]}``.
    """

    __tablename__ = "sla_policies"
    __table_args__ = (sa.Index("ix_sla_policies_active_position", "is_active", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    is_default: Mapped[bool] = mapped_column(default=False)
    calendar_id: Mapped[int] = mapped_column(sa.ForeignKey("sla_calendars.id"), index=True)
    conditions: Mapped[dict[str, list[Any]]] = mapped_column(PortableJSON, default=dict)
    targets: Mapped[dict[str, dict[str, int]]] = mapped_column(PortableJSON, default=dict)
    pause_rules: Mapped[dict[str, list[str]]] = mapped_column(PortableJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    calendar: Mapped[SlaCalendar] = relationship(lazy="joined")
    levels: Mapped[list[SlaEscalationLevel]] = relationship(
        back_populates="policy",
        order_by="SlaEscalationLevel.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class SlaEscalationLevel(Base):
    """One warning or escalation step of a policy; fires once per timer cycle.

    The moment is ``due + offset_minutes`` (business minutes) for ``offset_kind == minutes`` or the
    point where ``offset_value`` percent of the target has elapsed for ``percent``. ``actions`` is a list
    of ``{"type": "notify"|"set_priority"|"raise_priority"|"reassign"|"add_tag"|"webhook", ...}``.
    """

    __tablename__ = "sla_escalation_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(sa.ForeignKey("sla_policies.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    clock: Mapped[str] = mapped_column(sa.String(20), default="any", comment='"any" or a clock name')
    kind: Mapped[LevelKind] = mapped_column(str_enum(LevelKind, 10), default=LevelKind.WARNING)
    offset_kind: Mapped[OffsetKind] = mapped_column(str_enum(OffsetKind, 10), default=OffsetKind.MINUTES)
    offset_value: Mapped[int] = mapped_column(default=0)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(PortableJSON, default=list)
    wait_for_business_hours: Mapped[bool] = mapped_column(default=False)

    policy: Mapped[SlaPolicy] = relationship(back_populates="levels")

    def applies_to(self, clock: str) -> bool:
        return self.clock in ("any", clock)


class SlaTimer(Base):
    """One clock cycle of one ticket.

    ``paused`` holds ``[[start_iso, end_iso|null], ...]`` (UTC). ``next_check_at`` is when the monitor
    must look at the timer again (next level moment or due); null when nothing is left to do.
    ``fired_levels`` lists the escalation level ids already fired in this cycle.
    """

    __tablename__ = "sla_timers"
    __table_args__ = (
        sa.UniqueConstraint("ticket_id", "clock", "cycle"),
        # The monitor's range query: due work first, never a scan of all open tickets.
        sa.Index("ix_sla_timers_next_check_at", "next_check_at"),
        sa.Index("ix_sla_timers_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    clock: Mapped[Clock] = mapped_column(str_enum(Clock))
    cycle: Mapped[int] = mapped_column(default=1)
    policy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sla_policies.id", ondelete="SET NULL"))
    status: Mapped[TimerStatus] = mapped_column(str_enum(TimerStatus, 10), default=TimerStatus.RUNNING)
    target_minutes: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused: Mapped[list[list[str | None]]] = mapped_column(PortableJSON, default=list)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, comment="Cancelled at.")
    elapsed_business_seconds: Mapped[int | None] = mapped_column(
        sa.BigInteger, comment="At fulfilment or stop; null while live."
    )
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fired_levels: Mapped[list[int]] = mapped_column(PortableJSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    policy: Mapped[SlaPolicy | None] = relationship()


class SlaEvent(Base):
    """The per-clock event log that reports read (started, paused, ..., policy applied)."""

    __tablename__ = "sla_events"
    __table_args__ = (
        sa.Index("ix_sla_events_ticket_at", "ticket_id", "at"),
        sa.Index("ix_sla_events_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    timer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sla_timers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[SlaEventKind] = mapped_column(str_enum(SlaEventKind))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
