"""One full generation per test session (cold, then warm), with gTTS pointed at a closed port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 300


@dataclass(frozen=True)
class Run:
    """One `python -m tutorial` run: its output folder, exit status and console."""

    out: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def manifest(self) -> dict:
        """Return the run's tutorial.json."""
        return json.loads((self.out / "tutorial.json").read_text(encoding="utf-8"))


def closed_port() -> int:
    """Return a loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def offline_env(**extra: str) -> dict[str, str]:
    """Return an environment where gTTS can only reach a closed loopback port."""
    proxy = f"http://127.0.0.1:{closed_port()}"
    env = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
    return {**env, "HTTPS_PROXY": proxy, "https_proxy": proxy, **extra}


def run_tutorial(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command line as a trainer would."""
    return subprocess.run(
        [sys.executable, "-m", "tutorial", *map(str, args)],
        cwd=PROJECT_ROOT,
        env=env or offline_env(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run]:
    """Generate the tutorial twice into the same folder with the same cache: cold, then warm."""
    base = tmp_path_factory.mktemp("tutorial")
    out, cache = base / "out", base / "cache"
    done = []
    for _ in range(2):
        proc = run_tutorial("--out", out, "--cache", cache)
        assert proc.returncode == 0, proc.stderr[-3000:]
        done.append(
            Run(out=out, returncode=proc.returncode, stdout=proc.stdout, stderr=proc.stderr)
        )
    return done[0], done[1]


@pytest.fixture(scope="session")
def tutorial(runs: tuple[Run, Run]) -> Run:
    """Return the finished tutorial (the warm run's output, made by the same pipeline)."""
    return runs[1]


@pytest.fixture(scope="session")
def redacted_english(runs: tuple[Run, Run], tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Generate the English narration with personal data blurred (sharing the speech cache)."""
    out = tmp_path_factory.mktemp("tutorial-en") / "out"
    cache = runs[0].out.parent / "cache"
    proc = run_tutorial(
        "--out", out, "--cache", cache, "--lang", "en", "--redact", "--tts", "espeak"
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Run(out=out, returncode=proc.returncode, stdout=proc.stdout, stderr=proc.stderr)
