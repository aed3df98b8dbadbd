"""winmail.dat (application/ms-tnef, Outlook's "Rich Text" wrapper) unpacked into ordinary parts."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field

from tnefparse import TNEF

from ticketwise.intake.email.attachments import made_up_filename, safe_filename
from ticketwise.intake.email.decode import decode_bytes
from ticketwise.intake.message import InboundAttachment


@dataclass
class TnefContent:
    attachments: list[InboundAttachment] = field(default_factory=list)
    body_text: str = ""
    body_html: str = ""
    error: str = ""  # set when the stream could not be read; the caller keeps winmail.dat as it is


def _text(value: bytes | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return decode_bytes(value.rstrip(b"\x00"))
    return value.rstrip("\x00")


def _content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _collect(tnef: TNEF, content: TnefContent, depth: int) -> None:
    for attachment in tnef.attachments:
        embedded = getattr(attachment, "embed", None)
        if embedded is not None and depth < 3:
            _collect(embedded, content, depth + 1)
            continue
        try:
            name = attachment.long_filename() or attachment.name
        except Exception:  # noqa: BLE001 - a broken name property is a missing name
            name = ""
        name = safe_filename(_text(name))
        number = len(content.attachments) + 1
        content_type = _content_type(name) if name else "application/octet-stream"
        content.attachments.append(
            InboundAttachment(
                filename=name or made_up_filename(content_type, number),
                content_type=content_type,
                data=bytes(attachment.data or b""),
            )
        )


def unpack_tnef(data: bytes) -> TnefContent:
    """The files and the message body inside a TNEF stream; never raises (``error`` says what failed).

    An RTF-only body is returned as a ``message.rtf`` attachment (no RTF-to-text converter is installed).
    """
    content = TnefContent()
    try:
        tnef = TNEF(data, do_checksum=False)
    except Exception as exc:  # noqa: BLE001 - corrupt TNEF: the caller keeps the raw winmail.dat
        content.error = f"TNEF: {exc.__class__.__name__}: {exc}"
        return content
    try:
        _collect(tnef, content, 0)
    except Exception as exc:  # noqa: BLE001
        content.error = f"TNEF attachments: {exc.__class__.__name__}: {exc}"
    content.body_text = _text(tnef.body)
    content.body_html = _text(tnef.htmlbody)
    if not content.body_text and not content.body_html:
        try:
            rtf = tnef.rtfbody
        except Exception:  # noqa: BLE001 - compressed RTF that does not decompress is left out
            rtf = None
        if rtf:
            content.attachments.append(
                InboundAttachment(filename="message.rtf", content_type="application/rtf", data=_as_bytes(rtf))
            )
    return content


def _as_bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")
