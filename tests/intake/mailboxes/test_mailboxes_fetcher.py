"""The IMAP fetcher against a real Dovecot server: mail becomes tickets, is marked or moved only
after it is stored, is never taken twice, and server failures are recorded instead of raised."""

from __future__ import annotations

import time
from email.message import EmailMessage
from pathlib import Path

import sqlalchemy as sa

from ticketwise.intake.mailboxes import fetcher, schedule
from ticketwise.intake.mailboxes.models import FetchMode
from ticketwise.intake.models import InboundItem, ItemStatus
from ticketwise.intake.pipeline import receive_email
from ticketwise.tickets.models import Ticket

SEEN = "\\Seen"


def mail(n: int, *, sender: str | None = "alice@customer.example", subject: str | None = None) -> bytes:
    message = EmailMessage()
    if sender:
        message["From"] = f"Alice <{sender}>"
    message["To"] = "support@ticketwise.example"
    message["Subject"] = subject or f"Printer on floor {n} is jammed"
    message["Message-ID"] = f"<imap-test-{n}-{time.monotonic_ns()}@customer.example>"
    message["Date"] = "Thu, 26 Nov 2026 09:30:00 +0800"
    message.set_content(f"Hello,\n\nthe printer on floor {n} shows error E{n}.\n\nAlice\n")
    return message.as_bytes()


def items_of(session, mailbox) -> list[InboundItem]:
    session.expire_all()
    return list(
        session.scalars(
            sa.select(InboundItem).where(InboundItem.source == mailbox.source).order_by(InboundItem.id)
        )
    )


