"""The ticket page's AI panel: ``GET /agent/tickets/{id}/panels/ai`` (htmx, into ``#panel-ai``).

Each AI decision reads "AI: type IT support (0.91), because …" with its reasons in the reader's
language, its status, provider and model, and Accept / Override buttons. Override offers what the
attribute allows: types, the ticket type's categories, priorities, levels, teams, agents, or text.
The buttons post htmx forms (CSRF header from the page); without JavaScript they post normally and
come back to the ticket with a flash message. When a review changed the ticket, htmx reloads the
whole page so every field shows the new value. Staff only; customers never see AI decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ticketwise.ai import decisions
from ticketwise.ai.models import AiDecision
from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.enums import LEVEL_LABELS, Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import access as types_access
from ticketwise.users import access as user_access
from ticketwise.users.models import User
from ticketwise.web.agent.ticket_detail import ticket_url
from ticketwise.web.deps import CsrfChecked, DbSession, StaffUser
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted, is_htmx_fragment, text
from ticketwise.web.templating import render

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]

TEXT_ATTRIBUTES = frozenset({"intent", "sentiment", "language", "keywords"})
# Attributes whose value may be cleared (an empty choice in the select).
CLEARABLE = frozenset({"category", "urgency", "impact", "team", "assignee"})


@dataclass(frozen=True)
class DecisionRow:
    """One decision as the panel shows it."""

    decision: AiDecision
    attribute_label: str
    value_label: str
    override_label: str
    reasons: list[str]
    choices: list[tuple[str, str]] | None  # None: a text input (or no override at all)
    can_override: bool
    text_value: str


def _choices(session: Session, user: User, ticket: Ticket, attribute: str) -> list[tuple[str, str]] | None:
    """``(value, label)`` for the attribute's override select; None for free-text attributes."""
    if attribute == "type":
        return [(t.slug, t.name) for t in types_access.list_types_for(session, user, usable=True)]
    if attribute == "category":
        return [
            (str(c.id), c.name)
            for c in types_access.list_categories_for(session, user, ticket.type, usable=True)
        ]
    if attribute == "priority":
        return [(p.value, gettext(p.label)) for p in Priority]
    if attribute in ("urgency", "impact"):
        return [(level.value, gettext(label)) for level, label in LEVEL_LABELS.items()]
    if attribute == "team":
        return [(str(team.id), team.name) for team in user_access.list_teams(session, user)]
    if attribute == "assignee":
        return [(str(agent.id), agent.name) for agent in user_access.list_staff(session, user)]
    return None


def _rows(session: Session, user: User, ticket: Ticket) -> list[DecisionRow]:
    found = decisions.list_decisions(session, user, ticket)
    cache: dict[str, list[tuple[str, str]] | None] = {}
    rows = []
    for decision in reversed(found):  # newest first
        attribute = decision.attribute
        if attribute not in cache:
            cache[attribute] = _choices(session, user, ticket, attribute)
        choices = cache[attribute]
        labels = dict(choices or [])
        label = decisions.ATTRIBUTE_LABELS.get(attribute)
        rows.append(
            DecisionRow(
                decision=decision,
                attribute_label=gettext(label) if label else attribute,
                value_label=labels.get(decision.value or "", decision.value or "—"),
                override_label=labels.get(decision.override_value or "", decision.override_value or "—"),
                reasons=decisions.render_reasons(decision.reasons),
                choices=choices,
                can_override=attribute in decisions.OVERRIDABLE,
                text_value=decision.final_value or "" if attribute in TEXT_ATTRIBUTES else "",
            )
        )
    return rows


def _panel(
    request: Request,
    session: Session,
    user: User,
    ticket: Ticket,
    notice: tuple[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "agent/ai_decisions_panel.html",
        {"ticket": ticket, "rows": _rows(session, user, ticket), "notice": notice, "clearable": CLEARABLE},
        headers=headers,
    )


@router.get("/agent/tickets/{ticket_id}/panels/ai", response_class=HTMLResponse)
def ai_panel(request: Request, session: DbSession, user: StaffUser, ticket_id: Id) -> HTMLResponse:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    return _panel(request, session, user, ticket)


def _decision_of(session: Session, user: User, ticket: Ticket, decision_id: int) -> AiDecision:
    decision = decisions.access_decision(session, user, decision_id)
    if decision.ticket_id != ticket.id:
        raise NotFound(N_("This AI decision does not exist."))
    return decision


def _answer(
    request: Request, session: Session, user: User, ticket: Ticket, message: str, *, ok: bool, changed: bool
) -> Response:
    """htmx: the panel with the message (and a page reload when the ticket changed); plain forms: back
    to the ticket with a flash message."""
    if is_htmx_fragment(request):
        response: Response = _panel(
            request,
            session,
            user,
            ticket,
            notice=("success" if ok else "danger", message),
            headers={"HX-Refresh": "true"} if changed else None,
        )
    else:
        response = RedirectResponse(ticket_url(ticket), status_code=303)
    if changed or not is_htmx_fragment(request):
        flash(response, message, "success" if ok else "danger")
    return response


def _review(
    request: Request, session: Session, user: User, ticket_id: int, decision_id: int, value: str | None
) -> Response:
    ticket = ticket_access.access_ticket(session, user, ticket_id)
    decision = _decision_of(session, user, ticket, decision_id)
    was_applied = decision.applied
    try:
        # A savepoint: a refused value leaves nothing half-applied while the request still commits.
        with session.begin_nested():
            if value is None:
                decisions.accept(session, user, decision)
            else:
                decisions.override(session, user, decision, value)
    except (ValidationFailed, Conflict) as error:
        return _answer(request, session, user, ticket, error.translated(), ok=False, changed=False)
    if value is None:
        done = gettext(N_("AI decision accepted."))
        changed = decision.applied and not was_applied
    else:
        done = gettext(N_("AI decision overridden."))
        changed = True
    return _answer(request, session, user, ticket, done, ok=True, changed=changed)


@router.post("/agent/tickets/{ticket_id}/ai/decisions/{decision_id}/accept", dependencies=[CsrfChecked])
def accept_decision(
    request: Request, session: DbSession, user: StaffUser, ticket_id: Id, decision_id: Id
) -> Response:
    return _review(request, session, user, ticket_id, decision_id, None)


@router.post("/agent/tickets/{ticket_id}/ai/decisions/{decision_id}/override", dependencies=[CsrfChecked])
def override_decision(
    request: Request, session: DbSession, user: StaffUser, ticket_id: Id, decision_id: Id, posted: Posted
) -> Response:
    return _review(request, session, user, ticket_id, decision_id, text(posted, "value"))
