"""Background jobs of the AI domain: the arrival steps of a new ticket, and the nightly retraining
of the triage models.

Arrival runs as a job, not in the request that created the ticket: triage loads models and may ask
an LLM (seconds), which must not delay the answer to the person or the mail server that sent it.
"""

from __future__ import annotations

import threading

import structlog
from huey import crontab
from sqlalchemy.orm import Session

from ticketwise.ai.arrival import process_new_ticket
from ticketwise.ai.retrieval.sync import process_index
from ticketwise.ai.text.tokenize import words
from ticketwise.ai.triage.training import needs_retraining, train_models_unlocked
from ticketwise.core.jobs import huey
from ticketwise.core.uow import unit_of_work
from ticketwise.tickets import repository as tickets_repository

log = structlog.get_logger(__name__)


@huey.task(retries=2, retry_delay=30)
def process_arrival(ticket_id: int) -> None:
    """Triage, priority and assignment of a new ticket (a retry starts over: nothing was kept)."""
    with unit_of_work() as session:
        ticket = tickets_repository.get_ticket(session, ticket_id)
        if ticket is not None:
            process_new_ticket(session, ticket)


def retrain_if_needed(session: Session) -> bool:
    """Retrain every triage model when people labelled something since the last training (or nothing
    was ever trained); returns whether it trained. ``session`` only answers that question; training
    reads and registers in units of work of its own (no write lock while fitting)."""
    if not needs_retraining(session):
        return False
    results = train_models_unlocked()
    log.info("triage_models_retrained", trained=[r.target for r in results if r.row is not None])
    return True


@huey.periodic_task(crontab(minute="0", hour="3"))
def nightly_retrain() -> None:
    with unit_of_work(write=False) as session:
        retrain_if_needed(session)


def _warm_up() -> None:
    words("预热 warm up")  # jieba's dictionary: 1–3 s
    try:
        with unit_of_work(write=False) as session, process_index(session).synced(session):
            pass  # the similar-case index: seconds at 100,000 tickets (docs/benchmarks.md)
    except Exception:  # noqa: BLE001 - a cold index only makes the first lookup slower
        log.exception("ai_warm_up_failed")


def warm_up_in_background() -> None:
    """Load the tokenizer and the similar-case index in a thread at start-up, so neither the first
    ticket's triage nor the first similar-case panel waits for them."""
    threading.Thread(target=_warm_up, name="ticketwise-ai-warm-up", daemon=True).start()
