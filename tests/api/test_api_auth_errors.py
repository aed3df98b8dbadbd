"""Bearer-only authentication, token scopes, rate limits, RFC 9457 problems in the request's
language, and the OpenAPI document."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from fastapi.testclient import TestClient
from tests.conftest import ENGLISH

from ticketwise.config import get_settings
from ticketwise.core import i18n
from ticketwise.users import auth, tokens
from ticketwise.users import service as user_service

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def _bearer(app, plaintext: str) -> TestClient:
    return TestClient(
        app, base_url="http://testserver", headers={**ENGLISH, "Authorization": f"Bearer {plaintext}"}
    )


# --- authentication -----------------------------------------------------------------------------------


def test_without_a_token_the_answer_is_401_with_a_bearer_challenge(client, seeded_types):
    response = client.get("/api/v1/tickets")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"
    assert set(response.json()) >= PROBLEM_KEYS


def test_an_unknown_token_is_401_invalid_token(app, seeded_types):
    with _bearer(app, "tw_not-a-real-token") as stranger:
        response = stranger.get("/api/v1/me")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_a_revoked_token_stops_working(app, session, agent):
    token, plaintext = tokens.create_api_token(session, agent, "ci")
    session.commit()
    with _bearer(app, plaintext) as api:
        assert api.get("/api/v1/me").status_code == 200
        assert api.delete(f"/api/v1/me/tokens/{token.id}").status_code == 204
        assert api.get("/api/v1/me").status_code == 401


def test_a_deactivated_users_token_stops_working(app, session, admin, agent):
    _token, plaintext = tokens.create_api_token(session, agent, "ci")
    session.commit()
    user_service.update_user(session, admin, agent, is_active=False)
    session.commit()

    with _bearer(app, plaintext) as api:
        assert api.get("/api/v1/me").status_code == 401


def test_a_web_session_cookie_does_not_authenticate_the_api(client, session, agent):
    cookie = auth.start_session(session, agent)
    session.commit()
    client.cookies.set("tw_session", cookie)

    assert client.get("/api/v1/me").status_code == 401


def test_a_read_only_token_cannot_write(app, session, agent, seeded_types):
    _token, plaintext = tokens.create_api_token(session, agent, "dashboard", "read")
    session.commit()
    with _bearer(app, plaintext) as api:
        assert api.get("/api/v1/tickets").status_code == 200
        response = api.post("/api/v1/tickets", json={"type": "it_support", "title": "x"})

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def test_requests_are_rate_limited_per_token_user(agent_api, admin_api, monkeypatch):
    monkeypatch.setattr(get_settings().security, "api_rate_limit", "3/minute")

    statuses = [agent_api.get("/api/v1/me").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert agent_api.get("/api/v1/me").json()["status"] == 429
    assert admin_api.get("/api/v1/me").status_code == 200  # another user has a budget of their own


def test_role_gates_answer_403(customer_api, agent_api, seeded_types):
    assert customer_api.get("/api/v1/teams").status_code == 403
    assert agent_api.post("/api/v1/skills", json={"name": "Linux"}).status_code == 403


# --- problem details and languages --------------------------------------------------------------------


@pytest.fixture
def chinese_catalog(tmp_path, monkeypatch):
    """A zh_CN catalog with the messages these tests meet, independent of the shipped translations."""
    catalog = Catalog(locale="zh_CN")
    for message, translation in {
        "Not found": "未找到",
        "This ticket does not exist or you cannot see it.": "工单不存在，或您无权查看。",
        "Invalid input": "输入无效",
        "This field is required.": "此项为必填项。",
    }.items():
        catalog.add(message, translation)
    folder = tmp_path / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as fh:
        write_po(fh, catalog)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    i18n.translations.cache_clear()
    yield
    i18n.translations.cache_clear()


def test_problems_come_in_the_requests_language(agent_api, seeded_types, chinese_catalog):
    chinese = agent_api.get("/api/v1/tickets/424242", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    english = agent_api.get("/api/v1/tickets/424242", headers={"Accept-Language": "en-US,en;q=0.8"})

    assert chinese.status_code == english.status_code == 404
    assert chinese.headers["content-language"] == "zh-CN"
    assert english.headers["content-language"] == "en"
    assert english.json()["title"] == "Not found"
    assert english.json()["detail"] == "This ticket does not exist or you cannot see it."
    assert chinese.json()["title"] == "未找到"
    assert chinese.json()["detail"] == "工单不存在，或您无权查看。"
    for response in (chinese, english):
        problem = response.json()
        assert set(problem) >= PROBLEM_KEYS
        assert problem["status"] == 404
        assert problem["type"].endswith("/not-found")
        assert problem["instance"] == "/api/v1/tickets/424242"


def test_validation_problems_come_in_the_requests_language(agent_api, seeded_types, chinese_catalog):
    body = {"type": "it_support"}
    chinese = agent_api.post("/api/v1/tickets", json=body, headers={"Accept-Language": "zh-CN"})
    english = agent_api.post("/api/v1/tickets", json=body, headers={"Accept-Language": "en"})

    assert chinese.status_code == english.status_code == 422
    assert (chinese.json()["title"], english.json()["title"]) == ("输入无效", "Invalid input")
    assert chinese.json()["errors"] == [{"field": "title", "message": "此项为必填项。"}]
    assert english.json()["errors"] == [{"field": "title", "message": "This field is required."}]
    assert chinese.json()["detail"] != english.json()["detail"]


def test_a_malformed_json_body_is_a_problem(agent_api, seeded_types):
    response = agent_api.post(
        "/api/v1/tickets", content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert set(response.json()) >= PROBLEM_KEYS


def test_an_unknown_api_path_is_a_problem(agent_api):
    response = agent_api.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


# --- the OpenAPI document -----------------------------------------------------------------------------


def test_every_operation_is_documented(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in item.items()
    ]

    assert len(operations) >= 45
    operation_ids = [operation["operationId"] for _path, _method, operation in operations]
    assert len(set(operation_ids)) == len(operation_ids)
    assert {"create_ticket", "list_tickets", "add_field", "create_token"} <= set(operation_ids)
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        assert operation.get("tags"), where
        assert operation.get("security"), where
        responses = operation["responses"]
        assert "application/problem+json" in responses["401"]["content"], where
        assert "429" in responses, where
        success = next(code for code in responses if code.startswith("2"))
        if success != "204":
            assert responses[success].get("content"), where


def test_the_docs_page_is_served(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert "/api/v1/openapi.json" in response.text
    # Self-hosted sites may have no internet: Swagger UI comes from our own static files, not a CDN.
    assert "cdn." not in response.text
    assert client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


def test_a_value_the_database_cannot_store_is_a_422_problem(api_as, make_user):
    """PostgreSQL refuses NUL characters; SQLite stores them. Either way nothing answers 5xx."""
    admin = make_user("admin")
    api = api_as(admin)
    response = api.post(
        "/api/v1/tickets",
        json={
            "type": "general_inquiry",
            "title": "nul\x00byte",
            "description": "x",
            "requester": {"email": "nul@example.com", "name": "Nul"},
        },
    )
    assert response.status_code in (201, 422)
    if response.status_code == 422:
        assert response.headers["content-type"].startswith("application/problem+json")
