"""From a webhook payload (JSON) to ticket values, by a source's JMESPath expressions.

A mapping is ``{target: expression}``; targets are :data:`TARGETS` and ``fields.<extension field>``.
Expressions are checked when a source is saved (:func:`check_mapping`) and compiled once per process.
:func:`apply_mapping` raises ValidationFailed naming the target whose value is missing or has the
wrong type; intake quarantines the delivery with that reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError
from jmespath.parser import ParsedResult

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.enums import Priority

TEXT_TARGETS = (
    "title",
    "description",
    "requester_email",
    "requester_phone",
    "requester_name",
    "requester_external_id",
    "comment",
)
# In the order the admin form shows them.
TARGETS = (
    "title",
    "description",
    "priority",
    "requester_email",
    "requester_phone",
    "requester_name",
    "requester_external_id",
    "category",
    "tags",
    "comment",
)
FIELD_PREFIX = "fields."
MAX_EXPRESSION_LENGTH = 300
MAX_REF_LENGTH = 200
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@lru_cache(maxsize=512)
def compile_expression(expression: str) -> ParsedResult:
    """The compiled expression; raises JMESPathError (a ValueError) when it does not parse."""
    return jmespath.compile(expression)


def check_expression(expression: str, *, target: str) -> str:
    """``expression`` stripped; ValidationFailed(field=target) when too long or not valid JMESPath."""
    text = (expression or "").strip()
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ValidationFailed(
            N_("An expression may have at most %(max)s characters."), field=target, max=MAX_EXPRESSION_LENGTH
        )
    try:
        compile_expression(text)
    except JMESPathError as error:
        raise ValidationFailed(
            N_("This is not a valid JMESPath expression: %(error)s"),
            field=target,
            error=str(error).splitlines()[0],
        ) from None
    return text


def check_mapping(mapping: dict[str, str]) -> dict[str, str]:
    """The mapping with blank entries dropped; ValidationFailed naming the target (``map.<target>``)
    for an unknown target or an invalid expression. ``title`` must be mapped."""
    cleaned: dict[str, str] = {}
    for target, expression in mapping.items():
        if not (expression or "").strip():
            continue
        if target not in TARGETS and not (
            target.startswith(FIELD_PREFIX) and _FIELD_NAME.match(target[len(FIELD_PREFIX) :])
        ):
            raise ValidationFailed(N_("%(name)s is not a ticket field."), field=f"map.{target}", name=target)
        cleaned[target] = check_expression(expression, target=f"map.{target}")
    if "title" not in cleaned:
        raise ValidationFailed(N_("Say where the payload has the ticket's title."), field="map.title")
    return cleaned


@dataclass
class MappedEvent:
    """What a payload says about its ticket; None where the mapping gives nothing."""

    external_ref: str | None = None
    title: str | None = None
    description: str | None = None
    priority: Priority | None = None
    requester_email: str | None = None
    requester_phone: str | None = None
    requester_name: str | None = None
    requester_external_id: str | None = None
    category: str | int | None = None
    tags: list[str] | None = None
    comment: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)


def _search(expression: str, payload: Any) -> Any:
    try:
        return compile_expression(expression).search(payload)
    except JMESPathError as error:  # a function applied to the wrong type, say
        raise ValidationFailed(
            N_("The expression %(expression)s failed on this payload: %(error)s"),
            field="payload",
            expression=expression,
            error=str(error).splitlines()[0],
        ) from None


def _text(value: Any, target: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (bool, dict, list)):
        raise ValidationFailed(N_("The payload's %(name)s is not text."), field=target, name=target)
    text = str(value).strip()
    return text or None


def _priority(value: Any) -> Priority | None:
    if value is None or value == "":
        return None
    text = str(value).strip().upper()
    if text.isdigit():
        text = f"P{text}"
    try:
        return Priority(text)
    except ValueError:
        raise ValidationFailed(
            N_("The payload's priority must be one of P0, P1, P2, P3."), field="priority"
        ) from None


def _tags(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(
        isinstance(item, (str, int)) and not isinstance(item, bool) for item in value
    ):
        return [str(item) for item in value]
    raise ValidationFailed(N_("The payload's tags must be a list of texts."), field="tags")


def _category(value: Any) -> str | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationFailed(N_("The payload's category must be a category key or id."), field="category")
    return value


def apply_mapping(mapping: dict[str, str], external_ref_path: str | None, payload: Any) -> MappedEvent:
    """Evaluate every expression of ``mapping`` over ``payload``.

    Raises ValidationFailed (field = the target) for a value of the wrong type, a missing external
    reference when the source names a path for it, and an expression failing on this payload.
    """
    event = MappedEvent()
    if external_ref_path:
        ref = _search(external_ref_path, payload)
        text = _text(ref, "external_ref")
        if text is None:
            raise ValidationFailed(
                N_("The payload has no external reference at %(path)s."),
                field="external_ref",
                path=external_ref_path,
            )
        if len(text) > MAX_REF_LENGTH:
            raise ValidationFailed(
                N_("The external reference may have at most %(max)s characters."),
                field="external_ref",
                max=MAX_REF_LENGTH,
            )
        event.external_ref = text
    for target, expression in mapping.items():
        value = _search(expression, payload)
        if target.startswith(FIELD_PREFIX):
            if value is not None:
                event.fields[target[len(FIELD_PREFIX) :]] = value
        elif target in TEXT_TARGETS:
            setattr(event, target, _text(value, target))
        elif target == "priority":
            event.priority = _priority(value)
        elif target == "tags":
            event.tags = _tags(value)
        elif target == "category":
            event.category = _category(value)
    return event
