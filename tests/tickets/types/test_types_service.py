"""Admin use cases: types, fields (names, kinds, hiding, order) and categories."""

from __future__ import annotations

from datetime import date

import pydantic
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.core.errors import Conflict, NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from ticketwise.core.i18n import use_locale
from ticketwise.tickets.types import repository, service
from ticketwise.tickets.types.kinds import FieldKind
from ticketwise.tickets.types.models import TicketType
from ticketwise.tickets.types.registry import validate_fields
from ticketwise.tickets.types.schemas import (
    FieldIn,
    FieldOut,
    FieldPatch,
    TicketTypeIn,
    TicketTypeOut,
    TicketTypePatch,
)
from ticketwise.users.models import Team, User


@pytest.fixture
def plain_type(session: Session, admin: User) -> TicketType:
    return service.create_type(
        session, admin, TicketTypeIn(slug="plain", names={"zh": "普通", "en": "Plain"})
    )


def _columns(session: Session, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(session.connection()).get_columns(table)}


def test_api_example_payload_adds_a_date_field(session: Session, admin: User, plain_type: TicketType) -> None:
    payload = {
        "name": "warranty_until",
        "kind": "date",
        "label": {"zh": "保修截止日期", "en": "Warranty until"},
        "required": False,
    }
    field = service.add_field(session, admin, plain_type, FieldIn.model_validate(payload))
    assert "warranty_until" in _columns(session, "ext_plain")
    out = FieldOut.model_validate(field)
    assert out.label == {"zh": "保修截止日期", "en": "Warranty until"}
    assert (out.kind, out.required, out.hidden, out.position) == (FieldKind.DATE, False, False, 0)


def test_non_admins_are_refused(session: Session, agent: User, admin: User, plain_type: TicketType) -> None:
    with pytest.raises(PermissionDenied):
        service.create_type(session, agent, TicketTypeIn(slug="sneaky", names={"en": "Sneaky"}))
    with pytest.raises(PermissionDenied):
        service.add_field(
            session, agent, plain_type, FieldIn(name="x", kind=FieldKind.TEXT, label={"en": "X"})
        )
    with pytest.raises(NotAuthenticated):
        service.update_type(session, None, plain_type, TicketTypePatch(is_active=False))
    field = service.add_field(
        session, admin, plain_type, FieldIn(name="x", kind=FieldKind.TEXT, label={"en": "X"})
    )
    with pytest.raises(PermissionDenied):
        service.hide_field(session, agent, field)
    with pytest.raises(PermissionDenied):
        service.add_category(session, agent, plain_type, names={"en": "C"})
    assert not sa.inspect(session.connection()).has_table("ext_sneaky")


