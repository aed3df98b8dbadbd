"""Entry point of ``ticketwise``: setup, serving, the worker, and the command groups of the other modules.

Every command reports user mistakes and unreachable databases as one translated line on stderr with
exit code 1 (:class:`CliGroup`), never as a traceback. Messages follow the terminal's language
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else ``settings.default_locale``.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.exc import OperationalError, ProgrammingError
from typer.core import TyperGroup

from ticketwise.cli import ai, demo, mail, smtpd, tokens, users
from ticketwise.cli.backup import commands as backup
from ticketwise.config import get_settings
from ticketwise.core.db import get_db
from ticketwise.core.errors import TicketwiseError
from ticketwise.core.i18n import N_, gettext, normalize, set_locale
from ticketwise.core.logging import configure_logging
from ticketwise.core.migrate import upgrade
from ticketwise.core.uow import unit_of_work
from ticketwise.reactions import register_all
from ticketwise.sla.defaults import ensure_default_policy
from ticketwise.tickets.types.builtin import seed_builtin_types
from ticketwise.users import repository as user_repository
from ticketwise.users import service as user_service
from ticketwise.users.models import Role
from ticketwise.users.validation import normalize_email

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)

# "The schema is not there yet": SQLite's message, PostgreSQL's SQLSTATE undefined_table.
_SQLITE_MISSING_TABLE = "no such table"
_PG_UNDEFINED_TABLE = "42P01"


def report_error(message: str) -> None:
    """Print one translated error line on stderr."""
    label = gettext(N_("Error"))
    error_console.print(f"[bold red]{escape(label)}:[/bold red] {escape(message)}")


def say(text: str, style: str = "") -> None:
    """Print ``text`` literally (no markup inside it), optionally in a Rich style."""
    console.print(f"[{style}]{escape(text)}[/{style}]" if style else escape(text))


class CliGroup(TyperGroup):
    """The root group: turns domain errors and database failures into a message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TicketwiseError as exc:
            prefix = f"{exc.field}: " if exc.field else ""
            report_error(prefix + exc.translated())
        except (OperationalError, ProgrammingError) as exc:
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
            missing_table = (
                _SQLITE_MISSING_TABLE in detail or getattr(exc.orig, "sqlstate", None) == _PG_UNDEFINED_TABLE
            )
            if missing_table:
                report_error(
                    gettext(N_("The database is not set up (%(detail)s). Run `ticketwise init` first."))
                    % {"detail": detail}
                )
            else:
                report_error(gettext(N_("The database cannot be used: %(detail)s")) % {"detail": detail})
        raise typer.Exit(1)


app = typer.Typer(cls=CliGroup, help="Ticketwise: self-hosted, AI-native ticketing.", no_args_is_help=True)
app.add_typer(users.app, name="user")
app.add_typer(tokens.app, name="token")
app.command("backup")(backup.backup_command)
app.command("restore")(backup.restore_command)
app.command("demo")(demo.demo_command)
app.add_typer(mail.app, name="mail")
app.add_typer(ai.app, name="ai")
app.command("mailgate")(mail.mailgate)
app.command("smtpd")(smtpd.smtpd)


def terminal_locale() -> str:
    """The catalog matching the terminal's language variables, else the site's default language."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for candidate in value.split(":"):
            found = normalize(candidate.split(".")[0])
            if found:
                return found
    return normalize(get_settings().default_locale) or "zh_CN"


@app.callback()
def _setup() -> None:
    configure_logging()
    # Alembic narrates every migration step at INFO; the commands say the outcome themselves.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    set_locale(terminal_locale())
    register_all()


@app.command()
def migrate() -> None:
    """Apply database migrations (safe to run repeatedly)."""
    upgrade(get_db().write_engine)
    say(gettext(N_("Database is up to date (%(dialect)s).")) % {"dialect": get_db().dialect}, "green")


@app.command()
def init(
    admin_email: str | None = typer.Option(
        None,
        envvar="TICKETWISE_ADMIN_EMAIL",
        help="E-mail of the first admin (default: settings.admin_email).",
    ),
    admin_password: str | None = typer.Option(
        None,
        envvar="TICKETWISE_ADMIN_PASSWORD",
        show_envvar=True,
        help="Password of the first admin (generated and printed once if unset).",
    ),
    admin_name: str = typer.Option("Administrator", help="Display name of the first admin."),
    demo_if_empty: bool = typer.Option(
        False, "--demo-if-empty", help="Seed the demo data set when the database has no tickets yet."
    ),
) -> None:
    """Migrate, seed the built-in ticket types and create the first admin (safe to run repeatedly).

    An existing account with the admin's address is left as it is (its password is not changed).
    """
    settings = get_settings()
    email = normalize_email(admin_email or settings.admin_email, field="admin_email")
    password = admin_password or settings.admin_password
    upgrade(get_db().write_engine)
    say(gettext(N_("Database is up to date (%(dialect)s).")) % {"dialect": get_db().dialect}, "green")
    with unit_of_work() as session:
        seed_builtin_types(session)
        ensure_default_policy(session)
        existing = user_repository.get_user_by_email(session, email)
        generated = None
        if existing is None:
            if not password:
                password = generated = users.generate_password()
            user_service.create_user(
                session, email=email, name=admin_name, role=Role.ADMIN, password=password
            )
    say(gettext(N_("Built-in ticket types are in place.")))
    if existing is None:
        say(gettext(N_("Created admin %(email)s")) % {"email": email}, "green")
        if generated:
            say(gettext(N_("Generated password (shown once):")) + " " + generated, "bold yellow")
    elif existing.role is Role.ADMIN:
        say(gettext(N_("Admin %(email)s already exists; left unchanged.")) % {"email": email})
    else:
        say(
            gettext(N_("%(email)s exists but is not an administrator (role: %(role)s); left unchanged."))
            % {"email": email, "role": existing.role.value},
            "yellow",
        )
    if demo_if_empty:
        demo.seed_demo_if_empty(console)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    embedded_worker: bool = typer.Option(
        None, help="Run the job consumer in this process (default: settings.jobs.embedded_worker)."
    ),
) -> None:
    """Serve the web UI and the API, with the embedded job worker unless disabled."""
    import uvicorn

    from ticketwise.ai.tasks import warm_up_in_background
    from ticketwise.worker.runner import start_embedded

    settings = get_settings()
    use_worker = settings.jobs.embedded_worker if embedded_worker is None else embedded_worker
    consumer = start_embedded(settings.jobs.workers) if use_worker else None
    warm_up_in_background()  # tokenizer and similar-case index, before the first request needs them
    try:
        uvicorn.run(
            "ticketwise.main:create_app",
            factory=True,
            host=host,
            port=port,
            log_level=settings.log_level.lower(),
            proxy_headers=True,
        )
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)


@app.command()
def worker(
    workers: int = typer.Option(None, help="Consumer threads (default: settings.jobs.workers)."),
) -> None:
    """Run the job consumer in the foreground (scale-out mode, with Redis)."""
    from ticketwise.worker.runner import run_standalone

    run_standalone(workers or get_settings().jobs.workers)
