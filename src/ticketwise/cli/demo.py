"""``ticketwise demo``: a realistic, bilingual demo data set created through the domain services.

Around 300 tickets of every built-in type (60 % Chinese, 40 % English) over the last 60 days, with
conversations, internal notes, every status and priority, plus the staff, teams, skills,
organizations and customers they involve. The same ``--seed`` gives the same data set. Everything
happens in one transaction: a failure leaves nothing behind.

The services stamp the real time, so two demo-only steps move the history to the story's dates
afterwards: :func:`backdate_ticket` (timestamps of the ticket, its messages, events and files) and
:func:`renumber_tickets` (numbers of the days the tickets were opened, from the real allocator).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table
from sqlalchemy.orm import Session

from ticketwise.cli.demo_data.cast import build_cast
from ticketwise.cli.demo_data.people import CUSTOMERS, STAFF
from ticketwise.cli.demo_data.plan import HISTORY_DAYS, build_plan
from ticketwise.cli.demo_data.story import tell
from ticketwise.cli.users import generate_password
from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.core.db import get_db
from ticketwise.core.i18n import LOCALE_NAMES, N_, gettext
from ticketwise.core.migrate import upgrade
from ticketwise.core.uow import unit_of_work
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.models import Ticket, TicketCounter
from ticketwise.tickets.numbering import next_number
from ticketwise.tickets.repository import QueueQuery
from ticketwise.tickets.types.builtin import seed_builtin_types

DEFAULT_TICKETS = 300
DEFAULT_SEED = 42

# Ticket timestamps that follow the story; SLA deadlines move with the creation instead.
_STORY_TIMES = (
    "created_at",
    "updated_at",
    "first_responded_at",
    "resolved_at",
    "closed_at",
    "last_customer_message_at",
    "last_agent_reply_at",
)
_DEADLINES = ("first_response_due_at", "resolution_due_at")


@dataclass
class DemoResult:
    """What the demo created: accounts ``(role, name, email)``, the shared password, and ticket
    counts by translated status, type name and language name."""

    password: str
    password_generated: bool
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def tickets(self) -> int:
        return sum(self.statuses.values())


def demo_password() -> tuple[str, bool]:
    """The shared demo password from TICKETWISE_DEMO_PASSWORD, else a generated one (and True)."""
    configured = (get_settings().demo_password or "").strip()
    return (configured, False) if configured else (generate_password(), True)


def backdate_ticket(
    session: Session, ticket: Ticket, checkpoints: Sequence[tuple[datetime, datetime]]
) -> None:
    """Demo only: move a ticket's history from when it was written to when the story says it happened.

    ``checkpoints`` are ``(real time, story time)`` pairs taken before each step, oldest first. Every
    timestamp written during a step (on the ticket, its messages, audit events and attachments) keeps
    its distance to the step's start but is shifted onto the step's story time. SLA deadlines move
    with the creation. Never use this outside the demo: real histories are never rewritten.
    """
    first_real, first_story = checkpoints[0]

    def shifted(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        offset = first_story - first_real
        for real, story in checkpoints:
            if real > value:
                break
            offset = story - real
        return value + offset

    for name in _STORY_TIMES:
        setattr(ticket, name, shifted(getattr(ticket, name)))
    for name in _DEADLINES:
        deadline = getattr(ticket, name)
        if deadline is not None:
            setattr(ticket, name, deadline + (first_story - first_real))
    for message in tickets_repository.list_messages(session, ticket.id, public_only=False):
        message.created_at = shifted(message.created_at)
    for event in tickets_repository.list_events(session, ticket.id):
        event.created_at = shifted(event.created_at)
    for attachment in tickets_repository.list_attachments(session, ticket.id, public_only=False):
        attachment.created_at = shifted(attachment.created_at)
    session.flush()


def renumber_tickets(session: Session, tickets: Sequence[Ticket]) -> None:
    """Demo only: give backdated tickets numbers of the days they were opened in the story.

    The tickets were numbered on the real day(s) as one uninterrupted run (the counter row stays
    locked until commit), so each real day's counter is wound back to where the run began, and the
    tickets then draw new numbers from the ordinary allocator in the order they were opened. The
    ``created`` audit event carries the new number too.
    """
    run_starts: dict[str, int] = {}
    for ticket in tickets:
        _prefix, day, sequence = ticket.number.split("-")
        run_starts[day] = min(run_starts.get(day, int(sequence)), int(sequence))
    for ticket in tickets:
        ticket.number = f"DEMO-{ticket.id}"
    session.flush()
    for day, first in run_starts.items():
        counter = session.get(TicketCounter, day)
        if counter is not None:
            counter.last = first - 1
    session.flush()
    for ticket in sorted(tickets, key=lambda t: (t.created_at, t.id)):
        ticket.number = next_number(session, ticket.created_at)
        for event in tickets_repository.list_events(session, ticket.id):
            if event.action == "created":
                event.data = {**(event.data or {}), "number": ticket.number}
                break
    session.flush()


def run_demo(console: Console, *, tickets: int = DEFAULT_TICKETS, seed: int = DEFAULT_SEED) -> DemoResult:
    """Create the demo data set and print its summary. The database must be migrated.

    Raises Conflict when the demo's people already exist, ValidationFailed when
    TICKETWISE_DEMO_PASSWORD is too short.
    """
    started = time.perf_counter()
    password, generated = demo_password()
    result = DemoResult(password=password, password_generated=generated)
    moment = now()
    with unit_of_work() as session:
        seed_builtin_types(session)
        cast = build_cast(session, password, since=moment - timedelta(days=HISTORY_DAYS + 30), seed=seed)
        defaults = {slug: ticket_type.default_priority for slug, ticket_type in cast.types.items()}
        plans = build_plan(tickets, seed, moment, defaults, get_settings().tickets.auto_close_days)
        created = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(gettext(N_("Creating demo tickets")), total=len(plans))
            for plan in plans:
                ticket, checkpoints = tell(session, cast, plan)
                backdate_ticket(session, ticket, checkpoints)
                created.append(ticket)
                result.types[cast.types[plan.scenario.type].name] += 1
                result.languages[LOCALE_NAMES[plan.locale]] += 1
                progress.advance(task)
        renumber_tickets(session, created)
        result.statuses.update(gettext(ticket.status.label) for ticket in created)
        if cast.created_admin:
            result.accounts.append(("admin", cast.admin.name, cast.admin.email))
    result.accounts += [(member.role, member.name, member.email) for member in STAFF]
    result.accounts += [("customer", c.name, c.email) for c in CUSTOMERS if c.portal and c.email]
    result.seconds = time.perf_counter() - started
    print_summary(console, result)
    return result


def print_summary(console: Console, result: DemoResult) -> None:
    accounts = Table(
        gettext(N_("Role")), gettext(N_("Name")), gettext(N_("E-mail")), title=gettext(N_("Demo accounts"))
    )
    for role, name, email in result.accounts:
        accounts.add_row(role, escape(name), escape(email))
    console.print(accounts)
    counts = Table(gettext(N_("Tickets")), gettext(N_("Count")), title=gettext(N_("Demo tickets")))
    for label, counter in (
        (gettext(N_("Status")), result.statuses),
        (gettext(N_("Type")), result.types),
        (gettext(N_("Language")), result.languages),
    ):
        for key, count in sorted(counter.items()):
            counts.add_row(escape(f"{label} · {key}"), str(count))
    console.print(counts)
    console.print(
        escape(
            gettext(N_("Created %(count)d demo tickets in %(seconds).1f s."))
            % {"count": result.tickets, "seconds": result.seconds}
        )
    )
    if result.password_generated:
        label = gettext(N_("Password of every demo account (generated, shown once):"))
    else:
        label = gettext(N_("Password of every demo account (from TICKETWISE_DEMO_PASSWORD):"))
    console.print(f"[bold yellow]{escape(label)}[/bold yellow] {escape(result.password)}")


def seed_demo_if_empty(console: Console, *, tickets: int = DEFAULT_TICKETS, seed: int = DEFAULT_SEED) -> bool:
    """Load the demo data set when the database has no ticket yet; True if it did (``init --demo-if-empty``)."""
    with unit_of_work(write=False) as session:
        existing = tickets_repository.count_queue(session, QueueQuery())
    if existing:
        console.print(
            escape(
                gettext(N_("Demo data skipped: the database already has %(count)d tickets."))
                % {"count": existing}
            )
        )
        return False
    run_demo(console, tickets=tickets, seed=seed)
    return True


def demo_command(
    tickets: int = typer.Option(DEFAULT_TICKETS, min=1, max=5000, help="Number of tickets to create."),
    seed: int = typer.Option(DEFAULT_SEED, help="Random seed; the same seed gives the same data set."),
) -> None:
    """Fill the database with a realistic bilingual demo data set (people, teams, tickets).

    The shared password of the demo accounts comes from TICKETWISE_DEMO_PASSWORD, else it is
    generated and printed.
    """
    upgrade(get_db().write_engine)
    run_demo(Console(highlight=False), tickets=tickets, seed=seed)
