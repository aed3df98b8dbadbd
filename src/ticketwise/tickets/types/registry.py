"""Pydantic models, validation, form parsing and extraction derived from a type's field definitions.

Nothing here touches the database: everything is computed from a loaded :class:`TicketType`.
Generated models are cached per (type id, audience, partial, fingerprint of the definitions), so a
changed definition produces a new model and an unchanged one costs a dictionary lookup.

Errors are :class:`ValidationFailed` with ``field="fields.<name>"`` and a message that names the
field by its label in the current language.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

import pydantic
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, HttpUrl, TypeAdapter
from pydantic_core import ErrorDetails, PydanticCustomError

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.types.kinds import (
    DECIMAL_MAX_DIGITS,
    DECIMAL_PLACES,
    DEFAULT_FORM_TIMEZONE,
    FieldKind,
    spec_for,
)
from ticketwise.tickets.types.models import TicketField, TicketType

Audience = Literal["customer", "agent"]

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
INT_MAX = 2**31 - 1
PHONE_PATTERN = re.compile(r"\+?[0-9][0-9 ()\-./]{1,38}[0-9)]")
MODEL_CACHE_SIZE = 512

_http_url = TypeAdapter(HttpUrl)

# Pydantic error type -> (message, name of the limit in the error context).
_MESSAGES: dict[str, tuple[str, str | None]] = {
    "missing": (N_("%(name)s is required."), None),
    "string_too_short": (N_("%(name)s must be at least %(limit)s characters long."), "min_length"),
    "string_too_long": (N_("%(name)s must be at most %(limit)s characters long."), "max_length"),
    "string_pattern_mismatch": (N_("%(name)s is not in the expected format."), None),
    "greater_than_equal": (N_("%(name)s must be at least %(limit)s."), "ge"),
    "less_than_equal": (N_("%(name)s must be at most %(limit)s."), "le"),
    "literal_error": (N_("%(name)s must be one of the offered choices."), None),
}
REQUIRED_MESSAGE = _MESSAGES["missing"][0]


def fields_for(ticket_type: TicketType, audience: Audience) -> list[TicketField]:
    """The fields a form or API shows to this audience: not hidden; customers see customer_visible ones."""
    return [field for field in ticket_type.visible_fields if audience == "agent" or field.customer_visible]


def _blank_to_none(value: Any) -> Any:
    """Empty input means "no value": ``""``, whitespace and ``[]`` become ``None``; text is stripped."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and not value:
        return None
    return value


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _check_url(value: str) -> str:
    if not value.lower().startswith(("http://", "https://")):
        raise PydanticCustomError("url_scheme", "URL scheme should be 'http' or 'https'")
    _http_url.validate_python(value)
    return value


def _check_phone(value: str) -> str:
    if not PHONE_PATTERN.fullmatch(value):
        raise PydanticCustomError("phone_invalid", "Not a phone number")
    return value


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _constraints(field: TicketField) -> tuple[Any, dict[str, Any], list[Any]]:
    """``(base annotation, Field() constraints, extra validators)`` for one field."""
    spec = spec_for(field.kind)
    kind = spec.kind
    rules = field.validation or {}
    values = tuple(option["value"] for option in field.options or [])
    constraints: dict[str, Any] = {}
    validators: list[Any] = []
    base: Any = spec.annotation
    if kind is FieldKind.SELECT and values:
        base = Literal[values]  # type: ignore[valid-type]
    elif kind is FieldKind.MULTI_SELECT:
        base = list[Literal[values]] if values else list[str]  # type: ignore[valid-type]
        validators.append(AfterValidator(_unique))
    elif kind is FieldKind.URL:
        validators.append(AfterValidator(_check_url))
    elif kind is FieldKind.PHONE:
        validators.append(AfterValidator(_check_phone))
    if spec.text_like or kind is FieldKind.URL:
        limit = spec.max_length or 0
        constraints["max_length"] = min(rules.get("max_length") or limit, limit)
        if rules.get("min_length"):
            constraints["min_length"] = rules["min_length"]
        if rules.get("regex"):
            # Anchored: a pattern describes the whole value, as admins expect.
            constraints["pattern"] = f"^(?:{rules['regex']})$"
    if kind is FieldKind.INTEGER:
        constraints["ge"] = max(int(rules["min"]), BIGINT_MIN) if "min" in rules else BIGINT_MIN
        constraints["le"] = min(int(rules["max"]), BIGINT_MAX) if "max" in rules else BIGINT_MAX
    elif kind is FieldKind.DECIMAL:
        constraints.update(max_digits=DECIMAL_MAX_DIGITS, decimal_places=DECIMAL_PLACES)
        if "min" in rules:
            constraints["ge"] = Decimal(str(rules["min"]))
        if "max" in rules:
            constraints["le"] = Decimal(str(rules["max"]))
    elif kind is FieldKind.DATE:
        for rule, bound in (("min", "ge"), ("max", "le")):
            limit_date = _as_date(rules.get(rule)) if rule in rules else None
            if limit_date is not None:
                constraints[bound] = limit_date
    elif kind is FieldKind.USER:
        constraints.update(ge=1, le=INT_MAX)
    return base, constraints, validators


