"""SLA reports for staff: ``GET /agent/reports/sla`` (filters, tables, ECharts charts) and
``GET /agent/reports/sla.csv`` (the compliance table or the breach list, UTF-8 with a BOM so Excel
reads Chinese correctly).

Every staff member sees every team (kept simple on purpose, see the brief). Dates are days in the
viewer's time zone: ``from`` and ``to`` are both included. The route only parses the query and calls
``ticketwise.sla.reports``; malformed values fall back to defaults with a message, never a crash.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ticketwise.core.clock import now
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, format_datetime, gettext
from ticketwise.sla.models import Clock
from ticketwise.sla.reports import GROUPINGS, PERIODS, ReportFilter, breaches, compliance, durations, totals
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.types import access as types_access
from ticketwise.users import access as user_access
from ticketwise.users.models import User
from ticketwise.web.deps import DbSession, StaffUser
from ticketwise.web.forms import optional_int
from ticketwise.web.templating import render

router = APIRouter()

DEFAULT_DAYS = 30
BREACH_ROWS = 200
GROUP_LABELS = {
    "priority": N_("Priority"),
    "type": N_("Type"),
    "team": N_("Team"),
    "agent": N_("Agent"),
    "period": N_("Period"),
}
PERIOD_LABELS = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")}
FAMILY_LABELS = {"response": N_("Response"), "resolution": N_("Resolution")}
CLOCK_LABELS = {
    Clock.FIRST_RESPONSE: N_("First response"),
    Clock.NEXT_RESPONSE: N_("Next response"),
    Clock.RESOLUTION: N_("Resolution"),
    Clock.PERIODIC_UPDATE: N_("Periodic update"),
}


@dataclass(frozen=True)
class Query:
    """The page's parameters as understood, and the report filter they make."""

    params: dict[str, str]
    filters: ReportFilter
    group: str
    period: str
    zone: str
    error: str


def _zone_of(user: User) -> str:
    name = getattr(user, "timezone", None) or "Asia/Shanghai"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "Asia/Shanghai"
    return name


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def parse_query(request: Request, user: User) -> Query:
    """The filter for the query string; unknown or malformed values are dropped (the page says so
    for the dates, the only ones a person types)."""
    raw = request.query_params
    zone = _zone_of(user)
    today = now().astimezone(ZoneInfo(zone)).date()
    error = ""
    last = _day(raw.get("to"))
    first = _day(raw.get("from"))
    if (raw.get("to") and last is None) or (raw.get("from") and first is None):
        error = gettext(N_("Enter dates as YYYY-MM-DD."))
    last = last or today
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    priority = raw.get("priority") or ""
    priority = priority if priority in {p.value for p in Priority} else ""
    group = raw.get("group") if raw.get("group") in GROUPINGS else "priority"
    period = raw.get("period") if raw.get("period") in PERIODS else "week"
    type_id, team_id, agent_id = (optional_int(raw.get(name)) for name in ("type", "team", "agent"))

    def build(start_day: date, end_day: date) -> ReportFilter:
        tz = ZoneInfo(zone)
        return ReportFilter(
            start=datetime.combine(start_day, time(0), tzinfo=tz),
            end=datetime.combine(end_day + timedelta(days=1), time(0), tzinfo=tz),
            priority=priority or None,
            type_id=type_id,
            team_id=team_id,
            assignee_id=agent_id,
            timezone=zone,
        )

    try:
        filters = build(first, last)
    except ValidationFailed as failure:
        error = failure.translated()
        last = today
        first = today - timedelta(days=DEFAULT_DAYS - 1)
        filters = build(first, last)
    params = {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "group": group,
        "period": period,
        "priority": priority,
        "type": str(type_id or ""),
        "team": str(team_id or ""),
        "agent": str(agent_id or ""),
    }
    return Query(params=params, filters=filters, group=group, period=period, zone=zone, error=error)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _duration_text(seconds: int) -> str:
    hours, rest = divmod(max(0, seconds), 3600)
    return f"{hours}:{rest // 60:02d}"


