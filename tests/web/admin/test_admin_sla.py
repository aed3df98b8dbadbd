"""Admin editors for business calendars and SLA policies: create, edit, order, validation in both
languages, and the live previews."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine

from ticketwise.sla import admin as sla_admin
from ticketwise.sla.defaults import ensure_default_policy
from ticketwise.sla.models import SlaCalendar, SlaPolicy

CHINESE = {"Accept-Language": "zh-CN"}
# Thursday 26 November 2026, 10:00 in Shanghai.
THURSDAY_10 = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def calendar_form(**changes):
    data = {
        "name": "Shanghai office",
        "timezone": "Asia/Shanghai",
        "start_0": ["09:00", "13:00"],
        "end_0": ["12:00", "18:00"],
        "start_5": ["10:00"],
        "end_5": ["24:00"],
        "holiday_country": "CN",
        "holiday_subdiv": "",
        "extra_holidays": "2026-12-24\n2026-12-31",
        "extra_workdays": "",
        "removed_holidays": "",
    }
    data.update(changes)
    return data


def policy_form(calendar_id: int, **changes):
    data = {
        "name": "VIP IT",
        "description": "Faster for IT",
        "is_active": "on",
        "calendar_id": str(calendar_id),
        "priorities": ["P0", "P1"],
        "channels": ["email", "portal"],
        "clock_first_response": "on",
        "clock_resolution": "on",
        "pause_pending": ["resolution"],
        "levels": ["1"],
        "level_name_1": "Warn the assignee",
        "level_kind_1": "warning",
        "level_clock_1": "any",
        "level_timing_1": "percent",
        "level_amount_1": "80",
        "level_notify_1": ["assignee", "team_lead"],
        "level_priority_1": "raise",
    }
    for priority, (response, resolution) in {
        "P0": ("10", "2"),
        "P1": ("30", "4"),
        "P2": ("2", "1"),
        "P3": ("4", "3"),
    }.items():
        data[f"target_first_response_{priority}"] = response
        data[f"unit_first_response_{priority}"] = "minutes" if priority in ("P0", "P1") else "hours"
        data[f"target_resolution_{priority}"] = resolution
        data[f"unit_resolution_{priority}"] = "hours" if priority != "P3" else "days"
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def default_policy(session):
    """The default calendar and policy, committed (the sla domain creates them on first use)."""
    policy = ensure_default_policy(session)
    session.commit()
    return policy


def default_calendar(session) -> SlaCalendar:
    return next(c for c in sla_admin.list_calendars(session) if c.is_default)


# --- calendars ------------------------------------------------------------------------------------------


def test_calendar_list_shows_the_default_calendar_with_its_hours(admin_client):
    page = admin_client.get("/admin/sla/calendars")
    assert page.status_code == 200
    assert "Business hours" in page.text and "Default" in page.text
    assert "Mon–Fri 09:00–18:00" in page.text


def test_create_a_calendar_with_several_ranges_holidays_and_make_up_days(admin_client, post, session):
    page = admin_client.get("/admin/sla/calendars/new")
    assert page.status_code == 200 and 'name="start_0"' in page.text and "Asia/Shanghai" in page.text
    response = post(admin_client, "/admin/sla/calendars/new", calendar_form(extra_workdays="2026-12-27"))
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/admin/sla/calendars"
    session.expire_all()
    row = next(c for c in sla_admin.list_calendars(session) if c.name == "Shanghai office")
    assert row.weekly_hours == {"0": [["09:00", "12:00"], ["13:00", "18:00"]], "5": [["10:00", "00:00"]]}
    assert (row.holiday_country, row.holiday_subdiv) == ("CN", None)
    assert row.extra_holidays == ["2026-12-24", "2026-12-31"]
    assert row.extra_workdays == ["2026-12-27"]
    assert not row.always_open
    assert "Shanghai office" in admin_client.get("/admin/sla/calendars").text


def test_edit_a_calendar_into_24x7(admin_client, post, session):
    post(admin_client, "/admin/sla/calendars/new", calendar_form())
    row = next(c for c in sla_admin.list_calendars(session) if c.name == "Shanghai office")
    page = admin_client.get(f"/admin/sla/calendars/{row.id}").text
    assert 'value="13:00"' in page and "2026-12-24" in page
    response = post(
        admin_client,
        f"/admin/sla/calendars/{row.id}",
        calendar_form(name="Round the clock", always_open="on", start_0=[], end_0=[], start_5=[], end_5=[]),
    )
    assert response.status_code == 303, response.text
    session.expire_all()
    row = session.get(SlaCalendar, row.id)
    assert (row.name, row.always_open, row.weekly_hours) == ("Round the clock", True, {})


def test_calendar_errors_are_shown_beside_each_input_at_once(admin_client, post, error_of):
    response = post(
        admin_client,
        "/admin/sla/calendars/new",
        calendar_form(
            timezone="Mars/Olympus",
            start_0=["9am"],
            end_0=["12:00"],
            holiday_country="ZZ",
            extra_holidays="2026-02-30",
        ),
    )
    assert response.status_code == 422
    html = response.text
    assert error_of(html, "timezone") == "Choose a time zone such as Asia/Shanghai."
    assert error_of(html, "hours_0") == "Enter times as HH:MM, for example 09:00 and 18:00."
    assert error_of(html, "holiday_country") == "Holidays are not known for this country."
    assert "is not a date" in error_of(html, "extra_holidays")
    # What was typed is kept.
    assert 'value="Mars/Olympus"' in html and "2026-02-30" in html


def test_calendar_without_hours_or_with_a_taken_name_is_refused(admin_client, post, error_of):
    empty = post(
        admin_client, "/admin/sla/calendars/new", calendar_form(start_0=[], end_0=[], start_5=[], end_5=[])
    )
    assert empty.status_code == 422
    assert error_of(empty.text, "hours") == "Add at least one working range, or make the calendar 24×7."
    taken = post(admin_client, "/admin/sla/calendars/new", calendar_form(name="Business hours"))
    assert taken.status_code == 422
    assert error_of(taken.text, "name") == "Another calendar already has this name."


def test_calendar_errors_in_chinese(admin_client, post, error_of):
    response = admin_client.post(
        "/admin/sla/calendars/new",
        data={**calendar_form(name=""), "csrf_token": admin_client.cookies.get("tw_csrf")},
        headers=CHINESE,
    )
    assert response.status_code == 422
    assert '<html lang="zh-CN"' in response.text
    assert error_of(response.text, "name") == "此字段为必填项。"


def test_calendar_preview_shows_the_next_14_days_and_the_named_holidays(admin_client):
    form = calendar_form(start_1=["09:00"], end_1=["18:00"], start_2=["09:00"], end_2=["18:00"])
    form["csrf_token"] = admin_client.cookies.get("tw_csrf")
    # Monday 28 September 2026: the National Day holidays and a make-up Saturday come within 14 days.
    with time_machine.travel(datetime(2026, 9, 28, 1, 0, tzinfo=UTC), tick=False):
        english = admin_client.post("/admin/sla/calendars/preview", data=form).text
        chinese = admin_client.post("/admin/sla/calendars/preview", data=form, headers=CHINESE).text
    days = re.findall(r'data-day="([0-9-]+)"', english)
    assert days[0] == "2026-09-28" and len(days) == 14
    monday = english[english.index('data-day="2026-09-28"') :]
    assert "09:00–12:00, 13:00–18:00" in monday[: monday.index("</li>")]
    october_first = english[english.index('data-day="2026-10-01"') :]
    assert "Closed" in october_first[: october_first.index("</li>")] and "National Day" in october_first
    assert 'data-holiday="2026-10-10" data-kind="workday"' in english  # 调休: a Saturday worked
    assert 'data-holiday="2026-12-24" data-kind="extra"' in english
    assert "国庆节" in chinese


def test_calendar_preview_asks_for_corrections_on_bad_input(admin_client):
    form = calendar_form(timezone="Nowhere/Special")
    form["csrf_token"] = admin_client.cookies.get("tw_csrf")
    text = admin_client.post("/admin/sla/calendars/preview", data=form).text
    assert "Correct the highlighted fields" in text


def test_calendar_pages_need_an_administrator_and_csrf(client, make_user, root, post):
    agent = make_user("agent")
    root.web_login(client, agent.email)
    assert client.get("/admin/sla/calendars").status_code == 403
    admin = make_user("admin")
    root.web_login(client, admin.email)
    refused = client.post("/admin/sla/calendars/new", data=calendar_form())
    assert refused.status_code in (400, 403)


# --- policies -------------------------------------------------------------------------------------------


def test_policy_list_shows_the_default_policy_last(admin_client):
    page = admin_client.get("/admin/sla/policies")
    assert page.status_code == 200
    assert "Default" in page.text and "All tickets" in page.text


def test_create_a_policy_with_conditions_targets_pauses_and_a_level(
    admin_client, post, session, seeded_types
):
    calendar = default_calendar(session)
    page = admin_client.get("/admin/sla/policies/new").text
    assert 'name="target_first_response_P0"' in page and 'name="pause_pending"' in page
    form = policy_form(calendar.id, type_ids=[str(seeded_types["it_support"].id)])
    response = post(admin_client, "/admin/sla/policies/new", form)
    assert response.status_code == 303, response.text
    session.expire_all()
    policy = next(p for p in sla_admin.list_policies(session) if p.name == "VIP IT")
    assert policy.conditions == {
        "type_ids": [seeded_types["it_support"].id],
        "channels": ["portal", "email"],
        "priorities": ["P0", "P1"],
    }
    assert policy.targets == {
        "first_response": {"P0": 10, "P1": 30, "P2": 120, "P3": 240},
        "resolution": {"P0": 120, "P1": 240, "P2": 60, "P3": 4320},
    }
    assert policy.pause_rules == {"pending": ["resolution"]}
    [level] = policy.levels
    assert (level.name, level.kind.value, level.offset_kind.value, level.offset_value) == (
        "Warn the assignee",
        "warning",
        "percent",
        80,
    )
    assert level.actions == [
        {"type": "notify", "to": ["assignee", "team_lead"], "user_ids": []},
        {"type": "raise_priority"},
    ]
    # Shown again as entered: hours and days come back in their units.
    edit = admin_client.get(f"/admin/sla/policies/{policy.id}").text
    assert re.search(r'name="target_resolution_P3" value="3"', edit)
    assert 'value="days" selected' in edit and 'value="Warn the assignee"' in edit


def test_policy_errors_are_shown_beside_each_input(admin_client, post, session, error_of):
    calendar = default_calendar(session)
    response = post(
        admin_client,
        "/admin/sla/policies/new",
        policy_form(
            calendar.id, target_first_response_P2="", target_resolution_P0="zero", level_amount_1="150"
        ),
    )
    assert response.status_code == 422
    html = response.text
    assert error_of(html, "target_first_response_P2") == "Enter a target for each priority."
    assert error_of(html, "target_resolution_P0") == "Enter a whole number."
    assert error_of(html, "level_amount_1") == "Enter a number from 0 to 100."
    assert 'value="zero"' in html  # kept as typed
    no_clock = policy_form(calendar.id)
    del no_clock["clock_first_response"], no_clock["clock_resolution"]
    refused = post(admin_client, "/admin/sla/policies/new", no_clock)
    assert error_of(refused.text, "targets") == "Turn on at least one clock."


def test_policy_errors_in_chinese(admin_client, session, error_of):
    calendar = default_calendar(session)
    response = admin_client.post(
        "/admin/sla/policies/new",
        data={
            **policy_form(calendar.id, name="", target_first_response_P0="x"),
            "csrf_token": admin_client.cookies.get("tw_csrf"),
        },
        headers=CHINESE,
    )
    assert response.status_code == 422
    assert error_of(response.text, "name") == "此字段为必填项。"
    assert error_of(response.text, "target_first_response_P0") == "请输入整数。"


def test_policies_move_up_and_down(admin_client, post, session):
    calendar = default_calendar(session)
    for name in ("First", "Second", "Third"):
        assert (
            post(admin_client, "/admin/sla/policies/new", policy_form(calendar.id, name=name)).status_code
            == 303
        )

    def order():
        session.expire_all()
        return [p.name for p in sla_admin.list_policies(session)]

    assert order() == ["First", "Second", "Third", "Default"]
    third = next(p for p in sla_admin.list_policies(session) if p.name == "Third")
    assert post(admin_client, f"/admin/sla/policies/{third.id}/move", {"direction": "up"}).status_code == 303
    assert order() == ["First", "Third", "Second", "Default"]
    first = next(p for p in sla_admin.list_policies(session) if p.name == "First")
    post(admin_client, f"/admin/sla/policies/{first.id}/move", {"direction": "down"})
    assert order() == ["Third", "First", "Second", "Default"]
    page = admin_client.get("/admin/sla/policies").text
    assert page.index("Third") < page.index("First") < page.index("Second") < page.index("Default")


def test_the_default_policy_edits_targets_without_conditions(admin_client, post, session):
    default = next(p for p in sla_admin.list_policies(session) if p.is_default)
    page = admin_client.get(f"/admin/sla/policies/{default.id}").text
    assert 'name="type_ids"' not in page
    form = policy_form(default.calendar_id, name="Default", levels=[])
    response = post(admin_client, f"/admin/sla/policies/{default.id}", form)
    assert response.status_code == 303, response.text
    session.expire_all()
    default = session.get(SlaPolicy, default.id)
    assert default.targets["first_response"]["P1"] == 30 and default.conditions == {} and default.is_active


def preview(admin_client, form, query="", headers=None):
    data = {**form, "csrf_token": admin_client.cookies.get("tw_csrf")}
    with time_machine.travel(THURSDAY_10, tick=False):
        return admin_client.post(f"/admin/sla/policies/preview{query}", data=data, headers=headers or {}).text


def test_live_preview_follows_unsaved_targets(admin_client, session, seeded_types):
    calendar = default_calendar(session)
    it = seeded_types["it_support"]
    form = policy_form(calendar.id, type_ids=[str(it.id)], preview_type_id=str(it.id), preview_priority="P1")
    text = preview(admin_client, form)
    # 30 business minutes and 4 business hours from Thursday 10:00 in Shanghai.
    sentence = re.search(r"data-preview-sentence>([^<]*)<", text).group(1)
    assert sentence.startswith("A P1 IT support ticket created now is due for first response at")
    assert "10:30:00" in sentence and "2:00:00" in sentence
    assert "This policy applies" in text
    # A ticket the conditions do not match gets the stored default policy's deadlines (1 h / 8 h).
    other = preview(admin_client, {**form, "preview_type_id": str(seeded_types["complaint_suggestion"].id)})
    assert "Another policy applies: Default" in other
    assert "11:00:00" in other and "6:00:00" in other


def test_live_preview_in_chinese_and_with_errors(admin_client, session, seeded_types):
    calendar = default_calendar(session)
    it = seeded_types["it_support"]
    form = policy_form(calendar.id, preview_type_id=str(it.id), preview_priority="P0")
    chinese = preview(admin_client, form, headers=CHINESE)
    assert "data-preview-due" in chinese and "2026年11月26日" in chinese
    broken = preview(admin_client, {**form, "target_first_response_P0": ""})
    assert "Correct the highlighted fields" in broken


@pytest.mark.parametrize("path", ["/admin/sla/calendars", "/admin/sla/policies", "/admin/sla/policies/new"])
def test_sla_admin_pages_render_in_chinese(admin_client, path):
    page = admin_client.get(path, headers=CHINESE)
    assert page.status_code == 200 and '<html lang="zh-CN"' in page.text
