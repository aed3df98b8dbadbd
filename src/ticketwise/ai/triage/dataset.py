"""What the triage models learn from: this site's labelled history, plus cold-start samples.

A ticket's value counts as a label when a person gave it:

* overrides of AI decisions win over everything (``ai.decisions.training_labels``), then AI values
  people accepted;
* a value last set by the AI or by an automatic rule (audit trail: actor ``ai`` or ``system``) does
  not count: the models must not learn from their own guesses;
* a type chosen by nobody (a ticket created from an e-mail or a webhook gets the mailbox's or the
  generic type) does not count until a person changes or confirms it;
* tickets waiting in the triage queue are left out.

Cold start (:func:`hint_samples`): each active type's AI hints (keywords, examples), names and
descriptions; each category's names; a small urgency lexicon. They let a fresh site classify from day
one and keep every type known to the model even before it has history.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from ticketwise.ai.decisions import training_labels
from ticketwise.ai.triage import repository
from ticketwise.tickets.enums import ActorType, Channel

TARGETS = ("type", "category", "intent", "urgency")
# The audit field of each target, and the decision attribute whose overrides are its labels.
_AUDIT_FIELD = {"type": "type_id", "category": "category_id", "intent": "intent", "urgency": "urgency"}
_MACHINES = {ActorType.AI, ActorType.SYSTEM}
_UNCHOSEN_TYPE_CHANNELS = {Channel.EMAIL, Channel.WEBHOOK}
MAX_DESCRIPTION = 2000

Samples = dict[str, list[tuple[str, str]]]


def ticket_text(title: str, description: str | None) -> str:
    """The text every triage model reads: the title, then the start of the description."""
    return f"{title}\n{(description or '')[:MAX_DESCRIPTION]}"


def history_samples(session: Session) -> Samples:
    """``{target: [(text, label), ...]}`` from the site's history (rules in the module docstring)."""
    people = {target: dict(training_labels(session, target, include_accepted=True)) for target in TARGETS}
    last_actor = repository.last_actor_per_field(session, tuple(_AUDIT_FIELD.values()))
    samples: Samples = defaultdict(list)
    for row in repository.history_rows(session):
        text = ticket_text(row.title, row.description)
        values = {
            "type": row.type_slug,
            "category": str(row.category_id) if row.category_id is not None else None,
            "intent": row.intent,
            "urgency": row.urgency.value if row.urgency is not None else None,
        }
        for target in TARGETS:
            label = people[target].get(row.ticket_id)
            if label is None:
                label = values[target]
                actor = last_actor[_AUDIT_FIELD[target]].get(row.ticket_id)
                if actor in _MACHINES:
                    continue
                if (
                    target == "type"
                    and actor is None
                    and row.created_by_id is None
                    and row.channel in _UNCHOSEN_TYPE_CHANNELS
                ):
                    continue
            if label:
                samples[target].append((text, label))
    return dict(samples)


# Cold-start urgency words; the history replaces them as soon as people set urgencies.
_URGENCY_HINTS = {
    "high": (
        "紧急", "非常紧急", "加急", "马上处理", "宕机", "瘫痪", "全员停工", "停产", "停工", "生产中断",
        "urgent", "asap", "emergency", "critical", "outage", "system down", "production stopped",
        "nobody can work", "immediately",
    ),
    "medium": (
        "尽快", "影响工作", "有点慢", "偶尔", "部分用户", "今天内", "soon", "affects my work", "slow",
        "sometimes fails", "some users", "by today",
    ),
    "low": (
        "不急", "有空", "方便时", "建议", "咨询", "下周", "想了解", "no rush", "when you have time",
        "suggestion", "question", "next week", "whenever convenient", "just wondering",
    ),
}  # fmt: skip


def hint_samples(session: Session) -> Samples:
    """Cold-start ``{target: [(text, label), ...]}`` (see the module docstring)."""
    samples: Samples = defaultdict(list)
    types = repository.active_types(session)
    for ticket_type in types:
        hints = ticket_type.ai_hints or {}
        texts = [
            *hints.get("examples", []),
            *hints.get("keywords", []),
            *ticket_type.names.values(),
            *(ticket_type.descriptions or {}).values(),
        ]
        samples["type"].extend((text, ticket_type.slug) for text in texts if text)
    by_id = {category.id: category for category in repository.active_categories(session)}
    slug_of = {ticket_type.id: ticket_type.slug for ticket_type in types}
    for category in by_id.values():
        parent = by_id.get(category.parent_id) if category.parent_id else None
        for language, name in category.names.items():
            text = f"{parent.names.get(language, '')} {name}".strip() if parent else name
            samples["category"].append((text, str(category.id)))
            if category.type_id in slug_of:
                samples["type"].append((name, slug_of[category.type_id]))
    for level, words in _URGENCY_HINTS.items():
        samples["urgency"].extend((word, level) for word in words)
    return dict(samples)
