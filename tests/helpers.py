"""What many tests share: ports, servers, the "one line, exit 2" check, pytest in a subprocess."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from walkthrough.net import free_port, stop_process
from walkthrough.runmodel import ScenarioResult

# What a conformant deployment may see reported "not tested": what its fixed captcha cannot
# show, and an edge example today's date cannot tell apart (ELIG-04's unknown month, in December).
ALLOWED_NOT_TESTED = re.compile(
    r"^not tested: (?:with a fixed captcha|.*\(non distinguable à cette date\))"
)


def assert_whole_suite_conformant(scenarios: Sequence[ScenarioResult]) -> None:
    """Assert a whole-suite run where each scenario passed or is an allowed "not tested"."""
    assert len(scenarios) > 90
    wrong = [
        f"{s.name} {s.example or ''}: {s.status} {s.error or s.skip_reason or ''}"
        for s in scenarios
        if not (
            s.status == "passed"
            or (s.status == "skipped" and ALLOWED_NOT_TESTED.match(s.skip_reason or ""))
        )
    ]
    assert not wrong, "\n".join(wrong)


def assert_skips_need_each_captcha_or_a_date(scenarios: Sequence[ScenarioResult]) -> None:
    """Assert that every skipped scenario needs each captcha, or an edge today cannot tell."""
    skipped = {s.name for s in scenarios if s.status == "skipped"}
    assert all(
        "needs-each-captcha" in s.tags or "non distinguable" in (s.skip_reason or "")
        for s in scenarios
        if s.name in skipped
    )


ROOT = Path(__file__).resolve().parents[1]

__all__ = [
    "ROOT",
    "assert_one_line_exit_2",
    "free_port",
    "output_lines",
    "run_pytest",
    "run_suite",
    "serve_html",
    "stop_process",
]


def output_lines(
    result: subprocess.CompletedProcess[str], *, stderr_only: bool = False
) -> list[str]:
    """Return the non-blank lines a command printed (stdout then stderr, or stderr alone)."""
    text = result.stderr if stderr_only else result.stdout + result.stderr
    return [line for line in text.splitlines() if line.strip()]


def assert_one_line_exit_2(
    result: subprocess.CompletedProcess[str],
    *needles: str,
    prefix: str = "",
    stderr_only: bool = False,
) -> str:
    """Assert the command stopped with status 2 and one line holding every needle; return it.

    The house rule for bad input to a CLI or a profile: one line saying what to do, exit
    status 2, never a traceback.
    """
    lines = output_lines(result, stderr_only=stderr_only)
    assert result.returncode == 2, lines[-5:]
    assert len(lines) == 1, lines[:5]
    line = lines[0]
    assert "Traceback" not in line and line.startswith(prefix), line
    missing = [needle for needle in needles if needle not in line]
    assert not missing, f"{missing} not in {line!r}"
    return line


def run_pytest(
    *args: str,
    cwd: Path = ROOT,
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m pytest ARGS` in `cwd` and capture its output (env: variables added)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=None if env is None else {**os.environ, **env},
        check=False,
    )


def run_suite(
    *args: str,
    run_root: Path,
    timeout: float,
    workers: int | None = None,
    select: str | None = None,
    path: str = "steps",
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the conformance suite (`pytest PATH -q`) from the project root, as an operator would.

    The run model goes to run_root/run and cucumber.json and junit.xml to run_root.
    workers: None runs without xdist (`-p no:xdist`), a number N runs with `-n N`.
    select: a marker expression passed as `-m`. env: variables added to this process's
    environment. args: further suite options (`--target`, `--base-url`...).
    """
    parallel = ["-p", "no:xdist"] if workers is None else ["-n", str(workers)]
    marker = [] if select is None else ["-m", select]
    return run_pytest(
        path, "-q", *parallel, *marker, *args,
        "--run-dir", str(run_root / "run"), "--reports-dir", str(run_root),
        timeout=timeout, env=env,
    )  # fmt: skip


@contextlib.contextmanager
def serve_html(
    page_for: Callable[[str], str | None], *, refuse_agent: str | None = None
) -> Iterator[str]:
    """Serve `page_for(path)` as HTML (None: 404) on a free loopback port; yield the base URL.

    `refuse_agent`: answer 403 to a User-Agent containing it, as some firewalls do to scripts.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if refuse_agent and refuse_agent in self.headers.get("User-Agent", ""):
                self.send_error(403)
                return
            page = page_for(self.path)
            if page is None:
                self.send_error(404)
                return
            data = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: object) -> None:
            return None

    with serving(Handler) as url:
        yield url


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on a free loopback port in a thread; yield the base URL; always stop."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
