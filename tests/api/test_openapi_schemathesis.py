"""Property-based checks of the API against its own OpenAPI document (schemathesis, ASGI in-process).

Every GET operation under /api/v1 is called with generated parameters, as an administrator (who may
read everything) over a database with the built-in types, a team and a ticket with a message and a
file. Whatever the input, the API must never answer 5xx, and every answer must match the document:
a documented status code and content type, and a body that fits the documented schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ticketwise.config import get_settings
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.users import teams, tokens

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app).include(
        path_regex=r"^/api/v1/", method="GET"
    )


@pytest.fixture
def admin_headers(session, make_user, agent, seeded_types) -> dict[str, str]:
    """An administrator's Bearer header, over a database with something in it to read."""
    admin = make_user("admin")
    teams.create_team(session, admin, name="Service desk", member_ids=[agent.id])
    ticket = create_ticket(
        session,
        agent,
        TicketCreate(
            type="it_support", title="Printer offline", requester=RequesterIn(email="carol@example.com")
        ),
        channel=Channel.API,
        attachments=[("log.txt", "text/plain", b"paper jam")],
    )
    add_message(session, agent, ticket, body="Looking into it.")
    _token, plaintext = tokens.create_api_token(session, admin, "schemathesis")
    session.commit()
    return {"Authorization": f"Bearer {plaintext}"}


def test_the_document_is_valid_openapi(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]

    assert len(operations) >= 20
    assert all(operation.method.upper() == "GET" for operation in operations)


def _check_operation(operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    def call(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()


def test_get_operations_never_fail_on_the_server(api_schema, admin_headers, monkeypatch):
    """One test for all GET operations: the data is arranged once (it is slow to arrange), and
    every operation's failure is reported, not only the first."""
    # Hundreds of calls by one user: lift the per-user limit so every example reaches the route.
    monkeypatch.setattr(get_settings().security, "api_rate_limit", "100000/minute")
    failures: dict[str, str] = {}
    checked = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        checked += 1
        try:
            _check_operation(operation, admin_headers)
        except Exception as exc:  # noqa: BLE001 - collected and reported together below
            failures[operation.label] = f"{type(exc).__name__}: {exc}"

    assert checked >= 20
    assert not failures, "\n\n".join(f"{label}\n{detail}" for label, detail in failures.items())
