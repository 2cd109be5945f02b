"""The defect matrix in N CI jobs: every (implementation, defect) once, balanced by durations."""

from __future__ import annotations

from bench.cpu import category
from bench.defect_matrix import shard
from bench.implementations import IMPLEMENTATIONS

REFERENCE = IMPLEMENTATIONS["reference"]
JOBS = [(REFERENCE, f"defect-{i:02d}") for i in range(10)]


def test_every_defect_runs_in_exactly_one_shard() -> None:
    slices = [shard(JOBS, k, 3, {}) for k in (1, 2, 3)]
    names = sorted(name for part in slices for _, name in part)
    assert names == sorted(name for _, name in JOBS)
    assert sorted(len(part) for part in slices) == [3, 3, 4]


def test_the_last_matrix_durations_balance_the_shards() -> None:
    known = {("reference", name): 10.0 for _, name in JOBS} | {("reference", "defect-03"): 90.0}
    first, second = shard(JOBS, 1, 2, known), shard(JOBS, 2, 2, known)
    slow = next(part for part in (first, second) if (REFERENCE, "defect-03") in part)
    assert slow == [(REFERENCE, "defect-03")], "the slow defect fills a job on its own"


def test_processes_are_told_apart_by_their_command_line() -> None:
    assert category("/venv/bin/python -m mock_portal --port 1") == "portal"
    assert category("/venv/bin/python -m implementations.second --port 1") == "portal"
    assert category("/venv/bin/python -m implementations.third --port 1") == "portal"
    assert category("/usr/lib/chromium/chromium-headless-shell --type=renderer") == (
        "browser:renderer"
    )
    assert category("/usr/lib/chromium/chromium-headless-shell --headless") == "browser:main"
    assert category("/venv/lib/playwright/driver/node cli.js run-driver") == "driver"
    assert category("/venv/bin/python -m pytest steps") == "harness"
    assert category("/venv/bin/python -m locust -f bench/locustfile.py") == "locust"
