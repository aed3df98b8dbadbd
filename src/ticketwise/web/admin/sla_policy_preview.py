"""The policy editor's live preview: when would a sample ticket created now be due?

The preview follows the form as typed, before it is saved: the sample ticket (a type and a priority
chosen beside the preview, arriving on the portal) is matched against the stored active policies in
their order, with the policy being edited replaced by its edited values (a new one goes after the
others, before the default). When the edited policy is the one that applies, its edited targets and
calendar give the deadlines; when another policy applies, the sla service's ``preview_due`` gives
them, as it would for a real ticket. At creation nothing is paused yet, so a deadline is the target
added to the creation time in the calendar's business time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.i18n import N_, format_datetime, gettext
from ticketwise.sla import admin as sla_admin
from ticketwise.sla.calendar import add_business_time
from ticketwise.sla.calendars import business_calendar, years_around
from ticketwise.sla.clocks import preview_due
from ticketwise.sla.models import Clock, SlaPolicy
from ticketwise.sla.policies import TicketFacts, conditions_match
from ticketwise.tickets.enums import Channel, Priority
from ticketwise.tickets.types import access as types_access
from ticketwise.users.models import User
from ticketwise.web.admin.sla_policy_form import PolicyValues

SAMPLE_CHANNEL = Channel.PORTAL


def _applied(
    session: Session, admin: User, values: PolicyValues, policy_id: int | None, facts: TicketFacts
) -> tuple[SlaPolicy | None, bool]:
    """The stored policy that applies (None when the edited one does) and whether the edited one does."""
    stored = sla_admin.list_policies(session)
    edited_is_default = any(p.id == policy_id and p.is_default for p in stored)
    for policy in stored:
        if policy.is_default:
            continue
        if policy.id == policy_id:
            if values.is_active and conditions_match(values.conditions, facts):
                return None, True
        elif policy.is_active and conditions_match(policy.conditions, facts):
            return policy, False
    if policy_id is None and values.is_active and conditions_match(values.conditions, facts):
        return None, True
    if edited_is_default:
        return None, True
    return next((p for p in stored if p.is_default), None), False


def _edited_due(
    session: Session, admin: User, values: PolicyValues, priority: str, at: datetime
) -> dict[str, datetime]:
    calendar_row = sla_admin.get_calendar(session, values.calendar_id or 0)
    calendar = business_calendar(calendar_row, years_around(at.year))
    due: dict[str, datetime] = {}
    for clock in (Clock.FIRST_RESPONSE, Clock.RESOLUTION, Clock.PERIODIC_UPDATE):
        minutes = (values.targets.get(clock.value) or {}).get(priority)
        if minutes:
            due[clock.value] = add_business_time(at, timedelta(minutes=minutes), calendar)
    return due


def policy_preview(
    session: Session,
    admin: User,
    *,
    values: PolicyValues | None,
    policy_id: int | None,
    type_id: int | None,
    priority: str,
) -> dict[str, Any]:
    """The template context of ``admin/sla/policy_preview.html``; ``values`` None means the form has
    errors to correct first."""
    if values is None:
        return {"problem": gettext(N_("Correct the highlighted fields to see the preview."))}
    types = {t.id: t for t in types_access.list_types_for(session, admin)}
    ticket_type = types.get(type_id or 0)
    if ticket_type is None or priority not in {p.value for p in Priority}:
        return {"problem": gettext(N_("Choose a ticket type and a priority for the preview."))}
    at = now()
    facts = TicketFacts(
        type_id=ticket_type.id,
        category_id=None,
        organization_id=None,
        channel=SAMPLE_CHANNEL.value,
        priority=priority,
    )
    other, applies = _applied(session, admin, values, policy_id, facts)
    if applies:
        due = _edited_due(session, admin, values, priority, at)
        timezone = sla_admin.get_calendar(session, values.calendar_id or 0).timezone
    else:
        raw = preview_due(
            session, type_id=ticket_type.id, priority=Priority(priority), channel=SAMPLE_CHANNEL, at=at
        )
        due = {str(getattr(clock, "value", clock)): when for clock, when in raw.items()}
        timezone = other.calendar.timezone if other is not None else None
    shown = {clock: format_datetime(when, "medium", tz=timezone) for clock, when in due.items()}
    params = {"priority": priority, "type": ticket_type.name}
    if Clock.FIRST_RESPONSE.value in shown and Clock.RESOLUTION.value in shown:
        sentence = gettext(
            N_(
                "A %(priority)s %(type)s ticket created now is due for first response at %(first)s "
                "and for resolution at %(resolution)s."
            )
        ) % {
            **params,
            "first": shown[Clock.FIRST_RESPONSE.value],
            "resolution": shown[Clock.RESOLUTION.value],
        }
    else:
        sentence = gettext(N_("A %(priority)s %(type)s ticket created now is due:")) % params
    return {
        "problem": None,
        "sentence": sentence,
        "applies": applies,
        "applied_name": other.name if other is not None else "",
        "due": [(gettext(Clock(clock).label), text) for clock, text in shown.items()],
    }
