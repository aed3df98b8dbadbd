"""``ticketwise demo`` creates a bilingual data set through the services, dated in the past."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from rich.console import Console
from tests.cli.conftest import Cli

from ticketwise.cli import demo
from ticketwise.cli.demo_data.people import CUSTOMERS, STAFF
from ticketwise.core.clock import now
from ticketwise.core.pagination import PageRequest
from ticketwise.core.uow import unit_of_work
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.enums import MessageKind, Status
from ticketwise.tickets.numbering import number_day
from ticketwise.tickets.repository import QueueQuery
from ticketwise.tickets.types.extension import read_fields_many
from ticketwise.users import auth
from ticketwise.users import repository as users_repository


def all_tickets(session):
    items, total = tickets_repository.queue_page(session, QueueQuery(sort="number"), PageRequest(size=200))
    assert total == len(items)
    return items


def test_demo_creates_tickets_of_every_type_with_conversations_in_both_languages(
    cli: Cli, monkeypatch
) -> None:
    cli.site("demo")
    monkeypatch.setenv("TICKETWISE_DEMO_PASSWORD", "demo-password-1")

    result = cli.run("demo", "--tickets", "30", "--seed", "7")

    assert result.exit_code == 0, result.output
    assert "demo-password-1" in result.output
    assert STAFF[0].email in result.output
    moment = now()
    with unit_of_work(write=False) as session:
        tickets = all_tickets(session)
        assert len(tickets) == 30
        assert {t.type.slug for t in tickets} == {
            "it_support",
            "equipment_repair",
            "complaint_suggestion",
            "internal_admin",
            "general_inquiry",
        }
        assert {t.language for t in tickets} == {"zh_CN", "en"}
        assert {t.status for t in tickets} == set(Status) - {Status.MERGED}
        assert {t.priority.value for t in tickets} == {"P0", "P1", "P2", "P3"}
        kinds = Counter()
        for ticket in tickets:
            messages = tickets_repository.list_messages(session, ticket.id, public_only=False)
            events = tickets_repository.list_events(session, ticket.id)
            kinds.update(m.kind for m in messages)
            assert events[0].action == "created" and events[0].data["number"] == ticket.number
            # Backdated: the history lies in the past, in order, and the number names the opening day.
            assert ticket.created_at < moment
            assert all(ticket.created_at <= m.created_at <= ticket.updated_at for m in messages)
            assert [e.created_at for e in events] == sorted(e.created_at for e in events)
            assert ticket.number.split("-")[1] == number_day(ticket.created_at)
            if ticket.status is not Status.NEW:
                assert ticket.assignee_id is not None or ticket.status is Status.CANCELLED
        assert kinds[MessageKind.REPLY] > 0 and kinds[MessageKind.NOTE] > 0
        inbound = [
            m
            for t in tickets
            for m in tickets_repository.list_messages(session, t.id, public_only=True)
            if m.author_user_id is None or not m.author_user.is_staff
        ]
        assert inbound, "customers take part in the conversations"
        assert min(t.created_at for t in tickets) < moment - timedelta(days=14), "spread over weeks"
        fields = read_fields_many(session, tickets)
        equipment = [fields[t.id] for t in tickets if t.type.slug == "equipment_repair"]
        assert all(values.get("location") for values in equipment)
        assert any(values.get("serial_number") for values in equipment)
        it = [fields[t.id] for t in tickets if t.type.slug == "it_support"]
        assert any((values.get("asset_number") or "").startswith("IT-") for values in it)
        assert users_repository.team_by_name(session, "IT 服务台 / IT Service Desk").lead is not None
    with unit_of_work() as session:
        assert auth.authenticate(session, STAFF[3].email, "demo-password-1").is_staff
        portal = next(c for c in CUSTOMERS if c.portal)
        assert not auth.authenticate(session, portal.email, "demo-password-1").is_staff

    again = cli.run("demo", "--tickets", "5")
    assert again.exit_code == 1 and "already loaded" in again.output


def test_seed_demo_if_empty_runs_only_on_an_empty_database(cli: Cli, monkeypatch) -> None:
    cli.site("demo_if_empty")
    cli.run("migrate")
    console = Console(record=True, width=120)

    assert demo.seed_demo_if_empty(console, tickets=8, seed=3) is True
    assert demo.seed_demo_if_empty(console, tickets=8, seed=3) is False

    assert "already has 8 tickets" in console.export_text()
    with unit_of_work(write=False) as session:
        assert len(all_tickets(session)) == 8


def test_the_same_seed_gives_the_same_tickets(cli: Cli) -> None:
    def titles() -> list[tuple[str, str, str]]:
        with unit_of_work(write=False) as session:
            return [(t.title, t.status.value, t.priority.value) for t in all_tickets(session)]

    cli.site("demo_seed_a")
    assert cli.run("demo", "--tickets", "6", "--seed", "5").exit_code == 0
    first = titles()
    cli.site("demo_seed_b")
    assert cli.run("demo", "--tickets", "6", "--seed", "5").exit_code == 0

    assert titles() == first
