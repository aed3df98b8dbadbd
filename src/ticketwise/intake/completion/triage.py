"""Triage hooks: rules that look at a new ticket's text and propose urgency, priority or tags.

A hook is ``fn(ticket, text) -> list[TriageDecision]``; :func:`register_triage_hook` adds one. None
runs by default: the AI domain's arrival steps (``ticketwise.ai.arrival``, called after completion)
own triage and priority, with keyword rules admins configure. :func:`keyword_rules`, the fixed rules
intake shipped before, stays available to register. Hooks only propose:
:func:`ticketwise.intake.completion.complete.complete_ticket` applies each decision that changes
something and audits it with the hook's reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ticketwise.tickets.enums import Level, Priority
from ticketwise.tickets.models import Ticket


@dataclass(frozen=True)
class TriageDecision:
    """Set ``attribute`` (``urgency`` or ``priority``) to ``value``; ``rule`` and ``matched`` say why."""

    attribute: str
    value: Level | Priority
    rule: str
    matched: tuple[str, ...] = field(default=())


TriageHook = Callable[[Ticket, str], list[TriageDecision]]

_hooks: list[TriageHook] = []


def register_triage_hook(fn: TriageHook) -> TriageHook:
    """Add ``fn`` to the hooks run for every new ticket (idempotent); usable as a decorator."""
    if fn not in _hooks:
        _hooks.append(fn)
    return fn


def unregister_triage_hook(fn: TriageHook) -> None:
    if fn in _hooks:
        _hooks.remove(fn)


def triage_hooks() -> tuple[TriageHook, ...]:
    return tuple(_hooks)


def _keywords(*words: str) -> re.Pattern[str]:
    # Latin words need word boundaries ("down" must not match "download"); Chinese has no spaces.
    parts = [rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in words]
    return re.compile("|".join(parts), re.IGNORECASE)


OUTAGE = _keywords(
    "宕机", "瘫痪", "全部无法", "无法访问", "挂了", "停机", "outage", "down", "not reachable", "unreachable"
)
URGENT = _keywords("紧急", "加急", "十万火急", "尽快处理", "urgent", "asap", "emergency", "critical")


def _found(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    return tuple(sorted({m.group(0).lower() for m in pattern.finditer(text)}))


def keyword_rules(ticket: Ticket, text: str) -> list[TriageDecision]:
    """Outage words make urgency high; urgency words make the priority at least P1."""
    decisions = []
    outage = _found(OUTAGE, text)
    if outage:
        decisions.append(TriageDecision("urgency", Level.HIGH, "keywords.outage", outage))
    urgent = _found(URGENT, text)
    if urgent:
        decisions.append(TriageDecision("priority", Priority.P1, "keywords.urgent", urgent))
    return decisions
