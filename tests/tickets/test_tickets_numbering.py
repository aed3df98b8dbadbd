"""Ticket numbers: format, site-timezone day, growth past 9999, uniqueness under real concurrency."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from ticketwise.tickets.models import TicketCounter
from ticketwise.tickets.numbering import next_number


def test_numbers_count_per_day_in_the_site_timezone(session):
    # 17:30 UTC on 1 January is already 2 January in Shanghai (UTC+8).
    late = datetime(2031, 1, 1, 17, 30, tzinfo=UTC)
    early = datetime(2031, 1, 1, 15, 59, tzinfo=UTC)
    assert next_number(session, late) == "TW-20310102-0001"
    assert next_number(session, late) == "TW-20310102-0002"
    assert next_number(session, early) == "TW-20310101-0001"
    assert next_number(session, late) == "TW-20310102-0003"


def test_numbers_grow_past_four_digits(session):
    session.add(TicketCounter(day="20310301", last=9998))
    session.flush()
    when = datetime(2031, 3, 1, 4, 0, tzinfo=UTC)
    assert next_number(session, when) == "TW-20310301-9999"
    assert next_number(session, when) == "TW-20310301-10000"


def test_naive_datetimes_are_refused(session):
    with pytest.raises(ValueError):
        next_number(session, datetime(2031, 1, 1, 12, 0))


def test_concurrent_creations_never_share_a_number(own_database):
    threads, per_thread = 8, 25
    when = datetime(2031, 5, 20, 2, 0, tzinfo=UTC)
    start = threading.Barrier(threads)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                with own_database.session() as s:
                    number = next_number(s, when)
                    s.commit()
                with lock:
                    numbers.append(number)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(numbers) == threads * per_thread
    assert sorted(numbers) == [f"TW-20310520-{n:04d}" for n in range(1, threads * per_thread + 1)]
    with own_database.session() as s:
        assert s.scalar(sa.select(TicketCounter.last).where(TicketCounter.day == "20310520")) == 200
