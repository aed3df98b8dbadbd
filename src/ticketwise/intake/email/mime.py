"""The MIME walk: which parts are the body, which are attachments, reports, returned mail or TNEF.

Rules: ``multipart/alternative`` keeps the last plain and the last HTML alternative; every other
multipart contributes all its children; ``text/plain`` and ``text/html`` parts without a file name or an
``attachment`` disposition are body; ``message/rfc822`` parts are kept whole as ``.eml`` attachments;
report parts (delivery-status, feedback-report, rfc822-headers) are read for the bounce detector *and*
kept as attachments; ``winmail.dat`` is unpacked. Nothing in the tree is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import policy
from email._policybase import Compat32
from email.message import Message

from ticketwise.intake.email.addresses import parse_addresses
from ticketwise.intake.email.attachments import (
    made_up_filename,
    make_attachment,
    part_filename,
    safe_filename,
)
from ticketwise.intake.email.bounces import ReportPart, parse_field_blocks
from ticketwise.intake.email.decode import decode_bytes
from ticketwise.intake.email.headers import header_getter
from ticketwise.intake.email.tnef import unpack_tnef
from ticketwise.intake.message import InboundAttachment

_MAX_DEPTH = 40  # MIME nesting deeper than this is an attack or a loop, not mail


@dataclass
class Body:
    """What the MIME walk collects from one message."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[InboundAttachment] = field(default_factory=list)
    reports: list[ReportPart] = field(default_factory=list)
    report_type: str = ""
    returned_to: list[str] = field(default_factory=list)
    tnef_text: str = ""
    tnef_html: str = ""
    defects: list[str] = field(default_factory=list)


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # noqa: BLE001 - a header the parser cannot read: treat as RFC 2045 default
        return "text/plain"


def _payload(part: Message, body: Body) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:  # noqa: BLE001 - keep the undecoded text rather than nothing
        body.defects.append(f"payload: {exc.__class__.__name__}")
        data = part.get_payload()
    if data is None:
        return b""
    if isinstance(data, str):
        return data.encode("utf-8", errors="surrogateescape")
    return data


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset() or part.get_param("charset") or None
    except Exception:  # noqa: BLE001
        return None


class _VerbatimHeaders(Compat32):
    """Writes parsed headers back exactly as received: re-folding them is slow and changes nothing."""

    def _fold(self, name, value, sanitize):  # type: ignore[no-untyped-def]
        if isinstance(value, str):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


_VERBATIM = _VerbatimHeaders()


def _serialise(msg: Message) -> bytes:
    for generate in (
        lambda: msg.as_bytes(policy=_VERBATIM),
        lambda: msg.as_string(policy=policy.compat32).encode("utf-8", errors="surrogateescape"),
    ):
        try:
            return generate()
        except Exception:  # noqa: BLE001 - try the next, more forgiving, serialisation
            continue
    return b""


def _is_attachment(part: Message) -> bool:
    try:
        disposition = part.get_content_disposition()
    except Exception:  # noqa: BLE001
        disposition = None
    return disposition == "attachment" or bool(part_filename(part))


def walk(part: Message, body: Body, depth: int = 0) -> None:
    """Collect ``part`` and everything below it into ``body``; never raises for malformed parts."""
    content_type = _content_type(part)
    number = len(body.attachments) + 1
    if depth > _MAX_DEPTH:
        body.defects.append("MIME nesting too deep")
        body.attachments.append(
            make_attachment(part, _serialise(part), number, content_type="message/rfc822")
        )
        return
    if content_type.startswith("message/") or content_type == "text/rfc822-headers":
        _walk_message_part(part, content_type, body, number)
        return
    if part.is_multipart():
        _walk_multipart(part, content_type, body, depth)
        return
    data = _payload(part, body)
    name = part_filename(part)
    if content_type == "application/ms-tnef" or name.lower() == "winmail.dat":
        _walk_tnef(part, data, body, number)
        return
    if content_type.startswith("multipart/"):  # no boundary or no parts: the stdlib left it as text
        body.defects.append("multipart without parts: read as text")
        body.plain.append(decode_bytes(data, _charset(part)))
        return
    if content_type in ("text/plain", "text/html") and not _is_attachment(part):
        text = decode_bytes(data, _charset(part))
        (body.plain if content_type == "text/plain" else body.html).append(text)
        return
    body.attachments.append(make_attachment(part, data, number, content_type=content_type))


def _walk_message_part(part: Message, content_type: str, body: Body, number: int) -> None:
    payload = part.get_payload()
    if content_type in ("message/rfc822", "message/global") and isinstance(payload, list) and payload:
        inner = payload[0]
        data = _serialise(inner)
        _, _, inner_decoded = header_getter(inner)
        body.returned_to.extend(a.email for a in parse_addresses(inner_decoded("To")))
        subject = (inner_decoded("Subject") or [""])[0]
        name = part_filename(part) or (
            f"{subject[:80]}.eml"
            if subject.strip()
            else made_up_filename("message/rfc822", number, "message")
        )
        name = safe_filename(name) or made_up_filename("message/rfc822", number, "message")
        body.attachments.append(make_attachment(part, data, number, content_type=content_type, name=name))
        return
    if isinstance(payload, list):  # message/delivery-status: the stdlib splits it into header blocks
        text = "\n\n".join(_serialise(block).decode("utf-8", errors="replace") for block in payload)
        data = text.encode("utf-8")
    else:
        data = _payload(part, body)
        text = decode_bytes(data, _charset(part))
    if content_type == "text/rfc822-headers":
        headers = parse_field_blocks(text)
        for block in headers[:1]:
            body.returned_to.extend(a.email for a in parse_addresses([v for n, v in block if n == "to"]))
    elif content_type in (
        "message/delivery-status",
        "message/global-delivery-status",
        "message/feedback-report",
    ):
        body.reports.append(ReportPart(content_type, parse_field_blocks(text)))
    stem = content_type.split("/", 1)[1]  # "delivery-status-1.txt" says more than "attachment-1.txt"
    name = part_filename(part) or made_up_filename(content_type, number, stem)
    body.attachments.append(make_attachment(part, data, number, content_type=content_type, name=name))


def _walk_multipart(part: Message, content_type: str, body: Body, depth: int) -> None:
    children = [child for child in (part.get_payload() or []) if isinstance(child, Message)]
    if content_type == "multipart/report":
        try:
            body.report_type = str(part.get_param("report-type") or "").lower()
        except Exception:  # noqa: BLE001
            body.report_type = ""
    if content_type == "multipart/alternative":
        plain: list[str] = []
        html: list[str] = []
        for child in children:
            sub = Body()
            walk(child, sub, depth + 1)
            plain = sub.plain if "".join(sub.plain).strip() else plain
            html = sub.html if "".join(sub.html).strip() else html
            body.attachments.extend(sub.attachments)
            body.reports.extend(sub.reports)
            body.returned_to.extend(sub.returned_to)
            body.defects.extend(sub.defects)
            body.tnef_text = body.tnef_text or sub.tnef_text
            body.tnef_html = body.tnef_html or sub.tnef_html
        body.plain.extend(plain)
        body.html.extend(html)
        return
    for child in children:
        walk(child, body, depth + 1)


def _walk_tnef(part: Message, data: bytes, body: Body, number: int) -> None:
    content = unpack_tnef(data)
    if content.error:
        body.defects.append(content.error)
        body.attachments.append(make_attachment(part, data, number, name="winmail.dat"))
        return
    body.attachments.extend(content.attachments)
    body.tnef_text = body.tnef_text or content.body_text
    body.tnef_html = body.tnef_html or content.body_html
