"""The agent workspace: queues, ticket detail and actions, new tickets on a contact's behalf, files.

Every page needs a staff member (``StaffUser``); customers get 403 and anonymous visitors are sent to
the sign-in page. Importing the package installs the field-widget helpers that the shared
``macros/fields.html`` calls (the portal uses the same macros).
"""

from fastapi import APIRouter

from ticketwise.web.agent import (
    ai_decisions_panel,
    assist_panel,
    attachments,
    bulk,
    delivery_panel,
    duplicates_panel,
    field_widgets,
    new_ticket,
    queue,
    similar_panel,
    sla_panel,
    sla_reports,
    ticket_actions,
    ticket_detail,
)
from ticketwise.web.templating import environment

field_widgets.install(environment)

router = APIRouter()
router.include_router(queue.router)
router.include_router(bulk.router)
# "/agent/tickets/new" before "/agent/tickets/{number}" so "new" is not read as a ticket number.
router.include_router(new_ticket.router)
router.include_router(ticket_detail.router)
router.include_router(ticket_actions.router)
router.include_router(attachments.router)
router.include_router(sla_panel.router)
router.include_router(sla_reports.router)
router.include_router(delivery_panel.router)
router.include_router(duplicates_panel.router)
router.include_router(ai_decisions_panel.router)
router.include_router(similar_panel.router)
router.include_router(assist_panel.router)
