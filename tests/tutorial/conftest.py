"""One motion generation per test session (cold, then warm), with gTTS pointed at a closed port.

The shared run is the motion video with redaction on (so every frame's blur can be checked); the
English run and the 2x run are slides, which cost a fraction of a motion run.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 900  # a guard against a hang; a cold motion run takes 1-2 min idle
PREVIEW = "identite"  # the step both runs also write as preview-<id>.webp


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


def offline_env(**extra: str) -> dict[str, str]:
    """Return an environment where gTTS can only reach a closed loopback port."""
    proxy = f"http://127.0.0.1:{free_port()}"
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


@contextlib.contextmanager
def _shared(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """Yield (folder, done): under pytest-xdist one worker generates, the others reuse it."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        yield tmp_path_factory.mktemp(name), False
        return
    # Every worker of one session shares the parent of its base temp folder.
    root = tmp_path_factory.getbasetemp().parent / name
    root.mkdir(exist_ok=True)
    with (root.parent / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield root, (root / "runs.json").is_file()


def _save(folder: Path, runs: list[Run]) -> None:
    data = [{**r.__dict__, "out": str(r.out)} for r in runs]
    (folder / "runs.json").write_text(json.dumps(data), encoding="utf-8")


def _load(folder: Path) -> list[Run]:
    data = json.loads((folder / "runs.json").read_text(encoding="utf-8"))
    return [Run(**{**d, "out": Path(d["out"])}) for d in data]


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run]:
    """Generate the tutorial twice into the same folder with the same cache: cold, then warm."""
    with _shared(tmp_path_factory, "tutorial") as (base, done):
        if not done:
            out, cache = base / "out", base / "cache"
            made = []
            for _ in range(2):
                proc = run_tutorial(
                    "--out", out, "--cache", cache, "--redact", "--preview", PREVIEW
                )  # fmt: skip
                assert proc.returncode == 0, proc.stderr[-3000:]
                made.append(Run(out, proc.returncode, proc.stdout, proc.stderr))
            _save(base, made)
        cold, warm = _load(base)
    return cold, warm


@pytest.fixture(scope="session")
def tutorial(runs: tuple[Run, Run]) -> Run:
    """Return the finished tutorial (the warm run's output, made by the same pipeline)."""
    return runs[1]


@pytest.fixture(scope="session")
def plain_english(runs: tuple[Run, Run], tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Generate the English narration as slides, personal data shown (sharing the cache)."""
    with _shared(tmp_path_factory, "tutorial-en") as (base, done):
        if not done:
            cache = runs[0].out.parent / "cache"
            proc = run_tutorial(
                "--out", base / "out", "--cache", cache, "--lang", "en", "--no-redact",
                "--tts", "espeak", "--style", "slides",
            )  # fmt: skip
            assert proc.returncode == 0, proc.stderr[-3000:]
            _save(base, [Run(base / "out", proc.returncode, proc.stdout, proc.stderr)])
        (run,) = _load(base)
    return run


@pytest.fixture(scope="session")
def double_scale(runs: tuple[Run, Run], tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Generate the tutorial with `--scale 2` (2560x1440), sharing the speech cache."""
    with _shared(tmp_path_factory, "tutorial-x2") as (base, done):
        if not done:
            cache = runs[0].out.parent / "cache"
            proc = run_tutorial(
                "--out", base / "out", "--cache", cache, "--scale", "2", "--style", "slides"
            )  # fmt: skip
            assert proc.returncode == 0, proc.stderr[-3000:]
            _save(base, [Run(base / "out", proc.returncode, proc.stdout, proc.stderr)])
        (run,) = _load(base)
    return run
