"""Run the conformance suite (steps/) in a subprocess, as an operator would from the shell."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_suite(
    *args: str,
    run_root: Path,
    timeout: float,
    workers: int | None = None,
    select: str | None = None,
    path: str = "steps",
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `pytest PATH -q` from the project root, writing into run_root; capture its output.

    The run model goes to run_root/run and cucumber.json and junit.xml to run_root.
    workers: None runs without xdist (`-p no:xdist`), a number N runs with `-n N`.
    select: a marker expression passed as `-m`. env: variables added to this process's
    environment. args: further suite options (`--target`, `--base-url`...).
    """
    parallel = ["-p", "no:xdist"] if workers is None else ["-n", str(workers)]
    marker = [] if select is None else ["-m", select]
    command = [
        sys.executable, "-m", "pytest", path, "-q", *parallel, *marker, *args,
        "--run-dir", str(run_root / "run"), "--reports-dir", str(run_root),
    ]  # fmt: skip
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=None if env is None else {**os.environ, **env},
        check=False,
    )
