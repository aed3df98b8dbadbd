"""MIME parts that are not the message body, turned into :class:`InboundAttachment` values."""

from __future__ import annotations

import mimetypes
import re
from email.message import Message

from ticketwise.intake.email.decode import decode_header_text, unescape_surrogates
from ticketwise.intake.message import InboundAttachment

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
_MAX_NAME = 200
# mimetypes' first guess is sometimes odd (".jpe", ".bat"); these are what people expect to see.
_PREFERRED_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "text/plain": ".txt",
    "message/rfc822": ".eml",
    "application/octet-stream": ".bin",
    "application/ms-tnef": ".dat",
    "message/delivery-status": ".txt",
    "text/rfc822-headers": ".txt",
    "message/feedback-report": ".txt",
    "message/disposition-notification": ".txt",
    "text/calendar": ".ics",
}


def extension_for(content_type: str) -> str:
    return _PREFERRED_EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"


def safe_filename(name: str) -> str:
    """A file name without directories, control characters or characters file systems reject."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" ._")
    if len(name) > _MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: _MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:_MAX_NAME]
    return name


def made_up_filename(content_type: str, number: int, stem: str = "attachment") -> str:
    """``attachment-1.pdf``: for parts that arrive without a name."""
    return f"{stem}-{number}{extension_for(content_type)}"


def _declared_name(part: Message) -> str:
    try:
        name = part.get_filename() or part.get_param("name") or ""
    except Exception:  # noqa: BLE001 - a broken parameter is a missing name
        name = ""
    if isinstance(name, tuple):  # RFC 2231 triple left undecoded
        name = name[2] or ""
    return str(name)


def part_filename(part: Message) -> str:
    """The decoded file name a part declares (RFC 2231 parameters, RFC 2047 words, raw 8-bit), or ""."""
    name = _declared_name(part)
    if "\ufffd" in name:
        # compat32 replaces raw 8-bit parameter bytes (filename=报告.pdf in UTF-8 or GBK) with U+FFFD;
        # reading the parameters again from the decoded raw headers keeps the real name.
        rebuilt = Message()
        for header, value in part.raw_items():
            if header.lower() in ("content-disposition", "content-type"):
                rebuilt[header] = unescape_surrogates(str(value))
        name = _declared_name(rebuilt) or name
    return safe_filename(decode_header_text(name))


def content_id(part: Message) -> str | None:
    value = part.get("Content-ID")
    if not value:
        return None
    value = str(value).strip().strip("<>").strip()
    return value or None


def is_inline(part: Message) -> bool:
    try:
        disposition = part.get_content_disposition()
    except Exception:  # noqa: BLE001
        disposition = None
    return disposition == "inline" or (disposition is None and content_id(part) is not None)


def make_attachment(
    part: Message, data: bytes, number: int, *, content_type: str | None = None, name: str = ""
) -> InboundAttachment:
    """An attachment for ``part`` holding ``data``; ``number`` numbers made-up names (1-based)."""
    content_type = content_type or part.get_content_type()
    filename = name or part_filename(part) or made_up_filename(content_type, number)
    cid = content_id(part)
    return InboundAttachment(
        filename=filename,
        content_type=content_type,
        data=data,
        content_id=cid,
        inline=is_inline(part) and cid is not None,
    )
