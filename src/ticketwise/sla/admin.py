"""Managing SLA calendars and policies (administrators; DESIGN §6).

Every write is validated with field names the forms and the API show next to the input: a known
time zone, well-formed working ranges, a country (and subdivision) the ``holidays`` package knows, an
existing calendar, positive targets. Exactly one calendar and one policy are the default; the default
policy cannot be deactivated, deleted or given conditions (it must match every ticket), and a
calendar in use cannot be deleted. Services flush only; the caller's unit of work commits.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.sla.calendar import parse_weekly
from ticketwise.sla.defaults import ensure_default_policy
from ticketwise.sla.holiday_sets import subdivisions
from ticketwise.sla.models import SlaCalendar, SlaEscalationLevel, SlaPolicy
from ticketwise.sla.schemas import CalendarIn, CalendarPatch, Conditions, LevelIn, PolicyIn, PolicyPatch
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

# --- calendars ---------------------------------------------------------------------------------------


def list_calendars(session: Session) -> list[SlaCalendar]:
    return list(session.scalars(sa.select(SlaCalendar).order_by(SlaCalendar.name, SlaCalendar.id)))


def get_calendar(session: Session, calendar_id: int) -> SlaCalendar:
    calendar = session.get(SlaCalendar, calendar_id)
    if calendar is None:
        raise NotFound(N_("This calendar does not exist."))
    return calendar


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(
            N_("Unknown time zone; use a name such as Asia/Shanghai."), field="timezone"
        ) from None


def _check_weekly(weekly: dict[str, list[list[str]]], always_open: bool) -> None:
    try:
        parsed = parse_weekly(weekly)
    except ValueError:
        raise ValidationFailed(
            N_("Working hours must be ranges of HH:MM times."), field="weekly_hours"
        ) from None
    if not always_open and not any(parsed.values()):
        raise ValidationFailed(
            N_("Give working hours for at least one day, or make the calendar 24×7."), field="weekly_hours"
        )


def _check_country(country: str | None, subdiv: str | None) -> tuple[str | None, str | None]:
    if not country:
        if subdiv:
            raise ValidationFailed(N_("Choose a country before a region."), field="holiday_subdiv")
        return None, None
    code = country.strip().upper()
    try:
        known = subdivisions(code)
    except ValueError:
        raise ValidationFailed(
            N_("Public holidays are not available for this country."), field="holiday_country"
        ) from None
    if subdiv and subdiv not in known:
        raise ValidationFailed(N_("Unknown region for this country."), field="holiday_subdiv")
    return code, subdiv or None


def _name_taken(
    session: Session, model: type[SlaCalendar] | type[SlaPolicy], name: str, own_id: int | None
) -> bool:
    query = sa.select(model.id).where(model.name == name)
    if own_id is not None:
        query = query.where(model.id != own_id)
    with session.no_autoflush:  # the row being created must not find itself
        return session.scalar(query) is not None


def _apply_calendar(session: Session, calendar: SlaCalendar, values: dict[str, Any]) -> SlaCalendar:
    merged = {
        "name": calendar.name,
        "timezone": calendar.timezone,
        "always_open": calendar.always_open,
        "weekly_hours": calendar.weekly_hours or {},
        "holiday_country": calendar.holiday_country,
        "holiday_subdiv": calendar.holiday_subdiv,
        **values,
    }
    name = merged["name"].strip()
    if not name:
        raise ValidationFailed(N_("This field cannot be empty."), field="name")
    if _name_taken(session, SlaCalendar, name, calendar.id):
        raise ValidationFailed(N_("Another calendar already has this name."), field="name")
    _check_timezone(merged["timezone"])
    _check_weekly(merged["weekly_hours"], bool(merged["always_open"]))
    country, subdiv = _check_country(merged["holiday_country"], merged["holiday_subdiv"])
    calendar.name = name
    calendar.timezone = merged["timezone"]
    calendar.always_open = bool(merged["always_open"])
    calendar.weekly_hours = {
        day: [list(r) for r in ranges] for day, ranges in sorted(merged["weekly_hours"].items())
    }
    calendar.holiday_country, calendar.holiday_subdiv = country, subdiv
    for key in ("extra_holidays", "extra_workdays", "removed_holidays"):
        if key in values:
            setattr(calendar, key, sorted({day.isoformat() for day in values[key]}))
    if values.get("is_default"):
        session.execute(sa.update(SlaCalendar).where(SlaCalendar.id != calendar.id).values(is_default=False))
        calendar.is_default = True
    calendar.updated_at = now()
    session.add(calendar)  # only now: a half-validated new row must never be flushed
    session.flush()
    return calendar


def create_calendar(session: Session, actor: User, data: CalendarIn) -> SlaCalendar:
    """Raises PermissionDenied for non-admins, ValidationFailed naming the field."""
    require_admin(actor)
    calendar = SlaCalendar(extra_holidays=[], extra_workdays=[], removed_holidays=[], is_default=False)
    values = data.model_dump()
    calendar.name = values["name"]
    return _apply_calendar(session, calendar, values)


def update_calendar(session: Session, actor: User, calendar_id: int, data: CalendarPatch) -> SlaCalendar:
    """Only fields present change. ``is_default: false`` is refused for the default (make another one
    the default instead). Raises NotFound, PermissionDenied, ValidationFailed."""
    require_admin(actor)
    calendar = get_calendar(session, calendar_id)
    values = data.model_dump(exclude_unset=True)
    if values.get("is_default") is False and calendar.is_default:
        raise ValidationFailed(N_("Make another calendar the default instead."), field="is_default")
    for key in ("name", "timezone", "always_open", "weekly_hours"):
        if key in values and values[key] is None:
            raise ValidationFailed(N_("This field cannot be empty."), field=key)
    return _apply_calendar(session, calendar, values)


def delete_calendar(session: Session, actor: User, calendar_id: int) -> None:
    """Raises Conflict for the default calendar or one a policy uses."""
    require_admin(actor)
    calendar = get_calendar(session, calendar_id)
    if calendar.is_default:
        raise Conflict(N_("The default calendar cannot be deleted."))
    if (
        session.scalar(sa.select(SlaPolicy.id).where(SlaPolicy.calendar_id == calendar.id).limit(1))
        is not None
    ):
        raise Conflict(N_("A policy uses this calendar; choose another calendar for it first."))
    session.delete(calendar)
    session.flush()


# --- policies ----------------------------------------------------------------------------------------


def list_policies(session: Session) -> list[SlaPolicy]:
    """All policies in matching order (the default last)."""
    return list(
        session.scalars(sa.select(SlaPolicy).order_by(SlaPolicy.is_default, SlaPolicy.position, SlaPolicy.id))
    )


def get_policy(session: Session, policy_id: int) -> SlaPolicy:
    policy = session.get(SlaPolicy, policy_id)
    if policy is None:
        raise NotFound(N_("This SLA policy does not exist."))
    return policy


def _levels(data: list[LevelIn]) -> list[SlaEscalationLevel]:
    levels = []
    for position, level in enumerate(data):
        if level.offset_kind.value == "percent" and not 1 <= level.offset_value <= 1000:
            raise ValidationFailed(
                N_("A percentage must be between 1 and 1000."), field=f"levels.{position}.offset_value"
            )
        levels.append(
            SlaEscalationLevel(
                position=position,
                name=level.name.strip(),
                clock=level.clock,
                kind=level.kind,
                offset_kind=level.offset_kind,
                offset_value=level.offset_value,
                actions=[action.model_dump() for action in level.actions],
                wait_for_business_hours=level.wait_for_business_hours,
            )
        )
    return levels


def _targets(targets: dict[Any, dict[Any, int]]) -> dict[str, dict[str, int]]:
    cleaned = {
        str(clock.value): {str(p.value): int(m) for p, m in per.items()} for clock, per in targets.items()
    }
    if not any(cleaned.values()):
        raise ValidationFailed(N_("Give at least one target."), field="targets")
    return cleaned


def _apply_policy(
    session: Session, policy: SlaPolicy, values: dict[str, Any], data: PolicyIn | PolicyPatch
) -> SlaPolicy:
    if "name" in values:
        name = (values["name"] or "").strip()
        if not name:
            raise ValidationFailed(N_("This field cannot be empty."), field="name")
        if _name_taken(session, SlaPolicy, name, policy.id):
            raise ValidationFailed(N_("Another policy already has this name."), field="name")
        policy.name = name
    if "description" in values:
        policy.description = values["description"] or ""
    if values.get("position") is not None:
        policy.position = values["position"]
    if values.get("is_active") is not None:
        if policy.is_default and not values["is_active"]:
            raise ValidationFailed(N_("The default policy is always active."), field="is_active")
        policy.is_active = values["is_active"]
    if values.get("calendar_id") is not None:
        if session.get(SlaCalendar, values["calendar_id"]) is None:
            raise ValidationFailed(N_("This calendar does not exist."), field="calendar_id")
        policy.calendar_id = values["calendar_id"]
    if data.conditions is not None and "conditions" in values:
        conditions = Conditions.model_validate(data.conditions).model_dump(mode="json")
        conditions = {key: value for key, value in conditions.items() if value}
        if policy.is_default and conditions:
            raise ValidationFailed(
                N_("The default policy matches every ticket; it has no conditions."), field="conditions"
            )
        policy.conditions = conditions
    if data.targets is not None and "targets" in values:
        policy.targets = _targets(data.targets)
    if data.pause_rules is not None and "pause_rules" in values:
        policy.pause_rules = {
            str(status.value): sorted({str(clock.value) for clock in clocks})
            for status, clocks in data.pause_rules.items()
            if clocks
        }
    if data.levels is not None and "levels" in values:
        policy.levels = _levels(data.levels)
    policy.updated_at = now()
    session.add(policy)  # only now: a half-validated new row must never be flushed
    session.flush()
    session.refresh(policy)
    return policy


def create_policy(session: Session, actor: User, data: PolicyIn) -> SlaPolicy:
    """A new (non-default) policy. Raises PermissionDenied, ValidationFailed naming the field."""
    require_admin(actor)
    ensure_default_policy(session)
    policy = SlaPolicy(is_default=False, conditions={}, targets={}, pause_rules={}, description="")
    return _apply_policy(session, policy, data.model_dump(), data)


def update_policy(session: Session, actor: User, policy_id: int, data: PolicyPatch) -> SlaPolicy:
    """Only fields present change; ``levels`` replaces the levels (their fired state on running clocks
    refers to level ids, so replaced levels may fire again in the current cycle). Open tickets pick up
    the change at their next SLA-relevant event. Raises NotFound, PermissionDenied, ValidationFailed."""
    require_admin(actor)
    policy = get_policy(session, policy_id)
    values = data.model_dump(exclude_unset=True)
    for key in ("name", "calendar_id", "targets", "is_active", "position"):
        if key in values and values[key] is None:
            raise ValidationFailed(N_("This field cannot be empty."), field=key)
    return _apply_policy(session, policy, values, data)


def delete_policy(session: Session, actor: User, policy_id: int) -> None:
    """Tickets under the policy keep their timers and move to the matching policy at their next
    change. Raises Conflict for the default policy or one a ticket type names as its override."""
    require_admin(actor)
    policy = get_policy(session, policy_id)
    if policy.is_default:
        raise Conflict(N_("The default policy cannot be deleted."))
    if (
        session.scalar(sa.select(TicketType.id).where(TicketType.sla_policy_id == policy.id).limit(1))
        is not None
    ):
        raise Conflict(N_("A ticket type uses this policy as its override; change the type first."))
    session.delete(policy)
    session.flush()
