"""Command line: serve the portal with waitress; bad arguments end in one line and exit 2."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from mock_portal.defects import KNOWN_DEFECTS


class UsageError(Exception):
    """A problem the person starting the portal can fix."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see python -m mock_portal --help)")


def _smtp(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(
            f"--smtp wants HOST:PORT, e.g. 127.0.0.1:8025, not {value!r}"
        )
    return host, int(port)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"--port wants a number from 1 to 65535, not {value!r}")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    """Describe the options of `python -m mock_portal`."""
    parser = _Parser(prog="python -m mock_portal", description="Serve the reference portal.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on")
    parser.add_argument("--db", help="SQLAlchemy URL (default: env CPF_PORTAL_DB, else SQLite)")
    parser.add_argument(
        "--smtp", type=_smtp, help="HOST:PORT for the outbox (default: env CPF_PORTAL_SMTP)"
    )
    parser.add_argument("--captcha-fixed", metavar="VALUE", help="every captcha answer is VALUE")
    parser.add_argument("--test-mode", action="store_true", help="enable the /_test hooks")
    parser.add_argument("--instance", metavar="DIR", help="instance folder (database, secret)")
    parser.add_argument(
        "--defect",
        action="append",
        default=[],
        metavar="NAME",
        help="switch on a deliberate defect (test mode only)",
    )
    parser.add_argument("--threads", type=int, default=8, help=argparse.SUPPRESS)
    return parser


def config_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """Turn parsed options into app settings, refusing contradictions."""
    config: dict[str, Any] = {"TEST_MODE": args.test_mode}
    if args.defect and not args.test_mode:
        raise UsageError("--defect is only allowed together with --test-mode")
    unknown = sorted(set(args.defect) - KNOWN_DEFECTS)
    if unknown:
        known = ", ".join(sorted(KNOWN_DEFECTS)) or "none yet"
        raise UsageError(f"unknown defect {unknown[0]!r} (known: {known})")
    config["DEFECTS"] = frozenset(args.defect)
    db_url = args.db or os.environ.get("CPF_PORTAL_DB")
    if db_url:
        try:
            make_url(db_url)
        except ArgumentError:
            raise UsageError(
                f"--db: {db_url!r} is not a database URL (e.g. sqlite:///portal.db)"
            ) from None
        config["DATABASE_URL"] = db_url
    if args.smtp:
        config["SMTP_HOST"], config["SMTP_PORT"] = args.smtp
    elif env := os.environ.get("CPF_PORTAL_SMTP"):
        try:
            config["SMTP_HOST"], config["SMTP_PORT"] = _smtp(env)
        except argparse.ArgumentTypeError as exc:
            raise UsageError(f"CPF_PORTAL_SMTP: {exc}") from None
    if args.captcha_fixed is not None:
        if not args.captcha_fixed.strip():
            raise UsageError("--captcha-fixed wants a non-empty VALUE")
        config["CAPTCHA_FIXED"] = args.captcha_fixed.strip()
    return config


def _fail(message: str) -> NoReturn:
    print(f"mock_portal: {message}", file=sys.stderr)
    raise SystemExit(2)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options, check them, and serve until interrupted."""
    from waitress.server import create_server

    from mock_portal import create_app

    try:
        args = build_parser().parse_args(argv)
        config = config_from_args(args)
    except UsageError as exc:
        _fail(str(exc))
    try:
        instance = os.path.abspath(args.instance) if args.instance else None
        app = create_app(config, instance_path=instance)
        with app.extensions["cpf_engine"].connect() as conn:
            conn.execute(text("SELECT 1"))
    except ModuleNotFoundError as exc:
        _fail(
            f"the database driver {exc.name!r} is not installed; install it or name one that "
            "is in the URL (e.g. postgresql+psycopg2://user@host/db)"
        )
    except SQLAlchemyError as exc:
        _fail(f"cannot open the database ({type(exc).__name__}); check --db or CPF_PORTAL_DB")
    except OSError as exc:
        _fail(f"cannot prepare the instance folder: {exc.strerror or exc}")
    worker = app.extensions["cpf_outbox"]
    try:
        server = create_server(app, host=args.host, port=args.port, threads=args.threads)
    except OSError as exc:
        worker.stop()
        if exc.errno in (98, 48):  # EADDRINUSE on Linux and macOS
            _fail(f"port {args.port} on {args.host} is already in use; choose another with --port")
        _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    except socket.gaierror:
        worker.stop()
        _fail(f"--host {args.host!r} is not an address of this machine")

    def _terminate(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    print(f"Portail prêt : http://{args.host}:{args.port}/", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        worker.stop()
