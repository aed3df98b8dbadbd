"""Portal sign-up, forgotten passwords (request, link, new password) and invitations."""

from __future__ import annotations

import pytest
from tests.conftest import TEST_PASSWORD, csrf_of, web_login

from ticketwise.config import get_settings
from ticketwise.http.principal import SESSION_COOKIE
from ticketwise.users import repository
from ticketwise.users import service as user_service
from ticketwise.users.models import Role


def post(client, url, data, **headers):
    return client.post(url, data={**data, "csrf_token": csrf_of(client)}, headers=headers)


def path_of(url: str) -> str:
    return url.removeprefix(get_settings().base_url.rstrip("/"))


# --- sign-up ----------------------------------------------------------------------------------------


def test_signup_creates_a_signed_in_customer(client, session):
    response = post(
        client,
        "/signup",
        {
            "name": "Dana",
            "email": "Dana@Example.com",
            "password": "long-enough-pw",
            "password_confirm": "long-enough-pw",
        },
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/portal"
    user = repository.get_user_by_email(session, "dana@example.com")
    assert user.role is Role.CUSTOMER
    assert user.locale == "en"
    assert repository.contact_for_user(session, user.id).email == "dana@example.com"
    assert SESSION_COOKIE in client.cookies
    assert "Welcome, Dana!" in client.get("/account").text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "name": "Dana",
                "email": "taken@example.com",
                "password": "long-enough-pw",
                "password_confirm": "long-enough-pw",
            },
            "email",
            "An account with this e-mail address already exists.",
        ),
        (
            {
                "name": "Dana",
                "email": "dana@example.com",
                "password": "long-enough-pw",
                "password_confirm": "different-pw",
            },
            "password_confirm",
            "The two passwords do not match.",
        ),
        (
            {
                "name": "Dana",
                "email": "not-an-address",
                "password": "long-enough-pw",
                "password_confirm": "long-enough-pw",
            },
            "email",
            "Enter a valid e-mail address.",
        ),
        (
            {"name": "Dana", "email": "dana@example.com", "password": "short", "password_confirm": "short"},
            "password",
            "The password must have at least 8 characters.",
        ),
    ],
)
def test_signup_errors_keep_the_input(client, session, make_user, data, field, message):
    make_user("customer", email="taken@example.com")
    response = post(client, "/signup", data, **{"Accept-Language": "en"})
    assert response.status_code == 422
    assert f'id="{field}-error">{message}<' in response.text
    assert f'value="{data["email"]}"' in response.text
    assert f'value="{data["password"]}"' not in response.text
    assert SESSION_COOKIE not in client.cookies
    if data["email"] != "taken@example.com":
        assert repository.get_user_by_email(session, "dana@example.com") is None


def test_signup_can_be_turned_off(client, session, monkeypatch):
    monkeypatch.setattr(get_settings(), "portal_signup_enabled", False)
    assert client.get("/signup").status_code == 404
    data = {
        "name": "Dana",
        "email": "dana@example.com",
        "password": "long-enough-pw",
        "password_confirm": "long-enough-pw",
    }
    assert post(client, "/signup", data).status_code == 404
    assert repository.get_user_by_email(session, "dana@example.com") is None


# --- forgotten password -----------------------------------------------------------------------------


def test_forgot_password_answers_the_same_for_unknown_addresses(client, make_user):
    make_user("customer", email="erin@example.com")
    known = post(client, "/forgot-password", {"email": "erin@example.com"}, **{"Accept-Language": "en"})
    unknown = post(client, "/forgot-password", {"email": "nobody@example.com"}, **{"Accept-Language": "en"})
    message = "If an account exists for this address, we have sent it a link to choose a new password."
    assert known.status_code == unknown.status_code == 200
    assert message in known.text and message in unknown.text


def test_reset_flow_end_to_end(client, session, make_user):
    person = make_user("customer", email="erin@example.com")
    web_login(client, person.email)
    url = user_service.request_password_reset(session, "erin@example.com")
    session.commit()
    path = path_of(url)
    assert path.startswith("/reset-password/")

    form = client.get(path, headers={"Accept-Language": "en"})
    assert form.status_code == 200
    assert "erin@example.com" in form.text

    mismatch = post(
        client,
        path,
        {"password": "new-secret-1", "password_confirm": "new-secret-2"},
        **{"Accept-Language": "en"},
    )
    assert mismatch.status_code == 422
    assert 'id="password_confirm-error">The two passwords do not match.<' in mismatch.text

    done = post(client, path, {"password": "new-secret-1", "password_confirm": "new-secret-1"})
    assert done.status_code == 303
    assert done.headers["location"] == "/login"
    # Every session of the account ended, this browser's too.
    assert client.get("/account").status_code == 303
    # The link works once.
    assert client.get(path).status_code == 400
    again = post(client, path, {"password": "new-secret-3", "password_confirm": "new-secret-3"})
    assert again.status_code == 400
    web_login(client, person.email, "new-secret-1")


def test_unknown_reset_link_is_explained(client):
    response = client.get("/reset-password/not-a-real-token", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "This link is invalid or has expired." in response.text


# --- invitations ------------------------------------------------------------------------------------


def test_accept_invite_sets_the_password_and_signs_in(client, session, make_user):
    admin = make_user("admin")
    invited, url = user_service.invite_user(session, admin, email="fay@example.com", name="Fay", role="agent")
    session.commit()
    path = path_of(url)
    assert path.startswith("/accept-invite/")
    page = client.get(path, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "Fay" in page.text

    response = post(client, path, {"password": "fays-password", "password_confirm": "fays-password"})
    assert response.status_code == 303
    assert response.headers["location"] == "/agent/queue"
    session.expire_all()
    stored = repository.get_user(session, invited.id)
    assert stored.is_active
    assert "Fay" in client.get("/account").text
    assert client.get(path).status_code == 400
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    web_login(client, "fay@example.com", "fays-password")


def test_invitation_password_errors_keep_the_link_usable(client, session, make_user):
    admin = make_user("admin")
    _invited, url = user_service.invite_user(
        session, admin, email="gus@example.com", name="Gus", role="customer"
    )
    session.commit()
    path = path_of(url)
    short = post(
        client, path, {"password": "short", "password_confirm": "short"}, **{"Accept-Language": "en"}
    )
    assert short.status_code == 422
    assert 'id="password-error">The password must have at least 8 characters.<' in short.text
    assert (
        post(client, path, {"password": TEST_PASSWORD, "password_confirm": TEST_PASSWORD}).headers["location"]
        == "/portal"
    )
