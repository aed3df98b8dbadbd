"""The reactions run for every ticket change, so they must stop before reading what they do not use:
counted by the SQL statements they send (deterministic, unlike timings)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from ticketwise.notifications import handlers
from ticketwise.notifications.models import Notification
from ticketwise.tickets.domain_events import TicketCreated, TicketUpdated


@contextmanager
def statements(database) -> Iterator[list[str]]:
    sent: list[str] = []
    engine = database.write_engine

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        sent.append(" ".join(statement.lower().split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_without_outgoing_mail_the_acknowledgement_reads_only_the_settings(database, open_ticket):
    ticket = open_ticket()
    with statements(database) as sent:
        handlers.acknowledge_new_ticket(TicketCreated(ticket_id=ticket.id))
    selects = [text for text in sent if text.startswith("select")]
    assert len(selects) == 1
    assert "from smtp_settings" in selects[0]
    assert not any("tickets" in text for text in sent)


def test_an_unassigned_ticket_costs_one_statement_and_notifies_nobody(session, database, open_ticket):
    ticket = open_ticket()
    with statements(database) as sent:
        handlers.notify_assignee_of_new_ticket(TicketCreated(ticket_id=ticket.id))
        handlers.notify_new_assignee(TicketUpdated(ticket_id=ticket.id, changes=("assignee_id",)))
    selects = [text for text in sent if text.startswith("select")]
    assert len(selects) == 2
    assert all(" join " not in text for text in selects)
    assert session.query(Notification).filter_by(ticket_id=ticket.id).count() == 0


def test_the_acknowledgement_loads_the_ticket_without_its_eager_relationships(database, smtp_on, open_ticket):
    ticket = open_ticket()
    with statements(database) as sent:
        handlers.acknowledge_new_ticket(TicketCreated(ticket_id=ticket.id))
    ticket_reads = [text for text in sent if text.startswith("select") and "from tickets" in text]
    assert len(ticket_reads) == 1
    assert "ticket_types" not in ticket_reads[0] and "ticket_tags" not in " ".join(sent)
