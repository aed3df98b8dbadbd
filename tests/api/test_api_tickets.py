"""/api/v1/tickets: creation (idempotency, ownership, validation), queues, reads, changes, the
conversation, history, status, links, merges and files."""

from __future__ import annotations

import sqlalchemy as sa

from ticketwise.config import get_settings
from ticketwise.tickets.models import Ticket


def _count_tickets(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Ticket))


# --- creation -----------------------------------------------------------------------------------------


def test_create_returns_201_with_the_ticket(ticket_body, agent_api, seeded_types):
    response = agent_api.post("/api/v1/tickets", json=ticket_body(priority="P1"))

    assert response.status_code == 201, response.text
    ticket = response.json()
    assert isinstance(ticket["id"], int)
    assert ticket["number"].startswith("TW-")
    assert ticket["status"] == "new"
    assert ticket["priority"] == "P1"
    assert ticket["type"] == "it_support"
    assert ticket["channel"] == "api"
    assert ticket["fields"]["os_version"] == "Windows 11"
    assert ticket["requester"]["email"] == "carol@example.com"


def test_priority_defaults_to_the_type_default(agent_api, create_ticket):
    ticket = create_ticket(agent_api)
    assert ticket["priority"] == "P2"


def test_a_customer_token_always_creates_the_customers_own_ticket(
    customer_api, customer, create_ticket, session
):
    ticket = create_ticket(
        customer_api, requester={"email": "bob@example.org", "name": "Bob"}, priority="P0", assignee_id=1
    )

    assert ticket["requester"]["email"] == "alice@example.com"
    assert ticket["priority"] == "P2"  # never more urgent than the type's default
    assert ticket["assignee"] is None
    stored = session.get(Ticket, ticket["id"])
    session.refresh(stored)
    assert stored.requester.user_id == customer.id
    assert customer_api.get(f"/api/v1/tickets/{ticket['id']}").status_code == 200


