"""Administration of webhook sources: create, edit, rotate the secret (administrators only).

The secret is generated here and returned once (when created or rotated) so the admin can copy it;
it is stored as is because verifying an HMAC needs it, and it is never shown again nor logged.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

import httpx
from sqlalchemy.orm import Session

from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.intake.webhooks import repository
from ticketwise.intake.webhooks.mapping import FIELD_PREFIX, check_expression, check_mapping
from ticketwise.intake.webhooks.models import WebhookSource
from ticketwise.tickets.types import repository as types_repository
from ticketwise.users import repository as users_repository
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")
MIN_TOLERANCE, MAX_TOLERANCE = 30, 86_400
MAX_URL_LENGTH = 500


@dataclass
class SourceInput:
    name: str
    slug: str
    default_type_slug: str
    mapping: dict[str, str] = field(default_factory=dict)
    external_ref_path: str | None = None
    default_team_id: int | None = None
    tolerance_seconds: int = 300
    callback_url: str | None = None
    is_active: bool = True


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _callback_url(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > MAX_URL_LENGTH:
        raise ValidationFailed(
            N_("The address may have at most %(max)s characters."), field="callback_url", max=MAX_URL_LENGTH
        )
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise ValidationFailed(N_("Enter an http:// or https:// address."), field="callback_url")
    return text


def _clean(session: Session, data: SourceInput, source: WebhookSource | None) -> SourceInput:
    name = " ".join((data.name or "").split())
    if not name:
        raise ValidationFailed(N_("A name is required."), field="name")
    if len(name) > 100:
        raise ValidationFailed(N_("The name may have at most %(max)s characters."), field="name", max=100)
    slug = (data.slug or "").strip().lower()
    if not SLUG.match(slug):
        raise ValidationFailed(
            N_("Use 2 to 60 lower-case letters, digits and hyphens, starting with a letter or digit."),
            field="slug",
        )
    other = repository.source_by_slug(session, slug)
    if other is not None and (source is None or other.id != source.id):
        raise Conflict(N_("Another webhook source already uses this address."), field="slug")
    ticket_type = types_repository.find_type_with_fields(session, data.default_type_slug or "")
    if ticket_type is None or not ticket_type.is_active:
        raise ValidationFailed(N_("Choose one of the available ticket types."), field="default_type_slug")
    if data.default_team_id is not None and users_repository.get_team(session, data.default_team_id) is None:
        raise ValidationFailed(N_("This team does not exist."), field="default_team_id")
    if not MIN_TOLERANCE <= data.tolerance_seconds <= MAX_TOLERANCE:
        raise ValidationFailed(
            N_("Enter a number of seconds from %(min)s to %(max)s."),
            field="tolerance_seconds",
            min=MIN_TOLERANCE,
            max=MAX_TOLERANCE,
        )
    mapping = check_mapping(data.mapping)
    known = {f.name for f in ticket_type.fields}
    for target in mapping:
        if target.startswith(FIELD_PREFIX) and target[len(FIELD_PREFIX) :] not in known:
            raise ValidationFailed(
                N_("%(name)s is not a field of this ticket type."),
                field=f"map.{target}",
                name=target[len(FIELD_PREFIX) :],
            )
    ref_path = (data.external_ref_path or "").strip() or None
    if ref_path is not None:
        ref_path = check_expression(ref_path, target="external_ref_path")
    return SourceInput(
        name=name,
        slug=slug,
        default_type_slug=ticket_type.slug,
        mapping=mapping,
        external_ref_path=ref_path,
        default_team_id=data.default_team_id,
        tolerance_seconds=data.tolerance_seconds,
        callback_url=_callback_url(data.callback_url),
        is_active=data.is_active,
    )


def _assign(source: WebhookSource, data: SourceInput) -> None:
    source.name = data.name
    source.slug = data.slug
    source.default_type_slug = data.default_type_slug
    source.mapping = data.mapping
    source.external_ref_path = data.external_ref_path
    source.default_team_id = data.default_team_id
    source.tolerance_seconds = data.tolerance_seconds
    source.callback_url = data.callback_url
    source.is_active = data.is_active
    source.updated_at = now()


def create_source(session: Session, admin: User, data: SourceInput) -> tuple[WebhookSource, str]:
    """The new source and its secret (shown once). Raises PermissionDenied for non-admins,
    ValidationFailed naming the input (``map.<target>`` for a mapping entry), Conflict for a taken slug."""
    require_admin(admin)
    clean = _clean(session, data, None)
    secret = new_secret()
    source = WebhookSource(secret=secret, created_at=now())
    _assign(source, clean)
    session.add(source)
    session.flush()
    return source, secret


def update_source(session: Session, admin: User, source: WebhookSource, data: SourceInput) -> WebhookSource:
    """Save the edited settings (the secret stays). Raises as :func:`create_source`."""
    require_admin(admin)
    _assign(source, _clean(session, data, source))
    session.flush()
    return source


def rotate_secret(session: Session, admin: User, source: WebhookSource) -> str:
    """A new secret, valid at once; the old one stops working. Returned once."""
    require_admin(admin)
    source.secret = new_secret()
    source.updated_at = now()
    session.flush()
    return source.secret