def _field_definition(field: TicketField, *, partial: bool) -> tuple[Any, Any]:
    base, constraints, validators = _constraints(field)
    annotation: Any = Annotated[base, Field(**constraints), *validators]
    if not field.required:
        annotation = annotation | None
    # Blank input is normalised first, so "" for a required field reports "required".
    annotation = Annotated[annotation, BeforeValidator(_blank_to_none)]
    if partial:
        # Unset keys are left out of the result; a required field still refuses an explicit None.
        return annotation, None
    if field.default is not None:
        # Defaults are stored as JSON (a date as "2024-05-01"); validating turns them into values.
        return annotation, Field(field.default, validate_default=True)
    return annotation, (... if field.required else None)


def _fingerprint(fields: list[TicketField]) -> str:
    return json.dumps(
        [
            [f.name, f.kind, f.required, f.default, f.validation, [o.get("value") for o in f.options or []]]
            for f in fields
        ],
        sort_keys=True,
        default=str,
    )


# Python's re: admins write Python-style patterns (look-arounds included), and so do extractors.
_MODEL_CONFIG = ConfigDict(extra="forbid", regex_engine="python-re")
_models: OrderedDict[tuple[Any, ...], type[pydantic.BaseModel]] = OrderedDict()
_models_lock = threading.Lock()


def field_model(
    ticket_type: TicketType, *, audience: Audience, partial: bool = False
) -> type[pydantic.BaseModel]:
    """The Pydantic model of a type's fields for an audience (extra keys forbidden).

    ``partial`` makes every field optional and leaves unset ones out of ``model_dump(exclude_unset=True)``
    (for edits); otherwise required fields must be present and missing ones take their default.
    """
    fields = fields_for(ticket_type, audience)
    key = (ticket_type.id, ticket_type.slug, audience, partial, _fingerprint(fields))
    with _models_lock:
        model = _models.get(key)
        if model is not None:
            _models.move_to_end(key)
            return model
    suffix = ("Customer" if audience == "customer" else "Agent") + ("Patch" if partial else "")
    name = "".join(part.title() for part in ticket_type.slug.split("_")) + "Fields" + suffix
    model = pydantic.create_model(  # type: ignore[call-overload]
        name,
        __config__=_MODEL_CONFIG,
        **{field.name: _field_definition(field, partial=partial) for field in fields},
    )
    with _models_lock:
        _models[key] = model
        while len(_models) > MODEL_CACHE_SIZE:
            _models.popitem(last=False)
    return model


def _error_for(error: ErrorDetails, field: TicketField) -> ValidationFailed:
    """The first Pydantic error of a field as a ValidationFailed naming the field's label."""
    kwargs: dict[str, Any] = {"field": f"fields.{field.name}", "name": field.label}
    if error["input"] is None and len(error["loc"]) == 1:
        return ValidationFailed(REQUIRED_MESSAGE, **kwargs)
    message, limit_key = _MESSAGES.get(error["type"], (spec_for(field.kind).invalid_message, None))
    if limit_key is not None:
        kwargs["limit"] = (error.get("ctx") or {}).get(limit_key)
    return ValidationFailed(message, **kwargs)


