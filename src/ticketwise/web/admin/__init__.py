"""The admin area (administrators only): people, teams, skills, organizations, contacts, ticket types
with their fields and categories. Every page is server-rendered, CSRF-protected and in zh and en."""

from fastapi import APIRouter

from ticketwise.web.admin import (
    ai_priority,
    ai_settings,
    categories,
    contacts,
    fields,
    mailboxes,
    organizations,
    outgoing_mail,
    overview,
    quarantine,
    skills,
    sla_calendars,
    sla_policies,
    teams,
    ticket_types,
    users,
    webhook_sources,
)

AREAS = (
    overview,
    users,
    teams,
    skills,
    organizations,
    contacts,
    ticket_types,
    fields,
    categories,
    mailboxes,
    webhook_sources,
    quarantine,
    outgoing_mail,
    sla_calendars,
    sla_policies,
    ai_settings,
    ai_priority,
)
"""The modules of the admin area, each with its own ``router``."""

router = APIRouter()
for area in AREAS:
    router.include_router(area.router)
