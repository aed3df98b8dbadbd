"""Every ORM model, imported once so ``metadata`` is complete (Alembic, tests, backups)."""

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
