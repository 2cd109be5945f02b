"""Command line: waitress serves the portal; bad arguments give one line and exit status 2."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue import messages
from mock_portal import cli
from tests.helpers import free_port

START_TIMEOUT_S = 60


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CPF_PORTAL_DB": "", "CPF_PORTAL_SMTP": ""}
    return subprocess.run(
        [sys.executable, "-m", "mock_portal", "--instance", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        env=env,
    )


@pytest.fixture
def busy_port() -> Iterator[int]:
    """Hold a listening socket so its port is taken."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--db", "pas une url"], "--db"),
        (["--db", "sqlite:////nonexistent-dir/x/portal.db"], "cannot open the database"),
        (["--db", "postgresql+psycopg2://u@127.0.0.1:1/x"], "cannot open the database"),
        (["--db", "mysql+nosuchdriver://u@127.0.0.1/x"], "--db"),
        (["--smtp", "localhost"], "--smtp wants HOST:PORT"),
        (["--smtp", "localhost:99999"], "--smtp wants HOST:PORT"),
        (["--port", "http"], "--port"),
        (["--defect", "anything"], "--defect is only allowed together with --test-mode"),
        (["--test-mode", "--defect", "nonexistent"], "unknown defect"),
        (["--captcha-fixed", " "], "--captcha-fixed"),
        (["--no-such-option"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(
    tmp_path: Path, args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--instance", str(tmp_path), *args])
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert says in lines[0]


def test_a_taken_port_gives_one_line_and_exit_2(tmp_path: Path, busy_port: int) -> None:
    # A real process: the portal got as far as starting its outbox thread before failing.
    result = _run(["--port", str(busy_port)], tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"mock_portal: port {busy_port} on 127.0.0.1 is already in use; choose another with --port"
    ]


def test_the_real_command_exits_2_without_a_traceback(tmp_path: Path) -> None:
    result = _run(["--smtp", "localhost"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "mock_portal: argument --smtp: --smtp wants HOST:PORT, e.g. 127.0.0.1:8025, not "
        "'localhost' (see python -m mock_portal --help)"
    ]


def test_waitress_serves_the_home_page(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_portal", "--port", str(port), "--instance", str(tmp_path),
         "--smtp", f"127.0.0.1:{free_port()}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        ready = process.stdout.readline()  # printed once the socket listens
        assert ready.strip() == f"Portail prêt : http://127.0.0.1:{port}/"
        with urllib.request.urlopen(ready.split(" : ")[1].strip(), timeout=30) as response:
            assert response.status == 200
            assert response.headers["Server"] == "waitress"
            assert messages.HOME_ACCESS in response.read().decode()
        with pytest.raises(urllib.error.HTTPError) as hook:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_test/captcha", timeout=30)
        assert hook.value.code == 404  # no test hooks without --test-mode
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Traceback" not in err


def test_known_defects_reach_the_app_in_test_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "KNOWN_DEFECTS", frozenset({"sans-captcha"}))
    args = cli.build_parser().parse_args(["--test-mode", "--defect", "sans-captcha"])
    assert cli.config_from_args(args)["DEFECTS"] == {"sans-captcha"}
    plain = cli.build_parser().parse_args([])
    assert cli.config_from_args(plain)["DEFECTS"] == frozenset()
