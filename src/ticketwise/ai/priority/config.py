"""The priority configuration admins edit: the impact × urgency matrix, keyword rules, the VIP rule and
the history factor.

Invariants: the matrix always has all nine cells (a missing or invalid stored cell falls back to the
default cell); keywords are unique regardless of case; a keyword rule sets an urgency, a minimum
priority, or both. Until an admin saves, :data:`DEFAULT_MATRIX` and :data:`DEFAULT_KEYWORD_RULES` apply.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session

from ticketwise.ai.priority import repository
from ticketwise.ai.priority.models import PrioritySettings
from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.enums import Level, Priority
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

SETTINGS_ID = 1
MAX_KEYWORD_LENGTH = 100
MAX_KEYWORD_RULES = 200

# ITIL-like: both high is critical, both low is low, the diagonal in between is normal.
DEFAULT_MATRIX: dict[Level, dict[Level, Priority]] = {
    Level.HIGH: {Level.HIGH: Priority.P0, Level.MEDIUM: Priority.P1, Level.LOW: Priority.P2},
    Level.MEDIUM: {Level.HIGH: Priority.P1, Level.MEDIUM: Priority.P2, Level.LOW: Priority.P3},
    Level.LOW: {Level.HIGH: Priority.P2, Level.MEDIUM: Priority.P3, Level.LOW: Priority.P3},
}


@dataclass(frozen=True)
class KeywordRule:
    """Text containing ``keyword`` gets at least ``urgency`` and at least ``priority`` (either may be None)."""

    keyword: str
    priority: Priority | None = None
    urgency: Level | None = None

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        # Latin words need word boundaries ("down" must not match "download"); Chinese has no spaces.
        escaped = re.escape(self.keyword)
        return re.compile(
            rf"(?<![\w]){escaped}(?![\w])" if self.keyword.isascii() else escaped, re.IGNORECASE
        )

    def as_json(self) -> dict[str, str | None]:
        return {
            "keyword": self.keyword,
            "priority": self.priority.value if self.priority else None,
            "urgency": self.urgency.value if self.urgency else None,
        }


DEFAULT_KEYWORD_RULES: tuple[KeywordRule, ...] = (
    KeywordRule("宕机", Priority.P1, Level.HIGH),
    KeywordRule("瘫痪", Priority.P1, Level.HIGH),
    KeywordRule("outage", Priority.P1, Level.HIGH),
    KeywordRule("down", None, Level.HIGH),
    KeywordRule("紧急", None, Level.HIGH),
    KeywordRule("urgent", None, Level.HIGH),
)


@dataclass(frozen=True)
class PriorityConfig:
    matrix: Mapping[Level, Mapping[Level, Priority]]
    keyword_rules: tuple[KeywordRule, ...]
    vip_raise: bool
    use_history: bool

    def cell(self, impact: Level, urgency: Level) -> Priority:
        return self.matrix[impact][urgency]


def _stored_matrix(raw: object) -> dict[Level, dict[Level, Priority]]:
    matrix = {impact: dict(row) for impact, row in DEFAULT_MATRIX.items()}
    if not isinstance(raw, dict):
        return matrix
    for impact in Level:
        row = raw.get(impact.value)
        if not isinstance(row, dict):
            continue
        for urgency in Level:
            value = row.get(urgency.value)
            if value in Priority._value2member_map_:
                matrix[impact][urgency] = Priority(value)
    return matrix


def _stored_rules(raw: object) -> tuple[KeywordRule, ...]:
    rules = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("keyword"), str):
            continue
        priority, urgency = item.get("priority"), item.get("urgency")
        rules.append(
            KeywordRule(
                item["keyword"],
                Priority(priority) if priority in Priority._value2member_map_ else None,
                Level(urgency) if urgency in Level._value2member_map_ else None,
            )
        )
    return tuple(rules)


def _row(session: Session, *, lock: bool = False) -> PrioritySettings | None:
    return repository.priority_settings(session, SETTINGS_ID, lock=lock)


def priority_config(session: Session) -> PriorityConfig:
    """The configuration in force (the defaults until an admin saves)."""
    row = _row(session)
    if row is None:
        return PriorityConfig(DEFAULT_MATRIX, DEFAULT_KEYWORD_RULES, vip_raise=True, use_history=True)
    return PriorityConfig(
        _stored_matrix(row.matrix), _stored_rules(row.keyword_rules), row.vip_raise, row.use_history
    )


def _writable_row(session: Session) -> PrioritySettings:
    row = _row(session, lock=True)
    if row is None:
        row = PrioritySettings(
            id=SETTINGS_ID,
            matrix=_matrix_json(DEFAULT_MATRIX),
            keyword_rules=[rule.as_json() for rule in DEFAULT_KEYWORD_RULES],
            vip_raise=True,
            use_history=True,
        )
        session.add(row)
    return row


def _matrix_json(matrix: Mapping[Level, Mapping[Level, Priority]]) -> dict[str, dict[str, str]]:
    return {
        impact.value: {urgency.value: matrix[impact][urgency].value for urgency in Level} for impact in Level
    }


def save_settings(
    session: Session,
    actor: User,
    *,
    matrix: Mapping[str, Mapping[str, str]],
    vip_raise: bool,
    use_history: bool,
) -> PriorityConfig:
    """Store the matrix (``{impact: {urgency: "P0".."P3"}}``, all nine cells) and the two switches.

    Raises PermissionDenied for non-admins and ValidationFailed(field="matrix.<impact>.<urgency>")
    for a missing or unknown cell value.
    """
    require_admin(actor)
    cells: dict[Level, dict[Level, Priority]] = {}
    for impact in Level:
        cells[impact] = {}
        for urgency in Level:
            value = (matrix.get(impact.value) or {}).get(urgency.value)
            if value not in Priority._value2member_map_:
                raise ValidationFailed(
                    N_("Choose one of the allowed values."), field=f"matrix.{impact.value}.{urgency.value}"
                )
            cells[impact][urgency] = Priority(value)
    row = _writable_row(session)
    row.matrix = _matrix_json(cells)
    row.vip_raise = vip_raise
    row.use_history = use_history
    row.updated_at = now()
    session.flush()
    return priority_config(session)


def _level(value: str | None, field: str) -> Level | None:
    if not value:
        return None
    if value not in Level._value2member_map_:
        raise ValidationFailed(N_("Choose one of the allowed values."), field=field)
    return Level(value)


def _priority(value: str | None, field: str) -> Priority | None:
    if not value:
        return None
    if value not in Priority._value2member_map_:
        raise ValidationFailed(N_("Choose one of the allowed values."), field=field)
    return Priority(value)


def add_keyword_rule(
    session: Session, actor: User, *, keyword: str, priority: str | None, urgency: str | None
) -> KeywordRule:
    """Add a rule. Raises ValidationFailed (field ``keyword``, ``priority`` or ``urgency``) for a blank
    or too long keyword, an unknown value, or a rule that sets neither; Conflict(field="keyword") when
    the keyword already has a rule."""
    require_admin(actor)
    text = " ".join((keyword or "").split())
    if not text:
        raise ValidationFailed(N_("Enter a keyword."), field="keyword")
    if len(text) > MAX_KEYWORD_LENGTH:
        raise ValidationFailed(
            N_("A keyword may have at most %(max)s characters."), field="keyword", max=MAX_KEYWORD_LENGTH
        )
    rule = KeywordRule(text, _priority(priority, "priority"), _level(urgency, "urgency"))
    if rule.priority is None and rule.urgency is None:
        raise ValidationFailed(N_("Choose a priority, an urgency or both."), field="priority")
    row = _writable_row(session)
    rules = list(_stored_rules(row.keyword_rules))
    if any(existing.keyword.casefold() == text.casefold() for existing in rules):
        raise Conflict(N_("This keyword already has a rule."), field="keyword")
    if len(rules) >= MAX_KEYWORD_RULES:
        raise ValidationFailed(N_("At most %(max)s keyword rules."), field="keyword", max=MAX_KEYWORD_RULES)
    row.keyword_rules = [*(existing.as_json() for existing in rules), rule.as_json()]
    row.updated_at = now()
    session.flush()
    return rule


def remove_keyword_rule(session: Session, actor: User, keyword: str) -> None:
    """Remove the rule of ``keyword`` (compared regardless of case); nothing happens when there is none."""
    require_admin(actor)
    row = _writable_row(session)
    kept = [
        rule for rule in _stored_rules(row.keyword_rules) if rule.keyword.casefold() != keyword.casefold()
    ]
    row.keyword_rules = [rule.as_json() for rule in kept]
    row.updated_at = now()
    session.flush()
