"""API tokens and one-time link tokens (invitations, password resets) (DESIGN §9).

Both are random secrets shown once; only their SHA-256 is stored. API tokens read ``tw_...`` so
they are recognisable in logs and secret scanners; the first ten characters are kept as ``prefix`` so
people can tell their tokens apart.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.core.errors import NotFound, PermissionDenied, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.security import hash_token, new_token
from ticketwise.users import auth, repository
from ticketwise.users.models import ApiToken, LinkPurpose, LinkToken, User
from ticketwise.users.permissions import require_user
from ticketwise.users.validation import required_text

API_TOKEN_PREFIX = "tw_"
API_TOKEN_SCOPES = ("read", "write")
PREFIX_LENGTH = 10
# last_used_at is informational; writing it on every request would turn reads into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _normalize_scopes(scopes: str) -> str:
    """Known scopes, deduplicated, in canonical order; raises ValidationFailed on "scopes"."""
    requested = set((scopes or "").split())
    unknown = requested - set(API_TOKEN_SCOPES)
    if unknown or not requested:
        raise ValidationFailed(
            N_("Choose scopes among: %(scopes)s."), field="scopes", scopes=", ".join(API_TOKEN_SCOPES)
        )
    return " ".join(scope for scope in API_TOKEN_SCOPES if scope in requested)


def create_api_token(
    session: Session, user: User, name: str, scopes: str = "read write"
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its plaintext, which is never retrievable again.

    Raises NotAuthenticated for an inactive user, ValidationFailed for a blank name or unknown scopes.
    """
    require_user(user)
    plaintext = API_TOKEN_PREFIX + new_token()
    token = ApiToken(
        user_id=user.id,
        name=required_text(name, field="name", max_length=120),
        token_hash=hash_token(plaintext),
        prefix=plaintext[:PREFIX_LENGTH],
        scopes=_normalize_scopes(scopes),
        created_at=now(),
    )
    session.add(token)
    session.flush()
    return token, plaintext


def find_api_token(session: Session, plaintext: str | None) -> ApiToken | None:
    """The unrevoked token of an active user matching ``plaintext``; reads only."""
    if not plaintext or not plaintext.startswith(API_TOKEN_PREFIX):
        return None
    token = repository.api_token_by_hash(session, hash_token(plaintext))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    return token


def use_is_stale(token: ApiToken) -> bool:
    """Whether ``last_used_at`` is older than LAST_USED_RESOLUTION (and so worth a write)."""
    return token.last_used_at is None or now() - token.last_used_at >= LAST_USED_RESOLUTION


def record_api_token_use(session: Session, token_id: int) -> None:
    """Stamp ``last_used_at`` unless another request did within LAST_USED_RESOLUTION."""
    token = repository.get_api_token(session, token_id)
    if token is not None and use_is_stale(token):
        token.last_used_at = now()
        session.flush()


def active_api_token(session: Session, plaintext: str | None) -> ApiToken | None:
    """:func:`find_api_token`, also recording the use (at most once per LAST_USED_RESOLUTION)."""
    token = find_api_token(session, plaintext)
    if token is not None and use_is_stale(token):
        token.last_used_at = now()
        session.flush()
    return token


def resolve_api_token(session: Session, plaintext: str | None) -> User | None:
    """The active user behind a valid, unrevoked API token, else None."""
    token = active_api_token(session, plaintext)
    return token.user if token is not None else None


def revoke_api_token(session: Session, actor: User, token_id: int) -> None:
    """Revoke one of the actor's own tokens (an admin may revoke anyone's); revoking twice is a no-op.

    Raises NotFound for an unknown token or someone else's (an admin's excepted).
    """
    actor = require_user(actor)
    token = repository.get_api_token(session, token_id)
    if token is None or (token.user_id != actor.id and not actor.is_admin):
        raise NotFound(N_("API token not found."))
    if token.revoked_at is None:
        token.revoked_at = now()
        session.flush()


def list_api_tokens(session: Session, actor: User, user: User) -> list[ApiToken]:
    """``user``'s tokens, newest first, revoked ones included.

    Raises PermissionDenied unless the actor is that user or an admin.
    """
    actor = require_user(actor)
    if actor.id != user.id and not actor.is_admin:
        raise PermissionDenied(N_("You can only see your own API tokens."))
    return repository.api_tokens_for_user(session, user.id)


def create_link(session: Session, user: User, purpose: LinkPurpose) -> str:
    """A new one-time link token for ``user``; returns the plaintext for the URL.

    Valid for ``settings.security.token_link_hours``; earlier unused links of the same purpose stop
    working, so only the latest e-mail counts.
    """
    purpose = LinkPurpose(purpose)
    for earlier in repository.unused_links(session, user.id, purpose):
        session.delete(earlier)
    plaintext = new_token()
    moment = now()
    session.add(
        LinkToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(plaintext),
            created_at=moment,
            expires_at=moment + timedelta(hours=get_settings().security.token_link_hours),
        )
    )
    session.flush()
    return plaintext


def invalidate_links(session: Session, user: User) -> None:
    """Make every unused link of ``user`` unusable (used when the account is deactivated)."""
    for link in repository.unused_links(session, user.id):
        session.delete(link)
    session.flush()


def _usable_link(
    session: Session, token: str | None, purpose: LinkPurpose, *, lock: bool = False
) -> LinkToken | None:
    if not token:
        return None
    link = repository.link_by_hash(session, hash_token(token), lock=lock)
    if link is None or link.purpose != LinkPurpose(purpose) or link.used_at is not None:
        return None
    if link.expires_at <= now():
        return None
    # A reset link must not revive an account deactivated after the link was sent.
    if link.purpose is LinkPurpose.RESET and not link.user.is_active:
        return None
    return link


def peek_link(session: Session, token: str | None, purpose: LinkPurpose) -> User | None:
    """The user a valid, unused link belongs to (to show the set-password form), else None."""
    link = _usable_link(session, token, purpose)
    return link.user if link is not None else None


def consume_link(session: Session, token: str | None, purpose: LinkPurpose, new_password: str) -> User:
    """Set the password through a link, mark the link used and activate the user.

    Every existing web session of the user ends. Raises ValidationFailed on "token" when the link is
    unknown, expired or used, and on "password" when the password is unacceptable (the link then
    stays usable).
    """
    link = _usable_link(session, token, purpose, lock=True)
    if link is None:
        raise ValidationFailed(N_("This link is invalid or has expired."), field="token")
    user = link.user
    user.password_hash = auth.new_password_hash(new_password, field="password")
    user.is_active = True
    link.used_at = now()
    auth.end_all_sessions(session, user)
    session.flush()
    return user