@pytest.mark.parametrize(
    "name", ["ticket_id", "id", "status", "title", "requester_id", "json", "model_x", "tags"]
)
def test_reserved_names_are_refused(session: Session, admin: User, plain_type: TicketType, name: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        service.add_field(
            session, admin, plain_type, FieldIn(name=name, kind=FieldKind.TEXT, label={"en": "X"})
        )
    assert caught.value.field == "name"


@pytest.mark.parametrize("name", ["Upper", "1st", "_x", "with-dash", "x" * 51, ""])
def test_malformed_names_are_refused(name: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        FieldIn(name=name, kind=FieldKind.TEXT, label={"en": "X"})


@pytest.mark.parametrize("slug", ["a", "Upper", "9lives", "has-dash", "x" * 40])
def test_malformed_slugs_are_refused(slug: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        TicketTypeIn(slug=slug, names={"en": "X"})


def test_labels_need_one_language() -> None:
    with pytest.raises(pydantic.ValidationError):
        TicketTypeIn(slug="ok_slug", names={"zh": " ", "en": ""})
    with pytest.raises(pydantic.ValidationError):
        TicketTypeIn(slug="ok_slug", names={"fr": "Bonjour"})
    assert TicketTypeIn(slug="ok_slug", names={"zh": " 你好 "}).names == {"zh": "你好"}


def test_duplicate_slug_and_field_names_conflict(
    session: Session, admin: User, plain_type: TicketType
) -> None:
    with pytest.raises(Conflict) as caught:
        service.create_type(session, admin, TicketTypeIn(slug="plain", names={"en": "Again"}))
    assert caught.value.field == "slug"
    service.add_field(
        session, admin, plain_type, FieldIn(name="serial", kind=FieldKind.TEXT, label={"en": "S"})
    )
    with pytest.raises(Conflict) as caught:
        service.add_field(
            session, admin, plain_type, FieldIn(name="serial", kind=FieldKind.TEXT, label={"en": "S"})
        )
    assert caught.value.field == "name"


def test_re_adding_a_hidden_field_unhides_it(session: Session, admin: User, plain_type: TicketType) -> None:
    field = service.add_field(
        session, admin, plain_type, FieldIn(name="serial", kind=FieldKind.TEXT, label={"en": "S"})
    )
    service.hide_field(session, admin, field)
    assert plain_type.visible_fields == []
    again = service.add_field(
        session, admin, plain_type, FieldIn(name="serial", kind=FieldKind.TEXT, label={"en": "Serial no."})
    )
    assert again is field
    assert (again.hidden, again.labels) == (False, {"en": "Serial no."})
    service.hide_field(session, admin, field)
    with pytest.raises(Conflict) as caught:
        service.add_field(
            session, admin, plain_type, FieldIn(name="serial", kind=FieldKind.INTEGER, label={"en": "S"})
        )
    assert caught.value.field == "name"


def test_definitions_must_suit_the_kind(session: Session, admin: User, plain_type: TicketType) -> None:
    cases = [
        (FieldIn(name="a", kind=FieldKind.SELECT, label={"en": "A"}), "options"),
        (
            FieldIn(
                name="a",
                kind=FieldKind.SELECT,
                label={"en": "A"},
                options=[{"value": "x", "labels": {"en": "X"}}, {"value": "x", "labels": {"en": "Y"}}],
            ),
            "options",
        ),
        (
            FieldIn(
                name="a",
                kind=FieldKind.TEXT,
                label={"en": "A"},
                options=[{"value": "x", "labels": {"en": "X"}}],
            ),
            "options",
        ),
        (
            FieldIn(name="a", kind=FieldKind.BOOLEAN, label={"en": "A"}, validation={"regex": "x"}),
            "validation.regex",
        ),
        (FieldIn(name="a", kind=FieldKind.TEXT, label={"en": "A"}, validation={"min": 1}), "validation.min"),
        (
            FieldIn(name="a", kind=FieldKind.TEXT, label={"en": "A"}, validation={"max_length": 501}),
            "validation.max_length",
        ),
        (
            FieldIn(name="a", kind=FieldKind.INTEGER, label={"en": "A"}, validation={"min": 1.5}),
            "validation.min",
        ),
        (
            FieldIn(name="a", kind=FieldKind.DATE, label={"en": "A"}, validation={"min": "soon"}),
            "validation.min",
        ),
        (
            FieldIn(name="a", kind=FieldKind.INTEGER, label={"en": "A"}, validation={"min": 5, "max": 1}),
            "validation.min",
        ),
        (FieldIn(name="a", kind=FieldKind.INTEGER, label={"en": "A"}, default="five"), "default"),
        (
            FieldIn(name="a", kind=FieldKind.INTEGER, label={"en": "A"}, default=0, validation={"min": 1}),
            "default",
        ),
    ]
    for definition, field in cases:
        with pytest.raises(ValidationFailed) as caught:
            service.add_field(session, admin, plain_type, definition)
        assert caught.value.field == field, definition
    assert "a" not in _columns(session, "ext_plain")
    with pytest.raises(pydantic.ValidationError):
        FieldIn(name="a", kind=FieldKind.TEXT, label={"en": "A"}, validation={"regex": "(unclosed"})
    with pytest.raises(pydantic.ValidationError):
        FieldIn(name="a", kind=FieldKind.TEXT, label={"en": "A"}, validation={"unknown_rule": 1})


def test_defaults_are_stored_as_json_and_applied(
    session: Session, admin: User, plain_type: TicketType
) -> None:
    field = service.add_field(
        session,
        admin,
        plain_type,
        FieldIn(name="due", kind=FieldKind.DATE, label={"en": "Due"}, default="2025-01-31"),
    )
    assert field.default == "2025-01-31"
    assert validate_fields(plain_type, {}, audience="agent") == {"due": date(2025, 1, 31)}


def test_update_field_keeps_name_and_kind(session: Session, admin: User, plain_type: TicketType) -> None:
    field = service.add_field(
        session, admin, plain_type, FieldIn(name="code", kind=FieldKind.TEXT, label={"en": "Code"})
    )
    service.update_field(
        session,
        admin,
        field,
        FieldPatch(
            label={"zh": "代码", "en": "Code"},
            help={"en": "Six letters"},
            required=True,
            customer_visible=False,
        ),
    )
    assert (field.labels, field.help, field.required, field.customer_visible) == (
        {"zh": "代码", "en": "Code"},
        {"en": "Six letters"},
        True,
        False,
    )
    assert (field.name, field.kind) == ("code", "text")
    with pytest.raises(pydantic.ValidationError):
        FieldPatch.model_validate({"kind": "integer"})
    with pytest.raises(pydantic.ValidationError):
        FieldPatch.model_validate({"name": "renamed"})


def test_indexes_can_be_added_not_removed(session: Session, admin: User, plain_type: TicketType) -> None:
    field = service.add_field(
        session, admin, plain_type, FieldIn(name="code", kind=FieldKind.REFERENCE, label={"en": "C"})
    )
    service.update_field(session, admin, field, FieldPatch(indexed=True))
    assert field.indexed
    assert [i["name"] for i in sa.inspect(session.connection()).get_indexes("ext_plain")] == [
        "ix_ext_plain_code"
    ]
    with pytest.raises(ValidationFailed) as caught:
        service.update_field(session, admin, field, FieldPatch(indexed=False))
    assert caught.value.field == "indexed"
    notes = FieldIn(name="notes", kind=FieldKind.LONG_TEXT, label={"en": "N"}, indexed=True)
    with pytest.raises(ValidationFailed):
        service.add_field(session, admin, plain_type, notes)


def test_reorder_fields(session: Session, admin: User, plain_type: TicketType) -> None:
    for name in ("a", "b", "c"):
        service.add_field(
            session, admin, plain_type, FieldIn(name=name, kind=FieldKind.TEXT, label={"en": name})
        )
    ordered = service.reorder_fields(session, admin, plain_type, ["c", "a"])
    assert [f.name for f in ordered] == ["c", "a", "b"]
    assert [f.name for f in plain_type.fields] == ["c", "a", "b"]
    for bad in (["c", "c"], ["zzz"]):
        with pytest.raises(ValidationFailed) as caught:
            service.reorder_fields(session, admin, plain_type, bad)
        assert caught.value.field == "names"


def test_update_type(session: Session, admin: User, plain_type: TicketType) -> None:
    team = Team(name="Desk")
    session.add(team)
    session.flush()
    service.update_type(
        session,
        admin,
        plain_type,
        TicketTypePatch(
            default_team_id=team.id, default_priority="P1", icon="bi-tools", is_active=False, names=None
        ),
    )
    assert (plain_type.default_team_id, plain_type.default_priority, plain_type.icon) == (
        team.id,
        "P1",
        "bi-tools",
    )
    assert plain_type.names == {"zh": "普通", "en": "Plain"}
    assert plain_type not in repository.list_types(session)
    assert plain_type in repository.list_types(session, active_only=False)
    service.update_type(session, admin, plain_type, TicketTypePatch(default_team_id=None))
    assert plain_type.default_team_id is None
    with pytest.raises(ValidationFailed) as caught:
        service.update_type(session, admin, plain_type, TicketTypePatch(default_team_id=999_999))
    assert caught.value.field == "default_team_id"


def test_categories(session: Session, admin: User, plain_type: TicketType) -> None:
    hardware = service.add_category(session, admin, plain_type, names={"zh": "硬件", "en": "Hardware"})
    printer = service.add_category(session, admin, plain_type, names={"en": "Printer"}, parent_id=hardware.id)
    software = service.add_category(session, admin, plain_type, names={"en": "Software"})
    assert (hardware.position, software.position, printer.position) == (0, 1, 0)
    assert printer.parent_id == hardware.id
    service.update_category(session, admin, printer, names={"zh": "打印机"}, position=3, is_active=False)
    assert (printer.names, printer.position, printer.is_active) == ({"zh": "打印机"}, 3, False)
    assert printer not in repository.list_categories(session, plain_type.id)
    with pytest.raises(ValidationFailed) as caught:
        service.add_category(session, admin, plain_type, names={"en": " "})
    assert caught.value.field == "names"

    other = service.create_type(session, admin, TicketTypeIn(slug="other", names={"en": "Other"}))
    with pytest.raises(ValidationFailed) as caught:
        service.add_category(session, admin, other, names={"en": "Child"}, parent_id=hardware.id)
    assert caught.value.field == "parent_id"


def test_repository_lookups(session: Session, plain_type: TicketType) -> None:
    assert repository.get_type_by_slug(session, "plain") is plain_type
    assert repository.get_type(session, plain_type.id) is plain_type
    with use_locale("en"), pytest.raises(NotFound) as caught:
        repository.get_type_by_slug(session, "missing")
    assert caught.value.translated() == "Ticket type not found."
    with pytest.raises(NotFound):
        repository.get_field(session, 999_999)
    with pytest.raises(NotFound):
        repository.get_category(session, 999_999)


def test_type_with_fields_loads_fields_in_order_and_categories_on_use(
    session: Session, admin: User, plain_type: TicketType
) -> None:
    for name, position in (("second", 1), ("first", 0)):
        field = service.add_field(
            session, admin, plain_type, FieldIn(name=name, kind=FieldKind.TEXT, label={"en": name})
        )
        field.position = position
    service.add_category(session, admin, plain_type, names={"en": "Hardware"})
    session.flush()
    session.expunge_all()

    loaded = repository.find_type_with_fields(session, "plain")
    assert loaded is not None and loaded.id == plain_type.id
    state = sa.inspect(loaded)
    assert "fields" not in state.unloaded and "categories" in state.unloaded
    assert [field.name for field in loaded.fields] == ["first", "second"]
    assert [category.name for category in loaded.categories] == ["Hardware"]
    assert repository.find_type_with_fields(session, "missing") is None


def test_type_out(session: Session, admin: User, plain_type: TicketType) -> None:
    service.add_field(
        session,
        admin,
        plain_type,
        FieldIn(name="code", kind=FieldKind.TEXT, label={"zh": "代码", "en": "Code"}),
    )
    service.add_category(session, admin, plain_type, names={"zh": "硬件", "en": "Hardware"})
    with use_locale("en"):
        out = TicketTypeOut.model_validate(plain_type)
    assert (out.slug, out.name, out.builtin, out.public_form) == ("plain", "Plain", False, True)
    assert [f.name for f in out.fields] == ["code"]
    assert out.categories[0].name == "Hardware"
    assert out.model_dump(mode="json")["default_priority"] == "P2"
