"""``ticketwise init``, ``user`` and ``token``: accounts from the shell, with clean errors."""

from __future__ import annotations

from tests.cli.conftest import Cli, last_line, value_after

from ticketwise.core.uow import unit_of_work
from ticketwise.tickets.types import repository as types_repository
from ticketwise.users import auth, tokens
from ticketwise.users import repository as users_repository
from ticketwise.users.models import Role

GENERATED = "Generated password (shown once):"


def signs_in(email: str, password: str) -> Role:
    with unit_of_work() as session:
        return auth.authenticate(session, email, password).role


def test_init_migrates_seeds_creates_admin_and_is_idempotent(cli: Cli) -> None:
    cli.site("init")

    first = cli.run("init", "--admin-email", "Boss@Example.com")

    assert first.exit_code == 0, first.output
    password = value_after(first.output, GENERATED)
    assert signs_in("boss@example.com", password) is Role.ADMIN
    with unit_of_work(write=False) as session:
        slugs = {t.slug for t in types_repository.list_types(session)}
    assert {
        "it_support",
        "equipment_repair",
        "complaint_suggestion",
        "internal_admin",
        "general_inquiry",
    } <= slugs

    again = cli.run("init", "--admin-email", "boss@example.com", "--admin-password", "another-password")

    assert again.exit_code == 0, again.output
    assert GENERATED not in again.output
    assert "already exists" in again.output
    assert signs_in("boss@example.com", password) is Role.ADMIN
    with unit_of_work(write=False) as session:
        assert len(types_repository.list_types(session)) == len(slugs)


def test_init_takes_the_admin_from_the_environment(cli: Cli, monkeypatch) -> None:
    cli.site("init_env")
    monkeypatch.setenv("TICKETWISE_ADMIN_EMAIL", "root@example.com")
    monkeypatch.setenv("TICKETWISE_ADMIN_PASSWORD", "from-the-env-1")

    result = cli.run("init")

    assert result.exit_code == 0, result.output
    assert GENERATED not in result.output
    assert "from-the-env-1" not in result.output
    assert signs_in("root@example.com", "from-the-env-1") is Role.ADMIN


def test_init_reports_a_bad_address_without_traceback(cli: Cli) -> None:
    cli.site("init_bad")

    result = cli.run("init", "--admin-email", "not-an-address")

    assert result.exit_code == 1
    assert "Error" in result.output and "valid e-mail" in result.output
    assert "Traceback" not in result.output


def test_user_create_generates_or_takes_a_password_and_lists(cli: Cli) -> None:
    cli.site("users")
    cli.run("migrate")

    agent = cli.run("user", "create", "--email", "li.na@example.com", "--name", "李娜", "--role", "agent")
    customer = cli.run(
        "user",
        "create",
        "--email",
        "kim@example.com",
        "--name",
        "Kim",
        "--role",
        "customer",
        "--password",
        "kims-secret-1",
    )

    assert agent.exit_code == 0, agent.output
    assert signs_in("li.na@example.com", value_after(agent.output, GENERATED)) is Role.AGENT
    assert customer.exit_code == 0, customer.output
    assert GENERATED not in customer.output
    assert signs_in("kim@example.com", "kims-secret-1") is Role.CUSTOMER
    with unit_of_work(write=False) as session:
        user = users_repository.get_user_by_email(session, "kim@example.com")
        assert users_repository.contact_for_user(session, user.id) is not None

    listing = cli.run("user", "list")
    assert listing.exit_code == 0, listing.output
    assert "li.na@example.com" in listing.output and "kim@example.com" in listing.output
    only_customers = cli.run("user", "list", "--role", "customer")
    assert "kim@example.com" in only_customers.output and "li.na@example.com" not in only_customers.output


def test_user_create_mistakes_exit_non_zero_with_a_message(cli: Cli) -> None:
    cli.site("users_bad")
    cli.run("migrate")
    cli.run("user", "create", "--email", "a@example.com", "--name", "A", "--role", "agent")

    duplicate = cli.run("user", "create", "--email", "A@example.com", "--name", "A", "--role", "agent")
    short = cli.run(
        "user", "create", "--email", "b@example.com", "--name", "B", "--role", "agent", "--password", "short"
    )
    bad_role = cli.run("user", "create", "--email", "c@example.com", "--name", "C", "--role", "wizard")

    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    assert bad_role.exit_code == 2
    for result in (duplicate, short, bad_role):
        assert "Traceback" not in result.output


def test_user_commands_on_an_uninitialised_database_say_what_to_do(cli: Cli) -> None:
    cli.site("users_empty")

    result = cli.run("user", "list")

    assert result.exit_code == 1
    assert "ticketwise init" in result.output
    assert "Traceback" not in result.output


def test_token_create_prints_a_working_token_last_and_revoke_stops_it(cli: Cli) -> None:
    cli.site("tokens")
    cli.run("migrate")
    cli.run("user", "create", "--email", "kim@example.com", "--name", "Kim", "--role", "customer")

    created = cli.run("token", "create", "--user", "KIM@example.com", "--name", "laptop")

    assert created.exit_code == 0, created.output
    plaintext = last_line(created.output)
    assert plaintext.startswith(tokens.API_TOKEN_PREFIX) and " " not in plaintext
    with unit_of_work() as session:
        user = tokens.resolve_api_token(session, plaintext)
        assert user is not None and user.email == "kim@example.com"
        token_id = tokens.active_api_token(session, plaintext).id

    listing = cli.run("token", "list", "--user", "kim@example.com")
    assert listing.exit_code == 0 and "laptop" in listing.output

    revoked = cli.run("token", "revoke", str(token_id))

    assert revoked.exit_code == 0, revoked.output
    with unit_of_work() as session:
        assert tokens.resolve_api_token(session, plaintext) is None


def test_token_mistakes_exit_non_zero_with_a_message(cli: Cli) -> None:
    cli.site("tokens_bad")
    cli.run("migrate")

    unknown_user = cli.run("token", "create", "--user", "nobody@example.com")
    unknown_token = cli.run("token", "revoke", "999")

    assert unknown_user.exit_code == 1 and "nobody@example.com" in unknown_user.output
    assert unknown_token.exit_code == 1 and "not found" in unknown_token.output
    assert "Traceback" not in unknown_user.output + unknown_token.output
