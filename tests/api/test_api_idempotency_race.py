"""Two simultaneous first uses of one Idempotency-Key never create two tickets (real transactions)."""

from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from tests.conftest import ENGLISH

from ticketwise.core import idempotency, ratelimit
from ticketwise.main import create_app
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types.builtin import seed_builtin_types
from ticketwise.users import service as user_service
from ticketwise.users import tokens

BODY = {"type": "general_inquiry", "title": "Opening hours?", "requester": {"email": "carol@example.com"}}


@pytest.mark.skipif(
    os.environ.get("TICKETWISE_TEST_DB", "sqlite") != "postgresql",
    reason="SQLite serialises writers, so the two requests cannot overlap there.",
)
def test_simultaneous_first_uses_of_a_key_create_one_ticket(own_database, monkeypatch):
    with own_database.session() as s:
        seed_builtin_types(s)
        agent = user_service.create_user(s, email="agent@example.com", name="Agent", role="agent")
        _token, plaintext = tokens.create_api_token(s, agent, "race")
        s.commit()
    ratelimit.reset()
    app = create_app()

    # Both requests look the key up before either has stored its answer.
    both_looked = threading.Barrier(2, timeout=10)
    original_lookup = idempotency.lookup

    def lookup_then_wait(*args, **kwargs):
        found = original_lookup(*args, **kwargs)
        both_looked.wait()
        return found

    monkeypatch.setattr(idempotency, "lookup", lookup_then_wait)
    statuses: list[int] = []

    def post() -> None:
        with TestClient(app, headers={**ENGLISH, "Authorization": f"Bearer {plaintext}"}) as api:
            response = api.post("/api/v1/tickets", json=BODY, headers={"Idempotency-Key": "race-1"})
            statuses.append(response.status_code)

    workers = [threading.Thread(target=post) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert sorted(statuses) == [201, 409]
    with own_database.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 1
