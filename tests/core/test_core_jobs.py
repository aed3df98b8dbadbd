"""Jobs run only after the transaction that queued them commits, on SQLite or Redis storage."""

from __future__ import annotations

import threading

import pytest
from huey import RedisHuey, SqliteHuey

from ticketwise.config import get_settings
from ticketwise.core import jobs
from ticketwise.core.jobs import enqueue, huey


@huey.task()
def _remember(value: str) -> None:
    _seen.append(value)


_seen: list[str] = []


@pytest.fixture(autouse=True)
def _clear():
    _seen.clear()


def test_a_job_runs_after_commit_and_never_after_rollback(database):
    with database.session() as s:
        enqueue(s, _remember, "committed")
        assert _seen == []  # not before the commit
        s.commit()
    assert _seen == ["committed"]

    with database.session() as s:
        enqueue(s, _remember, "rolled back")
        s.rollback()
        s.commit()
    assert _seen == ["committed"]


def test_embedded_storage_is_sqlite_in_the_data_folder(monkeypatch):
    monkeypatch.delenv("TICKETWISE_JOBS__REDIS_URL", raising=False)
    monkeypatch.setenv("TICKETWISE_JOBS__IMMEDIATE", "false")
    get_settings.cache_clear()
    try:
        built = jobs._build_huey()
        assert isinstance(built, SqliteHuey)
        assert built.storage.filename == str(get_settings().data_dir / "jobs.db")
    finally:
        get_settings.cache_clear()


def _consume_one(queue, task_call) -> str:
    """Run a real threaded consumer until the task's result arrives."""
    consumer = queue.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        return task_call().get(blocking=True, timeout=20)
    finally:
        consumer.stop(graceful=True)


def test_redis_storage_when_configured_round_trips_a_task(monkeypatch):
    monkeypatch.setenv("TICKETWISE_JOBS__REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("TICKETWISE_JOBS__IMMEDIATE", "false")
    get_settings.cache_clear()
    try:
        queue = jobs._build_huey()
    finally:
        get_settings.cache_clear()
    assert isinstance(queue, RedisHuey)
    queue.storage.flush_all()
    worker_thread = {}

    @queue.task()
    def whoami(x: int) -> str:
        worker_thread["name"] = threading.current_thread().name
        return f"done {x}"

    assert _consume_one(queue, lambda: whoami(7)) == "done 7"
    assert worker_thread["name"] != threading.current_thread().name
    queue.storage.flush_all()


def test_sqlite_storage_round_trips_a_task_through_a_consumer(tmp_path):
    queue = SqliteHuey("ticketwise-test", filename=str(tmp_path / "jobs.db"))

    @queue.task()
    def double(x: int) -> int:
        return 2 * x

    assert _consume_one(queue, lambda: double(21)) == 42


def test_events_queued_inside_a_rolled_back_savepoint_are_dropped(database):
    with database.session() as s:
        enqueue(s, _remember, "outer")
        savepoint = s.begin_nested()
        enqueue(s, _remember, "inside refused savepoint")
        savepoint.rollback()
        with s.begin_nested():
            enqueue(s, _remember, "inside kept savepoint")
        assert _seen == []
        s.commit()
    assert _seen == ["outer", "inside kept savepoint"]
