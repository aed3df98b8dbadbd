"""The index follows the ticket lifecycle and every process catches up through the change counter."""

from __future__ import annotations

import sqlalchemy as sa
from tests.ai.retrieval.conftest import make_ticket, solve, solved_ticket

from ticketwise.ai.retrieval import repository
from ticketwise.ai.retrieval.memory import DocumentKey
from ticketwise.ai.retrieval.models import SimilarDocument, SimilarIndexState
from ticketwise.ai.retrieval.rebuild import rebuild_index
from ticketwise.ai.retrieval.service import similar_to_text
from ticketwise.ai.retrieval.sync import ProcessIndex, process_index
from ticketwise.tickets import links, transitions
from ticketwise.tickets.enums import Status

PRINTER = ("Printer on floor 3 prints blank pages", "Every job from the finance printer comes out empty.")
QUERY = "finance printer only gives blank empty pages"


def _found(session, ticket_id, text=QUERY):
    return ticket_id in [hit.id for hit in similar_to_text(session, text, kinds=("ticket",))]


def test_resolving_indexes_the_ticket_with_its_last_public_reply_as_solution(session, agent):
    ticket = make_ticket(session, agent, *PRINTER)
    assert not _found(session, ticket.id)
    solve(session, agent, ticket, "Replaced the toner cartridge; it prints again.")
    hits = similar_to_text(session, QUERY)
    assert hits[0].id == ticket.id and hits[0].kind == "ticket" and hits[0].ref == ticket.number
    assert hits[0].solution == "Replaced the toner cartridge; it prints again."
    assert hits[0].snippet.startswith("Every job from the finance printer")
    assert 0 < hits[0].score <= 1


def test_reopening_removes_and_resolving_again_restores(session, agent):
    ticket = solved_ticket(session, agent, *PRINTER, reply="Fixed.")
    assert _found(session, ticket.id)
    transitions.transition(session, agent, ticket, Status.IN_PROGRESS)
    session.commit()
    assert not _found(session, ticket.id)
    row = session.scalars(sa.select(SimilarDocument).where(SimilarDocument.source_id == ticket.id)).one()
    assert row.active is False and row.tokens == ""
    solve(session, agent, ticket, "Second fix: new drum unit.")
    assert _found(session, ticket.id)
    assert similar_to_text(session, QUERY)[0].solution == "Second fix: new drum unit."


def test_closing_keeps_the_ticket_and_internal_notes_are_not_solutions(session, agent):
    from ticketwise.tickets import messages

    ticket = make_ticket(session, agent, *PRINTER)
    messages.add_message(session, agent, ticket, body="Public answer: cleaned the rollers.")
    messages.add_message(session, agent, ticket, body="Internal: customer was rude", internal=True)
    solve(session, agent, ticket, to=Status.CLOSED)
    hit = similar_to_text(session, QUERY)[0]
    assert hit.id == ticket.id and hit.solution == "Public answer: cleaned the rollers."


def test_open_and_cancelled_tickets_are_never_indexed(session, agent):
    open_ticket = make_ticket(session, agent, *PRINTER)
    cancelled = make_ticket(session, agent, *PRINTER)
    transitions.transition(session, agent, cancelled, Status.CANCELLED)
    session.commit()
    assert similar_to_text(session, QUERY) == []
    assert repository.read_state(session) is None  # nothing was written, not even the counter
    assert open_ticket.id != cancelled.id


def test_a_merged_ticket_leaves_the_index(session, agent):
    # Only open tickets merge, so build the case where one was indexed and then reopened and merged.
    ticket = solved_ticket(session, agent, *PRINTER, reply="Fixed.")
    target = make_ticket(session, agent, "Printers", "All printer issues this week")
    transitions.transition(session, agent, ticket, Status.IN_PROGRESS)
    links.merge_tickets(session, agent, ticket, target)
    session.commit()
    assert not _found(session, ticket.id)
    # And the merge handler is a safe no-op for a ticket that was never indexed.
    other = make_ticket(session, agent, "Another", "x")
    links.merge_tickets(session, agent, other, target)
    session.commit()
    assert not _found(session, other.id)


