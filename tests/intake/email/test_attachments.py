"""Attachments: names (RFC 2231/2047, made up), inline cid parts, message/rfc822, winmail.dat."""

from __future__ import annotations

from email.message import EmailMessage

from ticketwise.intake.email import parse_email
from ticketwise.intake.email.attachments import made_up_filename, safe_filename
from ticketwise.intake.email.tnef import unpack_tnef

from .conftest import fixture_bytes


def test_safe_and_made_up_names() -> None:
    assert safe_filename("C:\\Users\\x\\..\\报告.pdf") == "报告.pdf"
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename('a<b>c:"d".txt') == "a_b_c_d_.txt"
    assert len(safe_filename("x" * 500 + ".pdf")) == 200 and safe_filename("x" * 500 + ".pdf").endswith(
        ".pdf"
    )
    assert made_up_filename("application/pdf", 1) == "attachment-1.pdf"
    assert made_up_filename("image/jpeg", 2) == "attachment-2.jpg"
    assert made_up_filename("application/x-nothing-known", 3) == "attachment-3.bin"


def test_rfc2231_non_ascii_filename() -> None:
    message = parse_email(fixture_bytes("mikel/attachment_nonascii_filename.eml"))
    assert [a.filename for a in message.attachments] == ["ciële.txt"]


def test_rfc2231_long_japanese_filename() -> None:
    message = parse_email(fixture_bytes("mikel/japanese_attachment_long_name.eml"))
    assert message.attachments[0].filename == "かきくけこ" * 5 + ".txt"
    assert message.subject == "まみむめも" * 10


def test_message_rfc822_is_kept_as_eml() -> None:
    message = parse_email(fixture_bytes("mikel/attachment_message_rfc822.eml"))
    (attachment,) = message.attachments
    assert attachment.content_type == "message/rfc822"
    assert attachment.filename.endswith(".eml")
    assert b"Subject:" in attachment.data
    assert message.body_text == "This is the first part."


def test_inline_image_with_content_id() -> None:
    message = parse_email(fixture_bytes("enmime/html-mime-inline.raw"))
    (image,) = message.attachments
    assert image.inline and image.content_id == "8B8481A2-25CA-4886-9B5A-8EB9115DD064@skynet"
    assert image.filename == "favicon.png" and image.data.startswith(b"\x89PNG")
    assert f'src="cid:{image.content_id}"' in message.body_html


def test_malformed_base64_attachment_is_kept() -> None:
    message = parse_email(fixture_bytes("enmime/malformed-base64-attach.raw"))
    assert [a.filename for a in message.attachments] == ["some.doc"]
    assert message.body_text == "A text section"


def _with_winmail(tnef: bytes, text: str | None) -> bytes:
    message = EmailMessage()
    message["From"] = "Outlook User <user@example.com>"
    message["To"] = "support@example.com"
    message["Subject"] = "Rich text"
    if text is not None:
        message.set_content(text)
    else:
        message.set_content("")
        message.clear_content()
        message.make_mixed()
    message.add_attachment(tnef, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return message.as_bytes()


def test_winmail_dat_is_unpacked() -> None:
    message = parse_email(_with_winmail(fixture_bytes("tnef/two-files.tnef"), "See the files."))
    assert [a.filename for a in message.attachments] == ["AUTHORS", "README"]
    assert message.body_text == "See the files."
    assert b"winmail" not in b"".join(a.filename.encode() for a in message.attachments)


def test_winmail_dat_body_used_when_message_has_none() -> None:
    message = parse_email(_with_winmail(fixture_bytes("tnef/body.tnef"), None))
    assert message.body_html and message.body_text.strip()


def test_tnef_umlaut_names_and_rtf_body() -> None:
    content = unpack_tnef(fixture_bytes("tnef/umlaut.tnef"))
    names = [a.filename for a in content.attachments]
    assert "UmlautAnhang-äüö.txt" in names and "TBZ PARIV GmbH.jpg" in names
    assert "message.rtf" in names  # RTF-only body kept as a file


def test_corrupt_winmail_dat_is_kept_as_is() -> None:
    message = parse_email(_with_winmail(b"not a tnef stream at all", "x"))
    assert [a.filename for a in message.attachments] == ["winmail.dat"]
    assert any("TNEF" in defect for defect in message.defects)
