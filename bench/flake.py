"""Run the whole BDD suite N times, serial and with `-n 2`, and print the flaky scenarios.

A scenario is flaky when its status differs between runs of the same code (passed in one,
failed in another). Each run writes its own run model in a temporary folder; the verdicts are
read from it (`scenarios.jsonl`), never from pytest's console.

    .venv/bin/python -m bench.flake                 # 10 runs serial, 10 runs with -n 2
    .venv/bin/python -m bench.flake --runs 3 --modes parallel --fast
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from walkthrough import runmodel

ROOT = Path(__file__).resolve().parent.parent

MODES = {"serial": ["-p", "no:xdist"], "parallel": ["-n", "2"]}
RUN_TIMEOUT_S = 1800.0


def one_run(
    mode: str, *, fast: bool, tmp: Path
) -> tuple[float, int, list[runmodel.ScenarioResult]]:
    """Run the suite once; return its duration, exit status and scenario results."""
    run_dir = tmp / "run"
    cmd = [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", *MODES[mode]]
    cmd += ["--run-dir", str(run_dir), "--reports-dir", str(tmp)]
    if fast:
        cmd += ["--no-screenshots", "--no-a11y", "--no-trace"]
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    path = run_dir / "scenarios.jsonl"
    results = list(runmodel.read_jsonl(path, runmodel.ScenarioResult)) if path.exists() else []
    return time.monotonic() - started, done.returncode, results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite repeatedly; exit 1 when a scenario is flaky or always fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per mode (default 10)")
    parser.add_argument("--modes", default="serial,parallel", help="serial, parallel or both")
    parser.add_argument("--fast", action="store_true", help="no screenshots, a11y or traces")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if unknown := set(modes) - set(MODES):
        parser.error(f"unknown mode {sorted(unknown)[0]!r}: use serial and/or parallel")
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    errors: dict[str, str] = {}
    names: dict[str, str] = {}
    for mode in modes:
        for i in range(1, args.runs + 1):
            with tempfile.TemporaryDirectory(prefix="cpf-flake-") as tmp:
                seconds, status, results = one_run(mode, fast=args.fast, tmp=Path(tmp))
            counts: Counter[str] = Counter(s.status for s in results)
            print(
                f"{mode:8} run {i:2}/{args.runs}: {seconds:6.1f} s, exit {status}, "
                f"{len(results)} scenarios {dict(counts)}",
                flush=True,
            )
            if not results:
                statuses["(whole run)"][f"no results, exit {status}"] += 1
            for s in results:
                statuses[s.nodeid][s.status] += 1
                names[s.nodeid] = f"{s.feature_file}: {s.name}"
                if s.status == "failed" and s.error:
                    errors[s.nodeid] = s.error.splitlines()[0][:160]
    flaky = {n: c for n, c in statuses.items() if len(c) > 1}
    always = {n: c for n, c in statuses.items() if set(c) == {"failed"}}
    print(f"\n{len(flaky)} flaky scenario(s), {len(always)} failing in every run")
    for nodeid, counts in sorted({**flaky, **always}.items()):
        print(f"  {names.get(nodeid, nodeid)}  {dict(counts)}  {errors.get(nodeid, '')}")
    return 1 if flaky or always else 0


if __name__ == "__main__":
    raise SystemExit(main())
