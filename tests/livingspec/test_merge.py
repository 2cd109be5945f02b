"""`python -m livingspec --merge`: N shards' run folders make one report, as one process would.

The real check runs 3 shards (`--shard K/3`) of the selection the session's real failing run
already made in one process (`real_run`: a rule broken, one passed, one not tested), against
a portal of the same kind, and compares the two run models verdict for verdict and the two
requirement matrices rule for rule. The whole suite in 3 shards against a one-process run is
`bench/shard_bench.py`: it costs two whole suites, too much for every `make test`.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from catalogue.rules import rule_ids
from livingspec.__main__ import main, make_report
from livingspec.gherkin_doc import load_features
from livingspec.merge import merge_runs
from tests.helpers import run_suite
from tests.livingspec.conftest import BROKEN_PROFILE, REAL_RUN_MARKERS, REAL_RUN_TIMEOUT_S
from tests.livingspec.fakerun import results_from, write_run
from walkthrough.runmodel import ScenarioResult, Status, load_run
from walkthrough.targets import portal_process

FEATURES = Path(__file__).parent / "data" / "features"
REFUSED_UPPER = "Le mot de passe « ABCDE123 » est refusé"
REFUSED_LOWER = "Le mot de passe « abcde123 » est refusé"
WELCOME = "Le courriel de bienvenue arrive"


def verdicts(scenarios: list[ScenarioResult]) -> dict[str, tuple[str, list[str]]]:
    return {s.nodeid: (s.status, s.failed_rule_ids) for s in scenarios}


def matrix(page: str) -> dict[str, str]:
    """Return {rule ID: status badge} read from a built page's requirement matrix."""
    found = {}
    for rule_id in rule_ids():
        row = re.search(rf'<tr id="req-{rule_id}".*?</tr>', page, re.S)
        assert row, rule_id
        found[rule_id] = re.findall(r'class="badge r-(\w+)"', row[0])[-1]
    return found


def _shards(tmp_path: Path, outcome: dict[str, Status]) -> tuple[list[Path], Path]:
    """Write a whole fake run and the same run cut in 3 shard folders; return both."""
    whole = tmp_path / "whole" / "run"
    results = results_from(load_features(FEATURES), whole, outcome=outcome)
    write_run(whole, results, run_id="whole")
    shards = []
    for k in range(3):
        shard = tmp_path / f"shard-{k + 1}" / "run"
        mine = results_from(load_features(FEATURES), shard, outcome=outcome)[k::3]
        write_run(shard, mine, run_id=f"shard-{k + 1}")
        shards.append(shard)
    return shards, whole


def test_a_rule_failing_in_one_shard_is_not_met_in_the_merged_report(tmp_path: Path) -> None:
    outcome: dict[str, Status] = {REFUSED_UPPER: "failed", WELCOME: "skipped"}
    shards, whole = _shards(tmp_path, outcome)
    statuses = [{s.name: s.status for s in load_run(shard)[1]} for shard in shards]
    # PWD-01 has two examples: one fails in one shard, the other passes in another.
    assert REFUSED_UPPER in statuses[1] and REFUSED_LOWER in statuses[0], statuses
    merged = tmp_path / "merged" / "run"
    argv = ["--merge", *map(str, shards), "--run", str(merged), "--out", str(merged.parent)]
    assert main([*argv, "--features", str(FEATURES), "--no-pdf"]) == 0
    one = make_report(run_dir=whole, out_dir=whole.parent, features_dir=FEATURES)
    page = (merged.parent / "index.html").read_text(encoding="utf-8")
    assert matrix(page)["PWD-01"] == "unmet"
    assert matrix(page) == matrix(one.index.read_text(encoding="utf-8"))
    assert verdicts(load_run(merged)[1]) == verdicts(load_run(whole)[1])
    info = load_run(merged)[0]
    assert info.counts == {"passed": 2, "failed": 1, "skipped": 1, "total": 4}
    assert info.workers == 6, "each shard's 2 workers"


def test_the_merged_run_is_one_history_line_even_when_merged_again(tmp_path: Path) -> None:
    shards, _ = _shards(tmp_path, {})
    merged = tmp_path / "merged" / "run"
    argv = ["--merge", *map(str, shards), "--run", str(merged), "--out", str(merged.parent)]
    for _ in range(2):
        assert main([*argv, "--features", str(FEATURES), "--no-pdf"]) == 0
    lines = (merged.parent / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert len(json.loads(lines[0])["outcomes"]) == 4, "every shard's scenarios, in one line"


@pytest.mark.parametrize("problem", ["overlap", "missing", "into-a-shard", "other-target"])
def test_shards_that_cannot_make_one_run_are_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], problem: str
) -> None:
    shards, whole = _shards(tmp_path, {})
    into = tmp_path / "merged" / "run"
    if problem == "overlap":
        shards[2] = whole
    elif problem == "missing":
        shards[2] = tmp_path / "nothing"
    elif problem == "into-a-shard":
        into = shards[0]
    else:
        info = json.loads((shards[1] / "run.json").read_text())
        (shards[1] / "run.json").write_text(json.dumps({**info, "base_url": "http://other/"}))
    argv = ["--merge", *map(str, shards), "--run", str(into), "--no-pdf"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("livingspec: cannot merge the shards")


def _sharded_run(tmp: Path) -> list[Path]:
    """Run the real run's selection in 3 shards side by side, as 3 CI jobs would."""
    with portal_process(smtp=("127.0.0.1", 9)) as url:
        profile = tmp / "broken.toml"
        profile.write_text(BROKEN_PROFILE.format(url=url), encoding="utf-8")

        def shard(k: int) -> Path:
            root = tmp / f"shard-{k}"
            done = run_suite(
                "--target", str(profile), "--shard", f"{k}/3",
                path="steps/test_features.py", select=REAL_RUN_MARKERS,
                run_root=root, timeout=REAL_RUN_TIMEOUT_S,
            )  # fmt: skip
            assert done.returncode in (0, 1), done.stdout[-2000:] + done.stderr[-2000:]
            return root / "run"

        with ThreadPoolExecutor(max_workers=3) as pool:
            return list(pool.map(shard, (1, 2, 3)))


def test_three_real_shards_merged_equal_the_one_process_run(real_run: Path, tmp_path: Path) -> None:
    shards = _sharded_run(tmp_path)
    sizes = [len(load_run(shard)[1]) for shard in shards]
    assert all(sizes) and max(sizes) - min(sizes) <= 1, f"unbalanced shards: {sizes}"
    merged = tmp_path / "merged" / "run"
    merge_runs(shards, into=merged)
    _, one_process, _ = load_run(real_run / "run")
    assert verdicts(load_run(merged)[1]) == verdicts(one_process)
    # The one-process run left its durations for the next sharded run; the shards left none.
    durations = json.loads((real_run / "durations.json").read_text(encoding="utf-8"))
    assert set(durations) == {s.nodeid for s in one_process}
    assert not any((shard.parent / "durations.json").exists() for shard in shards)
    page = make_report(run_dir=merged, out_dir=merged.parent).index.read_text(encoding="utf-8")
    reference = make_report(run_dir=real_run / "run", out_dir=tmp_path / "one").index
    assert matrix(page) == matrix(reference.read_text(encoding="utf-8"))
    assert matrix(page)["CGU-02"] == "unmet"