def validate_value(field: TicketField, value: Any) -> Any:
    """One value for one field, cleaned like :func:`validate_fields` does (e.g. a field's default).

    Raises ValidationFailed (``fields.<name>``) naming the field.
    """
    annotation, _default = _field_definition(field, partial=False)
    model = pydantic.create_model(  # type: ignore[call-overload]
        "FieldValue", __config__=_MODEL_CONFIG, **{field.name: (annotation, ...)}
    )
    try:
        return getattr(model.model_validate({field.name: value}), field.name)
    except pydantic.ValidationError as exc:
        raise _error_for(exc.errors()[0], field) from None


def validate_fields(
    ticket_type: TicketType, data: Mapping[str, Any], *, audience: Audience, partial: bool = False
) -> dict[str, Any]:
    """Clean values of the type's fields from API or form data.

    Raises ValidationFailed with ``field="fields.<key>"`` for a key that is not a field this audience
    may set (unknown, hidden, or agent-only for customers), and for the first invalid value, naming
    the field's label. Without ``partial`` every visible field is in the result (defaults for
    missing ones); with it only the keys sent.
    """
    fields = {field.name: field for field in fields_for(ticket_type, audience)}
    for key in data:
        if key not in fields:
            raise ValidationFailed(
                N_("%(name)s is not a field of this ticket type."), field=f"fields.{key}", name=key
            )
    model = field_model(ticket_type, audience=audience, partial=partial)
    try:
        instance = model.model_validate(dict(data))
    except pydantic.ValidationError as exc:
        error = exc.errors()[0]
        raise _error_for(error, fields[str(error["loc"][0])]) from None
    return instance.model_dump(exclude_unset=partial)


def parse_form_fields(
    ticket_type: TicketType,
    form: Mapping[str, Any],
    *,
    audience: Audience,
    prefix: str = "f_",
    partial: bool = False,
    tz: str = DEFAULT_FORM_TIMEZONE,
) -> dict[str, Any]:
    """Parse and validate the inputs named ``<prefix><field>`` of a submitted form.

    ``form`` maps names to a string or a list of strings; a multi-dict with ``getlist`` (Starlette's
    FormData) works as is. Naive date-times are read in ``tz``. An unchecked checkbox sends nothing,
    so a missing boolean is ``False`` unless ``partial`` (partial forms send a hidden ``false``
    before each checkbox). Returns what :func:`validate_fields` returns; raises ValidationFailed.
    """
    getlist = getattr(form, "getlist", None)
    data: dict[str, Any] = {}
    for field in fields_for(ticket_type, audience):
        key = prefix + field.name
        spec = spec_for(field.kind)
        if key in form:
            raw = getlist(key) if getlist is not None else form[key]
            try:
                data[field.name] = spec.parse_form(raw, tz=tz)
            except ValueError:
                raise ValidationFailed(
                    spec.invalid_message, field=f"fields.{field.name}", name=field.label
                ) from None
        elif spec.kind is FieldKind.BOOLEAN and not partial:
            data[field.name] = False
    return validate_fields(ticket_type, data, audience=audience, partial=partial)


def apply_extractors(ticket_type: TicketType, text: str) -> dict[str, Any]:
    """Values of visible fields found in free text by the type's extractors.

    Each extractor is ``{"field": name, "pattern": regex}``; the value is the group named ``value``,
    else the first group, else the whole match. The first extractor that yields a valid value for a
    field wins; a value that does not validate (or a pattern that does not compile) is skipped, never
    an error, because intake must not fail on free text.
    """
    fields = {field.name: field for field in ticket_type.visible_fields}
    found: dict[str, Any] = {}
    for extractor in ticket_type.extractors or []:
        name = extractor.get("field", "")
        field = fields.get(name)
        if field is None or name in found:
            continue
        try:
            match = re.search(extractor.get("pattern", ""), text or "")
        except re.error:
            continue
        if match is None:
            continue
        if "value" in match.re.groupindex:
            raw = match.group("value")
        else:
            raw = match.group(1) if match.re.groups else match.group(0)
        if not raw:
            continue
        try:
            value = spec_for(field.kind).parse_form(raw)
            clean = validate_fields(ticket_type, {name: value}, audience="agent", partial=True)
        except (ValueError, ValidationFailed):
            continue
        if clean.get(name) is not None:
            found[name] = clean[name]
    return found
