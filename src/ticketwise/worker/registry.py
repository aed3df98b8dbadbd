"""Imports every domain module that declares Huey tasks, so a consumer knows them all.

Add a domain's ``tasks`` module here when it gains one; the consumer refuses unknown task names.
"""

from ticketwise.ai import tasks as ai_tasks  # noqa: F401
from ticketwise.core.jobs import huey
from ticketwise.intake.mailboxes import tasks as mailbox_tasks  # noqa: F401
from ticketwise.intake.webhooks import tasks as webhook_tasks  # noqa: F401
from ticketwise.notifications import tasks as notification_tasks  # noqa: F401
from ticketwise.reactions import register_all
from ticketwise.sla import tasks as sla_tasks  # noqa: F401
from ticketwise.tickets import tasks as ticket_tasks

# Jobs publish domain events too; their reactions must be subscribed in the worker process.
register_all()

__all__ = ["huey", "ticket_tasks"]
