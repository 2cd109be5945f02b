"""Merged shards are judged as one run against their expectations: a fixed rule shows there."""

from __future__ import annotations

from pathlib import Path

import pytest

from livingspec.__main__ import main
from tests.livingspec.fakerun import write_run
from walkthrough.expectations import Deviation, Expectations, judge, read_judgement, write_judgement
from walkthrough.runmodel import ScenarioResult, Status

KNOWN = Expectations(deviation=[Deviation(rule="FORM-05", status="fail", ticket="T-412")])


def _result(name: str, status: Status) -> ScenarioResult:
    return ScenarioResult(
        nodeid=f"steps/test_features.py::{name}",
        feature_file="formulaire/telephones.feature",
        feature_name="Les numéros de téléphone",
        name=name,
        line=7,
        tags=["FORM-05"],
        rule_ids=["FORM-05"],
        status=status,
        error="FORM-05: accepté" if status == "failed" else None,
        failed_rule_ids=["FORM-05"] if status == "failed" else [],
        started_at="2026-12-05T10:00:00+00:00",
        duration_s=1.0,
    )


def _shard(folder: Path, run_id: str, results: list[ScenarioResult]) -> Path:
    write_run(folder, results, run_id=run_id)
    write_judgement(folder, judge(KNOWN, results, source="e.toml", complete=False))
    return folder


def test_a_known_failure_in_one_shard_is_expected_in_the_merged_run(tmp_path: Path) -> None:
    one = _shard(tmp_path / "s1", "a", [_result("mobile 08", "failed")])
    two = _shard(tmp_path / "s2", "b", [_result("mobile 06", "passed")])
    alone = read_judgement(two)  # the passing shard alone cannot tell FORM-05 is fixed
    assert alone is not None and alone.findings == []
    status = main(["--merge", str(one), str(two), "--run", str(tmp_path / "run"),
                   "--out", str(tmp_path / "out"), "--no-pdf"])  # fmt: skip
    assert status == 0
    merged = read_judgement(tmp_path / "run")
    assert merged and merged.complete and [f.kind for f in merged.findings] == ["expected"]


def test_a_fixed_rule_fails_the_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = _shard(tmp_path / "s1", "a", [_result("mobile 08", "passed")])
    two = _shard(tmp_path / "s2", "b", [_result("mobile 06", "passed")])
    status = main(["--merge", str(one), str(two), "--run", str(tmp_path / "run"),
                   "--out", str(tmp_path / "out"), "--no-pdf"])  # fmt: skip
    assert status == 1
    assert "STALE FORM-05: expected fail (T-412), got pass" in capsys.readouterr().out
