"""``ticketwise user``: create accounts and list them from the server's shell.

The shell is trusted like an administrator: no actor is checked, as in ``ticketwise init``.
"""

from __future__ import annotations

import secrets

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ticketwise.core.i18n import N_, gettext
from ticketwise.core.pagination import MAX_PAGE_SIZE, PageRequest
from ticketwise.core.uow import unit_of_work
from ticketwise.users import repository
from ticketwise.users import service as user_service
from ticketwise.users.models import Role

app = typer.Typer(help="Create and list user accounts.", no_args_is_help=True)
console = Console(highlight=False)


def generate_password() -> str:
    """A random password of 16 URL-safe characters (96 bits), for printing once."""
    return secrets.token_urlsafe(12)


@app.command("create")
def create_command(
    email: str = typer.Option(..., help="E-mail address (the sign-in name)."),
    name: str = typer.Option(..., help="Display name."),
    role: Role = typer.Option(..., case_sensitive=False, help="Role of the account."),
    password: str | None = typer.Option(None, help="Password (generated and printed once if unset)."),
    locale: str | None = typer.Option(None, help="Preferred language: zh_CN or en."),
) -> None:
    """Create an active account; a customer is linked to the contact with the same address."""
    generated = None if password else generate_password()
    with unit_of_work() as session:
        user = user_service.create_user(
            session, email=email, name=name, role=role, password=password or generated, locale=locale
        )
    created = gettext(N_("Created %(role)s %(email)s (id %(id)s).")) % {
        "role": user.role.value,
        "email": user.email,
        "id": user.id,
    }
    console.print(f"[green]{escape(created)}[/green]")
    if generated:
        label = gettext(N_("Generated password (shown once):"))
        console.print(f"[bold yellow]{escape(label)}[/bold yellow] {escape(generated)}")


@app.command("list")
def list_command(
    role: Role | None = typer.Option(None, case_sensitive=False, help="Only this role."),
    search: str | None = typer.Option(None, "--search", "-q", help="Part of a name or address."),
    page: int = typer.Option(1, min=1, help="Page number."),
    size: int = typer.Option(100, min=1, max=MAX_PAGE_SIZE, help="Rows per page."),
) -> None:
    """List accounts ordered by name."""
    # Render while the session is open: relationships shown here load lazily.
    with unit_of_work(write=False) as session:
        result = repository.query_users(session, PageRequest(page=page, size=size), role=role, q=search)
        table = Table(
            "ID",
            gettext(N_("E-mail")),
            gettext(N_("Name")),
            gettext(N_("Role")),
            gettext(N_("Active")),
            gettext(N_("Last sign-in")),
            title=gettext(N_("Users (page %(page)d of %(pages)d, %(total)d in all)"))
            % {"page": result.request.page, "pages": result.pages, "total": result.total},
        )
        yes, no = gettext(N_("yes")), gettext(N_("no"))
        for user in result.items:
            table.add_row(
                str(user.id),
                escape(user.email),
                escape(user.name),
                user.role.value,
                yes if user.is_active else no,
                user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "-",
            )
    console.print(table)