@router.get("/agent/reports/sla", response_class=HTMLResponse)
def sla_report_page(request: Request, session: DbSession, user: StaffUser) -> HTMLResponse:
    query = parse_query(request, user)
    moment = now()
    rows = compliance(session, query.filters, query.group, query.period)
    by_priority = rows if query.group == "priority" else compliance(session, query.filters, "priority")
    trend = compliance(session, query.filters, "period", query.period)
    charts = {
        "priority": {
            "labels": [row.label for row in by_priority],
            "response": [row.response.percent for row in by_priority],
            "resolution": [row.resolution.percent for row in by_priority],
        },
        "trend": {
            "labels": [row.label for row in trend],
            "response": [row.response.percent for row in trend],
            "resolution": [row.resolution.percent for row in trend],
        },
        "names": {family: gettext(label) for family, label in FAMILY_LABELS.items()},
        "axis": gettext(N_("Compliance %")),
    }
    return render(
        request,
        "agent/sla_reports.html",
        {
            "query": query,
            "params": query.params,
            "total": totals(session, query.filters),
            "rows": rows,
            "durations": durations(session, query.filters),
            "breaches": breaches(session, query.filters, moment, limit=BREACH_ROWS),
            "breach_limit": BREACH_ROWS,
            "charts": charts,
            "group_labels": GROUP_LABELS,
            "period_labels": PERIOD_LABELS,
            "family_labels": FAMILY_LABELS,
            "clock_labels": CLOCK_LABELS,
            "priorities": [p.value for p in Priority],
            "types": types_access.list_types_for(session, user),
            "teams": user_access.list_teams(session, user),
            "staff": user_access.list_staff(session, user),
            "percent": _percent,
            "duration_text": _duration_text,
            "csv_query": "&".join(f"{k}={v}" for k, v in query.params.items() if v),
        },
    )


@router.get("/agent/reports/sla.csv")
def sla_report_csv(request: Request, session: DbSession, user: StaffUser) -> Response:
    """``table=compliance`` (default; the page's grouping) or ``table=breaches``."""
    query = parse_query(request, user)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if request.query_params.get("table") == "breaches":
        name = "sla-breaches"
        writer.writerow(
            [gettext(text) for text in (
                N_("Ticket"), N_("Title"), N_("Priority"), N_("Clock"), N_("Cycle"), N_("Started"),
                N_("Due"), N_("Breached"), N_("Fulfilled"), N_("Business time late (h:mm)"), N_("Still open"),
                N_("Policy"), N_("Assignee at the time"),
            )]
        )  # fmt: skip
        for row in breaches(session, query.filters, now(), limit=1000):
            writer.writerow(
                [
                    row.ticket_number,
                    row.ticket_title,
                    row.priority,
                    gettext(CLOCK_LABELS[row.clock]),
                    row.cycle,
                    format_datetime(row.started_at, "yyyy-MM-dd HH:mm", query.zone),
                    format_datetime(row.due_at, "yyyy-MM-dd HH:mm", query.zone),
                    format_datetime(row.breached_at, "yyyy-MM-dd HH:mm", query.zone),
                    format_datetime(row.fulfilled_at, "yyyy-MM-dd HH:mm", query.zone),
                    _duration_text(row.late_seconds),
                    gettext(N_("Yes")) if row.open else gettext(N_("No")),
                    row.policy_name,
                    row.assignee_name,
                ]
            )
    else:
        name = f"sla-compliance-{query.group}"
        writer.writerow(
            [gettext(GROUP_LABELS[query.group])]
            + [
                gettext(text) % {"clock": gettext(FAMILY_LABELS[family])}
                for family in ("response", "resolution")
                for text in (N_("%(clock)s met"), N_("%(clock)s breached"), N_("%(clock)s compliance %%"))
            ]
        )
        for row in compliance(session, query.filters, query.group, query.period):
            writer.writerow(
                [row.label]
                + [
                    value
                    for tally in (row.response, row.resolution)
                    for value in (tally.met, tally.breached, _percent(tally.percent))
                ]
            )
    filename = f"{name}-{query.params['from']}-{query.params['to']}.csv"
    return Response(
        content="\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
