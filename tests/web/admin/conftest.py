"""Fixtures for the admin pages: a signed-in administrator and small helpers for posting forms.

The sign-in helpers of the root conftest are reached through the plugin manager: the ``tests``
folder is not a package, so ``from tests.conftest import ...`` fails under the plain ``pytest`` script.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from ticketwise.core import security
from ticketwise.users.models import User


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id with minimal cost: the production cost only measures the machine."""
    monkeypatch.setattr(
        security, "_hasher", PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    )


@pytest.fixture
def root(request: pytest.FixtureRequest) -> ModuleType:
    """The root conftest module: ``web_login``, ``csrf_of``, ``TEST_PASSWORD``."""
    return request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )


@pytest.fixture
def admin(make_user) -> User:
    return make_user("admin", email="boss@example.com", name="Boss")


@pytest.fixture
def admin_client(client, admin, root):
    """A browser signed in as ``admin``."""
    root.web_login(client, admin.email)
    return client


@pytest.fixture
def login(client, root):
    """``login(user)``: sign the browser in as ``user``."""
    return lambda user: root.web_login(client, user.email)


@pytest.fixture
def post(root):
    """``post(client, url, data)``: a form post carrying the browser's CSRF token."""
    return lambda client, url, data: client.post(url, data={**data, "csrf_token": root.csrf_of(client)})


def error_beside(html: str, name: str) -> str:
    """The message shown beside input ``name`` (the element with id ``<name>-error``)."""
    match = re.search(rf'id="{re.escape(name)}-error">([^<]*)<', html)
    assert match, f"no error shown beside {name}"
    return match.group(1).strip()


@pytest.fixture
def error_of():
    return error_beside
