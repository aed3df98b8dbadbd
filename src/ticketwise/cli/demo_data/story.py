"""Carries out one ticket plan through the ticket services: creation, triage, conversation, status
changes. Every change therefore has its real audit events, numbers and domain events.

The services stamp the real current time; :func:`tell` returns checkpoints ``(real time, story
time)`` taken before each step so the caller can move the ticket's history to the story's dates
(:func:`ticketwise.cli.demo.backdate_ticket`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from random import Random
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.cli.demo_data import conversation
from ticketwise.cli.demo_data import plan as story_plan
from ticketwise.cli.demo_data.cast import Cast
from ticketwise.cli.demo_data.files import attachments_for
from ticketwise.cli.demo_data.people import TEAMS
from ticketwise.cli.demo_data.plan import TicketPlan
from ticketwise.core.clock import now
from ticketwise.tickets import repository as tickets_repository
from ticketwise.tickets.enums import Channel, Priority, Status
from ticketwise.tickets.links import add_watcher
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate, TicketPatch
from ticketwise.tickets.service import create_ticket, update_ticket
from ticketwise.tickets.transitions import transition
from ticketwise.tickets.types.registry import fields_for
from ticketwise.users.models import User

Checkpoints = list[tuple[datetime, datetime]]


def _display(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


class Storyteller:
    """Carries out the steps of one plan; one instance per ticket.

    Each step kind of :mod:`ticketwise.cli.demo_data.plan` is the method of the same name.
    """

    def __init__(self, session: Session, cast: Cast, plan: TicketPlan):
        self.session = session
        self.cast = cast
        self.plan = plan
        self.rng = Random(plan.text_seed)
        self.lines = plan.scenario.lines(plan.language)
        self.agent = cast.staff[plan.agent]
        self.triager = cast.staff[plan.triager]
        team = next(team for team in TEAMS if team.key == plan.scenario.team)
        self.lead = cast.staff[team.lead]
        self.contact = cast.contacts[plan.customer.key]
        self.portal_user = (
            cast.portal_users.get(plan.customer.key) if plan.channel is Channel.PORTAL else None
        )
        self.context = {key: _display(value) for key, value in plan.values.items()}
        self.context.update(customer=plan.customer.name, agent=self.agent.name, team=team.name)
        self.ticket: Ticket | None = None

    # --- helpers -----------------------------------------------------------------------------------

    def text(self, template: str) -> str:
        return template.format_map(self.context)

    def phrase(self, phrases: dict[str, tuple[str, ...]]) -> str:
        return self.text(self.rng.choice(phrases[self.plan.language]))

    def signed(self, body: str) -> str:
        return body + self.text(conversation.SIGNATURE[self.plan.language])

    def field_values(self, names: set[str]) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.plan.values.items()
            if name in names and value not in (None, "")
        }

    def customer_says(self, body: str) -> None:
        assert self.ticket is not None
        if self.portal_user is not None:
            add_message(self.session, self.portal_user, self.ticket, body=body)
        else:
            channel = Channel.PHONE if self.plan.channel is Channel.PHONE else Channel.EMAIL
            add_message(self.session, None, self.ticket, body=body, contact=self.contact, channel=channel)

    def agent_says(self, body: str, *, author: User | None = None, internal: bool = False) -> None:
        assert self.ticket is not None
        text = body if internal else self.signed(body)
        add_message(self.session, author or self.agent, self.ticket, body=text, internal=internal)

    def move(self, actor: User | None, to: Status, reason: str) -> None:
        assert self.ticket is not None
        transition(self.session, actor, self.ticket, to, reason=reason)

    # --- steps -------------------------------------------------------------------------------------

    def create(self) -> None:
        plan, cast = self.plan, self.cast
        ticket_type = cast.types[plan.scenario.type]
        staff_entry = plan.channel is Channel.PHONE
        audience = "agent" if staff_entry else "customer"
        allowed = {field.name for field in fields_for(ticket_type, audience)} - story_plan.RESOLUTION_FIELDS
        if not staff_entry:
            allowed -= story_plan.TRIAGE_FIELDS
        category = next((c for c in ticket_type.categories if c.key == plan.scenario.category), None)
        data: dict[str, Any] = {
            "type": ticket_type.slug,
            "title": self.text(self.lines.title),
            "description": self.text(self.lines.description),
            "category_id": category.id if category else None,
            "fields": self.field_values(allowed),
            "language": plan.locale,
        }
        actor: User | None = None
        if plan.channel is Channel.PORTAL:
            actor = self.portal_user
        elif staff_entry:
            actor = self.agent
            data.update(requester_contact_id=self.contact.id, priority=plan.priority, tags=self.tags())
            if plan.assign_on_create:
                data["assignee_id"] = self.agent.id
        else:
            data["requester"] = RequesterIn(email=plan.customer.email, name=plan.customer.name)
        files = (
            attachments_for(plan.scenario.attachment, plan.language, self.rng, plan.values)
            if plan.attach and plan.scenario.attachment
            else []
        )
        self.ticket = create_ticket(
            self.session, actor, TicketCreate(**data), channel=plan.channel, attachments=files
        )

    def tags(self) -> list[str]:
        organization = self.contact.organization
        return [*self.plan.scenario.tags, *(["vip"] if organization is not None and organization.vip else [])]

    def triage(self) -> None:
        assert self.ticket is not None
        ticket_type = self.cast.types[self.plan.scenario.type]
        names = {field.name for field in fields_for(ticket_type, "agent")} & story_plan.TRIAGE_FIELDS
        patch: dict[str, Any] = {
            "assignee_id": self.agent.id,
            "priority": self.plan.priority,
            "tags": self.tags(),
        }
        triage_fields = self.field_values(names)
        if triage_fields:
            patch["fields"] = triage_fields
        update_ticket(self.session, self.triager, self.ticket, TicketPatch(**patch))
        organization = self.contact.organization
        if self.plan.priority is Priority.P0 or (organization is not None and organization.vip):
            self.agent_says(self.phrase(conversation.TRIAGE_NOTE), author=self.lead, internal=True)
            add_watcher(self.session, self.lead, self.ticket, self.lead)

    def note(self) -> None:
        self.agent_says(self.text(self.lines.note), internal=True)

    def acknowledge(self) -> None:
        self.agent_says(self.phrase(conversation.ACKNOWLEDGE))

    def ask(self) -> None:
        self.agent_says(self.text(self.lines.question))
        self.move(self.agent, Status.PENDING, "waiting_for_customer")

    def answer(self) -> None:
        self.customer_says(self.text(self.lines.answer))

    def fields(self) -> None:
        assert self.ticket is not None
        values = self.field_values(set(story_plan.RESOLUTION_FIELDS) - {"site_photos"})
        ticket_type = self.cast.types[self.plan.scenario.type]
        if any(field.name == "site_photos" for field in ticket_type.visible_fields):
            photos = [
                attachment.id
                for attachment in tickets_repository.list_attachments(
                    self.session, self.ticket.id, public_only=False
                )
                if attachment.content_type.startswith("image/")
            ]
            if photos:
                values["site_photos"] = photos
        known = {field.name for field in fields_for(ticket_type, "agent")}
        values = {name: value for name, value in values.items() if name in known}
        if values:
            update_ticket(self.session, self.agent, self.ticket, TicketPatch(fields=values))

    def resolve(self) -> None:
        self.agent_says(self.text(self.lines.resolution))
        self.move(self.agent, Status.RESOLVED, "solved")

    def reopen(self) -> None:
        self.customer_says(self.phrase(conversation.REOPEN))

    def resolve_again(self) -> None:
        self.agent_says(self.phrase(conversation.SECOND_FIX))
        self.move(self.agent, Status.RESOLVED, "solved")

    def confirm(self) -> None:
        self.move(self.portal_user, Status.CLOSED, "customer_confirmed")

    def auto_close(self) -> None:
        self.move(None, Status.CLOSED, "auto_close")

    def staff_close(self) -> None:
        self.agent_says(self.phrase(conversation.PHONE_CLOSE_NOTE), internal=True)
        self.move(self.agent, Status.CLOSED, "confirmed_by_phone")

    def follow_up(self) -> None:
        self.customer_says(self.phrase(conversation.FOLLOW_UP))

    def customer_cancel(self) -> None:
        self.customer_says(self.phrase(conversation.CUSTOMER_CANCEL))
        self.move(self.portal_user, Status.CANCELLED, "customer_withdrew")

    def staff_cancel(self) -> None:
        assert self.ticket is not None
        staff = self.agent if self.ticket.assignee_id == self.agent.id else self.triager
        self.agent_says(self.phrase(conversation.STAFF_CANCEL_NOTE), author=staff, internal=True)
        self.move(staff, Status.CANCELLED, "duplicate_or_withdrawn")


def tell(session: Session, cast: Cast, plan: TicketPlan) -> tuple[Ticket, Checkpoints]:
    """Carry out ``plan`` and return the ticket with its checkpoints ``(real time, story time)``."""
    teller = Storyteller(session, cast, plan)
    checkpoints: Checkpoints = []
    for step in plan.steps:
        checkpoints.append((now(), step.at))
        getattr(teller, step.kind)()
    assert teller.ticket is not None
    return teller.ticket, checkpoints
