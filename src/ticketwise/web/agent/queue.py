"""The agent queues: ``/agent/queue?view=mine|unassigned|my_teams|all|at_risk|breached|triage`` with
filters, sorting, paging, and each row's SLA countdown (the most urgent running clock of the ticket).

The filter form is a plain GET form (works without JavaScript); with htmx it swaps only the
``results`` block and pushes the URL, so a reload or a shared link shows the same page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.pagination import PageRequest
from ticketwise.sla.queue_marks import queue_marks
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.enums import Priority, Status
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import Sort, TicketFilter
from ticketwise.tickets.types import access as types_access
from ticketwise.users import access as user_access
from ticketwise.web.agent.sla_countdown import Countdown, duration_labels, for_queue_row
from ticketwise.web.deps import DbSession, StaffUser
from ticketwise.web.forms import is_htmx_fragment, optional_int
from ticketwise.web.templating import render

router = APIRouter()

VIEWS: tuple[str, ...] = ticket_access.STAFF_VIEWS
# The SLA views list the most urgent deadline first unless the agent picks another order.
SLA_VIEWS = ("at_risk", "breached")
SORTS: tuple[str, ...] = get_args(Sort)
PAGE_SIZES = (25, 50, 100)
# Status filter values beyond the statuses themselves: the default (open ones) and no filter at all.
STATUS_OPEN = "open"
STATUS_ANY = "any"


def _one_of(value: str | None, allowed: tuple[str, ...] | list[str], default: str = "") -> str:
    return value if value in allowed else default


def default_sort(view: str) -> str:
    return "sla_due" if view in SLA_VIEWS else "updated_desc"


def queue_filters(params: dict[str, str]) -> tuple[TicketFilter, dict[str, str]]:
    """The TicketFilter for the query parameters, and the parameters as understood (unknown or
    malformed values are dropped rather than failing the page, so old bookmarks keep working)."""
    view = _one_of(params.get("view"), VIEWS, "mine")
    status = _one_of(params.get("status"), [STATUS_OPEN, STATUS_ANY, *(s.value for s in Status)], STATUS_OPEN)
    priority = _one_of(params.get("priority"), [p.value for p in Priority])
    sort = _one_of(params.get("sort"), SORTS, default_sort(view))
    team_id = optional_int(params.get("team"))
    assignee_id = optional_int(params.get("assignee"))
    type_slug = (params.get("type") or "").strip()[:40]
    q = (params.get("q") or "").strip()[:200]
    statuses: list[Status] | None
    if status == STATUS_OPEN:
        statuses = None
    elif status == STATUS_ANY:
        statuses = []
    else:
        statuses = [Status(status)]
    filters = TicketFilter(
        view=view,
        status=statuses,
        priority=[Priority(priority)] if priority else [],
        type=[type_slug] if type_slug else [],
        team_id=team_id,
        assignee_id=assignee_id,
        q=q or None,
        sort=sort,
    )
    understood = {
        "view": view,
        "status": status,
        "priority": priority,
        "type": type_slug,
        "team": str(team_id) if team_id is not None else "",
        "assignee": str(assignee_id) if assignee_id is not None else "",
        "q": q,
        "sort": sort,
    }
    return filters, understood


def _url(params: dict[str, str], **changes: Any) -> str:
    merged = {**params, **{key: str(value) for key, value in changes.items()}}
    defaults = {
        "status": STATUS_OPEN,
        "sort": default_sort(merged.get("view", "")),
        "page": "1",
        "size": str(PAGE_SIZES[0]),
    }
    query = {key: value for key, value in merged.items() if value and defaults.get(key) != value}
    return "/agent/queue" + ("?" + urlencode(query) if query else "")


def _countdowns(session: Session, tickets: Sequence[Ticket], moment: datetime) -> dict[int, Countdown]:
    marks = queue_marks(session, tickets, moment)
    countdowns = {}
    for t in tickets:
        mark = marks.get(t.id)
        countdowns[t.id] = for_queue_row(
            t.sla_due_at,
            t.sla_breached,
            moment,
            paused=bool(mark and mark.paused),
            after_hours=bool(mark and mark.after_hours),
        )
    return countdowns


@router.get("/agent/queue", response_class=HTMLResponse)
def queue_page(request: Request, session: DbSession, user: StaffUser) -> HTMLResponse:
    params = dict(request.query_params)
    filters, understood = queue_filters(params)
    size = optional_int(params.get("size"))
    size = size if size in PAGE_SIZES else PAGE_SIZES[0]
    page_number = max(1, optional_int(params.get("page")) or 1)
    page = ticket_access.list_tickets(session, user, filters, PageRequest(page=page_number, size=size))
    state = {**understood, "size": str(size)}
    moment = now()
    context = {
        "page": page,
        "tickets": page.items,
        "countdowns": _countdowns(session, page.items, moment),
        "sla_labels": duration_labels(),
        "params": state,
        "view": understood["view"],
        "views": VIEWS,
        "sorts": SORTS,
        "page_sizes": PAGE_SIZES,
        "statuses": list(Status),
        "priorities": list(Priority),
        "url": lambda **changes: _url(state, **changes),
        "filtered": any(understood[key] for key in ("priority", "type", "team", "assignee", "q"))
        or understood["status"] != STATUS_OPEN,
    }
    if is_htmx_fragment(request):
        return render(request, "agent/queue.html", context, block="results")
    context.update(
        counts=ticket_access.queue_counts(session, user),
        types=types_access.list_types_for(session, user),
        teams=user_access.list_teams(session, user),
        staff=user_access.list_staff(session, user),
    )
    return render(request, "agent/queue.html", context)
