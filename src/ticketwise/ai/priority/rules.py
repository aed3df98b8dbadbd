"""The priority rules as one pure function: facts about a ticket in, a priority and its reasons out.

Order of the factors (each listed in the reasons when it counted):

1. urgency and impact, each "medium" when unknown; keyword rules raise the urgency;
2. the impact × urgency matrix;
3. history: when impact or urgency was only assumed and :data:`MIN_HISTORY_SHARE` of the similar past
   tickets share one priority, the result moves one step towards it;
4. keyword rules with a priority set a floor;
5. a VIP organization raises the result by one step.

Nothing here lowers a priority below what a keyword floor asks for, and step 5 comes last so a VIP
ticket is always one step above an otherwise identical ticket (up to P0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ticketwise.ai.decisions import label, reason
from ticketwise.ai.priority.config import KeywordRule, PriorityConfig
from ticketwise.ai.priority.history import HistoryView
from ticketwise.core.i18n import N_
from ticketwise.tickets.enums import Level, Priority

MIN_HISTORY_SHARE = 0.6
_PRIORITIES = list(Priority)  # P0 (most urgent) first
_LEVELS = [Level.LOW, Level.MEDIUM, Level.HIGH]


def rank(priority: Priority) -> int:
    """0 for P0 up to 3 for P3: a smaller rank is more urgent."""
    return _PRIORITIES.index(priority)


def _step(priority: Priority, towards: Priority) -> Priority:
    current = rank(priority)
    target = rank(towards)
    return _PRIORITIES[current + (target > current) - (target < current)]


@dataclass(frozen=True)
class PriorityFacts:
    impact: Level | None
    urgency: Level | None
    text: str
    vip_organization: str | None = None
    """The organization's name when it is a VIP, else None."""
    history: HistoryView | None = None


@dataclass
class PriorityOutcome:
    priority: Priority
    confidence: float
    grounded: bool
    """False when the result rests only on assumed axes (no known impact or urgency, no keyword,
    VIP or history factor): such a result never overrides a person's choice."""
    reasons: list[dict[str, Any]] = field(default_factory=list)
    output: dict[str, Any] = field(default_factory=dict)


def matched_rules(rules: tuple[KeywordRule, ...], text: str) -> list[KeywordRule]:
    return [rule for rule in rules if rule.pattern.search(text)]


def decide(config: PriorityConfig, facts: PriorityFacts) -> PriorityOutcome:
    reasons: list[dict[str, Any]] = []
    confidence = 0.8
    impact = facts.impact or Level.MEDIUM
    if facts.impact is None:
        reasons.append(reason(N_("impact not known: medium assumed")))
        confidence -= 0.15
    urgency = facts.urgency or Level.MEDIUM
    if facts.urgency is None:
        reasons.append(reason(N_("urgency not known: medium assumed")))
        confidence -= 0.15
    matched = matched_rules(config.keyword_rules, facts.text)
    for rule in matched:
        if rule.urgency is not None and _LEVELS.index(rule.urgency) > _LEVELS.index(urgency):
            urgency = rule.urgency
            reasons.append(
                reason(
                    N_("keyword %(keyword)s: urgency %(urgency)s"),
                    keyword=rule.keyword,
                    urgency=label(urgency.label),
                )
            )
            confidence += 0.1

    matrix_priority = config.cell(impact, urgency)
    priority = matrix_priority
    reasons.append(
        reason(
            N_("impact %(impact)s × urgency %(urgency)s → %(priority)s"),
            impact=label(impact.label),
            urgency=label(urgency.label),
            priority=priority.value,
        )
    )

    history = facts.history if config.use_history else None
    history_used = False
    if history is not None and history.share >= MIN_HISTORY_SHARE:
        history_used = True
        reasons.append(
            reason(
                N_("history: %(percent)s%% of %(count)s similar tickets were %(priority)s"),
                percent=round(history.share * 100),
                count=history.count,
                priority=history.priority.value,
            )
        )
        assumed = facts.impact is None or facts.urgency is None
        if assumed and history.priority != priority:
            priority = _step(priority, history.priority)
            reasons.append(
                reason(N_("history moved the priority one step to %(priority)s"), priority=priority.value)
            )

    for rule in matched:
        if rule.priority is not None and rank(rule.priority) < rank(priority):
            priority = rule.priority
            reasons.append(
                reason(
                    N_("keyword %(keyword)s: at least %(priority)s"),
                    keyword=rule.keyword,
                    priority=priority.value,
                )
            )
            confidence += 0.1

    if facts.vip_organization and config.vip_raise:
        if priority is not Priority.P0:
            priority = _PRIORITIES[rank(priority) - 1]
            reasons.append(
                reason(
                    N_("VIP organization %(organization)s: raised to %(priority)s"),
                    organization=facts.vip_organization,
                    priority=priority.value,
                )
            )
        else:
            reasons.append(
                reason(
                    N_("VIP organization %(organization)s: already P0"), organization=facts.vip_organization
                )
            )

    if history_used and history is not None:
        confidence += 0.15 * history.share if history.priority == priority else -0.1
    vip = bool(facts.vip_organization and config.vip_raise)
    grounded = facts.impact is not None or facts.urgency is not None or bool(matched) or vip or history_used
    return PriorityOutcome(
        priority=priority,
        grounded=grounded,
        confidence=round(min(max(confidence, 0.05), 0.99), 2),
        reasons=reasons,
        output={
            "priority": priority.value,
            "matrix": matrix_priority.value,
            "impact": impact.value,
            "urgency": urgency.value,
            "impact_assumed": facts.impact is None,
            "urgency_assumed": facts.urgency is None,
            "keywords": [rule.keyword for rule in matched],
            "vip_organization": facts.vip_organization if config.vip_raise else None,
            "history": None
            if history is None
            else {
                "priority": history.priority.value,
                "share": round(history.share, 3),
                "count": history.count,
                "narrowed_by": list(history.narrowed_by),
                "used": history_used,
            },
        },
    )
