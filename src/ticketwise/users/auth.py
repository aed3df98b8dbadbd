"""Signing in: password checks, new password hashes and server-side web sessions (DESIGN §9).

The session cookie carries a random token; only its SHA-256 is stored, so a leaked table does not
sign anyone in. Sessions expire ``settings.security.session_days`` after sign-in.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.core.errors import NotAuthenticated, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.security import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    hash_token,
    new_token,
    verify_password,
)
from ticketwise.users import repository
from ticketwise.users.models import User, WebSession
from ticketwise.users.validation import normalize_email

# Longer inputs only make argon2 slower; no real password comes near this.
MAX_PASSWORD_LENGTH = 1024


def new_password_hash(password: str | None, *, field: str = "password") -> str:
    """The argon2id hash of an acceptable new password.

    Raises ValidationFailed on ``field`` when it is shorter than MIN_PASSWORD_LENGTH characters or
    absurdly long.
    """
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            N_("The password must have at least %(count)d characters."),
            field=field,
            count=MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(
            N_("Use at most %(count)d characters."), field=field, count=MAX_PASSWORD_LENGTH
        )
    return hash_password(password)


def authenticate(session: Session, email: str, password: str) -> User:
    """The active user with this e-mail and password; records the sign-in time.

    Raises NotAuthenticated with one message whether the address is unknown, the password wrong or
    the account inactive, and hashes in every case so the answer takes about the same time.
    """
    try:
        user = repository.get_user_by_email(session, normalize_email(email))
    except ValidationFailed:
        user = None
    candidate = password or ""
    # An over-long input is checked as the empty password (never valid) to keep the cost bounded.
    if len(candidate) > MAX_PASSWORD_LENGTH:
        candidate = ""
    valid = verify_password(candidate, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        raise NotAuthenticated(N_("The e-mail address or password is incorrect."))
    user.last_login_at = now()
    session.flush()
    return user


def start_session(session: Session, user: User, *, ip: str = "", user_agent: str = "") -> str:
    """Store a new web session for ``user`` and return the token for the cookie.

    The user's expired sessions are removed on the way, so the table does not grow without bound.
    """
    moment = now()
    for old in repository.web_sessions_for_user(session, user.id):
        if old.expires_at <= moment:
            session.delete(old)
    token = new_token()
    session.add(
        WebSession(
            token_hash=hash_token(token),
            user_id=user.id,
            created_at=moment,
            expires_at=moment + timedelta(days=get_settings().security.session_days),
            ip=(ip or "")[:64],
            user_agent=(user_agent or "")[:300],
        )
    )
    session.flush()
    return token


def resolve_session(session: Session, token: str | None) -> User | None:
    """The active user signed in with this cookie token, else None.

    An expired session is marked for deletion without flushing: a write unit of work deletes it on
    commit, a read-only one (page views) drops the deletion instead of upgrading a SQLite read
    transaction to a write, which can fail under concurrent writers. :func:`purge_expired_sessions`
    and the next sign-in remove what is left.
    """
    if not token:
        return None
    web_session = repository.web_session_by_hash(session, hash_token(token))
    if web_session is None:
        return None
    if web_session.expires_at <= now():
        session.delete(web_session)
        return None
    user = web_session.user
    return user if user.is_active else None


def end_session(session: Session, token: str | None) -> None:
    """Sign out the browser holding ``token``; an unknown token is ignored."""
    if not token:
        return
    web_session = repository.web_session_by_hash(session, hash_token(token))
    if web_session is not None:
        session.delete(web_session)
        session.flush()


def end_all_sessions(session: Session, user: User, *, keep_token: str | None = None) -> None:
    """Sign ``user`` out everywhere, except the browser holding ``keep_token`` if given."""
    keep_hash = hash_token(keep_token) if keep_token else None
    for web_session in repository.web_sessions_for_user(session, user.id):
        if web_session.token_hash != keep_hash:
            session.delete(web_session)
    session.flush()


def purge_expired_sessions(session: Session, *, batch: int = 1000) -> int:
    """Delete up to ``batch`` expired web sessions (a periodic job); returns how many."""
    expired = repository.expired_web_sessions(session, now(), limit=batch)
    for web_session in expired:
        session.delete(web_session)
    session.flush()
    return len(expired)
