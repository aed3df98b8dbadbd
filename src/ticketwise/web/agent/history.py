"""The History tab: audit events (``tickets.access.list_events``) told as sentences in the reader's
language, e.g. "Alice changed priority from P2 to P1".

Events store old and new values as text (``tickets.audit.stringify``): ids for people, teams and
categories, enum values for status and priority, JSON for lists. This module turns them back into
names and labels; a value it cannot resolve (a deleted team, say) is shown as stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.enums import ActorType, Channel, Level, LinkKind, Priority, Status
from ticketwise.tickets.models import TicketEvent
from ticketwise.tickets.types.kinds import spec_for
from ticketwise.tickets.types.models import TicketType

CORE_FIELD_LABELS = {
    "title": N_("title"),
    "status": N_("status"),
    "priority": N_("priority"),
    "urgency": N_("urgency"),
    "impact": N_("impact"),
    "category_id": N_("category"),
    "team_id": N_("team"),
    "assignee_id": N_("assignee"),
    "tags": N_("tags"),
    "type_id": N_("type"),
    # What AI decisions name (ai_accepted / ai_overridden events use the attribute as the field).
    "type": N_("type"),
    "category": N_("category"),
    "team": N_("team"),
    "assignee": N_("assignee"),
    "intent": N_("intent"),
    "sentiment": N_("sentiment"),
    "language": N_("language"),
    "keywords": N_("keywords"),
    "needs_triage": N_("needs triage"),
}
EMPTY = N_("(empty)")


@dataclass(frozen=True)
class Names:
    """Names for the ids that events store, looked up once per page."""

    users: dict[int, str]
    teams: dict[int, str]
    categories: dict[int, str]
    types: dict[str, str] = field(default_factory=dict)
    """Type slug -> name in the reader's language (type changes store slugs)."""


@dataclass(frozen=True)
class HistoryEntry:
    event: TicketEvent
    actor: str
    sentence: str
    icon: str


def actor_name(event: TicketEvent) -> str:
    if event.actor_user is not None:
        return event.actor_user.name
    if event.actor_contact is not None:
        return event.actor_contact.name or event.actor_contact.email or event.actor_contact.phone or ""
    if event.actor_type is ActorType.AI:
        return gettext(N_("AI"))
    return gettext(N_("Ticketwise"))


def field_label(field: str | None, ticket_type: TicketType) -> str:
    """The translated label of an event's field: core fields by name, type fields by their labels."""
    if field is None:
        return ""
    if field.startswith("fields."):
        name = field.removeprefix("fields.")
        for type_field in ticket_type.fields:
            if type_field.name == name:
                return type_field.label
        return name
    label = CORE_FIELD_LABELS.get(field)
    return gettext(label) if label else field


def _by_id(value: str, names: dict[int, str]) -> str:
    try:
        return names.get(int(value), value)
    except ValueError:
        return value


def _type_field_value(field: str, value: str, ticket_type: TicketType, names: Names) -> str:
    name = field.removeprefix("fields.")
    type_field = next((f for f in ticket_type.fields if f.name == name), None)
    if type_field is None:
        return value
    parsed: Any = value
    try:
        if type_field.kind in ("multi_select", "json"):
            parsed = json.loads(value)
        elif type_field.kind == "date":
            parsed = date.fromisoformat(value)
        elif type_field.kind == "datetime":
            parsed = datetime.fromisoformat(value)
        elif type_field.kind == "boolean":
            parsed = value == "true"
        elif type_field.kind == "user":
            return _by_id(value, names.users)
    except ValueError:
        return value
    return spec_for(type_field.kind).display(parsed, type_field) or value


def _label(
    enum_type: type[Status] | type[Priority] | type[Channel] | type[LinkKind], value: Any
) -> str | None:
    """The translated label of an enum member stored as text, ``None`` for an unknown value."""
    try:
        return gettext(enum_type(value).label)
    except ValueError:
        return None


def value_text(field: str | None, value: str | None, ticket_type: TicketType, names: Names) -> str:
    """A stored event value as people read it (labels instead of codes, names instead of ids)."""
    if value is None or value == "":
        return gettext(EMPTY)
    if field == "status":
        return _label(Status, value) or value
    if field == "priority":
        return _label(Priority, value) or value
    if field in ("urgency", "impact") and value in {level.value for level in Level}:
        return gettext(Level(value).label)
    if field in ("assignee_id", "assignee", "watchers"):
        return _by_id(value, names.users)
    if field in ("team_id", "team"):
        return _by_id(value, names.teams)
    if field in ("category_id", "category"):
        return _by_id(value, names.categories)
    if field in ("type_id", "type"):
        return names.types.get(value, value)
    if field == "tags":
        try:
            return ", ".join(json.loads(value)) or gettext(EMPTY)
        except (ValueError, TypeError):
            return value
    if field and field.startswith("fields."):
        return _type_field_value(field, value, ticket_type, names)
    return value


