"""Decision records (contract §3.8: AI never acts silently).

Every AI feature stores each decision here with its confidence and reasons, whether or not it was
applied; staff see them on the ticket and accept or override them. Reasons are stored untranslated
(``{"msg": msgid, "params": {...}}``) and rendered in the reader's language. An override applies the
person's value through the tickets service (audited with that person as actor) and is kept as a
training label (:func:`training_labels`).

Values are text: a type slug, a category/team/user id, a priority (``P1``), a level (``high``), an
intent or sentiment name, a language code, comma-separated keywords.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.ai import repository
from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision, DecisionStatus
from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound, ValidationFailed
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets import access as ticket_access
from ticketwise.tickets import audit
from ticketwise.tickets import repository as ticket_repository
from ticketwise.tickets.domain_events import TicketUpdated
from ticketwise.tickets.enums import ActorType, Level, Priority
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.tickets.type_change import change_type
from ticketwise.tickets.types import repository as types_repository
from ticketwise.users.models import User
from ticketwise.users.permissions import require_staff

ATTRIBUTE_LABELS = {
    "type": N_("Type"),
    "category": N_("Category"),
    "intent": N_("Intent"),
    "urgency": N_("Urgency"),
    "impact": N_("Impact"),
    "sentiment": N_("Sentiment"),
    "language": N_("Language"),
    "keywords": N_("Keywords"),
    "entities": N_("Entities"),
    "priority": N_("Priority"),
    "team": N_("Team"),
    "assignee": N_("Assignee"),
    "needs_triage": N_("Needs triage"),
}
"""The attributes features decide, with their names for people."""

# Plain ticket columns the tickets service has no input for yet, with their column lengths.
_AI_COLUMNS = {"intent": 100, "sentiment": 20, "language": 10}
_MAX_KEYWORDS = 30
_MAX_KEYWORD_LENGTH = 60


def reason(msgid: str, **params: Any) -> dict[str, Any]:
    """One reason, stored untranslated. Mark the msgid at the call site so Babel extracts it:
    ``reason(N_("Matched the keywords %(words)s"), words="outage, VPN")``. A parameter that is itself
    a label to translate is passed as :func:`label`."""
    return {"msg": msgid, "params": params}


def label(msgid: str) -> dict[str, str]:
    """A reason parameter translated when shown (a level such as "High"), e.g.
    ``reason(N_("urgency %(urgency)s"), urgency=label(N_("High")))``."""
    return {"label": msgid}


def _param_text(value: Any) -> str:
    if isinstance(value, dict) and "label" in value:
        return gettext(str(value["label"]))
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def render_reasons(reasons: list[dict[str, Any]] | None) -> list[str]:
    """The reasons in the current language; one whose parameters do not fit its text is shown
    untranslated rather than breaking the page."""
    texts = []
    for item in reasons or []:
        if not isinstance(item, dict) or not item.get("msg"):
            continue
        message = str(item["msg"])
        params = {key: _param_text(value) for key, value in (item.get("params") or {}).items()}
        translated = gettext(message)
        try:
            texts.append(translated % params if params else translated)
        except (KeyError, TypeError, ValueError):
            texts.append(message)
    return texts


def input_hash(text: str) -> str:
    """SHA-256 (hex) of the text a decision was made from: stored instead of the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    ticket_id: int,
    feature: Feature,
    attribute: str,
    value: str | None,
    confidence: float | None,
    reasons: list[dict[str, Any]],
    provider: str = "builtin",
    model: str,
    input_text: str,
    output: dict[str, Any],
    latency_ms: int,
    applied: bool,
) -> AiDecision:
    """Store one decision (status ``applied`` or ``proposed``) and flush it. Applying the value is the
    caller's job (through the tickets service with ``actor_type=ActorType.AI``, or :func:`apply_value`).
    A confidence outside 0..1 is clamped: models may round past the edge."""
    if confidence is not None:
        confidence = min(1.0, max(0.0, float(confidence)))
    decision = AiDecision(
        ticket_id=ticket_id,
        feature=feature,
        attribute=attribute,
        value=value,
        confidence=confidence,
        reasons=list(reasons),
        provider=provider[:100],
        model=model[:200],
        input_hash=input_hash(input_text),
        output=output,
        latency_ms=max(0, int(latency_ms)),
        applied=applied,
        status=DecisionStatus.APPLIED if applied else DecisionStatus.PROPOSED,
        created_at=now(),
    )
    session.add(decision)
    session.flush()
    return decision


def decisions_for(session: Session, ticket_id: int) -> list[AiDecision]:
    """The ticket's decisions, oldest first (no access check: for domain code)."""
    return repository.decisions_of_ticket(session, ticket_id)


