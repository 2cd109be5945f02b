"""The suite under bad input: one clear line within 15 s, exit status 2, never a traceback.

tests/harness/test_profile_errors.py checks the wording serially; these add the parallel run
(`-n 2`, as `make test` and CI run the suite), the 15-second bound, and a browser that cannot
start.
"""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.suite_runner import run_suite

BOUND_S = 15


def _suite(
    *args: str, tmp_path: Path, env: dict[str, str] | None = None, workers: int = 2
) -> tuple[int, list[str]]:
    """Run the suite in a subprocess bounded by BOUND_S; return its status and non-blank lines."""
    done = run_suite(
        *args, run_root=tmp_path, timeout=BOUND_S, workers=workers, select="CGU-01", env=env
    )
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return done.returncode, lines


def _one_clear_line(status: int, lines: list[str], *needles: str) -> None:
    assert status == 2, lines[-5:]
    assert len(lines) == 1, lines[:5]
    assert "Traceback" not in lines[0] and all(n in lines[0] for n in needles), lines[0]


@pytest.fixture
def not_the_walkthrough() -> Iterator[str]:
    """Serve a page that answers 200 but is not the walkthrough's home page."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><h1>Welcome to nginx!</h1></body></html>")

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_an_unreachable_target(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/"
    _one_clear_line(*_suite("--base-url", url, tmp_path=tmp_path), url)


def test_a_profile_with_a_wrong_key(tmp_path: Path) -> None:
    profile = tmp_path / "typo.toml"
    profile.write_text('base_url = "http://127.0.0.1:1/"\n[captcha]\nstratgy = "oracle"\n')
    _one_clear_line(*_suite("--target", str(profile), tmp_path=tmp_path), "stratgy")


def test_a_target_that_is_not_the_walkthrough(not_the_walkthrough: str) -> None:
    # It answers over HTTP, so the run starts and the browser judges it (NAV-01); a raw HTTP
    # read wrongly stopped client-rendered pages as "not the walkthrough" (issue 11).
    from walkthrough.profile import Profile, check_reachable

    check_reachable(Profile(base_url=not_the_walkthrough))


@pytest.mark.parametrize("chromium", ["/bin/false", "/nonexistent/chromium"])
def test_a_browser_that_cannot_start(tmp_path: Path, chromium: str) -> None:
    status, lines = _suite(tmp_path=tmp_path, env={"CPF_CHROMIUM": chromium}, workers=0)
    _one_clear_line(status, lines, "CPF_CHROMIUM")
