"""Sign-in, web sessions and API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.core.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from ticketwise.core.security import hash_token
from ticketwise.users import auth, repository, service, tokens
from ticketwise.users.models import ApiToken, Role, WebSession

PASSWORD = "sign-in-password"


@pytest.fixture
def member(people):
    return people(Role.AGENT, email="member@example.com", password=PASSWORD)


def test_authenticate_accepts_any_case_and_records_the_time(session: Session, member) -> None:
    assert member.last_login_at is None
    assert auth.authenticate(session, " MEMBER@example.com ", PASSWORD) is member
    assert member.last_login_at is not None


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("member@example.com", "wrong-password"),
        ("stranger@example.com", PASSWORD),
        ("not an address", PASSWORD),
        ("member@example.com", ""),
        ("member@example.com", PASSWORD + "x" * 2000),
    ],
)
def test_authenticate_fails_with_one_generic_message(session: Session, member, email, password) -> None:
    with pytest.raises(NotAuthenticated) as caught:
        auth.authenticate(session, email, password)
    assert caught.value.message == "The e-mail address or password is incorrect."
    assert member.last_login_at is None


def test_inactive_users_cannot_sign_in(session: Session, admin, member) -> None:
    service.update_user(session, admin, member, is_active=False)
    with pytest.raises(NotAuthenticated) as caught:
        auth.authenticate(session, member.email, PASSWORD)
    assert caught.value.message == "The e-mail address or password is incorrect."


def test_sessions_resolve_until_they_expire(session: Session, member) -> None:
    token = auth.start_session(session, member, ip="203.0.113.9", user_agent="Firefox " * 100)
    stored = session.scalars(sa.select(WebSession)).one()
    assert stored.token_hash == hash_token(token) and stored.token_hash != token
    assert stored.ip == "203.0.113.9" and len(stored.user_agent) == 300
    assert auth.resolve_session(session, token) is member
    assert auth.resolve_session(session, None) is None
    assert auth.resolve_session(session, "forged") is None

    lifetime = timedelta(days=get_settings().security.session_days)
    with time_machine.travel(now() + lifetime - timedelta(minutes=1), tick=False):
        assert auth.resolve_session(session, token) is member
    with time_machine.travel(now() + lifetime + timedelta(minutes=1), tick=False):
        assert auth.resolve_session(session, token) is None
    assert repository.web_sessions_for_user(session, member.id) == []  # the expired row was deleted


def test_sessions_of_inactive_users_do_not_resolve(session: Session, member) -> None:
    token = auth.start_session(session, member)
    member.is_active = False
    session.flush()
    assert auth.resolve_session(session, token) is None


def test_end_session_and_end_all(session: Session, member) -> None:
    first, second, third = (auth.start_session(session, member) for _ in range(3))
    auth.end_session(session, first)
    auth.end_session(session, "unknown-token")
    assert auth.resolve_session(session, first) is None
    assert auth.resolve_session(session, second) is member
    auth.end_all_sessions(session, member, keep_token=third)
    assert auth.resolve_session(session, second) is None
    assert auth.resolve_session(session, third) is member
    auth.end_all_sessions(session, member)
    assert auth.resolve_session(session, third) is None


def test_signing_in_purges_the_users_expired_sessions(session: Session, member) -> None:
    old = auth.start_session(session, member)
    with time_machine.travel(now() + timedelta(days=get_settings().security.session_days + 1), tick=False):
        auth.start_session(session, member)
    hashes = {row.token_hash for row in repository.web_sessions_for_user(session, member.id)}
    assert hash_token(old) not in hashes and len(hashes) == 1


def test_api_tokens_are_hashed_and_resolve_to_their_user(session: Session, member) -> None:
    token, plaintext = tokens.create_api_token(session, member, " CI pipeline ", scopes="write read write")
    assert plaintext.startswith("tw_") and len(plaintext) > 40
    assert token.prefix == plaintext[:10]
    assert token.name == "CI pipeline"
    assert token.scopes == "read write"
    stored = session.execute(sa.select(ApiToken.token_hash, ApiToken.prefix)).one()
    assert stored.token_hash == hash_token(plaintext)
    assert plaintext not in stored.token_hash
    assert tokens.resolve_api_token(session, plaintext) is member
    assert tokens.active_api_token(session, plaintext) is token
    for bad in (None, "", plaintext[3:], plaintext + "x", "tw_" + "a" * 43):
        assert tokens.resolve_api_token(session, bad) is None


@pytest.mark.parametrize(
    ("name", "scopes", "field"), [("  ", "read", "name"), ("ok", "admin", "scopes"), ("ok", "", "scopes")]
)
def test_api_token_input_is_validated(session: Session, member, name, scopes, field) -> None:
    with pytest.raises(ValidationFailed) as caught:
        tokens.create_api_token(session, member, name, scopes)
    assert caught.value.field == field


def test_last_used_is_recorded_at_most_once_a_minute(session: Session, member) -> None:
    token, plaintext = tokens.create_api_token(session, member, "bot")
    start = now()
    with time_machine.travel(start, tick=False):
        tokens.resolve_api_token(session, plaintext)
        first_use = token.last_used_at
    assert first_use is not None
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        tokens.resolve_api_token(session, plaintext)
    assert token.last_used_at == first_use
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        tokens.resolve_api_token(session, plaintext)
    assert token.last_used_at > first_use


def test_revoked_tokens_and_inactive_users_do_not_resolve(session: Session, admin, member, people) -> None:
    token, plaintext = tokens.create_api_token(session, member, "laptop")
    other, other_plain = tokens.create_api_token(session, member, "phone")
    tokens.revoke_api_token(session, member, token.id)
    tokens.revoke_api_token(session, member, token.id)  # twice is fine
    assert token.revoked_at is not None and not token.is_active
    assert tokens.resolve_api_token(session, plaintext) is None
    assert tokens.resolve_api_token(session, other_plain) is member
    service.update_user(session, admin, member, is_active=False)
    assert tokens.resolve_api_token(session, other_plain) is None
    assert other.revoked_at is None


def test_only_the_owner_or_an_admin_revokes_or_lists(session: Session, admin, member, people) -> None:
    outsider = people(Role.SUPERVISOR)
    token, _ = tokens.create_api_token(session, member, "mine")
    with pytest.raises(NotFound):
        tokens.revoke_api_token(session, outsider, token.id)
    with pytest.raises(NotFound):
        tokens.revoke_api_token(session, member, 10**9)
    with pytest.raises(PermissionDenied):
        tokens.list_api_tokens(session, outsider, member)
    assert tokens.list_api_tokens(session, member, member) == [token]
    tokens.revoke_api_token(session, admin, token.id)
    assert tokens.list_api_tokens(session, admin, member) == [token]  # revoked ones stay listed
    assert token.revoked_at is not None


def test_purge_removes_only_expired_sessions(session: Session, member, people) -> None:
    other = people(Role.CUSTOMER)
    stale = [auth.start_session(session, user) for user in (member, other)]
    lifetime = timedelta(days=get_settings().security.session_days)
    with time_machine.travel(now() + lifetime + timedelta(hours=1), tick=False):
        fresh = auth.start_session(session, other)  # also purges other's own expired one
        assert auth.purge_expired_sessions(session) == 1
        assert auth.purge_expired_sessions(session) == 0
        assert all(auth.resolve_session(session, token) is None for token in stale)
        assert auth.resolve_session(session, fresh) is other
