"""Two simultaneous first deliveries of one external reference create one ticket (real transactions)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from ticketwise.config import Settings
from ticketwise.core import db as core_db
from ticketwise.core import migrate, ratelimit
from ticketwise.intake.webhooks import repository, sources
from ticketwise.main import create_app
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types.builtin import seed_builtin_types
from ticketwise.users import service as user_service

from .conftest import MAPPING, payload, signed_post


@pytest.fixture
def own_database(request: pytest.FixtureRequest, worker_id: str):
    """A migrated database of the test's own, installed process-wide (nothing is rolled back)."""
    root_conftest = request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )
    name = f"tw_webhook_race_{worker_id}"
    database = core_db.Database(Settings(database_url=root_conftest.fresh_database_url(name)))
    migrate.upgrade(database.write_engine)
    core_db.set_db(database)
    try:
        yield database
    finally:
        core_db.set_db(None)
        database.dispose()
        root_conftest.drop_database(name)


@pytest.mark.skipif(
    os.environ.get("TICKETWISE_TEST_DB", "sqlite") != "postgresql",
    reason="SQLite serialises writers, so the two deliveries cannot overlap there.",
)
def test_simultaneous_first_deliveries_create_one_ticket(own_database, monkeypatch):
    with own_database.session() as s:
        seed_builtin_types(s)
        admin = user_service.create_user(s, email="admin@example.com", name="Admin", role="admin")
        _source, secret = sources.create_source(
            s,
            admin,
            sources.SourceInput(
                name="Monitoring",
                slug="monitoring",
                default_type_slug="it_support",
                mapping=dict(MAPPING),
                external_ref_path="issue.id",
            ),
        )
        s.commit()
    ratelimit.reset()
    app = create_app()

    # Both deliveries look the reference up before either has stored it; a retry passes straight on.
    both_looked = threading.Barrier(2, timeout=10)
    original = repository.ref_for
    waited: set[int] = set()

    def lookup_then_wait(*args, **kwargs):
        found = original(*args, **kwargs)
        if threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            both_looked.wait()
        return found

    monkeypatch.setattr(repository, "ref_for", lookup_then_wait)
    outcomes: list[str] = []

    def post() -> None:
        with TestClient(app) as api:
            outcomes.append(signed_post(api, "monitoring", secret, payload()).json()["outcome"])

    workers = [threading.Thread(target=post) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert sorted(outcomes) == ["created", "unchanged"]
    with own_database.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 1
