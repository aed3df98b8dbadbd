"""Admin quarantine pages: list and filter, detail with the escaped raw message and its download,
Retry (with the defaults of the mailbox the message came from) and Discard, flashed results."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from ticketwise.intake.mailboxes import service as mailbox_service
from ticketwise.intake.models import InboundItem, ItemStatus
from ticketwise.intake.pipeline import receive_email
from ticketwise.intake.pipeline import run as pipeline_run
from ticketwise.tickets.models import Ticket
from ticketwise.users import teams


def _mail(
    *, sender: str | None = "dave@customer.example", subject: str = "Badge reader <b>broken</b>"
) -> bytes:
    message = EmailMessage()
    if sender:
        message["From"] = sender
    message["To"] = "help@support.example"
    message["Subject"] = subject
    message.set_content("The badge reader at gate 3 rejects every card.\n<script>alert(1)</script>\n")
    return message.as_bytes()


@pytest.fixture
def quarantined(session, monkeypatch):
    """Factory: ``quarantined(source="api") -> InboundItem`` quarantined by a passing failure (a
    retry afterwards succeeds)."""

    def factory(source: str = "api", raw: bytes | None = None) -> InboundItem:
        def failing(*args, **kwargs):
            raise RuntimeError("directory service unavailable")

        with monkeypatch.context() as patched:
            patched.setattr(pipeline_run, "identify_requester", failing)
            result = receive_email(session, raw or _mail(), source=source)
        session.commit()
        return session.get(InboundItem, result.item_id)

    return factory


def test_the_list_shows_quarantined_items_with_their_reason(admin_client, quarantined):
    item = quarantined()
    html = admin_client.get("/admin/quarantine").text
    assert f'data-item="{item.id}"' in html
    assert "RuntimeError: directory service unavailable" in html
    assert admin_client.get("/admin/quarantine?status=processed").text.count(f'data-item="{item.id}"') == 0
    assert f'data-item="{item.id}"' in admin_client.get("/admin/quarantine?status=all").text


def test_detail_shows_the_raw_message_escaped_and_offers_a_download(admin_client, quarantined):
    item = quarantined()
    html = admin_client.get(f"/admin/quarantine/{item.id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    download = admin_client.get(f"/admin/quarantine/{item.id}/raw")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == f'attachment; filename="inbound-{item.id}.eml"'
    assert download.headers["x-content-type-options"] == "nosniff"
    assert b"<script>alert(1)</script>" in download.content


def test_a_large_message_is_shown_only_in_part(admin_client, quarantined):
    item = quarantined(raw=_mail() + b"x" * (70 * 1024))
    html = admin_client.get(f"/admin/quarantine/{item.id}").text
    assert "Showing the first 64 KiB" in html


def test_retry_processes_the_message_and_flashes_the_ticket(admin_client, session, post, quarantined):
    item = quarantined()
    response = post(admin_client, f"/admin/quarantine/{item.id}/retry", {})
    assert response.status_code == 303
    session.expire_all()
    item = session.get(InboundItem, item.id)
    assert item.status is ItemStatus.PROCESSED and item.attempts == 2
    ticket = session.get(Ticket, item.ticket_id)
    page = admin_client.get(response.headers["location"]).text
    assert f"Processed again (created): ticket {ticket.number}." in page


def test_retry_of_mail_from_a_mailbox_uses_the_mailbox_defaults(
    admin_client, admin, session, post, quarantined
):
    team = teams.create_team(session, admin, name="Facilities")
    mailbox = mailbox_service.create_mailbox(
        session,
        admin,
        mailbox_service.MailboxInput(
            name="Facilities inbox",
            host="imap.example.com",
            username="fac",
            password="pw",
            default_team_id=team.id,
        ),
    )
    session.commit()
    item = quarantined(source=mailbox.source)
    post(admin_client, f"/admin/quarantine/{item.id}/retry", {})
    session.expire_all()
    ticket = session.get(Ticket, session.get(InboundItem, item.id).ticket_id)
    assert ticket.team_id == team.id


def test_a_failing_retry_says_it_is_still_quarantined(admin_client, session, post):
    result = receive_email(session, _mail(sender=None), source="api")
    session.commit()
    response = post(admin_client, f"/admin/quarantine/{result.item_id}/retry", {})
    page = admin_client.get(response.headers["location"]).text
    assert "Still quarantined:" in page


def test_retry_of_a_processed_message_is_refused(admin_client, session, post):
    result = receive_email(session, _mail(), source="api")
    session.commit()
    response = post(admin_client, f"/admin/quarantine/{result.item_id}/retry", {})
    page = admin_client.get(response.headers["location"]).text
    assert "Only quarantined messages can be retried." in page


def test_discard_needs_a_reason_then_keeps_the_item_listed_as_discarded(
    admin_client, session, post, quarantined, error_of
):
    item = quarantined()
    refused = post(admin_client, f"/admin/quarantine/{item.id}/discard", {"reason": "  "})
    assert refused.status_code == 422
    assert error_of(refused.text, "reason") == "Say why the message is discarded."
    response = post(admin_client, f"/admin/quarantine/{item.id}/discard", {"reason": "Spam"})
    assert response.status_code == 303
    assert f"Message #{item.id} discarded." in admin_client.get("/admin/quarantine").text
    session.expire_all()
    assert session.get(InboundItem, item.id).status is ItemStatus.DISCARDED
    assert f'data-item="{item.id}"' in admin_client.get("/admin/quarantine?status=discarded").text


def test_unknown_item_is_404(admin_client):
    assert admin_client.get("/admin/quarantine/999999").status_code == 404


def test_posts_need_the_csrf_token(admin_client, session, quarantined):
    item = quarantined()
    assert admin_client.post(f"/admin/quarantine/{item.id}/retry").status_code == 403
    session.expire_all()
    assert session.get(InboundItem, item.id).status is ItemStatus.QUARANTINED
