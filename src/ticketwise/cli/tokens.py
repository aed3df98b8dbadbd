"""``ticketwise token``: API tokens from the server's shell (the shell is trusted like an admin).

``token create`` prints the plaintext alone on its last line so scripts can take it with ``tail -n1``;
it is never shown again.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.uow import unit_of_work
from ticketwise.users import repository
from ticketwise.users import tokens as token_service
from ticketwise.users.models import User
from ticketwise.users.validation import normalize_email

app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)
console = Console(highlight=False)


def _user_by_email(session: Session, email: str) -> User:
    """Raises ValidationFailed on "user" for a malformed address, NotFound for an unknown one."""
    user = repository.get_user_by_email(session, normalize_email(email, field="user"))
    if user is None:
        raise NotFound(N_("No account has the address %(email)s."), email=email)
    return user


@app.command("create")
def create_command(
    user: str = typer.Option(..., "--user", help="E-mail address of the token's owner (any role)."),
    name: str = typer.Option("cli", help="A name to recognise the token by."),
    scopes: str = typer.Option("read write", help="Space-separated scopes: read, write."),
) -> None:
    """Create an API token for an account and print it (last line, shown once)."""
    with unit_of_work() as session:
        owner = _user_by_email(session, user)
        token, plaintext = token_service.create_api_token(session, owner, name, scopes)
    console.print(
        escape(
            gettext(N_("Created API token %(id)s (%(prefix)s…) for %(email)s; it is shown once:"))
            % {"id": token.id, "prefix": token.prefix, "email": owner.email}
        )
    )
    # Plain echo: no markup, no wrapping, so the last line is exactly the token.
    typer.echo(plaintext)


@app.command("list")
def list_command(user: str = typer.Option(..., "--user", help="E-mail address of the owner.")) -> None:
    """List an account's tokens, newest first, revoked ones included."""
    # Render while the session is open: relationships shown here load lazily.
    with unit_of_work(write=False) as session:
        owner = _user_by_email(session, user)
        table = Table(
            "ID",
            gettext(N_("Name")),
            gettext(N_("Prefix")),
            gettext(N_("Scopes")),
            gettext(N_("Created")),
            gettext(N_("Last used")),
            gettext(N_("Revoked")),
            title=escape(owner.email),
        )
        for token in repository.api_tokens_for_user(session, owner.id):
            table.add_row(
                str(token.id),
                escape(token.name),
                token.prefix,
                token.scopes,
                token.created_at.strftime("%Y-%m-%d %H:%M"),
                token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "-",
                token.revoked_at.strftime("%Y-%m-%d %H:%M") if token.revoked_at else "-",
            )
    console.print(table)


@app.command("revoke")
def revoke_command(token_id: int = typer.Argument(..., help="ID of the token (see `token list`).")) -> None:
    """Revoke a token; revoking an already revoked token is harmless."""
    with unit_of_work() as session:
        token = repository.get_api_token(session, token_id)
        if token is None:
            raise NotFound(N_("API token not found."))
        # The service checks who may revoke; from the shell the owner acts, or an active admin when
        # the owner's account is deactivated.
        actor = token.user
        if not actor.is_active:
            admin_ids = repository.active_admin_ids(session)
            actor = repository.get_user(session, admin_ids[0]) if admin_ids else actor
        token_service.revoke_api_token(session, actor, token_id)
        owner_email = token.user.email
    console.print(
        escape(
            gettext(N_("API token %(id)s of %(email)s is revoked.")) % {"id": token_id, "email": owner_email}
        )
    )
