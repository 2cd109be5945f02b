"""Targets: the deployment a run drives, with its captcha strategy and mail reader.

`bundled_target()` starts the reference portal as a subprocess (never imported: the suite
judges from outside) on a free port, with a temporary SQLite database, `--test-mode` and the
harness's own SMTP server; it polls until the home page answers and always stops it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from walkthrough.captcha import CaptchaStrategy, FixedCaptcha, ManualCaptcha, OracleCaptcha
from walkthrough.locators import Locators
from walkthrough.mail import ImapReader, MailReader, SmtpSink, SmtpSinkReader
from walkthrough.net import free_port, stop_process
from walkthrough.profile import ImapMail, Profile, SmtpMail

PROJECT_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 30.0


class PortalDidNotStart(RuntimeError):
    """The bundled portal exited or did not answer in time."""


@dataclass
class Target:
    """Everything a scenario needs to drive one deployment."""

    name: str
    base_url: str
    captcha: CaptchaStrategy
    mail: MailReader | None
    locators: Locators = field(default_factory=Locators)
    email_template: str = "{local}@exemple.fr"
    screenshots: bool = True
    accessibility: bool = True

    @property
    def mail_kind(self) -> str:
        """Return "smtp", "imap" or "none"."""
        return self.mail.name if self.mail else "none"


def _wait_until_ready(
    url: str, process: subprocess.Popen[bytes], log: Path, *, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        # Waiting on the process both paces the polling and notices an early exit.
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.1)
        if process.returncode is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise PortalDidNotStart(f"the portal exited with {process.returncode}:\n{tail}")
    raise PortalDidNotStart(f"the portal did not answer at {url} within {timeout_s:.0f} s")


@contextlib.contextmanager
def serve_command(
    cmd: Sequence[str],
    *,
    url: str,
    log: Path,
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
    timeout_s: float = START_TIMEOUT_S,
) -> Iterator[str]:
    """Run a server command from the project root until `url` answers; yield it; always stop it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(cmd), cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT, env=env
        )
    if on_start is not None:
        on_start(process)
    try:
        _wait_until_ready(url, process, log, timeout_s=timeout_s)
        yield url
    finally:
        stop_process(process)


@contextlib.contextmanager
def portal_process(
    *,
    smtp: tuple[str, int],
    captcha_fixed: str | None = None,
    test_mode: bool = True,
    defects: Sequence[str] = (),
    port: int | None = None,
    data_dir: Path | None = None,
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
) -> Iterator[str]:
    """Start `python -m mock_portal` on a free port with a temporary SQLite DB; yield its URL.

    `port` and `data_dir` (database and instance folder, kept) let a load test restart a
    killed portal where it was; `on_start` receives the process, e.g. to SIGKILL it.
    """
    with tempfile.TemporaryDirectory(prefix="cpf-portal-") as tmpdir:
        tmp = str(data_dir or tmpdir)
        port = port or free_port()
        url = f"http://127.0.0.1:{port}/"
        cmd = [sys.executable, "-m", "mock_portal", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["--db", f"sqlite:///{tmp}/portal.db", "--smtp", f"{smtp[0]}:{smtp[1]}"]
        cmd += ["--instance", tmp]
        if test_mode:
            cmd.append("--test-mode")
        if captcha_fixed:
            cmd += ["--captcha-fixed", captcha_fixed]
        for defect in defects:
            cmd += ["--defect", defect]
        with serve_command(cmd, url=url, log=Path(tmpdir) / "portal.log", on_start=on_start):
            yield url


@contextlib.contextmanager
def bundled_target(*, screenshots: bool = True, accessibility: bool = True) -> Iterator[Target]:
    """Start the bundled portal with its own SMTP sink; yield the Target; always stop both."""
    with SmtpSink() as sink, portal_process(smtp=sink.address) as url:
        yield Target(
            name="bundled",
            base_url=url,
            captcha=OracleCaptcha(base_url=url),
            mail=SmtpSinkReader(sink),
            screenshots=screenshots,
            accessibility=accessibility,
        )


def captcha_for(profile: Profile, base_url: str) -> CaptchaStrategy:
    """Return the captcha strategy a profile asks for."""
    match profile.captcha.strategy:
        case "fixed":
            return FixedCaptcha(answer=profile.captcha.answer or "")
        case "manual":
            return ManualCaptcha()
    return OracleCaptcha(base_url=base_url)


def target_from_profile(profile: Profile, *, mail: MailReader | None) -> Target:
    """Return the Target of a deployment described by a profile (mail reader made by the caller)."""
    assert profile.base_url
    base_url = profile.base_url if profile.base_url.endswith("/") else profile.base_url + "/"
    template = getattr(profile.mail, "address", "{local}@exemple.fr")
    return Target(
        name=profile.name,
        base_url=base_url,
        captcha=captcha_for(profile, base_url),
        mail=mail,
        locators=profile.build_locators(),
        email_template=template,
        screenshots=profile.report.screenshots,
        accessibility=profile.report.accessibility,
    )


def mail_reader_for(
    profile: Profile, *, smtp: Callable[[SmtpMail], MailReader]
) -> MailReader | None:
    """Return the reader of a profile's mailbox, or None when it has none (`kind = "none"`).

    An IMAP mailbox is read directly. For `kind = "smtp"` the deployment sends to a listener
    the caller owns (the suite's runs in its controller process, the tutorial's in itself):
    `smtp` makes the reader of that listener.
    """
    mail = profile.mail
    if isinstance(mail, SmtpMail):
        return smtp(mail)
    if isinstance(mail, ImapMail):
        return ImapReader(
            host=mail.host, port=mail.port, user=mail.user, password=mail.password, tls=mail.tls
        )
    return None


__all__ = [
    "ImapMail",
    "PortalDidNotStart",
    "SmtpMail",
    "Target",
    "bundled_target",
    "mail_reader_for",
    "portal_process",
    "target_from_profile",
]
