"""Agents' working hours: weekly ranges in each agent's own time zone.

An agent without any range has no working-hours limit. Ranges are typed as ``09:00-12:00, 13:00-18:00``
per weekday; ``24:00`` ends a range at midnight, and a night shift is two ranges (``22:00-24:00`` on
one day, ``00:00-06:00`` on the next).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo

from sqlalchemy.orm import Session

from ticketwise.ai.assignment import repository
from ticketwise.ai.assignment.models import WorkingHours
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

WEEKDAYS = range(7)
_RANGE = re.compile(r"^([01]?\d|2[0-4])[:：]([0-5]\d)\s*[-–~至到]\s*([01]?\d|2[0-4])[:：]([0-5]\d)$")
_SEPARATORS = re.compile(r"[,，;；\s]+(?=\d)")

Ranges = list[tuple[int, int]]


def parse_ranges(text: str, *, field: str) -> Ranges:
    """``"09:00-12:00, 13:00-18:00"`` as minute ranges, sorted; blank is no range.

    Raises ValidationFailed(field=field) for a malformed range, an end not after its start, or
    overlapping ranges.
    """
    ranges: Ranges = []
    for part in (p.strip() for p in _SEPARATORS.split(text.strip()) if p.strip()):
        match = _RANGE.match(part)
        if not match:
            raise ValidationFailed(
                N_("Enter time ranges like 09:00-18:00, separated by commas."), field=field
            )
        start_h, start_m, end_h, end_m = (int(group) for group in match.groups())
        start, end = start_h * 60 + start_m, end_h * 60 + end_m
        if start >= end or end > 1440:
            raise ValidationFailed(
                N_("Each range must end after it starts, at 24:00 at the latest."), field=field
            )
        ranges.append((start, end))
    ranges.sort()
    for (_, first_end), (second_start, _) in zip(ranges, ranges[1:], strict=False):
        if second_start < first_end:
            raise ValidationFailed(N_("The time ranges overlap."), field=field)
    return ranges


def format_ranges(ranges: Sequence[tuple[int, int]]) -> str:
    return ", ".join(
        f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}" for start, end in ranges
    )


def week_of(session: Session, user: User) -> dict[int, Ranges]:
    """The agent's ranges per weekday (0 is Monday), every weekday present."""
    week: dict[int, Ranges] = {day: [] for day in WEEKDAYS}
    for row in repository.working_hours(session, [user.id]).get(user.id, []):
        week[row.weekday].append((row.start_minute, row.end_minute))
    return week


def set_week(session: Session, actor: User, user: User, week: Mapping[int, Ranges]) -> None:
    """Replace the agent's working hours with ``week`` (weekday → ranges; missing days have none).
    Raises PermissionDenied for non-admins."""
    require_admin(actor)
    repository.delete_working_hours(session, user.id)
    for day in WEEKDAYS:
        for start, end in week.get(day, []):
            session.add(WorkingHours(user_id=user.id, weekday=day, start_minute=start, end_minute=end))
    session.flush()


def _zone(name: str) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def is_working(rows: Sequence[WorkingHours], timezone: str, moment: datetime) -> bool | None:
    """Whether ``moment`` falls in one of the ranges, read in ``timezone``; None when there are no
    ranges (no limit)."""
    if not rows:
        return None
    local = moment.astimezone(_zone(timezone))
    minute = local.hour * 60 + local.minute
    return any(row.weekday == local.weekday() and row.start_minute <= minute < row.end_minute for row in rows)
