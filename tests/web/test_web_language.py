"""Which language a page is in: user setting, then the tw_lang cookie, then Accept-Language, then
the site default (zh_CN unless configured)."""

from __future__ import annotations

import pytest
from tests.conftest import csrf_of, web_login

from ticketwise.config import get_settings
from ticketwise.core.i18n import negotiate


@pytest.fixture
def site_default_chinese(monkeypatch):
    monkeypatch.setenv("TICKETWISE_DEFAULT_LOCALE", "zh_CN")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_without_any_preference_pages_are_in_the_site_default(client, site_default_chinese):
    page = client.get("/login", headers={"Accept-Language": ""})
    assert 'lang="zh-CN"' in page.text and "登录" in page.text


def test_accept_language_is_honoured(client):
    assert "登录" in client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert 'lang="en"' in page.text and "Sign in" in page.text


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-TW", "zh_CN"),
        ("fr, en;q=0.5", "en"),
        ("en;q=0.2, zh;q=0.9", "zh_CN"),
        ("de", "zh_CN"),
        ("", "zh_CN"),
    ],
)
def test_negotiation_weighs_q_values(header, expected):
    assert negotiate(header, "zh_CN") == expected


def test_language_switch_sets_cookie_and_the_users_setting(client, make_user, session):
    agent = make_user("agent")
    web_login(client, agent.email)
    response = client.post(
        "/language", data={"locale": "zh_CN", "next": "/agent/queue", "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 303 and response.headers["location"] == "/agent/queue"
    assert client.cookies.get("tw_lang") == "zh_CN"
    session.expire_all()
    assert session.get(type(agent), agent.id).locale == "zh_CN"
    # The user's own setting wins over the browser's preference.
    assert "队列" in client.get("/agent/queue", headers={"Accept-Language": "en"}).text


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(
        "/language", data={"locale": "en", "next": "//evil.example", "csrf_token": csrf_of(client)}
    )
    assert response.headers["location"] == "/"


def test_error_pages_are_translated(client):
    chinese = client.get("/no/such/page", headers={"Accept-Language": "zh-CN"})
    assert chinese.status_code == 404 and "页面不存在" in chinese.text
    english = client.get("/no/such/page")
    assert english.status_code == 404 and "Page not found" in english.text
