"""One run over one mailbox: read new mail with imap-tools and hand each message to the pipeline.

Order matters (DESIGN §3.9, nothing received is lost): each message is given to
``receive_email`` in its own unit of work, and only AFTER that commit is it marked seen or moved on
the server. A crash between the two at worst delivers the message again next run, and the pipeline's
Message-ID idempotency answers ``duplicate``. A message the pipeline quarantines is stored, so it
counts as processed too. A message whose storing fails (the database is down, say) is left untouched
on the server and tried again next run.

In IDLE mode a run does not end after the first pass: it waits on IMAP IDLE for up to
``idle_seconds`` and fetches again as soon as the server announces new mail (and once more when the
wait ends). A run never blocks a
worker thread longer than that window, which is how IDLE fits a job queue without a dedicated thread.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog
from imap_tools import BaseMailBox, MailMessageFlags
from imap_tools.errors import MailboxFetchError
from imap_tools.utils import check_command_status
from sqlalchemy.orm import Session

from ticketwise.core.uow import unit_of_work
from ticketwise.intake.mailboxes.connection import ImapAccount, MailboxUnreachable, explain, open_folder
from ticketwise.intake.mailboxes.models import AfterFetch, FetchMode, Mailbox
from ticketwise.intake.mailboxes.service import intake_defaults
from ticketwise.intake.message import IntakeDefaults
from ticketwise.intake.pipeline import receive_email

log = structlog.get_logger(__name__)

MAX_MESSAGES_PER_PASS = 200
"""A backlog is worked off over several runs, so one run never holds the lease for long."""
MAX_MESSAGE_BYTES = 50 * 1024 * 1024
"""Larger messages are left on the server and reported: storing them would exhaust memory."""


class Receiver(Protocol):
    """The pipeline entry point (``ticketwise.intake.pipeline.receive_email``)."""

    def __call__(
        self, session: Session, raw: bytes, *, source: str, defaults: IntakeDefaults | None = None
    ) -> Any: ...


@dataclass(frozen=True)
class MailboxPlan:
    """What one run needs from the mailbox row, read once so no session stays open during IMAP I/O."""

    mailbox_id: int
    account: ImapAccount
    after_fetch: AfterFetch
    move_to_folder: str | None
    mode: FetchMode
    source: str
    defaults: IntakeDefaults

    @classmethod
    def of(cls, mailbox: Mailbox) -> MailboxPlan:
        return cls(
            mailbox_id=mailbox.id,
            account=ImapAccount(
                host=mailbox.host,
                port=mailbox.port,
                security=mailbox.security,
                username=mailbox.username,
                password=mailbox.password,
                folder=mailbox.folder,
            ),
            after_fetch=mailbox.after_fetch,
            move_to_folder=mailbox.move_to_folder,
            mode=mailbox.mode,
            source=mailbox.source,
            defaults=intake_defaults(mailbox),
        )


@dataclass
class FetchReport:
    """What a run did: messages handed over per pipeline outcome, and why it stopped early, if it did."""

    counts: Counter[str] = field(default_factory=Counter)
    error: MailboxUnreachable | None = None

    @property
    def fetched(self) -> int:
        return sum(count for outcome, count in self.counts.items() if outcome != "failed")


def _raw_message(box: BaseMailBox, uid: str) -> bytes | None:
    """The message's exact bytes (BODY.PEEK keeps it unseen), or None when it vanished meanwhile."""
    result = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
    check_command_status(result, MailboxFetchError)
    for part in result[1] or ():
        if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
            return part[1]
    return None


def _size(box: BaseMailBox, uid: str) -> int:
    result = box.client.uid("FETCH", uid, "(RFC822.SIZE)")
    check_command_status(result, MailboxFetchError)
    for part in result[1] or ():
        text = part.decode("ascii", "replace") if isinstance(part, bytes) else ""
        if "RFC822.SIZE" in text:
            return int(text.split("RFC822.SIZE", 1)[1].strip(" )").split()[0])
    return 0


def _deliver(raw: bytes, plan: MailboxPlan, receive: Receiver) -> str:
    """Hand one message to the pipeline in its own transaction; the outcome once committed."""
    with unit_of_work() as session:
        result = receive(session, raw, source=plan.source, defaults=plan.defaults)
    return str(getattr(result.outcome, "value", result.outcome))


def _done_with(box: BaseMailBox, uid: str, plan: MailboxPlan) -> None:
    if plan.after_fetch is AfterFetch.MOVE and plan.move_to_folder:
        box.move(uid, plan.move_to_folder)
    else:
        box.flag(uid, MailMessageFlags.SEEN, True)


def _ensure_destination(box: BaseMailBox, plan: MailboxPlan) -> None:
    if (
        plan.after_fetch is AfterFetch.MOVE
        and plan.move_to_folder
        and not box.folder.exists(plan.move_to_folder)
    ):
        box.folder.create(plan.move_to_folder)


def fetch_pass(box: BaseMailBox, plan: MailboxPlan, receive: Receiver, report: FetchReport) -> int:
    """Hand every new message in the selected folder to the pipeline; returns how many were handled.

    "New" is every unseen message, or every message at all when processed mail is moved away (so a
    message someone opened in a mail client is not skipped).
    """
    criteria = "ALL" if plan.after_fetch is AfterFetch.MOVE else "UNSEEN"
    uids = box.uids(criteria)[:MAX_MESSAGES_PER_PASS]
    if uids:
        _ensure_destination(box, plan)
    handled = 0
    for uid in uids:
        if _size(box, uid) > MAX_MESSAGE_BYTES:
            report.counts["too_large"] += 1
            log.warning("mailbox_message_too_large", mailbox_id=plan.mailbox_id, uid=uid)
            continue
        raw = _raw_message(box, uid)
        if raw is None:
            continue
        try:
            outcome = _deliver(raw, plan, receive)
        except Exception:
            # Not stored: leave it unseen on the server so the next run tries again.
            report.counts["failed"] += 1
            log.exception("mailbox_message_not_stored", mailbox_id=plan.mailbox_id, uid=uid)
            continue
        report.counts[outcome] += 1
        handled += 1
        _done_with(box, uid, plan)
    return handled


def run(
    plan: MailboxPlan,
    *,
    receive: Receiver | None = None,
    idle_seconds: float = 0,
    clock: Callable[[], float] = time.monotonic,
) -> FetchReport:
    """One run over the mailbox of ``plan``; never raises for a server problem (it is in the report).

    In IDLE mode, after the first pass it waits for the server's news for up to ``idle_seconds`` in
    total and runs another pass each time the wait ends (mail announced, or time up).
    """
    receiver = receive or receive_email
    report = FetchReport()
    try:
        with open_folder(plan.account) as box:
            fetch_pass(box, plan, receiver, report)
            # A server without IDLE is simply polled: the next tick runs the mailbox again.
            can_idle = plan.mode is FetchMode.IDLE and "IDLE" in box.client.capabilities
            deadline = clock() + idle_seconds
            while can_idle and (remaining := deadline - clock()) > 1:
                box.idle.wait(timeout=remaining)
                # Look even when the wait ended without news: a notification can be missed (mail
                # that arrived during the previous pass is announced before IDLE starts).
                fetch_pass(box, plan, receiver, report)
    except Exception as exc:  # a network or protocol failure ends the run; the next one retries
        report.error = explain(exc, plan.account)
        log.warning("mailbox_run_failed", mailbox_id=plan.mailbox_id, error=str(report.error))
    return report
