"""Deployments to onboard: the reference portal, the second and third implementations."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.implementations import IMPLEMENTATIONS, serve
from tests.helpers import ROOT, free_port
from walkthrough.targets import portal_process

ANSWER = "K7PQ3"  # the fixed captcha of the second and third, as their profiles say
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


@contextlib.contextmanager
def started(name: str) -> Iterator[Deployment]:
    """Start implementation `name` (fixed captcha, no defect), wherever its code lives now."""
    smtp_port = free_port()
    with serve(
        IMPLEMENTATIONS[name], port=free_port(), smtp=("127.0.0.1", smtp_port),
        defects=(), captcha=ANSWER,
    ) as url:  # fmt: skip
        yield Deployment(url=url, smtp_port=smtp_port)


def proposed(
    name: str, deployment: Deployment, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Onboard `deployment` once; return the profile written and the run."""
    profile = tmp_path_factory.mktemp("onboard") / f"{name}.toml"
    result = onboard(
        deployment.url, "--captcha-fixed", ANSWER,
        "--smtp", f"127.0.0.1:{deployment.smtp_port}", "-o", str(profile),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return profile, result


@pytest.fixture(scope="module")
def second() -> Iterator[Deployment]:
    """Start the second implementation (fixed captcha)."""
    with started("second") as deployment:
        yield deployment


@pytest.fixture(scope="module")
def second_profile(
    second: Deployment, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Onboard the second implementation once; return the profile written and the run."""
    return proposed("second", second, tmp_path_factory)


@pytest.fixture(scope="module")
def third() -> Iterator[Deployment]:
    """Start the third implementation (web components, hash routes; fixed captcha)."""
    with started("third") as deployment:
        yield deployment


@pytest.fixture(scope="module")
def third_profile(
    third: Deployment, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Onboard the third implementation once; return the profile written and the run."""
    return proposed("third", third, tmp_path_factory)


@pytest.fixture
def reference() -> Iterator[Deployment]:
    """Start the reference portal in test mode (its captcha oracle on)."""
    smtp_port = free_port()
    with portal_process(smtp=("127.0.0.1", smtp_port)) as url:
        yield Deployment(url=url, smtp_port=smtp_port)