def test_idempotency_key_with_the_same_body_returns_the_first_answer(
    ticket_body, agent_api, seeded_types, session
):
    headers = {"Idempotency-Key": "create-7f1c"}
    first = agent_api.post("/api/v1/tickets", json=ticket_body(), headers=headers)
    again = agent_api.post("/api/v1/tickets", json=ticket_body(), headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _count_tickets(session) == 1


def test_idempotency_key_with_another_body_is_refused(ticket_body, agent_api, seeded_types, session):
    headers = {"Idempotency-Key": "create-7f1c"}
    assert agent_api.post("/api/v1/tickets", json=ticket_body(), headers=headers).status_code == 201

    response = agent_api.post("/api/v1/tickets", json=ticket_body(title="Another title"), headers=headers)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert _count_tickets(session) == 1


def test_idempotency_keys_belong_to_one_user(
    ticket_body, agent_api, api_as, make_user, seeded_types, session
):
    headers = {"Idempotency-Key": "same-key"}
    other_agent = api_as(make_user("agent"))

    first = agent_api.post("/api/v1/tickets", json=ticket_body(), headers=headers)
    second = other_agent.post("/api/v1/tickets", json=ticket_body(), headers=headers)

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert _count_tickets(session) == 2


def test_without_idempotency_key_every_post_creates_a_ticket(agent_api, create_ticket, session):
    create_ticket(agent_api)
    create_ticket(agent_api)
    assert _count_tickets(session) == 2


def test_a_missing_title_is_named(ticket_body, agent_api, seeded_types):
    body = ticket_body()
    del body["title"]

    response = agent_api.post("/api/v1/tickets", json=body)

    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422
    assert problem["errors"][0]["field"] == "title"


def test_a_missing_required_type_field_is_named(ticket_body, agent_api, seeded_types, session):
    body = ticket_body(type="equipment_repair", fields={"equipment_model": "X-200"})

    response = agent_api.post("/api/v1/tickets", json=body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "fields.location"
    assert _count_tickets(session) == 0


def test_an_invalid_type_field_value_is_named(ticket_body, agent_api, seeded_types):
    body = ticket_body(fields={"affected_users": "many"})

    response = agent_api.post("/api/v1/tickets", json=body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "fields.affected_users"


def test_an_unknown_type_is_refused(ticket_body, agent_api, seeded_types):
    response = agent_api.post("/api/v1/tickets", json=ticket_body(type="no_such_type"))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "type"


# --- listing ------------------------------------------------------------------------------------------


def test_list_is_paged(agent_api, create_ticket):
    for n in range(3):
        create_ticket(agent_api, title=f"Ticket {n}")

    first = agent_api.get("/api/v1/tickets", params={"size": 2}).json()
    second = agent_api.get("/api/v1/tickets", params={"size": 2, "page": 2}).json()

    assert (first["total"], first["page"], first["size"], first["pages"]) == (3, 1, 2, 2)
    assert len(first["items"]) == 2
    assert len(second["items"]) == 1
    assert {t["title"] for t in first["items"] + second["items"]} == {"Ticket 0", "Ticket 1", "Ticket 2"}


def test_list_filters_by_status_priority_type_and_text(agent_api, create_ticket):
    printer = create_ticket(agent_api, title="Printer jam", priority="P1")
    create_ticket(agent_api, title="VPN down", priority="P0")
    create_ticket(agent_api, type="general_inquiry", title="Opening hours?", fields={})
    agent_api.post(f"/api/v1/tickets/{printer['id']}/transitions", json={"to": "resolved"})

    def titles(**params) -> set[str]:
        response = agent_api.get("/api/v1/tickets", params=params)
        assert response.status_code == 200, response.text
        return {t["title"] for t in response.json()["items"]}

    assert titles() == {"VPN down", "Opening hours?"}  # staff queues show open tickets by default
    assert titles(status="resolved") == {"Printer jam"}
    assert titles(status=["new", "resolved"], priority="P1") == {"Printer jam"}
    assert titles(priority="P0") == {"VPN down"}
    assert titles(type="general_inquiry") == {"Opening hours?"}
    assert titles(q="vpn") == {"VPN down"}
    assert titles(q=printer["number"], status="resolved") == {"Printer jam"}


def test_list_filters_by_team_and_assignee_and_views(agent_api, agent, admin, admin_api, create_ticket):
    team = admin_api.post("/api/v1/teams", json={"name": "Desk", "member_ids": [agent.id]}).json()
    mine = create_ticket(agent_api, title="Mine", assignee_id=agent.id)
    create_ticket(agent_api, title="Nobody's")
    create_ticket(agent_api, title="Desk's", team_id=team["id"])

    def titles(**params) -> set[str]:
        response = agent_api.get("/api/v1/tickets", params=params)
        assert response.status_code == 200, response.text
        return {t["title"] for t in response.json()["items"]}

    assert mine["status"] == "assigned"
    assert titles(view="mine") == {"Mine"}
    assert titles(view="unassigned") == {"Nobody's", "Desk's"}
    assert titles(view="my_teams") == {"Desk's"}
    assert titles(view="all") == {"Mine", "Nobody's", "Desk's"}
    assert titles(assignee=agent.id) == {"Mine"}
    assert titles(team=team["id"]) == {"Desk's"}


def test_a_customer_lists_only_their_own_tickets(agent_api, customer_api, other_api, create_ticket):
    create_ticket(customer_api, title="Alice's")
    create_ticket(other_api, title="Bob's")
    create_ticket(agent_api, title="Carol's")

    for view in ("all", "unassigned", "mine"):
        listing = customer_api.get("/api/v1/tickets", params={"view": view}).json()
        assert [t["title"] for t in listing["items"]] == ["Alice's"]
        assert listing["total"] == 1


def test_list_rejects_an_unknown_filter_value(agent_api, seeded_types):
    response = agent_api.get("/api/v1/tickets", params={"status": "sleeping"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("status")


# --- reading and changing -----------------------------------------------------------------------------


def test_read_by_id_or_number(agent_api, create_ticket):
    ticket = create_ticket(agent_api)

    by_id = agent_api.get(f"/api/v1/tickets/{ticket['id']}")
    by_number = agent_api.get(f"/api/v1/tickets/{ticket['number'].lower()}")

    assert by_id.status_code == by_number.status_code == 200
    assert by_id.json() == by_number.json() == ticket


def test_read_unknown_tickets_is_404(agent_api, seeded_types):
    for ref in ("999999", "TW-20200101-9999", "not-a-ticket", "99999999999999999999", "%C2%B2"):
        response = agent_api.get(f"/api/v1/tickets/{ref}")
        assert response.status_code == 404, (ref, response.text)
        assert response.headers["content-type"] == "application/problem+json"


def test_customers_do_not_see_staff_only_fields(agent_api, customer_api, create_ticket):
    ticket = create_ticket(customer_api, type="complaint_suggestion", fields={"product": "Kettle"})
    agent_api.patch(f"/api/v1/tickets/{ticket['id']}", json={"fields": {"root_cause": "Faulty batch"}})

    as_agent = agent_api.get(f"/api/v1/tickets/{ticket['id']}").json()
    as_customer = customer_api.get(f"/api/v1/tickets/{ticket['id']}").json()

    assert as_agent["fields"]["root_cause"] == "Faulty batch"
    assert "root_cause" not in as_customer["fields"]
    assert as_customer["fields"]["product"] == "Kettle"


def test_patch_changes_only_what_is_sent(agent_api, agent, create_ticket):
    ticket = create_ticket(agent_api)

    response = agent_api.patch(
        f"/api/v1/tickets/{ticket['number']}",
        json={
            "priority": "P0",
            "assignee_id": agent.id,
            "tags": ["printer", "floor-3"],
            "fields": {"software": "CUPS"},
        },
    )

    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["priority"] == "P0"
    assert changed["status"] == "assigned"
    assert changed["tags"] == ["floor-3", "printer"]
    assert changed["fields"]["software"] == "CUPS"
    assert changed["fields"]["os_version"] == "Windows 11"
    assert changed["title"] == ticket["title"]
    reread = agent_api.get(f"/api/v1/tickets/{ticket['id']}").json()
    assert reread["assignee"] == {"id": agent.id, "name": agent.name}


def test_the_patch_answer_shows_the_new_assignee_and_team(agent_api, agent, admin_api, create_ticket):
    team = admin_api.post("/api/v1/teams", json={"name": "Desk", "member_ids": [agent.id]}).json()
    ticket = create_ticket(agent_api)

    changed = agent_api.patch(
        f"/api/v1/tickets/{ticket['id']}", json={"assignee_id": agent.id, "team_id": team["id"]}
    )

    assert changed.json()["assignee"] == {"id": agent.id, "name": agent.name}
    assert changed.json()["team"] == {"id": team["id"], "name": "Desk"}


def test_patch_names_the_invalid_field(agent_api, create_ticket):
    ticket = create_ticket(agent_api)

    title = agent_api.patch(f"/api/v1/tickets/{ticket['id']}", json={"title": "   "})
    assignee = agent_api.patch(f"/api/v1/tickets/{ticket['id']}", json={"assignee_id": 987654})
    priority = agent_api.patch(f"/api/v1/tickets/{ticket['id']}", json={"priority": "P9"})

    assert (title.status_code, title.json()["errors"][0]["field"]) == (422, "title")
    assert (assignee.status_code, assignee.json()["errors"][0]["field"]) == (422, "assignee_id")
    assert (priority.status_code, priority.json()["errors"][0]["field"]) == (422, "priority")


def test_customers_cannot_patch_even_their_own_ticket(customer_api, create_ticket):
    ticket = create_ticket(customer_api)

    response = customer_api.patch(f"/api/v1/tickets/{ticket['id']}", json={"priority": "P0"})

    assert response.status_code == 403
    assert customer_api.get(f"/api/v1/tickets/{ticket['id']}").json()["priority"] == "P2"


# --- conversation, history, status --------------------------------------------------------------------


def test_replies_and_internal_notes(agent_api, customer_api, create_ticket):
    ticket = create_ticket(customer_api)
    path = f"/api/v1/tickets/{ticket['id']}/messages"

    reply = agent_api.post(path, json={"body": "Please restart it.", "internal": False})
    note = agent_api.post(path, json={"body": "Probably the toner.", "internal": True})
    answer = customer_api.post(path, json={"body": "Restarted, still broken."})

    assert reply.status_code == note.status_code == answer.status_code == 201
    assert reply.json()["kind"] == "reply" and reply.json()["internal"] is False
    assert note.json()["internal"] is True
    assert answer.json()["direction"] == "inbound"
    assert answer.json()["channel"] == "api"
    staff_view = [m["body_text"] for m in agent_api.get(path).json()]
    customer_view = [m["body_text"] for m in customer_api.get(path).json()]
    assert staff_view == ["Please restart it.", "Probably the toner.", "Restarted, still broken."]
    assert customer_view == ["Please restart it.", "Restarted, still broken."]
    assert agent_api.get(f"/api/v1/tickets/{ticket['id']}").json()["status"] == "in_progress"


def test_customers_cannot_write_internal_notes(customer_api, create_ticket):
    ticket = create_ticket(customer_api)

    response = customer_api.post(
        f"/api/v1/tickets/{ticket['id']}/messages", json={"body": "psst", "internal": True}
    )

    assert response.status_code == 403
    assert customer_api.get(f"/api/v1/tickets/{ticket['id']}/messages").json() == []


def test_an_empty_message_names_the_body(agent_api, create_ticket):
    ticket = create_ticket(agent_api)

    missing = agent_api.post(f"/api/v1/tickets/{ticket['id']}/messages", json={})
    blank = agent_api.post(f"/api/v1/tickets/{ticket['id']}/messages", json={"body": "  \n "})

    assert missing.status_code == blank.status_code == 422
    assert missing.json()["errors"][0]["field"] == blank.json()["errors"][0]["field"] == "body"


def test_messages_honour_idempotency_keys(agent_api, create_ticket):
    ticket = create_ticket(agent_api)
    path = f"/api/v1/tickets/{ticket['id']}/messages"
    headers = {"Idempotency-Key": "reply-1"}

    first = agent_api.post(path, json={"body": "On my way."}, headers=headers)
    again = agent_api.post(path, json={"body": "On my way."}, headers=headers)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert len(agent_api.get(path).json()) == 1


def test_events_are_for_staff(agent_api, customer_api, create_ticket):
    ticket = create_ticket(customer_api)
    agent_api.patch(f"/api/v1/tickets/{ticket['id']}", json={"priority": "P1"})

    events = agent_api.get(f"/api/v1/tickets/{ticket['id']}/events")
    refused = customer_api.get(f"/api/v1/tickets/{ticket['id']}/events")

    assert events.status_code == 200
    actions = [(e["action"], e["field"]) for e in events.json()]
    assert actions[0] == ("created", None)
    assert ("updated", "priority") in actions
    assert refused.status_code == 403


def test_transitions(agent_api, customer_api, create_ticket):
    ticket = create_ticket(customer_api)
    path = f"/api/v1/tickets/{ticket['id']}/transitions"

    assert "resolved" in agent_api.get(path).json()
    assert customer_api.get(path).json() == ["cancelled"]
    resolved = agent_api.post(path, json={"to": "resolved"})
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["resolved_at"] is not None

    not_allowed = agent_api.post(path, json={"to": "pending"})
    assert not_allowed.status_code == 409
    assert not_allowed.headers["content-type"] == "application/problem+json"
    unknown = agent_api.post(path, json={"to": "sleeping"})
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "to")
    closed = customer_api.post(path, json={"to": "closed"})
    assert closed.json()["status"] == "closed"


def test_customers_may_not_make_staff_transitions(customer_api, create_ticket):
    ticket = create_ticket(customer_api)

    response = customer_api.post(f"/api/v1/tickets/{ticket['id']}/transitions", json={"to": "resolved"})

    assert response.status_code == 403


# --- links and merges ---------------------------------------------------------------------------------


def test_links(agent_api, customer_api, create_ticket):
    first = create_ticket(agent_api, title="First")
    second = create_ticket(agent_api, title="Second")

    created = agent_api.post(
        f"/api/v1/tickets/{first['id']}/links", json={"target": second["number"], "kind": "related"}
    )

    assert created.status_code == 201, created.text
    assert created.json()["outgoing"] is True
    assert created.json()["other"]["number"] == second["number"]
    seen_from_second = agent_api.get(f"/api/v1/tickets/{second['id']}/links").json()
    assert [(link["kind"], link["outgoing"], link["other"]["id"]) for link in seen_from_second] == [
        ("related", False, first["id"])
    ]
    twice = agent_api.post(
        f"/api/v1/tickets/{first['id']}/links", json={"target": second["id"], "kind": "related"}
    )
    itself = agent_api.post(
        f"/api/v1/tickets/{first['id']}/links", json={"target": first["id"], "kind": "related"}
    )
    merge_kind = agent_api.post(
        f"/api/v1/tickets/{first['id']}/links", json={"target": second["id"], "kind": "merged_into"}
    )
    missing = agent_api.post(
        f"/api/v1/tickets/{first['id']}/links", json={"target": 999999, "kind": "related"}
    )
    assert (twice.status_code, itself.status_code, merge_kind.status_code, missing.status_code) == (
        409,
        409,
        422,
        404,
    )


def test_customers_cannot_link(customer_api, create_ticket):
    first = create_ticket(customer_api)
    second = create_ticket(customer_api)

    response = customer_api.post(
        f"/api/v1/tickets/{first['id']}/links", json={"target": second["id"], "kind": "related"}
    )

    assert response.status_code == 403


def test_merge(agent_api, create_ticket):
    source = create_ticket(agent_api, title="Duplicate")
    target = create_ticket(agent_api, title="Original")

    response = agent_api.post(f"/api/v1/tickets/{source['id']}/merge", json={"target": target["number"]})

    assert response.status_code == 200, response.text
    assert response.json()["id"] == target["id"]
    merged = agent_api.get(f"/api/v1/tickets/{source['id']}").json()
    assert merged["status"] == "merged"
    assert merged["merged_into"] == target["number"]
    again = agent_api.post(f"/api/v1/tickets/{source['id']}/merge", json={"target": target["id"]})
    assert again.status_code == 409


# --- files --------------------------------------------------------------------------------------------


def test_upload_list_and_download(agent_api, customer_api, create_ticket):
    ticket = create_ticket(customer_api)
    files = [
        ("file", ("error.png", b"\x89PNG fake image", "image/png")),
        ("file", ("page.html", b"<script>alert(1)</script>", "text/html")),
    ]

    uploaded = customer_api.post(f"/api/v1/tickets/{ticket['id']}/attachments", files=files)

    assert uploaded.status_code == 201, uploaded.text
    assert [(a["filename"], a["size"]) for a in uploaded.json()] == [("error.png", 15), ("page.html", 25)]
    listed = agent_api.get(f"/api/v1/tickets/{ticket['id']}/attachments").json()
    assert {a["id"] for a in listed} == {a["id"] for a in uploaded.json()}
    page = next(a for a in listed if a["filename"] == "page.html")
    download = customer_api.get(f"/api/v1/attachments/{page['id']}")
    assert download.status_code == 200
    assert download.content == b"<script>alert(1)</script>"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "page.html" in download.headers["content-disposition"]
    assert download.headers["x-content-type-options"] == "nosniff"


def test_an_oversized_upload_is_refused(agent_api, create_ticket, monkeypatch):
    ticket = create_ticket(agent_api)
    monkeypatch.setattr(get_settings().tickets, "max_attachment_mb", 0.001)

    response = agent_api.post(
        f"/api/v1/tickets/{ticket['id']}/attachments",
        files={"file": ("big.bin", b"x" * 5000, "application/octet-stream")},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "attachments"
    assert agent_api.get(f"/api/v1/tickets/{ticket['id']}/attachments").json() == []


def test_an_upload_needs_a_file(agent_api, create_ticket):
    ticket = create_ticket(agent_api)

    response = agent_api.post(f"/api/v1/tickets/{ticket['id']}/attachments", data={"other": "x"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


def test_unknown_attachment_is_404(agent_api, seeded_types):
    assert agent_api.get("/api/v1/attachments/424242").status_code == 404


# --- one customer never reaches another's ticket ------------------------------------------------------


def test_a_customer_cannot_reach_another_customers_ticket(agent_api, customer_api, other_api, create_ticket):
    ticket = create_ticket(customer_api, title="Alice's secret")
    agent_api.post(f"/api/v1/tickets/{ticket['id']}/messages", json={"body": "Hello Alice"})
    attachment = customer_api.post(
        f"/api/v1/tickets/{ticket['id']}/attachments", files={"file": ("a.txt", b"private", "text/plain")}
    ).json()[0]
    base = f"/api/v1/tickets/{ticket['id']}"

    attempts = {
        "read by id": other_api.get(base),
        "read by number": other_api.get(f"/api/v1/tickets/{ticket['number']}"),
        "messages": other_api.get(f"{base}/messages"),
        "reply": other_api.post(f"{base}/messages", json={"body": "me too"}),
        "events": other_api.get(f"{base}/events"),
        "attachments": other_api.get(f"{base}/attachments"),
        "upload": other_api.post(f"{base}/attachments", files={"file": ("x.txt", b"x", "text/plain")}),
        "download": other_api.get(f"/api/v1/attachments/{attachment['id']}"),
        "transitions": other_api.get(f"{base}/transitions"),
        "cancel": other_api.post(f"{base}/transitions", json={"to": "cancelled"}),
        "links": other_api.get(f"{base}/links"),
    }

    for name, response in attempts.items():
        assert response.status_code == 404, (name, response.status_code, response.text)
        assert response.headers["content-type"] == "application/problem+json", name
        assert "Alice" not in response.text, name
    assert other_api.get("/api/v1/tickets", params={"q": "secret"}).json()["total"] == 0
    assert len(customer_api.get(f"{base}/messages").json()) == 1
    assert customer_api.get(base).json()["status"] == "in_progress"
