"""Between the admin form of a ticket type's field and the shapes the types service takes.

Options are ``value|中文|English`` lines; "minimum" and "maximum" bound the length of text kinds and
the value of numbers and dates; a default is typed the way the kind reads a submitted value. These
functions turn the form into :class:`FieldIn` / :class:`FieldPatch` and back, placing translated
messages beside the inputs for the Pydantic errors of those shapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pydantic

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.types.kinds import FieldKind, spec_for
from ticketwise.tickets.types.models import TicketField
from ticketwise.tickets.types.schemas import FieldIn, FieldPatch
from ticketwise.web.admin.forms import GENERAL, FormState, is_on, optional_int, split_list
from ticketwise.web.admin.type_forms import localized, place

FIELD_INPUTS = (
    "name",
    "kind",
    "label_zh",
    "label_en",
    "help_zh",
    "help_en",
    "required",
    "default",
    "options",
    "validation_regex",
    "validation_min",
    "validation_max",
    "customer_visible",
    "indexed",
)
# Service error fields -> the input that shows the message.
_FIELD_MESSAGES = {
    "name": (
        "name",
        N_("Use lower-case letters, digits and underscores, starting with a letter (at most 50)."),
    ),
    "kind": ("kind", N_("Choose one of the allowed values.")),
    "label": ("label_zh", N_("Give a label in Chinese or English, at most 200 characters.")),
    "help": ("help_zh", N_("Use at most %(count)d characters per language."), {"count": 2000}),
}
_OPTION_MESSAGE = N_(
    "Line %(line)d: write value|中文|English; the value cannot be empty or start or end with a space."
)
_REGEX_MESSAGE = N_("This is not a valid regular expression.")
_MIN_MAX_MESSAGE = N_("The minimum is greater than the maximum.")


def field_values(field: TicketField) -> dict[str, Any]:
    """The edit form of an existing field."""
    spec = spec_for(field.kind)
    rules = field.validation or {}
    lower, upper = ("min_length", "max_length") if spec.text_like else ("min", "max")
    return {
        "name": field.name,
        "kind": field.kind,
        "label_zh": field.labels.get("zh", ""),
        "label_en": field.labels.get("en", ""),
        "help_zh": (field.help or {}).get("zh", ""),
        "help_en": (field.help or {}).get("en", ""),
        "required": field.required,
        "customer_visible": field.customer_visible,
        "indexed": field.indexed,
        "default": _default_text(field),
        "options": "\n".join(
            "|".join(
                [o["value"], o.get("labels", {}).get("zh", ""), o.get("labels", {}).get("en", "")]
            ).rstrip("|")
            for o in field.options or []
        ),
        "validation_regex": rules.get("regex", ""),
        "validation_min": "" if rules.get(lower) is None else str(rules[lower]),
        "validation_max": "" if rules.get(upper) is None else str(rules[upper]),
    }


def _default_text(field: TicketField) -> str:
    default = field.default
    if default is None:
        return ""
    if field.kind == FieldKind.MULTI_SELECT and isinstance(default, list):
        return ", ".join(str(item) for item in default)
    if field.kind == FieldKind.JSON:
        return json.dumps(default, ensure_ascii=False)
    if field.kind == FieldKind.BOOLEAN:
        return "true" if default else "false"
    return str(default)


def _option_lines(text: str | None) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        value, zh, en = (part.strip() for part in (line.strip().split("|") + ["", ""])[:3])
        # A bare value is its own label, so a quick list of choices needs no translation first.
        labels = {lang: text for lang, text in (("zh", zh), ("en", en)) if text} or {"en": value}
        yield number, {"value": value, "labels": labels}


def _number(text: str, kind: FieldKind, input_name: str) -> int | float | str:
    """A limit typed into the form as the kind needs it: whole numbers, numbers, or ISO dates."""
    try:
        if kind is FieldKind.INTEGER:
            return int(text)
        if kind is FieldKind.DECIMAL:
            return float(text)
    except ValueError:
        raise ValidationFailed(
            N_("This limit does not suit fields of this kind."), field=input_name
        ) from None
    return text


def _rules(values: dict[str, Any], kind: FieldKind) -> dict[str, Any]:
    """The validation rules: ``min``/``max`` bound the length of text kinds and the value of others."""
    spec = spec_for(kind)
    rules: dict[str, Any] = {}
    if values.get("validation_regex"):
        rules["regex"] = values["validation_regex"]
    for bound, input_name in (("min", "validation_min"), ("max", "validation_max")):
        text = str(values.get(input_name, "") or "").strip()
        if not text:
            continue
        if spec.text_like:
            rules[f"{bound}_length"] = optional_int(text, field_name=input_name)
        else:
            rules[bound] = _number(text, kind, input_name)
    return rules


def _default(values: dict[str, Any], kind: FieldKind) -> Any:
    """The default typed into the form, read the way the kind reads a submitted value."""
    text = str(values.get("default", "") or "")
    if not text.strip():
        return None
    raw: str | list[str] = split_list(text) if kind is FieldKind.MULTI_SELECT else text
    try:
        return spec_for(kind).parse_form(raw)
    except ValueError:
        raise ValidationFailed(
            spec_for(kind).invalid_message,
            field="default",
            name=values.get("label_zh") or values.get("label_en") or values.get("name", ""),
        ) from None


def _field_payload(values: dict[str, Any], kind: FieldKind) -> tuple[dict[str, Any], list[int]]:
    options = (
        list(_option_lines(values.get("options")))
        if kind in (FieldKind.SELECT, FieldKind.MULTI_SELECT)
        else []
    )
    payload = {
        "label": localized(values, "label"),
        "help": localized(values, "help"),
        "required": is_on(values.get("required")),
        "customer_visible": is_on(values.get("customer_visible")),
        "indexed": is_on(values.get("indexed")),
        "default": _default(values, kind),
        "validation": _rules(values, kind),
        "options": [option for _, option in options],
    }
    return payload, [number for number, _ in options]


def _field_errors(
    state: FormState, exc: pydantic.ValidationError, payload: dict[str, Any], option_lines: list[int]
) -> None:
    for error in exc.errors():
        loc = error["loc"]
        key = str(loc[0]) if loc else ""
        if key == "options":
            index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
            line = option_lines[index] if index < len(option_lines) else len(option_lines)
            place(state, "options", _OPTION_MESSAGE, {"line": line})
        elif key == "validation":
            regex = payload["validation"].get("regex")
            if regex is not None and not _compiles(regex):
                place(state, "validation_regex", _REGEX_MESSAGE)
            else:
                place(state, "validation_min", _MIN_MAX_MESSAGE)
        elif key in _FIELD_MESSAGES:
            place(state, *_FIELD_MESSAGES[key])
        else:
            place(state, GENERAL, N_("Please check the form."))


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _kind(state: FormState) -> FieldKind | None:
    try:
        return FieldKind(state.get("kind"))
    except ValueError:
        place(state, "kind", N_("Choose one of the allowed values."))
        return None


def new_field(state: FormState) -> FieldIn | None:
    """The new field the form describes, or None with the errors placed in ``state``.

    Raises ValidationFailed for a default or a limit the kind cannot read.
    """
    kind = _kind(state)
    if kind is None:
        return None
    payload, lines = _field_payload(state.values, kind)
    payload.update(name=state.get("name"), kind=kind.value)
    try:
        return FieldIn.model_validate(payload)
    except pydantic.ValidationError as exc:
        _field_errors(state, exc, payload, lines)
        return None


def field_patch(state: FormState, field: TicketField) -> FieldPatch | None:
    """Every editable attribute of ``field`` from its edit form (name and kind stay), or None with
    the errors placed in ``state``. Raises ValidationFailed like :func:`new_field`."""
    kind = FieldKind(field.kind)
    payload, lines = _field_payload(state.values, kind)
    if field.indexed:
        payload["indexed"] = True  # an index is never removed; the form shows it as fixed
    try:
        return FieldPatch.model_validate(payload)
    except pydantic.ValidationError as exc:
        _field_errors(state, exc, payload, lines)
        return None


def kind_traits() -> dict[str, dict[str, bool]]:
    """Which inputs of the field form apply to each kind (the form shows only those)."""
    return {
        kind.value: {
            "text_like": spec_for(kind).text_like,
            "bounded": spec_for(kind).bounded,
            "choice": kind in (FieldKind.SELECT, FieldKind.MULTI_SELECT),
            "indexable": spec_for(kind).indexable,
        }
        for kind in FieldKind
    }