# Sentence and icon per event kind: the action, refined by a variant (see ``_variant``). The
# parameters are always actor, field, old, new, kind (of a link) and channel; each sentence uses some.
SENTENCES: dict[str, tuple[str, str]] = {
    "created": (N_("%(actor)s created the ticket (%(channel)s)"), "bi-plus-circle"),
    "created:plain": (N_("%(actor)s created the ticket"), "bi-plus-circle"),
    "status_changed": (N_("%(actor)s changed status from %(old)s to %(new)s"), "bi-arrow-left-right"),
    "updated": (N_("%(actor)s changed %(field)s from %(old)s to %(new)s"), "bi-pencil"),
    "updated:set": (N_("%(actor)s set %(field)s to %(new)s"), "bi-pencil"),
    "updated:cleared": (N_("%(actor)s cleared %(field)s (was %(old)s)"), "bi-eraser"),
    "message_added": (N_("%(actor)s wrote a reply"), "bi-chat-left-text"),
    "message_added:internal": (N_("%(actor)s added an internal note"), "bi-lock"),
    "attachment_added": (N_("%(actor)s attached %(new)s"), "bi-paperclip"),
    "linked": (N_("%(actor)s linked %(new)s (%(kind)s)"), "bi-link-45deg"),
    "unlinked": (N_("%(actor)s removed the link to %(old)s (%(kind)s)"), "bi-x-circle"),
    "merged": (N_("%(actor)s merged this ticket into %(new)s"), "bi-sign-merge-left"),
    "merged_from": (N_("%(actor)s merged %(new)s into this ticket"), "bi-sign-merge-right"),
    "watcher_added": (N_("%(actor)s added %(new)s as a watcher"), "bi-eye"),
    "watcher_removed": (N_("%(actor)s removed %(old)s from the watchers"), "bi-eye-slash"),
    "cc_added": (N_("%(actor)s copied %(new)s on the conversation"), "bi-person-plus"),
    "cc_removed": (N_("%(actor)s stopped copying %(old)s"), "bi-person-dash"),
    # Intake and mail (their data carries what the sentence needs, see ``_extra_params``).
    "received": (N_("%(actor)s: an update arrived through the webhook source"), "bi-plug"),
    "duplicate_suggested": (N_("Possible duplicate of %(new)s (%(score)s)"), "bi-intersect"),
    "duplicate_dismissed": (N_("%(actor)s dismissed %(old)s as a possible duplicate"), "bi-x-lg"),
    "major_incident_suspected": (
        N_("Possible major incident: similar tickets from different requesters: %(tickets)s"),
        "bi-broadcast",
    ),
    "incident_joined": (N_("Joined a possible major incident already reported"), "bi-broadcast"),
    "email_failed": (N_("The e-mail to %(to)s could not be delivered: %(error)s"), "bi-envelope-exclamation"),
    "email_resent": (N_("%(actor)s sent the e-mail again"), "bi-envelope-arrow-up"),
    # People reviewing what the AI decided (ticketwise.ai.decisions, ai.assist.guard).
    "ai_accepted": (N_("%(actor)s confirmed the AI's %(field)s: %(new)s"), "bi-robot"),
    "ai_overridden": (N_("%(actor)s corrected the AI's %(field)s from %(old)s to %(new)s"), "bi-robot"),
    "reply_guard_overridden": (
        N_("%(actor)s sent a reply despite the guard's warning"),
        "bi-shield-exclamation",
    ),
    # Events of other domains (AI, SLA, automation) that this page does not know by name.
    "other": (N_("%(actor)s: %(action)s"), "bi-dot"),
    "other:field": (N_("%(actor)s: %(action)s, %(field)s %(old)s → %(new)s"), "bi-dot"),
}


def _variant(event: TicketEvent) -> str:
    data = event.data or {}
    action = event.action
    if action == "created" and not _label(Channel, data.get("channel")):
        return "created:plain"
    if action == "updated" and event.old_value in (None, ""):
        return "updated:set"
    if action == "updated" and event.new_value in (None, ""):
        return "updated:cleared"
    if action == "message_added" and data.get("internal"):
        return "message_added:internal"
    if action not in SENTENCES:
        return "other:field" if event.field else "other"
    return action


def _extra_params(data: dict) -> dict[str, str]:
    """What intake and mail events store in ``data``, as text: a score as a percentage, ticket
    numbers and addresses as lists, a delivery error as recorded (the delivery panel explains it)."""
    score = data.get("score")
    return {
        "score": f"{round(float(score) * 100)}%" if isinstance(score, int | float) else "",
        "tickets": ", ".join(str(number) for number in data.get("tickets") or []),
        "to": ", ".join(str(address) for address in [*(data.get("to") or []), *(data.get("cc") or [])]),
        "error": str(data.get("error") or ""),
    }


def describe_events(events: list[TicketEvent], ticket_type: TicketType, names: Names) -> list[HistoryEntry]:
    """One sentence per event, newest first."""
    entries = []
    for event in reversed(events):
        data = event.data or {}
        actor = actor_name(event)
        message, icon = SENTENCES[_variant(event)]
        params = {
            "actor": actor,
            "action": event.action,
            "field": field_label(event.field, ticket_type),
            "old": value_text(event.field, event.old_value, ticket_type, names),
            "new": value_text(event.field, event.new_value, ticket_type, names),
            "kind": _label(LinkKind, data.get("kind")) or "",
            "channel": _label(Channel, data.get("channel")) or "",
            **_extra_params(data),
        }
        entries.append(HistoryEntry(event=event, actor=actor, sentence=gettext(message) % params, icon=icon))
    return entries
