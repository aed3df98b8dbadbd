"""Admin pages for people: gates, users (create, invite, edit, skills), teams, skills,
organizations and contacts, in both languages."""

from __future__ import annotations

import re

import pytest

from ticketwise.users import access, repository
from ticketwise.users.models import Availability, Role

# --- gates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin", "/admin/users", "/admin/teams/new", "/admin/organizations"])
def test_anonymous_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


def admin_routes(method: str) -> list[str]:
    """Every admin URL answering ``method``, with sample values in place of path parameters."""
    from ticketwise.web.admin import AREAS

    paths = [route.path for area in AREAS for route in area.router.routes if method in route.methods]
    return [
        re.sub(r"\{[a-z_]*id\}", "1", p).replace("{slug}", "it_support").replace("{name}", "serial")
        for p in paths
    ]


@pytest.mark.parametrize("role", ["agent", "supervisor", "customer"])
def test_non_admins_are_refused_everywhere(client, make_user, role, post, login):
    login(make_user(role))
    for url in admin_routes("GET"):
        assert client.get(url).status_code == 403, url
    for url in admin_routes("POST"):
        assert (
            post(client, url, {"name": "x", "email": "x@example.com", "role": "admin"}).status_code == 403
        ), url


def test_posts_without_csrf_token_are_refused(admin_client, session):
    response = admin_client.post("/admin/skills/new", data={"name": "Networking"})
    assert response.status_code == 403
    assert repository.skill_by_name(session, "Networking") is None


def test_overview_counts_and_links(admin_client, make_user):
    make_user("agent")
    make_user("customer")
    html = admin_client.get("/admin").text
    assert re.search(r'data-count="users">\s*3<', html)
    for href in (
        "/admin/users",
        "/admin/teams",
        "/admin/skills",
        "/admin/organizations",
        "/admin/contacts",
        "/admin/types",
    ):
        assert f'href="{href}"' in html


# --- users ------------------------------------------------------------------------------------------


def test_create_user_then_it_can_sign_in(admin_client, session, post):
    response = post(
        admin_client,
        "/admin/users/new",
        {
            "mode": "password",
            "email": "New.Agent@Example.com",
            "name": "New Agent",
            "role": "agent",
            "password": "a-long-password-1",
            "locale": "en",
        },
    )
    assert response.status_code == 303
    created = repository.get_user_by_email(session, "new.agent@example.com")
    assert created is not None and created.role is Role.AGENT and created.locale == "en" and created.is_active
    assert response.headers["location"] == f"/admin/users/{created.id}"


def test_create_user_with_taken_address_keeps_input_and_shows_error(admin_client, admin, post, error_of):
    response = post(
        admin_client,
        "/admin/users/new",
        {
            "mode": "password",
            "email": admin.email,
            "name": "Second Boss",
            "role": "agent",
            "password": "a-long-password-1",
        },
    )
    assert response.status_code == 422
    assert "already exists" in error_of(response.text, "email")
    assert 'value="Second Boss"' in response.text


def test_invite_shows_the_link_and_leaves_the_account_inactive(admin_client, session, post):
    response = post(
        admin_client,
        "/admin/users/new",
        {
            "mode": "invite",
            "email": "invitee@example.com",
            "name": "Invitee",
            "role": "supervisor",
            "password": "ignored",
        },
    )
    assert response.status_code == 200
    link = re.search(r'value="(http[^"]+/accept-invite/[^"]+)"', response.text)
    assert link, "the invitation link is shown"
    invitee = repository.get_user_by_email(session, "invitee@example.com")
    assert invitee.role is Role.SUPERVISOR and not invitee.is_active and invitee.password_hash is None

    again = post(admin_client, f"/admin/users/{invitee.id}/invitation", {})
    assert again.status_code == 200
    assert "/accept-invite/" in again.text and link.group(1) not in again.text


def test_user_list_filters_by_role_activity_and_search(admin_client, make_user):
    make_user("agent", name="Alice Agent")
    make_user("customer", name="Carol Customer")
    make_user("agent", name="Alfred Agent")
    html = admin_client.get("/admin/users", params={"role": "agent", "q": "ali"}).text
    assert "Alice Agent" in html and "Alfred Agent" not in html and "Carol Customer" not in html
    html = admin_client.get("/admin/users", params={"active": "no"}).text
    assert "Alice Agent" not in html


def test_user_list_pages(admin_client, make_user):
    for _ in range(26):
        make_user("customer")
    first = admin_client.get("/admin/users").text
    assert "page=2" in first
    second = admin_client.get("/admin/users", params={"page": 2}).text
    assert second.count('href="/admin/users/') < first.count('href="/admin/users/')


