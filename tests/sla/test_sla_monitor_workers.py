"""Several monitor workers at once never fire the same level twice (real transactions, own database)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine

from ticketwise.config import Settings
from ticketwise.core import db as core_db
from ticketwise.core import migrate
from ticketwise.sla import monitor
from ticketwise.sla.models import (
    LevelKind,
    OffsetKind,
    SlaCalendar,
    SlaEscalationLevel,
    SlaEvent,
    SlaEventKind,
    SlaPolicy,
)
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.tickets.types.builtin import seed_builtin_types
from ticketwise.users import service as users_service

from .conftest import local

TICKETS = 40


@pytest.fixture
def own_database(request: pytest.FixtureRequest, worker_id: str) -> Iterator[core_db.Database]:
    """A migrated database of the test's own whose commits are real, used as the process database."""
    root_conftest = request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )
    name = f"tw_sla_workers_{worker_id}"
    database = core_db.Database(Settings(database_url=root_conftest.fresh_database_url(name)))
    migrate.upgrade(database.write_engine)
    core_db.set_db(database)
    try:
        yield database
    finally:
        core_db.set_db(None)
        root_conftest.drop_database(name)


def arrange(database: core_db.Database) -> None:
    with database.session() as session:
        seed_builtin_types(session)
        agent = users_service.create_user(session, email="agent@example.com", name="Agent", role="agent")
        calendar = SlaCalendar(
            name="24x7",
            timezone="UTC",
            always_open=True,
            weekly_hours={},
            extra_holidays=[],
            extra_workdays=[],
        )
        session.add(
            SlaPolicy(
                name="Everything",
                position=1,
                calendar=calendar,
                conditions={},
                targets={"first_response": {"P2": 60}},
                pause_rules={},
                levels=[
                    SlaEscalationLevel(
                        position=0,
                        name="breach",
                        clock="any",
                        kind=LevelKind.BREACH,
                        offset_kind=OffsetKind.MINUTES,
                        offset_value=0,
                        actions=[{"type": "notify", "to": ["assignee"], "user_ids": []}],
                    )
                ],
            )
        )
        session.commit()
        for n in range(TICKETS):
            create_ticket(
                session,
                agent,
                TicketCreate(
                    type="it_support",
                    title=f"Ticket {n}",
                    requester=RequesterIn(email=f"c{n}@example.com"),
                    assignee_id=agent.id,
                ),
                channel=Channel.API,
            )
        session.commit()


def test_two_workers_share_the_work_without_firing_twice(own_database):
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=False):
        arrange(own_database)
    with time_machine.travel(local(2026, 3, 2, 11, 30), tick=False):
        start = threading.Barrier(2)
        errors: list[BaseException] = []
        moment = local(2026, 3, 2, 11, 30)

        def work() -> None:
            try:
                start.wait()
                while True:
                    with own_database.session() as session:
                        claimed, _result = monitor.process_batch(session, moment, limit=5)
                        session.commit()
                    if not claimed:
                        return
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert errors == []
    with own_database.session() as session:
        rows = session.execute(
            sa.select(SlaEvent.timer_id, SlaEvent.data).where(SlaEvent.kind == SlaEventKind.ESCALATED)
        ).all()
    fired = Counter((timer_id, data["level_id"]) for timer_id, data in rows)
    assert len(fired) == TICKETS
    assert set(fired.values()) == {1}