def list_decisions(session: Session, user: User | None, ticket: Ticket) -> list[AiDecision]:
    """The decisions on ``ticket`` for a staff member. Raises PermissionDenied for customers (who
    never see AI decisions) and NotFound when the ticket is not visible."""
    user = require_staff(user)
    ticket_access.access_ticket(session, user, ticket.id)
    return decisions_for(session, ticket.id)


def access_decision(session: Session, user: User | None, decision_id: int) -> AiDecision:
    """One decision for a staff member who may see its ticket; NotFound otherwise."""
    user = require_staff(user)
    decision = session.get(AiDecision, decision_id)
    if decision is None:
        raise NotFound(N_("This AI decision does not exist."))
    ticket_access.access_ticket(session, user, decision.ticket_id)
    return decision


# --- applying values --------------------------------------------------------------------------------


def _optional_id(value: str, field: str = "value") -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 2**31 - 1:
        raise ValidationFailed(N_("Choose one of the allowed values."), field=field)
    return int(text)


def _enum_value(value: str, allowed: type[Priority] | type[Level], *, optional: bool) -> Any:
    text = value.strip()
    if not text and optional:
        return None
    try:
        return allowed(text)
    except ValueError:
        raise ValidationFailed(N_("Choose one of the allowed values."), field="value") from None


def _keywords(value: str) -> list[str]:
    words = []
    for part in value.replace("，", ",").split(","):
        word = " ".join(part.split()).lower()
        if word and word not in words:
            if len(word) > _MAX_KEYWORD_LENGTH:
                raise ValidationFailed(
                    N_("At most %(max)s characters."), field="value", max=_MAX_KEYWORD_LENGTH
                )
            words.append(word)
    return words[:_MAX_KEYWORDS]


def _set_ai_column(
    session: Session, actor: User | None, ticket: Ticket, field: str, new: Any, actor_type: ActorType | None
) -> None:
    # tickets.service.update_ticket has no input for the AI result columns (intent, sentiment,
    # language, keywords) yet; until it has, they are set here with the same audit event and domain
    # event the service writes for its own fields.
    old = getattr(ticket, field)
    if old == new:
        return
    setattr(ticket, field, new)
    audit.record_changes(session, ticket, [(field, old, new)], actor=actor, actor_type=actor_type)
    publish(session, TicketUpdated(ticket_id=ticket.id, changes=(field,)))


def _apply_type(
    session: Session, actor: User | None, ticket: Ticket, value: str, actor_type: ActorType | None
) -> str:
    new_type = types_repository.find_type_by_slug(session, value.strip())
    if new_type is None or not new_type.is_active:
        raise ValidationFailed(N_("Choose one of the available ticket types."), field="value")
    if new_type.id != ticket.type_id or actor is not None:
        # A person settling the type, even on the same one, takes the ticket out of the triage queue.
        change_type(session, actor, ticket, new_type, actor_type=actor_type)
    return new_type.slug


def _patch(field: str, convert: Callable[[str], Any]) -> Callable[..., str]:
    def apply(
        session: Session, actor: User | None, ticket: Ticket, value: str, actor_type: ActorType | None
    ) -> str:
        new = convert(value)
        try:
            update_ticket(session, actor, ticket, TicketPatch(**{field: new}), actor_type=actor_type)
        except ValidationFailed as error:
            raise ValidationFailed(error.message, field="value", **error.params) from None
        return "" if new is None else str(getattr(new, "value", new))

    return apply


def _column(field: str) -> Callable[..., str]:
    def apply(
        session: Session, actor: User | None, ticket: Ticket, value: str, actor_type: ActorType | None
    ) -> str:
        text = " ".join(value.split())
        limit = _AI_COLUMNS[field]
        if len(text) > limit:
            raise ValidationFailed(N_("At most %(max)s characters."), field="value", max=limit)
        _set_ai_column(session, actor, ticket, field, text or None, actor_type)
        return text

    return apply


def _apply_keywords(
    session: Session, actor: User | None, ticket: Ticket, value: str, actor_type: ActorType | None
) -> str:
    words = _keywords(value)
    _set_ai_column(session, actor, ticket, "keywords", words or None, actor_type)
    return ", ".join(words)