def test_edit_user(admin_client, session, make_user, post):
    agent = make_user("agent", name="Old Name")
    page = admin_client.get(f"/admin/users/{agent.id}")
    assert page.status_code == 200 and 'value="Old Name"' in page.text
    response = post(
        admin_client,
        f"/admin/users/{agent.id}",
        {
            "name": "New Name",
            "role": "supervisor",
            "locale": "zh_CN",
            "timezone": "Europe/Berlin",
            "capacity": "7",
            "availability": "online",
            "is_active": "on",
            "organization_id": "",
        },
    )
    assert response.status_code == 303
    session.expire_all()
    changed = access.access_user(session, agent, agent.id)
    assert (
        changed.name,
        changed.role,
        changed.locale,
        changed.timezone,
        changed.capacity,
        changed.availability,
    ) == ("New Name", Role.SUPERVISOR, "zh_CN", "Europe/Berlin", 7, Availability.ONLINE)


def test_refused_edit_changes_nothing(admin_client, session, make_user, post, error_of):
    agent = make_user("agent", name="Kept Name")
    response = post(
        admin_client,
        f"/admin/users/{agent.id}",
        {
            "name": "Half Done",
            "role": "agent",
            "timezone": "Mars/Olympus",
            "capacity": "5",
            "availability": "away",
            "is_active": "on",
        },
    )
    assert response.status_code == 422
    assert error_of(response.text, "timezone")
    assert 'value="Half Done"' in response.text and 'value="Mars/Olympus"' in response.text
    session.expire_all()
    assert repository.get_user(session, agent.id).name == "Kept Name"


def test_deactivate_user_and_customer_organization(admin_client, session, make_user, post):
    customer = make_user("customer")
    org = post(admin_client, "/admin/organizations/new", {"name": "Acme", "domains": "acme.example"})
    assert org.status_code == 303
    acme = repository.organization_by_name(session, "Acme")
    response = post(
        admin_client,
        f"/admin/users/{customer.id}",
        {
            "name": customer.name,
            "role": "customer",
            "timezone": "Asia/Shanghai",
            "capacity": "20",
            "availability": "offline",
            "organization_id": str(acme.id),
        },
    )
    assert response.status_code == 303
    session.expire_all()
    changed = repository.get_user(session, customer.id)
    assert changed.organization_id == acme.id and not changed.is_active


def test_agent_skills_add_change_remove(admin_client, session, make_user, post, error_of):
    agent = make_user("agent")
    assert (
        post(
            admin_client, "/admin/skills/new", {"name": "Printers", "description": "Laser and inkjet"}
        ).status_code
        == 303
    )
    skill = repository.skill_by_name(session, "Printers")

    assert (
        post(
            admin_client, f"/admin/users/{agent.id}/skills", {"skill_id": str(skill.id), "level": "4"}
        ).status_code
        == 303
    )
    assert repository.agent_skill(session, agent.id, skill.id).level == 4
    assert (
        post(
            admin_client, f"/admin/users/{agent.id}/skills", {"skill_id": str(skill.id), "level": "2"}
        ).status_code
        == 303
    )
    session.expire_all()
    assert repository.agent_skill(session, agent.id, skill.id).level == 2

    refused = post(admin_client, f"/admin/users/{agent.id}/skills", {"skill_id": str(skill.id), "level": "9"})
    assert refused.status_code == 422 and error_of(refused.text, "level")

    assert post(admin_client, f"/admin/users/{agent.id}/skills/{skill.id}/remove", {}).status_code == 303
    session.expire_all()
    assert repository.agent_skill(session, agent.id, skill.id) is None


def test_skill_edit_and_duplicate_name(admin_client, session, post, error_of):
    post(admin_client, "/admin/skills/new", {"name": "Linux"})
    post(admin_client, "/admin/skills/new", {"name": "Windows"})
    windows = repository.skill_by_name(session, "Windows")
    duplicate = post(admin_client, f"/admin/skills/{windows.id}", {"name": "linux", "description": ""})
    assert duplicate.status_code == 422 and error_of(duplicate.text, "name")
    renamed = post(
        admin_client, f"/admin/skills/{windows.id}", {"name": "Windows 11", "description": "Desktop"}
    )
    assert renamed.status_code == 303
    assert "Windows 11" in admin_client.get("/admin/skills").text


# --- teams ------------------------------------------------------------------------------------------


