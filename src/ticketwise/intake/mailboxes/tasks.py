"""Huey jobs reading the mailboxes: a tick every minute starts one job per due mailbox.

One job per mailbox lets several mailboxes run at once on the consumer's threads; the lease in
:mod:`ticketwise.intake.mailboxes.schedule` keeps a mailbox from running twice. Huey's periodic
tasks have one-minute resolution, hence the minimum poll interval of 60 seconds.
"""

from __future__ import annotations

from huey import crontab

from ticketwise.core.jobs import huey
from ticketwise.intake.mailboxes import schedule


@huey.task()
def fetch_mailbox(mailbox_id: int) -> None:
    schedule.run_mailbox(mailbox_id)


@huey.periodic_task(crontab(minute="*"))
def poll_mailboxes() -> None:
    for mailbox_id in schedule.due_mailboxes():
        fetch_mailbox(mailbox_id)
