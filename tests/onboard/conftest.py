"""Deployments to onboard: the reference portal and the second implementation, on free ports."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.implementations import IMPLEMENTATIONS, serve
from tests.helpers import ROOT, free_port
from walkthrough.targets import portal_process

SECOND_ANSWER = "K7PQ3"
ONBOARD_TIMEOUT_S = 300


@dataclass(frozen=True)
class Deployment:
    """A running deployment: its address and the SMTP port it sends its mail to."""

    url: str
    smtp_port: int


def onboard(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m walkthrough.onboard ARGS` from the project root, as an operator would."""
    return subprocess.run(
        [sys.executable, "-m", "walkthrough.onboard", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=ONBOARD_TIMEOUT_S, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def second() -> Iterator[Deployment]:
    """Start the second implementation (fixed captcha), wherever its code lives now."""
    smtp_port = free_port()
    with serve(
        IMPLEMENTATIONS["second"], port=free_port(), smtp=("127.0.0.1", smtp_port),
        defects=(), captcha=SECOND_ANSWER,
    ) as url:  # fmt: skip
        yield Deployment(url=url, smtp_port=smtp_port)


@pytest.fixture(scope="module")
def second_profile(
    second: Deployment, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Onboard the second implementation once; return the profile written and the run."""
    profile = tmp_path_factory.mktemp("onboard") / "second.toml"
    result = onboard(
        second.url, "--captcha-fixed", SECOND_ANSWER,
        "--smtp", f"127.0.0.1:{second.smtp_port}", "-o", str(profile),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return profile, result


@pytest.fixture
def reference() -> Iterator[Deployment]:
    """Start the reference portal in test mode (its captcha oracle on)."""
    smtp_port = free_port()
    with portal_process(smtp=("127.0.0.1", smtp_port)) as url:
        yield Deployment(url=url, smtp_port=smtp_port)
