"""/api/v1/ticket-types: types, fields (with their extension-table columns) and categories."""

from __future__ import annotations

import sqlalchemy as sa

from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import extension

WARRANTY = {
    "name": "warranty_until",
    "kind": "date",
    "label": {"zh": "保修截止日期", "en": "Warranty until"},
    "required": False,
}
LAPTOP = {
    "slug": "laptop_loan",
    "names": {"zh": "笔记本借用", "en": "Laptop loan"},
    "descriptions": {"en": "Borrow a laptop for travel."},
    "default_priority": "P3",
}


def _columns(session, table: str) -> dict[str, sa.types.TypeEngine]:
    return {column["name"]: column["type"] for column in sa.inspect(session.connection()).get_columns(table)}


def test_list_and_read_types(agent_api, seeded_types):
    listed = agent_api.get("/api/v1/ticket-types")

    assert listed.status_code == 200
    assert [t["slug"] for t in listed.json()] == [
        "it_support",
        "equipment_repair",
        "complaint_suggestion",
        "internal_admin",
        "general_inquiry",
    ]
    one = agent_api.get("/api/v1/ticket-types/equipment_repair").json()
    location = next(f for f in one["fields"] if f["name"] == "location")
    assert location["required"] is True
    assert location["label"] == {"zh": "设备位置", "en": "Location"}
    assert agent_api.get("/api/v1/ticket-types/no_such_type").status_code == 404


def test_customers_see_only_the_fields_they_fill_in(customer_api, agent_api, seeded_types):
    staff_fields = {
        f["name"] for f in agent_api.get("/api/v1/ticket-types/complaint_suggestion").json()["fields"]
    }
    customer_fields = {
        f["name"] for f in customer_api.get("/api/v1/ticket-types/complaint_suggestion").json()["fields"]
    }

    assert "root_cause" in staff_fields
    assert "root_cause" not in customer_fields
    assert "product" in customer_fields


def test_customers_do_not_see_inactive_types(admin_api, customer_api, seeded_types):
    assert (
        admin_api.patch("/api/v1/ticket-types/general_inquiry", json={"is_active": False}).status_code == 200
    )

    assert customer_api.get("/api/v1/ticket-types/general_inquiry").status_code == 404
    assert "general_inquiry" not in [t["slug"] for t in customer_api.get("/api/v1/ticket-types").json()]
    assert "general_inquiry" in [t["slug"] for t in admin_api.get("/api/v1/ticket-types").json()]


def test_create_a_type_and_a_field_at_runtime(admin_api, agent_api, session, seeded_types):
    created = admin_api.post("/api/v1/ticket-types", json=LAPTOP)
    assert created.status_code == 201, created.text
    assert created.json()["slug"] == "laptop_loan"
    assert created.json()["fields"] == []

    field = admin_api.post("/api/v1/ticket-types/laptop_loan/fields", json=WARRANTY)

    assert field.status_code == 201, field.text
    assert field.json()["name"] == "warranty_until"
    assert field.json()["kind"] == "date"
    assert field.json()["label"] == WARRANTY["label"]
    assert field.json()["hidden"] is False
    columns = _columns(session, "ext_laptop_loan")
    assert "warranty_until" in columns
    assert isinstance(columns["warranty_until"], sa.Date)

    ticket = agent_api.post(
        "/api/v1/tickets",
        json={
            "type": "laptop_loan",
            "title": "Laptop for the Shenzhen trip",
            "requester": {"email": "dave@example.com"},
            "fields": {"warranty_until": "2027-03-31"},
        },
    )
    assert ticket.status_code == 201, ticket.text
    assert ticket.json()["priority"] == "P3"
    assert ticket.json()["fields"] == {"warranty_until": "2027-03-31"}


