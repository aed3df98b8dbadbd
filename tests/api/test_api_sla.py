"""/api/v1 SLA: a ticket's clocks at request time, and calendar/policy CRUD with field errors."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

import ticketwise.sla.handlers  # noqa: F401 - the sla reactions store timers after each change

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = {
    "name": "Shanghai office",
    "timezone": "Asia/Shanghai",
    "weekly_hours": {str(day): [["09:00", "12:00"], ["13:00", "18:00"]] for day in range(5)},
    "holiday_country": "CN",
}


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def admin_api(api_as, admin):
    return api_as(admin)


def policy_body(calendar_id: int, type_id: int, **extra):
    return {
        "name": "IT support",
        "position": 1,
        "calendar_id": calendar_id,
        "conditions": {"type_ids": [type_id]},
        "targets": {
            "first_response": {"P1": 60, "P2": 120},
            "resolution": {"P1": 240, "P2": 480},
        },
        "pause_rules": {"pending": ["resolution"]},
        "levels": [
            {
                "name": "80 %",
                "kind": "warning",
                "offset_kind": "percent",
                "offset_value": 80,
                "actions": [{"type": "notify", "to": ["assignee"]}],
            }
        ],
        **extra,
    }


def test_ticket_sla_lists_each_clock_at_request_time(session, admin_api, api_as, make_user, seeded_types):
    calendar = admin_api.post("/api/v1/sla/calendars", json=CALENDAR)
    assert calendar.status_code == 201, calendar.text
    policy = admin_api.post(
        "/api/v1/sla/policies", json=policy_body(calendar.json()["id"], seeded_types["it_support"].id)
    )
    assert policy.status_code == 201, policy.text
    assert policy.json()["levels"][0]["offset_value"] == 80
    customer = make_user("customer")
    agent = make_user("agent")
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=False):
        created = api_as(customer).post(
            "/api/v1/tickets", json={"type": "it_support", "title": "VPN asks for my password again"}
        )
        assert created.status_code == 201, created.text
    ticket_id = created.json()["id"]
    with time_machine.travel(local(2026, 3, 2, 14, 30), tick=False):
        answer = api_as(agent).get(f"/api/v1/tickets/{ticket_id}/sla")
    assert answer.status_code == 200, answer.text
    clocks = {clock["name"]: clock for clock in answer.json()}
    assert set(clocks) == {"first_response", "resolution"}
    first = clocks["first_response"]
    assert first["status"] == "breached"
    assert first["cycle"] == 1
    assert datetime.fromisoformat(first["due_at"]) == local(2026, 3, 2, 12, 0)
    assert datetime.fromisoformat(first["breached_at"]) == local(2026, 3, 2, 12, 0)
    # 10–12 and 13–14:30 = 3.5 business hours; the target is 2 h.
    assert first["elapsed_business_seconds"] == 3.5 * 3600
    assert first["remaining_business_seconds"] == 0
    assert first["policy"] == {"id": policy.json()["id"], "name": "IT support"}
    resolution = clocks["resolution"]
    assert resolution["status"] == "running"
    assert resolution["remaining_business_seconds"] == (8 - 3.5) * 3600
    assert datetime.fromisoformat(resolution["due_at"]) == local(2026, 3, 3, 10, 0)
    assert resolution["fulfilled_at"] is None and resolution["breached_at"] is None


def test_customers_only_reach_their_own_tickets_sla(session, api_as, make_user, seeded_types):
    owner = make_user("customer")
    stranger = make_user("customer")
    created = api_as(owner).post(
        "/api/v1/tickets", json={"type": "it_support", "title": "VPN asks for my password again"}
    )
    ticket_id = created.json()["id"]
    assert api_as(owner).get(f"/api/v1/tickets/{ticket_id}/sla").status_code == 200
    assert api_as(stranger).get(f"/api/v1/tickets/{ticket_id}/sla").status_code == 404


def test_the_default_policy_always_exists_and_cannot_be_removed(admin_api):
    policies = admin_api.get("/api/v1/sla/policies").json()
    default = [p for p in policies if p["is_default"]]
    assert len(default) == 1
    assert default[0]["targets"]["first_response"] == {"P0": 15, "P1": 60, "P2": 240, "P3": 480}
    assert default[0]["targets"]["resolution"] == {"P0": 120, "P1": 480, "P2": 1440, "P3": 4320}
    assert sorted(default[0]["pause_rules"]["pending"]) == ["periodic_update", "resolution"]
    assert admin_api.delete(f"/api/v1/sla/policies/{default[0]['id']}").status_code == 409
    answer = admin_api.patch(f"/api/v1/sla/policies/{default[0]['id']}", json={"is_active": False})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "is_active"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"holiday_country": "XX"}, "holiday_country"),
        ({"holiday_country": "CN", "holiday_subdiv": "ZZ"}, "holiday_subdiv"),
        ({"weekly_hours": {"0": [["9:00", "18:00"]]}}, "weekly_hours.0.0.0"),
        ({"weekly_hours": {"7": [["09:00", "18:00"]]}}, "weekly_hours.7.[key]"),
        ({"weekly_hours": {}}, "weekly_hours"),
    ],
)
def test_calendar_validation_names_the_field(admin_api, change, field):
    answer = admin_api.post("/api/v1/sla/calendars", json={**CALENDAR, **change})
    assert answer.status_code == 422, answer.text
    assert field in [error["field"] for error in answer.json()["errors"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"targets": {"first_response": {"P1": 0}}}, "targets.first_response.P1"),
        ({"targets": {"first_response": {"P1": -5}}}, "targets.first_response.P1"),
        ({"targets": {"sometime": {"P1": 5}}}, "targets.sometime.[key]"),
        ({"calendar_id": 999999}, "calendar_id"),
        ({"levels": [{"offset_kind": "percent", "offset_value": 0}]}, "levels.0.offset_value"),
        (
            {"levels": [{"actions": [{"type": "webhook", "url": "ftp://x"}]}]},
            "levels.0.actions.0.webhook.url",
        ),
    ],
)
def test_policy_validation_names_the_field(admin_api, seeded_types, change, field):
    calendar = admin_api.post("/api/v1/sla/calendars", json=CALENDAR).json()
    body = {**policy_body(calendar["id"], seeded_types["it_support"].id), **change}
    answer = admin_api.post("/api/v1/sla/policies", json=body)
    assert answer.status_code == 422, answer.text
    assert field in [error["field"] for error in answer.json()["errors"]]


def test_only_admins_write_and_staff_read(api_as, make_user, admin_api):
    agent = api_as(make_user("agent"))
    assert agent.post("/api/v1/sla/calendars", json=CALENDAR).status_code == 403
    assert agent.get("/api/v1/sla/calendars").status_code == 200
    assert api_as(make_user("customer")).get("/api/v1/sla/policies").status_code == 403


def test_calendar_and_policy_round_trip(admin_api, seeded_types):
    calendar = admin_api.post(
        "/api/v1/sla/calendars",
        json={**CALENDAR, "extra_holidays": ["2026-03-06"], "extra_workdays": ["2026-03-07"]},
    ).json()
    assert calendar["extra_holidays"] == ["2026-03-06"]
    changed = admin_api.patch(
        f"/api/v1/sla/calendars/{calendar['id']}", json={"always_open": True, "name": "24x7"}
    )
    assert changed.status_code == 200 and changed.json()["always_open"] is True
    policy = admin_api.post(
        "/api/v1/sla/policies", json=policy_body(calendar["id"], seeded_types["it_support"].id)
    ).json()
    assert admin_api.delete(f"/api/v1/sla/calendars/{calendar['id']}").status_code == 409
    patched = admin_api.patch(f"/api/v1/sla/policies/{policy['id']}", json={"levels": [], "position": 5})
    assert patched.status_code == 200 and patched.json()["levels"] == [] and patched.json()["position"] == 5
    assert admin_api.get(f"/api/v1/sla/policies/{policy['id']}").json()["position"] == 5
    assert admin_api.delete(f"/api/v1/sla/policies/{policy['id']}").status_code == 204
    assert admin_api.get(f"/api/v1/sla/policies/{policy['id']}").status_code == 404
    assert admin_api.delete(f"/api/v1/sla/calendars/{calendar['id']}").status_code == 204
