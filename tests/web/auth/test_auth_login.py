"""Sign-in, sign-out, rate limiting and CSRF on the sign-in pages, in both languages."""

from __future__ import annotations

import re

import pytest
from tests.conftest import TEST_PASSWORD, csrf_of, web_login

from ticketwise.config import get_settings
from ticketwise.http.principal import SESSION_COOKIE


def login(client, email, password=TEST_PASSWORD, next_url="", **headers):
    data = {"email": email, "password": password, "csrf_token": csrf_of(client), "next": next_url}
    return client.post("/login", data=data, headers=headers)


@pytest.mark.parametrize(
    ("role", "home"), [("agent", "/agent/queue"), ("admin", "/agent/queue"), ("customer", "/portal")]
)
def test_sign_in_redirects_each_role_home_with_a_session_cookie(client, make_user, role, home):
    person = make_user(role)
    response = login(client, person.email)
    assert response.status_code == 303
    assert response.headers["location"] == home
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert f"Max-Age={get_settings().security.session_days * 86400}" in cookie
    assert "Secure" not in cookie
    assert client.get("/account").status_code == 200


def test_sign_in_follows_a_local_next_but_not_another_site(client, make_user):
    person = make_user("customer")
    assert login(client, person.email, next_url="/portal/new").headers["location"] == "/portal/new"
    other = make_user("customer")
    assert login(client, other.email, next_url="//evil.example/x").headers["location"] == "/portal"


def test_sign_in_form_keeps_next_from_the_query(client):
    page = client.get("/login", params={"next": "/portal/new"})
    assert page.status_code == 200
    assert 'name="next" value="/portal/new"' in page.text


def test_secure_cookie_when_configured(client, make_user, monkeypatch):
    monkeypatch.setattr(get_settings().security, "secure_cookies", True)
    person = make_user("customer")
    assert "Secure" in login(client, person.email).headers["set-cookie"]


@pytest.mark.parametrize("case", ["wrong-password", "unknown-address"])
def test_wrong_credentials_give_one_generic_message_and_keep_the_address(client, make_user, case):
    person = make_user("customer", email="known@example.com")
    email = person.email if case == "wrong-password" else "nobody@example.com"
    response = login(client, email, password="not-the-password", **{"Accept-Language": "en"})
    assert response.status_code == 401
    assert "The e-mail address or password is incorrect." in response.text
    assert f'value="{email}"' in response.text
    assert SESSION_COOKIE not in client.cookies
    assert client.get("/account").status_code == 303


def test_inactive_account_cannot_sign_in(client, make_user, session):
    person = make_user("agent")
    person.is_active = False
    session.commit()
    assert login(client, person.email).status_code == 401


def test_sign_in_is_rate_limited_per_address(client, make_user, monkeypatch):
    monkeypatch.setattr(get_settings().security, "login_rate_limit", "3/minute")
    person = make_user("customer")
    for _ in range(3):
        assert login(client, person.email, password="wrong-password").status_code == 401
    limited = login(client, person.email, **{"Accept-Language": "en"})
    assert limited.status_code == 429
    assert "Too many attempts. Please wait a moment and try again." in limited.text
    # Even the right password is refused while limited: nothing is checked.
    assert SESSION_COOKIE not in client.cookies


def test_sign_out_ends_the_session(client, make_user):
    person = make_user("customer")
    web_login(client, person.email)
    token = client.cookies.get(SESSION_COOKIE)
    response = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert SESSION_COOKIE not in client.cookies
    # The old token no longer signs anyone in, even when replayed.
    client.cookies.set(SESSION_COOKIE, token)
    assert client.get("/account").status_code == 303


@pytest.mark.parametrize("path", ["/login", "/logout", "/signup", "/forgot-password"])
def test_posts_without_csrf_token_are_refused(client, make_user, path):
    person = make_user("customer")
    csrf_of(client)
    response = client.post(path, data={"email": person.email, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_sign_in_page_in_both_languages(client):
    english = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="en"' in english.text
    assert "Forgot your password?" in english.text
    chinese = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-CN"' in chinese.text
    assert re.search(r'<form method="post" action="/login"', chinese.text)
