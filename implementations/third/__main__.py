"""Command line: `python -m implementations.third --port PORT --smtp HOST:PORT [...]`."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from typing import NoReturn

from waitress.server import create_server

from implementations.third.defects import DEFECTS, unknown
from implementations.third.store import Store
from implementations.third.web import create_app

PROG = "python -m implementations.third"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"{message} (see {PROG} --help)", file=sys.stderr)
        raise SystemExit(2)


def _smtp(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(
            f"--smtp wants HOST:PORT such as 127.0.0.1:8025, not {value!r}"
        )
    return host, int(port)


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(
            f"--port wants a number from 0 (any free one) to 65535, not {value!r}"
        )
    return int(value)


def _answer(value: str) -> str:
    if not (4 <= len(value) <= 8 and value.isascii() and value.isalnum()):
        raise argparse.ArgumentTypeError(
            f"--captcha-fixed wants 4 to 8 letters or digits, not {value!r}"
        )
    return value


def parser() -> argparse.ArgumentParser:
    """Describe the options."""
    p = _Parser(prog=PROG, description="Serve the third portal (web components, hash routes).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=_port, required=True, help="port to listen on (0: any)")
    p.add_argument("--smtp", type=_smtp, required=True, help="HOST:PORT to send mail to")
    p.add_argument(
        "--captcha-fixed", type=_answer, metavar="ANSWER", help="every captcha is ANSWER"
    )
    p.add_argument(
        "--test-mode",
        action="store_true",
        help="answer GET /_test/captcha with the pending captcha's characters (tests only)",
    )
    p.add_argument("--db", metavar="PATH", help="SQLite file (default: a temporary one)")
    p.add_argument("--defect", action="append", default=[], metavar="NAME", help="break one rule")
    return p


def main(argv: Sequence[str] | None = None) -> None:
    """Serve until interrupted."""
    args = parser().parse_args(argv)
    if bad := unknown(args.defect):
        print(f"unknown defect {bad[0]!r}; known: {', '.join(sorted(DEFECTS))}", file=sys.stderr)
        raise SystemExit(2)
    path = args.db
    if path is None:
        handle, path = tempfile.mkstemp(prefix="third-portal-", suffix=".sqlite3")
        os.close(handle)
    try:
        store = Store(path)
    except sqlite3.Error as error:
        print(f"--db {path!r} is not a usable SQLite file ({error})", file=sys.stderr)
        raise SystemExit(2) from None
    app = create_app(
        store=store,
        smtp=args.smtp,
        captcha_fixed=args.captcha_fixed,
        defects=args.defect,
        test_mode=args.test_mode,
    )
    try:
        server = create_server(app, host=args.host, port=args.port, threads=4)
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port} ({error.strerror})", file=sys.stderr)
        raise SystemExit(2) from None
    logging.basicConfig(level=logging.WARNING, format="third_portal: %(message)s")
    port = server.effective_port  # type: ignore[union-attr]
    print(f"third portal on http://{args.host}:{port}/", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # run `finally` on a polite stop
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if args.db is None:
            os.unlink(path)


if __name__ == "__main__":
    main()
