"""/api/v1: SLA clocks of a ticket, and SLA calendars and policies (writes: administrators).

``GET /tickets/{ticket}/sla`` computes every clock at request time from the ticket's history, so the
answer is exact even between monitor ticks. Calendars and policies are read by staff and written by
administrators; a policy embeds its conditions, targets, pause rules and escalation levels.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from ticketwise.api.deps import AdminUser, ApiSession, ApiUser, ObjectId, StaffUser
from ticketwise.api.errors import problem_responses
from ticketwise.api.ticket_refs import TicketRef, ticket_for
from ticketwise.core.clock import now
from ticketwise.sla import admin
from ticketwise.sla.clocks import ClockView, clock_views
from ticketwise.sla.schemas import (
    CalendarIn,
    CalendarOut,
    CalendarPatch,
    ClockOut,
    PolicyIn,
    PolicyOut,
    PolicyPatch,
    PolicyRef,
)

router = APIRouter(tags=["sla"])


def _clock_out(view: ClockView) -> ClockOut:
    return ClockOut(
        name=view.clock,
        cycle=view.cycle,
        status=view.status.value,  # type: ignore[arg-type] - cancelled clocks are not listed
        started_at=view.started_at,
        due_at=view.due_at,
        fulfilled_at=view.fulfilled_at,
        breached_at=view.breached_at,
        elapsed_business_seconds=view.elapsed_seconds,
        remaining_business_seconds=view.remaining_seconds,
        target_seconds=view.target_seconds,
        in_business_hours=view.in_business_hours,
        policy=PolicyRef(id=view.policy_id, name=view.policy_name),
    )


@router.get(
    "/tickets/{ticket}/sla",
    response_model=list[ClockOut],
    summary="SLA clocks of a ticket",
    responses=problem_responses(404),
)
def read_ticket_sla(ticket_ref: TicketRef, session: ApiSession, user: ApiUser) -> list[ClockOut]:
    """Each clock cycle (first response, next response cycles, resolution, periodic update) with its
    status at request time. ``remaining_business_seconds`` stops at 0; a breached clock's overage is
    ``elapsed_business_seconds - target_seconds``."""
    ticket = ticket_for(session, user, ticket_ref)
    return [_clock_out(view) for view in clock_views(session, ticket, now())]


# --- calendars ---------------------------------------------------------------------------------------


@router.get("/sla/calendars", response_model=list[CalendarOut], summary="List SLA calendars")
def list_calendars(session: ApiSession, user: StaffUser) -> list[CalendarOut]:
    return [CalendarOut.model_validate(row) for row in admin.list_calendars(session)]


@router.post(
    "/sla/calendars",
    status_code=201,
    response_model=CalendarOut,
    summary="Create an SLA calendar (admin)",
    responses=problem_responses(403, 422),
)
def create_calendar(data: CalendarIn, session: ApiSession, user: AdminUser) -> CalendarOut:
    return CalendarOut.model_validate(admin.create_calendar(session, user, data))


@router.get(
    "/sla/calendars/{calendar_id}",
    response_model=CalendarOut,
    summary="Read an SLA calendar",
    responses=problem_responses(404),
)
def read_calendar(calendar_id: ObjectId, session: ApiSession, user: StaffUser) -> CalendarOut:
    return CalendarOut.model_validate(admin.get_calendar(session, calendar_id))


@router.patch(
    "/sla/calendars/{calendar_id}",
    response_model=CalendarOut,
    summary="Change an SLA calendar (admin)",
    responses=problem_responses(403, 404, 422),
)
def update_calendar(
    calendar_id: ObjectId, data: CalendarPatch, session: ApiSession, user: AdminUser
) -> CalendarOut:
    return CalendarOut.model_validate(admin.update_calendar(session, user, calendar_id, data))


@router.delete(
    "/sla/calendars/{calendar_id}",
    status_code=204,
    summary="Delete an SLA calendar (admin)",
    responses=problem_responses(403, 404, 409),
)
def delete_calendar(calendar_id: ObjectId, session: ApiSession, user: AdminUser) -> Response:
    admin.delete_calendar(session, user, calendar_id)
    return Response(status_code=204)


# --- policies ----------------------------------------------------------------------------------------


@router.get("/sla/policies", response_model=list[PolicyOut], summary="List SLA policies")
def list_policies(session: ApiSession, user: StaffUser) -> list[PolicyOut]:
    """In matching order; the default policy (which matches everything else) comes last."""
    return [PolicyOut.model_validate(row) for row in admin.list_policies(session)]


@router.post(
    "/sla/policies",
    status_code=201,
    response_model=PolicyOut,
    summary="Create an SLA policy (admin)",
    responses=problem_responses(403, 422),
)
def create_policy(data: PolicyIn, session: ApiSession, user: AdminUser) -> PolicyOut:
    return PolicyOut.model_validate(admin.create_policy(session, user, data))


@router.get(
    "/sla/policies/{policy_id}",
    response_model=PolicyOut,
    summary="Read an SLA policy",
    responses=problem_responses(404),
)
def read_policy(policy_id: ObjectId, session: ApiSession, user: StaffUser) -> PolicyOut:
    return PolicyOut.model_validate(admin.get_policy(session, policy_id))


@router.patch(
    "/sla/policies/{policy_id}",
    response_model=PolicyOut,
    summary="Change an SLA policy (admin)",
    responses=problem_responses(403, 404, 422),
)
def update_policy(policy_id: ObjectId, data: PolicyPatch, session: ApiSession, user: AdminUser) -> PolicyOut:
    return PolicyOut.model_validate(admin.update_policy(session, user, policy_id, data))


@router.delete(
    "/sla/policies/{policy_id}",
    status_code=204,
    summary="Delete an SLA policy (admin)",
    responses=problem_responses(403, 404, 409),
)
def delete_policy(policy_id: ObjectId, session: ApiSession, user: AdminUser) -> Response:
    admin.delete_policy(session, user, policy_id)
    return Response(status_code=204)
