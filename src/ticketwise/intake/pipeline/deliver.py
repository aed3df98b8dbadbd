"""Final step for ordinary mail: open a ticket or append to one, with the files, inline images and CCs.

The e-mail itself always becomes a TicketMessage (Message-ID, headers and quoted text kept), so later
replies that reference it thread back to its ticket. A new ticket's description is the whole text; a
follow-up shows only the reply (``reply_text``), the stripped quote stays in ``quoted_text``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.errors import Conflict, ValidationFailed
from ticketwise.core.i18n import N_, gettext, site_default, use_locale
from ticketwise.core.security import sanitize_html
from ticketwise.intake.email.html import rewrite_cids
from ticketwise.intake.message import InboundAttachment, InboundMessage, IntakeDefaults
from ticketwise.intake.pipeline.result import Trail
from ticketwise.tickets import links, messages, service
from ticketwise.tickets.enums import Channel, LinkKind
from ticketwise.tickets.models import Ticket, TicketMessage
from ticketwise.tickets.schemas import TicketCreate, TicketPatch
from ticketwise.users import contacts
from ticketwise.users.models import Contact, User

GENERIC_TYPE = "general_inquiry"
MAX_TITLE_LENGTH = service.MAX_TITLE_LENGTH
MAX_MESSAGE_ID_LENGTH = 300
NO_SUBJECT = N_("(no subject)")
NO_TEXT = N_("(This message has no text.)")


def attachment_url(attachment_id: int) -> str:
    """Where staff open an attachment; inline images of stored mail point here."""
    return f"/agent/attachments/{attachment_id}"


def _site_text(msgid: str) -> str:
    with use_locale(site_default()):
        return gettext(msgid)


def title_of(message: InboundMessage) -> str:
    """The subject, else the first line of the text, else "(no subject)"; at most 300 characters."""
    for candidate in (message.subject, *(message.body_text or "").splitlines()):
        text = " ".join((candidate or "").split())
        if text:
            return text[:MAX_TITLE_LENGTH]
    return _site_text(NO_SUBJECT)


def _kept_attachments(message: InboundMessage, trail: Trail) -> list[InboundAttachment]:
    """Attachments within the size limit; larger ones are left out (the raw mail keeps them)."""
    limit = get_settings().tickets.max_attachment_mb * 1024 * 1024
    kept = []
    for attachment in message.attachments:
        if len(attachment.data) > limit:
            trail.add("attachments", "too large, kept only in the raw mail", filename=attachment.filename)
        else:
            kept.append(attachment)
    if kept:
        trail.add("attachments", "stored", count=len(kept))
    return kept


def _add_email_message(
    session: Session,
    ticket: Ticket,
    message: InboundMessage,
    *,
    author: User | None,
    contact: Contact | None,
    body: str,
    html: str,
    trail: Trail,
) -> TicketMessage:
    kept = _kept_attachments(message, trail)
    row = messages.add_message(
        session,
        author,
        ticket,
        body=body.strip() or _site_text(NO_TEXT),
        channel=Channel.EMAIL,
        contact=contact if author is None else None,
        body_html=html or None,
        attachments=[(a.filename, a.content_type, a.data) for a in kept],
        subject=message.subject or None,
        email_message_id=(message.message_id or "")[:MAX_MESSAGE_ID_LENGTH] or None,
        headers=message.headers or None,
    )
    row.quoted_text = message.quoted_text or ""
    urls: dict[str, str] = {}
    for inbound, stored in zip(kept, row.attachments, strict=False):
        if inbound.content_id:
            stored.content_id = inbound.content_id.strip("<>")[:255]
            urls[stored.content_id] = attachment_url(stored.id)
    if html and urls:
        # add_message's sanitiser drops cid: URLs, so the stored HTML is rebuilt from the parser's.
        row.body_html = sanitize_html(rewrite_cids(html, urls))
    session.flush()
    return row


def _add_ccs(
    session: Session, ticket: Ticket, message: InboundMessage, defaults: IntakeDefaults, trail: Trail
) -> None:
    """Copy the CC'd people on the ticket (never our own addresses or the requester)."""
    own = {address.lower() for address in defaults.own_addresses}
    added = []
    for address in message.cc:
        email = (address.email or "").lower()
        if not email or email in own or email == ticket.requester.email:
            continue
        try:
            contact = contacts.get_or_create_contact(
                session, email=email, name=" ".join(address.name.split())[:200]
            )
            links.add_cc(session, None, ticket, contact)
        except (ValidationFailed, Conflict):
            continue
        added.append(email)
    if added:
        trail.add("cc", "copied", emails=added)


def create_from_email(
    session: Session,
    message: InboundMessage,
    requester: Contact,
    defaults: IntakeDefaults,
    trail: Trail,
    *,
    related: Ticket | None = None,
) -> tuple[Ticket, TicketMessage]:
    """A new ticket for ``requester`` (type from ``defaults``, else the generic type), the e-mail as
    its first message, CCs copied, ``related`` linked. A default type that is unknown, inactive or
    has required fields, and an unknown default team, are recorded and replaced by the generic type
    and the type's team."""
    slug = defaults.type_slug or GENERIC_TYPE
    data = TicketCreate(
        type=slug,
        title=title_of(message),
        description=message.body_text or "",
        requester_contact_id=requester.id,
    )
    try:
        ticket = service.create_ticket(session, None, data, channel=Channel.EMAIL)
    except ValidationFailed as error:
        # An inactive type, or one whose required fields a mail cannot fill: the request still gets
        # in, as the generic type, and staff change the type. Validation precedes every insert.
        field = error.field or ""
        if slug == GENERIC_TYPE or not (field == "type" or field.startswith("fields.")):
            raise
        trail.add("type", "default type unusable, generic type used", wanted=slug, problem=field)
        ticket = service.create_ticket(
            session, None, data.model_copy(update={"type": GENERIC_TYPE}), channel=Channel.EMAIL
        )
    if defaults.team_id is not None and ticket.team_id != defaults.team_id:
        try:
            service.update_ticket(session, None, ticket, TicketPatch(team_id=defaults.team_id))
            trail.add("team", "source default", team_id=defaults.team_id)
        except ValidationFailed:
            trail.add("team", "default team unavailable", team_id=defaults.team_id)
    row = _add_email_message(
        session,
        ticket,
        message,
        author=None,
        contact=requester,
        body=message.body_text,
        html=message.body_html,
        trail=trail,
    )
    _add_ccs(session, ticket, message, defaults, trail)
    if related is not None:
        links.link_tickets(session, None, ticket, related, LinkKind.RELATED)
    return ticket, row


def append_to_ticket(
    session: Session,
    message: InboundMessage,
    ticket: Ticket,
    requester: Contact,
    staff: User | None,
    defaults: IntakeDefaults,
    trail: Trail,
) -> TicketMessage:
    """The e-mail as a message on ``ticket``: a public reply by ``staff`` when a staff member wrote,
    otherwise the contact's message (which reopens or resumes the ticket as the status rules say).
    Only the new text is shown when the parser found a quote to strip."""
    stripped = bool(message.quoted_text.strip()) and bool(message.reply_text.strip())
    body = message.reply_text if stripped else message.body_text
    html = "" if stripped else message.body_html
    row = _add_email_message(
        session, ticket, message, author=staff, contact=requester, body=body, html=html, trail=trail
    )
    _add_ccs(session, ticket, message, defaults, trail)
    return row
