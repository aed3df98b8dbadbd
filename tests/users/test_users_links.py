"""Invitation and password-reset links: one-time, expiring, superseded, stored as hashes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from sqlalchemy.orm import Session
from structlog.testing import CapturingLogger

from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.core.errors import PermissionDenied, ValidationFailed
from ticketwise.core.security import hash_token
from ticketwise.users import auth, service, tokens
from ticketwise.users.models import LinkPurpose, LinkToken, Role

RESET = LinkPurpose.RESET
INVITE = LinkPurpose.INVITE


def _token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


@pytest.fixture
def service_log(monkeypatch: pytest.MonkeyPatch) -> CapturingLogger:
    """The service's logger replaced by a recorder (robust against cached structlog loggers)."""
    recorder = CapturingLogger()
    monkeypatch.setattr(service, "log", recorder)
    return recorder


def _logged(recorder: CapturingLogger, event: str) -> list[dict]:
    """The fields logged with ``event``; a link's secret URL must never be among them."""
    return [call.kwargs for call in recorder.calls if call.args == (event,)]


def test_invite_then_accept(session: Session, admin, service_log: CapturingLogger) -> None:
    user, url = service.invite_user(session, admin, email="New.Agent@Example.com", name="New", role="agent")
    base = get_settings().base_url.rstrip("/")
    assert url.startswith(f"{base}/accept-invite/")
    assert _logged(service_log, "invitation_issued") == [{"user_id": user.id}]
    assert user.email == "new.agent@example.com"
    assert user.password_hash is None and not user.is_active

    token = _token_of(url)
    assert tokens.peek_link(session, token, INVITE) is user
    assert tokens.peek_link(session, token, RESET) is None  # wrong purpose

    accepted = tokens.consume_link(session, token, INVITE, "chosen-password")
    assert accepted is user and user.is_active
    assert auth.authenticate(session, "new.agent@example.com", "chosen-password") is user
    assert tokens.peek_link(session, token, INVITE) is None
    with pytest.raises(ValidationFailed) as reused:
        tokens.consume_link(session, token, INVITE, "another-password")
    assert reused.value.field == "token"


def test_only_admins_invite(session: Session, agent) -> None:
    with pytest.raises(PermissionDenied):
        service.invite_user(session, agent, email="x@example.com", name="X", role="agent")


def test_link_tokens_are_stored_hashed(session: Session, admin) -> None:
    _user, url = service.invite_user(session, admin, email="h@example.com", name="H", role="agent")
    token = _token_of(url)
    stored = session.scalars(sa.select(LinkToken.token_hash)).all()
    assert hash_token(token) in stored
    assert token not in stored


def test_too_short_password_keeps_the_link_usable(session: Session, admin) -> None:
    user, url = service.invite_user(session, admin, email="s@example.com", name="S", role="customer")
    with pytest.raises(ValidationFailed) as short:
        tokens.consume_link(session, _token_of(url), INVITE, "short")
    assert short.value.field == "password"
    assert tokens.peek_link(session, _token_of(url), INVITE) is user


def test_resending_an_invitation_voids_the_earlier_link(session: Session, admin) -> None:
    user, first = service.invite_user(session, admin, email="r@example.com", name="R", role="agent")
    second = service.resend_invitation(session, admin, user)
    assert tokens.peek_link(session, _token_of(first), INVITE) is None
    assert tokens.peek_link(session, _token_of(second), INVITE) is user


def test_password_reset_flow(session: Session, people, service_log: CapturingLogger) -> None:
    user = people(Role.CUSTOMER, email="reset.me@example.net", password="forgotten-pass")
    cookie = auth.start_session(session, user)
    url = service.request_password_reset(session, "Reset.Me@EXAMPLE.net")
    assert url is not None and url.startswith(get_settings().base_url.rstrip("/") + "/reset-password/")
    assert _logged(service_log, "password_reset_issued") == [{"user_id": user.id}]

    tokens.consume_link(session, _token_of(url), RESET, "remembered-pass")
    assert auth.authenticate(session, user.email, "remembered-pass") is user
    assert auth.resolve_session(session, cookie) is None  # signed out everywhere
    with pytest.raises(ValidationFailed):
        tokens.consume_link(session, _token_of(url), RESET, "third-password")


def test_reset_is_silent_for_unknown_inactive_or_malformed_addresses(session: Session, admin, people) -> None:
    inactive = people(Role.AGENT, email="gone@example.com")
    service.update_user(session, admin, inactive, is_active=False)
    assert service.request_password_reset(session, "nobody@example.com") is None
    assert service.request_password_reset(session, "gone@example.com") is None
    assert service.request_password_reset(session, "not an address") is None


def test_a_new_reset_request_voids_the_previous_link(session: Session, agent) -> None:
    first = service.request_password_reset(session, agent.email)
    second = service.request_password_reset(session, agent.email)
    assert tokens.peek_link(session, _token_of(first), RESET) is None
    assert tokens.peek_link(session, _token_of(second), RESET) is agent


def test_links_expire(session: Session, agent) -> None:
    url = service.request_password_reset(session, agent.email)
    hours = get_settings().security.token_link_hours
    with time_machine.travel(now() + timedelta(hours=hours) - timedelta(minutes=1), tick=False):
        assert tokens.peek_link(session, _token_of(url), RESET) is agent
    with time_machine.travel(now() + timedelta(hours=hours, minutes=1), tick=False):
        assert tokens.peek_link(session, _token_of(url), RESET) is None
        with pytest.raises(ValidationFailed) as expired:
            tokens.consume_link(session, _token_of(url), RESET, "too-late-pass")
        assert expired.value.field == "token"


def test_a_reset_link_does_not_revive_a_deactivated_account(session: Session, people) -> None:
    keeper, user = people(Role.ADMIN), people(Role.AGENT)
    token = tokens.create_link(session, user, RESET)
    user.is_active = False  # deactivated by other means than update_user, which would void the link
    session.flush()
    with pytest.raises(ValidationFailed):
        tokens.consume_link(session, token, RESET, "revived-password")
    assert not user.is_active and keeper.is_active


@pytest.mark.parametrize("token", [None, "", "garbage"])
def test_unknown_tokens_are_invalid(session: Session, token: str | None) -> None:
    assert tokens.peek_link(session, token, RESET) is None
    with pytest.raises(ValidationFailed):
        tokens.consume_link(session, token, INVITE, "whatever-password")
