"""Administration of ticket types, their fields and categories (DESIGN §4). Admins only.

Every function checks ``require_admin(actor)`` first, only flushes, and changes extension tables
through :mod:`ticketwise.tickets.types.schema` (additively: a removed field is hidden, never dropped).
A new column is created before its field row: extension tables are built from the definitions (see
``schema.extension_table``), so a definition must never exist without its column.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pydantic
import sqlalchemy as sa
from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import repository
from ticketwise.tickets.types.kinds import FieldKind, spec_for
from ticketwise.tickets.types.models import Category, TicketField, TicketType
from ticketwise.tickets.types.registry import validate_value
from ticketwise.tickets.types.schema import add_column, add_index, ensure_table
from ticketwise.tickets.types.schemas import (
    FieldIn,
    FieldPatch,
    LocalizedText,
    TicketTypeIn,
    TicketTypePatch,
)
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

# SQLite allows 2000 columns and PostgreSQL 1600; far fewer keeps forms usable.
MAX_FIELDS_PER_TYPE = 200

# Names a field may not take: the extension key, core ticket columns and attributes (so API payloads
# and filters never mix the two), and attributes of Pydantic models (generated models would break).
RESERVED_FIELD_NAMES = frozenset(
    {"id", "ticket_id", "fields", "tags"}
    | set(Ticket.__table__.columns.keys())
    | set(sa.inspect(Ticket).attrs.keys())
    | {name for name in dir(pydantic.BaseModel) if not name.startswith("_")}
)
_CHOICE_KINDS = (FieldKind.SELECT, FieldKind.MULTI_SELECT)
_localized = TypeAdapter(LocalizedText)
_json_value = TypeAdapter(Any)


def _check_name(name: str) -> None:
    if name in RESERVED_FIELD_NAMES or name.startswith("model_"):
        raise ValidationFailed(
            N_("The name %(name)s is reserved; choose another one."), field="name", name=name
        )


def _check_team(session: Session, team_id: int | None) -> None:
    if team_id is not None and not repository.team_exists(session, team_id):
        raise ValidationFailed(N_("This team does not exist."), field="default_team_id")


def _check_options(kind: FieldKind, options: list[dict[str, Any]]) -> None:
    if kind in _CHOICE_KINDS:
        if not options:
            raise ValidationFailed(N_("A choice field needs at least one option."), field="options")
        values = [option["value"] for option in options]
        if len(set(values)) != len(values):
            raise ValidationFailed(N_("Option values must be unique."), field="options")
    elif options:
        raise ValidationFailed(N_("Only choice fields have options."), field="options")


def _check_rules(kind: FieldKind, rules: dict[str, Any]) -> None:
    """Each rule must suit the kind, and ``min``/``max`` must be numbers or dates as the kind needs."""
    spec = spec_for(kind)
    for key in rules:
        allowed = spec.text_like if key in ("regex", "min_length", "max_length") else spec.bounded
        if not allowed:
            raise ValidationFailed(
                N_("This rule does not apply to fields of this kind."), field=f"validation.{key}"
            )
    if spec.max_length and rules.get("max_length", 0) > spec.max_length:
        raise ValidationFailed(
            N_("The maximum length of this kind is %(limit)s."),
            field="validation.max_length",
            limit=spec.max_length,
        )
    bounds: dict[str, Any] = {}
    for key in ("min", "max"):
        if key not in rules:
            continue
        value = rules[key]
        try:
            if kind is FieldKind.DATE:
                bounds[key] = date.fromisoformat(str(value))
            elif kind is FieldKind.INTEGER and (isinstance(value, bool) or value != int(value)):
                raise ValueError(value)
            else:
                bounds[key] = float(value)
        except (TypeError, ValueError):
            raise ValidationFailed(
                N_("This limit does not suit fields of this kind."), field=f"validation.{key}"
            ) from None
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        raise ValidationFailed(N_("The minimum is greater than the maximum."), field="validation.min")


def _stored_default(field: TicketField, default: Any) -> Any:
    """The default as stored (JSON form), after checking it is a valid value of the field."""
    if default is None:
        return None
    probe = TicketField(
        name=field.name,
        kind=field.kind,
        labels=field.labels,
        required=False,
        validation=field.validation,
        options=field.options,
    )
    try:
        value = validate_value(probe, default)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field="default", **exc.params) from None
    return _json_value.dump_python(value, mode="json")


def _apply_definition(field: TicketField, values: dict[str, Any]) -> None:
    """Set labels, help, rules, options and default on ``field`` after checking them against its kind."""
    kind = FieldKind(field.kind)
    options = values.get("options", field.options) or []
    rules = values.get("validation", field.validation) or {}
    _check_options(kind, options)
    _check_rules(kind, rules)
    field.options = options
    field.validation = rules
    for attribute in ("labels", "help", "required", "customer_visible"):
        if attribute in values:
            setattr(field, attribute, values[attribute])
    if "default" in values:
        field.default = _stored_default(field, values["default"])


def create_type(session: Session, actor: User | None, data: TicketTypeIn) -> TicketType:
    """A new (non-built-in) type, last in order, with its empty extension table.

    Raises Conflict (``slug``) if the slug is taken, ValidationFailed for an unknown team.
    """
    require_admin(actor)
    if repository.find_type_by_slug(session, data.slug) is not None:
        raise Conflict(N_("A ticket type with this slug already exists."), field="slug")
    _check_team(session, data.default_team_id)
    values = data.model_dump(mode="json")
    ticket_type = TicketType(**values, position=repository.next_type_position(session), builtin=False)
    session.add(ticket_type)
    session.flush()
    ensure_table(session, ticket_type)
    return ticket_type


def update_type(
    session: Session, actor: User | None, ticket_type: TicketType, data: TicketTypePatch
) -> TicketType:
    """Change the keys sent; ``null`` clears the default team and leaves other attributes unchanged."""
    require_admin(actor)
    for key, value in data.model_dump(mode="json", exclude_unset=True).items():
        if key == "default_team_id":
            _check_team(session, value)
        elif value is None:
            continue
        setattr(ticket_type, key, value)
    session.flush()
    return ticket_type


def add_field(session: Session, actor: User | None, ticket_type: TicketType, data: FieldIn) -> TicketField:
    """Add a field (and its column) at the end of the form.

    A hidden field of the same name and kind is shown again with the new definition (its data was
    kept). Raises ValidationFailed (``name``) for a reserved name or too many fields, Conflict
    (``name``) for a visible field of that name or a hidden one of another kind, and ValidationFailed
    for options, rules or a default that do not suit the kind.
    """
    require_admin(actor)
    _check_name(data.name)
    values = data.model_dump(mode="json")
    values["labels"] = values.pop("label")
    existing = repository.find_field(session, ticket_type.id, data.name)
    if existing is not None:
        if not existing.hidden:
            raise Conflict(N_("This type already has a field named %(name)s."), field="name", name=data.name)
        if existing.kind != data.kind:
            raise Conflict(
                N_("A removed field named %(name)s exists with another kind; choose another name."),
                field="name",
                name=data.name,
            )
        _apply_definition(existing, values)
        existing.hidden = False
        add_column(session, ticket_type, existing)
        _index_if_asked(session, ticket_type, existing, data.indexed)
        session.flush()
        return existing
    if repository.count_fields(session, ticket_type.id) >= MAX_FIELDS_PER_TYPE:
        raise ValidationFailed(
            N_("A ticket type can have at most %(limit)s fields."), field="name", limit=MAX_FIELDS_PER_TYPE
        )
    field = TicketField(
        name=data.name,
        kind=data.kind.value,
        labels={},
        help={},
        required=False,
        validation={},
        options=[],
        customer_visible=True,
        hidden=False,
        indexed=False,
        position=repository.next_field_position(session, ticket_type.id),
    )
    _apply_definition(field, values)
    add_column(session, ticket_type, field)
    ticket_type.fields.append(field)
    session.flush()
    _index_if_asked(session, ticket_type, field, data.indexed)
    return field


def _index_if_asked(session: Session, ticket_type: TicketType, field: TicketField, indexed: bool) -> None:
    if indexed and not field.indexed:
        add_index(session, ticket_type, field)
        field.indexed = True


def update_field(session: Session, actor: User | None, field: TicketField, data: FieldPatch) -> TicketField:
    """Change labels, help, required, default, rules, options or visibility; name and kind never change.

    ``indexed`` can be turned on, not off (indexes are never dropped): turning it off raises
    ValidationFailed (``indexed``).
    """
    require_admin(actor)
    values = {
        key: value
        for key, value in data.model_dump(mode="json", exclude_unset=True).items()
        if value is not None or key == "default"
    }
    if "label" in values:
        values["labels"] = values.pop("label")
    indexed = values.pop("indexed", None)
    if indexed is False and field.indexed:
        raise ValidationFailed(N_("An index is never removed; this field stays indexed."), field="indexed")
    _apply_definition(field, values)
    _index_if_asked(session, field.ticket_type, field, bool(indexed))
    session.flush()
    return field


def hide_field(session: Session, actor: User | None, field: TicketField) -> TicketField:
    """Remove a field from forms, APIs and panels; its column and data stay."""
    require_admin(actor)
    field.hidden = True
    session.flush()
    return field


def unhide_field(session: Session, actor: User | None, field: TicketField) -> TicketField:
    """Show a hidden field again, with the data it had."""
    require_admin(actor)
    field.hidden = False
    session.flush()
    return field


def reorder_fields(
    session: Session, actor: User | None, ticket_type: TicketType, names: list[str]
) -> list[TicketField]:
    """Put the named fields first, in that order; the others follow in their current order.

    Raises ValidationFailed (``names``) for an unknown or repeated name. Returns the fields in order.
    """
    require_admin(actor)
    by_name = {field.name: field for field in ticket_type.fields}
    if len(set(names)) != len(names) or any(name not in by_name for name in names):
        raise ValidationFailed(N_("List each field of this type at most once."), field="names")
    listed = set(names)
    ordered = [by_name[name] for name in names] + [f for f in ticket_type.fields if f.name not in listed]
    for position, field in enumerate(ordered):
        field.position = position
    session.flush()
    session.expire(ticket_type, ["fields"])
    return ordered


def _clean_names(names: dict[str, str]) -> dict[str, str]:
    try:
        return _localized.validate_python(names)
    except pydantic.ValidationError:
        raise ValidationFailed(N_("Give a name in Chinese or English."), field="names") from None


def add_category(
    session: Session,
    actor: User | None,
    ticket_type: TicketType,
    *,
    names: dict[str, str],
    parent_id: int | None = None,
) -> Category:
    """A category at the end of its level; the parent must belong to the same type."""
    require_admin(actor)
    clean = _clean_names(names)
    if parent_id is not None:
        parent = repository.find_category(session, parent_id)
        if parent is None or parent.type_id != ticket_type.id:
            raise ValidationFailed(
                N_("The parent category is not a category of this type."), field="parent_id"
            )
    category = Category(
        names=clean,
        parent_id=parent_id,
        position=repository.next_category_position(session, ticket_type.id, parent_id),
        is_active=True,
    )
    ticket_type.categories.append(category)
    session.flush()
    return category


def update_category(
    session: Session,
    actor: User | None,
    category: Category,
    *,
    names: dict[str, str] | None = None,
    position: int | None = None,
    is_active: bool | None = None,
) -> Category:
    """Rename, move within its level or (de)activate a category; ``None`` leaves a value unchanged."""
    require_admin(actor)
    if names is not None:
        category.names = _clean_names(names)
    if position is not None:
        if position < 0:
            raise ValidationFailed(N_("The position cannot be negative."), field="position")
        category.position = position
    if is_active is not None:
        category.is_active = is_active
    session.flush()
    return category
