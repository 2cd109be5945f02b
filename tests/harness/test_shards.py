"""`pytest steps --shard K/N`: every scenario in exactly one shard, balanced by known durations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def collect(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "steps", "--collect-only", "-q", "-p", "no:xdist"]
    command += ["--run-dir", str(tmp_path / "run"), "--reports-dir", str(tmp_path), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def nodeids(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if "::" in line]


@pytest.mark.parametrize("value", ["0/3", "4/3", "2", "a/b", "1/0"])
def test_a_bad_shard_is_one_line_and_status_2(tmp_path: Path, value: str) -> None:
    done = collect(tmp_path, "--shard", value)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"cpf-suite: --shard: expected K/N with 1 <= K <= N (e.g. --shard 2/3), got {value!r}"
    ]


def test_three_shards_hold_every_scenario_once_and_split_by_count_without_durations(
    tmp_path: Path,
) -> None:
    whole = nodeids(collect(tmp_path))
    shards = [nodeids(collect(tmp_path, "--shard", f"{k}/3")) for k in (1, 2, 3)]
    assert sorted(n for shard in shards for n in shard) == sorted(whole)
    sizes = [len(shard) for shard in shards]
    assert max(sizes) - min(sizes) <= 1, sizes


def test_the_last_runs_durations_balance_the_shards(tmp_path: Path) -> None:
    whole = nodeids(collect(tmp_path))
    slow = whole[len(whole) // 2]
    # As a whole run leaves them: one scenario as long as all the others together, plus one.
    durations = dict.fromkeys(whole, 1.0) | {slow: float(len(whole))}
    (tmp_path / "durations.json").write_text(json.dumps(durations), encoding="utf-8")
    shards = [nodeids(collect(tmp_path, "--shard", f"{k}/2")) for k in (1, 2)]
    assert [slow] in shards, "the long scenario fills a shard on its own"
    assert sorted(shards[0] + shards[1]) == sorted(whole)


def test_an_unknown_stop_rule_is_one_line_and_status_2(tmp_path: Path) -> None:
    done = collect(tmp_path, "--stop-on-rule", "PWD-99")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "cpf-suite: --stop-on-rule: 'PWD-99' is no rule of the catalogue (e.g. PWD-01)"
    ]
