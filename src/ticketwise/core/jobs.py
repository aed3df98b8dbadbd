"""Background jobs on Huey (DESIGN §1).

Single machine: an embedded SQLite queue in the data folder, consumed by threads inside
``ticketwise serve``. Scaled out: Redis (``TICKETWISE_JOBS__REDIS_URL``) and ``ticketwise worker``
processes. Task code is identical in both cases.

Jobs are enqueued only after the surrounding transaction commits (:func:`enqueue`), so a worker never
sees a row that is not there yet and a rolled-back request schedules nothing.
"""

from __future__ import annotations

from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper
from sqlalchemy.orm import Session

from ticketwise.config import get_settings
from ticketwise.core.events import after_commit


def _build_huey() -> Huey:
    settings = get_settings()
    if settings.jobs.redis_url:
        return RedisHuey("ticketwise", url=settings.jobs.redis_url, immediate=settings.jobs.immediate)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(
        "ticketwise",
        filename=str(settings.data_dir / "jobs.db"),
        immediate=settings.jobs.immediate,
    )


huey: Huey = _build_huey()


def enqueue(session: Session, task: TaskWrapper, *args: Any, **kwargs: Any) -> None:
    """Queue ``task(*args, **kwargs)`` to run once the session's transaction has committed."""
    after_commit(session, lambda: task(*args, **kwargs))
