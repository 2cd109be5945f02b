"""A real IMAP server for tests: Debian's dovecot, our own instance on a free loopback port."""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.smtp import Envelope

from tests.helpers import free_port, stop_process

DOVECOT = "/usr/sbin/dovecot"
LDA = "/usr/lib/dovecot/dovecot-lda"
INSTALL_HINT = "dovecot is missing: run `sudo apt-get install dovecot-imapd` (or `make setup`)"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{root}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@dataclass(frozen=True)
class ImapAccount:
    """Where the test mailbox is and how to log in."""

    host: str
    port: int
    user: str
    password: str
    config: Path


@contextlib.contextmanager
def dovecot(*, user: str = "qa", password: str = "secret") -> Iterator[ImapAccount]:
    """Run dovecot in the foreground with a config in a temporary folder; always stop it."""
    if not Path(DOVECOT).exists():
        raise RuntimeError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="cpf-dovecot-") as tmp:
        root = Path(tmp)
        # Dovecot's auth and mail processes run as other users: they must reach the folder.
        root.chmod(0o755)
        with _serve(root, user=user, password=password) as account:
            yield account


@contextlib.contextmanager
def _serve(root: Path, *, user: str, password: str) -> Iterator[ImapAccount]:
    # Dovecot refuses to serve mail as root; the mailbox belongs to `nobody`.
    nobody = pwd.getpwnam("nobody")
    port = free_port()
    (root / "home" / user).mkdir(parents=True)
    for sub in ("home", f"home/{user}"):
        os.chown(root / sub, nobody.pw_uid, nobody.pw_gid)
    (root / "passwd").write_text(f"{user}:{{PLAIN}}{password}\n")
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, uid=nobody.pw_uid, gid=nobody.pw_gid))
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                imaplib.IMAP4("127.0.0.1", port, timeout=2).logout()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    log = (root / "dovecot.log").read_text()
                    raise RuntimeError(f"dovecot did not start: {log}") from None
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.1)
        yield ImapAccount("127.0.0.1", port, user, password, config)
    finally:
        stop_process(process)


def deliver(account: ImapAccount, raw: bytes) -> None:
    """Deliver one message into the mailbox as a mail server would (dovecot-lda)."""
    subprocess.run(
        [LDA, "-c", str(account.config), "-d", account.user], input=raw, check=True, timeout=30
    )


class LdaRelay:
    """An aiosmtpd handler that hands every received message to dovecot-lda."""

    def __init__(self, account: ImapAccount) -> None:
        self.account = account
        self.lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        with self.lock:
            deliver(self.account, bytes(envelope.original_content or b""))
        return "250 delivered"


__all__ = ["ImapAccount", "LdaRelay", "deliver", "dovecot"]
