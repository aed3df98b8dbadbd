"""Admin pages for ticket types, their fields (the extension table follows at once) and categories."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from ticketwise.tickets.types import repository


def columns(session, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(session.connection()).get_columns(table)}


def has_table(session, table: str) -> bool:
    return sa.inspect(session.connection()).has_table(table)


@pytest.fixture
def printers(admin_client, session, post):
    """A type "printers" added through the form."""
    response = post(
        admin_client,
        "/admin/types/new",
        {
            "slug": "printers",
            "name_zh": "打印机",
            "name_en": "Printers",
            "description_en": "Printer trouble",
            "icon": "bi-printer",
            "default_priority": "P2",
            "public_form": "on",
            "ai_keywords": "打印机\nprinter\n\n",
            "ai_examples": "The printer jams",
            "extractors": "",
        },
    )
    assert response.status_code == 303, response.text
    return repository.get_type_by_slug(session, "printers")


def add_field(client, post, slug, **values):
    data = {"kind": "text", "customer_visible": "on", **values}
    return post(client, f"/admin/types/{slug}/fields/new", data)


def field_names(session, slug):
    session.expire_all()
    return [f.name for f in repository.get_type_by_slug(session, slug).visible_fields]


# --- types ------------------------------------------------------------------------------------------


def test_type_list_shows_counts_and_badges(admin_client, seeded_types):
    html = admin_client.get("/admin/types").text
    it = seeded_types["it_support"]
    assert re.search(rf'data-field-count="it_support">\s*{len(it.visible_fields)}\b', html)
    assert html.count("badge text-bg-info") == len(seeded_types)  # every seeded type is built-in
    assert 'href="/admin/types/it_support/settings"' in html


def test_add_type_creates_its_extension_table(printers, session):
    assert has_table(session, "ext_printers")
    assert printers.names == {"zh": "打印机", "en": "Printers"}
    assert printers.ai_hints == {"keywords": ["打印机", "printer"], "examples": ["The printer jams"]}
    assert printers.public_form and not printers.builtin and printers.icon == "bi-printer"


def test_add_type_errors_are_shown_beside_inputs(admin_client, printers, post, error_of):
    bad = post(
        admin_client,
        "/admin/types/new",
        {
            "slug": "Bad Slug",
            "name_zh": "",
            "name_en": "",
            "icon": "printer",
            "extractors": "serial=SN(\\d+)\nbroken line without equals\n",
            "default_priority": "P2",
        },
    )
    assert bad.status_code == 422
    assert error_of(bad.text, "slug") and error_of(bad.text, "name_zh") and error_of(bad.text, "icon")
    assert "2" in error_of(bad.text, "extractors")  # the line at fault
    assert 'value="Bad Slug"' in bad.text

    taken = post(
        admin_client, "/admin/types/new", {"slug": "printers", "name_en": "Again", "default_priority": "P1"}
    )
    assert taken.status_code == 422 and "already exists" in error_of(taken.text, "slug")


def test_edit_type(admin_client, printers, session, post, make_user):
    team = post(admin_client, "/admin/teams/new", {"name": "Print desk"})
    assert team.status_code == 303
    from ticketwise.users import repository as users_repository

    desk = users_repository.team_by_name(session, "Print desk")
    page = admin_client.get("/admin/types/printers/settings")
    assert page.status_code == 200 and 'value="打印机"' in page.text
    response = post(
        admin_client,
        "/admin/types/printers/settings",
        {
            "name_zh": "打印与扫描",
            "name_en": "Printing",
            "icon": "bi-printer-fill",
            "default_team_id": str(desk.id),
            "default_priority": "P1",
            "ai_keywords": "scanner",
            "extractors": "model=Model:\\s*(\\S+)",
        },
    )
    assert response.status_code == 303
    session.expire_all()
    changed = repository.get_type_by_slug(session, "printers")
    assert changed.names == {"zh": "打印与扫描", "en": "Printing"} and changed.default_team_id == desk.id
    assert changed.default_priority == "P1" and not changed.is_active and not changed.public_form
    assert changed.extractors == [{"field": "model", "pattern": "Model:\\s*(\\S+)"}]
    assert changed.ai_hints == {"keywords": ["scanner"], "examples": []}


# --- fields -----------------------------------------------------------------------------------------


def test_add_fields_of_several_kinds_adds_columns_and_the_portal_shows_them(
    admin_client, printers, session, post, client, make_user, login
):
    assert (
        add_field(
            admin_client,
            post,
            "printers",
            name="serial",
            kind="text",
            label_zh="序列号",
            label_en="Serial number",
            help_en="On the back",
            required="on",
            validation_regex="[A-Z]{2}\\d{4}",
        ).status_code
        == 303
    )
    assert (
        add_field(
            admin_client,
            post,
            "printers",
            name="pages",
            kind="integer",
            label_en="Pages per day",
            validation_min="0",
            validation_max="100000",
            default="10",
        ).status_code
        == 303
    )
    assert (
        add_field(
            admin_client,
            post,
            "printers",
            name="model",
            kind="select",
            label_zh="型号",
            label_en="Model",
            options="laser|激光|Laser\ninkjet|喷墨|Inkjet",
        ).status_code
        == 303
    )
    assert (
        add_field(
            admin_client,
            post,
            "printers",
            name="trays",
            kind="multi_select",
            label_en="Trays",
            options="a\nb|乙|B",
            default="a, b",
        ).status_code
        == 303
    )
    assert (
        add_field(
            admin_client, post, "printers", name="networked", kind="boolean", label_en="On the network"
        ).status_code
        == 303
    )
    assert (
        add_field(
            admin_client,
            post,
            "printers",
            name="bought_on",
            kind="date",
            label_en="Bought on",
            validation_max="2030-01-01",
            customer_visible="",
        ).status_code
        == 303
    )

    assert {"serial", "pages", "model", "trays", "networked", "bought_on"} <= columns(session, "ext_printers")
    session.expire_all()
    fields = {f.name: f for f in repository.get_type_by_slug(session, "printers").fields}
    assert fields["serial"].required and fields["serial"].validation == {"regex": "[A-Z]{2}\\d{4}"}
    assert fields["pages"].validation == {"min": 0, "max": 100000} and fields["pages"].default == 10
    assert fields["model"].options == [
        {"value": "laser", "labels": {"zh": "激光", "en": "Laser"}},
        {"value": "inkjet", "labels": {"zh": "喷墨", "en": "Inkjet"}},
    ]
    assert fields["trays"].default == ["a", "b"] and fields["trays"].options[0] == {
        "value": "a",
        "labels": {"en": "a"},
    }
    assert not fields["bought_on"].customer_visible

    listing = admin_client.get("/admin/types/printers/fields").text
    assert all(f"field-{name}" in listing for name in fields)

    customer = make_user("customer", locale="en")
    login(customer)
    portal = client.get("/portal/new/printers")
    assert portal.status_code == 200
    for label in ("Serial number", "Pages per day", "Model", "Laser", "Trays", "On the network"):
        assert label in portal.text, label
    assert "Bought on" not in portal.text  # staff-only field


def test_field_errors_are_shown_beside_inputs(admin_client, printers, post, error_of, session):
    no_options = add_field(
        admin_client, post, "printers", name="colour", kind="select", label_en="Colour", options=""
    )
    assert no_options.status_code == 422 and error_of(no_options.text, "options")
    assert 'value="colour"' in no_options.text and 'value="Colour"' in no_options.text

    bad_regex = add_field(admin_client, post, "printers", name="code", label_en="Code", validation_regex="([")
    assert bad_regex.status_code == 422 and error_of(bad_regex.text, "validation_regex")

    bad_name = add_field(admin_client, post, "printers", name="Bad-Name", label_en="x")
    assert bad_name.status_code == 422 and error_of(bad_name.text, "name")

    reserved = add_field(admin_client, post, "printers", name="status", label_en="Status")
    assert reserved.status_code == 422 and error_of(reserved.text, "name")

    no_label = add_field(admin_client, post, "printers", name="nolabel")
    assert no_label.status_code == 422 and error_of(no_label.text, "label_zh")

    bad_default = add_field(
        admin_client, post, "printers", name="count", kind="integer", label_en="Count", default="many"
    )
    assert bad_default.status_code == 422 and error_of(bad_default.text, "default")

    bad_limit = add_field(
        admin_client,
        post,
        "printers",
        name="count",
        kind="integer",
        label_en="Count",
        validation_min="5",
        validation_max="1",
    )
    assert bad_limit.status_code == 422 and error_of(bad_limit.text, "validation_min")

    assert add_field(admin_client, post, "printers", name="serial", label_en="Serial").status_code == 303
    duplicate = add_field(admin_client, post, "printers", name="serial", label_en="Serial again")
    assert duplicate.status_code == 422 and "already has" in error_of(duplicate.text, "name")

    assert columns(session, "ext_printers") == {"ticket_id", "serial"}


def test_edit_field(admin_client, printers, post, session):
    add_field(
        admin_client,
        post,
        "printers",
        name="model",
        kind="select",
        label_en="Model",
        options="laser|激光|Laser",
    )
    page = admin_client.get("/admin/types/printers/fields/model/edit")
    assert page.status_code == 200 and "laser|激光|Laser" in page.text
    response = post(
        admin_client,
        "/admin/types/printers/fields/model/edit",
        {
            "label_zh": "型号",
            "label_en": "Printer model",
            "required": "on",
            "customer_visible": "on",
            "options": "laser|激光|Laser\nthermal|热敏|Thermal",
            "default": "thermal",
            # name and kind are fixed: a tampered post cannot change them
            "name": "renamed",
            "kind": "integer",
        },
    )
    assert response.status_code == 303
    session.expire_all()
    field = repository.get_field_by_name(session, repository.get_type_by_slug(session, "printers"), "model")
    assert (field.name, field.kind, field.required, field.default) == ("model", "select", True, "thermal")
    assert field.labels == {"zh": "型号", "en": "Printer model"} and len(field.options) == 2


def test_hide_keeps_the_column_and_unhide_brings_it_back(
    admin_client, printers, post, session, client, make_user, login
):
    add_field(admin_client, post, "printers", name="serial", label_en="Serial number")
    listing = admin_client.get("/admin/types/printers/fields").text
    assert "column and every value already entered are kept" in listing

    assert post(admin_client, "/admin/types/printers/fields/serial/hide", {}).status_code == 303
    assert "serial" in columns(session, "ext_printers")
    assert field_names(session, "printers") == []
    listing = admin_client.get("/admin/types/printers/fields").text
    assert 'id="hidden-fields"' in listing and "/fields/serial/unhide" in listing

    assert post(admin_client, "/admin/types/printers/fields/serial/unhide", {}).status_code == 303
    assert field_names(session, "printers") == ["serial"]

    post(admin_client, "/admin/types/printers/fields/serial/hide", {})
    admin_client.get("/admin/types/printers/fields")  # shows (and so clears) the flash naming the field
    customer = make_user("customer", locale="en")
    login(customer)
    assert "Serial number" not in client.get("/portal/new/printers").text


def test_reorder_fields_by_buttons_and_by_dragging(admin_client, printers, post, session):
    for name in ("first", "second", "third"):
        add_field(admin_client, post, "printers", name=name, label_en=name.title())
    assert (
        post(admin_client, "/admin/types/printers/fields/third/move", {"direction": "up"}).status_code == 303
    )
    assert field_names(session, "printers") == ["first", "third", "second"]
    post(admin_client, "/admin/types/printers/fields/first/move", {"direction": "up"})  # already first
    assert field_names(session, "printers") == ["first", "third", "second"]
    post(admin_client, "/admin/types/printers/fields/first/move", {"direction": "down"})
    assert field_names(session, "printers") == ["third", "first", "second"]

    dragged = post(
        admin_client, "/admin/types/printers/fields/order", {"names": ["second", "third", "first"]}
    )
    assert dragged.status_code == 303
    assert field_names(session, "printers") == ["second", "third", "first"]

    unknown = post(admin_client, "/admin/types/printers/fields/order", {"names": ["second", "nope"]})
    assert unknown.status_code == 422
    assert field_names(session, "printers") == ["second", "third", "first"]


# --- categories -------------------------------------------------------------------------------------


def test_categories_add_rename_deactivate_reorder(admin_client, printers, post, session, error_of):
    assert (
        post(
            admin_client, "/admin/types/printers/categories/new", {"name_zh": "硬件", "name_en": "Hardware"}
        ).status_code
        == 303
    )
    assert (
        post(admin_client, "/admin/types/printers/categories/new", {"name_en": "Drivers"}).status_code == 303
    )
    cats = {c.names.get("en"): c for c in repository.list_categories(session, printers.id, active_only=False)}
    child = post(
        admin_client,
        "/admin/types/printers/categories/new",
        {"name_en": "Paper jam", "parent_id": str(cats["Hardware"].id)},
    )
    assert child.status_code == 303

    nameless = post(admin_client, "/admin/types/printers/categories/new", {"name_zh": "", "name_en": ""})
    assert nameless.status_code == 422 and error_of(nameless.text, "name_zh")

    tree = admin_client.get("/admin/types/printers/categories").text
    order = [m.group(1) for m in re.finditer(r'id="category-(\d+)"', tree)]
    session.expire_all()
    by_en = {
        c.names.get("en"): c for c in repository.list_categories(session, printers.id, active_only=False)
    }
    assert order == [str(by_en["Hardware"].id), str(by_en["Paper jam"].id), str(by_en["Drivers"].id)]
    assert by_en["Paper jam"].parent_id == by_en["Hardware"].id

    renamed = post(
        admin_client,
        f"/admin/types/printers/categories/{by_en['Drivers'].id}/rename",
        {"name_zh": "驱动", "name_en": "Drivers & software"},
    )
    assert renamed.status_code == 303
    refused = post(
        admin_client,
        f"/admin/types/printers/categories/{by_en['Drivers'].id}/rename",
        {"name_zh": "", "name_en": ""},
    )
    assert refused.status_code == 422 and error_of(refused.text, "name_zh")

    assert (
        post(
            admin_client, f"/admin/types/printers/categories/{by_en['Drivers'].id}/move", {"direction": "up"}
        ).status_code
        == 303
    )
    assert (
        post(admin_client, f"/admin/types/printers/categories/{by_en['Hardware'].id}/active", {}).status_code
        == 303
    )
    session.expire_all()
    top = [
        c for c in repository.list_categories(session, printers.id, active_only=False) if c.parent_id is None
    ]
    assert [c.names for c in top] == [
        {"zh": "驱动", "en": "Drivers & software"},
        {"zh": "硬件", "en": "Hardware"},
    ]
    assert [c.is_active for c in top] == [True, False]
    assert (
        post(
            admin_client, f"/admin/types/printers/categories/{by_en['Hardware'].id}/active", {"active": "on"}
        ).status_code
        == 303
    )
    session.expire_all()
    assert repository.get_category(session, by_en["Hardware"].id).is_active


def test_category_of_another_type_is_not_found(admin_client, printers, seeded_types, post, session):
    other = repository.list_categories(session, seeded_types["it_support"].id)[0]
    response = post(
        admin_client, f"/admin/types/printers/categories/{other.id}/rename", {"name_en": "Hijack"}
    )
    assert response.status_code == 404


# --- gates and languages ----------------------------------------------------------------------------


def test_agents_cannot_change_types(client, make_user, seeded_types, post, login, session):
    login(make_user("agent"))
    assert client.get("/admin/types").status_code == 403
    response = post(
        client, "/admin/types/it_support/fields/new", {"name": "sneaky", "kind": "text", "label_en": "x"}
    )
    assert response.status_code == 403
    assert "sneaky" not in columns(session, "ext_it_support")


@pytest.mark.parametrize(("locale", "lang"), [("zh_CN", "zh-CN"), ("en", "en")])
def test_type_pages_render_in_both_languages(client, make_user, seeded_types, locale, lang, login):
    login(make_user("admin", locale=locale))
    it = seeded_types["it_support"]
    field = it.visible_fields[0]
    for path in (
        "/admin/types",
        "/admin/types/new",
        "/admin/types/it_support/settings",
        "/admin/types/it_support/fields",
        "/admin/types/it_support/fields/new",
        f"/admin/types/it_support/fields/{field.name}/edit",
        "/admin/types/it_support/categories",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{lang}"' in response.text, path
    names = client.get("/admin/types").text
    assert it.names["zh" if locale == "zh_CN" else "en"] in names


def _as_post(values: dict) -> dict:
    """Form values as a browser posts them: ticked boxes send "on", unticked ones nothing."""
    return {k: ("on" if v is True else str(v)) for k, v in values.items() if v is not False and v is not None}


def test_saving_unchanged_built_in_definitions_changes_nothing(admin_client, seeded_types, post, session):
    """Every built-in type and field survives a round trip through its edit form."""
    from ticketwise.web.admin import field_forms, type_forms

    for slug, ticket_type in seeded_types.items():
        before = (ticket_type.names, ticket_type.descriptions, ticket_type.ai_hints, ticket_type.extractors)
        response = post(
            admin_client, f"/admin/types/{slug}/settings", _as_post(type_forms.type_values(ticket_type))
        )
        assert response.status_code == 303, (slug, response.text)
        for field in list(ticket_type.visible_fields):
            definition = (
                field.labels,
                field.help,
                field.required,
                field.default,
                field.validation,
                field.options,
                field.customer_visible,
            )
            response = post(
                admin_client,
                f"/admin/types/{slug}/fields/{field.name}/edit",
                _as_post(field_forms.field_values(field)),
            )
            assert response.status_code == 303, (slug, field.name, response.text)
            session.refresh(field)
            assert (
                field.labels,
                field.help,
                field.required,
                field.default,
                field.validation,
                field.options,
                field.customer_visible,
            ) == definition, (slug, field.name)
        session.refresh(ticket_type)
        assert (
            ticket_type.names,
            ticket_type.descriptions,
            ticket_type.ai_hints,
            ticket_type.extractors,
        ) == before
