"""The unit of work: one transaction per request or job (DESIGN §3.3).

Services only ``flush``; the owner of the unit of work commits. Events and jobs queued inside are
released after the commit (see :mod:`ticketwise.core.events`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from ticketwise.core.db import get_db


@contextmanager
def unit_of_work(*, write: bool = True) -> Iterator[Session]:
    """Yield a session; commit on success, roll back on any exception (which propagates).

    A read-only unit of work is simply closed: closing ends the transaction without expiring the
    loaded objects, so they stay usable (detached) after the block, e.g. the request's user.
    """
    session = get_db().session(write=write)
    try:
        yield session
        if write:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
