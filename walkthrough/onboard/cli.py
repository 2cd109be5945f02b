"""The command line: options, the mailbox and captcha they name, and one line for bad input."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from walkthrough.captcha import CaptchaStrategy, FixedCaptcha, OracleCaptcha
from walkthrough.mail import ImapReader, MailReader, SmtpSink, SmtpSinkReader
from walkthrough.onboard.writer import Settings, Value
from walkthrough.profile import ImapMail, Profile, SmtpMail
from walkthrough.targets import captcha_for

USAGE_HINT = "see python -m walkthrough.onboard --help"


class BadInput(ValueError):
    """Input the command cannot use; the message is the one line the operator sees."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"onboard: {message}; {USAGE_HINT}", file=sys.stderr)
        raise SystemExit(2)


def parser() -> argparse.ArgumentParser:
    """Return the command's options."""
    p = _Parser(
        prog="python -m walkthrough.onboard",
        description="Explore a deployment of the walkthrough and propose its profile.",
    )
    p.add_argument("base_url", nargs="?", help="the public home page (with --check: overrides "
                   "the profile's)")  # fmt: skip
    p.add_argument("-o", "--output", type=Path, help="where to write the proposed profile")
    p.add_argument("--check", type=Path, metavar="PROFILE",
                   help="say which lines of PROFILE no longer match the deployment")  # fmt: skip
    captcha = p.add_mutually_exclusive_group()
    captcha.add_argument("--captcha-fixed", metavar="ANSWER", help="the one answer it accepts")
    captcha.add_argument("--captcha-oracle", action="store_true",
                         help="ask the bundled portal's test-mode endpoint")  # fmt: skip
    mail = p.add_mutually_exclusive_group()
    mail.add_argument("--smtp", metavar="HOST:PORT", help="listen there for the deployment's mail")
    mail.add_argument("--imap", metavar="HOST:PORT", help="read a test mailbox over IMAP")
    mail.add_argument("--no-mail", action="store_true", help="no mailbox: MAIL rules untested")
    p.add_argument("--imap-user")
    p.add_argument("--imap-password")
    p.add_argument("--imap-no-tls", action="store_true")
    p.add_argument("--mail-wait", type=float, default=30.0, metavar="SECONDS",
                   help="how long to wait for the confirmation email (default 30)")  # fmt: skip
    p.add_argument("--headed", action="store_true", help="show the browser while it walks")
    p.add_argument("--address", help="test addresses, with {local} (default {local}@exemple.fr)")
    return p


def host_port(option: str, value: str) -> tuple[str, int]:
    """Return (host, port) from HOST:PORT, or raise BadInput naming the option."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadInput(f"{option} {value}: give HOST:PORT, e.g. 127.0.0.1:8025")
    return host, int(port)


@dataclass(frozen=True)
class Plan:
    """What to explore and how to answer its captcha and read its mail."""

    settings: Settings
    captcha: CaptchaStrategy
    smtp: tuple[str, int] | None
    imap: ImapReader | None
    address: str


def plan_from_options(args: argparse.Namespace) -> Plan:
    """Return the plan the options of a proposal describe."""
    if not args.base_url:
        raise BadInput(f"give the deployment's home page address (BASE_URL); {USAGE_HINT}")
    if not args.output:
        raise BadInput(f"give where to write the profile (-o staging.toml); {USAGE_HINT}")
    if not args.output.parent.is_dir():
        raise BadInput(f"-o {args.output}: no folder {args.output.parent}; create it first")
    base_url = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    if not base_url.startswith(("http://", "https://")):
        raise BadInput(f"{args.base_url}: give an http:// or https:// address")
    if args.captcha_fixed:
        captcha: CaptchaStrategy = FixedCaptcha(answer=args.captcha_fixed)
        captcha_table: dict[str, Value] = {"strategy": "fixed", "answer": args.captcha_fixed}
    elif args.captcha_oracle:
        captcha, captcha_table = OracleCaptcha(base_url=base_url), {"strategy": "oracle"}
    else:
        raise BadInput("say how to answer the captcha: --captcha-fixed ANSWER or --captcha-oracle")
    address = args.address or "{local}@exemple.fr"
    if "{local}" not in address and "{token}" not in address:
        raise BadInput(f"--address {address}: put {{local}} where each test address differs")
    mail: dict[str, Value]
    smtp, imap = None, None
    if args.imap:
        host, port = host_port("--imap", args.imap)
        if not (args.imap_user and args.imap_password and args.address):
            raise BadInput("--imap needs --imap-user, --imap-password and --address")
        imap = ImapReader(host=host, port=port, user=args.imap_user,
                          password=args.imap_password, tls=not args.imap_no_tls)  # fmt: skip
        mail = {"kind": "imap", "host": host, "port": port, "user": args.imap_user,
                "password": args.imap_password, "tls": not args.imap_no_tls,
                "address": address}  # fmt: skip
    elif args.no_mail:
        mail = {"kind": "none"}
    else:
        smtp = host_port("--smtp", args.smtp or "127.0.0.1:8025")
        mail = {"kind": "smtp", "host": smtp[0], "port": smtp[1], "address": address}
    settings = Settings(base_url=base_url, captcha=captcha_table, mail=mail)
    return Plan(settings=settings, captcha=captcha, smtp=smtp, imap=imap, address=address)


def plan_from_profile(profile: Profile, base_url: str | None) -> Plan:
    """Return the plan of `--check`: the profile's own captcha and mailbox."""
    url = base_url or profile.base_url or ""
    url = url if url.endswith("/") else url + "/"
    mail = profile.mail
    smtp = (mail.host, mail.port) if isinstance(mail, SmtpMail) else None
    imap = None
    if isinstance(mail, ImapMail):
        imap = ImapReader(host=mail.host, port=mail.port, user=mail.user,
                          password=mail.password, tls=mail.tls)  # fmt: skip
    settings = Settings(base_url=url, captcha={}, mail={})
    address = getattr(mail, "address", "{local}@exemple.fr")
    return Plan(settings=settings, captcha=captcha_for(profile, url), smtp=smtp, imap=imap,
                address=address)  # fmt: skip


@contextlib.contextmanager
def mailbox(plan: Plan) -> Iterator[tuple[MailReader | None, str]]:
    """Yield the plan's mail reader (listening first, for SMTP) and where mail is read."""
    if plan.imap is not None:
        yield plan.imap, str(plan.imap)
        return
    if plan.smtp is None:
        yield None, "nowhere"
        return
    host, port = plan.smtp
    sink = SmtpSink(host=host, port=port)
    try:
        sink.start()
    except (OSError, RuntimeError) as exc:
        raise BadInput(
            f"--smtp {host}:{port}: cannot listen there ({exc}); choose a free port"
        ) from None
    try:
        yield SmtpSinkReader(sink), f"the SMTP listener on {host}:{port}"
    finally:
        sink.stop()
