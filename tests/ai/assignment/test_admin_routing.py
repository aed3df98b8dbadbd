"""Routing settings on the admin pages: team strategy and weights, agents' working hours, and an
agent's own availability on the account page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ticketwise.ai.assignment.models import Strategy
from ticketwise.ai.assignment.team_strategy import strategy_of
from ticketwise.ai.assignment.working_hours import week_of
from ticketwise.users import repository
from ticketwise.users.models import Availability

CHINESE = {"Accept-Language": "zh-CN"}


@pytest.fixture
def root(request):
    return request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )


@pytest.fixture
def admin_client(client, admin, root):
    root.web_login(client, admin.email)
    return client


@pytest.fixture
def post(root):
    return lambda client, url, data: client.post(url, data={**data, "csrf_token": root.csrf_of(client)})


def test_a_team_is_created_with_its_strategy_and_weights(admin_client, post, session, make_agent):
    agent = make_agent("Ann")
    assert 'name="strategy"' in admin_client.get("/admin/teams/new").text
    response = post(
        admin_client,
        "/admin/teams/new",
        {
            "name": "Desk",
            "member_ids": agent.id,
            "strategy": "combined",
            "weight_load": "2",
            "weight_skill": "0.5",
            "weight_availability": "1",
        },
    )
    assert response.status_code == 303
    team = repository.team_by_name(session, "Desk")
    strategy, weights = strategy_of(session, team.id)
    assert strategy is Strategy.COMBINED and (weights.load, weights.skill, weights.availability) == (
        2.0,
        0.5,
        1.0,
    )
    assert re.search(r'<option value="combined" selected', admin_client.get(f"/admin/teams/{team.id}").text)


def test_a_bad_weight_is_refused_in_chinese_and_nothing_is_saved(
    admin_client, post, session, make_team, make_agent
):
    team = make_team([make_agent("Ann")])
    admin_client.headers.update(CHINESE)
    response = post(
        admin_client,
        f"/admin/teams/{team.id}",
        {"name": "Renamed", "member_ids": "", "strategy": "least_loaded", "weight_load": "99"},
    )
    assert response.status_code == 422
    assert re.search(r'id="weight_load-error">请输入 0 到 10 之间的数字。<', response.text)
    session.expire_all()
    assert strategy_of(session, team.id)[0] is Strategy.MANUAL and team.name != "Renamed"


def test_working_hours_are_saved_and_validated(admin_client, post, session, make_agent):
    agent = make_agent("Ann")
    response = post(
        admin_client,
        f"/admin/users/{agent.id}/hours",
        {"hours_0": "09:00-12:00, 13:00-18:00", "hours_5": "10:00-14:00"},
    )
    assert response.status_code == 303
    week = week_of(session, agent)
    assert week[0] == [(540, 720), (780, 1080)] and week[5] == [(600, 840)] and week[1] == []
    assert 'value="09:00-12:00, 13:00-18:00"' in admin_client.get(f"/admin/users/{agent.id}").text

    bad = post(admin_client, f"/admin/users/{agent.id}/hours", {"hours_2": "18:00-09:00"})
    assert bad.status_code == 422 and 'id="hours_2-error"' in bad.text
    assert week_of(session, agent)[0] == [(540, 720), (780, 1080)]  # unchanged


def test_agents_set_their_own_availability(client, post, session, make_agent, root):
    agent = make_agent("Ann", availability="offline")
    root.web_login(client, agent.email)
    assert 'action="/account/availability"' in client.get("/account").text
    assert post(client, "/account/availability", {"availability": "away"}).status_code == 303
    session.expire_all()
    assert repository.get_user(session, agent.id).availability is Availability.AWAY
    assert post(client, "/account/availability", {"availability": "sleeping"}).status_code == 422


def test_customers_have_no_availability(client, post, make_user, root):
    customer = make_user("customer")
    root.web_login(client, customer.email)
    assert 'action="/account/availability"' not in client.get("/account").text
    assert post(client, "/account/availability", {"availability": "online"}).status_code == 422
