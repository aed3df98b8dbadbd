"""Raw e-mail bytes to an :class:`InboundMessage` (DESIGN §5, "Email rules").

``parse_email`` never raises on a malformed e-mail: broken headers, bad charsets, truncated MIME, bad
base64 and the like become ``defects`` and best-effort values. It raises :class:`UnparseableEmail` only
when the bytes are not an e-mail at all.

The stdlib parser builds the MIME tree with ``policy.compat32``; every header is then decoded by this
package (``decode.py``, ``addresses.py``), which also handles what ``policy.default`` cannot (raw GBK
headers, multi-byte characters split across encoded words). ``policy.default`` interprets each header
it is asked for, which made parsing 2-3x slower on real mail for no gain here; it is kept as the
fallback when walking the compat32 tree fails.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import Message

from ticketwise.intake.email.addresses import first_address, parse_addresses
from ticketwise.intake.email.autoreply import auto_reply_reason
from ticketwise.intake.email.bounces import find_bounce
from ticketwise.intake.email.decode import decode_bytes
from ticketwise.intake.email.errors import BINARY, EMPTY, NO_HEADERS, UnparseableEmail
from ticketwise.intake.email.headers import (
    KEPT_HEADERS,
    MAX_HEADER_CHARS,
    HeaderValues,
    header_getter,
    message_ids,
    parse_date,
)
from ticketwise.intake.email.html import html_to_text, sanitize_email_html
from ticketwise.intake.email.mime import Body, walk
from ticketwise.intake.email.quotes import split_reply
from ticketwise.intake.message import InboundMessage, MailKind

# A header line ("Name: value") or an mbox "From " line; one must open an e-mail.
_HEADER_LINE = re.compile(rb"^(?:From |[!-9;-~]+[ \t]*:)")
_KNOWN_HEADERS = {
    "from",
    "to",
    "cc",
    "subject",
    "date",
    "message-id",
    "received",
    "return-path",
    "mime-version",
    "content-type",
    "sender",
    "reply-to",
    "delivered-to",
    "in-reply-to",
    "references",
    "x-mailer",
    "content-transfer-encoding",
    "envelope-to",
    "x-original-to",
    "dkim-signature",
    "authentication-results",
}
_OBSOLETE_COLON = re.compile(rb"(?m)^([!-9;-~]+)[ \t]+:")
# Bytes that do not occur in text mail (NUL and other C0 controls except tab, newlines, form feed, ESC).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def _check_is_email(raw: bytes) -> bytes:
    if not raw or not raw.strip():
        raise UnparseableEmail(EMPTY)
    sample = raw[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > len(sample) * 0.05:
        raise UnparseableEmail(BINARY)
    raw = raw.lstrip(b"\r\n\t ")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not _HEADER_LINE.match(raw):
        raise UnparseableEmail(NO_HEADERS)
    return _without_obsolete_header_spaces(raw)


def _without_obsolete_header_spaces(raw: bytes) -> bytes:
    # RFC 5322 §4.5 obsolete syntax "Subject  : x": the stdlib only knows "Subject:" (and takes a leading
    # "From  :" for an mbox separator), so the header block is rewritten to the modern form.
    end = re.search(rb"\r?\n\r?\n|\r\r", raw)
    head, rest = (raw[: end.start()], raw[end.start() :]) if end else (raw, b"")
    if not _OBSOLETE_COLON.search(head):
        return raw
    return _OBSOLETE_COLON.sub(rb"\1:", head) + rest


def _defects(msg: Message) -> list[str]:
    found: list[str] = []
    try:
        for part in msg.walk():
            for defect in getattr(part, "defects", []):
                name = defect.__class__.__name__
                if name not in found:
                    found.append(name)
    except Exception:  # noqa: BLE001
        pass
    return found


def _build(raw: bytes, parse_policy: policy.Policy) -> InboundMessage:
    msg = message_from_bytes(raw, policy=parse_policy)
    items, raw_header, header = header_getter(msg)
    if not items.keys() & _KNOWN_HEADERS:
        raise UnparseableEmail(NO_HEADERS)
    defects = _defects(msg)
    body = Body()
    walk(msg, body)
    defects.extend(d for d in body.defects if d not in defects)

    subject = " ".join(header("Subject")[:1])
    sender = first_address(raw_header("From")) or first_address(raw_header("Sender"))
    to = parse_addresses(raw_header("To"))
    cc = parse_addresses(raw_header("Cc"))
    html = "\n".join(body.html) or body.tnef_html
    plain = "\n\n".join(text.strip("\r\n") for text in body.plain if text.strip()) or body.tnef_text
    body_text = (plain or html_to_text(html)).replace("\r\n", "\n").replace("\r", "\n")
    try:
        reply_text, quoted_text = split_reply(body_text)
    except Exception as exc:  # noqa: BLE001 - a heuristic failing must not lose the message
        defects.append(f"reply split failed: {exc.__class__.__name__}")
        reply_text, quoted_text = body_text.strip(), ""

    message = InboundMessage(
        channel="email",
        subject=subject,
        sender=sender,
        reply_to=parse_addresses(raw_header("Reply-To")),
        to=to,
        cc=cc,
        message_id=(message_ids(raw_header("Message-ID")) or [None])[0],
        in_reply_to=message_ids(raw_header("In-Reply-To")),
        references=message_ids(raw_header("References")),
        date=parse_date(raw_header("Date"), defects),
        body_text=body_text,
        body_html=sanitize_email_html(html),
        reply_text=reply_text,
        quoted_text=quoted_text,
        attachments=body.attachments,
        headers={
            name: " ".join(header(name))[:MAX_HEADER_CHARS] for name in KEPT_HEADERS if raw_header(name)
        },
        defects=defects,
    )
    try:
        _classify(message, body, header)
    except Exception as exc:  # noqa: BLE001 - unclassified is ordinary; the defect says why
        message.defects.append(f"classification failed: {exc.__class__.__name__}")
    return message


def _classify(message: InboundMessage, body: Body, header: HeaderValues) -> None:
    """Set ``kind``, ``kind_reason`` and ``bounced``: a bounce first, then other automatic mail."""
    sender, subject = message.sender, message.subject
    own = {a.email for a in [sender, *message.to, *message.cc] if a}
    bounce = find_bounce(
        subject=subject,
        sender=sender,
        own_addresses=own,
        reports=body.reports,
        report_type=body.report_type,
        body_text=message.body_text,
        returned_to=body.returned_to,
        failed_header=header("X-Failed-Recipients"),
        sender_text=" ".join(header("From")),
        return_path=header("Return-Path"),
    )
    if bounce is not None:
        message.kind, message.kind_reason, message.bounced = MailKind.BOUNCE, bounce.reason, bounce.recipients
        return
    reason = auto_reply_reason(header, subject)
    if reason:
        message.kind, message.kind_reason = MailKind.AUTO_REPLY, reason


def parse_email(raw: bytes) -> InboundMessage:
    """Parse one RFC 5322 message (``channel="email"``); see the module docstring for the guarantees.

    Raises :class:`UnparseableEmail` when ``raw`` is empty, binary, or has no header block. Should both
    stdlib parsers fail on a message, its decoded text is returned as the body with the failures in
    ``defects`` (nothing received is lost).
    """
    raw = _check_is_email(bytes(raw))
    try:
        return _build(raw, policy.compat32)
    except UnparseableEmail:
        raise
    except Exception as first:  # noqa: BLE001 - let the modern parser try what the plain one could not
        failures = [f"compat32 failed: {first.__class__.__name__}: {str(first)[:120]}"]
    try:
        message = _build(raw, policy.default)
    except UnparseableEmail:
        raise
    except Exception as second:  # noqa: BLE001 - keep the text rather than lose the message
        failures.append(f"policy.default failed: {second.__class__.__name__}: {str(second)[:120]}")
        text = decode_bytes(raw)
        return InboundMessage(channel="email", body_text=text, reply_text=text.strip(), defects=failures)
    message.defects.extend(failures)
    return message