def test_a_second_process_catches_up_through_the_watermark(session, agent):
    first = ProcessIndex()
    second = ProcessIndex()
    ticket = solved_ticket(session, agent, *PRINTER, reply="Fixed.")
    with first.synced(session) as index:
        assert index.size == 1
        loaded_at = first.watermark
    with second.synced(session) as index:
        assert index.size == 1
    other = solved_ticket(session, agent, "VPN drops every hour", "The VPN client disconnects hourly.")
    with second.synced(session) as index:
        assert index.size == 2
        assert second.watermark > loaded_at
        assert index.revision_of(DocumentKey("ticket", other.id)) is not None
    transitions.transition(session, agent, ticket, Status.IN_PROGRESS)
    session.commit()
    with first.synced(session) as index:  # incremental: one removal, one addition since its load
        assert index.size == 1
        assert index.revision_of(DocumentKey("ticket", ticket.id)) is None
        assert index.revision_of(DocumentKey("ticket", other.id)) is not None


def test_a_restored_or_rolled_back_database_is_noticed_and_reloaded(session, agent):
    watcher = ProcessIndex()
    first = solved_ticket(session, agent, *PRINTER, reply="Fixed.")
    with watcher.synced(session) as index:
        assert index.size == 1
    # An older backup of the same database: the counter is behind what this process has seen.
    session.execute(sa.update(SimilarIndexState).values(revision=0))
    session.execute(sa.delete(SimilarDocument))
    session.commit()
    with watcher.synced(session) as index:
        assert index.size == 0
    # A database without the index at all (a rollback of the first indexing): emptied as well.
    session.execute(sa.delete(SimilarIndexState))
    session.commit()
    with watcher.synced(session) as index:
        assert index.size == 0 and watcher.epoch is None
    # The next indexing creates a new epoch, which makes every process load the table again.
    second = solved_ticket(session, agent, "VPN drops every hour", "The VPN client disconnects hourly.")
    with watcher.synced(session) as index:
        assert index.size == 1
        assert index.revision_of(DocumentKey("ticket", second.id)) is not None
        assert index.revision_of(DocumentKey("ticket", first.id)) is None


def test_rebuild_reindexes_every_solved_ticket_and_drops_strays(session, agent):
    kept = solved_ticket(session, agent, *PRINTER, reply="Fixed.")
    stray = solved_ticket(session, agent, "VPN drops every hour", "The VPN client disconnects hourly.")
    # A ticket whose status changed without the handler (e.g. an import) is picked up by a rebuild,
    # and one that should not be there any more is removed.
    session.execute(
        sa.update(SimilarDocument).where(SimilarDocument.source_id == kept.id).values(tokens="zzz")
    )
    stray.status = Status.IN_PROGRESS
    session.flush()
    seen = []
    counts = rebuild_index(session, progress=lambda kind, done: seen.append((kind, done)))
    session.commit()
    assert counts == {"ticket": 1} and seen == [("ticket", 1)]
    assert _found(session, kept.id) and not _found(session, stray.id, "VPN client disconnects hourly")


def test_the_process_index_is_one_per_database(session):
    assert process_index(session) is process_index(session)


def test_catching_up_reads_a_large_revision_in_several_batches(session, agent, monkeypatch):
    from ticketwise.ai.retrieval import sync

    watcher = ProcessIndex()
    first = solved_ticket(session, agent, *PRINTER, reply="Fixed.")
    with watcher.synced(session) as index:
        assert index.size == 1
    more = [solved_ticket(session, agent, f"VPN issue {i}", f"VPN client error {i}") for i in range(4)]
    rebuild_index(session)  # five documents under one revision
    session.commit()
    monkeypatch.setattr(sync, "CHANGE_BATCH", 2)
    with watcher.synced(session) as index:
        assert index.size == 5
        assert all(index.revision_of(DocumentKey("ticket", t.id)) is not None for t in [first, *more])
    assert watcher.watermark == repository.read_state(session)[1]
