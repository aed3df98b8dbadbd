"""seal mailbox and SMTP passwords stored before sealing existed

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26

The columns become TEXT (sealing expands a value) and their values change from plaintext to
``sealed:v1:<fernet token>`` (ticketwise.core.secrets). Downgrading opens them again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from ticketwise.core.secrets import is_sealed, seal, unseal

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("mailboxes", "smtp_settings")


def _rewrite(convert: Callable[[str], str], wanted: Callable[[str], bool]) -> None:
    connection = op.get_bind()
    for name in TABLES:
        table = sa.table(name, sa.column("id", sa.Integer), sa.column("password", sa.String))
        rows = connection.execute(sa.select(table.c.id, table.c.password)).all()
        for row_id, password in rows:
            if password and wanted(password):
                connection.execute(
                    table.update().where(table.c.id == row_id).values(password=convert(password))
                )


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    for name in TABLES:
        with op.batch_alter_table(name) as batch:
            batch.alter_column("password", existing_type=old, type_=new, existing_nullable=False)


def upgrade() -> None:
    _retype(sa.String(length=500), sa.Text())
    _rewrite(seal, lambda value: not is_sealed(value))


def downgrade() -> None:
    _rewrite(unseal, is_sealed)
    _retype(sa.Text(), sa.String(length=500))
