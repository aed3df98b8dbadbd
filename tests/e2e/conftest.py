"""Browser journeys: a real `ticketwise serve` on a free loopback port, driven by Playwright in
Debian's Chromium (never a downloaded browser: ``executable_path`` points at /usr/bin/chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = os.environ.get("TICKETWISE_CHROMIUM", "/usr/bin/chromium")
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "e2e-admin-password"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, url: str, data_dir: Path, env: dict[str, str]):
        self.url = url
        self.data_dir = data_dir
        self.env = env

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [str(BIN / "ticketwise"), *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    @property
    def database_path(self) -> Path:
        return self.data_dir / "ticketwise.db"


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    data_dir = Path(tempfile.mkdtemp(prefix="ticketwise-e2e-"))
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TICKETWISE_")},
        "TICKETWISE_DATA_DIR": str(data_dir),
        "TICKETWISE_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "TICKETWISE_SECRET_KEY": "e2e-secret",
        "TICKETWISE_BASE_URL": f"http://127.0.0.1:{port}",
        "TICKETWISE_SECURITY__LOGIN_RATE_LIMIT": "1000/minute",
    }
    server = LiveServer(f"http://127.0.0.1:{port}", data_dir, env)
    server.cli("init")
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - closed in teardown
    proc = subprocess.Popen(
        [str(BIN / "ticketwise"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail("server did not start: " + (data_dir / "server.log").read_text(errors="replace")[-3000:])
    yield server
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def new_context(browser):
    contexts = []

    def factory(locale: str = "zh-CN", **kwargs):
        ctx = browser.new_context(locale=locale, extra_http_headers={"Accept-Language": locale}, **kwargs)
        ctx.set_default_timeout(15000)
        contexts.append(ctx)
        return ctx

    yield factory
    for ctx in contexts:
        ctx.close()
