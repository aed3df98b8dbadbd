"""A real Dovecot IMAP server for the mail tests (DESIGN §10), one per test session and xdist worker.

``dovecot`` starts ``/usr/sbin/dovecot -F -c <config>`` as a child process on a free loopback port:
plaintext login allowed (loopback only), a passwd-file user database, maildir storage in a temporary
folder. Run as root (CI), Dovecot refuses to run its login processes or mail sessions as root, so
they use the Debian package's ``dovenull`` and ``dovecot`` accounts and the mail folder belongs to
``dovecot``; run as another user, everything runs as that user.

Import the fixture into a conftest or test module: ``from tests.fixtures_dovecot import dovecot``.
Without Dovecot installed the tests are skipped, unless ``CI=true``: then they fail.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

DOVECOT = Path("/usr/sbin/dovecot")
USER = "tester"
PASSWORD = "imap-secret-7"


@dataclass
class DovecotServer:
    host: str
    port: int
    user: str
    password: str
    log_path: Path

    def mailbox(self) -> MailBoxUnencrypted:
        """A logged-in imap-tools client on INBOX (use as a context manager)."""
        return MailBoxUnencrypted(self.host, self.port, timeout=10).login(self.user, self.password)

    def fresh_folder(self) -> str:
        """A new, empty folder (tests share the server: each works in its own folder)."""
        name = f"t{uuid.uuid4().hex[:12]}"
        with self.mailbox() as box:
            box.folder.create(name)
        return name

    def append(self, folder: str, raw: bytes) -> None:
        with self.mailbox() as box:
            box.append(raw, folder, flag_set=())

    def flags_in(self, folder: str) -> list[tuple[str, ...]]:
        """The flags of every message in ``folder``, in order."""
        with self.mailbox() as box:
            box.folder.set(folder)
            return [message.flags for message in box.fetch("ALL", mark_seen=False, headers_only=True)]

    def count(self, folder: str) -> int:
        with self.mailbox() as box:
            return box.folder.status(folder)["MESSAGES"] if box.folder.exists(folder) else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _accounts() -> dict[str, str]:
    """The system users Dovecot's processes and the mail storage run as."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid()).pw_name
        return {"login": me, "internal": me, "mail": me}
    return {"login": "dovenull", "internal": "dovecot", "mail": "dovecot"}


CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = {mail_uid}
last_valid_uid = {mail_uid}
mail_location = maildir:{root}/mail/%u
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  # No per-IP penalty after the wrong-password tests: it would delay every later login by seconds.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/mail/%u
}}
"""


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited: {log_path.read_text() if log_path.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("dovecot did not start listening within 15 s")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    if not DOVECOT.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("/usr/sbin/dovecot is missing (install dovecot-imapd: make system-deps)")
        pytest.skip("Dovecot is not installed (/usr/sbin/dovecot; make system-deps installs it)")
    root = Path(tempfile.mkdtemp(prefix="tw-dovecot-"))
    root.chmod(0o755)  # the mail user must reach its folder
    accounts = _accounts()
    mail_user = pwd.getpwnam(accounts["mail"])
    internal_group = pwd.getpwnam(accounts["internal"]).pw_gid
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    os.chown(root / "mail", mail_user.pw_uid, mail_user.pw_gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = _free_port()
    config = root / "dovecot.conf"
    config.write_text(
        CONFIG.format(
            root=root,
            port=port,
            login=accounts["login"],
            internal=accounts["internal"],
            internal_group=grp.getgrgid(internal_group).gr_name,
            mail_uid=mail_user.pw_uid,
            mail_gid=mail_user.pw_gid,
        )
    )
    log_path = root / "dovecot.log"
    process = subprocess.Popen(
        [str(DOVECOT), "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_until_listening(port, process, log_path)
        yield DovecotServer("127.0.0.1", port, USER, PASSWORD, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
