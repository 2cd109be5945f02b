"""The suite runs unchanged on a remote browser served by `playwright run-server` on loopback."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import playwright
import pytest

from tests.helpers import free_port, run_suite
from walkthrough import runmodel
from walkthrough.browser import find_chromium

DRIVER = Path(playwright.__file__).parent / "driver"


def _browsers_dir(root: Path) -> Path:
    """Lay out a Playwright browsers folder whose Chromium builds are this machine's Chromium.

    run-server ignores an executable path sent by the client, and no managed build can be
    downloaded here; a grid would have its own browsers instead.
    """
    chromium = find_chromium(None) or ""
    revisions = json.loads((DRIVER / "package" / "browsers.json").read_text())["browsers"]
    rev = {b["name"]: b["revision"] for b in revisions}
    shell = root / f"chromium_headless_shell-{rev['chromium-headless-shell']}"
    full = root / f"chromium-{rev['chromium']}"
    (shell / "chrome-headless-shell-linux64").mkdir(parents=True)
    (full / "chrome-linux64").mkdir(parents=True)
    (shell / "chrome-headless-shell-linux64" / "chrome-headless-shell").symlink_to(chromium)
    (full / "chrome-linux64" / "chrome").symlink_to(chromium)
    return root


@contextlib.contextmanager
def run_server(tmp: Path) -> Iterator[tuple[str, Path]]:
    """Start `playwright run-server` on a free loopback port; yield its endpoint and log."""
    port = free_port()
    log = tmp / "run-server.log"
    env = {
        **os.environ,
        "PLAYWRIGHT_BROWSERS_PATH": str(_browsers_dir(tmp / "browsers")),
        "DEBUG": "pw:server",
    }
    cli = Path(sys.executable).parent / "playwright"
    with log.open("wb") as out:
        # Its own process group: the `playwright` command starts node as a child, stop both.
        process = subprocess.Popen(
            [str(cli), "run-server", "--port", str(port), "--host", "127.0.0.1"],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"run-server did not start: {log.read_text()}")
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.1)
        yield f"ws://127.0.0.1:{port}/", log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_feature_passes_on_a_remote_browser(tmp_path: Path) -> None:
    with run_server(tmp_path) as (endpoint, log):
        result = run_suite(
            "--browser-ws-endpoint",
            endpoint,
            "--no-a11y",
            select="NAV-01 or CGU-02",
            run_root=tmp_path,
            timeout=300,
        )
        server_log = log.read_text(errors="replace")
    assert result.returncode == 0, result.stdout[-3000:]
    scenarios = list(
        runmodel.read_jsonl(tmp_path / "run" / "scenarios.jsonl", runmodel.ScenarioResult)
    )
    assert len(scenarios) >= 3 and {s.status for s in scenarios} == {"passed"}
    # The browser really was the server's: it logged the client's connection.
    assert "connected" in server_log.lower(), server_log[-2000:]


@pytest.mark.parametrize("endpoint", ["ws://127.0.0.1:9/"])
def test_an_unreachable_endpoint_fails_instead_of_passing(endpoint: str, tmp_path: Path) -> None:
    result = run_suite(
        "--browser-ws-endpoint",
        endpoint,
        "--no-a11y",
        select="NAV-01",
        run_root=tmp_path,
        timeout=300,
    )
    assert result.returncode != 0