def test_a_required_field_is_enforced_and_named(admin_api, agent_api, seeded_types):
    admin_api.post("/api/v1/ticket-types", json=LAPTOP)
    admin_api.post("/api/v1/ticket-types/laptop_loan/fields", json={**WARRANTY, "required": True})

    response = agent_api.post(
        "/api/v1/tickets",
        json={
            "type": "laptop_loan",
            "title": "Laptop",
            "requester": {"email": "dave@example.com"},
            "fields": {},
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "fields.warranty_until"


def test_only_admins_define_types(agent_api, seeded_types):
    assert agent_api.post("/api/v1/ticket-types", json=LAPTOP).status_code == 403
    assert agent_api.post("/api/v1/ticket-types/it_support/fields", json=WARRANTY).status_code == 403
    assert agent_api.patch("/api/v1/ticket-types/it_support", json={"icon": "bi-laptop"}).status_code == 403


def test_type_and_field_definitions_are_validated(admin_api, seeded_types):
    taken = admin_api.post("/api/v1/ticket-types", json={**LAPTOP, "slug": "it_support"})
    bad_slug = admin_api.post("/api/v1/ticket-types", json={**LAPTOP, "slug": "Laptop Loan"})
    bad_kind = admin_api.post("/api/v1/ticket-types/it_support/fields", json={**WARRANTY, "kind": "colour"})
    duplicate = admin_api.post(
        "/api/v1/ticket-types/it_support/fields", json={**WARRANTY, "name": "os_version", "kind": "text"}
    )
    no_options = admin_api.post(
        "/api/v1/ticket-types/it_support/fields", json={**WARRANTY, "name": "shade", "kind": "select"}
    )

    assert (taken.status_code, taken.json()["errors"][0]["field"]) == (409, "slug")
    assert (bad_slug.status_code, bad_slug.json()["errors"][0]["field"]) == (422, "slug")
    assert (bad_kind.status_code, bad_kind.json()["errors"][0]["field"]) == (422, "kind")
    assert (duplicate.status_code, duplicate.json()["errors"][0]["field"]) == (409, "name")
    assert (no_options.status_code, no_options.json()["errors"][0]["field"]) == (422, "options")


def test_patch_a_type(admin_api, seeded_types):
    response = admin_api.patch(
        "/api/v1/ticket-types/it_support", json={"names": {"zh": "IT 服务台", "en": "IT service desk"}}
    )

    assert response.status_code == 200, response.text
    assert response.json()["names"] == {"zh": "IT 服务台", "en": "IT service desk"}
    assert response.json()["slug"] == "it_support"
    assert admin_api.patch("/api/v1/ticket-types/nope_nope", json={"icon": "bi-x"}).status_code == 404


def test_patch_a_field(admin_api, seeded_types):
    response = admin_api.patch(
        "/api/v1/ticket-types/it_support/fields/os_version",
        json={"label": {"zh": "系统版本", "en": "System version"}, "required": True},
    )

    assert response.status_code == 200, response.text
    assert response.json()["label"] == {"zh": "系统版本", "en": "System version"}
    assert response.json()["required"] is True
    assert (
        admin_api.patch("/api/v1/ticket-types/it_support/fields/nope", json={"required": True}).status_code
        == 404
    )
    immutable = admin_api.patch("/api/v1/ticket-types/it_support/fields/os_version", json={"kind": "integer"})
    assert immutable.status_code == 422


def test_deleting_a_field_hides_it_and_keeps_its_data(admin_api, agent_api, create_ticket, session):
    ticket = create_ticket(agent_api, fields={"os_version": "Windows 11", "error_code": "0x80070005"})

    response = admin_api.delete("/api/v1/ticket-types/it_support/fields/error_code")

    assert response.status_code == 200, response.text
    assert response.json()["name"] == "error_code"
    assert response.json()["hidden"] is True
    assert "error_code" in _columns(session, "ext_it_support")
    assert "error_code" not in agent_api.get(f"/api/v1/tickets/{ticket['id']}").json()["fields"]
    stored = session.get(Ticket, ticket["id"])
    assert extension.read_fields(session, stored, include_hidden=True)["error_code"] == "0x80070005"
    type_fields = {
        f["name"]: f["hidden"] for f in admin_api.get("/api/v1/ticket-types/it_support").json()["fields"]
    }
    assert type_fields["error_code"] is True
    assert admin_api.delete("/api/v1/ticket-types/it_support/fields/nope").status_code == 404


def test_categories(admin_api, customer_api, seeded_types):
    created = admin_api.post(
        "/api/v1/ticket-types/general_inquiry/categories", json={"names": {"en": "Billing"}}
    )
    assert created.status_code == 201, created.text
    category = created.json()
    child = admin_api.post(
        "/api/v1/ticket-types/general_inquiry/categories",
        json={"names": {"zh": "发票", "en": "Invoices"}, "parent_id": category["id"]},
    )
    assert child.status_code == 201
    assert child.json()["parent_id"] == category["id"]

    listed = admin_api.get("/api/v1/ticket-types/general_inquiry/categories").json()
    assert {c["id"] for c in listed} >= {category["id"], child.json()["id"]}

    renamed = admin_api.patch(
        f"/api/v1/ticket-types/general_inquiry/categories/{category['id']}", json={"is_active": False}
    )
    assert renamed.status_code == 200
    assert category["id"] not in {
        c["id"] for c in customer_api.get("/api/v1/ticket-types/general_inquiry/categories").json()
    }
    other_type = admin_api.patch(
        f"/api/v1/ticket-types/it_support/categories/{category['id']}", json={"position": 1}
    )
    assert other_type.status_code == 404
    assert (
        customer_api.post(
            "/api/v1/ticket-types/general_inquiry/categories", json={"names": {"en": "Mine"}}
        ).status_code
        == 403
    )