def test_team_with_members_and_lead(admin_client, session, make_user, post, error_of):
    ann, bob, cus = make_user("agent", name="Ann"), make_user("agent", name="Bob"), make_user("customer")
    form = admin_client.get("/admin/teams/new").text
    assert "Ann" in form and cus.email not in form  # only staff are offered

    created = post(
        admin_client,
        "/admin/teams/new",
        {
            "name": "Desk",
            "description": "First line",
            "member_ids": [str(ann.id), str(bob.id)],
            "lead_id": str(bob.id),
        },
    )
    assert created.status_code == 303
    team = repository.team_by_name(session, "Desk")
    assert {link.user_id for link in team.members} == {ann.id, bob.id} and team.lead_id == bob.id

    not_a_member = post(
        admin_client,
        f"/admin/teams/{team.id}",
        {
            "name": "Desk",
            "member_ids": [str(ann.id)],
            "lead_id": str(bob.id),
        },
    )
    assert not_a_member.status_code == 422
    assert error_of(not_a_member.text, "lead_id")
    session.expire_all()
    assert {link.user_id for link in repository.get_team(session, team.id).members} == {ann.id, bob.id}

    changed = post(
        admin_client,
        f"/admin/teams/{team.id}",
        {"name": "Service Desk", "member_ids": [str(ann.id)], "lead_id": str(ann.id)},
    )
    assert changed.status_code == 303
    session.expire_all()
    team = repository.get_team(session, team.id)
    assert (
        team.name == "Service Desk"
        and [link.user_id for link in team.members] == [ann.id]
        and team.lead_id == ann.id
    )
    listing = admin_client.get("/admin/teams").text
    assert "Service Desk" in listing and "Ann" in listing


# --- organizations and contacts ---------------------------------------------------------------------


def test_organization_with_domains_and_duplicate_domain(admin_client, session, post, error_of):
    created = post(
        admin_client,
        "/admin/organizations/new",
        {
            "name": "Globex",
            "domains": "globex.com\nGlobex.cn，globex.example",
            "vip": "on",
            "shared_tickets": "on",
            "notes": "Key account",
        },
    )
    assert created.status_code == 303
    globex = repository.organization_by_name(session, "Globex")
    assert sorted(d.domain for d in globex.domains) == ["globex.cn", "globex.com", "globex.example"]
    assert globex.vip and globex.shared_tickets

    clash = post(
        admin_client, "/admin/organizations/new", {"name": "Initech", "domains": "initech.example, globex.cn"}
    )
    assert clash.status_code == 422
    assert "globex.cn" in error_of(clash.text, "domains")
    assert 'value="Initech"' in clash.text and "initech.example, globex.cn" in clash.text
    assert repository.organization_by_name(session, "Initech") is None

    edited = post(
        admin_client, f"/admin/organizations/{globex.id}", {"name": "Globex", "domains": "globex.com"}
    )
    assert edited.status_code == 303
    session.expire_all()
    globex = repository.get_organization(session, globex.id)
    assert [d.domain for d in globex.domains] == ["globex.com"] and not globex.vip

    assert "Globex" in admin_client.get("/admin/organizations", params={"q": "globex.co"}).text
    assert "Globex" not in admin_client.get("/admin/organizations", params={"q": "nothing"}).text


def test_contacts_create_edit_search(admin_client, session, post, error_of):
    post(admin_client, "/admin/organizations/new", {"name": "Umbrella", "domains": "umbrella.example"})
    created = post(
        admin_client,
        "/admin/contacts/new",
        {"name": "Jill", "email": "jill@umbrella.example", "phone": "", "organization_id": ""},
    )
    assert created.status_code == 303
    jill = repository.contact_by_email(session, "jill@umbrella.example")
    assert jill.organization.name == "Umbrella"

    unreachable = post(admin_client, "/admin/contacts/new", {"name": "Nobody", "email": "", "phone": ""})
    assert unreachable.status_code == 422 and error_of(unreachable.text, "email")

    edited = post(
        admin_client,
        f"/admin/contacts/{jill.id}",
        {
            "name": "Jill V.",
            "email": "jill@umbrella.example",
            "phone": "+86 138 0000 0000",
            "organization_id": "",
        },
    )
    assert edited.status_code == 303
    session.expire_all()
    jill = repository.get_contact(session, jill.id)
    assert (jill.name, jill.phone, jill.organization_id) == ("Jill V.", "+8613800000000", None)
    assert "Jill V." in admin_client.get("/admin/contacts", params={"q": "13800"}).text


# --- languages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "lang"), [("zh_CN", "zh-CN"), ("en", "en")])
def test_admin_pages_render_in_both_languages(client, make_user, locale, lang, login):
    admin = make_user("admin", locale=locale)
    agent = make_user("agent")
    login(admin)
    for path in (
        "/admin",
        "/admin/users",
        "/admin/users/new",
        f"/admin/users/{agent.id}",
        "/admin/teams",
        "/admin/teams/new",
        "/admin/skills",
        "/admin/skills/new",
        "/admin/organizations",
        "/admin/organizations/new",
        "/admin/contacts",
        "/admin/contacts/new",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{lang}"' in response.text, path


def test_every_admin_post_needs_the_csrf_token(admin_client):
    """Each POST route of the admin area refuses a form without the token, whatever it would change."""
    posts = admin_routes("POST")
    assert len(posts) >= 19
    for url in posts:
        assert admin_client.post(url, data={"name": "x"}).status_code == 403, url
