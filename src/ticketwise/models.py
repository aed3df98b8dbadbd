"""Every ORM model, imported once so ``metadata`` is complete (Alembic, tests, backups)."""

from ticketwise.ai import models as _ai  # noqa: F401
from ticketwise.ai.assignment import models as _ai_assignment  # noqa: F401
from ticketwise.ai.assist import models as _ai_assist  # noqa: F401
from ticketwise.ai.priority import models as _ai_priority  # noqa: F401
from ticketwise.ai.retrieval import models as _ai_retrieval  # noqa: F401
from ticketwise.ai.triage import models as _ai_triage  # noqa: F401
from ticketwise.core.db import Base
from ticketwise.core.idempotency import IdempotencyRecord  # noqa: F401
from ticketwise.intake import models as _intake  # noqa: F401
from ticketwise.intake.duplicates import models as _duplicates  # noqa: F401
from ticketwise.intake.mailboxes import models as _mailboxes  # noqa: F401
from ticketwise.intake.webhooks import models as _webhooks  # noqa: F401
from ticketwise.notifications import models as _notifications  # noqa: F401
from ticketwise.sla import models as _sla  # noqa: F401
from ticketwise.tickets import models as _tickets  # noqa: F401
from ticketwise.tickets.types import models as _types  # noqa: F401
from ticketwise.users import models as _users  # noqa: F401

metadata = Base.metadata
