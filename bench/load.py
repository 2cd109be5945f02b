"""Load and faults on 127.0.0.1: Locust drives registrations and sign-ins; we break things.

The portal runs as in production (`python -m mock_portal`, waitress, argon2 at its default
cost), with `--captcha-fixed` so that robots pass the captcha, and an aiosmtpd server that
counts what it receives. Locust (bench/locustfile.py) runs headless, bounded in users, spawn
rate and time, three times; the faults are ours:

1. load: N users register and sign in again and again;
2. the SMTP server is stopped while they do, then restarted on the same port;
3. the portal is SIGKILLed in the middle of the run and restarted on the same database.

Then the exactly-once checks: accounts = outbox rows = emails received, each Message-ID once,
no account half-created, no 5xx. Locust's CSV stats give p50, p95 and throughput per request.

    .venv/bin/python -m bench.load                       # 50 users
    .venv/bin/python -m bench.load --users 10 --run-time 15
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.cpu import TreeMeter
from bench.implementations import free_port
from walkthrough.targets import portal_process

ROOT = Path(__file__).resolve().parent.parent
CAPTCHA = "Lx7Qa"
DELIVERY_TIMEOUT_S = 150.0  # a row leased by a killed process is retried after its 2-min lease
FIVE_XX = re.compile(r"\b5\d\d\b")


class Sink:
    """An aiosmtpd handler that counts every Message-ID it receives."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        """Count the message (aiosmtpd's hook)."""
        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.received[str(message["Message-ID"])] += 1
        return "250 OK"


def database_state(db: Path) -> tuple[list[tuple], list[tuple]]:
    """Read the accounts and the outbox straight from SQLite."""
    with sqlite3.connect(db, timeout=30) as conn:
        accounts = conn.execute(
            "SELECT nir, cle, birth_name, email, password_hash, mobile FROM account"
        ).fetchall()
        outbox = conn.execute("SELECT message_id, recipient, sent_at FROM outbox").fetchall()
    return accounts, outbox


def half_created(db: Path) -> list[str]:
    """Return every account without all its data or its one outbox row, and orphan rows."""
    accounts, outbox = database_state(db)
    rows_for = Counter(r[1] for r in outbox)
    problems = [
        f"NIR {n} has {c} accounts" for n, c in Counter(a[0] for a in accounts).items() if c != 1
    ]
    for nir, cle, name, email, hashed, mobile in accounts:
        if not (nir and cle and name and email and mobile and hashed.startswith("$argon2id$")):
            problems.append(f"account {nir} is incomplete")
        if rows_for[email] != 1:
            problems.append(f"account {nir} has {rows_for[email]} outbox rows")
    emails = {a[3] for a in accounts}
    return problems + [
        f"outbox row for {r[1]} has no account" for r in outbox if r[1] not in emails
    ]


def wait_for_delivery(db: Path, sink: Sink, *, timeout: float) -> float:
    """Wait (bounded) until every outbox row is sent and received; return the seconds taken."""
    started = time.monotonic()
    pause = threading.Event()
    while time.monotonic() - started < timeout:
        _, outbox = database_state(db)
        with sink.lock:
            received = set(sink.received)
        if all(r[2] for r in outbox) and {r[0] for r in outbox} <= received:
            break
        pause.wait(0.25)  # polling a database another process writes: no event to wait on
    return time.monotonic() - started


def locust(host: str, csv_prefix: Path, *, users: int, spawn_rate: float, run_time: int):
    """Start Locust headless against `host` (loopback only), bounded; return the process."""
    if not host.startswith("http://127.0.0.1:"):
        raise SystemExit(f"load: {host} is not on 127.0.0.1; the load test never leaves it")
    cmd = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--host", host.rstrip("/"), "-u", str(users), "-r", str(spawn_rate),
        "--run-time", f"{run_time}s", "--stop-timeout", "30", "--csv", str(csv_prefix),
        "--only-summary", "--loglevel", "ERROR", "--exit-code-on-error", "0",
    ]  # fmt: skip
    env = {**os.environ, "CPF_LOAD_CAPTCHA": CAPTCHA}
    log = csv_prefix.with_suffix(".log").open("wb")  # Locust's own summary: ours is printed
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def report(title: str, csv_prefix: Path) -> int:
    """Print Locust's figures per request name; return the number of 5xx answers."""
    with Path(f"{csv_prefix}_stats.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with Path(f"{csv_prefix}_failures.csv").open(encoding="utf-8") as handle:
        failures = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"\n== {title}: {total['Request Count']} requests, {float(total['Requests/s']):.1f} req/s"
    )
    for r in rows:
        print(
            f"   {r['Name']:18} n={r['Request Count']:>4} failed={r['Failure Count']:>3}  "
            f"p50 {r['50%']:>5} ms  p95 {r['95%']:>5} ms  {float(r['Requests/s']):5.1f} req/s"
        )
    for f in failures:
        print(f"   failure: {f['Method']} {f['Name']}: {f['Error'][:90]} x {f['Occurrences']}")
    return sum(int(f["Occurrences"]) for f in failures if FIVE_XX.search(f["Error"]))


