"""Completion of a new ticket (DESIGN §5): language, empty type fields from the text, triage rules.

Runs once per new ticket from the ``TicketCreated`` handler, before duplicate detection. Only empty
values are filled (an explicit value is never overwritten); a priority is only ever raised. Every fill
writes an ``updated`` TicketEvent by the system whose ``data`` says where the value came from:
``{"source": "intake.extractor", "pattern", "match"}``, ``{"source": "intake.language",
"confidence"}`` or ``{"source": "intake.triage", "rule", "matched"}``. Publishes TicketUpdated when
anything changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy.orm import Session

from ticketwise.core.events import publish
from ticketwise.intake.completion.extractors import extract_fields
from ticketwise.intake.completion.language import detect_language
from ticketwise.intake.completion.triage import TriageDecision, triage_hooks
from ticketwise.tickets import audit
from ticketwise.tickets.domain_events import TicketUpdated
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import extension

log = structlog.get_logger(__name__)
_PRIORITY_RANK = {p: i for i, p in enumerate(Priority)}  # P0 (most urgent) first


@dataclass
class Completion:
    """What completion changed: ``(field, old, new)`` per change, core fields and ``fields.<name>``."""

    changes: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(name for name, _old, _new in self.changes)


def ticket_text(ticket: Ticket) -> str:
    return f"{ticket.title}\n{ticket.description or ''}"


def _record(
    session: Session, ticket: Ticket, result: Completion, name: str, old: Any, new: Any, data: dict
) -> None:
    audit.record(session, ticket, action="updated", field=name, old=old, new=new, data=data)
    result.changes.append((name, old, new))


def _language(session: Session, ticket: Ticket, text: str, result: Completion) -> None:
    if ticket.language:
        return
    found = detect_language(text)
    if found is None:
        return
    code, confidence = found
    ticket.language = code
    _record(
        session,
        ticket,
        result,
        "language",
        None,
        code,
        {"source": "intake.language", "confidence": round(confidence, 3)},
    )


def _fields(session: Session, ticket: Ticket, text: str, result: Completion) -> None:
    extractions = extract_fields(ticket.type, text)
    if not extractions:
        return
    current = extension.read_fields(session, ticket, include_hidden=False, audience="agent")
    empty = [e for e in extractions if current.get(e.field) in (None, "", [])]
    if not empty:
        return
    extension.write_fields(session, ticket, {e.field: e.value for e in empty})
    for e in empty:
        data = {"source": "intake.extractor", "pattern": e.pattern, "match": e.match}
        _record(session, ticket, result, f"fields.{e.field}", current.get(e.field), e.value, data)


def _apply_decision(session: Session, ticket: Ticket, decision: TriageDecision, result: Completion) -> None:
    old = getattr(ticket, decision.attribute)
    if decision.attribute == "priority":
        if old is not None and _PRIORITY_RANK[Priority(old)] <= _PRIORITY_RANK[Priority(decision.value)]:
            return  # never lower a priority, and nothing to do when it is already this urgent
    elif old is not None:
        return  # an urgency someone gave is kept
    setattr(ticket, decision.attribute, decision.value)
    data = {"source": "intake.triage", "rule": decision.rule, "matched": list(decision.matched)}
    _record(session, ticket, result, decision.attribute, old, decision.value, data)


def _triage(session: Session, ticket: Ticket, text: str, result: Completion) -> None:
    for hook in triage_hooks():
        try:
            decisions = hook(ticket, text)
        except Exception:  # noqa: BLE001 - a broken rule must not stop intake
            log.exception("triage_hook_failed", hook=getattr(hook, "__qualname__", repr(hook)))
            continue
        for decision in decisions:
            if decision.attribute in ("urgency", "priority"):
                _apply_decision(session, ticket, decision, result)


def complete_ticket(session: Session, ticket: Ticket) -> Completion:
    """Fill in what the ticket's text reveals (see the module docstring); flushes, never commits."""
    result = Completion()
    text = ticket_text(ticket)
    _language(session, ticket, text, result)
    _fields(session, ticket, text, result)
    _triage(session, ticket, text, result)
    if result.changes:
        # ``updated_at`` is left alone: completion finishes the creation, it is not activity on the ticket.
        session.flush()
        publish(session, TicketUpdated(ticket_id=ticket.id, changes=result.changed))
    return result
