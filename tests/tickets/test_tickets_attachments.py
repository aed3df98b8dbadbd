"""Attachments: the content-addressed blob store, file name and type hygiene, the size limit."""

from __future__ import annotations

import hashlib
import threading

import pytest

from ticketwise.config import get_settings
from ticketwise.core.errors import NotFound, ValidationFailed
from ticketwise.core.i18n import use_locale
from ticketwise.tickets import access
from ticketwise.tickets.attachments import (
    add_attachment,
    blob_path,
    guess_content_type,
    sanitize_filename,
    store_blob,
)
from ticketwise.tickets.messages import add_message


def test_identical_content_is_stored_once():
    data = b"the same bytes " + str(id(object())).encode()
    first = store_blob(data)
    second = store_blob(data)
    assert first == second == hashlib.sha256(data).hexdigest()
    path = blob_path(first)
    assert path.read_bytes() == data
    assert path.parent.name == first[:2]
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".tmp-")] == []


def test_concurrent_writers_of_the_same_blob_both_succeed():
    data = b"x" * 200_000 + str(id(object())).encode()
    results: list[str] = []
    workers = [threading.Thread(target=lambda: results.append(store_blob(data))) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(set(results)) == 1 and len(results) == 6
    assert blob_path(results[0]).read_bytes() == data


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABCDEF" * 10 + "abcd", "", "a" * 63])
def test_blob_paths_accept_only_hex_digests(bad):
    with pytest.raises(ValueError):
        blob_path(bad)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\carol\\Desktop\\截图 1.png", "截图 1.png"),
        ("bad\x00name\r\n.txt", "badname.txt"),
        ("..", "attachment"),
        ("", "attachment"),
        (None, "attachment"),
    ],
)
def test_filenames_lose_their_path_and_control_characters(given, expected):
    assert sanitize_filename(given) == expected


def test_long_filenames_keep_their_extension():
    name = sanitize_filename("a" * 400 + ".docx")
    assert len(name) == 255 and name.endswith(".docx")


def test_content_type_is_guessed_when_missing():
    assert guess_content_type("photo.PNG", None) == "image/png"
    assert guess_content_type("notes.txt", "application/octet-stream") == "text/plain"
    assert guess_content_type("mystery", "") == "application/octet-stream"
    assert guess_content_type("x.bin", "Text/HTML; charset=utf-8") == "text/html"


def test_attachment_on_a_ticket_is_recorded_and_deduplicated(session, new_ticket, agent):
    ticket = new_ticket()
    data = b"%PDF-1.7 same file " + str(ticket.id).encode()
    first = add_attachment(session, agent, ticket, filename="a/b/invoice.pdf", content_type=None, data=data)
    second = add_attachment(
        session, agent, ticket, filename="copy.pdf", content_type="application/pdf", data=data
    )
    assert first.sha256 == second.sha256 and first.id != second.id
    assert (first.filename, first.content_type, first.size) == ("invoice.pdf", "application/pdf", len(data))
    assert blob_path(first.sha256).read_bytes() == data
    events = [e for e in access.list_events(session, agent, ticket) if e.action == "attachment_added"]
    assert [e.new_value for e in events] == ["invoice.pdf", "copy.pdf"]


def test_oversized_files_are_refused_naming_the_limit(session, new_ticket, agent, monkeypatch):
    ticket = new_ticket()
    monkeypatch.setattr(get_settings().tickets, "max_attachment_mb", 0.5)
    add_attachment(session, agent, ticket, filename="ok.bin", content_type=None, data=b"0" * (512 * 1024))
    with use_locale("en"), pytest.raises(ValidationFailed) as caught:
        add_attachment(
            session, agent, ticket, filename="big.bin", content_type=None, data=b"0" * (512 * 1024 + 1)
        )
    assert caught.value.field == "attachments"
    assert "0.5 MB" in caught.value.translated() and "big.bin" in caught.value.translated()


def test_customers_see_only_files_of_public_messages(session, new_ticket, agent, customer):
    ticket = new_ticket()
    public = add_message(
        session, agent, ticket, body="Here is the manual.", attachments=[("manual.pdf", "", b"m")]
    )
    note = add_message(
        session,
        agent,
        ticket,
        body="Internal diagram.",
        internal=True,
        attachments=[("diagram.png", "", b"d")],
    )
    own = add_attachment(
        session, customer, ticket, filename="photo.jpg", content_type="image/jpeg", data=b"p"
    )
    public_file, internal_file = public.attachments[0], note.attachments[0]

    assert {a.filename for a in access.list_attachments(session, agent, ticket)} == {
        "manual.pdf",
        "diagram.png",
        "photo.jpg",
    }
    assert {a.filename for a in access.list_attachments(session, customer, ticket)} == {
        "manual.pdf",
        "photo.jpg",
    }
    assert access.access_attachment(session, customer, public_file.id) is public_file
    assert access.access_attachment(session, customer, own.id) is own
    assert access.access_attachment(session, agent, internal_file.id) is internal_file
    with pytest.raises(NotFound):
        access.access_attachment(session, customer, internal_file.id)


def test_other_customers_cannot_fetch_an_attachment(session, new_ticket, other_customer):
    ticket = new_ticket()
    message = add_message(
        session, None, ticket, body="see photo", contact=ticket.requester, attachments=[("a.jpg", "", b"1")]
    )
    with pytest.raises(NotFound):
        access.access_attachment(session, other_customer, message.attachments[0].id)
    with pytest.raises(NotFound):
        access.access_attachment(session, other_customer, 10**9)