def _arguments(argv: list[str] | None) -> argparse.Namespace | None:
    """Read the bounds of the load; None (after one line on stderr) when they are out of range."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--users", type=int, default=50, help="Locust users (default 50)")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started a second")
    parser.add_argument("--run-time", type=int, default=40, help="seconds of load per phase")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 200 and 5 <= args.run_time <= 600 and args.spawn_rate > 0):
        print(
            "load: keep 1 <= --users <= 200, 5 <= --run-time <= 600, --spawn-rate > 0",
            file=sys.stderr,
        )
        return None
    return args


class Phases:
    """The three phases against one portal, one database and one SMTP port, in order."""

    def __init__(self, tmp: Path, args: argparse.Namespace, pids: list[int]) -> None:
        self.tmp, self.args, self.pids = tmp, args, pids
        self.sink = Sink()
        self.db, port, self.smtp_port = tmp / "portal.db", free_port(), free_port()
        self.bounded = {"users": args.users, "spawn_rate": args.spawn_rate,
                        "run_time": args.run_time}  # fmt: skip
        self.procs: list[subprocess.Popen[bytes]] = []
        self.failures: list[str] = []
        self.before_kill: Counter[str] = Counter()
        # The same port and database each time, so a killed portal restarts where it was.
        self.keep = functools.partial(
            portal_process,
            smtp=("127.0.0.1", self.smtp_port),
            captcha_fixed=CAPTCHA,
            test_mode=False,
            port=port,
            data_dir=tmp,
            on_start=self._started,
        )
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.smtp_port)

    def _started(self, process: subprocess.Popen[bytes]) -> None:
        self.procs.append(process)
        self.pids.append(process.pid)

    def _locust(self, url: str, name: str) -> subprocess.Popen[bytes]:
        run = locust(url, self.tmp / name, **self.bounded)
        self.pids.append(run.pid)
        return run

    def run(self) -> None:
        """Load, then the SMTP outage, then the SIGKILL; the SMTP server always stops."""
        self.smtp.start()
        try:
            with self.keep() as url:
                self.load(url)
                self.smtp_outage(url)
                run = self.kill_mid_run(url)
            with self.keep():  # same port, same database
                run.wait()
                report("3. portal killed (SIGKILL) mid-run, restarted", self.tmp / "kill")
                waited = wait_for_delivery(self.db, self.sink, timeout=DELIVERY_TIMEOUT_S)
                print(f"   portal restarted: all delivered {waited:.1f} s later")
        finally:
            self.smtp.stop()

    def load(self, url: str) -> None:
        """Phase 1: registrations and sign-ins, every email delivered afterwards."""
        self._locust(url, "load").wait()
        if n := report("1. load", self.tmp / "load"):
            self.failures.append(f"load: {n} responses 5xx")
        waited = wait_for_delivery(self.db, self.sink, timeout=DELIVERY_TIMEOUT_S)
        print(f"   all emails delivered {waited:.1f} s after")

    def smtp_outage(self, url: str) -> None:
        """Phase 2: the SMTP server down during the load, then back on the same port."""
        self.smtp.stop()
        self._locust(url, "smtp").wait()
        if n := report("2. SMTP server down", self.tmp / "smtp"):
            self.failures.append(f"SMTP outage: {n} responses 5xx")
        pending = sum(1 for r in database_state(self.db)[1] if not r[2])
        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()
        waited = wait_for_delivery(self.db, self.sink, timeout=DELIVERY_TIMEOUT_S)
        print(f"   {pending} emails waited for SMTP; all delivered {waited:.1f} s after")

    def kill_mid_run(self, url: str) -> subprocess.Popen[bytes]:
        """Phase 3: SIGKILL the portal while users are mid-flow; return the Locust still running."""
        with self.sink.lock:
            self.before_kill = Counter(self.sink.received)
        run = self._locust(url, "kill")
        with contextlib.suppress(subprocess.TimeoutExpired):
            run.wait(timeout=self.args.run_time / 3)  # users are mid-flow, some in step 3
        self.procs[-1].kill()  # SIGKILL: no clean-up, as a crash or an OOM kill would do
        self.procs[-1].wait()
        return run

    def exactly_once(self) -> tuple[int, int, int]:
        """Check accounts = outbox rows = emails received; return the three counts."""
        accounts, outbox = database_state(self.db)
        problems = half_created(self.db)
        self.failures += problems
        received = self.sink.received
        unsent = [r[0] for r in outbox if not r[2]]
        missing = [r[0] for r in outbox if received[r[0]] == 0]
        twice = {m: c for m, c in received.items() if c > 1}
        # Exactly once holds through an SMTP outage; a SIGKILL between the server's "250 OK"
        # and the row being marked sent makes delivery at-least-once (same Message-ID).
        after_kill = {m: c for m, c in twice.items() if self.before_kill[m] <= 1}
        self.failures += [f"{len(unsent)} emails never sent"] if unsent else []
        self.failures += [f"{len(missing)} emails never received"] if missing else []
        if dup := {m: c for m, c in twice.items() if m not in after_kill}:
            self.failures.append(f"{len(dup)} emails received more than once: {dup}")
        if after_kill:
            print(f"NOTE: {len(after_kill)} email(s) sent again after the SIGKILL, same Message-ID")
        if len({len(accounts), len(outbox), len(received)}) != 1:
            self.failures.append("accounts, outbox rows and distinct emails received differ")
        print(
            f"\n== totals: {len(accounts)} accounts, {len(outbox)} outbox rows, "
            f"{sum(received.values())} emails received ({len(received)} distinct "
            f"Message-IDs), half-created accounts: {len(problems)}; ",
            end="",
        )
        return len(accounts), len(outbox), len(received)


def main(argv: list[str] | None = None) -> int:
    """Run the three phases; exit 1 when anything was lost, duplicated or answered 5xx."""
    args = _arguments(argv)
    if args is None:
        return 2
    pids: list[int] = []
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="cpf-load-") as tmpdir,
        TreeMeter(lambda: pids) as meter,
    ):
        phases = Phases(Path(tmpdir), args, pids)
        phases.run()
        phases.exactly_once()
    cpu = meter.by_category()
    print(
        f"{time.monotonic() - started:.0f} s wall, CPU-s: portal {cpu.get('portal', 0):.0f}, "
        f"Locust {cpu.get('locust', 0):.0f}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    for failure in phases.failures:
        print(f"PROBLEM: {failure}")
    print("nothing lost, nothing duplicated, no 5xx" if not phases.failures else "")
    return 1 if phases.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