_APPLIERS: dict[str, Callable[..., str]] = {
    "type": _apply_type,
    "category": _patch("category_id", _optional_id),
    "priority": _patch("priority", lambda v: _enum_value(v, Priority, optional=False)),
    "urgency": _patch("urgency", lambda v: _enum_value(v, Level, optional=True)),
    "impact": _patch("impact", lambda v: _enum_value(v, Level, optional=True)),
    "team": _patch("team_id", _optional_id),
    "assignee": _patch("assignee_id", _optional_id),
    "intent": _column("intent"),
    "sentiment": _column("sentiment"),
    "language": _column("language"),
    "keywords": _apply_keywords,
}
OVERRIDABLE = frozenset(_APPLIERS)
"""Attributes a person can override (entities and the triage flag are accepted or left alone)."""


def apply_value(
    session: Session,
    ticket: Ticket,
    attribute: str,
    value: str,
    *,
    actor: User | None = None,
    actor_type: ActorType | None = ActorType.AI,
) -> str:
    """Set ``attribute`` of ``ticket`` to ``value`` (text, as decisions store it) through the tickets
    service, audited; returns the value as stored (normalised). The default actor is the AI.

    Raises ValidationFailed(field="value") for a value the attribute does not allow, or for an
    attribute outside :data:`OVERRIDABLE`.
    """
    applier = _APPLIERS.get(attribute)
    if applier is None:
        raise ValidationFailed(N_("This AI decision cannot be changed here."), field="value")
    return applier(session, actor, ticket, value or "", actor_type)


# --- review by people -------------------------------------------------------------------------------


def _ticket_of(session: Session, decision: AiDecision) -> Ticket:
    ticket = ticket_repository.get_ticket(session, decision.ticket_id)
    if ticket is None:  # the foreign key cascades: only a concurrent delete gets here
        raise NotFound(N_("This ticket does not exist or you cannot see it."))
    return ticket


def _reviewed(decision: AiDecision, user: User, status: DecisionStatus) -> None:
    decision.status = status
    decision.reviewed_by_id = user.id
    decision.reviewed_by = user
    decision.reviewed_at = now()


def accept(session: Session, user: User | None, decision: AiDecision) -> None:
    """``user`` confirms the decision; a decision that was only proposed is applied now (as that
    user). Raises PermissionDenied for non-staff, Conflict when it was already reviewed."""
    user = require_staff(user)
    if decision.reviewed:
        raise Conflict(N_("This AI decision has already been reviewed."))
    ticket = _ticket_of(session, decision)
    if not decision.applied and decision.attribute in OVERRIDABLE and decision.value is not None:
        apply_value(session, ticket, decision.attribute, decision.value, actor=user, actor_type=None)
        decision.applied = True
    elif decision.attribute in ("type", "needs_triage") and ticket.needs_triage:
        # Confirming the type the AI was unsure of is the human triage the queue waits for.
        change_type(session, user, ticket, ticket.type)
    _reviewed(decision, user, DecisionStatus.ACCEPTED)
    audit.record(
        session,
        ticket,
        actor=user,
        action="ai_accepted",
        field=decision.attribute,
        new=decision.value,
        data={"decision_id": decision.id, "feature": decision.feature.value},
    )
    session.flush()


def override(session: Session, user: User | None, decision: AiDecision, value: str) -> None:
    """``user`` replaces the AI's value with ``value``: applied through the tickets service (audited
    as that user), recorded on the decision, kept as a training label. Overriding again replaces the
    label. Raises PermissionDenied for non-staff and ValidationFailed(field="value") for a value the
    attribute does not allow or an attribute outside :data:`OVERRIDABLE`."""
    user = require_staff(user)
    ticket = _ticket_of(session, decision)
    stored = apply_value(session, ticket, decision.attribute, value, actor=user, actor_type=None)
    _reviewed(decision, user, DecisionStatus.OVERRIDDEN)
    decision.override_value = stored
    audit.record(
        session,
        ticket,
        actor=user,
        action="ai_overridden",
        field=decision.attribute,
        old=decision.value,
        new=stored,
        data={"decision_id": decision.id, "feature": decision.feature.value},
    )
    session.flush()


def training_labels(
    session: Session, attribute: str, *, include_accepted: bool = False
) -> list[tuple[int, str]]:
    """``(ticket_id, label)`` pairs people gave for ``attribute``: each ticket's latest override (and,
    with ``include_accepted``, AI values people confirmed), ordered by ticket id."""
    statuses = [DecisionStatus.OVERRIDDEN] + ([DecisionStatus.ACCEPTED] if include_accepted else [])
    rows = repository.reviewed_values(session, attribute, statuses)
    latest: dict[int, str] = {}
    for ticket_id, status, value, override_value in rows:
        label = override_value if status is DecisionStatus.OVERRIDDEN else value
        if label:
            latest[ticket_id] = label
    return sorted(latest.items())
