"""The account page: profile, password change (other sessions end) and API tokens."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.conftest import ENGLISH, TEST_PASSWORD, csrf_of, web_login

from ticketwise.http.principal import SESSION_COOKIE
from ticketwise.users import repository, tokens


@pytest.fixture
def customer(make_user):
    return make_user("customer", email="carol@example.com", name="Carol")


@pytest.fixture
def signed_in(client, customer):
    web_login(client, customer.email)
    return client


def post(client, url, data, **headers):
    return client.post(url, data={**data, "csrf_token": csrf_of(client)}, headers=headers)


def test_account_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account"


def test_profile_is_saved(signed_in, session, customer):
    page = signed_in.get("/account")
    assert page.status_code == 200
    assert 'value="Carol"' in page.text
    response = post(
        signed_in, "/account/profile", {"name": "Carol Chen", "locale": "en", "timezone": "Europe/Berlin"}
    )
    assert response.status_code == 303
    session.expire_all()
    stored = repository.get_user(session, customer.id)
    assert (stored.name, stored.locale, stored.timezone) == ("Carol Chen", "en", "Europe/Berlin")
    assert "Your profile has been saved." in signed_in.get("/account").text


def test_profile_errors_are_shown_beside_the_field(signed_in, session, customer):
    response = post(
        signed_in,
        "/account/profile",
        {"name": "  ", "locale": "en", "timezone": "UTC"},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert 'id="name-error">This field is required.<' in response.text
    session.expire_all()
    assert repository.get_user(session, customer.id).name == "Carol"


def test_password_change_signs_out_other_devices_only(app, signed_in, session, customer):
    with TestClient(
        app, base_url="http://testserver", follow_redirects=False, headers=ENGLISH
    ) as other_device:
        web_login(other_device, customer.email)
        assert other_device.get("/account").status_code == 200
        response = post(
            signed_in,
            "/account/password",
            {
                "old_password": TEST_PASSWORD,
                "new_password": "brand-new-secret",
                "new_password_confirm": "brand-new-secret",
            },
        )
        assert response.status_code == 303
        assert signed_in.get("/account").status_code == 200
        assert other_device.get("/account").status_code == 303
    signed_in.post("/logout", data={"csrf_token": csrf_of(signed_in)})
    web_login(signed_in, customer.email, "brand-new-secret")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "old_password": "wrong-password",
                "new_password": "brand-new-secret",
                "new_password_confirm": "brand-new-secret",
            },
            "old_password",
            "The current password is incorrect.",
        ),
        (
            {
                "old_password": TEST_PASSWORD,
                "new_password": "brand-new-secret",
                "new_password_confirm": "other-secret",
            },
            "new_password_confirm",
            "The two passwords do not match.",
        ),
        (
            {"old_password": TEST_PASSWORD, "new_password": "short", "new_password_confirm": "short"},
            "new_password",
            "The password must have at least 8 characters.",
        ),
    ],
)
def test_password_change_errors(signed_in, customer, data, field, message):
    response = post(signed_in, "/account/password", data, **{"Accept-Language": "en"})
    assert response.status_code == 422
    assert f'id="{field}-error">{message}<' in response.text
    signed_in.post("/logout", data={"csrf_token": csrf_of(signed_in)})
    web_login(signed_in, customer.email, TEST_PASSWORD)


def test_api_token_is_shown_once_works_and_can_be_revoked(app, signed_in, session, customer):
    created = post(signed_in, "/account/tokens", {"name": "backup script", "scopes": ["read"]})
    assert created.status_code == 200
    plaintext = re.search(r'id="new-token" type="text" readonly value="(tw_[^"]+)"', created.text).group(1)
    listed = tokens.list_api_tokens(session, customer, customer)
    assert [(t.name, t.scopes) for t in listed] == [("backup script", "read")]
    assert plaintext not in signed_in.get("/account").text
    assert tokens.resolve_api_token(session, plaintext).id == customer.id

    revoked = post(signed_in, f"/account/tokens/{listed[0].id}/revoke", {})
    assert revoked.status_code == 303
    session.expire_all()
    assert tokens.resolve_api_token(session, plaintext) is None
    assert "Revoked" in signed_in.get("/account", headers={"Accept-Language": "en"}).text


def test_api_token_needs_a_name(signed_in, session, customer):
    response = post(
        signed_in, "/account/tokens", {"name": "", "scopes": ["read", "write"]}, **{"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert "This field is required." in response.text
    assert tokens.list_api_tokens(session, customer, customer) == []


def test_someone_elses_token_cannot_be_revoked(signed_in, session, make_user):
    other = make_user("customer")
    token, plaintext = tokens.create_api_token(session, other, "theirs")
    session.commit()
    assert post(signed_in, f"/account/tokens/{token.id}/revoke", {}).status_code == 404
    assert tokens.resolve_api_token(session, plaintext) is not None


def test_account_posts_need_csrf(signed_in, session, customer):
    response = signed_in.post("/account/profile", data={"name": "Mallory", "locale": "", "timezone": "UTC"})
    assert response.status_code == 403
    session.expire_all()
    assert repository.get_user(session, customer.id).name == "Carol"


def test_account_page_in_both_languages(signed_in, session, customer):
    assert "Change password" in signed_in.get("/account", headers={"Accept-Language": "en"}).text
    post(signed_in, "/account/profile", {"name": "Carol", "locale": "zh_CN", "timezone": "Asia/Shanghai"})
    # The user's own language wins over the browser's.
    page = signed_in.get("/account", headers={"Accept-Language": "en"})
    assert '<html lang="zh-CN"' in page.text
    assert SESSION_COOKIE in signed_in.cookies
