"""Fixtures for the REST API tests: people with Bearer clients, the built-in types, ticket helpers."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def agent(make_user):
    return make_user("agent")


@pytest.fixture
def customer(make_user):
    return make_user("customer", email="alice@example.com", name="Alice")


@pytest.fixture
def other_customer(make_user):
    return make_user("customer", email="bob@example.org", name="Bob")


@pytest.fixture
def admin_api(api_as, admin):
    return api_as(admin)


@pytest.fixture
def agent_api(api_as, agent):
    return api_as(agent)


@pytest.fixture
def customer_api(api_as, customer):
    return api_as(customer)


@pytest.fixture
def other_api(api_as, other_customer):
    return api_as(other_customer)


def _ticket_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "it_support",
        "title": "Printer on floor 3 is offline",
        "description": "Nothing prints since this morning.",
        "requester": {"email": "carol@example.com", "name": "Carol"},
        "fields": {"os_version": "Windows 11"},
    }
    body.update(overrides)
    return body


@pytest.fixture
def ticket_body():
    """``ticket_body(**overrides) -> dict``: a valid POST /api/v1/tickets body (an IT support request)."""
    return _ticket_body


@pytest.fixture
def create_ticket(seeded_types):
    """``create_ticket(client, **body overrides) -> dict``: POST /api/v1/tickets, asserting 201."""

    def factory(client, **overrides: Any) -> dict[str, Any]:
        response = client.post("/api/v1/tickets", json=_ticket_body(**overrides))
        assert response.status_code == 201, response.text
        return response.json()

    return factory


@pytest.fixture
def own_database(request: pytest.FixtureRequest, worker_id: str):
    """A migrated database of the test's own, installed process-wide, for real concurrent requests
    (nothing is rolled back: the database is dropped and recreated on the next run)."""
    from pathlib import Path

    from ticketwise.config import Settings
    from ticketwise.core import db as core_db
    from ticketwise.core import migrate

    # The root conftest is not importable as ``tests.conftest``; the plugin manager holds it.
    root_conftest = request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )
    name = f"tw_api_{request.node.name[:24].lower()}_{worker_id}"
    database = core_db.Database(Settings(database_url=root_conftest.fresh_database_url(name)))
    migrate.upgrade(database.write_engine)
    core_db.set_db(database)
    try:
        yield database
    finally:
        core_db.set_db(None)
