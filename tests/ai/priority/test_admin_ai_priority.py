"""/admin/ai/priority: matrix, switches, keyword rules and required skills; errors in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ticketwise.ai.assignment.models import CategorySkill, TypeSkill
from ticketwise.ai.priority.config import priority_config
from ticketwise.tickets.enums import Level, Priority
from ticketwise.users.teams import create_skill

CHINESE = {"Accept-Language": "zh-CN"}
MATRIX = {f"matrix.{i.value}.{u.value}": "P2" for i in Level for u in Level}


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
    return lambda client, url, data, **kw: client.post(
        url, data={**data, "csrf_token": root.csrf_of(client)}, **kw
    )


def test_the_page_shows_the_default_matrix_and_rules(admin_client):
    html = admin_client.get("/admin/ai/priority").text
    assert re.search(r'name="matrix\.high\.high"[^>]*>.*?<option value="P0" selected', html, re.S)
    assert "宕机" in html and "outage" in html
    assert 'action="/admin/ai/priority/keywords"' in html and 'name="csrf_token"' in html


def test_saving_the_matrix_and_switches(admin_client, post, session):
    data = {**MATRIX, "matrix.high.high": "P0", "vip_raise": "on"}
    response = post(admin_client, "/admin/ai/priority", data)
    assert response.status_code == 303
    saved = priority_config(session)
    assert (
        saved.cell(Level.HIGH, Level.HIGH) is Priority.P0 and saved.cell(Level.LOW, Level.LOW) is Priority.P2
    )
    assert saved.vip_raise and not saved.use_history


def test_an_invalid_cell_is_refused_in_chinese(admin_client, post, session):
    admin_client.headers.update(CHINESE)
    response = post(admin_client, "/admin/ai/priority", {**MATRIX, "matrix.low.medium": "P9"})
    assert response.status_code == 422
    assert re.search(r'id="matrix\.low\.medium-error">请选择允许的值之一。<', response.text)
    assert priority_config(session).cell(Level.LOW, Level.MEDIUM) is Priority.P3  # nothing saved


def test_keyword_rules_are_added_refused_and_removed(admin_client, post, session):
    assert (
        post(admin_client, "/admin/ai/priority/keywords", {"keyword": "断网", "priority": "P1"}).status_code
        == 303
    )
    assert any(rule.keyword == "断网" for rule in priority_config(session).keyword_rules)

    duplicate = post(admin_client, "/admin/ai/priority/keywords", {"keyword": "OUTAGE", "urgency": "high"})
    assert duplicate.status_code == 422 and 'id="keyword-error"' in duplicate.text

    neither = post(admin_client, "/admin/ai/priority/keywords", {"keyword": "slow"})
    assert neither.status_code == 422 and "Choose a priority, an urgency or both." in neither.text

    assert post(admin_client, "/admin/ai/priority/keywords/remove", {"keyword": "outage"}).status_code == 303
    assert "outage" not in [rule.keyword for rule in priority_config(session).keyword_rules]


def test_required_skills_per_type_and_category(admin_client, post, session, admin, seeded_types):
    vpn = create_skill(session, admin, name="VPN")
    session.commit()
    it_support = seeded_types["it_support"]
    category = it_support.categories[0]
    for target in ("type:it_support", f"category:it_support:{category.id}"):
        response = post(
            admin_client, "/admin/ai/priority/skills", {"target": target, "skill_id": vpn.id, "min_level": 4}
        )
        assert response.status_code == 303
    assert session.get(TypeSkill, (it_support.id, vpn.id)).min_level == 4
    assert session.get(CategorySkill, (category.id, vpn.id)).min_level == 4
    assert "VPN</strong> ≥ 4" in admin_client.get("/admin/ai/priority").text

    bad = post(admin_client, "/admin/ai/priority/skills", {"target": "", "skill_id": vpn.id, "min_level": 4})
    assert bad.status_code == 422 and 'id="target-error"' in bad.text

    post(admin_client, "/admin/ai/priority/skills/remove", {"target": "type:it_support", "skill_id": vpn.id})
    session.expire_all()
    assert session.get(TypeSkill, (it_support.id, vpn.id)) is None


def test_agents_cannot_reach_the_page(client, make_user, root):
    agent = make_user("agent")
    root.web_login(client, agent.email)
    assert client.get("/admin/ai/priority").status_code == 403
