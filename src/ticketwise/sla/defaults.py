"""The default business calendar and default policy, created on first use (DESIGN §6).

A default policy must always exist: it is the one that matches when no other does. It is seeded
lazily by :func:`ensure_default_policy` (the first ticket, the first admin look at SLA settings), so a
fresh database and the test database need no extra set-up step.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.sla.models import LevelKind, OffsetKind, SlaCalendar, SlaEscalationLevel, SlaPolicy
from ticketwise.sla.schemas import DEFAULT_PAUSE_RULES

# Minutes per priority (DESIGN §6): P0 15 min / 2 h, P1 1 h / 8 h, P2 4 h / 24 h, P3 8 h / 72 h.
RESPONSE_MINUTES = {"P0": 15, "P1": 60, "P2": 240, "P3": 480}
RESOLUTION_MINUTES = {"P0": 120, "P1": 480, "P2": 1440, "P3": 4320}
DEFAULT_TARGETS = {
    "first_response": dict(RESPONSE_MINUTES),
    "next_response": dict(RESPONSE_MINUTES),
    "resolution": dict(RESOLUTION_MINUTES),
}
DEFAULT_CALENDAR_NAME = "Business hours"
DEFAULT_POLICY_NAME = "Default"
# Monday to Friday, 09:00–18:00 China time, with China's public holidays and make-up working days.
DEFAULT_WEEKLY_HOURS = {str(day): [["09:00", "18:00"]] for day in range(5)}
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_COUNTRY = "CN"


def default_calendar() -> SlaCalendar:
    return SlaCalendar(
        name=DEFAULT_CALENDAR_NAME,
        timezone=DEFAULT_TIMEZONE,
        always_open=False,
        weekly_hours={day: [list(r) for r in ranges] for day, ranges in DEFAULT_WEEKLY_HOURS.items()},
        holiday_country=DEFAULT_COUNTRY,
        holiday_subdiv=None,
        extra_holidays=[],
        extra_workdays=[],
        removed_holidays=[],
        is_default=True,
    )


def default_policy(calendar: SlaCalendar) -> SlaPolicy:
    """The default policy: warn the assignee at 80 % of any clock, alert assignee and team lead at the
    breach."""
    return SlaPolicy(
        name=DEFAULT_POLICY_NAME,
        description="",
        position=0,
        is_active=True,
        is_default=True,
        calendar=calendar,
        conditions={},
        targets={clock: dict(targets) for clock, targets in DEFAULT_TARGETS.items()},
        pause_rules={status: list(clocks) for status, clocks in DEFAULT_PAUSE_RULES.items()},
        levels=[
            SlaEscalationLevel(
                position=0,
                name="80 %",
                clock="any",
                kind=LevelKind.WARNING,
                offset_kind=OffsetKind.PERCENT,
                offset_value=80,
                actions=[{"type": "notify", "to": ["assignee"], "user_ids": []}],
                wait_for_business_hours=False,
            ),
            SlaEscalationLevel(
                position=1,
                name="Breach",
                clock="any",
                kind=LevelKind.BREACH,
                offset_kind=OffsetKind.MINUTES,
                offset_value=0,
                actions=[{"type": "notify", "to": ["assignee", "team_lead"], "user_ids": []}],
                wait_for_business_hours=False,
            ),
        ],
    )


def find_default_policy(session: Session) -> SlaPolicy | None:
    return session.scalars(sa.select(SlaPolicy).where(SlaPolicy.is_default.is_(True)).limit(1)).first()


def ensure_default_policy(session: Session) -> SlaPolicy:
    """The default policy, creating it (and the default calendar if none exists) when missing.

    Flushes only; the caller's unit of work commits.
    """
    policy = find_default_policy(session)
    if policy is not None:
        return policy
    calendar = session.scalars(
        sa.select(SlaCalendar).where(SlaCalendar.is_default.is_(True)).limit(1)
    ).first()
    if calendar is None:
        calendar = session.scalars(
            sa.select(SlaCalendar).where(SlaCalendar.name == DEFAULT_CALENDAR_NAME)
        ).first()
    if calendar is None:
        calendar = default_calendar()
        session.add(calendar)
    policy = default_policy(calendar)
    if (
        session.scalars(sa.select(SlaPolicy.id).where(SlaPolicy.name == DEFAULT_POLICY_NAME)).first()
        is not None
    ):
        policy.name = f"{DEFAULT_POLICY_NAME} ({calendar.name})"
    session.add(policy)
    session.flush()
    return policy
