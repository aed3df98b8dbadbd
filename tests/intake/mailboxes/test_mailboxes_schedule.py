"""Scheduling: which mailbox is due, the lease that keeps two workers apart, the periodic task."""

from __future__ import annotations

from datetime import timedelta

from ticketwise.core import clock
from ticketwise.intake.mailboxes import repository, schedule, tasks
from ticketwise.intake.mailboxes.models import Mailbox
from ticketwise.intake.models import InboundItem

from .test_mailboxes_fetcher import mail


def test_only_active_unclaimed_mailboxes_whose_time_has_come_are_due(session, imap_mailbox):
    due = imap_mailbox(name="Due")
    later = imap_mailbox(name="Later")
    inactive = imap_mailbox(name="Inactive", is_active=False)
    held = imap_mailbox(name="Held")
    at = clock.now()
    later.next_run_at = at + timedelta(minutes=1)
    held.locked_until = at + timedelta(minutes=1)
    session.commit()

    ids = schedule.due_mailboxes()

    assert due.id in ids
    assert {later.id, inactive.id, held.id}.isdisjoint(ids)


def test_a_lease_is_taken_once_until_it_expires(session, imap_mailbox):
    mailbox = imap_mailbox()
    at = clock.now()
    assert repository.claim(session, mailbox.id, at, at + schedule.LEASE)
    assert not repository.claim(session, mailbox.id, at, at + schedule.LEASE)
    # A crashed worker's lease runs out; then another worker may take the mailbox.
    after = at + schedule.LEASE + timedelta(seconds=1)
    assert repository.claim(session, mailbox.id, after, after + schedule.LEASE)


def test_a_mailbox_held_by_another_worker_is_skipped(session, imap_mailbox, dovecot):
    mailbox = imap_mailbox()
    dovecot.append(mailbox.folder, mail(20))
    at = clock.now()
    assert repository.claim(session, mailbox.id, at, at + schedule.LEASE)
    session.commit()

    assert schedule.run_mailbox(mailbox.id) is None
    assert ["\\Seen" in flags for flags in dovecot.flags_in(mailbox.folder)] == [False]


def test_the_periodic_tick_runs_every_due_mailbox(session, imap_mailbox, dovecot):
    first = imap_mailbox(name="First")
    second = imap_mailbox(name="Second")
    dovecot.append(first.folder, mail(21))
    dovecot.append(second.folder, mail(22))

    tasks.poll_mailboxes.call_local()

    session.expire_all()
    sources = {
        item.source
        for item in session.query(InboundItem).filter(InboundItem.source.in_([first.source, second.source]))
    }
    assert sources == {first.source, second.source}
    for mailbox in (first, second):
        row = session.get(Mailbox, mailbox.id)
        assert row.last_counts == {"created": 1}
        assert row.next_run_at > clock.now() + timedelta(seconds=30)
