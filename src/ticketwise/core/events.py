"""Domain events and after-commit hooks (DESIGN §3.3).

Services call :func:`publish` or :func:`after_commit` while the unit of work is open. Nothing runs
until the outermost transaction commits; a rollback drops everything queued. Handlers run in the
committing thread, each in isolation: one failing handler is logged and does not stop the others or
undo the commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = structlog.get_logger(__name__)

_PENDING = "ticketwise.after_commit"


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base class; subclasses are frozen dataclasses carrying ids, never ORM objects."""


E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[Any], None]
_handlers: dict[type[DomainEvent], list[Handler]] = defaultdict(list)


def subscribe(event_type: type[E]) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Register a handler for an event type (and its subclasses)."""

    def register(fn: Callable[[E], None]) -> Callable[[E], None]:
        if fn not in _handlers[event_type]:
            _handlers[event_type].append(fn)
        return fn

    return register


def after_commit(session: Session, fn: Callable[[], None]) -> None:
    # Begin now if nothing has yet, so a rollback before any SQL still drops what was queued.
    if not session.in_transaction():
        session.begin()
    # Remember the innermost transaction (a savepoint, if one is open): rolling it back drops fn.
    owner = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append((owner, fn))


def publish(session: Session, domain_event: DomainEvent) -> None:
    after_commit(session, lambda: dispatch(domain_event))


def dispatch(domain_event: DomainEvent) -> None:
    for event_type, handlers in list(_handlers.items()):
        if isinstance(domain_event, event_type):
            for handler in list(handlers):
                _run(handler, domain_event)


def _run(fn: Callable[..., None], *args: Any) -> None:
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - one failing reaction must not affect the others
        log.exception("after_commit_handler_failed", handler=getattr(fn, "__qualname__", repr(fn)))


@event.listens_for(Session, "after_commit")
def _release(session: Session) -> None:
    # SQLAlchemy also fires after_commit when a savepoint is released; the unit of work is still
    # open then, and nothing may run before the outermost commit.
    if session.get_nested_transaction() is not None:
        return
    pending = session.info.pop(_PENDING, [])
    for _owner, fn in pending:
        _run(fn)


@event.listens_for(Session, "after_soft_rollback")
def _drop(session: Session, previous_transaction: SessionTransaction) -> None:
    """Forget what the rolled-back transaction (and any savepoint inside it) queued.

    "after_soft_rollback" fires for every rollback, savepoints included; "after_rollback" would miss
    sessions joined to an outer transaction, whose rollback is a savepoint's at the DBAPI level.
    """
    pending = session.info.get(_PENDING)
    if not pending:
        return
    kept = [(owner, fn) for owner, fn in pending if not _within(owner, previous_transaction)]
    session.info[_PENDING] = kept


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False
