"""/api/v1 people: users and /me, teams, skills, organizations, contacts and API tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.conftest import ENGLISH

NEW_AGENT = {"email": "Erin@Example.com", "name": "Erin", "role": "agent", "password": "long-enough-pw"}


# --- users --------------------------------------------------------------------------------------------


def test_admin_creates_a_user(admin_api):
    response = admin_api.post("/api/v1/users", json=NEW_AGENT)

    assert response.status_code == 201, response.text
    user = response.json()
    assert (user["email"], user["name"], user["role"], user["is_active"]) == (
        "erin@example.com",
        "Erin",
        "agent",
        True,
    )
    assert "password" not in user and "password_hash" not in user
    again = admin_api.post("/api/v1/users", json=NEW_AGENT)
    assert (again.status_code, again.json()["errors"][0]["field"]) == (409, "email")


def test_creating_users_is_for_admins_and_validated(admin_api, agent_api):
    assert agent_api.post("/api/v1/users", json=NEW_AGENT).status_code == 403
    missing = admin_api.post("/api/v1/users", json={"name": "No mail", "role": "agent"})
    bad_role = admin_api.post("/api/v1/users", json={**NEW_AGENT, "role": "overlord"})
    short = admin_api.post("/api/v1/users", json={**NEW_AGENT, "password": "short"})
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "email")
    assert (bad_role.status_code, bad_role.json()["errors"][0]["field"]) == (422, "role")
    assert (short.status_code, short.json()["errors"][0]["field"]) == (422, "password")


def test_list_users(agent_api, admin, agent, customer):
    everyone = agent_api.get("/api/v1/users").json()
    agents = agent_api.get("/api/v1/users", params={"role": "agent"}).json()
    found = agent_api.get("/api/v1/users", params={"q": "alice"}).json()
    paged = agent_api.get("/api/v1/users", params={"size": 1, "page": 2}).json()

    assert everyone["total"] == 3
    assert [u["id"] for u in agents["items"]] == [agent.id]
    assert [u["id"] for u in found["items"]] == [customer.id]
    assert (paged["page"], paged["size"], paged["pages"], len(paged["items"])) == (2, 1, 3, 1)


def test_a_customer_sees_only_themself(customer_api, customer, agent):
    listing = customer_api.get("/api/v1/users").json()

    assert [u["id"] for u in listing["items"]] == [customer.id]
    assert customer_api.get(f"/api/v1/users/{customer.id}").status_code == 200
    assert customer_api.get(f"/api/v1/users/{agent.id}").status_code == 404


def test_read_and_patch_a_user(admin_api, agent):
    assert admin_api.get(f"/api/v1/users/{agent.id}").json()["email"] == agent.email

    response = admin_api.patch(f"/api/v1/users/{agent.id}", json={"role": "supervisor", "capacity": 5})

    assert response.status_code == 200, response.text
    assert (response.json()["role"], response.json()["capacity"]) == ("supervisor", 5)
    assert admin_api.get("/api/v1/users/999999").status_code == 404


def test_the_last_admin_cannot_be_demoted(admin_api, admin):
    response = admin_api.patch(f"/api/v1/users/{admin.id}", json={"role": "agent"})

    assert response.status_code == 409


def test_non_admins_change_only_their_own_profile(agent_api, agent, admin):
    own = agent_api.patch(f"/api/v1/users/{agent.id}", json={"name": "Agent Smith"})
    promotion = agent_api.patch(f"/api/v1/users/{agent.id}", json={"role": "admin"})
    someone_else = agent_api.patch(f"/api/v1/users/{admin.id}", json={"name": "Hacked"})

    assert own.status_code == 200 and own.json()["name"] == "Agent Smith"
    assert promotion.status_code == 403
    assert someone_else.status_code == 403


def test_me(agent_api, agent):
    me = agent_api.get("/api/v1/me")

    assert me.status_code == 200
    assert (me.json()["id"], me.json()["role"]) == (agent.id, "agent")
    changed = agent_api.patch("/api/v1/me", json={"availability": "online", "locale": "en"})
    assert changed.status_code == 200
    assert (changed.json()["availability"], changed.json()["locale"]) == ("online", "en")
    assert agent_api.patch("/api/v1/me", json={"capacity": 99}).status_code == 403


# --- teams and skills ---------------------------------------------------------------------------------


def test_teams(admin_api, agent_api, customer_api, agent, admin):
    created = admin_api.post(
        "/api/v1/teams", json={"name": "Service desk", "member_ids": [agent.id], "lead_id": agent.id}
    )
    assert created.status_code == 201, created.text
    team = created.json()
    assert team["lead"] == {"id": agent.id, "name": agent.name}
    assert [m["id"] for m in team["members"]] == [agent.id]

    assert [t["name"] for t in agent_api.get("/api/v1/teams").json()] == ["Service desk"]
    assert agent_api.get(f"/api/v1/teams/{team['id']}").json()["name"] == "Service desk"
    assert agent_api.get("/api/v1/teams", params={"member_id": admin.id}).json() == []

    changed = admin_api.patch(
        f"/api/v1/teams/{team['id']}", json={"member_ids": [agent.id, admin.id], "lead_id": None}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["lead"] is None
    assert {m["id"] for m in changed.json()["members"]} == {agent.id, admin.id}

    assert admin_api.post("/api/v1/teams", json={"name": "Service desk"}).status_code == 409
    assert customer_api.get("/api/v1/teams").status_code == 403
    assert agent_api.patch(f"/api/v1/teams/{team['id']}", json={"name": "Mine"}).status_code == 403
    assert admin_api.get("/api/v1/teams/999999").status_code == 404


def test_a_team_lead_must_be_a_member(admin_api, agent):
    response = admin_api.post("/api/v1/teams", json={"name": "Field", "lead_id": agent.id})

    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "lead_id")


def test_skills(admin_api, agent_api, agent, customer):
    created = admin_api.post("/api/v1/skills", json={"name": "Linux", "description": "Servers"})
    assert created.status_code == 201, created.text
    skill = created.json()
    assert agent_api.get("/api/v1/skills").json() == [skill]

    given = admin_api.put(f"/api/v1/users/{agent.id}/skills/{skill['id']}", json={"level": 4})
    assert given.status_code == 200, given.text
    assert given.json() == {"skill": skill, "level": 4}
    assert agent_api.get(f"/api/v1/users/{agent.id}/skills").json() == [{"skill": skill, "level": 4}]

    too_high = admin_api.put(f"/api/v1/users/{agent.id}/skills/{skill['id']}", json={"level": 9})
    customer_skill = admin_api.put(f"/api/v1/users/{customer.id}/skills/{skill['id']}", json={"level": 2})
    unknown = admin_api.put(f"/api/v1/users/{agent.id}/skills/999999", json={"level": 2})
    assert (too_high.status_code, too_high.json()["errors"][0]["field"]) == (422, "level")
    assert (customer_skill.status_code, customer_skill.json()["errors"][0]["field"]) == (422, "user_id")
    assert unknown.status_code == 404

    renamed = admin_api.patch(f"/api/v1/skills/{skill['id']}", json={"name": "Linux servers"})
    assert renamed.json()["name"] == "Linux servers"
    assert admin_api.delete(f"/api/v1/users/{agent.id}/skills/{skill['id']}").status_code == 204
    assert agent_api.get(f"/api/v1/users/{agent.id}/skills").json() == []


# --- organizations and contacts -----------------------------------------------------------------------


def test_organizations(admin_api, agent_api, customer_api, customer):
    created = admin_api.post(
        "/api/v1/organizations", json={"name": "Acme", "domains": ["acme.example"], "vip": True}
    )
    assert created.status_code == 201, created.text
    org = created.json()
    assert (org["domains"], org["vip"]) == (["acme.example"], True)

    assert [o["name"] for o in agent_api.get("/api/v1/organizations").json()["items"]] == ["Acme"]
    assert agent_api.get("/api/v1/organizations", params={"q": "acme.ex"}).json()["total"] == 1
    assert agent_api.get(f"/api/v1/organizations/{org['id']}").json()["name"] == "Acme"

    changed = admin_api.patch(
        f"/api/v1/organizations/{org['id']}",
        json={"domains": ["acme.example", "acme-group.example"], "shared_tickets": True},
    )
    assert changed.status_code == 200, changed.text
    assert sorted(changed.json()["domains"]) == ["acme-group.example", "acme.example"]
    assert changed.json()["shared_tickets"] is True

    clash = admin_api.post("/api/v1/organizations", json={"name": "Other", "domains": ["acme-group.example"]})
    assert clash.status_code == 409
    assert agent_api.post("/api/v1/organizations", json={"name": "Mine"}).status_code == 403
    assert customer_api.get(f"/api/v1/organizations/{org['id']}").status_code == 404
    assert customer_api.get("/api/v1/organizations").json()["items"] == []


def test_contacts(agent_api, customer_api, customer):
    created = agent_api.post("/api/v1/contacts", json={"email": "Frank@Example.net", "name": "Frank"})
    assert created.status_code == 201, created.text
    contact = created.json()
    assert contact["email"] == "frank@example.net"

    assert agent_api.get("/api/v1/contacts", params={"q": "frank"}).json()["total"] == 1
    assert agent_api.get(f"/api/v1/contacts/{contact['id']}").json()["name"] == "Frank"
    changed = agent_api.patch(
        f"/api/v1/contacts/{contact['id']}", json={"phone": "+86 138 0000 0000", "notes": "VIP"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["notes"] == "VIP"
    assert changed.json()["phone"]
    assert changed.json()["email"] == "frank@example.net"  # omitted keys stay

    unreachable = agent_api.post("/api/v1/contacts", json={"name": "Nobody"})
    duplicate = agent_api.post("/api/v1/contacts", json={"email": "frank@example.net", "name": "Frank 2"})
    assert unreachable.status_code == 422
    assert (duplicate.status_code, duplicate.json()["errors"][0]["field"]) == (409, "email")

    own = customer_api.get("/api/v1/contacts").json()["items"]
    assert [c["email"] for c in own] == [customer.email]
    assert customer_api.get(f"/api/v1/contacts/{contact['id']}").status_code == 404
    assert (
        customer_api.post("/api/v1/contacts", json={"email": "x@example.com", "name": "X"}).status_code == 403
    )


# --- API tokens ---------------------------------------------------------------------------------------


def test_api_tokens(app, agent_api):
    created = agent_api.post("/api/v1/me/tokens", json={"name": "CI pipeline"})

    assert created.status_code == 201, created.text
    token = created.json()
    assert token["token"].startswith("tw_")
    assert token["prefix"] == token["token"][:10]
    listed = agent_api.get("/api/v1/me/tokens").json()
    assert {t["name"] for t in listed} == {"test", "CI pipeline"}
    assert all("token" not in t for t in listed)

    with TestClient(app, headers={**ENGLISH, "Authorization": f"Bearer {token['token']}"}) as pipeline:
        assert pipeline.get("/api/v1/me").status_code == 200
        assert agent_api.delete(f"/api/v1/me/tokens/{token['id']}").status_code == 204
        assert pipeline.get("/api/v1/me").status_code == 401
    revoked = next(t for t in agent_api.get("/api/v1/me/tokens").json() if t["id"] == token["id"])
    assert revoked["revoked_at"] is not None


def test_tokens_of_others_cannot_be_revoked(agent_api, customer_api):
    token = agent_api.post("/api/v1/me/tokens", json={"name": "mine"}).json()

    assert customer_api.delete(f"/api/v1/me/tokens/{token['id']}").status_code == 404
    assert agent_api.delete("/api/v1/me/tokens/999999").status_code == 404


def test_token_input_is_validated(agent_api):
    blank = agent_api.post("/api/v1/me/tokens", json={"name": ""})
    scopes = agent_api.post("/api/v1/me/tokens", json={"name": "x", "scopes": "admin"})

    assert (blank.status_code, blank.json()["errors"][0]["field"]) == (422, "name")
    assert (scopes.status_code, scopes.json()["errors"][0]["field"]) == (422, "scopes")
