"""Two processes assigning in one round-robin team at the same moment never give the same turn twice
(real transactions on PostgreSQL; SQLite serialises writers, so there is nothing to race there)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from ticketwise.ai.assignment.service import assign_new_ticket
from ticketwise.ai.assignment.team_strategy import Weights, set_strategy
from ticketwise.config import Settings
from ticketwise.core import db as core_db
from ticketwise.core import migrate
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.repository import get_ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.tickets.types.builtin import seed_builtin_types
from ticketwise.users import service as user_service
from ticketwise.users.models import Availability
from ticketwise.users.teams import create_team

pytestmark = pytest.mark.skipif(
    os.environ.get("TICKETWISE_TEST_DB", "sqlite") != "postgresql",
    reason="SQLite serialises writers, so two assignments cannot overlap there.",
)


@pytest.fixture
def own_database(request: pytest.FixtureRequest, worker_id: str):
    """A migrated database of the test's own, installed process-wide (nothing is rolled back)."""
    root_conftest = request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )
    name = f"tw_round_robin_race_{worker_id}"
    database = core_db.Database(Settings(database_url=root_conftest.fresh_database_url(name)))
    migrate.upgrade(database.write_engine)
    core_db.set_db(database)
    try:
        yield database
    finally:
        core_db.set_db(None)
        database.dispose()
        root_conftest.drop_database(name)


def _arrange(database) -> list[int]:
    with database.session() as s:
        seed_builtin_types(s)
        admin = user_service.create_user(s, email="admin@example.com", name="Admin", role="admin")
        agents = [
            user_service.create_user(s, email=f"agent{n}@example.com", name=f"Agent {n}", role="agent")
            for n in range(3)
        ]
        for agent in agents:
            agent.availability = Availability.ONLINE
        team = create_team(s, admin, name="Desk", member_ids=[a.id for a in agents])
        set_strategy(s, admin, team, "round_robin", Weights())
        ids = [
            create_ticket(
                s,
                admin,
                TicketCreate(
                    type="it_support",
                    title=f"Case {n}",
                    requester=RequesterIn(email=f"r{n}@example.org"),
                    team_id=team.id,
                ),
                channel=Channel.PHONE,
            ).id
            for n in range(2)
        ]
        s.commit()
        return ids


def test_concurrent_round_robin_turns_are_never_given_twice(own_database):
    first_id, second_id = _arrange(own_database)
    first_chose = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with own_database.session() as s:
                assign_new_ticket(s, get_ticket(s, first_id))
                first_chose.set()
                # Hold the team's row lock until the second transaction is waiting for it.
                _wait_for_a_lock_waiter(own_database)
                s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
            first_chose.set()

    def second() -> None:
        try:
            first_chose.wait(timeout=30)
            with own_database.session() as s:
                assign_new_ticket(s, get_ticket(s, second_id))
                s.commit()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    workers = [threading.Thread(target=first), threading.Thread(target=second)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert not errors, errors
    with own_database.session() as s:
        assignees = s.scalars(sa.select(Ticket.assignee_id).where(Ticket.id.in_([first_id, second_id]))).all()
    assert None not in assignees and len(set(assignees)) == 2


def _wait_for_a_lock_waiter(database) -> None:
    """Poll pg_stat_activity until another backend waits on a lock (bounded: 200 polls)."""
    probe = sa.create_engine(database.url)
    try:
        with probe.connect() as conn:
            for _ in range(200):
                waiting = conn.scalar(
                    sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                )
                if waiting:
                    return
                threading.Event().wait(0.05)
    finally:
        probe.dispose()
