"""Which mailbox runs when, and by whom: due times, the per-mailbox lease, the recorded result.

Several mailboxes run at once (one job each); one mailbox never runs twice at once. A worker takes a
mailbox with one conditional UPDATE (``locked_until`` moved ahead only if it lies in the past), so of
two workers racing for it exactly one gets it, on SQLite and PostgreSQL alike. A worker that dies
loses its lease when ``locked_until`` passes.
"""

from __future__ import annotations

from datetime import timedelta

import structlog

from ticketwise.core import clock
from ticketwise.core.uow import unit_of_work
from ticketwise.intake.mailboxes import fetcher, repository
from ticketwise.intake.mailboxes.models import FetchMode

log = structlog.get_logger(__name__)

IDLE_WINDOW_SECONDS = 25
"""How long an IDLE-mode run waits for the server's news before it ends (and the next tick starts
another): short enough that IDLE mailboxes never monopolise the job consumer threads."""
LEASE = timedelta(minutes=5)
"""A run's lease: far longer than a run (IDLE window + one pass); a crashed worker's lease expires."""


def due_mailboxes() -> list[int]:
    """Ids of the active, unclaimed mailboxes whose next run has come."""
    with unit_of_work(write=False) as session:
        return repository.due_mailbox_ids(session, clock.now())


def run_mailbox(mailbox_id: int, *, receive: fetcher.Receiver | None = None) -> fetcher.FetchReport | None:
    """Claim the mailbox, run it, record the result and release it; None when another worker holds
    it or it is inactive or gone. Never raises for a mail-server problem (it is recorded instead)."""
    started = clock.now()
    with unit_of_work() as session:
        if not repository.claim(session, mailbox_id, started, started + LEASE):
            return None
        mailbox = repository.get_mailbox(session, mailbox_id)
        if mailbox is None:
            return None
        plan = fetcher.MailboxPlan.of(mailbox)
        poll_seconds = mailbox.poll_seconds
    idle = IDLE_WINDOW_SECONDS if plan.mode is FetchMode.IDLE else 0
    report = fetcher.run(plan, receive=receive, idle_seconds=idle)
    _record(mailbox_id, report, poll_seconds if plan.mode is FetchMode.POLL else 0)
    return report


def _record(mailbox_id: int, report: fetcher.FetchReport, next_in_seconds: int) -> None:
    finished = clock.now()
    with unit_of_work() as session:
        mailbox = repository.get_mailbox(session, mailbox_id)
        if mailbox is None:  # deleted by an admin during the run
            return
        mailbox.last_run_at = finished
        mailbox.last_counts = dict(report.counts)
        mailbox.total_fetched += report.fetched
        if report.error is None:
            mailbox.last_success_at = finished
            mailbox.last_error = None
        else:
            mailbox.last_error = {"message": report.error.message, "params": report.error.params}
        mailbox.next_run_at = finished + timedelta(seconds=next_in_seconds)
        mailbox.locked_until = None
    if report.counts:
        log.info("mailbox_run", mailbox_id=mailbox_id, counts=dict(report.counts), error=bool(report.error))
