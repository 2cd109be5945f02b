"""Command line: `python -m implementations.second --port PORT --smtp HOST:PORT [...]`."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Sequence
from typing import NoReturn

from implementations.second.api import Portal
from implementations.second.defects import DEFECTS, unknown
from implementations.second.server import PortalServer
from implementations.second.store import Store


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"{message} (see python -m implementations.second --help)", file=sys.stderr)
        raise SystemExit(2)


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(
            f"--smtp wants HOST:PORT, e.g. 127.0.0.1:8025, not {value!r}"
        )
    return host, int(port)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) < 65536:
        raise argparse.ArgumentTypeError(
            f"--port wants a number from 0 (any) to 65535, not {value!r}"
        )
    return int(value)


def _answer(value: str) -> str:
    if not 4 <= len(value) <= 8 or not value.isalnum() or not value.isascii():
        raise argparse.ArgumentTypeError(
            f"--captcha-fixed wants 4 to 8 letters or digits, not {value!r}"
        )
    return value


def parser() -> argparse.ArgumentParser:
    """Describe the options."""
    p = _Parser(prog="python -m implementations.second", description="Serve the second portal.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=_port, required=True, help="port to listen on")
    p.add_argument("--smtp", type=_host_port, required=True, help="HOST:PORT to send mail to")
    p.add_argument(
        "--captcha-fixed", type=_answer, metavar="ANSWER", help="every captcha is ANSWER"
    )
    p.add_argument(
        "--test-mode",
        action="store_true",
        help="answer GET /_test/captcha with the pending captcha's characters (tests only)",
    )
    p.add_argument("--db", metavar="PATH", help="SQLite file (default: a new temporary file)")
    p.add_argument("--defect", action="append", default=[], metavar="NAME", help="break one rule")
    return p


def main(argv: Sequence[str] | None = None) -> None:
    """Serve until SIGTERM or SIGINT."""
    args = parser().parse_args(argv)
    if bad := unknown(args.defect):
        print(f"unknown defect {bad[0]!r}; known: {', '.join(sorted(DEFECTS))}", file=sys.stderr)
        raise SystemExit(2)
    path = args.db
    if path is None:
        handle, path = tempfile.mkstemp(prefix="second-portal-", suffix=".sqlite3")
        os.close(handle)
    try:
        store = Store(path)
    except sqlite3.Error as error:
        print(f"--db {path!r} is not a usable SQLite file ({error})", file=sys.stderr)
        raise SystemExit(2) from None
    portal = Portal(
        store=store,
        smtp=args.smtp,
        captcha_fixed=args.captcha_fixed,
        defects=frozenset(args.defect),
        test_mode=args.test_mode,
    )
    try:
        server = PortalServer((args.host, args.port), portal)
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port} ({error.strerror})", file=sys.stderr)
        raise SystemExit(2) from None
    logging.basicConfig(level=logging.WARNING, format="second_portal: %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"second portal on http://{args.host}:{server.server_address[1]}/", flush=True)
    stop.wait()
    server.shutdown()
    server.server_close()
    if args.db is None:
        os.unlink(path)


if __name__ == "__main__":
    main()