def test_new_mail_becomes_tickets_and_is_marked_seen_after_storing(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox()
    dovecot.append(mailbox.folder, mail(1))
    dovecot.append(mailbox.folder, mail(2, subject="打印机卡纸了"))

    report = schedule.run_mailbox(mailbox.id)

    assert report is not None and report.error is None
    assert report.counts == {"created": 2}
    items = items_of(session, mailbox)
    assert [item.status for item in items] == [ItemStatus.PROCESSED, ItemStatus.PROCESSED]
    titles = {session.get(Ticket, item.ticket_id).title for item in items}
    assert titles == {"Printer on floor 1 is jammed", "打印机卡纸了"}
    assert all(SEEN in flags for flags in dovecot.flags_in(mailbox.folder))
    session.refresh(mailbox)
    assert mailbox.last_success_at is not None and mailbox.last_error is None
    assert mailbox.last_counts == {"created": 2}
    assert mailbox.total_fetched == 2
    assert mailbox.locked_until is None
    assert mailbox.next_run_at > mailbox.last_run_at


def test_a_second_run_creates_nothing(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox()
    dovecot.append(mailbox.folder, mail(3))
    schedule.run_mailbox(mailbox.id)
    _release_for_another_run(session, mailbox)

    report = schedule.run_mailbox(mailbox.id)

    assert report is not None and report.counts == {}
    assert len(items_of(session, mailbox)) == 1


def test_mail_redelivered_after_a_crash_before_marking_is_a_duplicate(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox()
    dovecot.append(mailbox.folder, mail(4))
    schedule.run_mailbox(mailbox.id)
    # As if the worker died after the commit but before flagging the message on the server.
    with dovecot.mailbox() as box:
        box.folder.set(mailbox.folder)
        box.flag(box.uids("ALL"), SEEN, False)
    _release_for_another_run(session, mailbox)

    report = schedule.run_mailbox(mailbox.id)

    assert report.counts == {"duplicate": 1}
    first, second = items_of(session, mailbox)
    assert second.ticket_id == first.ticket_id
    assert (
        session.scalar(sa.select(sa.func.count()).select_from(Ticket).where(Ticket.id == first.ticket_id))
        == 1
    )
    assert all(SEEN in flags for flags in dovecot.flags_in(mailbox.folder))


def test_a_quarantined_message_is_stored_and_still_marked(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox()
    dovecot.append(mailbox.folder, mail(5, sender=None))

    report = schedule.run_mailbox(mailbox.id)

    assert report.counts == {"quarantined": 1}
    (item,) = items_of(session, mailbox)
    assert item.status is ItemStatus.QUARANTINED and item.reason
    assert all(SEEN in flags for flags in dovecot.flags_in(mailbox.folder))


def test_mailbox_sender_lists_reach_the_pipeline(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox(deny_senders=["@customer.example"])
    dovecot.append(mailbox.folder, mail(6))

    report = schedule.run_mailbox(mailbox.id)

    assert report.counts == {"ignored": 1}
    assert all(SEEN in flags for flags in dovecot.flags_in(mailbox.folder))


def test_move_mode_moves_processed_mail_even_if_already_read(session, imap_mailbox, dovecot):
    destination = f"Done-{time.monotonic_ns()}"
    mailbox = imap_mailbox(after_fetch="move", move_to_folder=destination)
    dovecot.append(mailbox.folder, mail(7))
    with dovecot.mailbox() as box:  # someone opened it in a mail client first
        box.append(mail(8), mailbox.folder, flag_set=[SEEN])

    report = schedule.run_mailbox(mailbox.id)

    assert report.counts == {"created": 2}
    assert dovecot.count(mailbox.folder) == 0
    assert dovecot.count(destination) == 2


def test_a_message_that_cannot_be_stored_stays_unread_for_the_next_run(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox()
    dovecot.append(mailbox.folder, mail(9))

    def broken_store(session, raw, *, source, defaults=None):
        raise OSError("disk full")

    report = schedule.run_mailbox(mailbox.id, receive=broken_store)

    assert report.counts == {"failed": 1}
    assert items_of(session, mailbox) == []
    assert [SEEN in flags for flags in dovecot.flags_in(mailbox.folder)] == [False]
    _release_for_another_run(session, mailbox)
    assert schedule.run_mailbox(mailbox.id).counts == {"created": 1}


def test_a_wrong_password_is_recorded_on_the_mailbox_and_retried(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox(password="wrong")
    dovecot.append(mailbox.folder, mail(10))

    report = schedule.run_mailbox(mailbox.id)

    assert report.error is not None
    session.refresh(mailbox)
    assert mailbox.last_error["message"] == "The server refused the user name or password."
    assert mailbox.last_success_at is None
    assert mailbox.locked_until is None and mailbox.next_run_at is not None
    assert [SEEN in flags for flags in dovecot.flags_in(mailbox.folder)] == [False]


def test_an_unreachable_server_is_recorded(session, imap_mailbox, dovecot):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    mailbox = imap_mailbox(port=closed_port)

    report = schedule.run_mailbox(mailbox.id)

    assert report.error is not None
    session.refresh(mailbox)
    assert "refused the connection" in mailbox.last_error_text


def test_a_missing_folder_is_recorded(session, imap_mailbox):
    mailbox = imap_mailbox(folder="NoSuchFolder")
    schedule.run_mailbox(mailbox.id)
    session.refresh(mailbox)
    assert mailbox.last_error_text == "The folder NoSuchFolder does not exist."


def test_idle_mode_takes_mail_arriving_during_the_run(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox(mode="idle")
    dovecot.append(mailbox.folder, mail(11))
    plan = fetcher.MailboxPlan.of(mailbox)
    assert plan.mode is FetchMode.IDLE
    delivered: list[bytes] = []

    def receive_then_more_mail_arrives(session, raw, *, source, defaults=None):
        delivered.append(raw)
        if len(delivered) == 1:
            dovecot.append(mailbox.folder, mail(12))
        return receive_email(session, raw, source=source, defaults=defaults)

    report = fetcher.run(plan, receive=receive_then_more_mail_arrives, idle_seconds=2)

    assert report.error is None
    assert report.counts == {"created": 2}
    assert all(SEEN in flags for flags in dovecot.flags_in(mailbox.folder))


def _release_for_another_run(session, mailbox) -> None:
    """Make the mailbox due again now (runs are normally an interval apart)."""
    session.refresh(mailbox)
    mailbox.next_run_at = mailbox.last_run_at
    session.commit()


def test_real_mail_of_every_kind_is_stored_and_marked(session, imap_mailbox, dovecot):
    """Messages from other projects' test suites (tests/fixtures/SOURCES.md): ordinary mail, a
    bounce and an auto-reply all end up stored, decided, and marked on the server."""
    fixtures = Path(__file__).parents[2] / "fixtures" / "pipeline"
    mailbox = imap_mailbox()
    for name in (
        "quoted_printable.eml",
        "blank-body-with-attachment.eml",
        "lhost-postfix-02.eml",
        "rfc3834-01.eml",
    ):
        dovecot.append(mailbox.folder, (fixtures / name).read_bytes())

    report = schedule.run_mailbox(mailbox.id)

    assert report.error is None and report.fetched == 4
    assert {"bounce", "auto_reply"} <= set(report.counts)
    assert len(items_of(session, mailbox)) == 4
    assert all(SEEN in flags for flags in dovecot.flags_in(mailbox.folder))
