"""Nothing received is lost: idempotency, quarantine on any failure, and the admin's retry and discard."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticketwise.core.pagination import PageRequest
from ticketwise.intake import service
from ticketwise.intake.models import InboundItem, ItemStatus, Outcome
from ticketwise.intake.pipeline import deliver as deliver_step
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import Contact


def _count(session, model) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_same_message_id_twice_is_a_duplicate_of_the_first_ticket(session, deliver, mail):
    first = deliver(mail(message_id="<once@customer.example>"))
    again = deliver(mail(message_id="<once@customer.example>", body="resent by the MTA"))

    assert again.outcome is Outcome.DUPLICATE
    assert (again.ticket_id, again.ticket_number) == (first.ticket_id, first.ticket_number)
    assert again.message_row_id == first.message_row_id
    assert again.reason == f"already received as item {first.item_id}"
    assert _count(session, Ticket) == 1
    assert again.item_id != first.item_id  # the copy is stored too


def test_the_same_bytes_twice_are_a_duplicate(session, deliver, mail):
    message = mail(message_id=None)
    raw = b"Subject: no id\r\n\r\nsame bytes"
    first = deliver(message, raw)
    again = deliver(message, raw)

    assert again.outcome is Outcome.DUPLICATE
    assert again.ticket_id == first.ticket_id


def test_the_same_message_id_from_another_channel_is_not_a_duplicate(session, deliver, mail):
    first = deliver(mail(message_id="<x@customer.example>"))
    session.get(InboundItem, first.item_id).channel = "webhook"
    session.commit()

    assert deliver(mail(message_id="<x@customer.example>")).outcome is Outcome.CREATED


def test_unparseable_bytes_are_quarantined_with_the_reason(session, deliver):
    result = deliver(None, b"\x00\x01 not mail")

    assert result.outcome is Outcome.QUARANTINED
    assert result.reason == "unparseable e-mail: The message has no e-mail headers."
    item = session.get(InboundItem, result.item_id)
    assert (item.status, item.outcome, item.attempts) == (ItemStatus.QUARANTINED, Outcome.QUARANTINED, 1)
    assert item.decisions[-1]["step"] == "quarantine"
    assert service.raw_payload(session, _admin(session), item.id) == b"\x00\x01 not mail"


def _admin(session):
    from ticketwise.users import service as users_service

    admin = users_service.create_user(session, email="root@ticketwise.example", name="Root", role="admin")
    session.flush()
    return admin


def test_a_failure_in_any_step_rolls_the_step_back_and_quarantines(session, deliver, mail, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(deliver_step, "append_to_ticket", broken)
    monkeypatch.setattr(deliver_step, "create_from_email", broken)
    contacts_before = _count(session, Contact)

    result = deliver(mail(sender="new.person@customer.example"))

    assert result.outcome is Outcome.QUARANTINED
    assert result.reason == "RuntimeError: disk on fire"
    assert _count(session, Contact) == contacts_before  # the requester step was rolled back too
    assert _count(session, Ticket) == 0
    item = session.get(InboundItem, result.item_id)
    assert (item.status, item.reason) == (ItemStatus.QUARANTINED, "RuntimeError: disk on fire")
    assert [e["step"] for e in item.decisions] == [
        "received",
        "normalise",
        "requester",
        "followup",
        "quarantine",
    ]


def test_an_admin_retries_a_quarantined_item_once_the_cause_is_fixed(session, deliver, mail, monkeypatch):
    admin = _admin(session)
    original = deliver_step.create_from_email

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(deliver_step, "create_from_email", broken)
    failed = deliver(mail())
    assert failed.outcome is Outcome.QUARANTINED
    monkeypatch.setattr(deliver_step, "create_from_email", original)  # the fix

    result = service.retry_item(session, admin, failed.item_id)
    session.commit()

    assert result.outcome is Outcome.CREATED
    assert result.item_id == failed.item_id
    item = session.get(InboundItem, failed.item_id)
    assert (item.status, item.outcome, item.attempts, item.reason) == (
        ItemStatus.PROCESSED,
        Outcome.CREATED,
        2,
        None,
    )
    with pytest.raises(Conflict):
        service.retry_item(session, admin, failed.item_id)


def test_an_admin_discards_a_quarantined_item_and_the_bytes_stay(session, deliver):
    admin = _admin(session)
    failed = deliver(None, b"garbage")

    item = service.discard_item(session, admin, failed.item_id, "  spam,\n not worth it ")

    assert item.status is ItemStatus.DISCARDED
    assert (item.discard_reason, item.discarded_by_id) == ("spam, not worth it", admin.id)
    assert item.discarded_at is not None
    assert service.raw_payload(session, admin, item.id) == b"garbage"
    with pytest.raises(Conflict):
        service.retry_item(session, admin, item.id)
    with pytest.raises(Conflict):
        service.discard_item(session, admin, item.id, "again")


def test_discarding_needs_a_reason(session, deliver):
    failed = deliver(None, b"garbage")
    with pytest.raises(ValidationFailed) as error:
        service.discard_item(session, _admin(session), failed.item_id, "   ")
    assert error.value.field == "reason"


def test_a_processed_item_cannot_be_discarded(session, deliver, mail):
    done = deliver(mail())
    with pytest.raises(Conflict):
        service.discard_item(session, _admin(session), done.item_id, "no")


def test_the_quarantine_is_for_admins_only(session, deliver, make_user):
    failed = deliver(None, b"garbage")
    agent = make_user("agent")
    for call in (
        lambda: service.list_items(session, agent),
        lambda: service.get_item(session, agent, failed.item_id),
        lambda: service.retry_item(session, agent, failed.item_id),
        lambda: service.discard_item(session, agent, failed.item_id, "x"),
        lambda: service.raw_payload(session, agent, failed.item_id),
        lambda: service.count_items(session, agent),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_unknown_items_are_not_found(session):
    with pytest.raises(NotFound):
        service.retry_item(session, _admin(session), 987_654)


def test_list_items_filters_by_status_newest_first_and_pages(session, deliver, mail):
    admin = _admin(session)
    bad = [deliver(None, f"garbage {n}".encode()).item_id for n in range(3)]
    good = deliver(mail()).item_id

    quarantined = service.list_items(session, admin, status=ItemStatus.QUARANTINED, page=PageRequest(1, 2))
    assert [i.id for i in quarantined.items] == [bad[2], bad[1]]
    assert (quarantined.total, quarantined.pages) == (3, 2)
    everything = service.list_items(session, admin)
    assert [i.id for i in everything.items][:2] == [good, bad[2]]
    counts = service.count_items(session, admin)
    assert (counts[ItemStatus.QUARANTINED], counts[ItemStatus.PROCESSED], counts[ItemStatus.DISCARDED]) == (
        3,
        1,
        0,
    )
